"""The analytics refresh runs without JIT whatever the server's setting (collector/db/functions/analytics_refresh.sql's
header, docs/performance.md "The analytics refresh without JIT"): its functions carry `SET jit = off`, kept by every
`kunang db upgrade` (which re-applies the functions files)."""

from __future__ import annotations

import datetime as dt
import json

import psycopg
from psycopg import sql

from collector.db import migrate

# the entry points: the collector's call, and the steps called on their own (bench/accuracy_seeds.py, tests)
ENTRY_POINTS = ("kunang_refresh_analytics", "kunang_refresh_site_hourly", "kunang_refresh_visits",
                "kunang_refresh_returning", "kunang_refresh_daily", "kunang_refresh_accuracy")
FROM, TO = dt.datetime(2026, 11, 2, tzinfo=dt.timezone.utc), dt.datetime(2026, 11, 3, tzinfo=dt.timezone.utc)


def _configs(conn) -> dict:
    rows = conn.execute("SELECT proname, proconfig FROM pg_proc WHERE proname = ANY(%s)", (list(ENTRY_POINTS),))
    return {name: cfg for name, cfg in rows}


def test_ana008_refresh_functions_carry_jit_off(pg_dsn, db):
    assert _configs(db) == {name: ["jit=off"] for name in ENTRY_POINTS}
    migrate.upgrade(pg_dsn)  # the functions files again, as every `kunang db upgrade` applies them
    assert _configs(db) == {name: ["jit=off"] for name in ENTRY_POINTS}


def _jit_plans(dsn: str, reset_attribute: bool) -> tuple[int, int]:
    """(plans logged, plans with a JIT section) of one refresh's nested statements, the session asking for JIT
    of every plan (jit = on, jit_above_cost = 0); auto_explain's LOG lines come back as notices."""
    notices: list[str] = []
    with psycopg.connect(dsn) as conn:  # one transaction, rolled back: the attribute comes back
        conn.add_notice_handler(lambda d: notices.append(d.message_primary or ""))
        if reset_attribute:
            for name in ENTRY_POINTS:
                conn.execute(sql.SQL("ALTER FUNCTION {} RESET jit").format(sql.Identifier(name)))
        for stmt in ("LOAD 'auto_explain'", "SET jit = on", "SET jit_above_cost = 0",
                     "SET jit_inline_above_cost = -1", "SET jit_optimize_above_cost = -1",
                     "SET auto_explain.log_min_duration = 0", "SET auto_explain.log_nested_statements = on",
                     "SET auto_explain.log_format = json", "SET client_min_messages = log"):
            conn.execute(stmt)
        conn.execute("SELECT kunang_refresh_analytics(%s, %s)", (FROM, TO))
        conn.execute("SET client_min_messages = notice")
        conn.rollback()
    plans = [json.loads(m[m.index("{"):]) for m in notices if m.startswith("duration:") and "{" in m]
    # the calling statement itself is planned in the session (jit on): only the statements inside count
    nested = [p for p in plans if not p["Query Text"].startswith("SELECT kunang_refresh_analytics(")]
    assert len(nested) == len(plans) - 1
    return len(nested), sum("JIT" in p for p in nested)


def test_ana008_no_statement_of_the_refresh_is_jit_compiled(pg_dsn, db):
    plans, jitted = _jit_plans(pg_dsn, reset_attribute=False)
    assert plans > 10  # the refresh's statements were seen
    assert jitted == 0
    # the check can fail: without the attribute the same session compiles, where the server can (PostgreSQL 15
    # with LLVM); the embedded server is built without JIT and compiles nothing either way
    db.execute("SET jit = on")  # pg_jit_available() is false while jit is off (the test databases' setting)
    available = db.execute("SELECT pg_jit_available()").fetchone()[0]
    plans2, jitted2 = _jit_plans(pg_dsn, reset_attribute=True)
    assert plans2 == plans
    assert (jitted2 > 0) == available
    assert _configs(db) == {name: ["jit=off"] for name in ENTRY_POINTS}

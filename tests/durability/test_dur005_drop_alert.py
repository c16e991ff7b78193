"""A source that drops lines raises an alert (once), resolved after a quiet half hour."""

from __future__ import annotations

import datetime as dt

from collector.alerts import checks
from collector.config import parse_config

T = dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.timezone.utc)


class _Mgr:
    def __init__(self):
        self.cfg = parse_config({})


def _set(db, value):
    db.execute("INSERT INTO intake_counter (collector, source, name, value) VALUES ('default', 'syslog', "
               "'kernel_drops', %s) ON CONFLICT (collector, source, name) DO UPDATE SET value = EXCLUDED.value",
               (value,))


def test_lines_dropped_alert(db):
    mgr = _Mgr()
    _set(db, 100)  # drops from before the start are history
    checks.lines_dropped(db, mgr, T)
    assert db.execute("SELECT count(*) FROM alert").fetchone()[0] == 0
    _set(db, 130)
    checks.lines_dropped(db, mgr, T + dt.timedelta(minutes=1))
    checks.lines_dropped(db, mgr, T + dt.timedelta(minutes=2))
    rows = db.execute("SELECT kind, subject, detail->>'lines', resolved_at FROM alert").fetchall()
    assert rows == [("lines_dropped", "intake:default/syslog", "30", None)]
    checks.lines_dropped(db, mgr, T + dt.timedelta(minutes=40))
    assert db.execute("SELECT resolved_at IS NOT NULL FROM alert").fetchone()[0]


def test_db_info_shows_the_intake_counters(db, pg_dsn):
    from collector.db import info
    from collector.db.connect import Database

    _set(db, 17)
    db.execute("INSERT INTO intake_counter (collector, source, name, value) VALUES ('default', 'hs', 'received', 900)")
    d = info.collect(Database(dsn=pg_dsn, mode="external"))
    text = info.render(d)
    assert "default/syslog" in text and "kernel_drops" in text and "<- lost" in text
    assert any(c["name"] == "received" and c["value"] == 900 for c in d["intake"])
    assert "hilang" in info.render(d, "id")

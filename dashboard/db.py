"""Read-only database access: named queries of `dashboard/sql/` and of the
analytics query layer, returned as DataFrames.

The pool is created without waiting for the server, so the dashboard starts
while the database is down; every read raises `DatabaseDown` until it is back
(the pool reconnects by itself).
"""

from __future__ import annotations

import logging
import threading
from functools import cache
from pathlib import Path

import pandas as pd
import psycopg
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool, PoolTimeout

from dashboard.analytics.db import named_sql

log = logging.getLogger(__name__)
SQL_DIR = Path(__file__).with_name("sql")


class DatabaseDown(Exception):
    """The database cannot be reached (or a query failed for that reason)."""


sql_text = named_sql(SQL_DIR)


class Reader:
    def __init__(self, dsn: str, *, pool_size: int = 5, statement_timeout_s: int = 30, timeout_s: float = 3.0):
        self.dsn = dsn
        self.timeout_s = timeout_s
        self._timeout_ms = int(statement_timeout_s * 1000)
        self._pool: ConnectionPool | None = None
        self._pool_lock = threading.Lock()
        self._pool_size = pool_size

    def _configure(self, conn: psycopg.Connection) -> None:
        conn.execute(sql_text("statement_timeout"), (str(self._timeout_ms),))
        conn.execute(sql_text("session_read_only"))
        conn.commit()

    def pool(self) -> ConnectionPool:
        with self._pool_lock:
            if self._pool is None:
                self._pool = ConnectionPool(
                    self.dsn, min_size=0, max_size=self._pool_size, open=True, name="kunang-dashboard",
                    configure=self._configure, check=ConnectionPool.check_connection,
                    kwargs={"connect_timeout": max(1, int(self.timeout_s)), "prepare_threshold": None},
                    reconnect_timeout=0,
                )
            return self._pool

    def close(self) -> None:
        with self._pool_lock:
            if self._pool is not None:
                self._pool.close()
                self._pool = None

    def rows(self, query: str, params: dict | None = None) -> list[dict]:
        try:
            with self.pool().connection(timeout=self.timeout_s) as conn:
                with conn.cursor(row_factory=dict_row) as cur:
                    cur.execute(query, params or {})
                    return cur.fetchall() if cur.description else []
        except (PoolTimeout, psycopg.OperationalError) as exc:
            log.warning("database unavailable: %s", str(exc).strip().splitlines()[0] if str(exc).strip() else exc)
            raise DatabaseDown(str(exc)) from None

    def call(self, fn, *args, **kwargs):
        """`fn(conn, *args, **kwargs)` on a pooled connection (the analytics query layer's calling convention)."""
        try:
            with self.pool().connection(timeout=self.timeout_s) as conn:
                return fn(conn, *args, **kwargs)
        except (PoolTimeout, psycopg.OperationalError) as exc:
            log.warning("database unavailable: %s", str(exc).strip().splitlines()[0] if str(exc).strip() else exc)
            raise DatabaseDown(str(exc)) from None

    def call_rw(self, fn, *args, **kwargs):
        """Like `call`, in a read-write transaction (administrators' actions only)."""
        def rw(conn, *a, **kw):
            conn.execute(sql_text("tx_read_write"))
            return fn(conn, *a, **kw)
        return self.call(rw, *args, **kwargs)

    def write(self, name: str, params: dict) -> int:
        """Run `dashboard/sql/<name>.sql` in a read-write transaction; the number of rows it touched."""
        try:
            with self.pool().connection(timeout=self.timeout_s) as conn:
                conn.execute(sql_text("tx_read_write"))
                cur = conn.execute(sql_text(name), params)
                return cur.rowcount
        except (PoolTimeout, psycopg.OperationalError) as exc:
            raise DatabaseDown(str(exc)) from None

    def frame(self, name: str, **params) -> pd.DataFrame:
        """Run `dashboard/sql/<name>.sql` with named parameters."""
        rows = self.rows(sql_text(name), params)
        return pd.DataFrame.from_records(rows) if rows else pd.DataFrame(columns=_columns(name))

    def ping(self) -> bool:
        try:
            self.rows(sql_text("ping"))
            return True
        except DatabaseDown:
            return False


@cache
def _columns(name: str) -> list[str]:
    """Column names declared on the first line of a query (`-- columns: a, b, c`), for empty results."""
    first = sql_text(name).splitlines()[0]
    if first.startswith("-- columns:"):
        return [c.strip() for c in first.split(":", 1)[1].split(",")]
    return []

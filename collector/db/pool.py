"""The one owner of database connections in a collector process.

    pool = Pool(dsn, size=5)
    with pool.connection() as conn:          # a transaction, committed at the end
        ...
    with pool.connection(autocommit=True) as conn:
        ...
    pool.close()

Every part of the collector (the poll writer, the portal store, the alert
manager) takes its connections from one `Pool`. A connection that broke (the
server restarted, a network cut) is noticed when it is taken (a cheap check)
and replaced; while the server is away, `connection()` raises
`DatabaseUnavailable` after `timeout_s` instead of hanging, and new connections
are attempted in the background with a backoff of at most a few seconds, so
the process carries on by itself when the server is back: nobody restarts it.

The outage is a state (`health`): logged once when it starts (with a reminder
every few minutes while it lasts) and once when it ends; tracebacks only with
`--debug`.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable, Iterator

import psycopg
from psycopg_pool import ConnectionPool, PoolTimeout

from collector.db.queries import query
from collector.errors import StoreError

log = logging.getLogger(__name__)

# after this long without a connection the background attempt starts afresh (backoff back to 1 s)
RECONNECT_WINDOW_S = 8.0
REMIND_EVERY_S = 300.0


class DatabaseUnavailable(StoreError):
    """The server cannot be reached now; what was being done can be retried later."""


class Health:
    """A fault as a state: `failed(reason)` logs on the change to failing and then
    at most every `remind_s`; `ok()` logs the recovery once."""

    def __init__(self, what: str, logger: logging.Logger = log, remind_s: float = REMIND_EVERY_S,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.what, self.log, self.remind_s, self.clock = what, logger, remind_s, clock
        self.failing_since: float | None = None
        self._reminded = 0.0
        self.failures = 0
        self._lock = threading.Lock()

    @property
    def failing(self) -> bool:
        return self.failing_since is not None

    def failed(self, reason: str, exc: BaseException | None = None) -> None:
        now = self.clock()
        with self._lock:
            self.failures += 1
            if self.failing_since is None:
                self.failing_since = self._reminded = now
                self.log.warning("%s: %s", self.what, reason, exc_info=exc if self.log.isEnabledFor(logging.DEBUG) else None)
            elif now - self._reminded >= self.remind_s:
                self._reminded = now
                self.log.warning("%s: still failing after %.0f s: %s", self.what, now - self.failing_since, reason)
            else:
                self.log.debug("%s: %s", self.what, reason, exc_info=exc)

    def ok(self) -> None:
        if self.failing_since is None:
            return
        with self._lock:
            if self.failing_since is None:
                return
            down = self.clock() - self.failing_since
            self.failing_since = None
            self.log.warning("%s: working again after %.0f s", self.what, down)


def reason_of(exc: BaseException) -> str:
    """One line about a database error (no traceback)."""
    text = str(exc).strip()
    return (text.splitlines()[0] if text else type(exc).__name__)[:300]


def is_unavailable(exc: BaseException) -> bool:
    """The server is away or the connection broke (not a problem with a statement)."""
    if isinstance(exc, (DatabaseUnavailable, PoolTimeout)):
        return True
    if isinstance(exc, psycopg.OperationalError):
        return True
    state = getattr(exc, "sqlstate", None) or ""
    return state[:2] in ("08", "57", "53")  # connection exception, operator intervention, resources


class Pool:
    def __init__(self, dsn: str, *, size: int = 5, timeout_s: float = 10.0, statement_timeout_s: int | None = None,
                 name: str = "kunang", configure: Callable[[psycopg.Connection], None] | None = None,
                 wait: bool = True) -> None:
        self.dsn = dsn
        self.timeout_s = timeout_s
        self.health = Health("database")
        self._configure_extra = [configure] if configure else []
        self._statement_timeout_ms = statement_timeout_s * 1000 if statement_timeout_s else None
        self._pool = ConnectionPool(dsn, min_size=1, max_size=max(2, size), open=False, timeout=timeout_s,
                                    kwargs={"autocommit": False}, configure=self._configure, name=name,
                                    check=ConnectionPool.check_connection, reconnect_timeout=RECONNECT_WINDOW_S,
                                    reconnect_failed=lambda _p: None)
        self._pool.open(wait=wait, timeout=timeout_s)

    def add_configure(self, fn: Callable[[psycopg.Connection], None]) -> None:
        """Run `fn` on each connection handed out (cheap, idempotent set-ups such as
        registering adapters)."""
        if fn not in self._configure_extra:
            self._configure_extra.append(fn)

    def _configure(self, conn: psycopg.Connection) -> None:
        if self._statement_timeout_ms:
            conn.execute(query("set_statement_timeout"), (str(self._statement_timeout_ms),))
            conn.commit()

    @property
    def closed(self) -> bool:
        return self._pool.closed

    @contextlib.contextmanager
    def connection(self, *, autocommit: bool = False, timeout_s: float | None = None) -> Iterator[psycopg.Connection]:
        """A connection for one unit of work: committed at the end, rolled back on an
        exception. Raises DatabaseUnavailable when none can be had in time."""
        try:
            cm = self._pool.connection(timeout=timeout_s if timeout_s is not None else self.timeout_s)
            conn = cm.__enter__()
        except PoolTimeout as exc:
            self.health.failed("cannot connect (retrying in the background)")
            raise DatabaseUnavailable("the database is not reachable") from exc
        except psycopg.OperationalError as exc:
            self.health.failed(reason_of(exc))
            raise DatabaseUnavailable(reason_of(exc)) from exc
        exc_info = (None, None, None)
        try:
            if autocommit:
                conn.autocommit = True
            for fn in self._configure_extra:
                fn(conn)
            yield conn
        except BaseException as exc:
            exc_info = (type(exc), exc, exc.__traceback__)
            if is_unavailable(exc):
                self.health.failed(reason_of(exc))
            raise
        finally:
            try:
                if autocommit and not conn.closed and not conn.broken:
                    conn.autocommit = False
            except psycopg.Error:
                pass
            with contextlib.suppress(psycopg.Error):
                cm.__exit__(*exc_info)
        self.health.ok()

    def close(self) -> None:
        if not self._pool.closed:
            self._pool.close(timeout=5)

    def __enter__(self) -> "Pool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class Single:
    """The same `connection()` as `Pool` over ONE connection and no thread: for
    commands (import-logs forks a parser process, which is only safe while this
    process runs no other thread). A broken connection is replaced on next use."""

    def __init__(self, dsn: str, *, timeout_s: float = 10.0) -> None:
        self.dsn = dsn
        self.timeout_s = timeout_s
        self.health = Health("database")
        self._configure_extra: list[Callable[[psycopg.Connection], None]] = []
        self._conn: psycopg.Connection | None = None
        self._closed = False
        self._connect()

    add_configure = Pool.add_configure

    @property
    def closed(self) -> bool:
        return self._closed

    def _connect(self) -> psycopg.Connection:
        if self._conn is None or self._conn.closed or self._conn.broken:
            try:
                self._conn = psycopg.connect(self.dsn, autocommit=False, connect_timeout=max(1, int(self.timeout_s)))
            except psycopg.OperationalError as exc:
                self.health.failed(reason_of(exc))
                raise DatabaseUnavailable(reason_of(exc)) from exc
        return self._conn

    @contextlib.contextmanager
    def connection(self, *, autocommit: bool = False, timeout_s: float | None = None) -> Iterator[psycopg.Connection]:
        conn = self._connect()
        for fn in self._configure_extra:
            fn(conn)
        if autocommit:
            conn.autocommit = True
        try:
            yield conn
            if not autocommit:
                conn.commit()
        except BaseException as exc:
            if is_unavailable(exc):
                self.health.failed(reason_of(exc))
            if not conn.closed and not conn.broken:
                with contextlib.suppress(psycopg.Error):
                    conn.rollback()
            raise
        finally:
            if autocommit and not conn.closed and not conn.broken:
                with contextlib.suppress(psycopg.Error):
                    conn.autocommit = False
        self.health.ok()

    def close(self) -> None:
        self._closed = True
        if self._conn is not None:
            self._conn.close()

    def __enter__(self) -> "Single":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


Owner = Pool | Single


def log_failure(logger: logging.Logger, what: str, exc: BaseException) -> None:
    """A job's failure: the database being away is a state the pool already logged
    (once): debug only; anything else is a bug, with its traceback."""
    if is_unavailable(exc):
        logger.debug("%s: %s", what, reason_of(exc), exc_info=exc)
    else:
        logger.error("%s failed", what, exc_info=exc)

"""Store portal events, sessions, quarantined lines and tail offsets in PostgreSQL.

`PortalStore.write(results)` takes what the parsers, the syslog receiver and the
file tailer produce:
- session events (not `other`) go to `portal_event` through COPY into a staging
  table and one `INSERT ... ON CONFLICT (dedup, time) DO NOTHING`, so a line
  stored once is never stored again (re-imports, a tailer resuming);
- only the events that were new feed the session pairer; changed sessions are
  upserted into `portal_session`;
- parse errors and events without any time go to `log_quarantine` (MACs in the
  line replaced by pseudonyms), deduplicated too.
MACs and user names are stored as the same keyed pseudonyms the SNMP collector
uses (`collector.privacy`), raw only when the operator opted in. The pairer works
on pseudonyms, so open sessions reload after a restart.

The rows themselves: events in `event_rows.py` (COPY, staging, rejected rows), sessions in
`session_rows.py`, tail offsets in `offsets.py`; the statements in `sql/` (`queries.py`).

Size: the portal write path keeps one transaction per batch (events, pairing, session rows,
quarantine) and the halving of a batch the server rejects; the SQL-facing parts are in the modules above.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import psycopg
import psycopg.errors

from collector.db.pool import DatabaseUnavailable, Owner, Single
from collector.db.queries import query
from collector.db.values import is_row_error, printable
from collector.portal import event_rows, pgcopy, session_rows
from collector.portal.event import ParseError, PortalEvent
from collector.portal.rows import EVENT_COLUMNS, Prepared, RowBuilder, dedup_key
from collector.portal.login_sessions import PortalSession, SessionPairer
from collector.portal.queries import sql
from collector.privacy import Pseudonymizer, scrub

log = logging.getLogger(__name__)
MAX_QUARANTINE_LINE = 4096


@dataclass
class WriteStats:
    events: int = 0  # new rows in portal_event
    duplicates: int = 0  # already stored
    other: int = 0  # non-session lines, counted only
    quarantined: int = 0
    sessions: int = 0  # sessions inserted or updated

    def add(self, o: "WriteStats") -> None:
        for k in self.__dataclass_fields__:
            setattr(self, k, getattr(self, k) + getattr(o, k))


class PortalStore:
    """Used from one thread at a time (a lock guards it). `db` is the process's
    connection owner (`collector.db.pool.Pool` in the collector) or a DSN (then
    the store owns one connection, `pool.Single`). Every operation takes a
    connection for itself, so a server restart costs the operation in flight
    (retried by the caller), never the store."""

    def __init__(self, db: "str | Owner", pseudo: Pseudonymizer, *, session_timeout: timedelta = timedelta(hours=12),
                 site_zones: dict[str, str] | None = None) -> None:
        self.pseudo = pseudo
        self._owns_db = isinstance(db, str)
        self.db = Single(db) if isinstance(db, str) else db
        self.db.add_configure(pgcopy.prepare)
        self.dsn = self.db.dsn
        self._conn: psycopg.Connection | None = None
        self.pairer = SessionPairer(timeout=session_timeout)
        self.site_zones = site_zones or {}
        self._site_ids: dict[str, int] = {}
        self.rows = RowBuilder(pseudo, self.site_zones, self.site_id)
        self._lock = threading.Lock()
        self._dirty: dict[int, PortalSession] = {}  # open sessions not written yet (defer_open)
        self._stale = True
        try:
            with self._use():
                self._load_open_sessions()
        except DatabaseUnavailable:  # loaded before the first write
            pass

    @property
    def conn(self) -> psycopg.Connection:
        """The connection of the operation in progress (with a DSN: the store's own)."""
        if self._conn is not None:
            return self._conn
        if isinstance(self.db, Single):
            return self.db._connect()
        raise RuntimeError("PortalStore.conn is only set during an operation")

    @contextlib.contextmanager
    def _use(self):
        """One operation: a connection, committed at the end; on failure rolled back
        and what memory held from it (pairing, site ids) reloaded before the next."""
        if self._conn is not None:  # nested (site_id inside a write)
            yield self._conn
            return
        try:
            with self.db.connection() as conn:
                self._conn = conn
                try:
                    if self._stale:
                        self._load_open_sessions(keep=list(self._dirty.values()))
                    yield conn
                finally:
                    self._conn = None
        except BaseException:
            self._forget()
            raise

    def _forget(self) -> None:
        self._site_ids.clear()
        self.rows.site_ids.clear()
        self._stale = True

    def close(self) -> None:
        if self.db.closed:
            return
        if self._dirty:
            try:
                self.flush_sessions()
            except DatabaseUnavailable:
                log.warning("portal: %d open session(s) not written: the database is not reachable", len(self._dirty))
        if self._owns_db:
            self.db.close()

    def __enter__(self) -> "PortalStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ sites

    def site_id(self, name: str | None) -> int | None:
        if not name:
            return None
        sid = self._site_ids.get(name)
        if sid is None:
            tz = self.site_zones.get(name, "Asia/Makassar")
            row = self.conn.execute(sql("site_id"), {"name": name, "tz": tz}).fetchone()
            if row is None:  # created concurrently by another process
                row = self.conn.execute(sql("site_id"), {"name": name, "tz": tz}).fetchone()
            sid = self._site_ids[name] = row[0]
        return sid

    # ------------------------------------------------------------------ writing

    def write(self, results: list[PortalEvent | ParseError], *, default_source: str = "-",
              defer_open: bool = False) -> WriteStats:
        """Store a batch. `defer_open` (bulk imports) keeps sessions that are still
        open in memory until `flush_sessions()`, so most sessions are written once.
        The events are consumed: their MAC/user fields are replaced by pseudonyms.

        A batch the server rejects because of a row (a value it does not accept
        that the checks in `rows` did not foresee) is split in halves until the
        offending lines are alone; those are quarantined with the server's
        reason, every other line is stored."""
        with self._lock, self._use():
            return self._write_isolating(results, default_source, defer_open)

    def _write_isolating(self, results: list, default_source: str, defer_open: bool) -> WriteStats:
        fields = [(r, r.mac, r.user, r.source) for r in results if type(r) is PortalEvent]
        try:
            with self.conn.transaction():
                return self._write(results, default_source, defer_open)
        except (psycopg.Error, OverflowError) as exc:
            if not is_row_error(exc):
                raise
            reason = event_rows.server_reason(exc)
        for r, mac, user, source in fields:  # undo what pairing did to the events
            r.mac, r.user, r.source = mac, user, source
        self._reset_memory()
        if len(results) == 1:
            r = results[0]
            log.warning("%s: line quarantined: %s", getattr(r, "origin", None) or default_source, reason)
            with self.conn.transaction():
                return WriteStats(quarantined=self._quarantine(
                    [_quarantine_item(r, "rejected by the database: " + reason, default_source)], default_source))
        mid = len(results) // 2
        stats = self._write_isolating(results[:mid], default_source, defer_open)
        stats.add(self._write_isolating(results[mid:], default_source, defer_open))
        return stats

    def _reset_memory(self) -> None:
        """After a rollback to a savepoint: what pairing and site lookups remembered from it is gone."""
        self._site_ids.clear()
        self.rows.site_ids.clear()
        self._load_open_sessions(keep=list(self._dirty.values()))

    def write_stream(self, parts: Iterable[Prepared], *, default_source: str = "-",
                     defer_open: bool = False) -> WriteStats:
        """`write` for one batch that arrives in parts already built by `RowBuilder`
        (the import's producer process; rows as binary COPY data in `blob`). The
        rows go to the server while later parts are still being parsed; pairing
        and the commit follow the last part, so the batch is one transaction as
        with `write`. An exception from `parts` rolls the batch back."""
        with self._lock, self._use():
            return self._store_stream(parts, default_source, defer_open)

    def _write(self, results, default_source: str, defer_open: bool = False) -> WriteStats:
        batch = self.rows.build(results, default_source)
        new = event_rows.insert_events(self.conn, batch) if batch.fresh else None
        return self._finish(batch, new, default_source, defer_open)

    def _store_stream(self, parts: Iterable[Prepared], default_source: str, defer_open: bool) -> WriteStats:
        batch = Prepared()
        bodies: list = []

        def rows():  # the parts' COPY data, gathering the rest of each part on the way
            for part in parts:
                batch.pending += part.pending
                batch.quarantine += part.quarantine
                batch.leases += part.leases
                batch.events += part.events
                batch.fresh += part.fresh
                batch.other += part.other
                if part.fresh:
                    bodies.append(part.blob)
                    yield part.blob

        stream = rows()
        first = next(stream, None)
        new = None
        if first is not None:
            cur = self.conn.cursor()
            # the COPY opens the transaction: if it fails, rolling the whole transaction
            # back is the same as rolling back to a savepoint, without two round trips
            fresh = self.conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
            try:
                with contextlib.nullcontext() if fresh else self.conn.transaction():
                    pgcopy.copy_bodies(cur, "portal_event", EVENT_COLUMNS, itertools.chain((first,), stream))
            except (psycopg.Error, OverflowError) as exc:
                # a row already stored (see event_rows.insert_events), or one the server rejects: through staging,
                # split until the rejected rows are alone
                if not isinstance(exc, psycopg.errors.UniqueViolation) and not is_row_error(exc):
                    raise
                if fresh:
                    self.conn.rollback()
                for _ in stream:
                    pass
                cur.execute(sql("portal_event_stage"))
                new, bad = event_rows.stage_isolating(self.conn, cur, [pgcopy.split_rows(b) for b in bodies])
                if bad:
                    event_rows.drop_rejected(batch, bad, default_source)
        return self._finish(batch, new, default_source, defer_open)

    def _finish(self, batch: Prepared, new: set[bytes] | None, default_source: str, defer_open: bool) -> WriteStats:
        """Count, pair the new events, quarantine. `new`: the dedup keys stored by
        this batch (None: all of them)."""
        stats = WriteStats(other=batch.other)
        if batch.fresh:
            if new is None:
                stats.events = batch.fresh
                pending = batch.pending
            else:
                stats.events = len(new)
                pending = [p for p in batch.pending if p[0] in new]
            stats.duplicates = batch.events - stats.events
            stats.sessions = self._pair(pending, defer_open)
            if batch.leases:  # sessions the new lease events cover (a lease line later than its login)
                leases = batch.leases if new is None else [x for x in batch.leases if x[0] in new]
                session_rows.attach_leases(self.conn, [], leases)
        if batch.quarantine:
            stats.quarantined = self._quarantine(batch.quarantine, default_source)
        return stats

    def _quarantine(self, items, default_source: str) -> int:
        params = []
        for raw, source, site, origin, fmt, time, reason in items:
            line = printable(scrub(raw[:MAX_QUARANTINE_LINE], self.pseudo))
            params.append({"source": printable(source), "site_id": self.site_id(site), "origin": printable(origin),
                           "line": line, "reason": printable(reason[:500]), "format": printable(fmt),
                           "dedup": dedup_key(source, time, raw)})
        with self.conn.cursor() as cur:
            cur.executemany(query("insert_quarantine"), params)
            return cur.rowcount if cur.rowcount is not None and cur.rowcount >= 0 else len(params)

    # ------------------------------------------------------------------ sessions

    def _pair(self, pending, defer_open: bool = False) -> int:
        changed: dict[int, PortalSession] = {}
        times = [p[1].time for p in pending]
        if any(b < a for a, b in zip(times, times[1:])):
            pending = sorted(pending, key=lambda p: p[1].time)
        feed = self.pairer.feed
        for _, ev, source, device, user_id, randomized in pending:
            # the pairer sees pseudonyms (they are what the store keeps), so open
            # sessions reload after a restart; the event is not used afterwards
            ev.mac, ev.user, ev.source = device, user_id, source
            for s in feed(ev):
                if s.db_id is None and "format" not in s.extra:
                    s.extra["format"] = ev.format
                    s.extra["randomized"] = randomized
                changed[id(s)] = s
        if defer_open:
            for k, s in list(changed.items()):
                if s.open:
                    self._dirty[k] = s
                    del changed[k]
                else:
                    self._dirty.pop(k, None)
        return self._save_sessions(list(changed.values()))

    def flush_sessions(self) -> int:
        """Write the sessions kept back by `write(..., defer_open=True)`."""
        with self._lock, self._use():
            dirty = list(self._dirty.values())
            n = self._save_sessions(dirty)
            self._dirty.clear()
            return n

    def resolve_site(self, name: str) -> int | None:
        """The site's id, created if needed and committed (before a forked import)."""
        with self._lock, self._use():
            return self.site_id(name)

    def expire(self, now: datetime | None = None) -> int:
        """Close sessions silent for longer than the session timeout."""
        with self._lock, self._use():
            closed = self.pairer.expire(now or datetime.now(timezone.utc))
            for s in closed:
                self._dirty.pop(id(s), None)
            return self._save_sessions(closed)

    def _save_sessions(self, sessions: list[PortalSession]) -> int:
        n = session_rows.save_sessions(self.conn, sessions, self.site_id)
        # sessions without a MAC of their own: the device of the DHCP lease covering their IP
        bare = [s for s in sessions if s.mac is None and s.ip is not None and s.site is not None]
        if bare:
            session_rows.attach_leases(self.conn, bare, [], self.site_id)
        return n

    def _load_open_sessions(self, keep: list[PortalSession] = ()) -> None:
        """`keep`: open sessions held back in memory (`defer_open`); they win over
        their stored versions."""
        sessions = session_rows.open_sessions(self.conn, keep)
        self.pairer = SessionPairer(timeout=self.pairer.timeout, duplicate_window=self.pairer.duplicate_window)
        self._stale = False
        self.pairer.load(sessions)


def _quarantine_item(r, reason: str, default_source: str) -> tuple:
    from collector.portal.rows import _quarantined

    return _quarantined(r, reason, default_source)

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
"""

from __future__ import annotations

import hashlib
import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo
from functools import cache
from pathlib import Path

import psycopg
import psycopg.errors
import psycopg.sql

from collector.portal import pgcopy
from collector.portal.event import OTHER, ParseError, PortalEvent
from collector.portal.sessions import PortalSession, SessionPairer
from collector.privacy import Pseudonymizer, is_randomized, scrub

log = logging.getLogger(__name__)
SQL_DIR = Path(__file__).with_name("sql")
EVENT_COLUMNS = ("time", "site_id", "source", "kind", "device", "randomized", "user_id", "mac_raw", "user_raw",
                 "ip", "bytes_in", "bytes_out", "duration_s", "reason", "session_key", "format", "origin", "dedup")
SESSION_COLUMNS = ("id", "site_id", "source", "device", "randomized", "user_id", "session_key", "started_at",
                   "ended_at", "last_update", "bytes_in", "bytes_out", "duration_s", "end_reason", "open", "ip",
                   "format")
MAX_QUARANTINE_LINE = 4096


@cache
def sql(name: str) -> str:
    return (SQL_DIR / f"{name}.sql").read_text()


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


def dedup_key(source: str, time: datetime | None, raw: str | None, ev=None) -> bytes:
    """Same source, same time, same text: the same event (a line imported twice,
    a rotated copy, a resumed tail)."""
    text = raw if raw is not None else repr(ev)
    stamp = time.timestamp() if time is not None else ""
    return hashlib.blake2b(f"{source}\x1f{stamp}\x1f{text}".encode("utf-8", "replace"), digest_size=16).digest()


class PortalStore:
    """One connection, used from one thread at a time (a lock guards it)."""

    def __init__(self, dsn: str, pseudo: Pseudonymizer, *, session_timeout: timedelta = timedelta(hours=12),
                 site_zones: dict[str, str] | None = None) -> None:
        self.pseudo = pseudo
        self.conn = psycopg.connect(dsn, autocommit=False)
        pgcopy.prepare(self.conn)
        self.pairer = SessionPairer(timeout=session_timeout)
        self.site_zones = site_zones or {}
        self._site_ids: dict[str, int] = {}
        self._zones: dict[str, tzinfo] = {}
        self._lock = threading.Lock()
        self._dirty: dict[int, PortalSession] = {}  # open sessions not written yet (defer_open)
        # identifier (or (identifier, day) with a rotating salt) -> pseudonym, per kind
        self._pseudonyms: dict[str, dict] = {"d": {}, "u": {}}
        self._load_open_sessions()

    def close(self) -> None:
        if not self.conn.closed:
            if self._dirty:
                self.flush_sessions()
            self.conn.close()

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

    def _day(self, ev: PortalEvent):
        if not self.pseudo.rotating_salt:
            return None
        from zoneinfo import ZoneInfo
        zone = self._zones.get(ev.site or "")
        if zone is None:
            zone = self._zones[ev.site or ""] = ZoneInfo(self.site_zones.get(ev.site or "", "Asia/Makassar"))
        return ev.time.astimezone(zone).date()

    # ------------------------------------------------------------------ writing

    def write(self, results: list[PortalEvent | ParseError], *, default_source: str = "-",
              defer_open: bool = False) -> WriteStats:
        """Store a batch. `defer_open` (bulk imports) keeps sessions that are still
        open in memory until `flush_sessions()`, so most sessions are written once.
        The events are consumed: their MAC/user fields are replaced by pseudonyms."""
        with self._lock:
            try:
                stats = self._write(results, default_source, defer_open)
                self.conn.commit()
                return stats
            except BaseException:
                self.conn.rollback()
                raise

    def _write(self, results, default_source: str, defer_open: bool = False) -> WriteStats:
        stats = WriteStats()
        rows, pending, quarantine = [], [], []
        keep_raw = self.pseudo.keep_raw
        rotating = self.pseudo.rotating_salt
        dcache, ucache = self._pseudonyms["d"], self._pseudonyms["u"]
        site_ids = self._site_ids
        blake = hashlib.blake2b
        last_t = last_stamp = None  # parsers share one datetime per second: its timestamp computed once
        for r in results:
            if type(r) is not PortalEvent:
                if isinstance(r, ParseError):
                    quarantine.append((r, r.reason))
                    continue
            if r.kind == OTHER:
                stats.other += 1
                continue
            t = r.time
            if t is None:
                quarantine.append((r, "no timestamp in the line"))
                continue
            source = r.source or default_source
            day = self._day(r) if rotating else None
            mac, user = r.mac, r.user
            device = user_id = None
            if mac:
                device = dcache.get(mac if day is None else (mac, day)) or self._pseudonym("d", mac, day)
            if user:
                user_id = ucache.get(user if day is None else (user, day)) or self._pseudonym("u", user, day)
            raw = r.raw if r.raw is not None else repr(r)
            if t is not last_t:
                last_t, last_stamp = t, t.timestamp()
            key = blake(f"{source}\x1f{last_stamp}\x1f{raw}".encode("utf-8", "replace"), digest_size=16).digest()
            site = r.site
            sid = site_ids.get(site) if site else None
            if sid is None and site:
                sid = self.site_id(site)
            rows.append((t, sid, source, r.kind, device, is_randomized(mac) if mac else None, user_id,
                         mac if keep_raw else None, user if keep_raw else None, r.ip, r.bytes_in, r.bytes_out,
                         r.duration_s, r.reason, r.session_id, r.format, r.origin, key))
            pending.append((key, r, source, device, user_id))
        if rows:
            new = self._insert_events(rows)
            stats.events = len(new)
            stats.duplicates = len(rows) - len(new)
            stats.sessions = self._pair([p for p in pending if p[0] in new], defer_open)
        if quarantine:
            stats.quarantined = self._quarantine(quarantine, default_source)
        return stats

    def _pseudonym(self, kind: str, value: str, day) -> str:
        cache = self._pseudonyms[kind]
        key = value if day is None else (value, day)
        p = cache.get(key)
        if p is None:
            if len(cache) > 100_000:
                cache.clear()
            p = self.pseudo.device(value, day) if kind == "d" else self.pseudo.user(value, day)
            cache[key] = p
        return p

    def _insert_events(self, rows: list[tuple]) -> set[bytes]:
        """First try: the whole batch straight in with COPY (a first import). If a
        row is already stored (re-import, resumed tail, a racing writer), the COPY
        fails and the batch goes through staging + ON CONFLICT DO NOTHING."""
        cur = self.conn.cursor()
        fresh, seen = [], set()
        for r in rows:  # the same line twice in one batch is one event
            k = r[-1]
            if k not in seen:
                seen.add(k)
                fresh.append(r)
        if not fresh:
            return set()
        try:
            with self.conn.transaction():
                self._copy_events(cur, "portal_event", fresh)
            return seen
        except psycopg.errors.UniqueViolation:
            pass
        cur.execute(sql("portal_event_stage"))
        self._copy_events(cur, "portal_event_in", fresh)
        cur.execute(sql("portal_event_merge"))
        return {bytes(r[0]) for r in cur.fetchall()}

    @staticmethod
    def _copy_events(cur, table: str, rows: list[tuple]) -> None:
        pgcopy.copy_rows(cur, table, EVENT_COLUMNS, pgcopy.EVENT_TYPES, rows)

    def _quarantine(self, items, default_source: str) -> int:
        params = []
        for r, reason in items:
            raw = r.raw if r.raw is not None else repr(r)
            line = scrub(raw[:MAX_QUARANTINE_LINE], self.pseudo)
            source = getattr(r, "source", None) or default_source
            params.append({"source": source, "site_id": self.site_id(getattr(r, "site", None)),
                           "origin": r.origin, "line": line, "reason": reason[:500],
                           "format": r.format, "dedup": dedup_key(source, getattr(r, "time", None), raw)})
        with self.conn.cursor() as cur:
            cur.executemany(sql("insert_quarantine"), params)
            return cur.rowcount if cur.rowcount is not None and cur.rowcount >= 0 else len(params)

    # ------------------------------------------------------------------ sessions

    def _pair(self, pending, defer_open: bool = False) -> int:
        changed: dict[int, PortalSession] = {}
        times = [p[1].time for p in pending]
        if any(b < a for a, b in zip(times, times[1:])):
            pending = sorted(pending, key=lambda p: p[1].time)
        feed = self.pairer.feed
        for _, ev, source, device, user_id in pending:
            raw_mac = ev.mac
            # the pairer sees pseudonyms (they are what the store keeps), so open
            # sessions reload after a restart; the event is not used afterwards
            ev.mac, ev.user, ev.source = device, user_id, source
            for s in feed(ev):
                if s.db_id is None and "format" not in s.extra:
                    s.extra["format"] = ev.format
                    s.extra["randomized"] = is_randomized(raw_mac) if raw_mac else None
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
        with self._lock:
            dirty = list(self._dirty.values())
            self._dirty.clear()
            n = self._save_sessions(dirty)
            self.conn.commit()
            return n

    def expire(self, now: datetime | None = None) -> int:
        """Close sessions silent for longer than the session timeout."""
        with self._lock:
            closed = self.pairer.expire(now or datetime.now(timezone.utc))
            for s in closed:
                self._dirty.pop(id(s), None)
            n = self._save_sessions(closed)
            self.conn.commit()
            return n

    def _session_row(self, s: PortalSession) -> tuple:
        return (s.db_id, self.site_id(s.site), s.source, s.mac, s.extra.get("randomized"), s.user, s.session_key,
                s.started_at, s.ended_at, s.last_update, s.bytes_in, s.bytes_out, s.duration_s, s.end_reason,
                s.open, s.ip, s.extra.get("format"))

    def _save_sessions(self, sessions: list[PortalSession]) -> int:
        """New sessions get ids from the sequence and go in with COPY; changed ones
        are staged with COPY and merged with one UPDATE."""
        if not sessions:
            return 0
        new = [s for s in sessions if s.db_id is None]
        old = [s for s in sessions if s.db_id is not None]
        cur = self.conn.cursor()
        if new:
            ids = cur.execute(sql("next_session_ids"), {"n": len(new)}).fetchall()
            for s, (sid,) in zip(new, ids, strict=True):
                s.db_id = sid
            self._copy(cur, "portal_session", [self._session_row(s) for s in new])
        if old:
            cur.execute(sql("portal_session_stage"))
            self._copy(cur, "portal_session_up", [self._session_row(s) for s in old])
            cur.execute(sql("portal_session_merge"))
        return len(sessions)

    @staticmethod
    def _copy(cur, table: str, rows: list[tuple]) -> None:
        pgcopy.copy_rows(cur, table, SESSION_COLUMNS, pgcopy.SESSION_TYPES, rows)

    def _load_open_sessions(self) -> None:
        rows = self.conn.execute(sql("open_portal_sessions")).fetchall()
        self.conn.commit()
        sessions = []
        for (sid, source, started, last, site, device, user_id, ip, key, bin_, bout, dur, fmt, rnd) in rows:
            s = PortalSession(source=source, started_at=started, last_update=last, site=site, mac=device,
                              user=user_id, ip=ip, session_key=key, bytes_in=bin_, bytes_out=bout,
                              duration_s=dur, db_id=sid)
            s.extra["format"], s.extra["randomized"] = fmt, rnd
            sessions.append(s)
        self.pairer.load(sessions)

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

from collector.portal.event import OTHER, ParseError, PortalEvent
from collector.portal.sessions import PortalSession, SessionPairer
from collector.portal.tailer import Offset
from collector.privacy import Pseudonymizer, is_randomized, scrub

log = logging.getLogger(__name__)
SQL_DIR = Path(__file__).with_name("sql")
EVENT_COLUMNS = ("time", "site_id", "source", "kind", "device", "randomized", "user_id", "mac_raw", "user_raw",
                 "ip", "bytes_in", "bytes_out", "duration_s", "reason", "session_key", "format", "origin", "dedup")
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
    text = raw if raw is not None else repr(ev)
    h = hashlib.blake2b(digest_size=16)
    h.update(source.encode())
    h.update(b"\x1f")
    h.update((time.isoformat() if time is not None else "").encode())
    h.update(b"\x1f")
    h.update(text.encode("utf-8", "replace"))
    return h.digest()


class PortalStore:
    """One connection, used from one thread at a time (a lock guards it)."""

    def __init__(self, dsn: str, pseudo: Pseudonymizer, *, session_timeout: timedelta = timedelta(hours=12),
                 site_zones: dict[str, str] | None = None) -> None:
        self.pseudo = pseudo
        self.conn = psycopg.connect(dsn, autocommit=False)
        self.pairer = SessionPairer(timeout=session_timeout)
        self.site_zones = site_zones or {}
        self._site_ids: dict[str, int] = {}
        self._zones: dict[str, tzinfo] = {}
        self._lock = threading.Lock()
        self._load_open_sessions()

    def close(self) -> None:
        if not self.conn.closed:
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

    def write(self, results: list[PortalEvent | ParseError], *, default_source: str = "-") -> WriteStats:
        with self._lock:
            try:
                stats = self._write(results, default_source)
                self.conn.commit()
                return stats
            except BaseException:
                self.conn.rollback()
                raise

    def _write(self, results, default_source: str) -> WriteStats:
        stats = WriteStats()
        rows, pending, quarantine = [], [], []
        pseudo = self.pseudo
        keep_raw = pseudo.keep_raw
        for r in results:
            if isinstance(r, ParseError):
                quarantine.append((r, r.reason))
                continue
            if r.kind == OTHER:
                stats.other += 1
                continue
            if r.time is None:
                quarantine.append((r, "no timestamp in the line"))
                continue
            source = r.source or default_source
            day = self._day(r)
            mac, user = r.mac, r.user
            device = pseudo.device(mac, day) if mac else None
            user_id = pseudo.user(user, day) if user else None
            key = dedup_key(source, r.time, r.raw, r)
            rows.append((r.time, self.site_id(r.site), source, r.kind, device,
                         is_randomized(mac) if mac else None, user_id, mac if keep_raw else None,
                         user if keep_raw else None, r.ip, r.bytes_in, r.bytes_out, r.duration_s,
                         r.reason, r.session_id, r.format, r.origin, key))
            pending.append((key, r, source, device, user_id))
        if rows:
            new = self._insert_events(rows)
            stats.events = len(new)
            stats.duplicates = len(rows) - len(new)
            stats.sessions = self._pair([p for p in pending if p[0] in new])
        if quarantine:
            stats.quarantined = self._quarantine(quarantine, default_source)
        return stats

    def _insert_events(self, rows: list[tuple]) -> set[bytes]:
        cur = self.conn.cursor()
        cur.execute(sql("portal_event_stage"))
        with cur.copy("COPY portal_event_in ({}) FROM STDIN".format(", ".join(EVENT_COLUMNS))) as cp:
            for row in rows:
                cp.write_row(row)
        cur.execute(sql("portal_event_merge"))
        return {bytes(r[0]) for r in cur.fetchall()}

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

    def _pair(self, pending) -> int:
        changed: dict[int, PortalSession] = {}
        for _, ev, source, device, user_id in sorted(pending, key=lambda p: p[1].time):
            pe = PortalEvent(ev.kind, ev.time, ev.format, user=user_id, mac=device, ip=ev.ip,
                             bytes_in=ev.bytes_in, bytes_out=ev.bytes_out, duration_s=ev.duration_s,
                             reason=ev.reason, session_id=ev.session_id, source=source, site=ev.site)
            for s in self.pairer.feed(pe):
                s.extra.setdefault("format", ev.format)
                if ev.mac and "randomized" not in s.extra:
                    s.extra["randomized"] = is_randomized(ev.mac)
                changed[id(s)] = s
        return self._save_sessions(list(changed.values()))

    def expire(self, now: datetime | None = None) -> int:
        """Close sessions silent for longer than the session timeout."""
        with self._lock:
            closed = self.pairer.expire(now or datetime.now(timezone.utc))
            n = self._save_sessions(closed)
            self.conn.commit()
            return n

    def _session_params(self, s: PortalSession) -> dict:
        return {"id": s.db_id, "site_id": self.site_id(s.site), "source": s.source, "device": s.mac,
                "randomized": s.extra.get("randomized"), "user_id": s.user, "session_key": s.session_key,
                "started_at": s.started_at, "ended_at": s.ended_at, "last_update": s.last_update,
                "bytes_in": s.bytes_in, "bytes_out": s.bytes_out, "duration_s": s.duration_s,
                "end_reason": s.end_reason, "open": s.open, "ip": s.ip, "format": s.extra.get("format")}

    def _save_sessions(self, sessions: list[PortalSession]) -> int:
        if not sessions:
            return 0
        new = [s for s in sessions if s.db_id is None]
        old = [s for s in sessions if s.db_id is not None]
        with self.conn.cursor() as cur:
            if new:
                cur.executemany(sql("insert_portal_session"), [self._session_params(s) for s in new],
                                returning=True)
                for s in new:
                    s.db_id = cur.fetchone()[0]
                    cur.nextset()
            if old:
                cur.executemany(sql("update_portal_session"), [self._session_params(s) for s in old])
        return len(sessions)

    def _load_open_sessions(self) -> None:
        rows = self.conn.execute(sql("open_portal_sessions")).fetchall()
        self.conn.commit()
        sessions = []
        for (sid, source, started, last, site, device, user_id, ip, key, bin_, bout, dur, fmt) in rows:
            s = PortalSession(source=source, started_at=started, last_update=last, site=site, mac=device,
                              user=user_id, ip=ip, session_key=key, bytes_in=bin_, bytes_out=bout,
                              duration_s=dur, db_id=sid)
            s.extra["format"] = fmt
            sessions.append(s)
        self.pairer.load(sessions)


class DbOffsets:
    """`OffsetStore` on the `log_offset` table (for `FileTailer`); thread-safe."""

    def __init__(self, dsn: str) -> None:
        self.dsn = dsn
        self._conn: psycopg.Connection | None = None
        self._lock = threading.Lock()

    def _c(self) -> psycopg.Connection:
        if self._conn is None or self._conn.closed:
            self._conn = psycopg.connect(self.dsn, autocommit=True)
        return self._conn

    def load(self, source: str) -> Offset | None:
        with self._lock:
            row = self._c().execute(sql("load_offset"), {"source": source}).fetchone()
        if row is None:
            return None
        path, inode, device, offset, head = row
        return Offset(path, inode, device, offset, bytes(head or b""))

    def save(self, source: str, off: Offset) -> None:
        with self._lock:
            self._c().execute(sql("save_offset"), {"source": source, "path": off.path, "inode": off.inode,
                                                   "device": off.device, "offset": off.offset, "head": off.head})

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()

"""Pair portal events into sessions (pure; no I/O).

- `login` opens a session, `logout` closes the open session of the same device
  (looked up by MAC, then user name, then IP, within one source), with the
  logout's reason, counters and duration when the line has them.
- `accounting_start|interim|stop` are keyed by Acct-Session-Id: interim and
  stop carry cumulative counters and the session time; an interim without a
  start (the start was missed) opens the session at `time - duration`.
- A repeated login of an open session within `duplicate_window` is the same
  login (nodogsplash logs two lines per login); later, it closes the old session
  (`relogin`) and opens a new one.
- `expire(now)` closes sessions without news for `timeout` with reason `timeout`
  at their last sign of life.
Events must come in time order per source (they do within a file or a syslog
stream). `feed` returns the sessions it changed, for the store to upsert.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from collector.portal.event import ACCT_INTERIM, ACCT_START, ACCT_STOP, LOGIN, LOGOUT, PortalEvent


@dataclass(eq=False, slots=True)
class PortalSession:
    source: str
    started_at: datetime
    last_update: datetime
    site: str | None = None
    mac: str | None = None
    user: str | None = None
    ip: str | None = None
    session_key: str | None = None
    ended_at: datetime | None = None
    bytes_in: int = 0
    bytes_out: int = 0
    duration_s: int | None = None
    end_reason: str | None = None
    open: bool = True
    db_id: int | None = None  # set by the store once written
    extra: dict = field(default_factory=dict)

    def close(self, when: datetime, reason: str | None) -> None:
        self.open = False
        self.ended_at = max(when, self.started_at)
        self.end_reason = reason
        if self.duration_s is None:
            self.duration_s = int((self.ended_at - self.started_at).total_seconds())


def _source(ev: PortalEvent) -> str:
    return ev.source or ev.host or ev.site or "-"


class SessionPairer:
    def __init__(self, timeout: timedelta = timedelta(hours=12),
                 duplicate_window: timedelta = timedelta(seconds=60)) -> None:
        self.timeout = timeout
        self.duplicate_window = duplicate_window
        self._open: dict[int, PortalSession] = {}  # id(session) -> open session
        self._by_key: dict[tuple[str, str], PortalSession] = {}
        self._index: dict[tuple[str, str, str], PortalSession] = {}  # (source, attr, value) -> newest
        self.unmatched = 0

    # ------------------------------------------------------------------ state

    def load(self, sessions: list[PortalSession]) -> None:
        """Adopt the open sessions kept by the store (after a restart)."""
        for s in sorted(sessions, key=lambda x: x.started_at):
            if s.open:
                self._add(s)

    def open_sessions(self) -> list[PortalSession]:
        return list(self._open.values())

    def _add(self, s: PortalSession) -> None:
        self._open[id(s)] = s
        if s.session_key:
            self._by_key[(s.source, s.session_key)] = s
        self._reindex(s)

    def _reindex(self, s: PortalSession) -> None:
        index, src = self._index, s.source
        if s.mac is not None:
            index[(src, "mac", s.mac)] = s
        if s.user is not None:
            index[(src, "user", s.user)] = s
        if s.ip is not None:
            index[(src, "ip", s.ip)] = s

    def _remove(self, s: PortalSession) -> None:
        self._open.pop(id(s), None)
        if s.session_key and self._by_key.get((s.source, s.session_key)) is s:
            del self._by_key[(s.source, s.session_key)]
        index, src = self._index, s.source
        if s.mac is not None and index.get((src, "mac", s.mac)) is s:
            del index[(src, "mac", s.mac)]
        if s.user is not None and index.get((src, "user", s.user)) is s:
            del index[(src, "user", s.user)]
        if s.ip is not None and index.get((src, "ip", s.ip)) is s:
            del index[(src, "ip", s.ip)]

    def _find(self, source: str, ev: PortalEvent) -> PortalSession | None:
        index = self._index
        s = None
        if ev.mac is not None:
            s = index.get((source, "mac", ev.mac))
        if s is None and ev.user is not None:
            s = index.get((source, "user", ev.user))
        if s is None and ev.ip is not None:
            s = index.get((source, "ip", ev.ip))
        return s

    # ------------------------------------------------------------------ events

    def feed(self, ev: PortalEvent) -> list[PortalSession]:
        if ev.time is None:
            return []
        kind = ev.kind
        if kind == LOGIN:
            return self._login(ev)
        if kind == LOGOUT:
            return self._logout(ev)
        if kind in (ACCT_START, ACCT_INTERIM, ACCT_STOP):
            return self._accounting(ev)
        return []

    def _new(self, ev: PortalEvent, started: datetime) -> PortalSession:
        # positional (faster): source, started_at, last_update, site, mac, user, ip, session_key
        s = PortalSession(_source(ev), started, ev.time, ev.site, ev.mac, ev.user, ev.ip, ev.session_id)
        self._add(s)
        return s

    def _login(self, ev: PortalEvent) -> list[PortalSession]:
        src = _source(ev)
        old = self._find(src, ev)
        if old is not None:
            if ev.time - old.last_update <= self.duplicate_window and old.end_reason is None:
                old.last_update = max(old.last_update, ev.time)
                old.mac, old.user, old.ip = old.mac or ev.mac, old.user or ev.user, old.ip or ev.ip
                self._reindex(old)
                return [old]
            old.close(ev.time, "relogin")
            self._remove(old)
            return [old, self._new(ev, ev.time)]
        return [self._new(ev, ev.time)]

    def _logout(self, ev: PortalEvent) -> list[PortalSession]:
        src = _source(ev)
        s = self._find(src, ev)
        if s is None:
            if ev.duration_s is None:
                self.unmatched += 1
                return []
            s = self._new(ev, ev.time - timedelta(seconds=ev.duration_s))  # its login was before our data
        self._counters(s, ev)
        s.last_update = max(s.last_update, ev.time)
        s.close(ev.time, ev.reason or "logout")
        self._remove(s)
        return [s]

    def _accounting(self, ev: PortalEvent) -> list[PortalSession]:
        src = _source(ev)
        s = self._by_key.get((src, ev.session_id)) if ev.session_id else self._find(src, ev)
        if s is None:
            if ev.kind == ACCT_STOP and ev.duration_s is None:
                self.unmatched += 1
                return []
            started = ev.time - timedelta(seconds=ev.duration_s or 0) if ev.kind != ACCT_START else ev.time
            s = self._new(ev, started)
        elif ev.kind == ACCT_START:  # a second start for an open key: the NAS restarted the session
            s.close(ev.time, "restarted")
            self._remove(s)
            return [s, self._new(ev, ev.time)]
        if (ev.mac and not s.mac) or (ev.user and not s.user) or (ev.ip and not s.ip):
            s.mac, s.user, s.ip = s.mac or ev.mac, s.user or ev.user, s.ip or ev.ip
            self._reindex(s)
        self._counters(s, ev)
        s.last_update = max(s.last_update, ev.time)
        if ev.kind == ACCT_STOP:
            s.close(ev.time, ev.reason or "stop")
            self._remove(s)
        return [s]

    @staticmethod
    def _counters(s: PortalSession, ev: PortalEvent) -> None:
        if ev.bytes_in is not None:
            s.bytes_in = max(s.bytes_in, ev.bytes_in)  # counters are cumulative
        if ev.bytes_out is not None:
            s.bytes_out = max(s.bytes_out, ev.bytes_out)
        if ev.duration_s is not None:
            s.duration_s = ev.duration_s

    def expire(self, now: datetime) -> list[PortalSession]:
        """Close sessions silent for longer than the timeout."""
        closed = []
        for s in self.open_sessions():
            if now - s.last_update > self.timeout:
                s.close(s.last_update, "timeout")
                self._remove(s)
                closed.append(s)
        return closed

"""Turn parse results into what the store writes: event rows, session-pairing
input, quarantine items (no I/O).

`RowBuilder.build(results)` is the first half of `PortalStore.write`; bulk imports
also run it in a second process (`collector.portal.producer`), which sends the
rows already formatted as binary COPY data. Either way the rows, dedup keys and
pseudonyms are computed by this one function.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from collector.db.values import INT4, INT8, NUL, problem_inet, problem_int
from collector.identifiers import is_randomized, normalise_user
from collector.portal.event import (ACCT_INTERIM, ACCT_START, ACCT_STOP, LEASE_KINDS, LOGIN, LOGOUT, OTHER, ParseError,
                                    PortalEvent)
from collector.privacy import Pseudonymizer

EVENT_COLUMNS = ("time", "site_id", "source", "kind", "device", "randomized", "user_id", "mac_raw", "user_raw",
                 "ip", "bytes_in", "bytes_out", "duration_s", "reason", "session_key", "format", "origin", "dedup")
# the kinds SessionPairer.feed acts on (login_failed and other change no session)
PAIRED_KINDS = frozenset((LOGIN, LOGOUT, ACCT_START, ACCT_INTERIM, ACCT_STOP))
_CACHE_MAX = 100_000


def dedup_key(source: str, time: datetime | None, raw: str | None, ev=None) -> bytes:
    """Same source, same time, same text: the same event (a line imported twice,
    a rotated copy, a resumed tail)."""
    text = raw if raw is not None else repr(ev)
    stamp = time.timestamp() if time is not None else ""
    return hashlib.blake2b(f"{source}\x1f{stamp}\x1f{text}".encode("utf-8", "replace"), digest_size=16).digest()


@dataclass(slots=True)
class Prepared:
    """One batch ready for `PortalStore.write_prepared`.

    rows: event rows (EVENT_COLUMNS), the first of each dedup key in the batch;
    or, from the producer process, `blob` holds them as binary COPY data (the
    rows only: no header, no trailer; see `pgcopy.copy_bodies`).
    pending: (dedup key, event, source, device pseudonym, user pseudonym,
    randomized) for the session pairer, every session event of the batch in order
    (a line repeated within the batch twice; only kinds the pairer acts on).
    quarantine: (raw text, source, site, origin, format, time, reason).
    leases: (dedup key, site id, ip, time) of the batch's DHCP lease events (store.py attaches
    sessions to them)."""

    rows: list[tuple] = field(default_factory=list)
    pending: list[tuple] = field(default_factory=list)
    quarantine: list[tuple] = field(default_factory=list)
    leases: list[tuple] = field(default_factory=list)
    events: int = 0  # session events in the batch, repeats within it included
    fresh: int = 0  # distinct dedup keys among them (= len(rows))
    other: int = 0
    blob: bytes | None = None
    line: int = 0  # number of the batch's last line (progress)


class RowBuilder:
    """Pseudonymises identifiers (cached per identifier) and computes dedup keys.
    `site_id(name)` resolves site names (the store looks them up or creates them)."""

    def __init__(self, pseudo: Pseudonymizer, site_zones: dict[str, str] | None,
                 site_id: Callable[[str], int | None]) -> None:
        self.pseudo = pseudo
        self.site_zones = site_zones or {}
        self.site_id = site_id
        self.site_ids: dict[str, int] = {}
        self._zones: dict[str, tzinfo] = {}
        # identifier (or (identifier, day) with a rotating salt) -> pseudonym, per kind
        self.pseudonyms: dict[str, dict] = {"d": {}, "u": {}}

    def _day(self, ev: PortalEvent):
        if not self.pseudo.rotating_salt:
            return None
        from zoneinfo import ZoneInfo
        zone = self._zones.get(ev.site or "")
        if zone is None:
            zone = self._zones[ev.site or ""] = ZoneInfo(self.site_zones.get(ev.site or "", "Asia/Makassar"))
        return self.pseudo.day_of(ev.time, zone)

    def pseudonym(self, kind: str, value: str, day) -> str:
        cache = self.pseudonyms[kind]
        key = value if day is None else (value, day)
        p = cache.get(key)
        if p is None:
            if len(cache) > _CACHE_MAX:
                cache.clear()
            p = self.pseudo.device(value, day) if kind == "d" else self.pseudo.user(value, day)
            cache[key] = p
        return p

    def build(self, results, default_source: str, seen: set[bytes] | None = None) -> Prepared:
        """`seen`: dedup keys of the batch so far, when a batch is built in parts."""
        out = Prepared()
        rows, pending, quarantine = out.rows, out.pending, out.quarantine
        if seen is None:
            seen = set()
        keep_raw = self.pseudo.keep_raw
        rotating = self.pseudo.rotating_salt
        dcache, ucache = self.pseudonyms["d"], self.pseudonyms["u"]
        site_ids = self.site_ids
        paired = PAIRED_KINDS
        blake = hashlib.blake2b
        events = other = 0
        # parsers share one datetime per second: the hash of "source, time, " is computed
        # once for it and continued with each line (the same digest as dedup_key)
        last_t = last_source = prefix = None
        for r in results:
            if type(r) is not PortalEvent:
                if isinstance(r, ParseError):
                    quarantine.append(_quarantined(r, r.reason, default_source))
                    continue
            if r.kind == OTHER:
                other += 1
                continue
            t = r.time
            if t is None:
                quarantine.append(_quarantined(r, "no timestamp in the line", default_source))
                continue
            source = r.source or default_source
            bad = problem(r)
            if bad is not None:
                quarantine.append(_quarantined(r, bad, default_source))
                continue
            user = r.user
            if user is not None:
                user = r.user = normalise_user(user)
            day = self._day(r) if rotating else None
            mac = r.mac
            device = user_id = None
            if mac:
                device = dcache.get(mac if day is None else (mac, day)) or self.pseudonym("d", mac, day)
            if user:
                user_id = ucache.get(user if day is None else (user, day)) or self.pseudonym("u", user, day)
            raw = r.raw if r.raw is not None else repr(r)
            if t is not last_t or source != last_source:
                last_t, last_source = t, source
                prefix = blake(f"{source}\x1f{t.timestamp()}\x1f".encode("utf-8", "replace"), digest_size=16)
            h = prefix.copy()
            h.update(raw.encode("utf-8", "replace"))
            key = h.digest()
            site = r.site
            sid = site_ids.get(site) if site else None
            if sid is None and site:
                sid = site_ids[site] = self.site_id(site)
            randomized = is_randomized(mac) if mac else None
            events += 1
            if key not in seen:  # the same line twice in one batch is one event
                seen.add(key)
                rows.append((t, sid, source, r.kind, device, randomized, user_id, mac if keep_raw else None,
                             user if keep_raw else None, r.ip, r.bytes_in, r.bytes_out, r.duration_s, r.reason,
                             r.session_id, r.format, r.origin, key))
            if r.kind in paired:
                pending.append((key, r, source, device, user_id, randomized))
            elif r.kind in LEASE_KINDS and sid is not None:
                out.leases.append((key, sid, r.ip, t))
        out.events, out.fresh, out.other = events, len(rows), other
        return out


_TEXT_FIELDS = ("user", "mac", "reason", "session_id", "host", "source", "site", "origin", "format")
_I8, _I4 = INT8[1], INT4[1]


def problem(ev: PortalEvent) -> str | None:
    """Why PostgreSQL would reject this event's row (None: it is fine). Parsed
    fields are parts of the line, so a line without NUL gives fields without."""
    raw = ev.raw
    if raw is not None:
        if NUL in raw:
            return "NUL byte in the line"
    else:
        for name in _TEXT_FIELDS:
            v = getattr(ev, name)
            if v is not None and NUL in v:
                return f"NUL byte in {name}"
    if ev.ip is not None and (bad := problem_inet("IP", ev.ip)):
        return bad
    b_in, b_out, dur = ev.bytes_in, ev.bytes_out, ev.duration_s
    if (b_in is None or 0 <= b_in <= _I8) and (b_out is None or 0 <= b_out <= _I8) \
            and (dur is None or 0 <= dur <= _I4):
        return None
    return problem_int("bytes_in", b_in, INT8, counter=True) or problem_int("bytes_out", b_out, INT8, counter=True) \
        or problem_int("duration_s", dur, INT4, counter=True)


def _quarantined(r, reason: str, default_source: str) -> tuple:
    raw = r.raw if r.raw is not None else repr(r)
    return (raw, getattr(r, "source", None) or default_source, getattr(r, "site", None), r.origin, r.format,
            getattr(r, "time", None), reason)

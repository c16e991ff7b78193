"""Durable intake: what the collector accepts goes to the spool first, then to
the database, exactly once.

- the syslog receiver appends each message it accepts (route, origin, receive
  time, text) — `encode_line`;
- a file tailer appends each chunk of complete lines it read, and saves its
  offset (locally, `FileOffsets`) only once the chunk is durable — `encode_chunk`;
- the poller appends each poll result — `encode_poll`.

`Intake.step()` (run by the collector's one writer thread) reads the next
records, parses the lines (with the receive time as "now", so a replay parses
as the live path would have), stores the lines through `PortalStore.write` and
the polls through `PollStore.write_polls`, and only then acknowledges the records.
If the database is away, nothing is acknowledged and the same records are
tried again later: a restart of the database, or of the collector (also after
kill -9), loses nothing. A record applied twice (a crash between the commit and
the acknowledgement, a tailer re-reading its last chunk) changes nothing:
portal lines are deduplicated by their hash, a poll whose sample is already
stored is skipped.

`Counters` (intake_state.py) keeps the intake's totals per source (received, quarantined, parse
errors, kernel drops, spool overflow, ...) in the spool directory and writes
them to `intake_counter` whenever the database is there.

Size: the record formats of the spool and the one step that stores them exactly once (lines, chunks,
polls), which must be read together.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import struct
import time
import zlib
from collections.abc import Callable

from collector.intake_state import Counters
from collector.spool import Spool

log = logging.getLogger(__name__)

LINE, CHUNK, POLL = b"L", b"F", b"P"
_LHEAD = struct.Struct(">dHH")  # received (Unix time), len(source), len(origin)
_FHEAD = struct.Struct(">dQHH")  # received, byte offset of the chunk, len(source), len(path)
_PHEAD = struct.Struct(">I")  # ap_id


# ---------------------------------------------------------------------- codecs


def encode_line(source: str, origin: str, received: float, text: str) -> bytes:
    s, o = source.encode(), origin.encode()
    return LINE + _LHEAD.pack(received, len(s), len(o)) + s + o + text.encode("utf-8", "surrogateescape")


def encode_chunk(source: str, path: str, offset: int, received: float, data: bytes) -> bytes:
    s, p = source.encode(), path.encode("utf-8", "surrogateescape")
    return CHUNK + _FHEAD.pack(received, offset, len(s), len(p)) + s + p + data


def poll_json(result) -> bytes:
    """A poll result as compact JSON (the edge forwards it so: a batch compresses many together)."""
    from collector.snmp.model import ROW_TYPES

    d = {f.name: getattr(result, f.name) for f in dataclasses.fields(result)}
    for name, cls in ROW_TYPES.items():
        names = [f.name for f in dataclasses.fields(cls)]
        d[name] = [{n: getattr(row, n) for n in names} for row in d[name]]
    d["started_at"] = result.started_at.isoformat()
    return json.dumps(d, separators=(",", ":")).encode()


def poll_from_json(data: bytes):
    from collector.snmp.model import ROW_TYPES, PollResult

    d = json.loads(data)
    d["started_at"] = dt.datetime.fromisoformat(d["started_at"])
    d["errors"] = tuple(d.get("errors") or ())
    for name, cls in ROW_TYPES.items():
        d[name] = tuple(cls(**row) for row in d.get(name) or ())
    if "ap_client_rows" in d:
        d["ap_client_rows"] = tuple(d["ap_client_rows"])
    else:  # spooled, or sent by a village edge, before the profile engine counted them
        from collector.profiles.engine import per_ap_client_rows

        d["ap_client_rows"] = per_ap_client_rows(d["aps"], d["clients"])
    return PollResult(**d)


def encode_poll(ap_id: int, result) -> bytes:
    """A poll result as JSON, compressed (zlib level 1: ~5x smaller for ~20 us)."""
    return POLL + _PHEAD.pack(ap_id) + zlib.compress(poll_json(result), 1)


def decode_poll(payload: bytes):
    (ap_id,) = _PHEAD.unpack_from(payload, 1)
    return ap_id, poll_from_json(zlib.decompress(payload[1 + _PHEAD.size:]))


def decode_line(payload: bytes) -> tuple[str, str, float, str]:
    received, ls, lo = _LHEAD.unpack_from(payload, 1)
    p = 1 + _LHEAD.size
    source = payload[p:p + ls].decode()
    origin = payload[p + ls:p + ls + lo].decode()
    return source, origin, received, payload[p + ls + lo:].decode("utf-8", "replace")


def decode_chunk(payload: bytes) -> tuple[str, str, int, float, bytes]:
    received, offset, ls, lp = _FHEAD.unpack_from(payload, 1)
    p = 1 + _FHEAD.size
    source = payload[p:p + ls].decode()
    path = payload[p + ls:p + ls + lp].decode("utf-8", "surrogateescape")
    return source, path, offset, received, payload[p + ls + lp:]


# ---------------------------------------------------------------------- the consumer


@dataclasses.dataclass
class LineSource:
    """How the lines of one portal source are parsed."""

    name: str
    site: str | None
    format: str
    tz: dt.tzinfo


class Intake:
    def __init__(self, spool: Spool, *, store=None, portal=None, sources: dict[str, LineSource] | None = None,
                 refs: dict[int, object] | None = None,
                 hooks: list[Callable] | None = None, counters: Counters | None = None,
                 batch_records: int = 5000) -> None:
        self.spool = spool
        self.store, self.portal = store, portal
        self.sources = sources or {}
        self.refs = refs or {}
        self.hooks = hooks if hooks is not None else []
        self.counters = counters
        self.batch_records = batch_records
        self.applied = 0  # records stored (tests, `--once`)
        self._last_counter_flush = 0.0

    def step(self) -> int:
        """Store the next records; returns how many (0: none waiting). Raises when
        the database is away (nothing acknowledged: they come again)."""
        records = self.spool.read(max_records=self.batch_records)
        if not records:
            self.flush_counters()
            return 0
        self.apply([rec.payload for rec in records])
        self.spool.ack(records[-1].seq)
        self.applied += len(records)
        if self.counters is not None:
            self.counters.save()  # locally at once (a kill -9 loses at most this batch's counts)
        self.flush_counters()
        return len(records)

    def apply(self, payloads: list[bytes], polls: list | None = None) -> None:
        """Parse and store records (and `polls`, (ApRef, PollResult) pairs decoded by the caller)
        in the database; a replay stores nothing twice. Raises when the database is away."""
        lines: list = []
        polls = list(polls or ())
        for payload in payloads:
            kind = payload[:1]
            if kind == POLL:
                ap_id, result = decode_poll(payload)
                ref = self.refs.get(ap_id)
                if ref is not None:
                    polls.append((ref, result))
            elif kind == LINE:
                lines.append(self._parse_line(payload))
            elif kind == CHUNK:
                lines.extend(self._parse_chunk(payload))
        lines = [r for r in lines if r is not None]
        if lines and self.portal is not None:
            stats = self.portal.write(lines, default_source="syslog")
            if self.counters is not None:
                per_source: dict[str, list[int]] = {}
                for r in lines:
                    src = getattr(r, "source", None) or "syslog"
                    per_source.setdefault(src, [0, 0])[0] += 1
                    if not hasattr(r, "kind"):
                        per_source[src][1] += 1
                for src, (n, errs) in per_source.items():
                    self.counters.add(src, "received", n)
                    self.counters.add(src, "parse_errors", errs)
                self.counters.add("portal", "stored", stats.events)
                self.counters.add("portal", "duplicates", stats.duplicates)
                self.counters.add("portal", "quarantined", stats.quarantined)
        if polls and self.store is not None:
            changes = self.store.write_polls(polls)
            if self.counters is not None:
                self.counters.add("snmp", "received", len(polls))
            for hook in self.hooks:
                try:
                    hook(polls, changes)
                except Exception as exc:  # alerting must not hold back storing
                    from collector.db.pool import log_failure

                    log_failure(log, "alert hook", exc)

    def flush_counters(self, every_s: float = 5.0) -> None:
        if self.counters is None:
            return
        now = time.monotonic()
        if now - self._last_counter_flush < every_s:
            return
        self._last_counter_flush = now
        if self.spool is not None:
            self.counters.set_max("spool", "spool_dropped", self.spool.stats()["dropped_count"])
        if self.store is not None:
            try:
                self.counters.flush(self.store.pool)
            except Exception as exc:
                from collector.db.pool import log_failure

                log_failure(log, "writing intake counters", exc)

    def _ctx(self, src: LineSource, received: float):
        from collector.portal.context import ParseContext

        now = dt.datetime.fromtimestamp(received, src.tz)
        return ParseContext(tz=src.tz, now=now, site=src.site, received_at=now)

    def _unknown(self, source: str, text: str, origin: str):
        from collector.portal.event import ParseError

        err = ParseError(f"unknown portal source {source!r} (removed from the configuration?)")
        err.raw, err.origin, err.format = text, origin, "unknown"
        return err

    def _parse_line(self, payload: bytes):
        from collector.portal.event import ParseError, PortalEvent
        from collector.portal.parser import parse_line

        source, origin, received, text = decode_line(payload)
        src = self.sources.get(source)
        if src is None:
            return self._unknown(source, text, origin)
        ctx = self._ctx(src, received)
        try:
            result = parse_line(text, src.format, ctx)
        except ParseError as err:
            result = err
        except Exception as exc:  # a parser bug must not stop the intake
            result = ParseError(f"parser failure: {type(exc).__name__}")
        if isinstance(result, ParseError):
            result.raw, result.origin, result.format = text, origin, result.format or src.format
            result.line = None
            result.source = source
            result.site = src.site
        else:
            assert isinstance(result, PortalEvent)
            result.site, result.source, result.origin, result.raw = src.site, source, origin, text
        return result

    def _parse_chunk(self, payload: bytes) -> list:
        from collector.portal.event import PortalEvent
        from collector.portal.lines import numbered_lines
        from collector.portal.parser import iter_parse

        source, path, offset, received, data = decode_chunk(payload)
        src = self.sources.get(source)
        if src is None:
            return [self._unknown(source, data[:4096].decode("utf-8", "replace"), f"{path}@{offset}")]
        out = []
        for r in iter_parse(numbered_lines(data, offset), src.format, self._ctx(src, received), origin=path,
                            keep_raw=True):
            r.origin = f"{path}@{r.line}"
            r.line = None
            r.source = source
            if not isinstance(r, PortalEvent):
                r.site = src.site
            out.append(r)
        return out

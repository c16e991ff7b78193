"""An SNMP agent served from an snmpsim recording (.snmprec, optionally .bz2), in-process.

`RecordingSession` answers `get` and `walk` like `client.SnmpSession` (same value types: int,
bytes, str for OIDs and IpAddress, None for missing objects) from the recording's lines, with no
UDP, no pysnmp and no snmpsim index: `kunang profile test` and the profile tests use it, so a
vendor's support is checked in milliseconds. End-to-end tests still poll snmpsim and snmpd.

Recording lines are `OID|TYPE|VALUE` (snmpsim's format): TYPE is the BER tag (2 Integer32,
4 OCTET STRING, 5 NULL, 6 OID, 64 IpAddress, 65 Counter32, 66 Gauge32, 67 TimeTicks, 68 Opaque,
70 Counter64); a trailing `x` means the value is hex; a `:variation` suffix (snmpsim modules) is
served with its `value=` argument when it has one.

A line whose value does not fit its type (published walks have them: an anonymiser that wrote a
MAC-like stand-in over a Counter64) is an error naming file and line; `Recording.load` instead
leaves such lines out, like an agent that does not answer that object, and lists them in
`Recording.skipped` so the caller can say so (`kunang profile test` prints them as warnings).
"""

from __future__ import annotations

import bisect
import bz2
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from collector.snmp.errors import SnmpProtocolError

Oid = tuple[int, ...]
INT_TAGS = {"2", "65", "66", "67", "70"}
OCTET_TAGS = {"4", "68"}


class RecordingError(Exception):
    """A recording line that cannot be read; the message names file and line."""


def _decode(tag: str, text: str, where: str) -> tuple[str, Any]:
    hexed = tag.endswith("x")
    base = tag[:-1] if hexed else tag
    try:
        raw = bytes.fromhex(text) if hexed else None
    except ValueError:
        raise RecordingError(f"{where}: bad hex value") from None
    if base in INT_TAGS:
        try:
            return base, int(raw.decode() if raw is not None else text)
        except (ValueError, UnicodeDecodeError):
            raise RecordingError(f"{where}: value {text[:40]!r} is not an integer (type {tag})") from None
    if base in OCTET_TAGS:
        return base, raw if raw is not None else text.encode("utf-8", "surrogateescape")
    if base == "6":
        return base, (raw.decode() if raw is not None else text).strip().lstrip(".")
    if base == "64":
        if raw is not None and len(raw) == 4:
            return base, ".".join(str(b) for b in raw)
        return base, raw.decode() if raw is not None else text
    if base == "5":
        return base, b""
    raise RecordingError(f"{where}: unknown type tag {tag!r}")


def read_snmprec(path: str | Path, prefixes: tuple[str, ...] | None = None,
                 skipped: list[str] | None = None) -> Iterator[tuple[Oid, str, Any]]:
    """(oid, base tag, python value) per line; bad lines raise RecordingError naming the line.
    `prefixes` (dotted OIDs ending with '.') keeps only the lines under them, decoding nothing else.
    `skipped`: a line whose value does not fit its type is left out and its error appended there
    instead (a malformed line - no OID, no type - still raises)."""
    path = Path(path)
    opener = bz2.open if path.suffix == ".bz2" else open
    with opener(path, "rt", encoding="utf-8", errors="surrogateescape") as fh:
        for n, line in enumerate(fh, 1):
            line = line.rstrip("\r\n")
            if not line or line.startswith("#"):
                continue
            if prefixes is not None and not line.startswith(prefixes):
                continue
            where = f"{path.name}:{n}"
            parts = line.split("|", 2)
            if len(parts) != 3:
                raise RecordingError(f"{where}: expected OID|TYPE|VALUE")
            oid_text, tag, value = parts
            try:
                oid = tuple(int(p) for p in oid_text.strip().lstrip(".").split("."))
            except ValueError:
                raise RecordingError(f"{where}: bad OID {oid_text!r}") from None
            if ":" in tag:  # snmpsim variation module: serve its static value if it has one
                tag, _, _module = tag.partition(":")
                params = dict(p.split("=", 1) for p in value.split(",") if "=" in p)
                if "value" not in params:
                    continue
                value = params["value"]
            try:
                decoded = _decode(tag, value, where)
            except RecordingError as exc:
                if skipped is None:
                    raise
                skipped.append(str(exc))
                continue
            yield (oid, *decoded)


@dataclass
class _WalkResult:  # the fields of client.WalkResult the poller reads
    columns: dict[Oid, list[tuple[Oid, Any]]] = field(default_factory=dict)
    partial: bool = False
    errors: list[str] = field(default_factory=list)
    varbinds: int = 0
    silent: bool = False


class Recording:
    """A recording loaded once: sorted OIDs and their values."""

    def __init__(self, rows: list[tuple[Oid, str, Any]], name: str = "recording", skipped: list[str] | None = None) -> None:
        rows = sorted({r[0]: r for r in rows}.values(), key=lambda r: r[0])
        self.name = name
        self.skipped = skipped or []  # lines left out because their value did not fit their type
        self.oids = [r[0] for r in rows]
        self.tags = [r[1] for r in rows]
        self.values = [r[2] for r in rows]

    @classmethod
    def load(cls, path: str | Path, only: list[Oid] | None = None) -> Recording:
        """`only`: keep just the subtrees a poll can ask for (see collector.profiles.replay)."""
        prefixes = tuple(".".join(map(str, o)) + end for o in only for end in (".", "|")) if only is not None else None
        skipped: list[str] = []
        return cls(list(read_snmprec(path, prefixes, skipped)), Path(path).name, skipped)

    def get(self, oid: Oid) -> Any:
        i = bisect.bisect_left(self.oids, oid)
        return self.values[i] if i < len(self.oids) and self.oids[i] == oid else None

    def subtree(self, prefix: Oid) -> list[tuple[Oid, Any]]:
        n = len(prefix)
        i = bisect.bisect_right(self.oids, prefix)
        out = []
        while i < len(self.oids) and self.oids[i][:n] == prefix:
            out.append((self.oids[i][n:], self.values[i]))
            i += 1
        return out


class RecordingSession:
    """The poller's view of an agent (`get`, `first_under`, `walk`, `varbinds`, `max_varbinds`, `close`)."""

    max_varbinds = 60

    def __init__(self, recording: Recording) -> None:
        self.recording = recording
        self.varbinds = 0

    async def get(self, oids: list[Oid]) -> dict[Oid, Any]:
        out = {oid: self.recording.get(tuple(oid)) for oid in oids}
        self.varbinds += len(out)
        return out

    async def first_under(self, prefixes: list[Oid]) -> dict[Oid, Any]:
        """GETNEXT inside each prefix: (index, value) of the first object under it, or None."""
        out = {}
        for prefix in prefixes:
            rows = self.recording.subtree(tuple(prefix))
            out[tuple(prefix)] = rows[0] if rows else None
        self.varbinds += len(out)
        return out

    async def walk(self, columns: list[Oid], expected_rows: int | None = None) -> _WalkResult:
        result = _WalkResult()
        for column in dict.fromkeys(columns):
            rows = self.recording.subtree(tuple(column))
            result.columns[tuple(column)] = rows
            result.varbinds += len(rows)
        self.varbinds += result.varbinds
        return result

    def close(self) -> None:
        pass


def opener(recording: Recording):
    """`open_session` for collector.poller.poll_with_raw: every target is served by `recording`."""

    async def open_session(_target: Any) -> RecordingSession:
        if not recording.oids:
            raise SnmpProtocolError(f"{recording.name}: empty recording")
        return RecordingSession(recording)

    return open_session

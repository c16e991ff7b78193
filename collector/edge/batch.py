"""The wire format of a batch: consecutive spool records of one edge, compressed together.

    b"KB1" | codec (b"n" none, b"z" zlib, b"s" zstd) | compressed body
    body: u32 len(header) | header JSON | (u32 len | u32 count | payload)*

The header names the edge, its site, the spool's epoch and the records' first and last sequence
numbers, and how each portal source is parsed ({name: [site, format, time zone]}), so the district
needs no copy of the village's portal configuration. bench/district.py measured the codecs on
polls and portal lines (docs/district.md): zstd when installed, else zlib, both far ahead of none.
"""

from __future__ import annotations

import json
import struct
import zlib
from dataclasses import dataclass, field

MAGIC = b"KB1"
_U32 = struct.Struct(">I")
_FRAME = struct.Struct(">II")
ZLIB_LEVEL = 6
ZSTD_LEVEL = 9
MAX_BODY = 256 << 20  # a decompressed body beyond this is refused (a batch is at most a few MB)


class BatchError(ValueError):
    """Not a batch of ours, or damaged."""


def _zstd():
    try:
        import zstandard
    except ImportError:
        return None
    return zstandard


def codec_for(setting: str) -> str:
    if setting == "auto":
        return "zstd" if _zstd() is not None else "zlib"
    if setting == "zstd" and _zstd() is None:
        return "zlib"
    return setting


_CODE = {"none": b"n", "zlib": b"z", "zstd": b"s"}
_NAME = {v: k for k, v in _CODE.items()}


@dataclass
class Batch:
    header: dict
    records: list[tuple[int, bytes]] = field(default_factory=list)  # (count, payload)

    @property
    def first(self) -> int:
        return int(self.header["first"])

    @property
    def last(self) -> int:
        return int(self.header["last"])


def encode(header: dict, records: list[tuple[int, bytes]], codec: str = "zlib") -> bytes:
    head = json.dumps(header, separators=(",", ":")).encode()
    parts = [_U32.pack(len(head)), head]
    for count, payload in records:
        parts.append(_FRAME.pack(len(payload), count))
        parts.append(payload)
    body = b"".join(parts)
    if codec == "zlib":
        body = zlib.compress(body, ZLIB_LEVEL)
    elif codec == "zstd":
        body = _zstd().ZstdCompressor(level=ZSTD_LEVEL).compress(body)
    elif codec != "none":
        raise ValueError(f"unknown codec {codec!r}")
    return MAGIC + _CODE[codec] + body


def decode(data: bytes) -> Batch:
    if len(data) < 4 or data[:3] != MAGIC or data[3:4] not in _NAME:
        raise BatchError("not a Kunang batch")
    codec, body = _NAME[data[3:4]], data[4:]
    try:
        if codec == "zlib":
            d = zlib.decompressobj()
            body = d.decompress(body, MAX_BODY)
            if d.unconsumed_tail:
                raise BatchError("batch too large")
        elif codec == "zstd":
            z = _zstd()
            if z is None:
                raise BatchError("zstd batch, but zstandard is not installed here")
            body = z.ZstdDecompressor().decompressobj().decompress(body)
            if len(body) > MAX_BODY:
                raise BatchError("batch too large")
    except (zlib.error, Exception) as exc:
        if isinstance(exc, BatchError):
            raise
        raise BatchError(f"batch does not decompress: {exc}") from None
    try:
        (hl,) = _U32.unpack_from(body, 0)
        header = json.loads(body[4:4 + hl])
        pos = 4 + hl
        records = []
        while pos < len(body):
            length, count = _FRAME.unpack_from(body, pos)
            pos += _FRAME.size
            if pos + length > len(body):
                raise BatchError("batch cut short")
            records.append((count, body[pos:pos + length]))
            pos += length
    except (struct.error, ValueError) as exc:
        if isinstance(exc, BatchError):
            raise
        raise BatchError(f"damaged batch: {exc}") from None
    if not isinstance(header, dict) or "site" not in header or "first" not in header:
        raise BatchError("batch header incomplete")
    return Batch(header, records)

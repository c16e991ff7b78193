"""The spool's files on disk (`collector/spool.py` owns them and their locking).

Segment files `<first seq>.seg` of frames
`length u32 | crc32 u32 | seq u64 | count u32 | payload` (the crc covers seq, count
and payload); small state files (`cursor`, `dropped`) replaced atomically.
Nothing here holds state or locks.
"""

from __future__ import annotations

import json
import os
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

FRAME = struct.Struct(">IIQI")  # length of payload, crc32 of (seq, count, payload), seq, count
_SEQCOUNT = struct.Struct(">QI")
MAX_RECORD = 64 << 20


@dataclass(frozen=True, slots=True)
class Record:
    seq: int
    count: int
    payload: bytes


@dataclass
class Segment:
    first: int  # seq of its first record
    path: Path
    size: int


def segments(folder: Path) -> list[Segment]:
    """The segment files of a spool folder, oldest first."""
    out = []
    for p in sorted(folder.glob("*.seg")):
        try:
            first = int(p.stem)
        except ValueError:
            continue
        out.append(Segment(first, p, p.stat().st_size))
    return out


def segment_path(folder: Path, first: int) -> Path:
    return folder / f"{first:020d}.seg"


def frame_header(payload: bytes, seq: int, count: int) -> bytes:
    return FRAME.pack(len(payload), zlib.crc32(payload, zlib.crc32(_SEQCOUNT.pack(seq, count))), seq, count)


def valid_prefix(data: bytes, first: int) -> tuple[int, int]:
    """(bytes of complete, valid frames at the start of `data`, the seq after the last of them)."""
    good, nxt, pos = 0, first, 0
    while pos + FRAME.size <= len(data):
        length, crc, seq, count = FRAME.unpack_from(data, pos)
        end = pos + FRAME.size + length
        if length > MAX_RECORD or end > len(data):
            break
        if zlib.crc32(data[pos + 8:end]) != crc:
            break
        pos, good, nxt = end, end, seq + 1
    return good, nxt


def frames(seg: Segment, offset: int, limit_seq: int | None = None):
    """(record, offset after it) from `offset` of a segment (complete, valid frames only)."""
    try:
        f = open(seg.path, "rb")  # noqa: SIM115
    except FileNotFoundError:
        return
    with f:
        f.seek(offset)
        pos = offset
        while True:
            head = f.read(FRAME.size)
            if len(head) < FRAME.size:
                return
            length, crc, seq, count = FRAME.unpack(head)
            if limit_seq is not None and seq > limit_seq:
                return
            payload = f.read(length)
            if len(payload) < length or zlib.crc32(payload, zlib.crc32(head[8:])) != crc:
                return
            pos += FRAME.size + length
            yield Record(seq, count, payload), pos


def read_int(path: Path, default: int) -> int:
    try:
        return int(path.read_text().strip() or default)
    except (FileNotFoundError, ValueError):
        return default


def read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text())
    except (FileNotFoundError, ValueError):
        return {}


def replace(path: Path, text: str) -> None:
    """Write `text` to `path` atomically and durably (a temporary file, fsync, rename)."""
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "w") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def dirsync(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)

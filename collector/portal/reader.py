"""Read log files as numbered text lines: invalid UTF-8 is replaced, never fatal;
`.gz` rotations are read transparently; `-` is standard input."""

from __future__ import annotations

import gzip
import io
import os
import sys
from collections.abc import Iterator
from datetime import datetime, tzinfo


def open_lines(path: str) -> Iterator[tuple[int, str]]:
    if path == "-":
        stream = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace")
        yield from _numbered(stream)
        return
    if path.endswith(".gz"):
        f = gzip.open(path, "rt", encoding="utf-8", errors="replace")
    else:
        f = open(path, encoding="utf-8", errors="replace")  # noqa: SIM115 - closed below
    with f:
        yield from _numbered(f)


def _numbered(stream) -> Iterator[tuple[int, str]]:
    for no, line in enumerate(stream, 1):
        yield no, line.rstrip("\r\n")


def reference_time(path: str, tz: tzinfo) -> datetime:
    """The file's modification time: the 'now' for RFC 3164 year inference, so a
    rotated file from last December keeps last year's dates."""
    if path != "-":
        try:
            return datetime.fromtimestamp(os.stat(path).st_mtime, tz)
        except OSError:
            pass
    return datetime.now(tz)

"""Read log files as numbered text lines: invalid UTF-8 is replaced, never fatal;
`.gz` rotations are read transparently; `-` is standard input."""

from __future__ import annotations

import gzip
import os
import sys
from collections.abc import Iterator
from datetime import datetime, tzinfo


def open_lines(path: str) -> Iterator[tuple[int, str]]:
    """Numbered lines, split as every path splits them (`collector.portal.lines`)."""
    from collector.portal.lines import file_lines, text_stream

    if path == "-":
        yield from file_lines(text_stream(sys.stdin.buffer))
        return
    f = gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb")  # noqa: SIM115 - closed below
    with text_stream(f) as t:
        yield from file_lines(t)


def reference_time(path: str, tz: tzinfo) -> datetime:
    """The file's modification time: the 'now' for RFC 3164 year inference, so a
    rotated file from last December keeps last year's dates."""
    if path != "-":
        try:
            return datetime.fromtimestamp(os.stat(path).st_mtime, tz)
        except OSError:
            pass
    return datetime.now(tz)

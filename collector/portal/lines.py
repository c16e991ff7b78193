"""The one line splitter of every log path (import-logs, parse-log, the tailer,
replayed spool chunks): lines end at `\\n` only; one `\\r` before it (CRLF
files) is not part of the line; a bare `\\r` inside a line is text. Invalid
UTF-8 is replaced, never fatal. The same file therefore gives the same lines,
and the same dedup keys, whichever way it is read."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO


def line_text(raw: bytes) -> str:
    """One line's bytes (without its `\\n`) as text."""
    if raw[-1:] == b"\r":
        raw = raw[:-1]
    return raw.decode("utf-8", errors="replace")


def numbered_lines(data: bytes, base: int = 0) -> list[tuple[int, str]]:
    """(byte offset, text) of each line of `data` (complete lines; `base` is the
    offset of data[0] in its file). A last piece without `\\n` counts as a line."""
    pairs = []
    off = base
    for raw in data.split(b"\n"):
        pairs.append((off, line_text(raw)))
        off += len(raw) + 1
    return pairs


def text_stream(binary: IO[bytes]) -> IO[str]:
    """A binary stream read as text split the same way (newline="\\n": no other
    separator, nothing translated); faster than decoding line by line."""
    import io

    return io.TextIOWrapper(binary, encoding="utf-8", errors="replace", newline="\n")


def file_lines(stream: IO[str]) -> Iterator[tuple[int, str]]:
    """(line number, text) of a stream from `text_stream`."""
    for no, line in enumerate(stream, 1):
        if line[-1:] == "\n":
            line = line[:-1]
        if line[-1:] == "\r":
            line = line[:-1]
        yield no, line

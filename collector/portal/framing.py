"""Syslog over TCP (RFC 6587): octet-counting (`LEN SP <PRI>...`) and
non-transparent (newline) framing, detected per frame. Pure and incremental:
feed bytes as they arrive, get whole messages back.

Oversized messages are truncated to `max_bytes` (the rest is skipped, never
buffered), so one bad sender cannot exhaust memory.
"""

from __future__ import annotations

from typing import NamedTuple


class Frame(NamedTuple):
    data: bytes
    truncated: bool


_MAX_LEN_DIGITS = 10


class Framer:
    def __init__(self, max_bytes: int = 8192) -> None:
        self.max = max_bytes
        self._buf = bytearray()
        self._skip = 0  # bytes of an oversized octet-counted frame still to discard
        self._skip_line = False  # discarding the rest of an oversized newline frame

    def feed(self, data: bytes) -> list[Frame]:
        self._buf += data
        out: list[Frame] = []
        while self._step(out):
            pass
        return out

    def close(self) -> list[Frame]:
        """End of stream: an unterminated last message is still a message."""
        out: list[Frame] = []
        if self._buf and not self._skip and not self._skip_line:
            data = bytes(self._buf).rstrip(b"\r\n")
            if data.strip():
                out.append(Frame(data[: self.max], len(data) > self.max))
        self._buf.clear()
        return out

    def _step(self, out: list[Frame]) -> bool:
        buf = self._buf
        if self._skip:
            n = min(self._skip, len(buf))
            del buf[:n]
            self._skip -= n
            return bool(buf) and not self._skip
        if self._skip_line:
            nl = buf.find(b"\n")
            if nl < 0:
                buf.clear()
                return False
            del buf[: nl + 1]
            self._skip_line = False
            return bool(buf)
        if not buf:
            return False
        while buf[:1] in (b"\n", b"\r", b"\x00"):  # stray separators between frames
            del buf[:1]
            if not buf:
                return False
        if buf[:1].isdigit():
            i = 1
            while i < len(buf) and i <= _MAX_LEN_DIGITS and buf[i:i + 1].isdigit():
                i += 1
            if i == len(buf):
                return False  # need more bytes to decide
            if buf[i:i + 1] == b" " and (i + 1 == len(buf) or buf[i + 1:i + 2] == b"<"):
                if i + 1 == len(buf):
                    return False
                length = int(buf[:i])
                start = i + 1
                if length <= self.max:
                    if len(buf) - start < length:
                        return False
                    out.append(Frame(bytes(buf[start:start + length]).rstrip(b"\r\n"), False))
                    del buf[:start + length]
                    return True
                if len(buf) - start < self.max:
                    return False
                out.append(Frame(bytes(buf[start:start + self.max]), True))
                consumed = min(len(buf), start + length)
                self._skip = start + length - consumed
                del buf[:consumed]
                return True
        nl = buf.find(b"\n")
        if nl < 0:
            if len(buf) > self.max:
                out.append(Frame(bytes(buf[: self.max]), True))
                buf.clear()
                self._skip_line = True
            return False
        line = bytes(buf[:nl]).rstrip(b"\r")
        del buf[: nl + 1]
        if line.strip():
            out.append(Frame(line[: self.max], len(line) > self.max))
        return True

"""Follow a growing log file, across rotations and restarts, without losing or
repeating a line.

- The position after the last delivered line is saved (with the file's device,
  inode and first bytes) only after the sink accepted the batch.
- Rotation by rename (logrotate default): the old file is read to its end, then
  the new file from the start.
- Rotation by copytruncate: the file shrinks (or its first bytes change); the
  rest of the old content is read from the rotated copy (a sibling `path.1`,
  `path-20261128`, ... with the same first bytes), then the file from the start.
- After a restart the saved position is used if it still fits the file;
  otherwise the rotated sibling with the saved inode/first bytes is finished first.
Only complete lines are delivered (`radius-detail`: complete records); a partial
last line waits for its newline, or for the file to be rotated away.

Size: one state machine (rename and copytruncate rotation, truncation, resume after a restart, a
file that disappears) that reads best in one piece.
"""

from __future__ import annotations

import asyncio
import glob
import inspect
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone, tzinfo
from typing import Protocol

from collector.portal.context import ParseContext
from collector.portal.event import ParseError, PortalEvent
from collector.portal.lines import numbered_lines
from collector.portal.parser import iter_parse

log = logging.getLogger(__name__)

HEAD_BYTES = 64
CHUNK = 1 << 20
Sink = Callable[[list[PortalEvent | ParseError]], object]


@dataclass
class Offset:
    path: str
    inode: int | None
    device: int | None
    offset: int
    head: bytes


class OffsetStore(Protocol):
    def load(self, source: str) -> Offset | None: ...
    def save(self, source: str, offset: Offset) -> None: ...


class MemoryOffsets:
    def __init__(self) -> None:
        self.saved: dict[str, Offset] = {}

    def load(self, source: str) -> Offset | None:
        return self.saved.get(source)

    def save(self, source: str, offset: Offset) -> None:
        self.saved[source] = offset


def _head(f) -> bytes:
    f.seek(0)
    return f.read(HEAD_BYTES)


class FileTailer:
    def __init__(self, source: str, path: str, sink: Sink | None, offsets: OffsetStore, *, fmt: str = "auto",
                 tz: tzinfo = timezone.utc, site: str | None = None,
                 raw_sink: Callable[[bytes, int, str], object] | None = None) -> None:
        """`raw_sink(data, offset, path)` takes chunks of complete lines unparsed (the
        spool; it returns once the chunk is durable), instead of `sink` taking parse
        results; the offset is saved after either returned."""
        self.source, self.path, self.sink, self.offsets = source, path, sink, offsets
        self.raw_sink = raw_sink
        self.fmt, self.tz, self.site = fmt, tz, site
        self._f = None
        self._ino = self._dev = None
        self._pos = 0
        self._head = b""
        self.lines = 0

    # ------------------------------------------------------------------ public

    def poll(self) -> int:
        """Read whatever is new; returns the number of lines/records delivered."""
        delivered = 0
        if self._f is None:
            delivered += self._open_initial()
            if self._f is None:
                return delivered
        delivered += self._read(final=False)
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return delivered  # renamed away, the new file is not there yet
        if (st.st_ino, st.st_dev) != (self._ino, self._dev):
            delivered += self._read(final=True)  # rename rotation: finish the old file
            old = os.fstat(self._f.fileno())
            self._close()
            delivered += self._finish_skipped(old, st)  # rotated more than once since the last look
            delivered += self._open(0)
        elif st.st_size < self._pos or not self._same_head():
            delivered += self._finish_rotated_copy(self._head, self._pos)  # copytruncate
            self._pos = 0
            self._head = _head(self._f)
            delivered += self._read(final=False)
        return delivered

    async def run(self, stop: asyncio.Event, interval: float = 1.0) -> None:
        from collector.db.pool import Health, reason_of

        health = Health(f"tailing {self.path}", log)
        while not stop.is_set():
            try:
                await asyncio.to_thread(self.poll)
                health.ok()
            except OSError as exc:  # unreadable for now: keep trying, never give up
                health.failed(str(exc), exc)
            except Exception as exc:  # the store failed: the offset did not move, the lines come again
                health.failed(f"delivering lines failed, retrying: {reason_of(exc)}", exc)
            try:
                await asyncio.wait_for(stop.wait(), interval)
            except asyncio.TimeoutError:
                pass
        self._close()

    def close(self) -> None:
        self._close()

    # ------------------------------------------------------------------ internals

    def _open_initial(self) -> int:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return 0
        saved = self.offsets.load(self.source)
        delivered = 0
        start = 0
        if saved is not None and saved.offset > 0:
            if (saved.inode, saved.device) == (st.st_ino, st.st_dev) and st.st_size >= saved.offset \
                    and self._file_head(self.path, len(saved.head)) == saved.head:
                start = saved.offset
            else:  # rotated (or truncated) while we were not running
                delivered += self._finish_rotated_copy(saved.head, saved.offset, inode=saved.inode)
        return delivered + self._open(start)

    def _open(self, pos: int) -> int:
        try:
            f = open(self.path, "rb")  # noqa: SIM115 - kept open while tailing
        except FileNotFoundError:
            return 0
        st = os.fstat(f.fileno())
        self._f, self._ino, self._dev = f, st.st_ino, st.st_dev
        self._head = _head(f)
        self._pos = pos
        self._save()
        return self._read(final=False)

    def _close(self) -> None:
        if self._f is not None:
            self._f.close()
            self._f = None

    def _same_head(self) -> bool:
        if not self._head:
            return True
        cur = _head(self._f)
        if cur[: len(self._head)] != self._head:
            return False
        if len(self._head) < HEAD_BYTES and len(cur) > len(self._head):
            self._head = cur  # the file was shorter than HEAD_BYTES when opened
        return True

    @staticmethod
    def _file_head(path: str, n: int) -> bytes:
        with open(path, "rb") as f:
            return f.read(n)

    def _siblings(self) -> list[str]:
        names = set(glob.glob(glob.escape(self.path) + ".*")) | set(glob.glob(glob.escape(self.path) + "-*"))
        names.discard(self.path)
        found = []
        for n in names:
            if n.endswith((".gz", ".bz2", ".xz", ".zst")):
                continue
            try:
                found.append((os.stat(n).st_mtime, n))
            except OSError:
                continue
        return [n for _, n in sorted(found, reverse=True)]

    def _finish_rotated_copy(self, head: bytes, pos: int, inode: int | None = None) -> int:
        """Deliver what was after `pos` in the rotated copy of our file."""
        for name in self._siblings():
            try:
                st = os.stat(name)
                if st.st_size < pos:
                    continue
                if (inode is not None and st.st_ino == inode) or (head and self._file_head(name, len(head)) == head):
                    with open(name, "rb") as f:
                        n = self._deliver_from(f, pos, final=True, origin=name)
                    log.info("%s: finished %d line(s) from rotated %s", self.path, n, name)
                    return n
            except OSError:
                continue
        if pos:
            log.warning("%s: rotated copy not found; lines after byte %d of the old file may be missing",
                        self.path, pos)
        return 0

    def _finish_skipped(self, old: os.stat_result, new: os.stat_result) -> int:
        """Files that were our path between the old file and the new one (two
        rotations within one tail interval): read each whole, oldest first."""
        found = []
        for name in self._siblings():
            try:
                st = os.stat(name)
            except OSError:
                continue
            if (st.st_ino, st.st_dev) in ((old.st_ino, old.st_dev), (new.st_ino, new.st_dev)):
                continue
            if st.st_mtime >= old.st_mtime and st.st_ino > 0:
                found.append((st.st_mtime, name))
        n = 0
        for _, name in sorted(found):
            try:
                with open(name, "rb") as f:
                    got = self._deliver_from(f, 0, final=True, origin=name)
            except OSError:
                continue
            log.info("%s: read %d line(s) from %s, rotated in between", self.path, got, name)
            n += got
        return n

    def _read(self, final: bool) -> int:
        n = self._deliver_from(self._f, self._pos, final=final, origin=self.path, track=True)
        return n

    def _deliver_from(self, f, pos: int, *, final: bool, origin: str, track: bool = False) -> int:
        total = 0
        while True:
            f.seek(pos)
            data = f.read(CHUNK)
            if not data:
                break
            end = self._complete_end(data, final and len(data) < CHUNK)
            if end == 0:
                if len(data) >= CHUNK:  # a "line" of a megabyte: cut it rather than wait forever
                    end = len(data)
                else:
                    break
            if self.raw_sink is not None:
                chunk = data[:end]
                self.raw_sink(chunk, pos, origin)
                n = chunk.count(b"\n") + (0 if chunk.endswith(b"\n") else 1)
                self.lines += n
                total += n
            else:
                batch = self._parse(data[:end], pos, origin)
                total += self._hand_over(batch)
            pos += end
            if track:
                self._pos = pos
                self._save()
            if end < len(data) and len(data) < CHUNK:
                break
        return total

    def _complete_end(self, data: bytes, final: bool) -> int:
        if final:
            return len(data)
        if self.fmt == "radius-detail":
            i = data.rfind(b"\n\n")
            return i + 2 if i >= 0 else 0
        i = data.rfind(b"\n")
        return i + 1

    def _parse(self, data: bytes, base: int, origin: str) -> list:
        pairs = numbered_lines(data, base)
        now = datetime.now(self.tz)
        ctx = ParseContext(tz=self.tz, now=now, site=self.site, received_at=None)
        out = []
        for r in iter_parse(pairs, self.fmt, ctx, origin=origin, keep_raw=True):
            r.origin = f"{origin}@{r.line}"
            r.line = None
            if isinstance(r, PortalEvent):
                r.source = self.source
            out.append(r)
        return out

    def _hand_over(self, batch: list) -> int:
        if not batch:
            return 0
        result = self.sink(batch)
        if inspect.isawaitable(result):
            raise TypeError("FileTailer needs a synchronous sink (it runs in a worker thread)")
        self.lines += len(batch)
        return len(batch)

    def _save(self) -> None:
        self.offsets.save(self.source, Offset(self.path, self._ino, self._dev, self._pos, self._head))

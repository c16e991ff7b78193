"""Import historical log files into the store (used by `kunang import-logs` and the benchmark).

Files are read in the order given, parsed in batches and written through
`PortalStore`, which makes importing idempotent. Parsing the next batch overlaps
with the database writing the previous one: a writer thread stores the batches
(psycopg releases the GIL while it waits for the server). Large files are parsed
in a forked process (`collector.portal.producer`), which also builds the rows,
so parsing does not compete with pairing and writing for the GIL; small files
and standard input are parsed in this process. Both ways store the same rows.
An interruption leaves every committed batch in place; running the import again
completes it.

The cyclic garbage collector is paused during an import: the batches in flight
and the open sessions are hundreds of thousands of live objects that every full
collection would walk again (a third of the client CPU time), and the import
keeps no reference cycles; collection resumes when the file is done (anything
cyclic left behind is reclaimed then).
"""

from __future__ import annotations

import gc
import os
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import tzinfo

from collector.portal import producer
from collector.portal.context import ParseContext
from collector.portal.parser import iter_parse
from collector.portal.producer import END, Producer
from collector.portal.reader import open_lines, reference_time
from collector.portal.rows import Prepared
from collector.portal.store import PortalStore, WriteStats

BATCH = 20000
PART = 2500  # lines per part sent by the producer process (a batch streams in parts)
PARALLEL_MIN_BYTES = 1 << 20  # ~10k lines; below, a second process gains next to nothing
GZIP_RATIO = 8  # a .gz file counts as this many times its size


@dataclass
class Progress:
    path: str
    lines: int
    stats: WriteStats
    elapsed_s: float


class _Stopped(Exception):
    """The import stopped in the middle of a streamed batch: roll it back."""


class _Writer(threading.Thread):
    """Stores what the main thread hands over: whole batches (lists of parse
    results), or the parts of streamed batches (`Prepared`, then `END`)."""

    def __init__(self, store: PortalStore, source: str, maxsize: int = 2) -> None:
        super().__init__(name="portal-import-writer", daemon=True)
        self.store, self.source = store, source
        self.q: queue.Queue = queue.Queue(maxsize=maxsize)
        self.total = WriteStats()
        self.error: BaseException | None = None

    def run(self) -> None:
        while True:
            item = self.q.get()
            if item is None:
                return
            if self.error is not None or item is END:
                continue  # drain after a failure; the main thread reports it
            try:
                if type(item) is Prepared:
                    stats = self.store.write_stream(self._parts(item), default_source=self.source, defer_open=True)
                else:
                    stats = self.store.write(item, default_source=self.source, defer_open=True)
                self.total.add(stats)
            except _Stopped:
                return
            except BaseException as exc:  # noqa: BLE001 - handed to the main thread
                self.error = exc

    def _parts(self, first: Prepared):
        yield first
        while True:
            item = self.q.get()
            if item is END:
                return
            if item is None:
                raise _Stopped
            yield item

    def put(self, item) -> None:
        if self.error is not None:
            raise self.error
        self.q.put(item)

    def finish(self) -> WriteStats:
        self.q.put(None)
        self.join()
        if self.error is not None:
            raise self.error
        return self.total


def import_file(store: PortalStore, path: str, *, fmt: str, site: str, source: str, tz: tzinfo,
                batch: int = BATCH, progress: Callable[[Progress], None] | None = None,
                progress_every_s: float = 2.0, parallel: bool | None = None) -> WriteStats:
    """Import one file. `parallel`: parse in a forked process (default: for files
    of at least PARALLEL_MIN_BYTES); never for standard input or while other
    threads run in this process."""
    ctx = ParseContext(tz=tz, now=reference_time(path, tz), site=site)
    if parallel is None:
        parallel = path != "-" and _size(path) >= PARALLEL_MIN_BYTES
    if parallel and (path == "-" or not producer.available()):
        parallel = False  # standard input stays with this process; no fork next to other threads
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        child = _start_producer(store, path, ctx, fmt, source, batch) if parallel else None
        return _import(store, path, ctx, fmt, source, batch, progress, progress_every_s, child)
    finally:
        if gc_was_enabled:
            gc.enable()


def _size(path: str) -> int:
    try:
        size = os.stat(path).st_size
    except OSError:
        return 0  # the in-process reader reports the error
    return size * GZIP_RATIO if path.endswith(".gz") else size


def _parts(path: str, ctx: ParseContext, fmt: str, source: str, batch: int, part: int):
    """(parse results, last part of its batch?): batches of `batch` results, in
    parts of at most `part`."""
    buf: list = []
    n = 0  # results in the batch so far
    for result in iter_parse(open_lines(path), fmt, ctx, origin=path, keep_raw=True):
        result.source = source
        buf.append(result)
        n += 1
        if n >= batch:
            yield buf, True
            buf, n = [], 0
        elif len(buf) >= part:
            yield buf, False
            buf = []
    if buf or n:
        yield buf, True


def _import(store: PortalStore, path: str, ctx: ParseContext, fmt: str, source: str, batch: int,
            progress: Callable[[Progress], None] | None, progress_every_s: float,
            child: Producer | None = None) -> WriteStats:
    if child is None:
        writer = _Writer(store, source)
        items = (buf for buf, _ in _parts(path, ctx, fmt, source, batch, batch))
    else:  # about two batches in the queue, as in process
        writer = _Writer(store, source, maxsize=2 * -(-batch // min(batch, PART)) + 2)
        items = child
    writer.start()
    start = last = time.monotonic()
    lines = 0
    try:
        for item in items:
            if item is not END:
                lines = item.line if child is not None else item[-1].line or 0
            writer.put(item)
            now = time.monotonic()
            if progress is not None and now - last >= progress_every_s:
                last = now
                progress(Progress(path, lines, writer.total, now - start))
    finally:
        if child is not None:
            child.close()  # on Ctrl-C the child stops at once
        total = writer.finish()  # the batch in flight completes or rolls back, then stop
    total.sessions += store.flush_sessions()
    if progress is not None:
        progress(Progress(path, -1, total, time.monotonic() - start))
    return total


def _start_producer(store: PortalStore, path: str, ctx: ParseContext, fmt: str, source: str,
                    batch: int) -> Producer:
    builder = store.rows
    if ctx.site:  # the child cannot look sites up: resolve (create) the import's site now
        builder.site_ids[ctx.site] = store.resolve_site(ctx.site)

    def no_lookup(name: str):
        raise RuntimeError(f"site {name!r} was not resolved before the import")

    def parts():  # runs in the child
        builder.site_id = no_lookup
        return _parts(path, ctx, fmt, source, batch, PART)

    return Producer(parts, builder, store.conn.cursor(), source)

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

from collector.portal.context import ParseContext
from collector.portal import producer
from collector.portal.parser import iter_parse
from collector.portal.producer import Producer
from collector.portal.reader import open_lines, reference_time
from collector.portal.rows import Prepared
from collector.portal.store import PortalStore, WriteStats

BATCH = 20000
PARALLEL_MIN_BYTES = 1 << 20  # ~10k lines; below, a second process gains next to nothing
GZIP_RATIO = 8  # a .gz file counts as this many times its size


@dataclass
class Progress:
    path: str
    lines: int
    stats: WriteStats
    elapsed_s: float


class _Writer(threading.Thread):
    def __init__(self, store: PortalStore, source: str) -> None:
        super().__init__(name="portal-import-writer", daemon=True)
        self.store, self.source = store, source
        self.q: queue.Queue = queue.Queue(maxsize=2)
        self.total = WriteStats()
        self.error: BaseException | None = None

    def run(self) -> None:
        while True:
            batch = self.q.get()
            if batch is None:
                return
            if self.error is not None:
                continue  # drain after a failure; the main thread reports it
            try:
                if type(batch) is Prepared:
                    stats = self.store.write_prepared(batch, default_source=self.source, defer_open=True)
                else:
                    stats = self.store.write(batch, default_source=self.source, defer_open=True)
                self.total.add(stats)
            except BaseException as exc:  # noqa: BLE001 - handed to the main thread
                self.error = exc

    def put(self, batch: list | Prepared) -> None:
        if self.error is not None:
            raise self.error
        self.q.put(batch)

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


def _batches(path: str, ctx: ParseContext, fmt: str, source: str, batch: int):
    buf: list = []
    for result in iter_parse(open_lines(path), fmt, ctx, origin=path, keep_raw=True):
        result.source = source
        buf.append(result)
        if len(buf) >= batch:
            yield buf
            buf = []
    if buf:
        yield buf


def _import(store: PortalStore, path: str, ctx: ParseContext, fmt: str, source: str, batch: int,
            progress: Callable[[Progress], None] | None, progress_every_s: float,
            child: Producer | None = None) -> WriteStats:
    writer = _Writer(store, source)
    writer.start()
    start = last = time.monotonic()
    try:
        for buf in child if child is not None else _batches(path, ctx, fmt, source, batch):
            lines = buf.line if child is not None else buf[-1].line or 0
            writer.put(buf)
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
    if ctx.site:
        builder.site_ids[ctx.site] = store.site_id(ctx.site)  # the child cannot look sites up

    def no_lookup(name: str):
        raise RuntimeError(f"site {name!r} was not resolved before the import")

    def batches():  # runs in the child
        builder.site_id = no_lookup
        return _batches(path, ctx, fmt, source, batch)

    return Producer(batches, builder, store.conn.cursor(), source)

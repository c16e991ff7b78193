"""Import historical log files into the store (used by `kunang import-logs` and the benchmark).

Files are read in the order given, parsed in batches and written through
`PortalStore`, which makes importing idempotent. Parsing the next batch overlaps
with the database writing the previous one (a writer thread; psycopg releases
the GIL while it waits for the server). An interruption leaves every committed
batch in place; running the import again completes it.

The cyclic garbage collector is paused during an import: the batches in flight
and the open sessions are hundreds of thousands of live objects that every full
collection would walk again (a third of the client CPU time), and the import
keeps no reference cycles; collection resumes when the file is done (anything
cyclic left behind is reclaimed then).
"""

from __future__ import annotations

import gc
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import tzinfo

from collector.portal.context import ParseContext
from collector.portal.parser import iter_parse
from collector.portal.reader import open_lines, reference_time
from collector.portal.store import PortalStore, WriteStats

BATCH = 20000


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
                self.total.add(self.store.write(batch, default_source=self.source, defer_open=True))
            except BaseException as exc:  # noqa: BLE001 - handed to the main thread
                self.error = exc

    def put(self, batch: list) -> None:
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
                progress_every_s: float = 2.0) -> WriteStats:
    ctx = ParseContext(tz=tz, now=reference_time(path, tz), site=site)
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _import(store, path, ctx, fmt, source, batch, progress, progress_every_s)
    finally:
        if gc_was_enabled:
            gc.enable()


def _import(store: PortalStore, path: str, ctx: ParseContext, fmt: str, source: str, batch: int,
            progress: Callable[[Progress], None] | None, progress_every_s: float) -> WriteStats:
    writer = _Writer(store, source)
    writer.start()
    buf: list = []
    start = last = time.monotonic()
    try:
        for result in iter_parse(open_lines(path), fmt, ctx, origin=path, keep_raw=True):
            result.source = source
            buf.append(result)
            if len(buf) >= batch:
                lines = buf[-1].line or 0
                writer.put(buf)
                buf = []
                now = time.monotonic()
                if progress is not None and now - last >= progress_every_s:
                    last = now
                    progress(Progress(path, lines, writer.total, now - start))
        if buf:
            writer.put(buf)
    finally:
        total = writer.finish()  # on Ctrl-C: the batch in flight completes or rolls back, then stop
    total.sessions += store.flush_sessions()
    if progress is not None:
        progress(Progress(path, -1, total, time.monotonic() - start))
    return total

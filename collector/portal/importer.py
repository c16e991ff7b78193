"""Import historical log files into the store (used by `kunang import-logs` and the benchmark).

Files are read in the order given, parsed in batches and written through
`PortalStore`, which makes importing idempotent. An interruption leaves every
committed batch in place; running the import again completes it.
"""

from __future__ import annotations

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


def import_file(store: PortalStore, path: str, *, fmt: str, site: str, source: str, tz: tzinfo,
                batch: int = BATCH, progress: Callable[[Progress], None] | None = None,
                progress_every_s: float = 2.0) -> WriteStats:
    ctx = ParseContext(tz=tz, now=reference_time(path, tz), site=site)
    total = WriteStats()
    buf: list = []
    lines = 0
    start = last = time.monotonic()

    def flush() -> None:
        if buf:
            total.add(store.write(buf, default_source=source, defer_open=True))
            buf.clear()

    for result in iter_parse(open_lines(path), fmt, ctx, origin=path, keep_raw=True):
        result.source = source
        buf.append(result)
        if len(buf) >= batch:
            flush()
            lines = result.line or lines
            now = time.monotonic()
            if progress is not None and now - last >= progress_every_s:
                last = now
                progress(Progress(path, lines, total, now - start))
    flush()
    total.sessions += store.flush_sessions()
    if progress is not None:
        progress(Progress(path, -1, total, time.monotonic() - start))
    return total


"""A sink for live sources: collects events from the syslog receiver and the
file tailers, and writes them in batches from one worker thread, so neither the
event loop nor a tailer waits for the database.

    sink = BatchingSink(store.write, max_items=2000, max_delay_s=1.0)
    receiver = SyslogReceiver(routes, sink, ...)
    tailer = FileTailer(name, path, sink.write_now, offsets, ...)   # tailers flush before saving offsets
    ...
    sink.close()

`write_now` is for sources that must know the batch is stored before they move
on (the tailer saves its offset afterwards).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

log = logging.getLogger(__name__)


class BatchingSink:
    def __init__(self, write: Callable[[list], object], *, max_items: int = 2000, max_delay_s: float = 1.0,
                 max_pending: int = 100_000) -> None:
        self._write = write
        self.max_items, self.max_delay_s, self.max_pending = max_items, max_delay_s, max_pending
        self._buf: list = []
        self._cond = threading.Condition()
        self._closed = False
        self.dropped = 0
        self.failures = 0
        self._lock = threading.Lock()  # one write at a time
        from collector.db.pool import Health

        self.health = Health("storing portal events", log)
        self._thread = threading.Thread(target=self._run, name="portal-sink", daemon=True)
        self._thread.start()

    def __call__(self, results: list) -> None:
        with self._cond:
            if len(self._buf) >= self.max_pending:  # the database is down for long: keep the newest
                drop = len(self._buf) - self.max_pending + len(results)
                del self._buf[:drop]
                if not self.dropped:
                    log.warning("portal: more than %d events waiting for the database: the oldest are dropped "
                                "(counted; the collector's spool keeps them instead)", self.max_pending)
                self.dropped += drop
            self._buf.extend(results)
            if len(self._buf) >= self.max_items:
                self._cond.notify()

    def write_now(self, results: list) -> None:
        """Write synchronously (raises if the store fails)."""
        with self._lock:
            self._write(results)

    def _take(self) -> list:
        batch, self._buf = self._buf, []
        return batch

    def _run(self) -> None:
        while True:
            with self._cond:
                deadline = time.monotonic() + self.max_delay_s
                while not self._closed and len(self._buf) < self.max_items:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        break
                    self._cond.wait(left)
                batch = self._take()
                closed = self._closed
            if batch:
                try:
                    with self._lock:
                        self._write(batch)
                    self.health.ok()
                except Exception as exc:  # keep the batch for the next round; never die
                    from collector.db.pool import reason_of

                    self.failures += 1
                    self.health.failed(f"{len(batch)} event(s) kept for a retry: {reason_of(exc)}", exc)
                    with self._cond:
                        self._buf[:0] = batch
                    if not closed:
                        time.sleep(min(5.0, self.max_delay_s))
                    else:
                        return
            if closed:
                return

    def close(self, timeout: float = 30.0) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify()
        self._thread.join(timeout)

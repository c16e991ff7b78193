"""Simulated time. The model is a function of time; these say what time it is."""

from __future__ import annotations

import datetime as dt
import threading
import time


class SimClock:
    """Simulated time running `speed` times faster than the wall clock from `start`."""

    manual = False

    def __init__(self, start: dt.datetime | None = None, speed: float = 1.0):
        if speed <= 0:
            raise ValueError("speed must be positive")
        self.start = (start or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc)
        self.speed = speed
        self._t0 = time.monotonic()

    def now(self) -> dt.datetime:
        return self.start + dt.timedelta(seconds=(time.monotonic() - self._t0) * self.speed)


class ManualClock:
    """Time that moves only when told (tests step it between polls)."""

    speed = 1.0
    manual = True

    def __init__(self, start: dt.datetime):
        self._now = start.astimezone(dt.timezone.utc)
        self._lock = threading.Lock()

    def now(self) -> dt.datetime:
        with self._lock:
            return self._now

    def set(self, t: dt.datetime) -> None:
        with self._lock:
            self._now = t.astimezone(dt.timezone.utc)

    def advance(self, seconds: float) -> dt.datetime:
        with self._lock:
            self._now += dt.timedelta(seconds=seconds)
            return self._now


class FileClock:
    """Simulated time read from a file holding one ISO timestamp (a test process steps it)."""

    manual = True
    speed = 1.0

    def __init__(self, path):
        from pathlib import Path

        self.path = Path(path)
        self._mtime = None
        self._now = None

    def now(self) -> dt.datetime:
        st = self.path.stat()
        key = (st.st_ino, st.st_mtime_ns, st.st_size)  # write_clock_file replaces the file: a new inode
        if key != self._mtime or self._now is None:
            text = self.path.read_text().strip()
            if text:
                self._now = dt.datetime.fromisoformat(text).astimezone(dt.timezone.utc)
                self._mtime = key
        return self._now


def write_clock_file(path, t: dt.datetime) -> None:
    """Set a FileClock's time (atomically: write then rename)."""
    import os
    from pathlib import Path

    p = Path(path)
    tmp = p.with_suffix(p.suffix + ".tmp")
    tmp.write_text(t.isoformat())
    os.replace(tmp, p)

"""When each device is polled: a stable phase per device, spread uniformly over its interval.

A device's polls fall at `phase + k * interval` seconds of Unix time, its phase a hash of its key
(the AP's id) into [0, interval): a fleet's polls are uniform over the interval instead of a burst
at each minute, a device keeps its slots across restarts, and adding a device moves no other.

Each device runs its own loop (`run_device`), so a slow or dead device delays only itself: its
poll is bounded by the SNMP timeout, and a poll that overruns its next slot (or cannot start
before it) skips that slot; skipped slots are counted and reported (`poll_round.skipped`, the
data-quality page). How many polls run at once is bounded by the caller (a semaphore).
"""

from __future__ import annotations

import asyncio
import hashlib
import math
import time
from typing import Awaitable, Callable


def phase(key: str, interval_s: float) -> float:
    """The device's offset into its interval, in [0, interval_s): uniform, stable, independent of
    the other devices."""
    digest = hashlib.blake2b(key.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64 * interval_s


def next_slot(now: float, phase_s: float, interval_s: float) -> float:
    """The first slot `phase + k * interval` at or after `now` (Unix seconds)."""
    return phase_s + math.ceil((now - phase_s) / interval_s) * interval_s


async def run_device(key: str, interval_s: float, poll: Callable[[float], Awaitable[None]],
                     skipped: Callable[[int], None], stop: asyncio.Event, clock: Callable[[], float] = time.time) -> None:
    """Call `await poll(slot)` at each of the device's slots until `stop` is set. A poll still running
    (or not yet started) when later slots pass skips them: `skipped(n)` is told how many."""
    offset = phase(key, interval_s)
    slot = next_slot(clock(), offset, interval_s)
    while not stop.is_set():
        delay = slot - clock()
        if delay > 0:
            try:
                await asyncio.wait_for(stop.wait(), delay)
                return  # stopped while waiting
            except TimeoutError:
                pass
        await poll(slot)
        slot += interval_s
        now = clock()
        if now > slot:
            missed = math.ceil((now - slot) / interval_s)
            skipped(missed)
            slot += missed * interval_s

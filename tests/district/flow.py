"""In-process pieces of a district for the tests: fill an edge spool, run a forwarder or an ingest
worker until a condition holds, count what the database stored."""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
import time

import psycopg

from collector.edge.records import encode_edge_poll
from collector.intake import encode_chunk
from tests.district.synth import hotspot_line, poll
from tests.district.world import village


def fill(spool, v: int, start: dt.datetime, minutes: int, aps: int = 3, lines_per_hour: int = 20,
         clients: int = 30) -> tuple[int, int]:
    """`minutes` of village `v` at 60 s polls into an edge spool: (polls, lines)."""
    site = village(v)
    polls = lines = 0
    offset = 0
    for m in range(minutes):
        t = start + dt.timedelta(minutes=m)
        for a in range(1, aps + 1):
            spool.append(encode_edge_poll(site, f"ap{a}", poll(f"ap{a}", t, m, clients=clients, seed=v)))
            polls += 1
        if lines_per_hour and m % max(1, 60 // lines_per_hour) == 0:
            text = (hotspot_line(t, lines, seed=v) + "\n").encode()
            spool.append(encode_chunk("hotspot", "/var/log/opennds.log", offset, t.timestamp(), text))
            offset += len(text)
            lines += 1
    spool.sync()
    return polls, lines


def fill_week(spool, v: int, start: dt.datetime, aps=("ap2", "ap3"), step_min: int = 10, lines_per_hour: int = 20,
              clients: int = 2) -> tuple[int, int]:
    """Seven days of village `v` generated into its edge spool (polls every `step_min` minutes):
    (polls, lines)."""
    site = village(v)
    polls = lines = offset = 0
    for m in range(0, 7 * 24 * 60, step_min):
        t = start + dt.timedelta(minutes=m)
        for ap in aps:
            spool.append(encode_edge_poll(site, ap, poll(ap, t, m, clients=clients, seed=v)))
            polls += 1
        n = lines_per_hour * step_min // 60
        text = "".join(hotspot_line(t + dt.timedelta(seconds=i), lines + i, seed=v) + "\n" for i in range(n)).encode()
        spool.append(encode_chunk("hotspot", "/var/log/opennds-week.log", offset, t.timestamp(), text), count=n)
        offset += len(text)
        lines += n
    spool.sync()
    return polls, lines


def stored(dsn: str, v: int, aps: tuple[str, ...] | None = None) -> tuple[int, int, int]:
    """(ap_sample rows, distinct (ap, time) among them, portal events) of village v (of `aps` only)."""
    with psycopg.connect(dsn) as conn:
        samples, distinct = conn.execute(
            "SELECT count(*), count(DISTINCT (x.ap_id, x.time)) FROM ap_sample x JOIN ap a ON a.id = x.ap_id"
            " JOIN site s ON s.id = a.site_id WHERE s.name = %s AND (%s::text[] IS NULL OR a.name = ANY(%s))",
            (village(v), list(aps) if aps else None, list(aps) if aps else None)).fetchone()
        events = conn.execute("SELECT count(*) FROM portal_event e JOIN site s ON s.id = e.site_id"
                              " WHERE s.name = %s", (village(v),)).fetchone()[0]
    return samples, distinct, events


class Background:
    """An asyncio coroutine factory `fn(stop)` run in a thread of its own until `stop()`."""

    def __init__(self, fn) -> None:
        self.fn = fn
        self.error: BaseException | None = None
        self._loop = asyncio.new_event_loop()
        self._stop = None
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)

        async def main():
            self._stop = asyncio.Event()
            await self.fn(self._stop)
        try:
            self._loop.run_until_complete(main())
        except BaseException as exc:  # noqa: BLE001 - reported by stop()
            self.error = exc

    def stop(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + 5
        while self._stop is None and time.monotonic() < deadline:
            time.sleep(0.01)
        if self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(timeout)
        assert not self._thread.is_alive(), "background task did not stop"
        if self.error is not None:
            raise self.error


def wait_until(cond, timeout: float, what: str) -> None:
    t0 = time.monotonic()
    deadline = t0 + timeout
    while time.monotonic() < deadline:
        if cond():
            print(f"{what}: {time.monotonic() - t0:.1f} s")
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")

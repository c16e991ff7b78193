"""Poll scheduling (collector/cadence.py): stable, uniform phases; a slow device delays only itself;
slots it misses are counted as skipped."""

from __future__ import annotations

import asyncio
import time

from collector import cadence


def test_phases_are_stable_and_uniform():
    keys = [f"ap:{i}" for i in range(1, 2001)]
    phases = [cadence.phase(k, 60.0) for k in keys]
    assert phases == [cadence.phase(k, 60.0) for k in keys]  # stable
    assert all(0 <= p < 60 for p in phases)
    buckets = [0] * 10
    for p in phases:
        buckets[int(p // 6)] += 1
    assert all(150 <= b <= 250 for b in buckets), buckets  # 200 expected per 6 s
    busiest_second = max(sum(1 for p in phases if s <= p < s + 1) for s in range(60))
    assert busiest_second < 60  # ~33 expected; all at start would be 2,000


def test_next_slot():
    assert cadence.next_slot(100.0, 7.0, 60.0) == 127.0
    assert cadence.next_slot(127.0, 7.0, 60.0) == 127.0
    assert cadence.next_slot(127.5, 7.0, 60.0) == 187.0


def test_slow_device_delays_only_itself_and_its_misses_are_counted():
    interval = 0.3
    calls: dict[str, list[float]] = {"fast": [], "slow": []}
    skipped = {"fast": 0, "slow": 0}

    async def main():
        stop = asyncio.Event()

        def poller(name, duration):
            async def poll(slot):
                calls[name].append(time.time() - slot)  # lateness of the start
                await asyncio.sleep(duration)
            return poll

        def count(name):
            def add(n):
                skipped[name] += n
            return add

        tasks = [asyncio.create_task(cadence.run_device("fast", interval, poller("fast", 0.01), count("fast"), stop)),
                 asyncio.create_task(cadence.run_device("slow", interval, poller("slow", 0.7), count("slow"), stop))]
        await asyncio.sleep(3.2)
        stop.set()
        await asyncio.wait_for(asyncio.gather(*tasks), 5)

    asyncio.run(main())
    assert len(calls["fast"]) >= 8 and skipped["fast"] == 0  # ~10 slots in 3.2 s, none missed
    assert max(calls["fast"]) < 0.25  # each started at its slot, whatever the slow one did
    # the slow poll (0.7 s) overruns two slots of 0.3 s each time: about a third of slots polled
    assert 2 <= len(calls["slow"]) <= 5 and skipped["slow"] >= 2 * (len(calls["slow"]) - 1)
    total = len(calls["slow"]) + skipped["slow"]
    assert 8 <= total <= 13  # every slot is either polled or counted as skipped

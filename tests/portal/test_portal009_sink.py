"""The batching sink writes everything, in order, from one thread, and survives a failing store."""

from __future__ import annotations

import threading
import time

from collector.portal.sink import BatchingSink


def test_batches_by_size_and_delay_and_flushes_on_close():
    written: list[list] = []
    threads = set()

    def write(batch):
        threads.add(threading.current_thread().name)
        written.append(list(batch))

    sink = BatchingSink(write, max_items=3, max_delay_s=0.2)
    sink([1, 2])
    sink([3, 4])
    for _ in range(100):
        if written:
            break
        time.sleep(0.01)
    assert written and written[0] == [1, 2, 3, 4]
    sink([5])
    time.sleep(0.5)  # the delay flushes a small batch
    sink([6])
    sink.close()
    assert [x for b in written for x in b] == [1, 2, 3, 4, 5, 6]
    assert threads == {"portal-sink"}
    sink.write_now([7])
    assert written[-1] == [7]


def test_a_failing_store_does_not_lose_events():
    calls = {"n": 0}
    written = []

    def write(batch):
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("database restarting")
        written.extend(batch)

    sink = BatchingSink(write, max_items=1, max_delay_s=0.05)
    sink(["a", "b"])
    for _ in range(200):
        if written:
            break
        time.sleep(0.01)
    sink.close()
    assert written == ["a", "b"] and sink.failures == 1

"""The district's consumer loop: fetch batches from the hub's durable consumer `kunang-ingest`
(shared by every worker), hand each to `Ingest.handle`, acknowledge it only after it is stored.

A batch that fails to store (the database away) is negatively acknowledged with a delay and comes
again; the rest of its fetch comes back after `ingest.ack_wait_s`. The hub's link is reconnected
with backoff; its state is logged once per change (collector/edge/hub.py).
"""

from __future__ import annotations

import asyncio
import logging
import time

from collector.edge.subjects import DURABLE, PREFIX, STREAM

log = logging.getLogger(__name__)


async def consume(ingest, stop: asyncio.Event, *, ready: asyncio.Event | None = None) -> None:
    from nats.js.api import AckPolicy, ConsumerConfig

    from collector.edge.forwarder import _sleep_or_stop
    from collector.edge.hub import Link, ensure_stream

    ic = ingest.cfg.ingest
    link = Link(ic, f"kunang-ingest {ingest.name}")
    sub = None
    backoff = 1.0
    last_flush = 0.0
    try:
        while not stop.is_set():
            try:
                if sub is None:
                    js = await link.jetstream()
                    await ensure_stream(js, ic.stream_max_age_days)
                    sub = await js.pull_subscribe(
                        f"{PREFIX}.>", durable=DURABLE, stream=STREAM,
                        config=ConsumerConfig(durable_name=DURABLE, ack_policy=AckPolicy.EXPLICIT,
                                              ack_wait=float(ic.ack_wait_s), max_deliver=-1,
                                              max_ack_pending=10_000))
                    if ready is not None:
                        ready.set()
                try:
                    msgs = await sub.fetch(ic.fetch_batches, timeout=1.0)
                except asyncio.TimeoutError:
                    msgs = []
                for msg in msgs:
                    try:
                        await asyncio.to_thread(ingest.handle, msg.subject, msg.data)
                    except Exception as exc:  # the database away: this batch again soon, the rest of
                        from collector.db.pool import log_failure  # the fetch after ack_wait

                        log_failure(log, "storing a batch from the hub", exc)
                        try:
                            await msg.nak(delay=backoff)
                        except Exception:
                            pass
                        await _sleep_or_stop(stop, backoff)
                        backoff = min(30.0, backoff * 2)
                        break
                    await msg.ack_sync(timeout=10)  # after the commit: a crash before it, and it comes again
                    backoff = 1.0
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                if type(exc).__name__ == "TimeoutError":
                    continue
                from collector.db.pool import log_failure

                link.failed(exc)
                log_failure(log, "ingesting from the hub", exc)
                sub = None if link.nc is None or link.nc.is_closed else sub
                await _sleep_or_stop(stop, backoff)
                backoff = min(30.0, backoff * 2)
            if time.monotonic() - last_flush > 5:
                last_flush = time.monotonic()
                await asyncio.to_thread(ingest.flush_counters)
    finally:
        await link.close()

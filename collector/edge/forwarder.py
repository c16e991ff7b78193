"""From the edge's spool to the hub: one batch at a time, acknowledged before the spool moves on.

Each batch is the next records after the spool's acknowledged position, up to
`batch_max_records` / `batch_max_kb`; fresh records wait up to `linger_s` (by the time of the
oldest) so that one batch carries several polls of each AP (they compress together). A backlog
goes at once, batch after batch. The batch is published to `kunang.v1.<key>.<kind>` with
`Nats-Msg-Id` taken from the spool position (epoch, first, last seq), so a resend within the
hub's duplicate window is dropped there; the ingest is idempotent for anything older. The spool's
position advances only after the publish acknowledgement; until then the same records are sent
again (after a reconnect, a restart, a kill -9).
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass

from collector.edge import batch as wire
from collector.edge.records import EDGE_POLL, record_time
from collector.edge.subjects import msg_id, subject

log = logging.getLogger(__name__)


@dataclass
class Sent:
    batches: int = 0
    records: int = 0
    wire_bytes: int = 0  # batch payloads as published
    retries: int = 0


class Forwarder:
    def __init__(self, spool, link, *, site: str, key: str, edge_id: str, epoch: str, sources: dict,
                 codec: str = "zlib", max_records: int = 2000, max_bytes: int = 512 << 10, linger_s: float = 300,
                 publish_timeout_s: float = 30) -> None:
        self.spool, self.link = spool, link
        self.site, self.key, self.edge_id, self.epoch = site, key, edge_id, epoch
        self.sources = sources  # {source name: [site, format, time zone]}
        self.codec = codec
        self.max_records, self.max_bytes, self.linger_s = max_records, max_bytes, linger_s
        self.publish_timeout_s = publish_timeout_s
        self.sent = Sent()
        self.oldest: float | None = None  # time of the oldest record not yet acknowledged (when known)

    def _read(self):
        return self.spool.read(max_records=self.max_records, max_bytes=self.max_bytes)

    async def _next(self, stop: asyncio.Event) -> list:
        """The next batch's records (waiting for records, then up to the linger); [] at stop."""
        while not stop.is_set():
            if not await asyncio.to_thread(self.spool.wait_for_records, 0.5):
                self.oldest = None
                continue
            records = await asyncio.to_thread(self._read)
            if not records:
                continue
            self.oldest = record_time(records[0].payload)
            due = (self.oldest or time.time()) + self.linger_s
            while (time.time() < due and not stop.is_set() and self.spool.pending < self.max_records
                   and sum(len(r.payload) for r in records) < self.max_bytes):
                await _sleep_or_stop(stop, min(1.0, max(0.05, due - time.time())))
                if self.spool.pending > len(records):
                    records = await asyncio.to_thread(self._read)
            return records
        return []

    def build(self, records) -> tuple[str, str, bytes]:
        """(subject, message id, payload) of a batch of spool records."""
        first, last = records[0].seq, records[-1].seq
        header = {"v": 1, "site": self.site, "key": self.key, "edge": self.edge_id, "epoch": self.epoch,
                  "first": first, "last": last, "sources": self.sources}
        data = wire.encode(header, [(r.count, r.payload) for r in records], self.codec)
        kind = "poll" if all(r.payload[:1] == EDGE_POLL for r in records) else "log"
        return subject(self.key, kind), msg_id(self.key, self.epoch, first, last), data

    async def run(self, stop: asyncio.Event) -> None:
        backoff = 1.0
        while not stop.is_set():
            records = await self._next(stop)
            if not records or stop.is_set():  # at stop the spool keeps them for the next start
                continue
            subj, mid, data = await asyncio.to_thread(self.build, records)
            while True:
                try:
                    js = await self.link.jetstream()
                    await js.publish(subj, data, timeout=self.publish_timeout_s, headers={"Nats-Msg-Id": mid})
                    break
                except asyncio.CancelledError:
                    raise
                except Exception as exc:  # link down, hub away, no stream yet: the same batch again later
                    self.link.failed(exc)
                    self.sent.retries += 1
                    if stop.is_set():
                        return
                    await _sleep_or_stop(stop, backoff)
                    backoff = min(30.0, backoff * 2)
            backoff = 1.0
            self.spool.ack(records[-1].seq)
            self.sent.batches += 1
            self.sent.records += len(records)
            self.sent.wire_bytes += len(data)
            if self.spool.pending == 0:
                self.oldest = None


async def _sleep_or_stop(stop: asyncio.Event, seconds: float) -> None:
    try:
        await asyncio.wait_for(stop.wait(), seconds)
    except asyncio.TimeoutError:
        pass

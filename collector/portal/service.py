"""Run the live portal sources of kunang.yaml until told to stop.

    await run_portal(cfg, store, offsets, stop_event)

starts the syslog receiver (`portal.syslog`, routes from the `kind: syslog`
sources' peers), one tailer per `kind: file` source, and closes silent sessions
every minute (`portal.session_timeout_minutes`). Everything goes through one
`BatchingSink` in front of `store.write`. No global state: the caller owns the
store, the offsets and the stop event.
"""

from __future__ import annotations

import asyncio
import logging

from collector.db.pool import log_failure
from collector.portal.receiver import SyslogReceiver, routes_from_config
from collector.portal.sink import BatchingSink
from collector.portal.tailer import FileTailer, OffsetStore
from collector.portal.timeparse import get_zone

log = logging.getLogger(__name__)


def tailers_from_config(cfg, sink, offsets: OffsetStore, raw_sink=None) -> list[FileTailer]:
    """`raw_sink(source name)` -> the tailer's raw sink (the spool), else `sink` takes parse results."""
    zones = {s.name: s.timezone for s in cfg.sites}
    return [FileTailer(s.name, s.path, sink, offsets, fmt=s.format, tz=get_zone(s.timezone or zones.get(s.site)),
                       site=s.site, raw_sink=raw_sink(s.name) if raw_sink else None)
            for s in cfg.portal.sources if s.kind == "file"]


def line_sources(cfg) -> dict:
    """How each portal source's lines are parsed (for the intake replaying the spool)."""
    from collector.intake import LineSource

    zones = {s.name: s.timezone for s in cfg.sites}
    return {s.name: LineSource(s.name, s.site, s.format, get_zone(s.timezone or zones.get(s.site)))
            for s in cfg.portal.sources}


async def run_portal(cfg, store, offsets: OffsetStore, stop: asyncio.Event, *, tail_interval_s: float = 1.0,
                     expire_interval_s: float = 60.0, spool=None, counters=None) -> None:
    """With `spool` (the collector): every accepted line goes to the spool unparsed
    (the intake parses and stores it); without, through a BatchingSink to `store`."""
    sink = BatchingSink(store.write) if spool is None else None
    receiver = None
    routes = routes_from_config(cfg)
    lc = cfg.portal.syslog
    raw_line = raw_chunk = durable = None
    if spool is not None:
        raw_line, raw_chunk, durable = _spooling(spool)
    if lc.enabled and routes:
        receiver = SyslogReceiver(routes, sink, host=lc.address, port=lc.port, tcp=lc.tcp,
                                  max_message_bytes=lc.max_message_bytes, raw_sink=raw_line, durable=durable,
                                  receive_buffer_bytes=lc.receive_buffer_bytes)
        await receiver.start()
    tailers = tailers_from_config(cfg, sink.write_now if sink else None, offsets, raw_chunk)
    tasks = [asyncio.create_task(t.run(stop, tail_interval_s), name=f"tail:{t.source}") for t in tailers]
    if counters is not None and receiver is not None:
        tasks.append(asyncio.create_task(_watch_receiver(receiver, counters, stop), name="syslog-counters"))

    async def expire() -> None:
        while not stop.is_set():
            try:
                await asyncio.wait_for(stop.wait(), expire_interval_s)
            except asyncio.TimeoutError:
                pass
            try:
                await asyncio.to_thread(store.expire)
            except Exception as exc:  # the database may be away for a moment
                log_failure(log, "closing silent portal sessions", exc)

    if store is not None:  # an edge has no store: the district closes its sessions
        tasks.append(asyncio.create_task(expire(), name="portal-expire"))
    try:
        await stop.wait()
    finally:
        if receiver is not None:
            await receiver.stop()
        await asyncio.gather(*tasks, return_exceptions=True)
        if sink is not None:
            await asyncio.to_thread(sink.close)


def _spooling(spool):
    """The receiver's and the tailers' raw sinks on the spool, and the TCP path's wait."""
    import time

    from collector.intake import encode_chunk, encode_line

    def raw_line(route, origin: str, text: str, truncated: bool) -> int:
        return spool.append(encode_line(route.name, origin, time.time(), text))

    def raw_chunk(source: str):
        def put(data: bytes, offset: int, path: str) -> None:
            lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
            seq = spool.append(encode_chunk(source, path, offset, time.time(), data), count=lines)
            spool.wait_durable(seq)  # on disk before the tailer saves its offset
        return put

    async def durable(seq: int) -> None:
        if spool.durable_seq < seq:
            await asyncio.get_running_loop().run_in_executor(None, spool.wait_durable, seq, 10.0)

    return raw_line, raw_chunk, durable


async def _watch_receiver(receiver, counters, stop: asyncio.Event, every_s: float = 5.0) -> None:
    """The receiver's drops as counters: the kernel's for the UDP socket, unknown peers, truncations."""
    from collector.intake_state import udp_drops

    base = {n: counters.get("syslog", n) for n in ("kernel_drops", "unknown_peer", "truncated")}
    warned, warned_at = 0, -1e9
    loop = asyncio.get_running_loop()
    while not stop.is_set():
        drops = udp_drops(receiver.udp_socket) if receiver.udp_socket is not None else None
        if drops is not None:
            counters.set_max("syslog", "kernel_drops", base["kernel_drops"] + drops)
            if drops > warned and loop.time() - warned_at >= 300:  # at most every 5 minutes
                log.warning("syslog: the kernel dropped %d UDP message(s) since start (receive buffer full; "
                            "see portal.syslog.receive_buffer_bytes)", drops)
                warned, warned_at = drops, loop.time()
        counters.set_max("syslog", "unknown_peer", base["unknown_peer"] + receiver.stats.unknown_peer)
        counters.set_max("syslog", "truncated", base["truncated"] + receiver.stats.truncated)
        try:
            await asyncio.wait_for(stop.wait(), every_s)
        except asyncio.TimeoutError:
            pass

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


def tailers_from_config(cfg, sink, offsets: OffsetStore) -> list[FileTailer]:
    zones = {s.name: s.timezone for s in cfg.sites}
    return [FileTailer(s.name, s.path, sink, offsets, fmt=s.format, tz=get_zone(zones.get(s.site)), site=s.site)
            for s in cfg.portal.sources if s.kind == "file"]


async def run_portal(cfg, store, offsets: OffsetStore, stop: asyncio.Event, *, tail_interval_s: float = 1.0,
                     expire_interval_s: float = 60.0) -> None:
    sink = BatchingSink(store.write)
    receiver = None
    routes = routes_from_config(cfg)
    lc = cfg.portal.syslog
    if lc.enabled and routes:
        receiver = SyslogReceiver(routes, sink, host=lc.address, port=lc.port, tcp=lc.tcp,
                                  max_message_bytes=lc.max_message_bytes)
        await receiver.start()
    tailers = tailers_from_config(cfg, sink.write_now, offsets)
    tasks = [asyncio.create_task(t.run(stop, tail_interval_s), name=f"tail:{t.source}") for t in tailers]

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

    tasks.append(asyncio.create_task(expire(), name="portal-expire"))
    try:
        await stop.wait()
    finally:
        if receiver is not None:
            await receiver.stop()
        await asyncio.gather(*tasks, return_exceptions=True)
        await asyncio.to_thread(sink.close)

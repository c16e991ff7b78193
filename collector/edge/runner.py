"""The edge process (`kunang edge`): poll the village's APs and take its portal logs into the spool
with the collector's own code, forward the spool to the hub, send heartbeats. No database.

    edge = Edge(cfg)
    await edge.run(stop)          # until `stop` is set (SIGINT/SIGTERM)
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
import uuid
from pathlib import Path

from collector import cadence
from collector.db.inventory import ApRef
from collector.edge.subjects import inbox_prefix, subject
from collector.errors import KunangError

log = logging.getLogger(__name__)


def spool_epoch(directory: Path) -> str:
    """An id of this spool (its sequence numbers start again if the spool is ever removed), kept in it."""
    path = directory / "epoch"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        epoch = uuid.uuid4().hex[:12]
        tmp = directory / ".epoch.tmp"
        tmp.write_text(epoch)
        os.replace(tmp, path)
        return epoch


class Edge:
    def __init__(self, cfg, *, profiles=None, poll_fn=None) -> None:
        from collector import targets
        from collector.portal.service import line_sources

        if cfg.edge is None:
            raise KunangError("no `edge:` section in the configuration (see config/kunang.example.yaml) / "
                              "tidak ada bagian `edge:` dalam konfigurasi")
        self.cfg, self.e = cfg, cfg.edge
        self.site = cfg.site(self.e.site)
        self.key = self.site.site_key
        self.edge_id = self.e.edge_id or socket.gethostname()
        if profiles is None:
            from collector.profiles.loader import load_profiles

            profiles = load_profiles(cfg.snmp.profile_dirs)
        self.profiles = profiles
        from collector.poller import DevicePolls

        self.polls = DevicePolls()  # the collector's poll path: one engine, per device its hints and identity
        self._poll_fn = poll_fn or self.polls.poll
        self.devices = []
        for i, ap in enumerate(self.site.aps, start=1):
            ref = ApRef(i, 0, ap.name, self.site.name, self.site.timezone)
            self.devices.append(targets.Device(ref=ref, target=targets.snmp_target(cfg, ap), profile=ap.profile,
                                               interval_s=ap.poll_interval_s or cfg.snmp.poll_interval_s, icmp=False))
        self.sources = {name: [s.site, s.format, getattr(s.tz, "key", str(s.tz))]
                        for name, s in line_sources(cfg).items() if s.site == self.site.name}
        self.polled = 0
        self.spool = None
        self.forwarder = None
        self.started = time.time()

    async def poll_device(self, dev, slot: float | None = None) -> None:
        from collector.edge.records import encode_edge_poll

        try:
            result = await self._poll_fn(dev.target, self.profiles, dev.profile)
        except Exception:  # the poller reports device faults as states; this is a bug guard
            log.exception("poll of %s/%s failed unexpectedly", dev.ref.site, dev.ref.name)
            return
        self.polled += 1
        self.spool.append(encode_edge_poll(dev.ref.site, dev.ref.name, result))

    async def _device_loop(self, dev, stop: asyncio.Event) -> None:
        import functools

        try:
            await cadence.run_device(f"edge:{self.key}:{dev.ref.name}", dev.interval_s,
                                     functools.partial(self.poll_device, dev), lambda n: None, stop)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("polling loop of %s/%s failed", dev.ref.site, dev.ref.name)

    async def _heartbeats(self, link, stop: asyncio.Event) -> None:
        from collector.edge import heartbeat
        from collector.edge.forwarder import _sleep_or_stop

        vers = heartbeat.versions()
        while not stop.is_set():
            data = heartbeat.payload(edge_id=self.edge_id, site=self.site.name, key=self.key,
                                     spool_stats=self.spool.stats(), oldest=self.forwarder.oldest,
                                     sent=self.forwarder.sent, started=self.started, vers=vers)
            try:
                js = await link.jetstream()
                await js.publish(subject(self.key, "hb"), data, timeout=self.e.ack_timeout_s)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the link is down: the next one says how things are then
                link.failed(exc)
            await _sleep_or_stop(stop, self.e.heartbeat_s)

    async def run(self, stop: asyncio.Event) -> None:
        from collector.edge.batch import codec_for
        from collector.edge.forwarder import Forwarder
        from collector.edge.hub import Link
        from collector.intake_state import FileOffsets
        from collector.portal.service import run_portal
        from collector.spool import Spool, SpoolError

        spool_dir = Path(self.e.spool_dir)
        try:
            self.spool = Spool(spool_dir, max_bytes=self.e.spool_max_mb << 20, segment_bytes=1 << 20)
        except SpoolError as exc:
            raise KunangError(f"edge spool: {exc}") from None
        link = Link(self.e, f"kunang-edge {self.edge_id}", inbox_prefix=inbox_prefix(self.key))
        self.forwarder = Forwarder(self.spool, link, site=self.site.name, key=self.key, edge_id=self.edge_id,
                                   epoch=spool_epoch(spool_dir), sources=self.sources,
                                   codec=codec_for(self.e.compression), max_records=self.e.batch_max_records,
                                   max_bytes=self.e.batch_max_kb << 10, linger_s=self.e.linger_s,
                                   publish_timeout_s=self.e.ack_timeout_s)
        if self.spool.pending:
            log.info("edge spool: %d record(s) kept from before, forwarding them", self.spool.pending)
        tasks = [asyncio.create_task(self.forwarder.run(stop), name="edge-forward"),
                 asyncio.create_task(self._heartbeats(link, stop), name="edge-heartbeat")]
        if self.sources:
            offsets = FileOffsets(spool_dir)
            tasks.append(asyncio.create_task(run_portal(self.cfg, None, offsets, stop, spool=self.spool),
                                             name="edge-portal"))
        polling = [asyncio.create_task(self._device_loop(dev, stop), name=f"edge-poll-{dev.ref.name}")
                   for dev in self.devices]
        log.info("edge %r of site %r (%s): %d AP(s), %d portal source(s), hub %s", self.edge_id, self.site.name,
                 self.key, len(self.devices), len(self.sources), ", ".join(self.e.hub_urls))
        try:
            await stop.wait()
        finally:
            stop.set()
            if polling:
                _done, pending = await asyncio.wait(polling, timeout=30)
                for t in pending:
                    t.cancel()
            # a publish under way is cut short after a moment: its records stay in the spool
            _done, pending = await asyncio.wait(tasks, timeout=3)
            for t in pending:
                t.cancel()
            for t in tasks:
                try:
                    await t
                except asyncio.CancelledError:
                    pass
                except Exception:
                    log.exception("edge task %s failed", t.get_name())
            await link.close()
            self.spool.sync()
            if self.spool.pending:
                log.info("edge spool: %d record(s) not forwarded yet; kept for the next start", self.spool.pending)
            self.spool.close()
            self.polls.close()
            log.info("edge stopped")

"""Sensors of `sensors:` run as threads beside the other intakes; their records stored by the caller.

`SensingService(cfg, pseudo)` builds one `Sensor` per configured entry, with the handlers its `kinds`
name (`build_handlers`), and runs each capture in a thread of its own (a capture blocks in the kernel;
the BPF filter keeps its Python work to the wanted packets). Records wait in a queue until
`store_pending()` writes them, called by the owner (`kunang collect`: from its one writer thread every
few seconds; the edge collector may do the same). A sensor whose interface fails is a state, logged
once, and retried every `retry_s`. Nothing here is global: several services can run side by side.
"""

from __future__ import annotations

import collections
import logging
import threading
from typing import Any, Callable

from collector.sensing.lan import LanPresence
from collector.sensing.sensor import PacketHandler, Sensor

log = logging.getLogger(__name__)


def build_handlers(sc, pseudo, timezone: str) -> list[PacketHandler]:
    """The handlers of one `sensors:` entry (collector/config/sensors.py)."""
    handlers: list[PacketHandler] = []
    lan_kinds = tuple(k for k in sc.kinds if k in ("dhcp", "arp"))
    if lan_kinds:
        handlers.append(LanPresence(site=sc.site, pseudo=pseudo, timezone=timezone, kinds=lan_kinds,
                                    arp_silence_s=sc.arp_silence_s, lease_fallback_s=sc.lease_fallback_s,
                                    ignore_macs=frozenset(sc.ignore_macs)))
    if "probes" in sc.kinds:
        handlers.append(_probe_handler(sc, pseudo, timezone))
    return handlers


def _probe_handler(sc, pseudo, timezone: str) -> PacketHandler:
    from collector.sensing.probes import ProbeHandler, ProbeSettings

    return ProbeHandler(ProbeSettings(site=sc.site, timezone=timezone, rssi_threshold=sc.rssi_threshold,
                                      min_dwell_s=sc.min_dwell_s, no_signal=sc.no_signal), pseudo)


def make_store(handler: PacketHandler, pool, site: str):
    """The store of a handler's records (an object with `write(records)`)."""
    if isinstance(handler, LanPresence):
        from collector.sensing.lan_store import LanStore

        return LanStore(pool, site)
    if handler.name == "probes":
        from collector.sensing.probe_store import ProbeStore

        return ProbeStore(pool)
    raise TypeError(f"no store for sensing handler {handler.name!r}")


class SensingService:
    def __init__(self, cfg, pseudo, *, pool=None, retry_s: float = 30.0,
                 on_records: Callable[[str, str, list], None] | None = None):
        self.cfg = cfg
        self.retry_s = retry_s
        zones = {s.name: s.timezone for s in cfg.sites}
        self.sensors: dict[str, Sensor] = {}
        self.configs = {sc.name: sc for sc in cfg.sensors}
        self._queue: collections.deque = collections.deque()
        self._on_records = on_records
        for sc in cfg.sensors:
            handlers = build_handlers(sc, pseudo, zones.get(sc.site, "UTC"))
            self.sensors[sc.name] = Sensor(handlers, sink=self._sink(sc.name), name=sc.name)
        self.stores: dict[tuple[str, str], Any] = {}
        if pool is not None:
            for name, sensor in self.sensors.items():
                for h in sensor.handlers:
                    self.stores[(name, h.name)] = make_store(h, pool, self.configs[name].site)
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self.faults: dict[str, str] = {}  # sensor -> its current fault, logged once

    def _sink(self, sensor: str):
        def sink(handler: str, records: list) -> None:
            self._queue.append((sensor, handler, records))
            if self._on_records is not None:
                self._on_records(sensor, handler, records)
        return sink

    def start(self) -> None:
        for name in self.sensors:
            t = threading.Thread(target=self._run, args=(name,), name=f"kunang-sensor-{name}", daemon=True)
            t.start()
            self._threads.append(t)

    def _run(self, name: str) -> None:
        sc, sensor = self.configs[name], self.sensors[name]
        if sc.pcap is not None:
            try:
                sensor.run_pcap(sc.pcap, self._stop)
            except (OSError, ValueError) as exc:
                log.error("sensor %s: cannot read %s: %s", name, sc.pcap, exc)
            return
        while not self._stop.is_set():
            try:
                sensor.run_live(sc.interface, self._stop, promisc=sc.promiscuous)
                return
            except Exception as exc:  # no such interface, no permission, the link went away
                fault = f"{type(exc).__name__}: {exc}"
                if self.faults.get(name) != fault:
                    self.faults[name] = fault
                    log.error("sensor %s: capture on %s failed (%s); retrying every %ds", name, sc.interface,
                              fault, self.retry_s)
            self._stop.wait(self.retry_s)

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        for t in self._threads:
            t.join(timeout)
        self._threads.clear()

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the captures to end by themselves (pcap sensors); True when all did."""
        for t in self._threads:
            t.join(timeout)
        return not any(t.is_alive() for t in self._threads)

    def store_pending(self) -> int:
        """Write what the sensors produced (in the caller's thread); returns the number of batches."""
        n = 0
        while self._queue:
            sensor, handler, records = self._queue.popleft()
            store = self.stores.get((sensor, handler))
            if store is not None:
                try:
                    store.write(records)
                except Exception:
                    self._queue.appendleft((sensor, handler, records))  # kept for the next call
                    raise
            n += 1
        return n

    def counters(self) -> dict[str, dict]:
        return {name: s.all_counters() for name, s in self.sensors.items()}

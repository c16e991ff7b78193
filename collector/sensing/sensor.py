"""The capture loop: one kernel BPF filter, packets dispatched to handlers, records flushed.

A `Sensor` owns no policy: each `PacketHandler` decides what a packet means and which records it
makes; the sensor only captures (a live interface through a scapy L2 listening socket with the ORed
BPF fragments of its handlers compiled into the kernel, so unwanted traffic never reaches Python;
or a pcap file, filtered by the same expression through tcpdump when present), calls `handle` for
each packet, and calls `flush` every `flush_every_s` seconds (packet time for a pcap, so a
recording replays the same as the live link) and once at the end (with `finish`, when a handler has
one). Records go to `sink(handler name, records)`.

A handler must never raise; if one does anyway (a bug), the packet is counted under
`handler_errors`, logged once per handler, and the capture goes on.
"""

from __future__ import annotations

import logging
import select
import shutil
import socket
import threading
import time
from typing import Any, Callable, Iterable, Protocol, runtime_checkable

log = logging.getLogger(__name__)

Sink = Callable[[str, list], None]


@runtime_checkable
class PacketHandler(Protocol):
    name: str
    bpf: str  # the filter fragment this handler needs (the sensor ORs them together)
    counters: dict[str, int]  # e.g. seen, malformed, ignored

    def handle(self, pkt: Any, ts: float) -> None:
        """Take one packet (a scapy packet) captured at Unix time `ts`. Never raises: a malformed
        packet is counted and skipped."""

    def flush(self, now: float) -> list:
        """Records finished by `now` (Unix time), to store or print."""

    # optional: `raw_link`: the link layers (scapy class names: "Ether", "RadioTap") whose captured bytes
    # the handler reads itself. When every handler of a sensor reads the capture's link layer raw, the
    # sensor hands over bytes and skips scapy's dissection (15-80x the handler's own cost per packet,
    # docs/performance.md); otherwise each packet is dissected once and every handler gets the packet.
    # optional: `finish(now) -> list`, called once when the capture ends, for records a handler holds
    # until a later time (a probe handler's current hour); without it the sensor calls `flush(now)`


def load_layers() -> None:
    """Register the link layers captures use (Ethernet, radiotap/802.11) with scapy."""
    import scapy.layers.dot11  # noqa: F401
    import scapy.layers.inet  # noqa: F401
    import scapy.layers.l2  # noqa: F401


def combined_filter(handlers: Iterable[PacketHandler]) -> str:
    parts = [h.bpf.strip() for h in handlers if h.bpf and h.bpf.strip()]
    if not parts:
        return ""
    if len(parts) == 1:
        return parts[0]
    return " or ".join(f"({p})" for p in parts)


class Sensor:
    def __init__(self, handlers: list[PacketHandler], *, sink: Sink | None = None, flush_every_s: float = 1.0,
                 name: str = "sensor"):
        if not handlers:
            raise ValueError("a sensor needs at least one handler")
        self.handlers = list(handlers)
        self.sink = sink or (lambda _name, _records: None)
        self.flush_every_s = flush_every_s
        self.name = name
        self.counters: dict[str, int] = {"packets": 0, "handler_errors": 0, "flushes": 0}
        self._failed: set[str] = set()  # handlers whose bug was logged already
        self._next_flush: float | None = None
        self.last_ts: float | None = None

    @property
    def bpf(self) -> str:
        return combined_filter(self.handlers)

    def raw_for(self, link: str | None) -> bool:
        """Whether every handler reads frames of this link layer (a scapy class name) as bytes."""
        return link is not None and all(link in getattr(h, "raw_link", ()) for h in self.handlers)

    # ------------------------------------------------------------------ per packet

    def dispatch(self, pkt: Any, ts: float) -> None:
        self.counters["packets"] += 1
        self.last_ts = ts
        if self._next_flush is None:
            self._next_flush = ts + self.flush_every_s
        elif ts >= self._next_flush:  # time moved on: what ended before this packet ends first
            self.flush(ts)
        for h in self.handlers:
            try:
                h.handle(pkt, ts)
            except Exception:  # a handler bug: counted, logged once, the capture goes on
                self.counters["handler_errors"] += 1
                if h.name not in self._failed:
                    self._failed.add(h.name)
                    log.exception("sensor %s: handler %s failed on a packet (logged once)", self.name, h.name)

    def flush(self, now: float, *, final: bool = False) -> None:
        """Collect every handler's finished records; `final`: the capture ended, everything held too."""
        self.counters["flushes"] += 1
        self._next_flush = now + self.flush_every_s
        for h in self.handlers:
            try:
                records = h.flush(now)
                finish = getattr(h, "finish", None) if final else None
                if finish is not None:
                    records = list(records or []) + list(finish(now) or [])
            except Exception:
                self.counters["handler_errors"] += 1
                if h.name not in self._failed:
                    self._failed.add(h.name)
                    log.exception("sensor %s: handler %s failed to flush (logged once)", self.name, h.name)
                continue
            if records:
                self.sink(h.name, records)

    def all_counters(self) -> dict[str, dict[str, int]]:
        out = {"sensor": dict(self.counters)}
        for h in self.handlers:
            out[h.name] = dict(h.counters)
        return out

    # ------------------------------------------------------------------ sources

    def run_live(self, iface: str, stop: threading.Event, *, promisc: bool = True, poll_s: float = 0.25,
                 ready: threading.Event | None = None, rcvbuf: int = 4 << 20) -> None:
        """Capture on `iface` until `stop` is set. Needs root or CAP_NET_RAW."""
        from scapy.config import conf

        load_layers()
        sock = conf.L2listen(iface=iface, filter=self.bpf or None, promisc=promisc)
        try:
            # room for bursts while Python waits for the CPU (scapy asks for 64 KiB: ~200 frames); past
            # net.core.rmem_max only as root (SO_RCVBUFFORCE)
            for opt in (getattr(socket, "SO_RCVBUFFORCE", 33), socket.SO_RCVBUF):
                try:
                    sock.ins.setsockopt(socket.SOL_SOCKET, opt, rcvbuf)
                    break
                except OSError:
                    continue
            sock.ins.setblocking(False)  # after select(): read until the queue is empty
            if ready is not None:
                ready.set()
            raw = self.raw_for(getattr(sock.LL, "__name__", None))
            while not stop.is_set():
                readable, _, _ = select.select([sock], [], [], poll_s)
                for _ in range(512 if readable else 0):  # a batch, then the stop flag and the flush
                    try:
                        if raw:
                            _cls, pkt, ts = sock.recv_raw()
                        else:
                            pkt = sock.recv()
                            ts = getattr(pkt, "time", None)
                    except BlockingIOError:
                        break
                    except (OSError, ValueError) as exc:  # e.g. the interface went away
                        if stop.is_set():
                            break
                        log.warning("sensor %s: receive failed on %s: %s", self.name, iface, exc)
                        time.sleep(poll_s)
                        break
                    if pkt is not None:
                        self.dispatch(pkt, float(ts or time.time()))
                now = time.time()
                if self._next_flush is None or now >= self._next_flush:
                    self.flush(now)
        finally:
            sock.close()
            self.flush(time.time(), final=True)

    def run_pcap(self, path: str, stop: threading.Event | None = None, *, use_filter: bool = True,
                 end: float | None = None) -> None:
        """Replay a pcap file (its own time stamps); with `use_filter` and tcpdump present, the
        sensor's BPF filter applies as it would live. A final flush at `end` (default: the last
        packet's time)."""
        from scapy.config import conf
        from scapy.utils import RawPcapReader

        load_layers()
        reader: Any
        proc = None
        if use_filter and self.bpf and shutil.which("tcpdump"):
            import subprocess

            proc = subprocess.Popen(["tcpdump", "-r", path, "-w", "-", "-U", self.bpf],
                                    stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
            reader = RawPcapReader(proc.stdout)
        else:
            reader = RawPcapReader(path)
        try:
            cls = conf.l2types.get(reader.linktype)
            raw = self.raw_for(getattr(cls, "__name__", None))
            nano = getattr(reader, "nano", False)
            for data, meta in reader:
                if stop is not None and stop.is_set():
                    break
                ts = meta.sec + meta.usec / (1e9 if nano else 1e6)
                if raw:
                    self.dispatch(data, ts)
                    continue
                try:
                    pkt = cls(data) if cls is not None else conf.raw_layer(data)
                except Exception:  # what scapy's own readers do with a frame they cannot dissect
                    pkt = conf.raw_layer(data)
                self.dispatch(pkt, ts)
        finally:
            reader.close()
            if proc is not None:
                proc.kill()
                proc.wait()
        last = self.last_ts if self.last_ts is not None else time.time()
        self.flush(end if end is not None else last, final=True)

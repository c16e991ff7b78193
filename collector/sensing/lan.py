"""Devices present on a LAN, from DHCP and ARP: arrivals, departures, and a device type.

`LanPresence` is a `PacketHandler` (collector/sensing/sensor.py). Rules (docs/sensing.md):

- A device arrives with its first DHCP client message (DISCOVER, REQUEST, INFORM), its first DHCP ACK,
  or its first ARP packet (request, reply or probe). Its MAC is the DHCP client hardware address
  (`chaddr`: a relay does not hide it) or the ARP sender address.
- A MAC that sends DHCP replies (a server or relay) is infrastructure: never a device.
- A device leaves at the earliest of: its DHCP RELEASE; the end of its lease (ACK time + lease time;
  `lease_fallback_s` when the ACK gives no lease time, or when only its REQUEST was seen) unless renewed;
  `arp_silence_s` after its last packet. A later packet opens a new session.
- The device type comes from the DHCP fingerprint (collector/sensing/fingerprint.py); the hostname is
  read for that and forgotten unless the operator opted in to raw identifiers.

MACs become pseudonyms (collector/privacy.py) here, at arrival, with the same key and normalisation as
the SNMP and portal paths, so a device seen by all three is one device. Records carry the raw MAC and the
hostname only when `pseudo.keep_raw`.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from collector.identifiers import is_randomized, mac_octets, normalise_mac
from collector.privacy import Pseudonymizer
from collector.sensing import frames
from collector.sensing.fingerprint import classify

BPF = {"dhcp": "udp and (port 67 or port 68)", "arp": "arp"}
_NOT_DEVICES = (b"\x00" * 6, b"\xff" * 6)


@dataclass(frozen=True, slots=True)
class LanSession:
    """One device's presence at a site, as it is now (the store upserts by `session_no`)."""

    session_no: int
    site: str
    device: str  # pseudonym
    randomized: bool
    mac_raw: str | None  # only with store_raw_identifiers
    hostname: str | None  # only with store_raw_identifiers
    device_type: str | None  # phone | laptop | tablet | other; None: no DHCP fingerprint seen
    first_seen: float
    last_seen: float
    closed: bool
    left: str | None  # release | lease | silence (when closed)


@dataclass(slots=True)
class _Device:
    session_no: int
    device: str
    mac: str
    first_seen: float
    last_seen: float
    lease_end: float | None = None
    ip: str | None = None
    device_type: str | None = None
    hostname: str | None = None
    dirty: bool = True


@dataclass
class LanPresence:
    site: str
    pseudo: Pseudonymizer
    timezone: str = "UTC"
    kinds: tuple[str, ...] = ("dhcp", "arp")
    arp_silence_s: float = 900.0
    lease_fallback_s: float = 3600.0
    ignore_macs: frozenset[str] = frozenset()  # normalised MACs of infrastructure (routers, APs)
    max_devices: int = 65536
    name: str = "lan"
    raw_link: tuple[str, ...] = ("Ether",)  # reads Ethernet frames' bytes itself (collector/sensing/sensor.py)
    counters: dict[str, int] = field(default_factory=lambda: dict.fromkeys(
        ("seen", "dhcp", "arp", "ignored", "malformed", "arrivals", "departures", "dropped"), 0))
    devices: dict[bytes, _Device] = field(default_factory=dict)
    servers: set[bytes] = field(default_factory=set)
    _closed: list[LanSession] = field(default_factory=list)
    _numbers: itertools.count = field(default_factory=lambda: itertools.count(1))

    def __post_init__(self):
        unknown = set(self.kinds) - set(BPF)
        if unknown:
            raise ValueError(f"unknown LAN sensing kinds: {', '.join(sorted(unknown))}")
        self._zone = ZoneInfo(self.timezone)
        self._ignored = {mac_octets(m) for m in self.ignore_macs}

    @property
    def bpf(self) -> str:
        parts = [BPF[k] for k in self.kinds]
        return parts[0] if len(parts) == 1 else " or ".join(f"({p})" for p in parts)

    # ------------------------------------------------------------------ packets

    def handle(self, pkt, ts: float) -> None:
        self.counters["seen"] += 1
        frame = _raw(pkt)
        if frame is None:
            self.counters["ignored"] += 1
            return
        try:
            et, off = frames.ethertype(frame)
            if et == frames.ETH_ARP and "arp" in self.kinds:
                self._arp(frames.read_arp(frame, off), ts)
            elif et == frames.ETH_IPV4 and "dhcp" in self.kinds:
                if len(frame) >= off + 20 and frame[off + 9] != 17:  # not UDP (a short header is malformed)
                    self.counters["ignored"] += 1
                    return
                sport, dport, payload = frames.udp_payload(frame, off)
                if sport not in (67, 68) and dport not in (67, 68):
                    self.counters["ignored"] += 1
                    return
                self._dhcp(frames.read_dhcp(frame, frame[6:12], payload), ts)
            else:
                self.counters["ignored"] += 1
        except frames.Malformed:
            self.counters["malformed"] += 1

    def _dhcp(self, d: frames.Dhcp, ts: float) -> None:
        self.counters["dhcp"] += 1
        if d.op == 2:  # a server's (or relay's) reply
            if d.src_mac not in self.servers:
                self.servers.add(d.src_mac)
                if d.src_mac in self.devices:  # seen by ARP before it answered: not a person's device
                    self._close(d.src_mac, ts, "infrastructure")
            if d.msg_type == frames.ACK and d.chaddr not in self.servers:
                dev = self._touch(d.chaddr, ts)
                if dev is not None:
                    dev.lease_end = ts + (d.lease_s if d.lease_s is not None else self.lease_fallback_s)
                    dev.ip = d.yiaddr if d.yiaddr != "0.0.0.0" else d.ciaddr
            return
        if d.chaddr in self.servers:
            return
        if d.msg_type == frames.RELEASE:
            if d.chaddr in self.devices:
                self.devices[d.chaddr].last_seen = max(self.devices[d.chaddr].last_seen, ts)
                self._close(d.chaddr, ts, "release")
            return
        if d.msg_type not in (frames.DISCOVER, frames.REQUEST, frames.INFORM):
            return  # DECLINE, or none
        dev = self._touch(d.chaddr, ts)
        if dev is None:
            return
        if d.params is not None or d.vendor_class is not None:
            dev.device_type = classify(d.params, d.vendor_class, d.hostname)
        if d.hostname and self.pseudo.keep_raw:
            dev.hostname = d.hostname
        if d.msg_type == frames.REQUEST and dev.lease_end is None:
            dev.lease_end = ts + self.lease_fallback_s
        if d.requested:
            dev.ip = d.requested

    def _arp(self, a: frames.Arp, ts: float) -> None:
        self.counters["arp"] += 1
        if a.sender_mac in self.servers:
            return
        dev = self._touch(a.sender_mac, ts)
        if dev is not None and a.sender_ip != "0.0.0.0":
            dev.ip = a.sender_ip

    def _touch(self, mac: bytes, ts: float) -> _Device | None:
        if mac in _NOT_DEVICES or mac[0] & 1 or mac in self._ignored:  # multicast, zero, configured
            self.counters["ignored"] += 1
            return None
        dev = self.devices.get(mac)
        if dev is None:
            if len(self.devices) >= self.max_devices:
                self.counters["dropped"] += 1
                return None
            text = normalise_mac(mac)
            day = self.pseudo.day_of(ts, self._zone)
            dev = _Device(next(self._numbers), self.pseudo.device(text, day), text, ts, ts)
            self.devices[mac] = dev
            self.counters["arrivals"] += 1
            return dev
        if ts > dev.last_seen:
            dev.last_seen = ts
            dev.dirty = True
        return dev

    def _close(self, mac: bytes, ts: float, why: str) -> None:
        dev = self.devices.pop(mac)
        self.counters["departures"] += 1
        self._closed.append(self._record(dev, closed=True, left=why))

    # ------------------------------------------------------------------ records

    def _record(self, dev: _Device, *, closed: bool = False, left: str | None = None) -> LanSession:
        keep = self.pseudo.keep_raw
        return LanSession(dev.session_no, self.site, dev.device, is_randomized(dev.mac), dev.mac if keep else None,
                          dev.hostname if keep else None, dev.device_type, dev.first_seen, dev.last_seen, closed, left)

    def flush(self, now: float) -> list[LanSession]:
        for mac, dev in list(self.devices.items()):
            if now - dev.last_seen > self.arp_silence_s:
                self._close(mac, now, "silence")
            elif dev.lease_end is not None and now > dev.lease_end:
                self._close(mac, now, "lease")
        out, self._closed = self._closed, []
        for dev in self.devices.values():
            if dev.dirty:
                dev.dirty = False
                out.append(self._record(dev))
        return out

    def present(self) -> list[LanSession]:
        return [self._record(d) for d in self.devices.values()]


def _raw(pkt) -> bytes | None:
    """The Ethernet frame's bytes (a scapy packet's original capture, or bytes); None for other link types."""
    if isinstance(pkt, (bytes, bytearray, memoryview)):
        return bytes(pkt)
    from scapy.layers.l2 import Ether
    from scapy.packet import Raw

    if not isinstance(pkt, (Ether, Raw)):  # Raw: a frame scapy could not dissect (its sockets fall back to it)
        return None
    raw = getattr(pkt, "original", None)
    return raw if raw else bytes(pkt)

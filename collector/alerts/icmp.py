"""ICMP echo with scapy, to confirm an AP (or a site's gateway) is really down.

Raw sockets need root or CAP_NET_RAW: `detect()` checks once at start-up and,
without them, logs one clear warning and returns None (SNMP-only detection).
"""

from __future__ import annotations

import logging
import os
import socket
import threading

log = logging.getLogger(__name__)


def raw_sockets_available() -> bool:
    try:
        s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    except (PermissionError, OSError):
        return False
    s.close()
    return True


class IcmpChecker:
    """Send one echo request per address (plus `retries`) and report who answered."""

    def __init__(self, timeout_s: float = 1.0, retries: int = 1):
        self.timeout_s = timeout_s
        self.retries = retries
        self._lock = threading.Lock()  # scapy's routing table and sockets are process-wide

    def ping_many(self, addresses: list[str]) -> dict[str, bool]:
        if not addresses:
            return {}
        from scapy.all import ICMP, IP, conf, sr  # heavy: imported on first use

        resolved: dict[str, str] = {}
        for a in addresses:
            try:
                resolved[a] = socket.gethostbyname(a)
            except OSError:
                log.debug("cannot resolve %s for ICMP", a)
        out = {a: False for a in addresses}
        if not resolved:
            return out
        ident = os.getpid() & 0xFFFF
        alive: set[str] = set()
        with self._lock:
            conf.route.resync()  # links may have appeared since scapy was imported
            by_iface: dict[str, list[str]] = {}
            for ip in sorted(set(resolved.values())):
                by_iface.setdefault(str(conf.route.route(ip)[0]), []).append(ip)
            # one exchange per outgoing interface: scapy misses loopback replies in a mixed batch;
            # an exchange ends as soon as every host answered, so healthy groups cost little
            for ips in by_iface.values():
                packets = [IP(dst=ip) / ICMP(id=ident, seq=i + 1) for i, ip in enumerate(ips)]
                answered, _ = sr(packets, timeout=self.timeout_s, retry=self.retries, verbose=0)
                alive |= {snd[IP].dst for snd, rcv in answered if rcv.haslayer(ICMP) and rcv[ICMP].type == 0}
        for a, ip in resolved.items():
            out[a] = ip in alive
        return out

    def ping(self, address: str) -> bool:
        return self.ping_many([address])[address]


def detect(wanted: bool, timeout_s: float = 1.0) -> IcmpChecker | None:
    """The checker if ICMP is wanted and possible; else None (with one warning if wanted)."""
    if not wanted:
        return None
    if not raw_sockets_available():
        log.warning("ICMP checks are configured but this process cannot open raw sockets "
                    "(run as root or grant CAP_NET_RAW: setcap cap_net_raw+ep on the Python binary); "
                    "alerts use SNMP only")
        return None
    return IcmpChecker(timeout_s=timeout_s)

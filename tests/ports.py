"""Ports for the test servers: the one place tests pick a port to listen on.

Binding port 0 and handing the number on races: the kernel hands the same ephemeral range
(/proc/sys/net/ipv4/ip_local_port_range) to every outgoing connection (psycopg, HTTP clients) and to every
other xdist worker, so the port may be taken before our server binds it. Here ports come from BELOW the
ephemeral range, from a slice reserved for this xdist worker (PYTEST_XDIST_WORKER gw0..gwN; the main process
has its own slice), are never handed out twice in one process, and are checked free by binding them.
"""
from __future__ import annotations

import os
import random
import re
import socket
import threading

FLOOR = 10000
SLICES = 17  # the main process and gw0..gw15
_lock = threading.Lock()
_given: set[int] = set()
_next: int | None = None


def _ephemeral_low() -> int:
    try:
        with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
            return int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def worker_range() -> range:
    """This process's slice of [FLOOR, ephemeral low)."""
    m = re.fullmatch(r"gw(\d+)", os.environ.get("PYTEST_XDIST_WORKER", ""))
    slot = int(m.group(1)) + 1 if m else 0
    size = (_ephemeral_low() - FLOOR) // SLICES
    if slot >= SLICES or size < 16:
        raise RuntimeError(f"no port slice for worker slot {slot} below the ephemeral range {_ephemeral_low()}")
    return range(FLOOR + slot * size, FLOOR + (slot + 1) * size)


def _bindable(port: int, kind: str, host: str) -> bool:
    types = {"tcp": [socket.SOCK_STREAM], "udp": [socket.SOCK_DGRAM],
             "both": [socket.SOCK_STREAM, socket.SOCK_DGRAM]}[kind]
    socks = []
    try:
        for t in types:
            s = socket.socket(socket.AF_INET, t)
            socks.append(s)
            if t == socket.SOCK_STREAM:
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind((host, port))
        return True
    except OSError:
        return False
    finally:
        for s in socks:
            s.close()


def free_ports(count: int, kind: str = "tcp", host: str = "127.0.0.1") -> int:
    """The first of `count` consecutive ports, all free for `kind` ("tcp", "udp" or "both") on `host`."""
    global _next
    if kind not in ("tcp", "udp", "both"):
        raise ValueError(f"kind must be tcp, udp or both, not {kind!r}")
    r = worker_range()
    with _lock:
        if _next is None:  # a random start: concurrent test sessions on one machine rarely meet
            _next = random.randrange(r.start, r.stop)
        for _ in range(len(r)):
            p = _next if _next + count <= r.stop else r.start
            _next = p + 1
            block = range(p, p + count)
            if any(q in _given for q in block) or not all(_bindable(q, kind, host) for q in block):
                continue
            _given.update(block)
            _next = p + count
            return p
    raise RuntimeError(f"no {count} consecutive free {kind} ports in {r.start}-{r.stop - 1} on {host}")


def free_port(kind: str = "tcp", host: str = "127.0.0.1") -> int:
    """A port free for `kind` ("tcp", "udp" or "both") on `host`, never handed out before in this process."""
    return free_ports(1, kind, host)


def udp_bound(port: int) -> bool | None:
    """Whether a socket is bound to UDP `port` (any address; /proc/net/udp), None where that cannot be read:
    a server's readiness to wait on before its first request (a datagram sent earlier is lost)."""
    try:
        with open("/proc/net/udp") as f:
            rows = [line.split() for line in f.readlines()[1:]]
    except OSError:
        return None
    return any(len(r) > 1 and r[1].endswith(f":{port:04X}") for r in rows)

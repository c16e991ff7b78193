"""Villages as network namespaces: each `edge<tag>v<N>` namespace is joined to the district's
namespace `edge<tag>d<N>` by a veth pair whose district end the test takes down and up (the
village's link). Both ends are created inside their namespaces and go with them, so the root
namespace's links never change (tests/netns.py says why); the district's side of the test (the
impairment proxy) listens on a socket opened in the district's namespace (`listen_socket()`).
Needs root; without it the tests fail saying so (they are not skipped)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import uuid

import pytest

from tests import netns


def require_netns() -> None:
    if os.geteuid() != 0 or shutil.which("ip") is None:
        pytest.fail("the district test bed needs root and iproute2 (network namespaces and veth pairs); "
                    "run the tests as root", pytrace=False)


def ip(*args: str) -> None:
    r = subprocess.run(["ip", *args], capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"ip {' '.join(args)}: {r.stderr.strip()}")


class Village:
    """Namespace `ns`, host address `host_ip` (the district's side), village address `ip`."""

    def __init__(self, v: int, tag: str | None = None) -> None:
        tag = tag or uuid.uuid4().hex[:4]
        self.ns, self.host_ns = f"edge{tag}v{v}", f"edge{tag}d{v}"
        self.host_if, self.ns_if = f"edge{tag}h{v}", f"edge{tag}n{v}"
        net = f"10.{200 + int(tag, 16) % 50}.{v}"
        self.host_ip, self.ip = f"{net}.1", f"{net}.2"
        ip("netns", "add", self.ns)
        try:
            ip("netns", "add", self.host_ns)
            ip("link", "add", self.host_if, "netns", self.host_ns, "type", "veth", "peer", "name", self.ns_if,
               "netns", self.ns)
            ip("-n", self.host_ns, "addr", "add", f"{self.host_ip}/30", "dev", self.host_if)
            ip("-n", self.host_ns, "link", "set", self.host_if, "up")
            ip("-n", self.host_ns, "link", "set", "lo", "up")
            ip("-n", self.ns, "addr", "add", f"{self.ip}/30", "dev", self.ns_if)
            ip("-n", self.ns, "link", "set", self.ns_if, "up")
            ip("-n", self.ns, "link", "set", "lo", "up")
        except Exception:
            self.close()
            raise

    def link(self, up: bool) -> None:
        ip("-n", self.host_ns, "link", "set", self.host_if, "up" if up else "down")

    def listen_socket(self) -> socket.socket:
        """A TCP socket bound to host_ip (a free port) in the district's namespace, not yet listening."""
        def bind() -> socket.socket:
            s = socket.socket()
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind((self.host_ip, 0))
            return s
        return netns.call_in(self.host_ns, bind)

    def cmd(self, *args: str) -> list[str]:
        return ["ip", "netns", "exec", self.ns, *args]

    def close(self) -> None:
        subprocess.run(["ip", "netns", "del", self.host_ns], capture_output=True)  # the veth pair goes with it
        subprocess.run(["ip", "netns", "del", self.ns], capture_output=True)

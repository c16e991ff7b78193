"""A LAN in network namespaces: a server namespace (a bridge, real dnsmasq) and client namespaces, each
joined to the bridge by a veth pair, with real DHCP clients (ISC dhclient, BusyBox udhcpc).

Namespaces are named `sense<tag>...` (this helper's prefix); `TestBed.close()` stops every process it
started and deletes its namespaces, also after a failure. Needs root (CAP_NET_ADMIN).
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests import netns

SUBNET = "10.77.0"

DHCLIENT_SCRIPT = """#!/bin/sh
case "$reason" in
  BOUND|RENEW|REBIND|REBOOT) ip addr flush dev "$interface"; ip addr add "$new_ip_address/$new_subnet_mask" dev "$interface" ;;
  RELEASE|EXPIRE|STOP|FAIL) ip addr flush dev "$interface" ;;
esac
exit 0
"""
UDHCPC_SCRIPT = """#!/bin/sh
case "$1" in
  bound|renew) ip addr flush dev "$interface"; ip addr add "$ip/${mask:-24}" dev "$interface" ;;
  deconfig) ip addr flush dev "$interface" ;;
esac
exit 0
"""
# Debian's /etc/dhcp/dhclient.conf request line, with a host name of our choosing
DHCLIENT_CONF = """send host-name "{hostname}";
option rfc3442-classless-static-routes code 121 = array of unsigned integer 8;
request subnet-mask, broadcast-address, time-offset, routers, domain-name, domain-name-servers, domain-search,
        host-name, netbios-name-servers, netbios-scope, interface-mtu, rfc3442-classless-static-routes, ntp-servers;
"""


def available() -> str | None:
    """Why the test bed cannot run here, or None."""
    if os.geteuid() != 0:
        return "needs root (network namespaces)"
    for tool in ("ip", "dnsmasq", "dhclient", "udhcpc", "busybox"):
        if not shutil.which(tool) and not os.path.exists(f"/usr/sbin/{tool}"):
            return f"{tool} is not installed"
    return None


def _run(*cmd: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, check=check, capture_output=True, text=True, timeout=20)


@dataclass
class Client:
    ns: str
    mac: str
    proc: subprocess.Popen | None = None


@dataclass
class TestBed:
    tmp: Path
    tag: str = field(default_factory=lambda: secrets.token_hex(2))
    lease_s: int = 120
    namespaces: list[str] = field(default_factory=list)
    procs: list[subprocess.Popen] = field(default_factory=list)
    clients: dict[str, Client] = field(default_factory=dict)

    @property
    def server(self) -> str:
        return f"sense{self.tag}srv"

    @property
    def leases(self) -> Path:
        return self.tmp / "dnsmasq.leases"

    def ns_exec(self, ns: str, *cmd: str, check: bool = True) -> subprocess.CompletedProcess:
        return _run("ip", "netns", "exec", ns, *cmd, check=check)

    def popen(self, ns: str, *cmd: str, log: str) -> subprocess.Popen:
        out = open(self.tmp / log, "wb")
        p = subprocess.Popen(["ip", "netns", "exec", ns, *cmd], stdout=out, stderr=subprocess.STDOUT,
                             start_new_session=True)
        out.close()
        self.procs.append(p)
        return p

    def start(self) -> None:
        _run("ip", "netns", "add", self.server)
        self.namespaces.append(self.server)
        self.ns_exec(self.server, "ip", "link", "set", "lo", "up")
        self.ns_exec(self.server, "ip", "link", "add", "br0", "type", "bridge")
        self.ns_exec(self.server, "ip", "addr", "add", f"{SUBNET}.1/24", "dev", "br0")
        self.ns_exec(self.server, "ip", "link", "set", "br0", "up")
        (self.tmp / "dhclient.sh").write_text(DHCLIENT_SCRIPT)
        (self.tmp / "udhcpc.sh").write_text(UDHCPC_SCRIPT)
        os.chmod(self.tmp / "dhclient.sh", 0o755)
        os.chmod(self.tmp / "udhcpc.sh", 0o755)

    def start_dnsmasq(self) -> None:
        self.leases.write_text("")
        self.popen(self.server, "/usr/sbin/dnsmasq", "--no-daemon", "--conf-file=/dev/null", "--port=0",
                   "--interface=br0", "--bind-interfaces", "--dhcp-authoritative", "--no-ping",
                   f"--dhcp-range={SUBNET}.10,{SUBNET}.100,255.255.255.0,{self.lease_s}s",
                   f"--dhcp-leasefile={self.leases}", "--pid-file=", "--user=root", "--log-dhcp",
                   log="dnsmasq.log")

    def add_client(self, name: str, mac: str) -> Client:
        ns = f"sense{self.tag}{name}"
        _run("ip", "netns", "add", ns)
        self.namespaces.append(ns)
        host_if = f"s{self.tag}{name}"
        _run("ip", "link", "add", host_if, "netns", self.server, "type", "veth", "peer", "name", "eth0",
             "netns", ns)
        self.ns_exec(self.server, "ip", "link", "set", host_if, "master", "br0", "up")
        self.ns_exec(ns, "ip", "link", "set", "lo", "up")
        self.ns_exec(ns, "ip", "link", "set", "eth0", "address", mac, "up")
        c = Client(ns, mac)
        self.clients[name] = c
        return c

    def dhclient(self, name: str, hostname: str) -> None:
        c = self.clients[name]
        conf = self.tmp / f"{name}.conf"
        conf.write_text(DHCLIENT_CONF.format(hostname=hostname))
        c.proc = self.popen(c.ns, "dhclient", "-4", "-d", "-v", "-cf", str(conf), "-sf", str(self.tmp / "dhclient.sh"),
                            "-lf", str(self.tmp / f"{name}.leases"), "-pf", str(self.tmp / f"{name}.pid"), "eth0",
                            log=f"{name}.log")

    def dhclient_release(self, name: str) -> None:
        c = self.clients[name]
        self.ns_exec(c.ns, "dhclient", "-4", "-r", "-v", "-cf", str(self.tmp / f"{name}.conf"),
                     "-sf", str(self.tmp / "dhclient.sh"), "-lf", str(self.tmp / f"{name}.leases"),
                     "-pf", str(self.tmp / f"{name}.pid"), "eth0")

    def udhcpc(self, name: str, *options: str) -> None:
        c = self.clients[name]
        c.proc = self.popen(c.ns, "udhcpc", "-f", "-R", "-i", "eth0", "-s", str(self.tmp / "udhcpc.sh"),
                            "-t", "10", "-T", "1", *options, log=f"{name}.log")

    def lease_file(self) -> dict[str, str]:
        """MAC -> address, from dnsmasq's lease file (`expiry mac ip hostname client-id`)."""
        out = {}
        for line in self.leases.read_text().splitlines():
            parts = line.split()
            if len(parts) >= 3:
                out[parts[1].lower()] = parts[2]
        return out

    def address(self, name: str) -> str | None:
        r = self.ns_exec(self.clients[name].ns, "ip", "-4", "-o", "addr", "show", "dev", "eth0", check=False)
        for word in r.stdout.split():
            if word.startswith(SUBNET + "."):
                return word.split("/")[0]
        return None

    def close(self) -> None:
        for p in reversed(self.procs):
            if p.poll() is None:
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            try:
                p.wait(5)
            except subprocess.TimeoutExpired:
                pass
        for ns in reversed(self.namespaces):
            _run("ip", "netns", "delete", ns, check=False)


def in_namespace(ns: str, target, *args) -> threading.Thread:
    """Run `target(*args)` in a thread that joined network namespace `ns` (sockets it opens live there)."""

    def enter_and_run():
        netns.enter(ns)
        target(*args)

    t = threading.Thread(target=enter_and_run, name=f"in-{ns}", daemon=True)
    t.start()
    return t


def wait_for(predicate, timeout: float, what: str, step: float = 0.1):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        v = predicate()
        if v:
            return v
        time.sleep(step)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")

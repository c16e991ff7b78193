"""ICMP with scapy against a test host in a network namespace created here.

The host `10.213.77.2` lives in namespace `kna<pid>`, the prober's end of the veth pair (10.213.77.1/29) in
namespace `knp<pid>`: both ends are created there, so the root namespace's links never change (that would
cancel the browser tests' requests, ERR_NETWORK_CHANGED). The real checker sends from a thread inside the
prober's namespace (`InProber`). Setting the host's link down makes it "down". Deleting the namespaces
removes everything.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from collector.alerts import icmp
from collector.alerts.manager import AlertManager, PollOutcome

from tests import netns

from .conftest import EVERY_DAY, Clock, make_config
from .helpers import counts

HOST, PROBER, ABSENT = "10.213.77.2", "10.213.77.1", "10.213.77.5"


def ip(*args, check=True):
    return subprocess.run(["ip", *args], capture_output=True, text=True, check=check)


class InProber:
    """The real checker, each exchange made from a thread inside the prober's namespace (as `ip netns exec`)."""

    def __init__(self, checker: icmp.IcmpChecker, ns: str):
        self.checker, self.ns = checker, ns

    def ping_many(self, addresses: list[str]) -> dict[str, bool]:
        return netns.call_in(self.ns, self.checker.ping_many, addresses)

    def ping(self, address: str) -> bool:
        return self.ping_many([address])[address]


@pytest.fixture(scope="module")
def netns_host():
    """(set_up(bool), prober namespace)."""
    if shutil.which("ip") is None:
        pytest.skip("the ip command (Debian package iproute2) is not installed")
    ns, prober = f"kna{os.getpid()}", f"knp{os.getpid()}"
    a, b = f"kva{os.getpid() % 100000}", f"kvb{os.getpid() % 100000}"
    probe = ip("netns", "add", ns, check=False)
    if probe.returncode != 0:
        pytest.skip(f"cannot create a network namespace (needs CAP_NET_ADMIN): {probe.stderr.strip()}")
    try:
        ip("netns", "add", prober)
        ip("link", "add", a, "netns", prober, "type", "veth", "peer", "name", b, "netns", ns)
        ip("-n", prober, "addr", "add", f"{PROBER}/29", "dev", a)
        ip("-n", prober, "link", "set", "lo", "up")
        ip("-n", prober, "link", "set", a, "up")
        ip("-n", ns, "addr", "add", f"{HOST}/29", "dev", b)
        ip("-n", ns, "link", "set", "lo", "up")
        ip("-n", ns, "link", "set", b, "up")

        def set_up(up: bool):
            ip("-n", ns, "link", "set", b, "up" if up else "down")

        yield set_up, prober
    finally:
        ip("netns", "del", prober, check=False)  # the veth pair goes with it
        ip("netns", "del", ns, check=False)
    assert ns not in ip("netns", "list").stdout and prober not in ip("netns", "list").stdout


def test_scapy_echo_sees_the_host_go_down_and_up(netns_host):
    netns_host, prober = netns_host
    assert icmp.raw_sockets_available()
    checker = InProber(icmp.IcmpChecker(timeout_s=1.0, retries=0), prober)
    assert checker.ping_many([HOST, ABSENT, "no-such-host.invalid", "127.0.1.7"]) == {
        HOST: True, ABSENT: False, "no-such-host.invalid": False, "127.0.1.7": True}  # loopback: the demo's gateways
    netns_host(False)
    try:
        assert checker.ping(HOST) is False
    finally:
        netns_host(True)
    assert checker.ping(HOST) is True


def test_without_raw_sockets_one_warning_and_snmp_only():
    if shutil.which("capsh") is None:
        pytest.skip("capsh (Debian package libcap2-bin) is needed to drop CAP_NET_RAW for this check")
    code = ("import logging; logging.basicConfig(level=logging.WARNING)\n"
            "from collector.alerts import icmp\n"
            "print('raw', icmp.raw_sockets_available())\n"
            "print('checker', icmp.detect(True))\n"
            "print('unwanted', icmp.detect(False))\n")
    r = subprocess.run(["capsh", "--drop=cap_net_raw", "--", "-c", f"{sys.executable} -c \"{code}\""],
                       capture_output=True, text=True, cwd=os.getcwd(), timeout=60)
    assert r.returncode == 0, r.stderr
    assert "raw False" in r.stdout and "checker None" in r.stdout and "unwanted None" in r.stdout
    warnings = [line for line in r.stderr.splitlines() if "WARNING" in line]
    assert len(warnings) == 1 and "cannot open raw sockets" in warnings[0] and "SNMP only" in warnings[0]


def test_ping_confirms_snmp_failures_and_gateway_down_is_a_site_alert(netns_host, pg_dsn, db, sink, inventory):
    netns_host, prober = netns_host
    sites = [
        {"name": "Sembalun", "opening_hours": EVERY_DAY, "gateway": HOST,
         "aps": [{"name": "ap-1", "address": "127.0.0.1", "port": 16101},
                 {"name": "ap-2", "address": "127.0.0.1", "port": 16102}]},
        {"name": "Aikmel", "opening_hours": EVERY_DAY,
         "aps": [{"name": "ap-3", "address": HOST, "port": 16103, "icmp": True}]},
    ]
    cfg = make_config(sink, sites=sites)
    refs = inventory(cfg)
    clock = Clock()
    mgr = AlertManager(pg_dsn, cfg, clock=clock, icmp="auto", watch_rounds=False)
    assert isinstance(mgr.icmp, icmp.IcmpChecker)
    mgr.icmp = InProber(mgr.icmp, prober)
    ap3 = refs[("Aikmel", "ap-3")].ap_id
    ap1, ap2 = refs[("Sembalun", "ap-1")].ap_id, refs[("Sembalun", "ap-2")].ap_id

    def rnd():
        t = clock.advance(minutes=1)
        # ap-3 has no SNMP agent at all: every SNMP poll fails; ap-1/2 answer SNMP
        mgr.process([PollOutcome(ap3, t, False), PollOutcome(ap1, t, True, 2), PollOutcome(ap2, t, True, 4)])
        mgr.tick()

    try:
        for _ in range(4):
            rnd()
        assert counts(sink) == {"mail": 0, "tg": 0, "hook": 0}  # answers ping: not down
        netns_host(False)
        for _ in range(3):
            rnd()
        subjects = [m["subject"] for m in sink["smtp"].messages]
        assert sorted(subjects) == ["[Kunang] LOKASI TERPUTUS: Sembalun", "[Kunang] MATI: ap-3 di Aikmel"]
        site_mail = next(m for m in sink["smtp"].messages if "LOKASI" in m["subject"])
        assert f"(gateway {HOST} tidak terjangkau)" in site_mail["body"]
        netns_host(True)
        for _ in range(2):
            rnd()
        subjects = [m["subject"] for m in sink["smtp"].messages]
        assert sorted(subjects[2:]) == ["[Kunang] LOKASI PULIH: Sembalun", "[Kunang] NYALA: ap-3 di Aikmel"]
    finally:
        netns_host(True)
        mgr.close()

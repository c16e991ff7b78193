"""Real packets: dnsmasq and real DHCP clients in network namespaces, the sensor capturing the server's
bridge live. Every client that joins is present, as dnsmasq's lease file says (same pseudonyms); a
released client and a silent one leave; ARP from real address use is seen; the stored rows hold
pseudonyms and a device type, never a raw MAC or a hostname."""

from __future__ import annotations

import threading

import pytest

from collector.config import parse_config
from collector.db.inventory import sync
from collector.db.pool import Pool
from collector.privacy import Pseudonymizer
from collector.sensing.lan import LanPresence
from collector.sensing.sensor import Sensor
from collector.sensing.lan_store import LanStore
from tests.sensing import testbed

KEY = b"sense-test-key-0123456789abcdef"
CLIENTS = {  # name: (MAC, how it asks, expected type)
    "c1": ("3c:22:fb:20:00:01", "dhclient", "laptop"),
    "c2": ("3c:22:fb:20:00:02", "udhcpc-android", "phone"),
    "c3": ("3c:22:fb:20:00:03", "udhcpc", "other"),
}
HOSTNAMES = {"c1": "kunang-laptop", "c2": "Budis-Galaxy", "c3": "pustaka-pc"}
SILENCE_S = 6


@pytest.fixture
def bed(tmp_path):
    why = testbed.available()
    if why:
        pytest.fail(f"the sensing test bed cannot run: {why}")
    tb = testbed.TestBed(tmp_path)
    try:
        tb.start()
        yield tb
    finally:
        tb.close()


def test_dhcp_clients_arrive_and_leave_as_the_lease_file_says(bed, db, pg_dsn):
    pseudo = Pseudonymizer(KEY)
    cfg = parse_config({"sites": [{"name": "Perpustakaan Desa", "timezone": "Asia/Makassar"}]})
    sync(db, cfg)
    pool = Pool(pg_dsn, size=1, name="sense-test")
    store = LanStore(pool, "Perpustakaan Desa")
    lan = LanPresence(site="Perpustakaan Desa", pseudo=pseudo, timezone="Asia/Makassar", arp_silence_s=SILENCE_S)
    records: list = []
    lock = threading.Lock()

    def sink(_name, recs):
        with lock:
            records.extend(recs)

    sensor = Sensor([lan], sink=sink, flush_every_s=0.3, name="testbed")
    stop, ready = threading.Event(), threading.Event()
    capture = testbed.in_namespace(bed.server, lambda: sensor.run_live("br0", stop, poll_s=0.1, ready=ready))
    try:
        assert ready.wait(10), "the sensor did not start"
        bed.start_dnsmasq()
        for name, (mac, _how, _t) in CLIENTS.items():
            bed.add_client(name, mac)
        bed.dhclient("c1", HOSTNAMES["c1"])
        bed.udhcpc("c2", "-x", f"hostname:{HOSTNAMES['c2']}", "-V", "android-dhcp-13")
        bed.udhcpc("c3", "-x", f"hostname:{HOSTNAMES['c3']}")

        leases = testbed.wait_for(lambda: lf if len(lf := bed.lease_file()) == 3 else None, 15, "three leases")
        expected = {pseudo.device(mac): mac for mac in leases}
        testbed.wait_for(lambda: {d.device for d in lan.devices.values()} == set(expected), 5,
                         "the sensor to see every client of the lease file")
        present = {d.device: d for d in lan.devices.values()}
        for name, (mac, _how, kind) in CLIENTS.items():
            d = present[pseudo.device(mac)]
            assert d.device_type == kind, name
            assert d.ip == leases[mac] and d.lease_end is not None  # the ACK's address and lease time

        # ARP from real address use: c2 pings c3 (both ARP, the bridge floods/forwards, br0 is promiscuous)
        c2_ip, c3_ip = testbed.wait_for(lambda: (bed.address("c2"), bed.address("c3")) if bed.address("c2")
                                        and bed.address("c3") else None, 5, "addresses configured")
        arp_before = lan.counters["arp"]
        c3 = present[pseudo.device(CLIENTS["c3"][0])]
        seen_before = c3.last_seen
        r = bed.ns_exec(bed.clients["c2"].ns, "busybox", "ping", "-c", "2", "-W", "1", c3_ip, check=False)
        assert r.returncode == 0, r.stdout + r.stderr
        testbed.wait_for(lambda: lan.counters["arp"] >= arp_before + 2 and c3.last_seen > seen_before, 3,
                         "the ARP request and reply")

        # c1 releases (dhclient -r), c2 stops with a release (udhcpc -R), c3 goes silent (killed, link down)
        bed.dhclient_release("c1")
        bed.clients["c2"].proc.terminate()
        bed.clients["c3"].proc.kill()
        bed.ns_exec(bed.clients["c3"].ns, "ip", "link", "set", "eth0", "down")
        testbed.wait_for(lambda: not lan.devices, SILENCE_S + 5, "every client to leave")
        assert bed.lease_file().keys() == {CLIENTS["c3"][0]}  # dnsmasq still holds the silent one's lease
    finally:
        stop.set()
        capture.join(5)
    with lock:
        got = list(records)
    store.write(got)
    pool.close()

    left = {r.device: r.left for r in got if r.closed}
    assert left == {pseudo.device(CLIENTS["c1"][0]): "release", pseudo.device(CLIENTS["c2"][0]): "release",
                    pseudo.device(CLIENTS["c3"][0]): "silence"}
    assert lan.counters["malformed"] == 0 and sensor.counters["handler_errors"] == 0

    rows = db.execute("SELECT device, source, closed, mac_raw, hostname, device_type, first_seen <= last_seen"
                      " FROM client_session ORDER BY device").fetchall()
    assert [(r[0], r[1], r[2]) for r in rows] == sorted((p, "lan", True) for p in expected)
    assert {r[0]: r[5] for r in rows} == {pseudo.device(mac): kind for mac, _h, kind in CLIENTS.values()}
    assert all(r[3] is None and r[4] is None and r[6] for r in rows)
    dump = " ".join(t for (t,) in db.execute("SELECT row_to_json(c)::text FROM client_session c"))
    for mac, _how, _kind in CLIENTS.values():
        assert mac not in dump and mac.replace(":", "") not in dump
    for h in HOSTNAMES.values():
        assert h.lower() not in dump.lower()

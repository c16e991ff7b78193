"""DHCP and ARP presence on frames built with scapy: arrivals, the three ways to leave, the device type,
servers left out, privacy of the records, and malformed frames counted and skipped."""

from __future__ import annotations

import struct

import pytest
from scapy.layers.l2 import Ether

from collector.identifiers import normalise_mac
from collector.privacy import Pseudonymizer
from collector.sensing import fingerprint
from collector.sensing.lan import LanPresence
from tests.sensing.packets import SERVER, arp, dhcp

KEY = b"k" * 32
PHONE = "3c:22:fb:00:00:01"
LAPTOP = "3c:22:fb:00:00:02"


def _lan(**kw) -> LanPresence:
    kw.setdefault("pseudo", Pseudonymizer(KEY))
    return LanPresence(site="lib", arp_silence_s=kw.pop("silence", 60), lease_fallback_s=kw.pop("fallback", 600), **kw)


def _feed(lan, frames, t0=1000.0):
    for i, f in enumerate(frames):
        lan.handle(Ether(bytes(f)), t0 + i)


def test_join_and_release_with_fingerprint_and_pseudonym():
    lan = _lan()
    _feed(lan, [
        dhcp(PHONE, "discover", ("param_req_list", [1, 121, 3, 6, 15, 119, 252]), ("hostname", b"Budis-iPhone")),
        dhcp(PHONE, "offer", ("lease_time", 120), server=True, yiaddr="10.9.0.10"),
        dhcp(PHONE, "request", ("requested_addr", "10.9.0.10"), ("param_req_list", [1, 121, 3, 6, 15, 119, 252])),
        dhcp(PHONE, "ack", ("lease_time", 120), server=True, yiaddr="10.9.0.10"),
    ])
    [rec] = lan.flush(1004)
    assert rec.device == Pseudonymizer(KEY).device(normalise_mac(PHONE))
    assert rec.device_type == "phone" and rec.first_seen == 1000 and not rec.closed
    assert rec.mac_raw is None and rec.hostname is None  # nothing identifying by default
    assert lan.devices[bytes.fromhex(PHONE.replace(":", ""))].lease_end == 1003 + 120
    _feed(lan, [dhcp(PHONE, "release", ciaddr="10.9.0.10")], t0=1010)
    [gone] = lan.flush(1011)
    assert gone.closed and gone.left == "release" and gone.last_seen == 1010
    assert lan.counters["arrivals"] == 1 and lan.counters["departures"] == 1
    assert bytes.fromhex(SERVER.replace(":", "")) in lan.servers and len(lan.devices) == 0


def test_lease_end_and_silence():
    lan = _lan(silence=300)
    _feed(lan, [dhcp(PHONE, "request", ("requested_addr", "10.9.0.10")),
                dhcp(PHONE, "ack", ("lease_time", 120), server=True, yiaddr="10.9.0.10")])
    _feed(lan, [arp(LAPTOP, "10.9.0.11")], t0=1000)
    assert [r.closed for r in lan.flush(1100)] == [False, False]
    _feed(lan, [arp(LAPTOP, "10.9.0.11")], t0=1110)  # the laptop keeps talking, the phone does not renew
    out = {r.left for r in lan.flush(1122)}
    assert out == {"lease", None}
    [laptop] = lan.flush(1411)
    assert laptop.closed and laptop.left == "silence" and laptop.last_seen == 1110
    # a renewal moves the lease end; a later packet after leaving is a new session
    _feed(lan, [arp(LAPTOP, "10.9.0.11")], t0=2000)
    [again] = lan.flush(2001)
    assert again.session_no != laptop.session_no and again.device == laptop.device


def test_request_without_ack_gets_the_fallback_lease():
    lan = _lan(silence=10_000, fallback=600)
    _feed(lan, [dhcp(PHONE, "request", ("requested_addr", "10.9.0.10"))])
    lan.flush(1500)
    [rec] = lan.flush(1601)
    assert rec.closed and rec.left == "lease"


def test_servers_multicast_and_ignored_macs_are_not_devices():
    lan = _lan(ignore_macs=frozenset({"3c:22:fb:00:00:09"}))
    _feed(lan, [arp(SERVER, "10.9.0.1"),  # the server ARPs before it answers
                dhcp(PHONE, "offer", server=True, yiaddr="10.9.0.10"),
                arp("3c:22:fb:00:00:09", "10.9.0.2"), arp("01:00:5e:00:00:01", "10.9.0.3")])
    records = lan.flush(1010)
    assert [(r.closed, r.left) for r in records] == [(True, "infrastructure")]
    assert not lan.devices


def test_opted_in_raw_identifiers_and_rotating_pseudonyms():
    lan = _lan(pseudo=Pseudonymizer(KEY, keep_raw=True, rotating_salt=True), timezone="Asia/Makassar")
    _feed(lan, [dhcp(LAPTOP, "discover", ("vendor_class_id", b"MSFT 5.0"), ("hostname", b"DESKTOP-ABC"))])
    [rec] = lan.flush(1001)
    assert rec.mac_raw == LAPTOP and rec.hostname == "DESKTOP-ABC" and rec.device_type == "laptop"
    import datetime as dt
    day = dt.datetime.fromtimestamp(1000, dt.timezone(dt.timedelta(hours=8))).date()
    assert rec.device == Pseudonymizer(KEY, rotating_salt=True).device(LAPTOP, day)


def _good() -> bytes:
    return bytes(dhcp(PHONE, "discover", ("hostname", b"x")))


def _bad_frames() -> list[bytes]:
    g = _good()
    opts = 14 + 20 + 8 + 240  # first option byte
    out = [
        g[:14 + 20 + 8 + 100],  # BOOTP cut short
        g[:opts] + b"\x35\x01",  # option 53 runs past the end (no value, no end)
        g[:opts] + b"\x35\x05\x01",  # a length past the message
        g[:opts] + b"\x0c\xff" + b"a" * 10,  # a hostname claiming 255 bytes
        g[:opts] + b"\x35\x01\x01",  # no end option
        g[:opts] + b"\x35\x02\x01\x01\xff",  # message type of two bytes
        g[:opts] + b"\x33\x02\x00\x01\xff",  # lease time of two bytes
        g[:opts - 4] + b"\x00\x00\x00\x00" + g[opts:],  # no magic cookie
        g[:14] + b"\x45",  # IPv4 header cut
        g[:14] + b"\x4f" + g[15:],  # header length past the frame
        g[:14 + 20 + 4] + struct.pack("!H", 4000) + g[14 + 20 + 6:],  # UDP length past the frame
        g[:12],  # Ethernet header cut
        bytes(arp(PHONE, "10.9.0.10"))[:20],  # ARP cut
        b"\xff" * 12 + b"\x81\x00",  # a VLAN tag and nothing after
    ]
    return out


def _dissect(f: bytes):
    from scapy.packet import Raw

    try:
        return Ether(f)
    except Exception:  # what scapy's sockets do with a frame they cannot dissect
        return Raw(f)


def test_malformed_frames_are_counted_and_skipped():
    lan = _lan()
    bad = _bad_frames()
    for i, f in enumerate(bad):
        lan.handle(f, 1000 + i)  # raw bytes (the handler also takes bytes)
        lan.handle(_dissect(f), 1000 + i)  # and scapy's dissection of them (as its socket does)
    assert lan.counters["malformed"] == 2 * len(bad)
    assert not lan.devices and lan.flush(2000) == []
    lan.handle(Ether(_good()), 3000)  # still works after
    assert len(lan.devices) == 1


def test_fuzzed_frames_never_raise():
    import random

    rng = random.Random(20)
    lan = _lan()
    g = bytearray(_good())
    for _ in range(3000):
        f = bytearray(g)
        for _ in range(rng.randint(1, 8)):
            f[rng.randrange(len(f))] = rng.randrange(256)
        lan.handle(bytes(f[:rng.randint(0, len(f))]), 1000.0)
    c = lan.counters
    assert c["seen"] == 3000 and c["malformed"] + c["ignored"] + c["dhcp"] + c["arp"] >= 3000


@pytest.mark.parametrize("params,vendor,hostname,expected", [
    ((1, 121, 3, 6, 15, 119, 252), None, None, "phone"),
    ((1, 121, 3, 6, 15, 119, 252), None, "Siti's iPad", "tablet"),
    ((1, 121, 3, 6, 15, 119, 252, 95, 44, 46), None, None, "laptop"),
    (None, "android-dhcp-11", None, "phone"),
    (None, "MSFT 5.0", None, "laptop"),
    ((1, 3, 6, 15, 31, 33, 43, 44, 46, 47, 119, 121, 249, 252), None, None, "laptop"),
    ((1, 3, 6, 12, 15, 28, 42), "udhcp 1.35.0", None, "other"),
    ((1, 2, 3), None, None, "other"),
])
def test_fingerprint_table(params, vendor, hostname, expected):
    assert fingerprint.classify(params, vendor, hostname) == expected


def test_fingerprint_table_loads_with_sources():
    import yaml

    doc = yaml.safe_load(fingerprint.TABLE.read_text())
    assert all(r.get("source") for r in doc["rules"])
    assert len(fingerprint.load_rules()) == len(doc["rules"])

"""The probe-request handler on frames built with scapy: what it reads, what it counts, what it never
keeps (raw MAC, SSID), and that no byte sequence makes it raise."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from scapy.packet import raw
from scapy.utils import rdpcap, wrpcap

from collector.privacy import Pseudonymizer
from collector.sensing import probes as P
from collector.sensing.radiotap import parse_probe
from tests.sensing.frames import beacon, probe, stamped, tsft_probe

KEY = b"probe-test-key-0123456789abcdef"
PSEUDO = Pseudonymizer(KEY)
T0 = dt.datetime(2026, 11, 2, 1, 0, tzinfo=dt.timezone.utc).timestamp()  # 09:00 WITA, Monday


def handler(**kw) -> P.ProbeHandler:
    return P.ProbeHandler(P.ProbeSettings(site="Sembalun", **kw), PSEUDO)


def test_reads_transmitter_and_signal_as_scapy_does():
    for pkt in (probe("00:11:22:33:44:55", -61), probe("3a:11:22:33:44:55", -90, fcs=True)):
        mac, rssi = parse_probe(raw(pkt))
        assert (":".join(f"{b:02x}" for b in mac), rssi) == (pkt.addr2, pkt.dBm_AntSignal)
    assert parse_probe(tsft_probe("00:11:22:33:44:66", -60)) == (bytes.fromhex("001122334466"), -60)


def test_counts_and_thresholds():
    h = handler(rssi_threshold=-75)
    h.handle(probe("00:11:22:33:44:01", -50), T0 + 1)
    h.handle(probe("00:11:22:33:44:01", -52), T0 + 50)
    h.handle(probe("00:11:22:33:44:02", -80), T0 + 2)        # weak
    h.handle(probe("3a:11:22:33:44:03", None), T0 + 3)      # no signal field, policy ignore
    h.handle(beacon("00:aa:bb:cc:dd:ee"), T0 + 4)            # not a probe request
    c = h.counters
    assert (c["frames"], c["probes"], c["strong"], c["weak"], c["no_signal"], c["not_probe"], c["randomized"]) \
        == (5, 4, 2, 1, 1, 1, 1)
    rows = {r.link: r for r in h.flush(T0 + 3600)}
    assert len(rows) == 3
    near = rows[PSEUDO.device("00:11:22:33:44:01")]
    assert (near.frames, near.strong, near.first_strong, near.last_strong, near.max_rssi) == (2, 2, T0 + 1, T0 + 50, -50)
    weak = rows[PSEUDO.device("00:11:22:33:44:02")]
    assert (weak.strong, weak.max_rssi, weak.first_strong) == (0, -80, None)
    silent = rows[PSEUDO.device("3a:11:22:33:44:03")]
    assert (silent.no_signal, silent.strong, silent.randomized) == (1, 0, True)


def test_no_signal_policy_strong_counts_frames_without_signal():
    h = handler(no_signal="strong")
    h.handle(probe("3a:11:22:33:44:03", None), T0 + 3)
    [row] = h.flush(T0 + 3600)
    assert (row.no_signal, row.strong, row.max_rssi) == (1, 1, None)


def test_settings_are_checked():
    with pytest.raises(ValueError, match="no_signal"):
        P.ProbeSettings(site="x", no_signal="maybe")
    with pytest.raises(ValueError, match="rssi_threshold"):
        P.ProbeSettings(site="x", rssi_threshold=20)


def test_pseudonyms_rotate_daily_and_keep_nothing_raw():
    h = handler()
    mac = "00:11:22:33:44:01"
    h.handle(probe(mac, -50, ssid=b"RumahBudi"), T0 + 1)
    h.handle(probe(mac, -50, ssid=b"RumahBudi"), T0 + 86400 + 1)  # the next day, same hour
    day1, day2 = h.flush(T0 + 2 * 86400)
    assert day1.device != day2.device                       # no following a passer-by across days
    assert day1.link == day2.link == PSEUDO.device(mac)      # the install's pseudonym (no rotating salt)
    assert day1.device != day1.link
    text = repr([day1, day2]).lower()
    for secret in ("001122334401", "00:11:22:33:44:01", "rumahbudi"):
        assert secret not in text.replace(":", "") if ":" not in secret else secret not in text
    rotating = P.ProbeHandler(P.ProbeSettings(site="x"), Pseudonymizer(KEY, rotating_salt=True))
    rotating.handle(probe(mac, -50), T0 + 1)
    [row] = rotating.flush(T0 + 3600)
    assert row.link == Pseudonymizer(KEY, rotating_salt=True).device(mac, dt.date(2026, 11, 2))
    assert row.device == day1.device  # the probe key does not depend on rotating_salt


def test_current_hour_is_emitted_every_few_minutes_and_added_up():
    h = handler(emit_every_s=300)
    h.handle(probe("00:11:22:33:44:01", -50), T0 + 10)
    assert h.flush(T0 + 20) == []          # starts the emit clock
    assert h.flush(T0 + 200) == []
    [part] = h.flush(T0 + 400)
    h.handle(probe("00:11:22:33:44:01", -50), T0 + 500)
    [rest] = h.flush(T0 + 3600)
    assert (part.frames, rest.frames, part.hour, rest.hour) == (1, 1, T0, T0)


def test_malformed_frames_are_counted_and_skipped():
    h = handler()
    good = raw(probe("00:11:22:33:44:01", -50, ssid=b"home"))
    for n in range(len(good)):                       # every truncation of a good frame
        h.handle(good[:n], T0)
    # only the cut right after the SSID element still reads as a (shorter) well-formed probe request
    assert h.counters["probes"] == 1 and h.counters["malformed"] == len(good) - 1
    h2 = handler()
    bad_ie = bytearray(good)
    bad_ie[-5] = 200                                 # the rates element claims 200 bytes
    h2.handle(bytes(bad_ie), T0)
    bad_fcs = bytearray(raw(probe("00:11:22:33:44:01", -50, fcs=True)))
    bad_fcs[8] |= 0x40                               # radiotap flags: FCS check failed
    h2.handle(bytes(bad_fcs), T0)
    h2.handle(raw(probe("01:00:5e:00:00:01", -50)), T0)  # group address as transmitter
    bad_rt = bytearray(good)
    bad_rt[2] = 0xFF                                 # radiotap length beyond the frame
    h2.handle(bytes(bad_rt), T0)
    h2.handle(object(), T0)                          # not even a packet
    c = h2.counters
    assert (c["bad_elements"], c["bad_fcs"], c["bad_address"], c["truncated"], c["malformed"]) == (1, 1, 1, 1, 5)
    assert h2.flush(T0 + 3600) == []


def test_random_bytes_never_raise():
    rng = random.Random(20)
    h = handler()
    good = raw(probe("00:11:22:33:44:01", -50, ssid=b"home"))
    for _ in range(5000):
        b = bytearray(good)
        for _ in range(rng.randint(1, 6)):
            b[rng.randrange(len(b))] = rng.randrange(256)
        h.handle(bytes(b[:rng.randint(0, len(b))]), T0)
        h.handle(bytes(rng.randrange(256) for _ in range(rng.randint(0, 80))), T0)
    c = h.counters
    assert c["frames"] == 10000
    assert c["probes"] + c["not_probe"] + c["malformed"] == 10000 and c["malformed"] > 5000


def test_burst_of_ten_thousand_randomised_probes():
    h = handler()
    template = raw(probe("02:00:00:00:00:00", -40, ssid=b"home"))
    frames = [stamped(template, bytes([0x02 | (i & 0xF0), 0x11, 0x22, i >> 8 & 0xFF, i & 0xFF, 0x33]), -40 - i % 50)
              for i in range(10000)]
    assert parse_probe(frames[7]) == (bytes([0x02, 0x11, 0x22, 0, 7, 0x33]), -47)
    for i, f in enumerate(frames):
        h.handle(f, T0 + i / 10000)
    rows = h.flush(T0 + 3600)
    assert len(rows) == 10000 and len({r.device for r in rows}) == 10000
    assert h.counters["randomized"] == 10000 and all(r.randomized for r in rows)
    assert sum(r.strong for r in rows) == h.counters["strong"] == sum(1 for i in range(10000) if -40 - i % 50 >= -75)


def test_flood_of_addresses_is_capped(monkeypatch):
    monkeypatch.setattr(P, "MAX_DEVICES_PER_HOUR", 100)
    h = handler()
    template = raw(probe("02:00:00:00:00:00", -50))
    for i in range(150):
        h.handle(stamped(template, bytes([2, 0, 0, 0, 0, i]), -50), T0)
    assert len(h.flush(T0 + 3600)) == 100 and h.counters["dropped_flood"] == 50


def test_pcap_round_trip_through_scapy_dissection(tmp_path):
    path = tmp_path / "probes.pcap"
    wrpcap(str(path), [probe("00:11:22:33:44:01", -50, t=T0 + 1), beacon("00:aa:bb:cc:dd:ee", t=T0 + 2),
                       probe("3a:11:22:33:44:03", -60, t=T0 + 3, fcs=True)], linktype=127)
    h = handler()
    for pkt in rdpcap(str(path)):
        h.handle(pkt, float(pkt.time))
    assert (h.counters["probes"], h.counters["not_probe"], h.counters["malformed"]) == (2, 1, 0)
    assert {r.randomized for r in h.flush(T0 + 3600)} == {False, True}

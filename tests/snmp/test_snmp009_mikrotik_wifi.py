"""MikroTik RouterOS 7 `wifi` (ex-wifiwave2) tables in the mikrotik-routeros profile: the recording's
numbers agree with each other, a client reported by two tables counts once, RouterOS 6 is unchanged."""

from __future__ import annotations

import json
from pathlib import Path

from collector.profiles.engine import evaluate
from collector.profiles.loader import select_profile

EXPECTED = Path(__file__).resolve().parents[1] / "data" / "expected"


def _mac(text: str) -> tuple[int, ...]:
    return tuple(int(p, 16) for p in text.split(":"))


def test_routeros7_selects_the_mikrotik_profile(profiles):
    profile, fallback = select_profile(profiles, "1.3.6.1.4.1.14988.1", "RouterOS C53UiG+5HPaxD2HPaxD")
    assert (profile.name, fallback) == ("mikrotik-routeros", False)


def test_wifi_recording_counts_every_client_once():
    doc = json.loads((EXPECTED / "mikrotik-wifi.json").read_text())
    macs = [c["mac"] for c in doc["clients"]]
    assert doc["clients_total"] == len(macs) == len(set(macs)) == 8
    # per-interface and per-SSID counts are shown, and each adds up to the same total
    assert sum(r["clients"] for r in doc["radios"]) == sum(s["clients"] for s in doc["ssids"]) == 8
    assert [(r["name"], r["band"], r["channel"], r["clients"]) for r in doc["radios"]] == [
        ("wifi1", "5GHz", 36, 3), ("wifi2", "2.4GHz", 6, 2), ("wifi3", "2.4GHz", 6, 1),
        ("cap-wifi1", "5GHz", 100, 2), ("cap-wifi2", "2.4GHz", 1, 0),
    ]
    assert doc["ssids"] == [{"ssid": "Perpustakaan", "clients": 7}, {"ssid": "Perpus-Tamu", "clients": 1}]
    assert [(a["name"], a["up"], a["ip"], a["mac"]) for a in doc["aps"]] == [
        ("cap-aula", True, "192.168.88.21", "78:9a:18:4c:21:07"),
        ("cap-gudang", False, "192.168.88.22", "78:9a:18:4c:35:a1"),
    ]
    big = next(c for c in doc["clients"] if c["mac"] == "3a:7b:c2:05:6e:07")
    assert (big["radio"], big["rssi_dbm"], big["tx_bytes"], big["rx_bytes"]) == ("cap-wifi1", -59, 4_321_098_765, 210_987_654)


def test_mixed_device_legacy_and_wifi_no_double_count(profiles):
    """A RouterOS 7 router with a legacy wlan1 (count + registration rows) and a wifi1 (rows only); one
    client MAC shows up in both registration tables: it is one client, the legacy count stays the agent's."""
    p = profiles["mikrotik-routeros"]
    a, b, c, d = _mac("a4:5e:60:00:00:01"), _mac("a4:5e:60:00:00:02"), _mac("3c:28:6d:00:00:03"), _mac("3c:28:6d:00:00:04")
    tables = {
        "if": {(5,): {"name": b"wlan1"}, (8,): {"name": b"wifi1"}, (9,): {"name": b"wifi2"}},
        "wlap": {(5,): {"ssid": b"Perpus", "client_count": 2, "freq": 2437, "band": b"2ghz-b/g/n"}},
        "rtab": {a + (5,): {"signal": -60, "tx_bytes": 10, "rx_bytes": 20}, b + (5,): {"signal": -70, "tx_bytes": 1, "rx_bytes": 2}},
        "wifiif": {(8,): {"wifi_name": b"wifi1", "wifi_ssid": b"Perpus-AX", "wifi_freq": b""},
                   (9,): {"wifi_name": b"wifi2", "wifi_ssid": b"Perpus-AX", "wifi_freq": b"2412/ax"}},
        "wifireg": {
            c + (8,): {"ssid": b"Perpus-AX", "signal": -50, "wifi_band": b"5ghz-ax", "tx_bytes": 300, "rx_bytes": 30},
            d + (8,): {"ssid": b"", "signal": -65, "wifi_band": b"5ghz-ax", "tx_bytes": 400, "rx_bytes": 40},
            a + (8,): {"ssid": b"Perpus-AX", "signal": -58, "wifi_band": b"5ghz-ax", "tx_bytes": 500, "rx_bytes": 50},  # a again
        },
        "cm": {}, "cmrtab": {}, "cmremote": {}, "wifiremote": {},
    }
    ev = evaluate(p, {}, tables)
    assert ev.errors == []
    clients = {c.mac: c for c in ev.rows["clients"]}
    assert ev.clients_total == len(clients) == 4  # not 5: a is in rtab and in wifireg
    assert clients["a4:5e:60:00:00:01"].radio == "wlan1"  # first table wins for the duplicate
    assert clients["3c:28:6d:00:00:04"].ssid == "Perpus-AX"  # empty SSID in the row -> the interface's SSID
    # SSIDs: the legacy interface's own count, one per wifi row (d has no SSID text: its interface's)
    assert {s.ssid: s.clients for s in ev.rows["ssids"]} == {"Perpus": 2, "Perpus-AX": 3}
    radios = {r.name: r for r in ev.rows["radios"]}
    assert radios["wlan1"].clients == 2  # mtxrWlApClientCount, not rows
    assert (radios["wifi1"].clients, radios["wifi1"].band, radios["wifi1"].channel) == (3, "5GHz", None)  # band from clients
    assert (radios["wifi2"].clients, radios["wifi2"].band, radios["wifi2"].channel) == (0, "2.4GHz", 1)  # 0, not null


def test_routeros6_device_sees_no_wifi_rows(profiles):
    """Only legacy tables answer (a RouterOS 6 router): the wifi tables add nothing and no errors."""
    p = profiles["mikrotik-routeros"]
    a = _mac("a4:5e:60:00:00:01")
    tables = {name: {} for name in p.tables}
    tables["if"] = {(5,): {"name": b"wlan1"}}
    tables["wlap"] = {(5,): {"ssid": b"Perpus", "client_count": 1, "freq": 5180, "band": b"5ghz-a/n/ac"}}
    tables["rtab"] = {a + (5,): {"signal": -60, "tx_bytes": 10, "rx_bytes": 20}}
    ev = evaluate(p, {}, tables)
    assert ev.errors == [] and ev.clients_total == 1 and ev.rows["aps"] == []
    assert [(r.name, r.band, r.channel, r.clients) for r in ev.rows["radios"]] == [("wlan1", "5GHz", 36, 1)]
    assert [(c.mac, c.radio, c.ssid) for c in ev.rows["clients"]] == [("a4:5e:60:00:00:01", "wlan1", "Perpus")]


def test_remote_cap_state_outside_the_mib_examples_is_unknown(profiles):
    p = profiles["mikrotik-routeros"]
    tables = {name: {} for name in p.tables}
    tables["wifiremote"] = {(1,): {"name": b"cap-a", "cap_state": b"connected"}, (2,): {"name": b"cap-b", "cap_state": b"joining"},
                            (3,): {"name": b"cap-c", "cap_state": b"disconnected", "cap_address": b"fe80::1%bridge"}}
    tables["cmremote"] = {(1,): {"name": b"old-cap", "state": b"Join"}}
    ev = evaluate(p, {}, tables)
    assert [(a.name, a.up, a.ip) for a in ev.rows["aps"]] == [
        ("old-cap", False, None), ("cap-a", True, None), ("cap-b", None, None), ("cap-c", False, None)]

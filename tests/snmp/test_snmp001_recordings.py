"""End to end: a set of recordings polled through the real poller and UDP against snmpsim matches the
reviewed expected JSON (every recording is also replayed in-process by test_snmp011, which checks
that every declared column is answered)."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from collector.poller import poll_with_raw
from collector.snmp.model import SnmpTarget
from tests.snmp.cases import CASES, stable

EXPECTED = Path(__file__).resolve().parents[1] / "data" / "expected"
# one per kind of agent behaviour: a big real controller walk, a real airOS, RouterOS tables,
# a string-indexed table, a forced generic, a scalar count
E2E = ("cisco-controller", "ubiquiti-m5", "ubiquiti-m5__generic", "mikrotik-wifi", "aruba-controller", "tplink-eap", "openwrt")
_seen: dict[str, set[tuple[int, ...]]] = {}  # case -> column/scalar OIDs that returned data


def _poll(snmpsim, profiles, case):
    community, profile = CASES[case]
    target = SnmpTarget("127.0.0.1", snmpsim.port, community=community, timeout_s=10, retries=1)
    result, raw = asyncio.run(poll_with_raw(target, profiles, profile))
    _seen[case] = {oid for oid, rows in raw.columns.items() if rows} | {o for o, v in raw.scalars.items() if v is not None}
    return result


@pytest.mark.parametrize("case", list(E2E))
def test_recording_matches_expected(snmpsim, profiles, case):
    result = _poll(snmpsim, profiles, case)
    expected = stable(json.loads((EXPECTED / f"{case}.json").read_text()))
    got = stable(result.to_json_dict())
    assert got["reachable"] is True and got["partial"] is False, got["errors"]
    for key in expected:
        assert got[key] == expected[key], f"{case}: {key} differs"


# independently checked totals (awk over the recordings; see docs/profiles.md)
TOTALS = {
    "cisco-controller": ("cisco-wlc", 95, 226),  # bsnMobileStationTable rows; = sum of bsnDot11EssNumberOfMobileStations
    "aruba-7210": ("aruba-controller", 67, 13),  # wlsxWlanTotalNumStationsAssociated; = sum over BSSIDs
    "ubiquiti-m5": ("ubiquiti-airos", 1, 0),
    "ruckus-smartcell-gateway": ("ruckus-scg", 11428, 7682),  # sum of ruckusSCGAPNumSta
    "mikrotik": ("mikrotik-routeros", 5, 1),  # 3 local registrations + 2 CAPsMAN
    "mikrotik-wifi": ("mikrotik-routeros", 8, 2),  # mtxrWifiRegistrationTable rows: 3 + 2 + 1 local, 2 on the cAP
    "unifi": ("unifi-ap", 12, 0),  # 7 + 4 + 1 + 0 over four VAPs
    "tplink-eap": ("tplink-eap", 3, 0),
    "openwrt": ("openwrt", 0, 0),  # no extend scripts: 0 clients, not unknown
    "airos-ac": ("ubiquiti-airos", 2, 0),
    "aruba-instant": ("aruba-instant", 3, 2),
    "ruckus-zd": ("ruckus-zonedirector", 2, 2),
    "ruckus-sz": ("ruckus-smartzone", 5, 2),
    "generic-dot11": ("generic", None, 0),
    "aruba-controller": ("aruba-controller", 3, 2),
    "zyxel-nwa-es": ("zyxel-nwa", 5, 0),  # wlanTotalStationCount; = 3 + 2 over the radios = 5 station rows
    "zyxel-wax-es-radios": ("zyxel-nwa", 5, 0),  # no total: 0 + 4 + 1 over the radios
    "zyxel-usgflex-h": ("zyxel-nxc", 0, 0),  # AP controller off: 0, not unknown
    "asuswrt-merlin-extend": ("openwrt", 7, 0),  # clients-wlan; = 4 + 3, never 4 + 3 + 7
    "openwrt-distro": ("openwrt", 7, 0),  # clients-wlan answers "n/a": 2 + 5 per interface
    "routeros-virtual-ap": ("mikrotik-routeros", 5, 0),  # 3 on the master + 2 on its virtual AP (freq 0)
    "routeros-station-cpe": ("mikrotik-routeros", 0, 0),  # the one registration is the upstream AP
    "routeros-repeater": ("mikrotik-routeros", 2, 0),  # 3 registrations less the uplink's
    "huawei-ac-vap": ("huawei-ac", 10, 2),  # no AC-wide count, no hwWlanApOnlineUserNum: the APs' VAP sums 6 + 4
    "huawei-ac-ssid": ("huawei-ac", 11, 0),
    "fortigate-legacy-oid": ("fortinet-fortigate", 4, 0),
    "aerohive-count": ("aerohive-hiveos", 6, 0),  # no ahAssociationTable in the view: ahClientCount  # sysObjectID 12356.15, empty sysDescr: fgSystemInfo answers  # VAP rows all 0: the SSID summary 3+5+2 + 1 (never VAP + SSID)
}


@pytest.mark.parametrize("case", list(TOTALS))
def test_expected_totals_are_the_reviewed_ones(case):
    doc = json.loads((EXPECTED / f"{case}.json").read_text())
    profile, total, aps = TOTALS[case]
    assert (doc["profile"], doc["clients_total"], len(doc["aps"])) == (profile, total, aps)
    assert doc["profile_fallback"] is (profile == "generic")


def test_no_client_counted_twice():
    """Per-radio and per-SSID counts are shown, but clients_total has one source."""
    uni = json.loads((EXPECTED / "unifi.json").read_text())
    assert sum(r["clients"] for r in uni["radios"]) == sum(s["clients"] for s in uni["ssids"]) == uni["clients_total"] == 12
    mt = json.loads((EXPECTED / "mikrotik.json").read_text())
    assert mt["clients_total"] == len(mt["clients"]) == 5
    assert len({c["mac"] for c in mt["clients"]}) == 5


def test_generic_fallback_says_so(snmpsim, profiles):
    doc = json.loads((EXPECTED / "ubiquiti-m5__generic.json").read_text())
    assert doc["profile"] == "generic" and doc["clients_total"] is None
    assert doc["radios"][0]["channel"] == 172 and doc["ssids"][0]["ssid"] == "patrikeevo"
    assert all(i["counter_bits"] == 32 for i in doc["interfaces"])  # no ifXTable on this device


def test_aruba_station_reaches_its_ap_through_the_bssid():
    doc = json.loads((EXPECTED / "aruba-controller.json").read_text())
    assert [(c["mac"], c["ap"], c["ap_mac"]) for c in doc["clients"]] == [
        ("9c:b6:d0:00:00:01", "ap-ruang-baca", "00:0b:86:00:00:01"),
        ("9c:b6:d0:00:00:02", "ap-ruang-baca", "00:0b:86:00:00:01"),
        ("9c:b6:d0:00:00:03", "ap-ruang-baca", "00:0b:86:00:00:01"),
    ]
    assert [(a["name"], a["clients"], a["up"]) for a in doc["aps"]] == [("ap-ruang-baca", 3, True), ("ap-gudang", 0, False)]
    assert doc["ssids"] == [{"ssid": "PerpusNet", "clients": 3}]

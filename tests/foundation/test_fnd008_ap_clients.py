"""Per-AP client counts come with the poll result: the device's own count, else the client rows the
profile engine counted for the AP (by name or MAC); a spooled record without the counts gets them
from the same rule when it is read back."""

from __future__ import annotations

import datetime as dt
import json
import zlib

from collector.intake import _PHEAD, decode_poll, encode_poll
from collector.profiles.engine import per_ap_client_rows
from collector.snmp.model import ApRow, ClientRow, PollResult

APS = (ApRow("lt1", "00:11:22:33:44:01", None, True), ApRow("lt2", "00:11:22:33:44:02", 7, True),
       ApRow("lt3", None, None, False))
CLIENTS = (ClientRow("aa:bb:cc:dd:ee:01", ap="lt1"), ClientRow("aa:bb:cc:dd:ee:02", ap_mac="00:11:22:33:44:01"),
           ClientRow("aa:bb:cc:dd:ee:03", ap="lt2"), ClientRow("aa:bb:cc:dd:ee:04"))


def result(**kw) -> PollResult:
    return PollResult(target="ctrl", started_at=dt.datetime(2026, 11, 2, 8, tzinfo=dt.timezone.utc),
                      duration_s=0.1, reachable=True, aps=APS, clients=CLIENTS, **kw)


def test_engine_counts_each_aps_client_rows_by_name_or_mac():
    assert per_ap_client_rows(list(APS), list(CLIENTS)) == (2, 1, 0)


def test_the_devices_own_count_wins_else_the_engines():
    r = result(ap_client_rows=per_ap_client_rows(list(APS), list(CLIENTS)))
    assert [r.ap_clients(i) for i in range(3)] == [2, 7, 0]
    assert "ap_client_rows" not in r.to_json_dict()  # the poll JSON is unchanged


def test_a_record_spooled_without_the_counts_gets_them_when_read():
    r = result(ap_client_rows=(2, 1, 0))
    payload = encode_poll(5, r)
    assert decode_poll(payload) == (5, r)
    d = json.loads(zlib.decompress(payload[1 + _PHEAD.size:]))
    del d["ap_client_rows"]
    old = payload[:1 + _PHEAD.size] + zlib.compress(json.dumps(d).encode())
    assert decode_poll(old) == (5, r)


def test_profile_client_rows_says_what_the_profile_gives():
    """`counts` only where a count exists: the generic profile's IEEE802dot11 radios and SSIDs carry no
    client count (its clients_total is `none`), so the data-quality page must not call it "client counts
    only" (the simulator's ground truth, collector/simulator/truth.REPORTS, says `none` too)."""
    from collector.profiles.loader import load_profiles
    from collector.simulator.truth import REPORTS

    profiles = load_profiles()
    assert profiles["generic"].client_rows() == "none" == REPORTS["generic"]
    assert profiles["unifi-ap"].client_rows() == "counts" == REPORTS["unifi"]
    assert profiles["mikrotik-routeros"].client_rows() == "clients" == REPORTS["mikrotik"]

"""Strict profile loading (same loader as start-up), extends, and sysObjectID/sysDescr matching."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from collector.profiles.engine import evaluate
from collector.profiles.loader import DEFAULT_DIR, load_profiles, select_profile
from collector.profiles.model import ProfileError


def test_shipped_profiles_load(profiles):
    concrete = {n for n, p in profiles.items() if not p.abstract}
    assert {"generic", "mikrotik-routeros", "unifi-ap", "ubiquiti-airos", "cisco-wlc", "aruba-controller", "aruba-instant",
            "ruckus-zonedirector", "ruckus-smartzone", "ruckus-scg", "ruckus-unleashed", "tplink-eap", "openwrt"} <= concrete
    assert profiles["_if-mib"].abstract
    # extends: interface table inherited, unleashed inherits the whole ZoneDirector profile
    assert "if" in profiles["cisco-wlc"].tables
    assert profiles["ruckus-unleashed"].outputs["clients"] == profiles["ruckus-zonedirector"].outputs["clients"]


@pytest.mark.parametrize(
    "oid, descr, expected, fallback",
    [
        ("1.3.6.1.4.1.9.1.1069", "Cisco Controller", "cisco-wlc", False),
        ("1.3.6.1.4.1.9.1.1069", "Cisco IOS Software", "generic", True),  # a Cisco switch is not a WLC
        ("1.3.6.1.4.1.14823.1.1.32", "ArubaOS (MODEL: Aruba7210)", "aruba-controller", False),
        ("1.3.6.1.4.1.14823.1.2.109", "ArubaOS (MODEL: 315)", "aruba-instant", False),
        # an OEM controller (Dell PowerConnect W) by its ArubaOS sysDescr alone; an Instant AP with a
        # 4-digit-looking model still goes by its Instant identity
        ("1.3.6.1.4.1.674.10895.5027", "ArubaOS (MODEL: Dell PowerConnect W-7220 Controller), Version 6.5.1.0", "aruba-controller", False),
        ("1.3.6.1.4.1.674.10895.5027", "AOS-8 (MODEL: 7030), Version 8.10.0.5", "aruba-controller", False),
        ("1.3.6.1.4.1.14823.1.2.200", "AOS-8 (MODEL: 7030-IAP), Version 8.13.0.1", "aruba-instant", False),
        ("1.3.6.1.4.1.674.10895.3000", "Dell Networking N1548P, 6.3.3.10", "generic", True),  # a Dell switch is no controller
        ("1.3.6.1.4.1.41112.1.4", "Linux 2.6.32", "ubiquiti-airos", False),
        ("1.3.6.1.4.1.8072.3.2.10", "UAP-AC-Lite 6.5.62", "unifi-ap", False),
        ("1.3.6.1.4.1.41112", "E7 8.0.19", "unifi-ap", False),  # UniFi Enterprise E7 / E7-Campus
        ("1.3.6.1.4.1.41112", "E7-Campus 8.0.19", "unifi-ap", False),
        ("1.3.6.1.4.1.8072.3.2.10", "LigoPTP 5-N PRO v2.1", "ligowave", False),  # LigoWave by its product line
        ("1.3.6.1.4.1.8072.3.2.10", "Deliberant APC 5M-90 v6", "ligowave", False),
        ("1.3.6.1.4.1.8072.3.2.10", "Ligoland 5", "generic", True),
        ("1.3.6.1.4.1.8072.3.2.10", "Linux OpenWrt 5.15", "openwrt", False),
        ("1.3.6.1.4.1.8072.3.2.10", "EAP245(EU) 3.0", "tplink-eap", False),
        ("1.3.6.1.4.1.8072.3.2.10", "Linux server 6.1", "generic", True),
        ("1.3.6.1.4.1.25053.3.1.5.15", "Ruckus Wireless ZD1200", "ruckus-zonedirector", False),
        ("1.3.6.1.4.1.25053.3.1.5.15", "Ruckus Unleashed R510", "ruckus-unleashed", False),  # regex breaks the tie
        ("1.3.6.1.4.1.25053.3.1.11.1", "SmartZone 100", "ruckus-smartzone", False),
        ("1.3.6.1.4.1.14988.1", "RouterOS RB951", "mikrotik-routeros", False),
        # Zyxel: APs answer the bare model name; controllers and firewalls share the sysObjectID
        ("1.3.6.1.4.1.890.1.15", "NWA50AX", "zyxel-nwa", False),
        ("1.3.6.1.4.1.890.1.15", "WAX510D", "zyxel-nwa", False),
        ("1.3.6.1.4.1.8072.3.2.10", "NWA1123-ACv3", "zyxel-nwa", False),  # the model alone names an AP
        ("1.3.6.1.4.1.890.1.15", "NXC5500", "zyxel-nxc", False),
        ("1.3.6.1.4.1.890.1.15", "USG FLEX 200", "zyxel-nxc", False),
        ("1.3.6.1.4.1.890.1.15", "GS1920-24HP", "generic", True),  # a Zyxel switch is neither
        ("1.3.6.1.4.1.8072.3.2.10", "USG FLEX 100H", "zyxel-nxc", False),  # uOS firewalls answer net-snmp's ID
        ("1.3.6.1.4.1.8072.3.2.10", "Linux usg 5.10", "generic", True),
        ("1.3.6.1.4.1.140", "x", "generic", True),  # prefix must end on an arc: 14 != 140
        (None, None, "generic", True),
    ],
)
def test_select_profile(profiles, oid, descr, expected, fallback):
    profile, fb = select_profile(profiles, oid, descr)
    assert (profile.name, fb) == (expected, fallback)


def _copy(tmp_path: Path) -> Path:
    d = tmp_path / "profiles"
    shutil.copytree(DEFAULT_DIR, d)
    return d


@pytest.mark.parametrize(
    "text, message",
    [
        ("extends: [_if-mib]\nclients_total: {source: none}\nbogus: 1\n", "x.yaml: bogus: unknown key"),
        ("extends: [_if-mib]\nclients_total: {source: none}\ninterfaces:\n  from: if\n  fields:\n    index: {index: [0, 1], transforms: [frobnicate]}\n",
         "x.yaml: interfaces.fields.index.transforms[0]: unknown transform 'frobnicate'"),
        ("tables:\n  t:\n    columns:\n      c: {oid: 1.3.6.x, object: foo}\nclients_total: {source: none}\n", "x.yaml: tables.t.columns.c.oid: not a numeric OID"),
        ("tables:\n  t:\n    columns:\n      c: {oid: 1.3.6.1, object: foo, colour: red}\nclients_total: {source: none}\n", "x.yaml: tables.t.columns.c.colour: unknown key"),
        ("extends: [nope]\nclients_total: {source: none}\n", "x.yaml: extends: unknown profile 'nope'"),
        ("clients_total: {source: aps}\n", "x.yaml: clients_total.source: this profile has no 'aps' output"),
        ("extends: [_if-mib]\nclients_total: {source: none}\nssids:\n  from: if\n  fields:\n    colour: {column: descr}\n", "x.yaml: ssids.fields.colour: unknown field"),
        ("extends: [_if-mib]\nclients_total: {source: none}\nssids:\n  from: if\n  fields:\n    ssid: {column: nope}\n", "x.yaml: ssids.fields.ssid: no column 'nope'"),
        ("extends: [_if-mib]\nclients_total: {source: none}\nssids:\n  from: if\n  fields:\n    ssid: {column: descr, agg: sum}\n", "x.yaml: ssids.fields.ssid.agg: only allowed"),
        ("match: {sysobjectid: [1.3.6.1.4.1.9], sysdescr: '('}\nclients_total: {source: none}\n", "x.yaml: match.sysdescr: bad regex"),
        ("extends: [_if-mib]\nclients_total: {source: none}\ninterfaces:\n  from: if\n  fields:\n    name: {column: descr, transforms: [{scale: 2}, {map: 3}]}\n", "x.yaml: interfaces.fields.name.transforms[1]: map: expected a mapping"),
        ("extends: [_if-mib]\nclients_total: {source: none}\ntables:\n  if:\n    columns:\n      x: {oid: 1.3.6.1.9, object: x, fallback: nope}\n",
         "x.yaml: tables.if.columns.x.fallback: 'nope' is not a column"),
        ("extends: [_if-mib]\nclients_total: {source: none}\ntables:\n  if:\n    columns:\n      x: {oid: 1.3.6.1.9, object: x, fallback: descr}\n",
         "x.yaml: tables.if.columns.x.fallback: 'descr' is not a column"),  # descr is a fallback itself
        ("extends: [_if-mib]\nclients_total: {source: none}\ntables:\n  if:\n    columns:\n      x: {oid: 1.3.6.1.9, object: x, fallback: [name]}\n",
         "x.yaml: tables.if.columns.x.fallback: expected the name"),
        ("extends: [_if-mib]\nclients_total: {source: none}\ntables:\n  if:\n    rows: in32\n", "x.yaml: tables.if.rows: 'in32' is a fallback column"),
    ],
)
def test_strict_loader_names_file_and_key(tmp_path, text, message):
    d = _copy(tmp_path)
    (d / "x.yaml").write_text(text)
    with pytest.raises(ProfileError) as err:
        load_profiles(d)
    assert message in str(err.value)


def test_extends_cycle_is_an_error(tmp_path):
    d = _copy(tmp_path)
    (d / "a.yaml").write_text("extends: [b]\nclients_total: {source: none}\n")
    (d / "b.yaml").write_text("extends: [a]\nclients_total: {source: none}\n")
    with pytest.raises(ProfileError, match="cycle"):
        load_profiles(d)


def test_engine_joins_and_aggregates(profiles):
    """Pure engine on hand-made rows: per-AP sum over radios, lookup across tables, zero not null."""
    p = profiles["cisco-wlc"]
    ap1, ap2 = (0, 1, 2, 3, 4, 5), (0, 1, 2, 3, 4, 6)
    tables = {
        "ap": {ap1: {"name": b"a1", "status": 1}, ap2: {"name": b"a2", "status": 2}},
        "apif": {ap1 + (0,): {"users": 3, "channel": 6, "type": 1}, ap1 + (1,): {"users": 2, "channel": 36, "type": 2}},
        "ess": {(1,): {"ssid": b"Perpus", "stations": 5}},
        "station": {(9, 9, 9, 9, 9, i): {"ap_mac": bytes(ap1), "ssid": b"Perpus", "slot": 0} for i in range(5)},
    }
    ev = evaluate(p, {}, tables)
    assert [(a.name, a.clients, a.up) for a in ev.rows["aps"]] == [("a1", 5, True), ("a2", 0, False)]
    assert [(r.band, r.channel) for r in ev.rows["radios"]] == [("2.4GHz", 6), ("5GHz", 36)]
    assert ev.clients_total == 5 and {c.ap for c in ev.rows["clients"]} == {"a1"}
    assert ev.errors == []


def test_engine_bad_values_become_errors_not_crashes(profiles):
    p = profiles["cisco-wlc"]
    ev = evaluate(p, {}, {"ap": {(1, 2, 3): {"name": b"x", "mac": b"\x01"}}, "apif": {}, "ess": {}, "station": {}})
    assert ev.rows["aps"][0].mac is None
    assert any("cannot transform" in e for e in ev.errors)


def test_engine_survives_wrong_types_from_an_agent(profiles):
    """Text where a count belongs, counts where text belongs: rows survive, errors say what."""
    p = profiles["unifi-ap"]
    tables = {"vap": {(1,): {"essid": b"A", "stations": b"seven", "radio": b"ng", "channel": 6},
                      (2,): {"essid": b"A", "stations": 4, "radio": 12345, "channel": b"x"}}, "if": {}}
    ev = evaluate(p, {}, tables)
    assert [s.ssid for s in ev.rows["ssids"]] == ["A"]
    assert ev.rows["ssids"][0].clients == 4
    assert ev.errors
    c = profiles["cisco-wlc"]
    ev = evaluate(c, {}, {"ap": {(1, 2, 3, 4, 5, 6): {"name": 7}}, "apif": {(1, 2, 3, 4, 5, 6, 0): {"users": b"many"}},
                          "ess": {}, "station": {}})
    assert ev.rows["aps"][0].name == "7" and ev.rows["aps"][0].clients is None  # unknown, not 0
    assert any("non-numeric" in e for e in ev.errors)


@pytest.mark.parametrize("answer, total, source", [
    (b"7", 7, "scalar:wlan_total"),          # the total extend printed as text
    (b" 7\n", 7, "scalar:wlan_total"),       # surrounding white space is no obstacle
    (b"n/a", 5, "radios"),                   # text that is no count: the per-interface rows answer
    (b"-1", 5, "radios"),                    # nor is a negative number
    (b"", 5, "radios"),
    (None, 5, "radios"),                     # the extend does not exist
])
def test_a_count_printed_as_text_is_read_as_its_number(profiles, answer, total, source):
    """OpenWrt/Asuswrt `clients-wlan` extend: a scalar source whose value is text digits; the
    per-interface `clients-*` rows are radios and `clients-wlan` is never one of them."""
    p = profiles["openwrt"]
    def tok(text):
        return (len(text), *map(ord, text))
    tables = {"extend": {tok("clients-wl0"): {"line": b"3"}, tok("clients-wl1"): {"line": b"2"},
                         tok("clients-wlan"): {"line": answer if answer is not None else b"5"}}}
    if answer is None:
        del tables["extend"][tok("clients-wlan")]
    tables.update({name: {} for name in p.tables if name not in tables})
    scalars = {} if answer is None else {"wlan_total": answer}
    ev = evaluate(p, scalars, tables)
    assert (ev.clients_total, ev.clients_source) == (total, source)
    assert [(r.name, r.clients) for r in ev.rows["radios"]] == [("wl0", 3), ("wl1", 2)]

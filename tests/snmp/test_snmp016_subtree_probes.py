"""Subtree probes: a vendor subtree answering anything (one GETNEXT that stays inside it) identifies
an agent whose firmware or SNMP view trims the one scalar a GET probe would ask (real airOS and
UniFi walks lack ubntRadioMode.1 / unifiApSystemModel.0 yet carry their counts). The Ubiquiti
identities of issue 13, and the Ubiquiti products that must not be taken for them."""

from __future__ import annotations

import asyncio

import pytest

from collector.profiles.loader import load_profiles, select_profile
from collector.profiles.model import ProfileError
from collector.snmp.client import SnmpSession
from collector.snmp.model import SnmpTarget
from tests.snmp.simulator import wait_for_agent

FROGFOOT, UBNT, NETSNMP = "1.3.6.1.4.1.10002.1", "1.3.6.1.4.1.41112", "1.3.6.1.4.1.8072.3.2.10"
AIRMAX, UNIFI = (1, 3, 6, 1, 4, 1, 41112, 1, 4), (1, 3, 6, 1, 4, 1, 41112, 1, 6)
AIRFIBER, EDGEMAX = (1, 3, 6, 1, 4, 1, 41112, 1, 3), (1, 3, 6, 1, 4, 1, 41112, 1, 5)
MAKER, PRODUCT = (1, 2, 840, 10036, 3, 1, 2, 1, 2), (1, 2, 840, 10036, 3, 1, 2, 1, 3)


@pytest.mark.parametrize(
    "oid, descr, under, expected",
    [
        # airOS 6/8 with Frogfoot's ID and only part of the airMAX MIB (no ubntRadioMode.1)
        (FROGFOOT, "Linux 2.6.32.68 #1 Fri Dec 16 15:44:21 EET 2016 mips", {AIRMAX: 5745}, "ubiquiti-airos"),
        (UBNT, "Linux 2.6.32.71", {AIRMAX: 1}, "ubiquiti-airos"),
        (NETSNMP, "Linux 3.14.65", {AIRMAX: 1}, "ubiquiti-airos"),
        # UniFi under each identity, with a bare Linux sysDescr: the UniFi subtree settles it
        (FROGFOOT, "Linux 3.3.8 #1 Wed Jan 18 09:26:53 PST 2017 mips", {UNIFI: b"ng"}, "unifi-ap"),
        (UBNT, "Linux", {UNIFI: 1}, "unifi-ap"),
        (NETSNMP, "Linux 4.4.153", {UNIFI: 1}, "unifi-ap"),
        (UBNT, "U-LTE-Pro-EU 6.6.57.15206", {}, "unifi-ap"),  # model in sysDescr, probes unanswered
        (UBNT, "UAP-nanoHD 5.60.3.12934", {}, "unifi-ap"),
        # neither vendor subtree: IEEE802dot11-MIB names the maker and the model
        (FROGFOOT, "Linux 2.6.32", {MAKER: b"Ubiquiti Networks, Inc.", PRODUCT: b"LiteBeam 5AC Gen2"}, "ubiquiti-airos"),
        (FROGFOOT, "Linux 3.3.8", {MAKER: b"Ubiquiti Networks, Inc.", PRODUCT: b"UAP"}, "unifi-ap"),
        (FROGFOOT, "Linux 3.3.8", {PRODUCT: b"UAP"}, "unifi-ap"),
        (NETSNMP, "Linux 4.4", {MAKER: b"Ubiquiti Networks, Inc.", PRODUCT: b"U6-Lite"}, "unifi-ap"),
        # other Ubiquiti products answer other subtrees: not taken for an AP
        (FROGFOOT, "Linux 2.6.33 #1 Fri Jan 26 16:39:18 CST 2018 armv5tejl", {AIRFIBER: 1}, "generic"),  # airFiber
        (FROGFOOT, "Linux 2.6.32.71 #1 Fri Jan 24 08:44:01 UTC 2020 mips", {EDGEMAX: 1}, "generic"),  # EdgePoint
        (UBNT, "USW-5-Flex, develop.10723", {}, "generic"),  # a UniFi switch
        # the maker alone (no product name, no vendor subtree): on these identities that is airOS's
        # agent; any UniFi evidence beside it (subtree, model in sysDescr or product name) wins UniFi
        (FROGFOOT, "Linux", {MAKER: b"Ubiquiti Networks, Inc."}, "ubiquiti-airos"),
        (UBNT, "Linux 2.6.32", {MAKER: b"Ubiquiti Networks, Inc."}, "ubiquiti-airos"),
        (FROGFOOT, "Linux", {MAKER: b"Ubiquiti Networks, Inc.", UNIFI: 1}, "unifi-ap"),
        (FROGFOOT, "U6-Lite 6.6.77", {MAKER: b"Ubiquiti Networks, Inc."}, "unifi-ap"),
        (FROGFOOT, "Linux", {MAKER: b"Ubiquiti Networks, Inc.", PRODUCT: b"U7-Pro"}, "unifi-ap"),
        (FROGFOOT, "Linux", {MAKER: b"Ubiquiti Networks, Inc.", PRODUCT: b"E7"}, "unifi-ap"),
        (FROGFOOT, "Linux", {MAKER: b"Ubiquiti Networks, Inc.", AIRFIBER: 1}, "ubiquiti-airos"),  # maker names no airFiber
        (FROGFOOT, "Linux", {MAKER: b"Some Other Maker"}, "generic"),
        (FROGFOOT, "Linux", {PRODUCT: b"LiteBeam 5AC Gen2"}, "generic"),  # a model without the maker
    ],
)
def test_ubiquiti_identities(profiles, oid, descr, under, expected):
    full = {k: under.get(k) for k in (AIRMAX, UNIFI, AIRFIBER, EDGEMAX, MAKER, PRODUCT)}
    profile, fallback = select_profile(profiles, oid, descr, {}, full)
    assert (profile.name, fallback) == (expected, expected == "generic")


def test_absent_probe_needs_an_answer(profiles):
    """An `absent` probe excludes only what the agent was asked: a failed GETNEXT (the subtree not in
    `under`) proves nothing, so the maker alone does not make a UniFi AP airOS."""
    only_maker = {MAKER: b"Ubiquiti Networks, Inc."}  # PRODUCT and UNIFI never asked
    profile, fallback = select_profile(profiles, FROGFOOT, "Linux", {}, only_maker)
    assert (profile.name, fallback) == ("generic", True)
    from collector.profiles.identify import identify
    found = identify(profiles, FROGFOOT, "Linux", {}, {**only_maker, PRODUCT: None, UNIFI: None})
    assert found.profile.name == "ubiquiti-airos" and "dot11manufacturerProductName" in found.reason
    assert "absent" in found.reason and "tidak ada" in found.reason_id
    found = identify(profiles, FROGFOOT, "Linux", {}, {**only_maker, PRODUCT: b"UAP-AC-Pro", UNIFI: None})
    assert found.profile.name == "unifi-ap"
    assert any("excluded" in c and "UAP-AC-Pro" in c for c in found.considered if c.startswith("ubiquiti-airos rule 4"))


@pytest.mark.parametrize(
    "probe, message",
    [
        ("{oid: 1.3.6.1.4.1.9.1.0, object: x, absent: yes please}", r"match.probe\[0\].absent: true or false"),
        ("{oid: 1.3.6.1.4.1.9.1.0, object: x, absent: true}", r"match: a rule needs .*\(not only absent"),
    ],
)
def test_absent_probe_loading(tmp_path, probe, message):
    d = tmp_path / "p"
    d.mkdir()
    (d / "x.yaml").write_text(f"match:\n  probe: {probe}\nclients_total: {{source: none}}\n")
    with pytest.raises(ProfileError, match=message):
        load_profiles([d])


def test_probe_needs_oid_or_subtree(tmp_path):
    d = tmp_path / "p"
    d.mkdir()
    (d / "x.yaml").write_text("match:\n  probe: {oid: 1.3.6.1.4.1.9.1.0, subtree: 1.3.6.1.4.1.9, object: x}\n"
                              "clients_total: {source: none}\n")
    with pytest.raises(ProfileError, match=r"x.yaml: match.probe\[0\]: oid .* or subtree"):
        load_profiles([d])


@pytest.mark.parametrize("version", ["2c", "1"])
def test_first_under_stays_inside_the_subtree(snmpsim, version):
    """Against snmpsim serving airos-trimmed: the airMAX subtree answers its first object; the
    UniFi and airFiber subtrees answer nothing (the next OID lies outside, or past the end of the
    MIB: v1's noSuchName fails the whole PDU, so each prefix is asked alone)."""
    wait_for_agent(snmpsim.port, "airos-trimmed", 120)

    async def ask():
        session = await SnmpSession.open(SnmpTarget("127.0.0.1", snmpsim.port, community="airos-trimmed", version=version,
                                                    timeout_s=10))
        try:
            return await session.first_under([AIRMAX, UNIFI, AIRFIBER, (1, 3, 6, 1, 2, 1, 1)])
        finally:
            session.close()

    got = asyncio.run(ask())
    assert got[AIRMAX] == ((1, 1, 4, 1), 5660)  # ubntRadioFreq.1: ubntRadioMode is not in this agent
    assert got[UNIFI] is None and got[AIRFIBER] is None
    assert got[(1, 3, 6, 1, 2, 1, 1)][0] == (1, 0)  # sysDescr.0


CANOPY, WHISP_APS = "1.3.6.1.4.1.161.19.250.256", (1, 3, 6, 1, 4, 1, 161, 19, 3, 1)
TNA, WIS, TELDAT_WLAN = (1, 3, 6, 1, 4, 1, 57344, 1, 2), (1, 3, 6, 1, 4, 1, 62821, 1, 4), (1, 3, 6, 1, 4, 1, 2007, 4, 1, 2, 2, 2, 24)


@pytest.mark.parametrize(
    "oid, descr, under, expected",
    [
        ("1.3.6.1.4.1.57344.1", "Linux tna 4.14.172", {}, "tachyon"),
        (NETSNMP, "Linux tna 4.14.172", {TNA: 5}, "tachyon"),
        ("1.3.6.1.4.1.57344.2", "Linux tns-100 4.14.275", {}, "generic"),  # the TNS-100 switch
        ("1.3.6.1.4.1.62821.1.4", "Linux Wireless-Bridge 5.4.213", {}, "wis-bridge"),
        (FROGFOOT, "Linux Wireless-Bridge 5.4.213", {WIS: 5200}, "wis-bridge"),
        ("1.3.6.1.4.1.2007.1.1.191", "Router model TV BASE VDSL2/ADSL WLAN", {TELDAT_WLAN: 4}, "teldat"),
        ("1.3.6.1.4.1.2007.1.1.150", "Router model M1", {}, "generic"),  # a Teldat router without WLAN
        # Canopy: 161.19.250.256 (ucos) is every Canopy product's agent; only an AP answers whispAps
        (CANOPY, "CANOPY 20.0 AP-DES", {WHISP_APS: 1}, "cambium-pmp"),
        (CANOPY, "CMM 2.4", {}, "generic"),  # the cluster management module: a switch, no radio
        (CANOPY, "CANOPY 20.0 SM", {}, "generic"),  # a subscriber module (whispSm), not an AP
    ],
)
def test_link_families_by_subtree(profiles, oid, descr, under, expected):
    full = {k: under.get(k) for k in (TNA, WIS, TELDAT_WLAN, AIRMAX, UNIFI, MAKER, PRODUCT, WHISP_APS)}
    profile, fallback = select_profile(profiles, oid, descr, {}, full)
    assert (profile.name, fallback) == (expected, expected == "generic")


def test_subtree_answer_is_not_shown(profiles):
    """The first object under a subtree may be a BSSID or a station row: the explanation says the
    subtree answered, not what (unifi-trimmed's first UniFi object is unifiVapBssId)."""
    from collector.profiles.replay import replay_raw
    from tests.snmp.cases import DATA

    result, raw = replay_raw(profiles, DATA / "snmprec" / "unifi-trimmed.snmprec")
    found = raw.identification
    assert result.profile == "unifi-ap" and "anything under 1.3.6.1.4.1.41112.1.6) answered" in found.reason
    said = " ".join([found.reason, found.reason_id, *found.considered, *found.considered_id]).lower()
    assert "9a2722" not in said and "9a:27:22" not in said

"""Writes recordings of Ubiquiti agents as real firmware trims them (issue 13, real devices), and of
the small outdoor-link families met beside them (Tachyon TNA-30x, WIS Networks bridges, Teldat
routers with WLAN):
airOS 8 and UniFi 3.x agents that answer Frogfoot's sysObjectID, a bare "Linux ..." sysDescr and
only part of their vendor MIB (no ubntRadioMode, no SSID, no unifiApSystem scalars). The OIDs are
the MIBs' (UBNT-AirMAX-MIB 201710030000Z, UBNT-UniFi-MIB 201606250000Z, IEEE802dot11-MIB); the
values are invented but consistent (counts agree with the rows). Run once, review, commit:
    .venv/bin/python -m tests.snmp.make_ubnt_recordings
then `python -m tests.snmp.regen_expected NAME` and review the expected JSON.
"""

from __future__ import annotations

from tests.snmp.make_recordings import agent, mac_index, write

AIRMAX = "1.3.6.1.4.1.41112.1.4"  # UBNT-AirMAX-MIB ubntAirMAX
UNIFI_VAP = "1.3.6.1.4.1.41112.1.6.1.2.1"  # UBNT-UniFi-MIB unifiVapEntry
DOT11_OPER = "1.2.840.10036.3.1.2.1"  # IEEE802dot11-MIB dot11ResourceInfoEntry (INDEX ifIndex)


def airos_trimmed() -> None:
    # An airOS 8 AP (PtMP) whose agent leaves out ubntRadioMode and ubntWlStatSsid: ubntRadioTable
    # (.1.1: ubntRadioFreq .4, ubntRadioTxPower .6), ubntWlStatTable (.5.1: ubntWlStatApMac .4, ubntWlStatSignal .5,
    # ubntWlStatCcq .7, ubntWlStatStaCount .15 Gauge32), ubntStaTable (.7.1, INDEX {ubntWlStatIndex,
    # ubntStaMac}; ubntStaMac itself not-accessible, so no .1 column: ubntStaSignal .3,
    # ubntStaTxBytes .13, ubntStaRxBytes .14 Counter64). dot11manufacturerName .2 and
    # dot11manufacturerProductName .3 of IEEE802dot11-MIB on the radio's ifIndex.
    rows = agent("Linux 2.6.32.68 #1 Thu Aug 22 16:38:44 EEST 2024 mips", "1.3.6.1.4.1.10002.1", "ap-sektor-timur",
                 [(1, "lo", 5, 5, True), (2, "eth0", 70_000_000, 40_000_000, True), (5, "ath0", 41_000_000, 69_000_000, True)])
    rows += [(f"{DOT11_OPER}.2.5", "4", "Ubiquiti Networks, Inc."), (f"{DOT11_OPER}.3.5", "4", "Rocket 5AC Prism")]
    rows += [(f"{AIRMAX}.1.1.4.1", "2", "5660"), (f"{AIRMAX}.1.1.6.1", "2", "24"),
             (f"{AIRMAX}.5.1.4.1", "4x", "0218d6000a92"),  # ubntWlStatApMac (MacAddress)
             (f"{AIRMAX}.5.1.5.1", "2", "-64"), (f"{AIRMAX}.5.1.7.1", "2", "91"), (f"{AIRMAX}.5.1.15.1", "66", "4")]
    for n, (signal, tx, rx) in enumerate([(-61, 9_000_000, 1_200_000), (-70, 300_000, 80_000),
                                          (-58, 52_000_000, 7_000_000), (-77, 12_000, 9_000)], start=1):
        i = f"1.{mac_index(f'02:1a:00:00:00:{n:02x}')}"
        rows += [(f"{AIRMAX}.7.1.3.{i}", "2", str(signal)), (f"{AIRMAX}.7.1.13.{i}", "70", str(tx)),
                 (f"{AIRMAX}.7.1.14.{i}", "70", str(rx))]
    write("airos-trimmed", rows)


def airos_dot11_only() -> None:
    # An airOS station (CPE) whose SNMP view holds no airMAX subtree: identified by IEEE802dot11-MIB
    # alone (manufacturer Ubiquiti, an airMAX model), counting nothing: 0 clients, not generic.
    rows = agent("Linux 2.6.32.71 #1 Mon Dec 19 17:17:06 EET 2022 mips", "1.3.6.1.4.1.10002.1", "cpe-perpus",
                 [(1, "lo", 5, 5, True), (2, "eth0", 10_000, 20_000, True), (4, "ath0", 30_000, 40_000, True)])
    rows += [(f"{DOT11_OPER}.2.4", "4", "Ubiquiti Networks, Inc."), (f"{DOT11_OPER}.3.4", "4", "NanoStation 5AC loco"),
             (f"{DOT11_OPER}.4.4", "4", "WA.ar934x.v8.7.11")]
    write("airos-dot11", rows)


def airos_maker_only() -> None:
    # An airOS agent trimmed to its identity: Frogfoot's sysObjectID, a bare "Linux" sysDescr and,
    # of IEEE802dot11-MIB's dot11ResourceInfoTable, only dot11manufacturerName (.2) on the radio's
    # ifIndex: no product name, no airMAX or UniFi subtree. Nothing names UniFi: airOS, 0 clients.
    rows = agent("Linux", "1.3.6.1.4.1.10002.1", "cpe-bukit",
                 [(1, "lo", 5, 5, True), (2, "eth0", 10_000, 20_000, True), (3, "ath0", 30_000, 40_000, True)])
    rows.append((f"{DOT11_OPER}.2.3", "4", "Ubiquiti Networks, Inc."))
    write("airos-maker", rows)


def unifi_trimmed() -> None:
    # A UniFi AP on 3.x firmware: Frogfoot sysObjectID, "Linux 3.3.8 ..." sysDescr, the unifiVapTable
    # (unifiVapBssId .2, unifiVapChannel .4, unifiVapEssId .6, unifiVapName .7, unifiVapNumStations .8, unifiVapRadio .9)
    # but none of the unifiApSystem scalars; dot11manufacturerProductName "UAP".
    rows = agent("Linux 3.3.8 #1 Wed Jan 18 09:26:53 PST 2023 mips", "1.3.6.1.4.1.10002.1", "uap-ruang-baca",
                 [(1, "lo", 10, 10, True), (2, "eth0", 4_000_000, 8_500_000, True), (6, "ath0", 1_000, 2_000, True)])
    rows.append((f"{DOT11_OPER}.3.6", "4", "UAP"))
    for idx, essid, vname, stations, radio, channel in [(1, "Perpus", "ath0", 3, "ng", 6), (2, "Perpus-Tamu", "ath1", 2, "ng", 6),
                                                         (3, "Perpus", "ath2", 0, "na", 40)]:
        v = UNIFI_VAP
        rows += [(f"{v}.2.{idx}", "4x", f"9a27220000{idx + 0x90:02x}"),  # unifiVapBssId (MacAddress)
                 (f"{v}.4.{idx}", "2", str(channel)), (f"{v}.6.{idx}", "4", essid), (f"{v}.7.{idx}", "4", vname),
                 (f"{v}.8.{idx}", "2", str(stations)), (f"{v}.9.{idx}", "4", radio)]
    write("unifi-trimmed", rows)


def tachyon() -> None:
    # TACHYON-MIB 202410200837Z (tna30xMIB 57344.1): wirelessVapsTable .2.4.1 (wirelessVapSsid .6,
    # wirelessVapPeerCount .7), wirelessPeersCount .2.5.0, wirelessPeersTable .2.6.1 (wirelessPeerMac
    # .1 DisplayString, wirelessPeerVap .2, wirelessPeerRxPower .6)
    t = "1.3.6.1.4.1.57344.1.2"
    rows = agent("Linux tna-menara 4.14.172 #0 SMP Wed Jun 15 10:38:19 2024 aarch64 GNU/Linux", "1.3.6.1.4.1.57344.1", "tna-menara",
                 [(1, "lo", 5, 5, True), (2, "eth0", 90_000, 80_000, True), (5, "wlan0", 70_000, 60_000, True)])
    rows += [(f"{t}.4.1.6.5", "4", "Perpus-Link"), (f"{t}.4.1.7.5", "66", "3"), (f"{t}.5.0", "2", "3")]
    for i, (mac, power) in enumerate([("02:5e:00:00:00:01", -58), ("02:5e:00:00:00:02", -61), ("02:5e:00:00:00:03", -66)], start=1):
        rows += [(f"{t}.6.1.1.{i}", "4", mac.upper()), (f"{t}.6.1.2.{i}", "4", "wlan0"), (f"{t}.6.1.6.{i}", "2", str(power))]
    write("tachyon", rows)


def wis_bridge() -> None:
    # WIS-BRIDGE-MIB 202410030000Z (wisBridge 62821.1.4): wisRadioTable .1.1 (wisRadioFreq .4),
    # wisWlStatTable .3.1 (wisWlStatSsid .2, wisWlStatStaCount .15 Gauge32)
    w = "1.3.6.1.4.1.62821.1.4"
    rows = agent("Linux Wireless-Bridge 5.4.213 #0 SMP PREEMPT Tue Jan 21 12:36:28 2025 armv7l", "1.3.6.1.4.1.62821.1.4", "bridge-desa",
                 [(1, "lo", 5, 5, True), (2, "eth0", 40_000, 30_000, True), (3, "wlan0", 20_000, 10_000, True)])
    rows += [(f"{w}.1.1.4.1", "2", "5200"), (f"{w}.3.1.2.1", "4", "Desa-Link"), (f"{w}.3.1.15.1", "66", "2")]
    write("wis-bridge", rows)


def teldat_wlan() -> None:
    # TELDAT-MON-INTERF-WLAN-MIB (history 2015-11-02): telProdNpMonInterfWlanBSSTable
    # 2007.4.1.2.2.2.24.2.1 per WLAN ifIndex (telProdNpMonInterfWlanBSSId .2, ...BSSCurrent .23)
    b = "1.3.6.1.4.1.2007.4.1.2.2.2.24.2.1"
    rows = agent("Router model H2 Rail WLAN CPU MIPS32  S/N: 000/00000  Teldat (c)1996 - 2023", "1.3.6.1.4.1.2007.1.1.191", "teldat-kantor",
                 [(1, "ethernet0/0", 50_000, 60_000, True), (3, "wlan0/0", 7_000, 8_000, True), (4, "wlan0/1", 1_000, 2_000, True)], hc=False)
    rows += [(f"1.3.6.1.2.1.31.1.1.1.1.{i}", "4", n) for i, n in ((1, "ethernet0/0"), (3, "wlan0/0"), (4, "wlan0/1"))]
    rows += [(f"{b}.2.3", "4", "Kantor"), (f"{b}.23.3", "2", "4"), (f"{b}.2.4", "4", "Kantor-Tamu"), (f"{b}.23.4", "2", "1")]
    write("teldat-wlan", rows)


ALL = [airos_trimmed, airos_dot11_only, airos_maker_only, unifi_trimmed, tachyon, wis_bridge, teldat_wlan]

if __name__ == "__main__":
    for fn in ALL:
        fn()

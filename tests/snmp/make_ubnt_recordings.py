"""Writes recordings of Ubiquiti agents as real firmware trims them (issue 13, real devices):
airOS 8 and UniFi 3.x agents that answer Frogfoot's sysObjectID, a bare "Linux ..." sysDescr and
only part of their vendor MIB (no ubntRadioMode, no SSID, no unifiApSystem scalars). The OIDs are
the MIBs' (UBNT-AirMAX-MIB 201710030000Z, UBNT-UniFi-MIB 201606250000Z, IEEE802dot11-MIB); the
values are invented but consistent (counts agree with the rows). Run once, review, commit:
    .venv/bin/python -m tests.snmp.make_ubnt_recordings
then `python -m tests.snmp.regen_expected NAME` and review the expected JSON.
"""

from __future__ import annotations

from tests.snmp.make_recordings import interfaces, mac_index, system, write

AIRMAX = "1.3.6.1.4.1.41112.1.4"  # UBNT-AirMAX-MIB ubntAirMAX
UNIFI_VAP = "1.3.6.1.4.1.41112.1.6.1.2.1"  # UBNT-UniFi-MIB unifiVapEntry
DOT11_OPER = "1.2.840.10036.3.1.2.1"  # IEEE802dot11-MIB dot11ResourceInfoEntry (INDEX ifIndex)


def airos_trimmed() -> None:
    # An airOS 8 AP (PtMP) whose agent leaves out ubntRadioMode and ubntWlStatSsid: ubntRadioTable
    # (.1.1: ubntRadioFreq .4, ubntRadioTxPower .6), ubntWlStatTable (.5.1: ubntWlStatSignal .5,
    # ubntWlStatCcq .7, ubntWlStatStaCount .15 Gauge32), ubntStaTable (.7.1, INDEX {ubntWlStatIndex,
    # ubntStaMac}; ubntStaMac itself not-accessible, so no .1 column: ubntStaSignal .3,
    # ubntStaTxBytes .13, ubntStaRxBytes .14 Counter64). dot11manufacturerName .2 and
    # dot11manufacturerProductName .3 of IEEE802dot11-MIB on the radio's ifIndex.
    rows = system("Linux 2.6.32.68 #1 Thu Aug 22 16:38:44 EEST 2024 mips", "1.3.6.1.4.1.10002.1", "ap-sektor-timur")
    rows += interfaces([(1, "lo", 5, 5, True), (2, "eth0", 70_000_000, 40_000_000, True), (5, "ath0", 41_000_000, 69_000_000, True)])
    rows += [(f"{DOT11_OPER}.2.5", "4", "Ubiquiti Networks, Inc."), (f"{DOT11_OPER}.3.5", "4", "Rocket 5AC Prism")]
    rows += [(f"{AIRMAX}.1.1.4.1", "2", "5660"), (f"{AIRMAX}.1.1.6.1", "2", "24"),
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
    rows = system("Linux 2.6.32.71 #1 Mon Dec 19 17:17:06 EET 2022 mips", "1.3.6.1.4.1.10002.1", "cpe-perpus")
    rows += interfaces([(1, "lo", 5, 5, True), (2, "eth0", 10_000, 20_000, True), (4, "ath0", 30_000, 40_000, True)])
    rows += [(f"{DOT11_OPER}.2.4", "4", "Ubiquiti Networks, Inc."), (f"{DOT11_OPER}.3.4", "4", "NanoStation 5AC loco"),
             (f"{DOT11_OPER}.4.4", "4", "WA.ar934x.v8.7.11")]
    write("airos-dot11", rows)


def unifi_trimmed() -> None:
    # A UniFi AP on 3.x firmware: Frogfoot sysObjectID, "Linux 3.3.8 ..." sysDescr, the unifiVapTable
    # (unifiVapChannel .4, unifiVapEssId .6, unifiVapName .7, unifiVapNumStations .8, unifiVapRadio .9)
    # but none of the unifiApSystem scalars; dot11manufacturerProductName "UAP".
    rows = system("Linux 3.3.8 #1 Wed Jan 18 09:26:53 PST 2023 mips", "1.3.6.1.4.1.10002.1", "uap-ruang-baca")
    rows += interfaces([(1, "lo", 10, 10, True), (2, "eth0", 4_000_000, 8_500_000, True), (6, "ath0", 1_000, 2_000, True)])
    rows.append((f"{DOT11_OPER}.3.6", "4", "UAP"))
    for idx, essid, vname, stations, radio, channel in [(1, "Perpus", "ath0", 3, "ng", 6), (2, "Perpus-Tamu", "ath1", 2, "ng", 6),
                                                         (3, "Perpus", "ath2", 0, "na", 40)]:
        v = UNIFI_VAP
        rows += [(f"{v}.4.{idx}", "2", str(channel)), (f"{v}.6.{idx}", "4", essid), (f"{v}.7.{idx}", "4", vname),
                 (f"{v}.8.{idx}", "2", str(stations)), (f"{v}.9.{idx}", "4", radio)]
    write("unifi-trimmed", rows)


ALL = [airos_trimmed, airos_dot11_only, unifi_trimmed]

if __name__ == "__main__":
    for fn in ALL:
        fn()

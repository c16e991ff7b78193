"""Writes recordings for firmware variants of families met on real devices (issue 13, third round):
Zyxel APs on ZYXEL-ES-WIRELESS, Asuswrt-Merlin/OpenWrt extend totals, MikroTik boards whose
registration table holds more than the AP clients, Peplink variants. The OIDs are the MIBs' (each
function names the MIB and revision, as the profile does); the values are invented but consistent.
Run once, review, commit:
    .venv/bin/python -m tests.snmp.make_variant_recordings
then `python -m tests.snmp.regen_expected NAME` and review the expected JSON.
"""

from __future__ import annotations

from tests.snmp.make_recordings import interfaces, mac_hex, mac_index, system, write

ES_WLAN = "1.3.6.1.4.1.890.1.15.3.5"  # ZYXEL-ES-WIRELESS esWireless


def zyxel_es(name: str, descr: str, sysname: str, radios: list[tuple[int, int, int, int]],
             stations: list[tuple[str, str]], total: int | None) -> None:
    # ZYXEL-ES-WIRELESS: wlanRadioTable .1.1 (wlanCurrentChannel .1, wlanStationCount .2 Unsigned32,
    # wlanMode .5: 1 2.4G, 2 5G, 3 6G), wlanStationTable .2.1 (INDEX stationIndex; stationMacAddress .2,
    # stationSSID .4), wlanTotalStationCount .15.0 (later revision).
    rows = system(descr, "1.3.6.1.4.1.890.1.15", sysname, uptime=223344)
    rows += interfaces([(1, "eth0", 5000, 7000, True)], hc=False)
    for idx, channel, count, mode in radios:
        rows += [(f"{ES_WLAN}.1.1.1.{idx}", "2", str(channel)), (f"{ES_WLAN}.1.1.2.{idx}", "66", str(count)),
                 (f"{ES_WLAN}.1.1.5.{idx}", "2", str(mode))]
    for i, (mac, ssid) in enumerate(stations, start=1):
        rows += [(f"{ES_WLAN}.2.1.2.{i}", "4x", mac_hex(mac)), (f"{ES_WLAN}.2.1.4.{i}", "4", ssid)]
    if total is not None:
        rows.append((f"{ES_WLAN}.15.0", "2", str(total)))
    write(name, rows)


def zyxel_es_all() -> None:
    zyxel_es("zyxel-nwa-es", "NWA50AX", "nwa-baca", [(1, 6, 3, 1), (2, 44, 2, 2)],
             [("02:00:00:00:00:01", "Perpus-Umum"), ("02:00:00:00:00:02", "Perpus-Umum"),
              ("02:00:00:00:00:03", "Perpus-Umum"), ("02:00:00:00:00:04", "Perpus-Staf"),
              ("02:00:00:00:00:05", "Perpus-Umum")], total=5)
    # older ES firmware: radio table only; radio 1 disabled (channel 0), a 6 GHz radio
    zyxel_es("zyxel-wax-es-radios", "WAX620D-6E", "wax-aula", [(1, 0, 0, 1), (2, 149, 4, 2), (3, 37, 1, 3)], [], total=None)


EXT_1LINE = "1.3.6.1.4.1.8072.1.3.2.3.1.1"  # NET-SNMP-EXTEND-MIB 200405080000Z nsExtendOutput1Line
EXT_FULL = "1.3.6.1.4.1.8072.1.3.2.3.1.2"  # nsExtendOutputFull


def lp(text: str) -> str:
    return ".".join([str(len(text))] + [str(ord(c)) for c in text])


def extend_router(name: str, descr: str, sysname: str, counts: dict[str, str], interfaces_text: str,
                  extra: list[tuple[str, str, str]]) -> None:
    # one extend per interface `clients-<if>` plus `clients-wlan` over all of them, `interfaces`
    # listing them ("<if>,<label>" lines: nsExtendOutput1Line holds the first, OutputFull all)
    rows = system(descr, "1.3.6.1.4.1.8072.3.2.10", sysname)
    rows += interfaces([(1, "lo", 100, 100, True), (2, "eth0", 8_000_000, 9_000_000, True)])
    for token, text in counts.items():
        rows.append((f"{EXT_1LINE}.{lp(token)}", "4", text))
    rows += [(f"{EXT_1LINE}.{lp('interfaces')}", "4", interfaces_text.split("\n")[0]),
             (f"{EXT_FULL}.{lp('interfaces')}", "4x", interfaces_text.encode().hex())]
    write(name, rows + extra)


def extend_routers() -> None:
    # Asuswrt-Merlin: sysDescr "Linux <hostname> <kernel>", no model; its distro line is published
    # the older `exec` way, UCD-SNMP-MIB extOutput (.101) of entry 1 under the relocated
    # 1.3.6.1.4.1.2021.7890.1
    extend_router("asuswrt-merlin-extend", "Linux perpus-router 4.1.52 #2 SMP PREEMPT Mon Jan 8 2024 aarch64",
                  "perpus-router", {"clients-eth6": "4", "clients-eth7": "3", "clients-wlan": "7", "frequency-eth6": "2437"},
                  "eth6,wl-2.4G\neth7,wl-5.0G",
                  [("1.3.6.1.4.1.2021.7890.1.101.1", "4", "ASUSWRT-Merlin RT-AX58U 388.7_0")])
    # OpenWrt whose sysDescr does not say so (hostname in place of "OpenWrt"): the `distro` extend does;
    # the total extend answers text that is not a number, so the per-interface rows count
    extend_router("openwrt-distro", "Linux ap-aula 5.15.150 #0 SMP Fri Mar 22 2024 mips", "ap-aula",
                  {"clients-phy0-ap0": "2", "clients-phy1-ap0": "5", "clients-wlan": "n/a",
                   "distro": "OpenWrt 23.05.3 r23809-234f1a2efa"},
                  "phy0-ap0,2.4G\nphy1-ap0,5G", [])


MT_WL = "1.3.6.1.4.1.14988.1.1.1"  # MIKROTIK-MIB mtxrWireless (legacy wireless package)


def mikrotik_legacy(name: str, descr: str, ifs: list[tuple[int, str]], ap: list[tuple[int, str, int, int, str]],
                    stat: list[tuple[int, str, int]], rtab: list[tuple[str, int, int]]) -> None:
    # mtxrWlApTable .3.1 (INDEX ifIndex): Ssid .4, ClientCount .6, Freq .7 (0 on a virtual AP), Band .8;
    # mtxrWlStatTable .1.1 (station-mode interfaces, INDEX ifIndex): Ssid .5, Freq .7;
    # mtxrWlRtabTable .2.1 (INDEX mac, ifIndex): Strength .3
    rows = system(descr, "1.3.6.1.4.1.14988.1", name)
    rows += interfaces([(i, n, 1_000_000 * i, 2_000_000 * i, True) for i, n in ifs])
    for idx, ssid, count, freq, band in ap:
        rows += [(f"{MT_WL}.3.1.4.{idx}", "4", ssid), (f"{MT_WL}.3.1.6.{idx}", "65", str(count)),
                 (f"{MT_WL}.3.1.7.{idx}", "2", str(freq)), (f"{MT_WL}.3.1.8.{idx}", "4", band)]
    for idx, ssid, freq in stat:
        rows += [(f"{MT_WL}.1.1.5.{idx}", "4", ssid), (f"{MT_WL}.1.1.7.{idx}", "2", str(freq))]
    for mac, idx, sig in rtab:
        rows.append((f"{MT_WL}.2.1.3.{mac_index(mac)}.{idx}", "2", str(sig)))
    write(name, rows)


def mikrotik_variants() -> None:
    # a master AP and a virtual AP on its radio (frequency 0): each counts its own stations
    mikrotik_legacy("routeros-virtual-ap", "RouterOS RB941-2nD", [(1, "wlan1"), (5, "wlan-tamu")],
                    [(1, "Perpus-Desa", 3, 2437, "2ghz-b/g/n"), (5, "Perpus-Tamu", 2, 0, "")], [],
                    [("a4:5e:60:00:00:01", 1, -60), ("a4:5e:60:00:00:02", 1, -71), ("a4:5e:60:00:00:03", 1, -55),
                     ("3c:28:6d:00:00:04", 5, -66), ("3c:28:6d:00:00:05", 5, -80)])
    # a CPE in station mode: its registration table holds the AP it is connected to: 0 clients
    mikrotik_legacy("routeros-station-cpe", "RouterOS SXT Lite5", [(1, "wlan1")], [], [(1, "Backbone-Desa", 5745)],
                    [("d4:ca:6d:00:00:10", 1, -62)])
    # a repeater: station uplink on wlan1, AP on wlan2 with no client count answering (older board):
    # the registration rows of wlan2 count, the uplink's row does not
    mikrotik_legacy("routeros-repeater", "RouterOS RB951Ui-2nD", [(1, "wlan1"), (2, "wlan2")], [],
                    [(1, "Backbone-Desa", 5180)],
                    [("d4:ca:6d:00:00:10", 1, -58), ("a4:5e:60:00:00:21", 2, -50), ("a4:5e:60:00:00:22", 2, -64)])


def zyxel_usg_flex_h() -> None:
    # a uOS firewall (USG FLEX H) on net-snmp's Linux sysObjectID, its AP controller off: no
    # ZYXEL-ES-CAPWAP object answers -> zyxel-nxc with 0 clients, not generic
    rows = system("USG FLEX 200H", "1.3.6.1.4.1.8072.3.2.10", "usg-kantor")
    rows += interfaces([(1, "ge1", 9_000_000, 4_000_000, True), (2, "ge2", 4_000_000, 9_000_000, True)])
    write("zyxel-usgflex-h", rows)


ALL = [zyxel_es_all, extend_routers, mikrotik_variants, zyxel_usg_flex_h]

if __name__ == "__main__":
    for fn in ALL:
        fn()
    print("written:", ", ".join(f.__name__ for f in ALL))

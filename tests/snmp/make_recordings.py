"""Writes the project's own .snmprec recordings (tests/data/snmprec/) for vendors snmpsim-data lacks.

The OIDs come from the vendors' MIBs (see the comments in collector/profiles/shipped/*.yaml); the values are
invented but consistent (counts agree with the rows). Run once, review, commit the output:
    .venv/bin/python tests/snmp/make_recordings.py
"""

from __future__ import annotations

from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "data" / "snmprec"


def mac_index(mac: str) -> str:
    return ".".join(str(int(p, 16)) for p in mac.split(":"))


def mac_hex(mac: str) -> str:
    return mac.replace(":", "")


def system(descr: str, oid: str, name: str, uptime: int = 123456) -> list[tuple[str, str, str]]:
    return [
        ("1.3.6.1.2.1.1.1.0", "4", descr),
        ("1.3.6.1.2.1.1.2.0", "6", oid),
        ("1.3.6.1.2.1.1.3.0", "67", str(uptime)),
        ("1.3.6.1.2.1.1.5.0", "4", name),
    ]


def interfaces(ifs: list[tuple[int, str, int, int, bool]], hc: bool = True) -> list[tuple[str, str, str]]:
    rows = []
    for idx, name, rx, tx, up in ifs:
        rows += [
            (f"1.3.6.1.2.1.2.2.1.2.{idx}", "4", name),
            (f"1.3.6.1.2.1.2.2.1.8.{idx}", "2", "1" if up else "2"),
            (f"1.3.6.1.2.1.2.2.1.10.{idx}", "65", str(rx % 2**32)),
            (f"1.3.6.1.2.1.2.2.1.16.{idx}", "65", str(tx % 2**32)),
        ]
        if hc:
            rows += [
                (f"1.3.6.1.2.1.31.1.1.1.1.{idx}", "4", name),
                (f"1.3.6.1.2.1.31.1.1.1.6.{idx}", "70", str(rx)),
                (f"1.3.6.1.2.1.31.1.1.1.10.{idx}", "70", str(tx)),
            ]
    return rows


def agent(descr: str, oid: str, name: str, ifs: list[tuple[int, str, int, int, bool]], *, uptime: int = 123456,
          hc: bool = True) -> list[tuple[str, str, str]]:
    """What every recorded agent answers: the system group and its interfaces (`interfaces`)."""
    return system(descr, oid, name, uptime) + interfaces(ifs, hc)


def write(name: str, rows: list[tuple[str, str, str]]) -> None:
    rows = sorted(set(rows), key=lambda r: tuple(int(p) for p in r[0].split(".")))
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{name}.snmprec").write_text("".join(f"{o}|{t}|{v}\n" for o, t, v in rows))


def mikrotik() -> None:
    m = "1.3.6.1.4.1.14988.1.1.1"
    rows = agent("RouterOS RB951Ui-2HnD", "1.3.6.1.4.1.14988.1", "perpus-desa-sembalun",
                 [(1, "ether1", 9_100_000_000, 2_300_000_000, True), (5, "wlan1", 5_000_000, 7_000_000, True),
                  (6, "wlan2", 1_000_000, 3_000_000, True), (9, "cap-wlan1", 200_000, 400_000, True)])
    # mtxrWlApTable: wlan1 (2.4 GHz, 2 clients), wlan2 (5 GHz, 1 client)
    for idx, ssid, bssid, count, freq, band in [(5, "Perpustakaan", "64:d1:54:00:00:05", 2, 2437, "2ghz-b/g/n"),
                                               (6, "Perpustakaan-5G", "64:d1:54:00:00:06", 1, 5180, "5ghz-a/n/ac")]:
        rows += [(f"{m}.3.1.4.{idx}", "4", ssid), (f"{m}.3.1.5.{idx}", "4x", mac_hex(bssid)),
                 (f"{m}.3.1.6.{idx}", "65", str(count)), (f"{m}.3.1.7.{idx}", "2", str(freq)), (f"{m}.3.1.8.{idx}", "4", band)]
    # mtxrWlRtabTable: INDEX {mac, ifIndex}
    for mac, ifidx, sig, tx, rx in [("a4:5e:60:11:22:01", 5, -61, 1_500_000, 250_000), ("a4:5e:60:11:22:02", 5, -72, 80_000, 12_000),
                                    ("3c:28:6d:aa:bb:03", 6, -55, 9_000_000, 700_000)]:
        i = f"{mac_index(mac)}.{ifidx}"
        rows += [(f"{m}.2.1.3.{i}", "2", str(sig)), (f"{m}.2.1.4.{i}", "65", str(tx)), (f"{m}.2.1.5.{i}", "65", str(rx))]
    # CAPsMAN: one CAP interface (ifIndex 9) with 2 clients on SSID "Perpustakaan"
    rows += [(f"{m}.7.1.2.9", "65", "2"), (f"{m}.7.1.5.9", "4", "2412/20-Ce/gn(20dBm)")]
    for mac, sig, tx, rx in [("f0:99:b6:00:00:07", -67, 333_000, 44_000), ("f0:99:b6:00:00:08", -80, 1_000, 2_000)]:
        i = f"{mac_index(mac)}.9"
        rows += [(f"{m}.5.1.4.{i}", "65", str(tx)), (f"{m}.5.1.5.{i}", "65", str(rx)),
                 (f"{m}.5.1.11.{i}", "2", str(sig)), (f"{m}.5.1.12.{i}", "4", "Perpustakaan")]
    rows += [(f"{m}.11.1.2.1", "4", "cap-aula"), (f"{m}.11.1.3.1", "4", "Run")]
    write("mikrotik", rows)


def unifi() -> None:
    v = "1.3.6.1.4.1.41112.1.6.1.2.1"
    rows = agent("UAP-AC-Lite 6.5.62.14789", "1.3.6.1.4.1.8072.3.2.10", "uap-desa-pringgabaya",
                 [(1, "lo", 10, 10, True), (2, "eth0", 4_000_000_000, 8_500_000_000, True),
                  (5, "ath0", 1_000, 2_000, True), (6, "ath1", 3_000, 4_000, True)])
    # unifiVapTable: two SSIDs on two radios (ng = 2.4 GHz, na = 5 GHz)
    for idx, essid, name, stations, radio, channel in [(1, "Perpus-Desa", "ath0", 7, "ng", 6), (2, "Perpus-Desa", "ath1", 4, "na", 36),
                                                       (3, "Perpus-Staf", "ath2", 1, "ng", 6), (4, "Perpus-Staf", "ath3", 0, "na", 36)]:
        rows += [(f"{v}.4.{idx}", "2", str(channel)), (f"{v}.6.{idx}", "4", essid), (f"{v}.7.{idx}", "4", name),
                 (f"{v}.8.{idx}", "2", str(stations)), (f"{v}.9.{idx}", "4", radio)]
    write("unifi", rows)


def tplink() -> None:
    rows = agent("EAP225(EU) 5.0 v5.1.0", "1.3.6.1.4.1.11863.3.2.1", "eap-perpus-labuhan",
                 [(1, "eth0", 123_456_789, 987_654_321, True)])
    rows.append(("1.3.6.1.4.1.11863.10.1.1.1.0", "2", "3"))
    for i, mac in enumerate(["d8:07:b6:01:02:03", "d8:07:b6:01:02:04", "6c:5a:b0:aa:00:01"], start=1):
        rows.append((f"1.3.6.1.4.1.11863.10.1.1.2.1.2.{i}", "4x", mac_hex(mac)))
    write("tplink-eap", rows)


def openwrt() -> None:
    rows = agent("Linux OpenWrt 5.15.150 #0 SMP Fri Mar 22 22:09:42 2024 mips", "1.3.6.1.4.1.8072.3.2.10", "OpenWrt",
                 [(1, "lo", 1_000, 1_000, True), (2, "eth0", 5_000_000_000, 900_000_000, True),
                  (3, "br-lan", 2_000_000, 3_000_000, True), (4, "phy0-ap0", 700_000, 800_000, False)])
    write("openwrt", rows)


def airos_ac() -> None:
    a = "1.3.6.1.4.1.41112.1.4"
    rows = agent("Linux 3.3.8 #1 Mon Jun 3 2024 mips", "1.3.6.1.4.1.41112.1.4", "ptmp-perpus-ap",
                 [(1, "lo", 5, 5, True), (2, "eth0", 10_000_000, 20_000_000, True), (5, "ath0", 30_000_000, 40_000_000, True)])
    rows += [(f"{a}.1.1.4.1", "2", "5500"), (f"{a}.5.1.2.1", "4", "PTMP-Perpus"), (f"{a}.5.1.15.1", "66", "2")]
    for mac, sig, tx, rx in [("78:8a:20:00:00:01", -58, 2_000_000_000, 300_000_000), ("78:8a:20:00:00:02", -66, 1_234, 5_678)]:
        i = f"1.{mac_index(mac)}"
        rows += [(f"{a}.7.1.1.{i}", "4x", mac_hex(mac)), (f"{a}.7.1.3.{i}", "2", str(sig)),
                 (f"{a}.7.1.13.{i}", "70", str(tx)), (f"{a}.7.1.14.{i}", "70", str(rx))]
    write("airos-ac", rows)


def aruba_instant() -> None:
    b = "1.3.6.1.4.1.14823.2.3.3.1"
    rows = agent("ArubaOS (MODEL: 315), Version 8.6.0.4-8.6.0.4", "1.3.6.1.4.1.14823.1.2.109", "instant-vc",
                 [(1, "bond0", 3_000_000_000, 4_000_000_000, True)])
    aps = [("20:4c:03:00:00:01", "iap-ruang-baca", "10.10.0.11", "CNAB000001", "315", 1),
           ("20:4c:03:00:00:02", "iap-aula", "10.10.0.12", "CNAB000002", "303", 2)]
    for mac, name, ip, serial, model, status in aps:
        i = mac_index(mac)
        rows += [(f"{b}.2.1.1.1.{i}", "4x", mac_hex(mac)), (f"{b}.2.1.1.2.{i}", "4", name), (f"{b}.2.1.1.3.{i}", "64", ip),
                 (f"{b}.2.1.1.4.{i}", "4", serial), (f"{b}.2.1.1.6.{i}", "4", model), (f"{b}.2.1.1.11.{i}", "2", str(status))]
    for mac, radio, channel, clients in [("20:4c:03:00:00:01", 0, "36E", 2), ("20:4c:03:00:00:01", 1, "6", 1), ("20:4c:03:00:00:02", 0, "149", 0)]:
        i = f"{mac_index(mac)}.{radio}"
        rows += [(f"{b}.2.2.1.4.{i}", "4", channel), (f"{b}.2.2.1.21.{i}", "2", str(clients))]
    rows += [(f"{b}.1.7.1.2.1", "4", "Perpus-Umum"), (f"{b}.1.7.1.4.1", "2", "3")]
    for mac, bssid, ap_ip, tx, rx in [("b4:f1:da:00:00:01", "20:4c:03:00:10:01", "10.10.0.11", 400_000, 90_000),
                                      ("b4:f1:da:00:00:02", "20:4c:03:00:10:01", "10.10.0.11", 1_000, 2_000),
                                      ("b4:f1:da:00:00:03", "20:4c:03:00:10:02", "10.10.0.11", 77, 88)]:
        i = mac_index(mac)
        rows += [(f"{b}.2.4.1.1.{i}", "4x", mac_hex(mac)), (f"{b}.2.4.1.2.{i}", "4x", mac_hex(bssid)), (f"{b}.2.4.1.4.{i}", "64", ap_ip),
                 (f"{b}.2.4.1.9.{i}", "65", str(tx)), (f"{b}.2.4.1.13.{i}", "65", str(rx))]
    write("aruba-instant", rows)


def ruckus_zd() -> None:
    z = "1.3.6.1.4.1.25053.1.2.2.1.1"
    rows = agent("Ruckus Wireless ZD1200", "1.3.6.1.4.1.25053.3.1.5.15", "zd-kabupaten",
                 [(1, "br0", 6_000_000_000, 7_000_000_000, True)])
    aps = [("c0:8a:de:00:00:01", "zf-perpus-kecamatan", 1, "R510", "151802000001", "10.20.0.21", 2),
           ("c0:8a:de:00:00:02", "zf-perpus-desa", 0, "R310", "151802000002", "10.20.0.22", 0)]
    for mac, name, status, model, serial, ip, nsta in aps:
        i = mac_index(mac)
        rows += [(f"{z}.2.1.1.1.{i}", "4x", mac_hex(mac)), (f"{z}.2.1.1.2.{i}", "4", name), (f"{z}.2.1.1.3.{i}", "2", str(status)),
                 (f"{z}.2.1.1.4.{i}", "4", model), (f"{z}.2.1.1.5.{i}", "4", serial), (f"{z}.2.1.1.10.{i}", "64", ip),
                 (f"{z}.2.1.1.15.{i}", "66", str(nsta))]
    for mac, radio, rtype, channel, nsta in [("c0:8a:de:00:00:01", 0, 2, 11, 1), ("c0:8a:de:00:00:01", 1, 4, 40, 1)]:
        i = f"{mac_index(mac)}.{radio}"
        rows += [(f"{z}.2.2.1.3.{i}", "2", str(rtype)), (f"{z}.2.2.1.4.{i}", "66", str(channel)), (f"{z}.2.2.1.8.{i}", "66", str(nsta))]
    rows += [(f"{z}.1.1.1.1.1", "4", "PerpusNet"), (f"{z}.1.1.1.12.1", "66", "2")]
    for mac, sig, rx, tx in [("00:db:df:00:00:01", -63, 5_500, 66_000), ("00:db:df:00:00:02", -70, 123, 456)]:
        i = mac_index(mac)
        rows += [(f"{z}.3.1.1.2.{i}", "4x", mac_hex("c0:8a:de:00:00:01")), (f"{z}.3.1.1.4.{i}", "4", "PerpusNet"),
                 (f"{z}.3.1.1.11.{i}", "70", str(rx)), (f"{z}.3.1.1.13.{i}", "70", str(tx)), (f"{z}.3.1.1.81.{i}", "2", str(sig))]
    write("ruckus-zd", rows)


def ruckus_sz() -> None:
    s = "1.3.6.1.4.1.25053.1.4.2.1.1"
    rows = agent("SmartZone 100", "1.3.6.1.4.1.25053.3.1.11.1", "sz-dinas",
                 [(1, "eth0", 1_000, 2_000, True)])
    for mac, name, model, serial, ip, nsta, status in [("84:18:3a:00:00:01", "r550-perpus-a", "R550", "431904000001", "10.30.0.5", 5, "Connect"),
                                                       ("84:18:3a:00:00:02", "r550-perpus-b", "R550", "431904000002", "10.30.0.6", 0, "Disconnect")]:
        i = f"6.{mac_index(mac)}"
        rows += [(f"{s}.2.2.1.1.{i}", "4x", mac_hex(mac)), (f"{s}.2.2.1.5.{i}", "4", name), (f"{s}.2.2.1.8.{i}", "4", model),
                 (f"{s}.2.2.1.9.{i}", "4", serial), (f"{s}.2.2.1.10.{i}", "4", ip), (f"{s}.2.2.1.15.{i}", "66", str(nsta)),
                 (f"{s}.2.2.1.16.{i}", "4", status)]
    rows += [(f"{s}.1.2.1.1.1", "4", "Perpus-Publik"), (f"{s}.1.2.1.12.1", "66", "4"),
             (f"{s}.1.2.1.1.2", "4", "Perpus-Staf"), (f"{s}.1.2.1.12.2", "66", "1")]
    write("ruckus-sz", rows)


def aruba_controller() -> None:
    """A small ArubaOS controller with the station -> BSSID column the 7210 recording lacks."""
    w = "1.3.6.1.4.1.14823.2.2.1.5"
    rows = agent("ArubaOS (MODEL: Aruba7010), Version 8.6.0.0", "1.3.6.1.4.1.14823.1.1.40", "mc-dinas",
                 [(1, "GE0/0/0", 5_000, 6_000, True)])
    rows.append((f"{w}.2.1.2.0", "66", "3"))  # wlsxWlanTotalNumStationsAssociated
    aps = [("00:0b:86:00:00:01", "ap-ruang-baca", "10.40.0.11", "CNAA00001", "AP-303", 1),
           ("00:0b:86:00:00:02", "ap-gudang", "10.40.0.12", "CNAA00002", "AP-303", 2)]
    for mac, name, ip, serial, model, status in aps:
        i = mac_index(mac)
        rows += [(f"{w}.2.1.4.1.2.{i}", "64", ip), (f"{w}.2.1.4.1.3.{i}", "4", name), (f"{w}.2.1.4.1.6.{i}", "4", serial),
                 (f"{w}.2.1.4.1.13.{i}", "4", model), (f"{w}.2.1.4.1.19.{i}", "2", str(status))]
    ap1 = mac_index("00:0b:86:00:00:01")
    rows += [(f"{w}.2.1.5.1.2.{ap1}.1", "2", "1"), (f"{w}.2.1.5.1.3.{ap1}.1", "2", "36"), (f"{w}.2.1.5.1.7.{ap1}.1", "2", "2"),
             (f"{w}.2.1.5.1.2.{ap1}.2", "2", "3"), (f"{w}.2.1.5.1.3.{ap1}.2", "2", "6"), (f"{w}.2.1.5.1.7.{ap1}.2", "2", "1")]
    b1, b2 = "00:0b:86:00:10:01", "00:0b:86:00:20:01"
    rows += [(f"{w}.2.1.7.1.12.{ap1}.1.{mac_index(b1)}", "66", "2"), (f"{w}.2.1.7.1.13.{ap1}.1.{mac_index(b1)}", "4x", mac_hex("00:0b:86:00:00:01")),
             (f"{w}.2.1.7.1.12.{ap1}.2.{mac_index(b2)}", "66", "1"), (f"{w}.2.1.7.1.13.{ap1}.2.{mac_index(b2)}", "4x", mac_hex("00:0b:86:00:00:01"))]
    rows.append((f"{w}.2.1.8.1.2.9.80.101.114.112.117.115.78.101.116", "66", "3"))  # ESSID index "PerpusNet", length-prefixed
    for mac, bssid, tx, rx in [("9c:b6:d0:00:00:01", b1, 1_000, 2_000), ("9c:b6:d0:00:00:02", b1, 3_000, 4_000), ("9c:b6:d0:00:00:03", b2, 5, 6)]:
        i = mac_index(mac)
        rows += [(f"{w}.2.2.1.1.2.{i}", "4x", mac_hex(bssid)), (f"{w}.2.2.1.1.12.{i}", "4", "PerpusNet"),
                 (f"{w}.3.2.1.1.3.{i}", "65", str(tx)), (f"{w}.3.2.1.1.5.{i}", "65", str(rx))]
    write("aruba-controller", rows)


def generic_dot11() -> None:
    """A Linux AP whose agent implements IEEE802dot11-MIB (OFDM PHY table) and no vendor MIB."""
    rows = agent("Linux ap-generic 5.10.0 #1 SMP armv7l", "1.3.6.1.4.1.8072.3.2.10", "ap-generic",
                 [(1, "lo", 1, 1, True), (3, "wlan0", 111_000, 222_000, True), (4, "wlan1", 333_000, 444_000, True)])
    rows += [("1.2.840.10036.1.1.1.9.3", "4", "Perpus-2G"), ("1.2.840.10036.4.5.1.1.3", "2", "1"),
             ("1.2.840.10036.1.1.1.9.4", "4", "Perpus-5G"), ("1.2.840.10036.4.11.1.1.4", "2", "44")]
    write("generic-dot11", rows)


def mikrotik_wifi() -> None:
    """RouterOS 7 hAP ax3 with the `wifi` package: local wifi1/wifi2 (+ virtual guest wifi3) and a
    wifi CAPsMAN managing one cAP ax (cap-wifi1/2; a second CAP disconnected). No legacy tables.
    MIKROTIK-MIB mtxrWifi (1.3.6.1.4.1.14988.1.1.21), revision 202410300000Z; see the profile."""
    w = "1.3.6.1.4.1.14988.1.1.21"
    rows = agent("RouterOS C53UiG+5HPaxD2HPaxD", "1.3.6.1.4.1.14988.1", "perpus-kab-lombok-timur",
                 [(1, "ether1", 61_234_567_890, 7_345_678_901, True), (2, "ether2", 3_456_789_012, 40_123_456_789, True),
                  (7, "bridge", 43_210_987_654, 60_987_654_321, True), (8, "wifi1", 2_345_678_901, 19_876_543_210, True),
                  (9, "wifi2", 876_543_210, 3_210_987_654, True), (12, "wifi3", 65_432_109, 543_210_987, True),
                  (15, "cap-wifi1", 1_234_567_890, 9_876_543_210, True), (16, "cap-wifi2", 0, 12_345_678, True)], uptime=8_640_000)
    # mtxrWifiCapsmanEnabled / mtxrCapEnabled (TruthValue: true(1), false(2)): a CAPsMAN, not a CAP
    rows += [(f"{w}.1.1.0", "2", "1"), (f"{w}.2.1.0", "2", "2")]
    # mtxrRemoteCapTable, INDEX {mtxrRemoteCapId}: columns 2..9
    for idx, addr, ident, board, serial, ver, mac, cn, state in [
        (1, "192.168.88.21", "cap-aula", "cAPGi-5HaxD2HaxD", "HF1099KZ3T7", "7.18.2", "78:9a:18:4c:21:07", "CAP-789A184C2107", "connected"),
        (2, "192.168.88.22", "cap-gudang", "cAPGi-5HaxD2HaxD", "HF1099KZ4Q2", "7.18.2", "78:9a:18:4c:35:a1", "CAP-789A184C35A1", "disconnected"),
    ]:
        rows += [(f"{w}.3.1.2.{idx}", "4", addr), (f"{w}.3.1.3.{idx}", "4", ident), (f"{w}.3.1.4.{idx}", "4", board),
                 (f"{w}.3.1.5.{idx}", "4", serial), (f"{w}.3.1.6.{idx}", "4", ver), (f"{w}.3.1.7.{idx}", "4x", mac_hex(mac)),
                 (f"{w}.3.1.8.{idx}", "4", cn), (f"{w}.3.1.9.{idx}", "4", state)]
    # mtxrWifiInterfaces, INDEX {mtxrWifiInterfacesId} (= ifIndex): name, SSID, frequency text
    for idx, name, ssid, freq in [(8, "wifi1", "Perpustakaan", "5180/ax/Ceee"), (9, "wifi2", "Perpustakaan", "2437/ax"),
                                  (12, "wifi3", "Perpus-Tamu", "2437/ax"), (15, "cap-wifi1", "Perpustakaan", "5500/ax/Ceee"),
                                  (16, "cap-wifi2", "Perpustakaan", "2412/ax")]:
        rows += [(f"{w}.5.1.2.{idx}", "4", name), (f"{w}.5.1.3.{idx}", "4", ssid), (f"{w}.5.1.4.{idx}", "4", freq)]
    # mtxrWifiRegistrationTable, INDEX {mac, interface id}: 8 clients (3 + 2 + 1 local, 2 + 0 on the cAP)
    clients = [
        # mac, iface, ssid, signal dBm, auth, band, tx bytes, rx bytes, uptime s
        ("4a:1c:9e:10:20:01", 8, "Perpustakaan", -48, "wpa3-psk", "5ghz-ax", 812_345_678, 45_678_901, 5_412),
        ("7c:04:d0:31:aa:02", 8, "Perpustakaan", -63, "wpa2-psk", "5ghz-ac", 98_765_432, 8_765_432, 1_830),
        ("9e:5f:21:c3:00:03", 8, "Perpustakaan", -71, "wpa2-psk", "5ghz-ax", 1_234_567, 234_567, 95),
        ("1c:91:80:5a:6b:04", 9, "Perpustakaan", -55, "wpa2-psk", "2ghz-n", 34_567_890, 2_345_678, 12_007),
        ("d2:3a:7f:e1:44:05", 9, "Perpustakaan", -78, "wpa2-psk", "2ghz-ax", 456_789, 98_765, 301),
        ("ee:10:4b:88:19:06", 12, "Perpus-Tamu", -66, "wpa2-psk", "2ghz-ax", 5_678_901, 654_321, 2_250),
        ("3a:7b:c2:05:6e:07", 15, "Perpustakaan", -59, "wpa3-psk", "5ghz-ax", 4_321_098_765, 210_987_654, 20_110),
        ("f4:d4:88:62:0b:08", 15, "Perpustakaan", -69, "wpa2-psk", "5ghz-ac", 23_456_789, 3_456_789, 640),
    ]
    for n, (mac, iface, ssid, sig, auth, band, tx, rx, up) in enumerate(clients):
        i = f"{mac_index(mac)}.{iface}"
        rows += [(f"{w}.4.1.1.{i}", "4x", mac_hex(mac)), (f"{w}.4.1.3.{i}", "4", ssid), (f"{w}.4.1.4.{i}", "67", str(up * 100)),
                 (f"{w}.4.1.5.{i}", "2", str(40 * (n + 1))), (f"{w}.4.1.6.{i}", "2", str(sig)), (f"{w}.4.1.7.{i}", "4", auth),
                 (f"{w}.4.1.8.{i}", "4", band), (f"{w}.4.1.9.{i}", "66", str(286_800_000 - 20_000_000 * n)),
                 (f"{w}.4.1.10.{i}", "66", str(243_700_000 - 15_000_000 * n)), (f"{w}.4.1.11.{i}", "70", str(tx // 1200)),
                 (f"{w}.4.1.12.{i}", "70", str(rx // 400)), (f"{w}.4.1.13.{i}", "70", str(tx)), (f"{w}.4.1.14.{i}", "70", str(rx)),
                 (f"{w}.4.1.15.{i}", "2", str(1000 * (n + 3))), (f"{w}.4.1.16.{i}", "2", str(500 * (n + 2))),
                 (f"{w}.4.1.17.{i}", "2", "0"), (f"{w}.4.1.18.{i}", "2", "1")]
    write("mikrotik-wifi", rows)


if __name__ == "__main__":
    for fn in (mikrotik, unifi, tplink, openwrt, airos_ac, aruba_instant, ruckus_zd, ruckus_sz, generic_dot11, aruba_controller,
               mikrotik_wifi):
        fn()
    print("written to", OUT)

"""An agent's state rendered as its vendor's MIB: a sorted list of (OID, type, value).

Types are snmprec tags (2 Integer32, 4 OCTET STRING, 6 OID, 64 IpAddress, 65 Counter32,
66 Gauge32, 67 TimeTicks, 70 Counter64), so a rendering is also a `.snmprec` recording.
Objects are those the project's vendor profiles walk (collector/profiles/shipped/*.yaml):
- mikrotik: MIKROTIK-MIB mtxrWlRtabTable (per client) and mtxrWlApTable (per radio)
- unifi: UBNT-UniFi-MIB unifiVapTable (per radio and SSID: station counts only)
- cisco-wlc: AIRESPACE-WIRELESS-MIB bsnAPTable, bsnAPIfTable, bsnDot11EssTable,
  bsnMobileStationTable + bsnMobileStationStatsTable
- generic: IEEE802dot11-MIB SSID/channel, IF-MIB with 32-bit counters only (no ifXTable)
All of them: SNMPv2-MIB system group and IF-MIB (64-bit ifXTable except generic).
"""

from __future__ import annotations

from typing import Any

from collector.identifiers import mac_octets

Oid = tuple[int, ...]
Row = tuple[Oid, int, Any]

INTEGER, OCTETS, OID, IPADDR, COUNTER32, GAUGE32, TICKS, COUNTER64 = 2, 4, 6, 64, 65, 66, 67, 70
W32, W64 = 2**32, 2**64

SYS_OBJECT_ID = {
    "mikrotik": "1.3.6.1.4.1.14988.1",
    "unifi": "1.3.6.1.4.1.8072.3.2.10",
    "cisco-wlc": "1.3.6.1.4.1.9.1.1279",
    "generic": "1.3.6.1.4.1.32473.1",  # RFC 5612 documentation enterprise: no profile knows it
}
SYS_DESCR = {
    "mikrotik": "RouterOS cAP ac",
    "unifi": "UAP-AC-Lite 6.6.77.15402",
    "cisco-wlc": "Cisco Controller",
    "generic": "Linux ap 4.14.221 #0 Tue Feb 23 2021 mips (old hall access point)",
}
FREQ = {"2.4": 2437, "5": 5180}
CHANNEL = {"2.4": 6, "5": 36}
MIKROTIK_BAND = {"2.4": "2ghz-b/g/n", "5": "5ghz-a/n/ac"}
UNIFI_RADIO = {"2.4": "ng", "5": "na"}
CISCO_SLOT = {"2.4": 0, "5": 1}
CISCO_IFTYPE = {"2.4": 1, "5": 2}


def _o(text: str) -> Oid:
    return tuple(int(p) for p in text.split("."))


def _mac_index(mac: str) -> Oid:
    return tuple(mac_octets(mac))


def _system(rows: list[Row], vendor: str, name: str, uptime: int) -> None:
    base = (1, 3, 6, 1, 2, 1, 1)
    rows += [
        ((*base, 1, 0), OCTETS, SYS_DESCR[vendor].encode()),
        ((*base, 2, 0), OID, SYS_OBJECT_ID[vendor]),
        ((*base, 3, 0), TICKS, uptime % W32),
        ((*base, 4, 0), OCTETS, b"it@perpustakaan.example"),
        ((*base, 5, 0), OCTETS, name.encode()),
        ((*base, 6, 0), OCTETS, b"Lombok Timur"),
    ]


def _interfaces(rows: list[Row], state, bits64: bool) -> None:
    t = (1, 3, 6, 1, 2, 1, 2, 2, 1)
    x = (1, 3, 6, 1, 2, 1, 31, 1, 1, 1)
    rows.append(((1, 3, 6, 1, 2, 1, 2, 1, 0), INTEGER, len(state.interfaces)))
    for f in state.interfaces:
        i = f.index
        rows += [
            ((*t, 1, i), INTEGER, i),
            ((*t, 2, i), OCTETS, f.name.encode()),
            ((*t, 8, i), INTEGER, 1 if f.up else 2),
            ((*t, 10, i), COUNTER32, f.in_octets % W32),
            ((*t, 16, i), COUNTER32, f.out_octets % W32),
        ]
        if bits64:
            rows += [
                ((*x, 1, i), OCTETS, f.name.encode()),
                ((*x, 6, i), COUNTER64, f.in_octets % W64),
                ((*x, 10, i), COUNTER64, f.out_octets % W64),
            ]


def _radio_ifindex(state, radio: str) -> int:
    for f in state.interfaces:
        if f.name == ("wlan1" if radio == "2.4" else "wlan2"):
            return f.index
    return 2


def _mikrotik(rows: list[Row], state, site) -> None:
    rt = _o("1.3.6.1.4.1.14988.1.1.1.2.1")
    ap = _o("1.3.6.1.4.1.14988.1.1.1.3.1")
    aps = state.aps[0]
    for c in aps.clients:
        idx = (*_mac_index(c.mac), _radio_ifindex(state, c.radio))
        rows += [
            ((*rt, 1, *idx), OCTETS, mac_octets(c.mac)),
            ((*rt, 3, *idx), INTEGER, c.rssi),
            ((*rt, 4, *idx), COUNTER32, c.tx_bytes % W32),
            ((*rt, 5, *idx), COUNTER32, c.rx_bytes % W32),
        ]
    for radio in ("2.4", "5"):
        i = _radio_ifindex(state, radio)
        n = sum(1 for c in aps.clients if c.radio == radio)
        rows += [
            ((*ap, 4, i), OCTETS, site.ssid.encode()),
            ((*ap, 5, i), OCTETS, mac_octets(aps.mac)),
            ((*ap, 6, i), COUNTER32, n),
            ((*ap, 7, i), INTEGER, FREQ[radio]),
            ((*ap, 8, i), OCTETS, MIKROTIK_BAND[radio].encode()),
        ]


def _unifi(rows: list[Row], state, site) -> None:
    vap = _o("1.3.6.1.4.1.41112.1.6.1.2.1")
    aps = state.aps[0]
    for k, radio in enumerate(("2.4", "5"), start=1):
        n = sum(1 for c in aps.clients if c.radio == radio)
        rows += [
            ((*vap, 1, k), INTEGER, k),
            ((*vap, 4, k), INTEGER, CHANNEL[radio]),
            ((*vap, 6, k), OCTETS, site.ssid.encode()),
            ((*vap, 7, k), OCTETS, f"ath{k - 1}".encode()),
            ((*vap, 8, k), INTEGER, n),
            ((*vap, 9, k), OCTETS, UNIFI_RADIO[radio].encode()),
        ]


def _cisco(rows: list[Row], state, site) -> None:
    ap_t = _o("1.3.6.1.4.1.14179.2.2.1.1")
    if_t = _o("1.3.6.1.4.1.14179.2.2.2.1")
    ess = _o("1.3.6.1.4.1.14179.2.1.1.1")
    st = _o("1.3.6.1.4.1.14179.2.1.4.1")
    stats = _o("1.3.6.1.4.1.14179.2.1.6.1")
    for k, a in enumerate(state.aps):
        idx = _mac_index(a.mac)
        rows += [
            ((*ap_t, 1, *idx), OCTETS, mac_octets(a.mac)),
            ((*ap_t, 3, *idx), OCTETS, a.name.encode()),
            ((*ap_t, 6, *idx), INTEGER, 1 if a.up else 2),  # associated(1) / disassociating(2)
            ((*ap_t, 16, *idx), OCTETS, b"AIR-AP1832I-E-K9"),
            ((*ap_t, 17, *idx), OCTETS, f"FGL2231{site.index:02d}{k:03d}".encode()),
            ((*ap_t, 19, *idx), IPADDR, f"10.{10 + site.index}.0.{11 + k}"),
        ]
        for radio in ("2.4", "5"):
            n = sum(1 for c in a.clients if c.radio == radio)
            ridx = (*idx, CISCO_SLOT[radio])
            rows += [
                ((*if_t, 2, *ridx), INTEGER, CISCO_IFTYPE[radio]),
                ((*if_t, 4, *ridx), INTEGER, CHANNEL[radio]),
                ((*if_t, 15, *ridx), COUNTER32, n),
            ]
    total = sum(len(a.clients) for a in state.aps)
    rows += [((*ess, 2, 1), OCTETS, site.ssid.encode()), ((*ess, 38, 1), COUNTER32, total)]
    for a in state.aps:
        for c in a.clients:
            idx = _mac_index(c.mac)
            rows += [
                ((*st, 1, *idx), OCTETS, mac_octets(c.mac)),
                ((*st, 2, *idx), IPADDR, c.ip),
                ((*st, 4, *idx), OCTETS, mac_octets(a.mac)),
                ((*st, 5, *idx), INTEGER, CISCO_SLOT[c.radio]),
                ((*st, 7, *idx), OCTETS, c.ssid.encode()),
                ((*st, 9, *idx), INTEGER, 3),  # associated
                ((*stats, 1, *idx), INTEGER, c.rssi),
                ((*stats, 2, *idx), COUNTER64, c.rx_bytes),
                ((*stats, 3, *idx), COUNTER64, c.tx_bytes),
            ]


def _dot11(rows: list[Row], state, site) -> None:
    for f in state.interfaces:
        if f.name.startswith("wlan"):
            rows += [
                ((1, 2, 840, 10036, 1, 1, 1, 9, f.index), OCTETS, site.ssid.encode()),
                ((1, 2, 840, 10036, 4, 5, 1, 1, f.index), INTEGER, CHANNEL["2.4"]),
            ]


def render(agent, state, site) -> list[Row]:
    """Sorted (OID, snmprec type, value) rows of one agent at one instant."""
    rows: list[Row] = []
    _system(rows, agent.vendor, f"{agent.name}.{site.ssid.lower()}", state.uptime_ticks)
    _interfaces(rows, state, bits64=agent.vendor != "generic")
    if agent.vendor == "mikrotik":
        _mikrotik(rows, state, site)
    elif agent.vendor == "unifi":
        _unifi(rows, state, site)
    elif agent.vendor == "cisco-wlc":
        _cisco(rows, state, site)
    else:
        _dot11(rows, state, site)
    rows.sort(key=lambda r: r[0])
    return rows


def snmprec(rows: list[Row]) -> str:
    """The rows as a snmpsim `.snmprec` recording (for comparing agents)."""
    out = []
    for oid, tag, value in rows:
        text = ".".join(map(str, oid))
        if tag == OCTETS:
            v = bytes(value)
            if all(32 <= b < 127 for b in v) and "|" not in v.decode("ascii"):
                out.append(f"{text}|4|{v.decode('ascii')}")
            else:
                out.append(f"{text}|4x|{v.hex()}")
        else:
            out.append(f"{text}|{tag}|{value}")
    return "\n".join(out) + "\n"

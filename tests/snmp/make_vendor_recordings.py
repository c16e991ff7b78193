"""Writes recordings for the families of issue 13 (tests/data/snmprec/), from the vendors' MIB texts.

Each function names the MIB (and revision) its objects come from; the OIDs are the MIB's, the
values invented but consistent (counts agree with the rows). Run once, review, commit:
    .venv/bin/python -m tests.snmp.make_vendor_recordings
then `python -m tests.snmp.regen_expected NAME` and review the expected JSON.
"""

from __future__ import annotations

from tests.snmp.make_recordings import interfaces, mac_hex, mac_index, system, write


def lp(text: str) -> str:
    """A length-prefixed string index (non-IMPLIED OCTET STRING)."""
    return ".".join([str(len(text))] + [str(ord(c)) for c in text])


def openwrt_extend() -> None:
    # NET-SNMP-EXTEND-MIB (net-snmp 5.9): nsExtendOutput1Line = 1.3.6.1.4.1.8072.1.3.2.3.1.1,
    # nsExtendOutputFull = .2, nsExtendOutNumLines = .3, nsExtendResult = .4; INDEX nsExtendToken
    e = "1.3.6.1.4.1.8072.1.3.2.3.1"
    rows = system("Linux perpus-lendang 5.15.167 #0 SMP Mon Sep 23 12:34:46 2024 mips", "1.3.6.1.4.1.8072.3.2.10", "perpus-lendang")
    rows += interfaces([(1, "lo", 10, 10, True), (2, "eth0", 8_000_000, 9_000_000, True),
                        (7, "phy0-ap0", 1_000_000, 2_000_000, True), (8, "phy1-ap0", 3_000_000, 4_000_000, True)])
    for token, out in [("interfaces", "phy0-ap0,phy1-ap0"), ("clients-phy0-ap0", "2"), ("clients-phy1-ap0", "1"),
                       ("frequency-phy0-ap0", "2437"), ("frequency-phy1-ap0", "5180"), ("uptime", "12345.67")]:
        i = lp(token)
        rows += [(f"{e}.1.{i}", "4", out), (f"{e}.2.{i}", "4", out), (f"{e}.3.{i}", "2", "1"), (f"{e}.4.{i}", "2", "0")]
    write("openwrt-extend", rows)


ALL = [openwrt_extend]

if __name__ == "__main__":
    for fn in ALL:
        fn()
    print("written:", ", ".join(f.__name__ for f in ALL))

"""Fallback columns: ifDescr and the 32-bit counters are walked only where ifXTable misses a row.
(The loader's checks of `fallback:` are in test_snmp003_profiles.)"""

from __future__ import annotations

import asyncio

from collector.poller import poll_with_raw
from collector.snmp.model import SnmpTarget

IF_DESCR, IN32, OUT32 = (1, 3, 6, 1, 2, 1, 2, 2, 1, 2), (1, 3, 6, 1, 2, 1, 2, 2, 1, 10), (1, 3, 6, 1, 2, 1, 2, 2, 1, 16)


def _poll(snmpsim, profiles, community):
    target = SnmpTarget("127.0.0.1", snmpsim.port, community=community, timeout_s=10)
    return asyncio.run(poll_with_raw(target, profiles, "openwrt", hints={}))


def test_complete_ifxtable_walks_no_fallback_column(snmpsim, profiles):
    result, raw = _poll(snmpsim, profiles, "if-full")
    assert not result.partial and result.errors == ()
    assert [(i.index, i.name, i.counter_bits, i.in_octets) for i in result.interfaces] == [
        (1, "eth0", 64, 10**10), (2, "eth1", 64, 2 * 10**10), (3, "eth2", 64, 7)]
    assert not {IF_DESCR, IN32, OUT32} & set(raw.columns)
    assert result.varbinds == 4 + 1 + 3 * 4  # system group + openwrt's clients-wlan scalar + 4 primary columns x 3 rows


def test_missing_ifx_rows_fall_back_per_row(snmpsim, profiles):
    result, raw = _poll(snmpsim, profiles, "if-mixed")
    assert not result.partial and result.errors == ()
    assert [(i.index, i.name, i.counter_bits, i.in_octets, i.out_octets) for i in result.interfaces] == [
        (1, "eth0", 64, 10**10, 2 * 10**10),
        (2, "descr2", 64, 2 * 10**10, 4 * 10**10),  # empty ifName -> ifDescr
        (3, "descr3", 32, 300, 600),  # no ifXTable row -> ifDescr and the 32-bit counters
    ]
    assert {IF_DESCR, IN32, OUT32} <= set(raw.columns)

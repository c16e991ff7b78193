"""Fallback columns: ifDescr and the 32-bit counters are walked only where ifXTable misses a row."""

from __future__ import annotations

import asyncio

import pytest

from collector.poller import poll_with_raw
from collector.profiles.loader import load_profiles
from collector.profiles.model import ProfileError
from collector.snmp.model import SnmpTarget
from tests.snmp.test_snmp003_profiles import _copy

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
    assert result.varbinds == 4 + 3 * 4  # system group + 4 primary columns x 3 rows


def test_missing_ifx_rows_fall_back_per_row(snmpsim, profiles):
    result, raw = _poll(snmpsim, profiles, "if-mixed")
    assert not result.partial and result.errors == ()
    assert [(i.index, i.name, i.counter_bits, i.in_octets, i.out_octets) for i in result.interfaces] == [
        (1, "eth0", 64, 10**10, 2 * 10**10),
        (2, "descr2", 64, 2 * 10**10, 4 * 10**10),  # empty ifName -> ifDescr
        (3, "descr3", 32, 300, 600),  # no ifXTable row -> ifDescr and the 32-bit counters
    ]
    assert {IF_DESCR, IN32, OUT32} <= set(raw.columns)


@pytest.mark.parametrize(
    "column, message",
    [
        ("x: {oid: 1.3.6.1.9, object: x, fallback: nope}", "tables.if.columns.x.fallback: 'nope' is not a column"),
        ("x: {oid: 1.3.6.1.9, object: x, fallback: descr}", "tables.if.columns.x.fallback: 'descr' is not a column"),
        ("x: {oid: 1.3.6.1.9, object: x, fallback: [name]}", "tables.if.columns.x.fallback: expected the name"),
    ],
)
def test_fallback_must_name_a_primary_column_of_the_table(tmp_path, column, message):
    d = _copy(tmp_path)
    (d / "x.yaml").write_text("extends: [_if-mib]\nclients_total: {source: none}\ntables:\n  if:\n    columns:\n      " + column + "\n")
    with pytest.raises(ProfileError) as err:
        load_profiles(d)
    assert message in str(err.value)


def test_a_fallback_column_cannot_define_the_rows(tmp_path):
    d = _copy(tmp_path)
    (d / "x.yaml").write_text("extends: [_if-mib]\nclients_total: {source: none}\ntables:\n  if:\n    rows: in32\n")
    with pytest.raises(ProfileError) as err:
        load_profiles(d)
    assert "tables.if.rows: 'in32' is a fallback column" in str(err.value)

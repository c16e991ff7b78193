"""Faults are states, against real agents: timeout, wrong community, v3 auth failure, partial walk;
SNMPv3 authPriv (SHA/AES) and v1 against net-snmp snmpd."""

from __future__ import annotations

import asyncio

import pytest

from collector.poller import poll, poll_many
from collector.snmp.model import SnmpTarget
from tests.snmp.simulator import free_udp_port


def v3(port, **kw):
    base = dict(version="3", user="kunangv3", auth_protocol="SHA", auth_key="authpass123", priv_protocol="AES", priv_key="privpass123")
    base.update(kw)
    return SnmpTarget("127.0.0.1", port, **base)


def test_v3_authpriv_sha_aes_real_snmpd(snmpd, profiles):
    r = asyncio.run(poll(v3(snmpd.port), profiles))
    assert r.reachable and r.error_kind is None and not r.partial
    assert r.sys_descr and r.sys_object_id.startswith("1.3.6.1.4.1.8072.3.2.")
    assert r.profile == "generic" and r.profile_fallback is True
    assert any(i.name == "lo" and i.oper_up for i in r.interfaces)
    assert r.varbinds > 4


def test_v3_authpriv_sha256_aes256_real_snmpd(snmpd, profiles):
    target = v3(snmpd.port, user="kunang256", auth_protocol="SHA-256", auth_key="authpass256",
                priv_protocol="AES-256", priv_key="privpass256")
    r = asyncio.run(poll(target, profiles))
    assert r.reachable and r.error_kind is None and r.interfaces


def test_v3_auth_no_priv_is_refused_for_a_priv_user(snmpd, profiles):
    r = asyncio.run(poll(v3(snmpd.port, priv_protocol=None, priv_key=None, timeout_s=1.0, retries=0), profiles))
    assert (r.reachable, r.error_kind) == (False, "auth")


def test_v3_wrong_key_is_an_auth_failure(snmpd, profiles):
    r = asyncio.run(poll(v3(snmpd.port, auth_key="not-the-key", timeout_s=1.0, retries=0), profiles))
    assert (r.reachable, r.error_kind) == (False, "auth")
    assert "authentication failed" in r.errors[0]


def test_v3_unknown_user_is_an_auth_failure(snmpd, profiles):
    r = asyncio.run(poll(v3(snmpd.port, user="intruder", timeout_s=1.0, retries=0), profiles))
    assert (r.reachable, r.error_kind) == (False, "auth")


def test_v2c_and_v1_real_snmpd(snmpd, profiles):
    for version in ("2c", "1"):
        r = asyncio.run(poll(SnmpTarget("127.0.0.1", snmpd.port, version=version, community="kunang"), profiles))
        assert r.reachable and r.interfaces, version
        assert all(i.counter_bits in (32, 64) for i in r.interfaces)
    v1 = asyncio.run(poll(SnmpTarget("127.0.0.1", snmpd.port, version="1", community="kunang"), profiles))
    assert all(i.counter_bits == 32 for i in v1.interfaces)  # Counter64 does not exist in SNMPv1


def test_wrong_community_is_a_timeout_state(snmpd, profiles):
    r = asyncio.run(poll(SnmpTarget("127.0.0.1", snmpd.port, community="guess", timeout_s=0.5, retries=0), profiles))
    assert (r.reachable, r.error_kind) == (False, "timeout")
    assert "wrong community" in r.errors[0]


def test_no_agent_on_port_is_a_timeout_state(profiles):
    port = free_udp_port()
    r = asyncio.run(poll(SnmpTarget("127.0.0.1", port, community="public", timeout_s=0.3, retries=1), profiles))
    assert (r.reachable, r.error_kind, r.clients_total) == (False, "timeout", None)
    assert r.duration_s >= 0.5  # waited timeout x (retries + 1)


def test_unresolvable_host_is_unreachable(profiles):
    r = asyncio.run(poll(SnmpTarget("no-such-host.invalid", community="public", timeout_s=0.3, retries=0), profiles))
    assert (r.reachable, r.error_kind) == (False, "unreachable")


def test_walk_timing_out_half_way_keeps_what_arrived(snmpsim, profiles):
    target = SnmpTarget("127.0.0.1", snmpsim.port, community="partial-walk", timeout_s=1.0, retries=0)
    r = asyncio.run(poll(target, profiles))
    assert r.reachable and r.partial
    assert any("walk stopped" in e for e in r.errors), r.errors
    assert r.sys_name == "partial"
    names = [i.name for i in r.interfaces]
    assert "eth1" in names and len(names) < 30  # the first rows arrived and were kept


def test_poll_many_mixes_states_and_keeps_order(snmpsim, snmpd, profiles):
    targets = [
        SnmpTarget("127.0.0.1", snmpsim.port, community="mikrotik", timeout_s=10),
        SnmpTarget("127.0.0.1", free_udp_port(), community="x", timeout_s=0.3, retries=0),
        SnmpTarget("127.0.0.1", snmpsim.port, community="unifi", timeout_s=10),
        v3(snmpd.port),
    ]
    results = asyncio.run(poll_many(targets, profiles, concurrency=2))
    assert [r.reachable for r in results] == [True, False, True, True]
    assert [r.clients_total for r in results[:3]] == [5, None, 12]


def test_secrets_never_in_repr():
    t = v3(161, community=None)
    text = repr(t)
    assert "authpass123" not in text and "privpass123" not in text and "<secret>" in text


@pytest.mark.parametrize("kw, field", [
    (dict(version="4", community="x"), "version"),
    (dict(version="3"), "user"),
    (dict(version="3", user="u", auth_protocol="SHA"), "auth_key"),
    (dict(version="3", user="u", auth_protocol="SHA", auth_key="short"), "auth_key"),
    (dict(version="2c"), "community"),
    (dict(community="x", port=0), "port"),
])
def test_target_validation_names_the_field(kw, field):
    with pytest.raises(ValueError, match=field):
        SnmpTarget("127.0.0.1", **kw)

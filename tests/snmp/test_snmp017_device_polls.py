"""The village edge polls through the collector's own poll path (`collector.poller.DevicePolls`), and
that path keeps one identity and one set of row-count hints per device, where a device is its address
*and* its credential: two SNMPv3 users (or contexts, or communities) at one address are two devices.
The edge's former copy of the loop keyed them by host, port and community only, so two v3 users at
one address shared one identification. Against the real net-snmp snmpd (two authPriv users)."""

from __future__ import annotations

import asyncio

import yaml

from collector.config import load_config
from collector.edge.runner import Edge
from collector.poller import DevicePolls, _hint_id
from collector.snmp.model import SnmpTarget
from tests.district.world import PRIVACY_KEY, village

USERS = {
    "v3-sha": {"version": "3", "user": "kunangv3", "auth_protocol": "SHA", "auth_key": "authpass123",
               "priv_protocol": "AES", "priv_key": "privpass123", "timeout_s": 2, "retries": 1},
    "v3-sha256": {"version": "3", "user": "kunang256", "auth_protocol": "SHA-256", "auth_key": "authpass256",
                  "priv_protocol": "AES-256", "priv_key": "privpass256", "timeout_s": 2, "retries": 1},
}


def _edge(tmp_path, port: int, profiles) -> Edge:
    cfg = {
        "privacy": {"key": PRIVACY_KEY},
        "snmp": {"credentials": USERS, "default": "v3-sha", "poll_interval_s": 10},
        "sites": [{"name": village(1), "timezone": "Asia/Makassar",
                   "aps": [{"name": name, "address": "127.0.0.1", "port": port, "snmp": name} for name in USERS]}],
        "portal": {"sources": []},
        "edge": {"hub_urls": ["nats://127.0.0.1:4222"], "site": village(1), "spool_dir": str(tmp_path / "spool"),
                 "edge_id": "edge-1"},
    }
    path = tmp_path / "kunang.yaml"
    path.write_text(yaml.safe_dump(cfg))
    path.chmod(0o600)
    return Edge(load_config(path), profiles=profiles)


def test_edge_polls_each_v3_user_as_its_own_device(tmp_path, snmpd, profiles):
    edge = _edge(tmp_path, snmpd.port, profiles)
    assert isinstance(edge.polls, DevicePolls)
    targets = [d.target for d in edge.devices]
    assert {t.user for t in targets} == {"kunangv3", "kunang256"} and len({t.address for t in targets}) == 1

    async def rounds():
        out = []
        for _ in range(2):
            for dev in edge.devices:
                out.append(await edge._poll_fn(dev.target, edge.profiles, dev.profile))
        edge.polls.close()
        return out

    results = asyncio.run(rounds())
    assert all(r.reachable and r.error_kind is None and r.interfaces for r in results), \
        [(r.reachable, r.error_kind, r.errors) for r in results]
    # one identity per user, each identified once over two rounds (the cache serves the second)
    assert sorted(slot.identified for slot in edge.polls.identities.values()) == [1, 1]
    assert len(edge.polls.hints) == 2


def test_device_key_tells_credentials_apart_and_hides_secrets():
    base = dict(version="3", user="a", auth_protocol="SHA", auth_key="secret-key-1")
    keys = {_hint_id(SnmpTarget("10.0.0.1", 161, **kw)) for kw in (
        base, {**base, "user": "b"}, {**base, "context": "vlan-20"})}
    keys |= {_hint_id(SnmpTarget("10.0.0.1", 161, community=c)) for c in ("public", "private")}
    assert len(keys) == 5
    assert all(k.startswith("10.0.0.1:161/") and "secret" not in k and "public" not in k for k in keys)
    # the same device, whatever its timeout, is one key
    assert _hint_id(SnmpTarget("10.0.0.1", 161, community="public", timeout_s=9)) == \
        _hint_id(SnmpTarget("10.0.0.1", 161, community="public"))

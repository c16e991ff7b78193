"""Garbage and out-of-order answers never loop forever or crash the poller (real UDP socket agent)."""

from __future__ import annotations

import asyncio
import time

from collector import snmp  # noqa: F401
from collector.poller import poll
from collector.snmp import client
from collector.snmp.model import SnmpTarget
from tests.snmp.bad_agent import BadAgent


def _poll(port, profiles, **kw):
    t = SnmpTarget("127.0.0.1", port, community="public", timeout_s=0.5, retries=0, **kw)
    return asyncio.run(asyncio.wait_for(poll(t, profiles), 30))


def test_non_increasing_oids_stop_the_column(profiles):
    with BadAgent("stuck") as agent:
        r = _poll(agent.port, profiles)
        requests = agent.protocol.requests
    assert r.reachable and r.partial
    assert any("non-increasing" in e for e in r.errors)
    assert requests < 10  # one GET + one GETBULK round per table batch, no loop


def test_backwards_oids_stop_the_column(profiles):
    with BadAgent("backwards") as agent:
        r = _poll(agent.port, profiles)
    assert r.reachable and r.partial
    assert any("non-increasing" in e for e in r.errors)


def test_endless_rows_are_capped(profiles, monkeypatch):
    monkeypatch.setattr(client, "MAX_ROWS_PER_COLUMN", 500)
    t0 = time.monotonic()
    with BadAgent("endless") as agent:
        r = _poll(agent.port, profiles)
    assert r.reachable and r.partial
    assert any("stopped after 500 rows" in e for e in r.errors)
    assert time.monotonic() - t0 < 30


def test_garbage_answers_are_a_state_not_a_crash(profiles):
    with BadAgent("garbage") as agent:
        r = _poll(agent.port, profiles)
    # the system group answered; the walk got only garbage, which the client drops -> timeout -> partial
    assert r.reachable and r.partial
    assert r.errors


def test_error_status_on_one_table_keeps_the_others(profiles):
    with BadAgent("generr") as agent:
        t = SnmpTarget("127.0.0.1", agent.port, community="public", timeout_s=0.5, retries=0)
        r = asyncio.run(asyncio.wait_for(poll(t, profiles, "tplink-eap"), 30))
    assert r.reachable and r.partial and r.error_kind is None
    assert any("table client" in e and "genErr" in e for e in r.errors), r.errors
    assert [i.index for i in r.interfaces] == [1]  # IF-MIB still walked after the vendor table failed


def test_stray_answers_and_foreign_communities_are_ignored(profiles):
    with BadAgent("stray") as agent:
        t = SnmpTarget("127.0.0.1", agent.port, community="public", timeout_s=2, retries=0)
        r = asyncio.run(asyncio.wait_for(poll(t, profiles, "generic"), 30))
    assert r.reachable and not r.partial and r.errors == ()
    assert r.sys_descr == "Linux bad-agent" and r.sys_uptime_ticks == 42  # not the decoys' 666
    assert [i.index for i in r.interfaces] == [1]


def test_a_late_answer_to_the_first_try_still_counts(profiles):
    # the agent answers 0.6 s late and ignores retries: the retry (sent at 0.5 s) reuses the
    # request-id, so the late answer completes the request instead of a second timeout
    with BadAgent("late") as agent:
        t = SnmpTarget("127.0.0.1", agent.port, community="public", timeout_s=0.5, retries=1)
        r = asyncio.run(asyncio.wait_for(poll(t, profiles, "generic"), 60))
    assert r.reachable and not r.partial and r.errors == ()
    assert [i.index for i in r.interfaces] == [1]


def test_answers_the_strict_decoder_leaves_are_decoded_by_pysnmp(profiles):
    from collector.snmp import transport

    before = dict(transport.FALLBACKS)
    with BadAgent("indefinite") as agent:
        t = SnmpTarget("127.0.0.1", agent.port, community="public", timeout_s=2, retries=0)
        r = asyncio.run(asyncio.wait_for(poll(t, profiles, "generic"), 30))
    assert r.reachable and not r.partial and r.errors == ()
    assert r.sys_descr == "Linux bad-agent" and r.sys_uptime_ticks == 42
    assert [i.index for i in r.interfaces] == [1]
    assert transport.FALLBACKS["decoded"] >= before["decoded"] + 2  # the system GET and the walks

"""Row-count hints only size GETBULK requests: results are identical with, without, or with wrong hints."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from collector.poller import poll, poll_many
from collector.snmp.model import SnmpTarget
from tests.snmp.cases import stable

EXPECTED = Path(__file__).resolve().parents[1] / "data" / "expected"


def test_hints_do_not_change_results(snmpsim, profiles):
    target = SnmpTarget("127.0.0.1", snmpsim.port, community="mikrotik", timeout_s=10)
    expected = stable(json.loads((EXPECTED / "mikrotik.json").read_text()))
    hints: dict[str, int] = {}
    first = asyncio.run(poll(target, profiles, hints=hints))
    assert hints["mikrotik-routeros/rtab"] == 3 and hints["mikrotik-routeros/if"] == 4
    second = asyncio.run(poll(target, profiles, hints=hints))
    wrong = {k: (0 if i % 2 else 500) for i, k in enumerate(hints)}
    third = asyncio.run(poll(target, profiles, hints=wrong))
    # every table "empty last time": all of them share one lockstep walk, and still end right
    fourth = asyncio.run(poll(target, profiles, hints={k: 0 for k in hints}))
    for r in (first, second, third, fourth):
        assert stable(r.to_json_dict()) == expected
    assert fourth.varbinds == first.varbinds  # the varbinds proving each column's end are not counted


def test_poll_many_keeps_hints_per_device_without_secrets(snmpsim, profiles):
    targets = [SnmpTarget("127.0.0.1", snmpsim.port, community=c, timeout_s=10) for c in ("unifi", "tplink-eap")]
    hints: dict = {}
    results = asyncio.run(poll_many(targets, profiles, concurrency=2, hints=hints))
    assert [r.clients_total for r in results] == [12, 3]
    assert len(hints) == 2
    assert not any("unifi" in key or "tplink" in key for key in hints)  # the community is a secret
    assert {"unifi-ap/vap"} <= set().union(*hints.values())

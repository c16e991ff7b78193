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


def test_known_small_tables_share_requests():
    from collector.poller import REQUEST_COST_VARBINDS, _pack

    col = lambda n, base: [(1, 3, 6, base, i) for i in range(n)]  # noqa: E731
    walks = [
        (["clients"], col(3, 1), 30),  # big: alone
        (["radios"], col(6, 2), 1),
        (["ssids"], col(2, 3), 1),
        (["legacy"], col(22, 4), 0),  # empty last time
        (["new"], col(4, 5), None),  # never seen: walked alone, first
        (["if"], col(4, 6), 2),
    ]
    packed = _pack(walks, 60)
    assert [names for names, _c, _h in packed] == [["new"], ["legacy"], ["radios", "ssids", "if"], ["clients"]]
    # 12 columns x 3 rows: the 8 radio/SSID columns waste one varbind each, as much as a request costs
    assert packed[2] == (["radios", "ssids", "if"], col(6, 2) + col(2, 3) + col(4, 6), 2)
    # every column is walked exactly once, whatever the grouping
    assert sorted(c for _n, cols, _h in packed for c in cols) == sorted(c for _n, cols, _h in walks for c in cols)
    # merging the 22 empty columns with the 1-row tables would waste 22 varbinds: more than a request costs
    assert 22 > REQUEST_COST_VARBINDS
    # within the budget and without waste, everything known shares one request
    assert _pack([(["a"], col(10, 1), 1), (["b"], col(10, 2), 1), (["c"], col(10, 3), 1)], 60) == [
        (["a", "b", "c"], col(10, 1) + col(10, 2) + col(10, 3), 1)]
    assert len(_pack([(["a"], col(10, 1), 1), (["b"], col(10, 2), 1), (["c"], col(11, 3), 1)], 60)) == 2  # 62 > 60

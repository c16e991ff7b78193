"""Per-AP detection, pure: hysteresis, flapping, high load.

`step()` takes one poll outcome and returns events; `settle()` ends flapping
once no reachability change happened for the flap window. Times are aware
datetimes; the tracker keeps epoch seconds so it round-trips through JSON
(`to_json` / `from_json`) into the `alert_tracker` table.

Events: `down` (N consecutive failures), `up` (M consecutive successes after
down), `flap_start` (K raw reachability changes within W), `flap_end`,
`high_load` (clients >= threshold for the rule's minutes), `high_load_end`.
The first contact with an AP that answers is not a recovery.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from collector.alerts.rules import Rule
from collector.status import Thresholds, advance

CAP = 1000


@dataclass
class ApTracker:
    state: str = "unknown"  # unknown | up | down (confirmed, per rule)
    fails: int = 0
    oks: int = 0
    last: bool | None = None  # reachability at the previous poll
    first_fail: float | None = None  # first failed poll of the current run of failures
    transitions: list[float] = field(default_factory=list)  # raw reachability changes in the window
    flapping: bool = False
    high_since: float | None = None
    high: bool = False
    clients: int | None = None

    def to_json(self) -> dict:
        d = dict(self.__dict__)  # asdict() deep-copies and is 20x slower: this runs per AP per poll
        d["transitions"] = list(self.transitions)
        return d

    @classmethod
    def from_json(cls, data: dict | None) -> "ApTracker":
        if not data:
            return cls()
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)

    @property
    def suspect(self) -> bool:
        """Failing, but not (yet) confirmed down."""
        return self.fails > 0 and self.state != "down"


def step(tr: ApTracker, rule: Rule, t: dt.datetime, reachable: bool, clients: int | None = None) -> list[str]:
    ts = t.timestamp()
    events: list[str] = []
    if tr.last is not None and reachable != tr.last:
        tr.transitions.append(ts)
    tr.last = reachable
    tr.transitions = [x for x in tr.transitions if ts - x < rule.flap_window_s]
    # up/down: the store's rule (collector/status.py) with the same thresholds (snmp.*)
    if not reachable and tr.fails == 0:
        tr.first_fail = ts
    tr.state, fails, oks, event = advance(tr.state, tr.fails, tr.oks, reachable,
                                          Thresholds(rule.down_after, rule.up_after))
    tr.fails, tr.oks = min(fails, max(rule.down_after, 1)), min(oks, max(rule.up_after, 1))  # bounded state
    if reachable:
        tr.first_fail = None
    if event:
        events.append(event)
    if not tr.flapping and len(tr.transitions) >= rule.flap_transitions:
        tr.flapping = True
        events.append("flap_start")
    if reachable and rule.high_load_clients:
        tr.clients = clients  # kept only where a load rule needs it: fewer tracker writes
        events += _load(tr, rule, ts, clients)
    return events


def _load(tr: ApTracker, rule: Rule, ts: float, clients: int | None) -> list[str]:
    if not rule.high_load_clients or clients is None:
        return []
    if clients >= rule.high_load_clients:
        if tr.high_since is None:
            tr.high_since = ts
        if not tr.high and ts - tr.high_since >= rule.high_load_minutes * 60:
            tr.high = True
            return ["high_load"]
        return []
    tr.high_since = None
    if tr.high:
        tr.high = False
        return ["high_load_end"]
    return []


def settle(tr: ApTracker, rule: Rule, now: dt.datetime) -> list[str]:
    """End flapping once reachability held still for the whole flap window."""
    if not tr.flapping:
        return []
    ts = now.timestamp()
    if tr.transitions and ts - tr.transitions[-1] < rule.flap_window_s:
        return []
    tr.flapping = False
    tr.transitions = []
    return ["flap_end"]

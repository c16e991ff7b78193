"""An access point's up/down state: the one rule, with one setting.

The store (`db/writer.py`: `ap_status`, `ap_event`, which the dashboard and the reports read) and the
alerting (`alerts/tracker.py`) both decide with `advance()` and the same thresholds,
`snmp.down_after_failures` and `snmp.up_after_successes`, so "down" on the dashboard, an outage in the
monthly report and an ap_down alert are the same thing.

- `unknown` -> `up` at the first answered poll (no event: first contact is not a recovery);
- `down` after `down_after` consecutive failed polls (event `down`);
- back `up` after `up_after` consecutive answered polls (event `up`).

`rebooted()` is the reboot rule the store records (`ap_event` kind `reboot`, which alerting reads):
sysUpTime went backwards between two answered polls, and not by wrapping.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Thresholds:
    down_after: int = 3
    up_after: int = 2

    @classmethod
    def of(cls, cfg) -> "Thresholds":
        """From the configuration (`snmp.down_after_failures`, `snmp.up_after_successes`)."""
        return cls(cfg.snmp.down_after_failures, cfg.snmp.up_after_successes)


def advance(state: str, fails: int, oks: int, reachable: bool, th: Thresholds) -> tuple[str, int, int, str | None]:
    """One poll outcome: (state, consecutive failures, consecutive successes, event or None)."""
    if reachable:
        fails, oks = 0, oks + 1
        if state == "unknown":
            return "up", fails, oks, None
        if state == "down" and oks >= th.up_after:
            return "up", fails, oks, "up"
        return state, fails, oks, None
    fails, oks = fails + 1, 0
    if state != "down" and fails >= th.down_after:
        return "down", fails, oks, "down"
    return state, fails, oks, None


TICKS_WRAP = 2**32  # sysUpTime is 32-bit TimeTicks (hundredths of a second): it wraps after ~497 days


def rebooted(uptime_before: int | None, uptime_now: int | None) -> bool:
    """sysUpTime went backwards, and not by wrapping (an earlier value within an hour of the wrap)."""
    return uptime_before is not None and uptime_now is not None and uptime_now < uptime_before \
        and uptime_before < TICKS_WRAP - 360_000

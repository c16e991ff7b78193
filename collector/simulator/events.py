"""Faults of the simulated fleet: reboots, AP outages, uplink losses.

Each local date may bring (deterministically from the seed):
- `reboot`: one agent restarts (unreachable ~60 s, sysUpTime starts again, associations reset);
- `ap_down`: one AP loses power for 15-50 min, then boots again (a controller-managed AP is
  reported down by its controller, which keeps answering);
- `uplink`: one site loses its uplink for 10-40 min: all its agents are unreachable, the APs
  keep running (uptime and associations continue).
Every agent also has a scheduled weekly reboot on Monday 03:00 local time (a common
RouterOS scheduler script), which keeps uptimes and counters within a week.
Tests can add events of their own (`Model(extra_events=...)`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from collector.simulator.rand import stream

REBOOT_DOWN_S = 60.0
KINDS = ("reboot", "ap_down", "uplink")


@dataclass(frozen=True, slots=True)
class Event:
    kind: str  # reboot | ap_down | uplink
    site_index: int
    target: str  # agent name (reboot), AP name (ap_down), "" (uplink: the whole site)
    start: float
    end: float

    def to_json(self) -> dict:
        return {"kind": self.kind, "site": self.site_index, "target": self.target,
                "start": dt.datetime.fromtimestamp(self.start, dt.timezone.utc).isoformat(),
                "end": dt.datetime.fromtimestamp(self.end, dt.timezone.utc).isoformat()}


def _local(date: dt.date, hour: float, tz: str) -> float:
    h = int(hour)
    m = int((hour - h) * 60)
    return dt.datetime.combine(date, dt.time(h, m), ZoneInfo(tz)).timestamp()


def day_events(fleet, date: dt.date) -> tuple[Event, ...]:
    """The random faults of one local date (no scheduled reboots, no test events)."""
    rng = stream(fleet.seed, "events", date.isoformat())
    out: list[Event] = []
    sites = fleet.sites
    tz = sites[0].site.timezone
    if rng.random() < 0.7:
        site = rng.choice(sites)
        agent = rng.choice(site.agents)
        t = _local(date, 8.5 + rng.random() * 6, site.site.timezone)
        out.append(Event("reboot", site.index, agent.name, t, t + REBOOT_DOWN_S))
    if rng.random() < 0.4:
        site = rng.choice(sites)
        ap = rng.choice(site.aps)
        t = _local(date, 9 + rng.random() * 5, site.site.timezone)
        out.append(Event("ap_down", site.index, ap.name, t, t + 60 * (15 + rng.random() * 35)))
    if rng.random() < 0.25:
        site = rng.choice(sites)
        t = _local(date, 9 + rng.random() * 6, site.site.timezone or tz)
        out.append(Event("uplink", site.index, "", t, t + 60 * (10 + rng.random() * 30)))
    return tuple(out)


def weekly_boot(t: float, tz: str) -> float:
    """The scheduled reboot (Monday 03:00 local) at or before t."""
    local = dt.datetime.fromtimestamp(t, ZoneInfo(tz))
    monday = local.date() - dt.timedelta(days=local.weekday())
    b = dt.datetime.combine(monday, dt.time(3, 0), ZoneInfo(tz)).timestamp()
    if b > t:
        b = dt.datetime.combine(monday - dt.timedelta(days=7), dt.time(3, 0), ZoneInfo(tz)).timestamp()
    return b

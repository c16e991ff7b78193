"""Ground truth: what the simulator simulated, as JSON lines, and the session rules applied to it.

Record types (one JSON object per line, `type` first):
- `poll`: one agent's state served at one instant: `t`, `site`, `agent`, `reachable`,
  `uptime_ticks`, `reports` (clients | counts | none: what the vendor's MIB exposes),
  `clients_total`, `aps` {name: {"up", "clients": [MAC...]}}
- `session`: `event` open | close, `site`, `mac`, `first_seen`, `last_seen`, `aps`
- `portal`: `kind` login | logout | login_failed, `t`, `site`, `format`, `user`, `mac`, `ip`, `reason`
- `event`: a fault (reboot, ap_down, uplink) with `start` and `end`
- `visit`: one device's stay as the model simulated it: `site`, `person` (a stable id per simulated
  visitor: members keep theirs across days), `mac`, `randomized`, `arrive`, `leave`, `aps` (the APs
  it was on, in order), `blind` (those APs' vendors give no client rows: `none`/`counts`), `user`
  (hotspot username when it logged in), `login`, `logout`. Written for each local day of a site as
  the day begins (live) or for every day of the period (backfill).

`Sessions` re-implements the rules of collector/wifi_sessions.py independently (from its
docstring), so the collector's sessions can be checked against it: a device seen at a
site extends its open session whichever AP saw it; a successful poll of the AP it was
last seen on that does not list it closes the session when t - last_seen > gap; polls
that failed prove nothing; unseen for `stale` (1 day) closes it regardless.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# what each vendor's profile can tell about clients
REPORTS = {"mikrotik": "clients", "cisco-wlc": "clients", "unifi": "counts", "generic": "none"}


def iso(t: float) -> str:
    return dt.datetime.fromtimestamp(t, dt.timezone.utc).isoformat()


@dataclass
class TruthSession:
    site: str
    mac: str
    first_seen: float
    last_seen: float
    last_ap: str
    aps: list[str]
    closed: bool = False

    def to_json(self, event: str) -> dict[str, Any]:
        return {"type": "session", "event": event, "site": self.site, "mac": self.mac,
                "first_seen": iso(self.first_seen), "last_seen": iso(self.last_seen), "aps": list(self.aps)}


@dataclass
class Sessions:
    gap_s: float = 600.0
    stale_s: float = 86400.0
    keep_done: bool = True  # the live recorder writes closed sessions out and forgets them
    open: dict[tuple[str, str], TruthSession] = field(default_factory=dict)
    done: list[TruthSession] = field(default_factory=list)

    def observe(self, site: str, polled: set[str], t: float, seen: list[tuple[str, str]]) -> list[dict]:
        """One successful poll of the APs `polled` at t listing (mac, ap) pairs; returns session records."""
        out: list[dict] = []
        macs: set[str] = set()
        for mac, ap in seen:
            if mac in macs:
                continue
            macs.add(mac)
            s = self.open.get((site, mac))
            if s is not None and t - s.last_seen > self.stale_s:
                out.append(self._close(s))
                s = None
            if s is None:
                s = self.open[(site, mac)] = TruthSession(site, mac, t, t, ap, [ap])
                out.append(s.to_json("open"))
                continue
            if t < s.last_seen:
                continue
            s.last_seen, s.last_ap = t, ap
            if ap not in s.aps:
                s.aps.append(ap)
        for (s_site, mac), s in list(self.open.items()):
            if s_site == site and mac not in macs and s.last_ap in polled and t - s.last_seen > self.gap_s:
                out.append(self._close(s))
        return out

    def sweep(self, now: float) -> list[dict]:
        return [self._close(s) for s in list(self.open.values()) if now - s.last_seen > self.stale_s]

    def _close(self, s: TruthSession) -> dict:
        s.closed = True
        del self.open[(s.site, s.mac)]
        if self.keep_done:
            self.done.append(s)
        return s.to_json("close")

    def all(self) -> list[TruthSession]:
        return self.done + list(self.open.values())


def polled_names(agent) -> set[str]:
    """The AP names one successful poll of `agent` covers (a controller: itself and its APs)."""
    return {agent.name, *agent.aps}


def sightings(agent, state) -> list[tuple[str, str]]:
    """(mac, ap) pairs the collector can see in this state (vendors with a client table only)."""
    if REPORTS[agent.vendor] != "clients":
        return []
    return [(c.mac, a.name if agent.is_controller else agent.name) for a in state.aps for c in a.clients]


def poll_record(agent, state, site_name: str) -> dict[str, Any]:
    return {
        "type": "poll", "t": iso(state.t), "site": site_name, "agent": agent.name, "vendor": agent.vendor,
        "reachable": state.reachable, "uptime_ticks": state.uptime_ticks if state.reachable else None,
        "reports": REPORTS[agent.vendor], "clients_total": state.clients_total if state.reachable else None,
        "aps": {a.name: {"up": a.up, "clients": [c.mac for c in a.clients]} for a in state.aps},
    }


def visit_record(fleet, site_index: int, v) -> dict[str, Any]:
    site = fleet.sites[site_index]
    vendors = {a.name: a.vendor for a in site.aps}
    aps: list[str] = []
    for sg in v.segments:
        if sg.ap not in aps:
            aps.append(sg.ap)
    return {"type": "visit", "site": site.name, "person": v.person, "mac": v.mac, "randomized": v.randomized,
            "arrive": iso(v.arrive), "leave": iso(v.leave), "aps": aps,
            "blind": [a for a in aps if REPORTS[vendors[a]] != "clients"],
            "user": v.user, "login": iso(v.login) if v.login else None,
            "logout": iso(v.logout) if v.logout else None}


def visit_records(fleet, model, t0: float, t1: float):
    """The `visit` records of every site for the visits arriving in [t0, t1)."""
    d, last = model.local_date(t0), model.local_date(t1)
    while d <= last:
        for site in fleet.sites:
            for v in model.visits(site.index, d):
                if t0 <= v.arrive < t1:
                    yield visit_record(fleet, site.index, v)
        d += dt.timedelta(days=1)


class TruthWriter:
    """Append JSON lines to a file (thread-safe); `None` path: keep nothing."""

    def __init__(self, path: str | Path | None):
        self.path = Path(path) if path else None
        self._lock = threading.Lock()
        self._fh = None
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fh = self.path.open("a", encoding="utf-8")

    def write(self, record: dict[str, Any]) -> None:
        if self._fh is None:
            return
        line = json.dumps(record, separators=(",", ":"), default=str)
        with self._lock:
            self._fh.write(line + "\n")

    def flush(self) -> None:
        if self._fh is not None:
            with self._lock:
                self._fh.flush()

    def close(self) -> None:
        if self._fh is not None:
            with self._lock:
                self._fh.close()
                self._fh = None


class Recorder:
    """Turns served agent states into poll and session records (for the live simulator)."""

    def __init__(self, fleet, writer: TruthWriter, gap_s: float = 600.0):
        self.fleet = fleet
        self.writer = writer
        self.sessions = Sessions(gap_s=gap_s, keep_done=False)
        self._lock = threading.Lock()
        self._days: set[tuple[int, dt.date]] = set()
        self.model = None  # set by the live runner: visits are written per site-day from it

    def on_snapshot(self, agent, state) -> None:
        site = self.fleet.sites[agent.site_index].name
        with self._lock:
            if self.model is not None:
                day = (agent.site_index, self.model.local_date(state.t))
                if day not in self._days:
                    self._days.add(day)
                    for v in self.model.visits(*day):
                        self.writer.write(visit_record(self.fleet, agent.site_index, v))
            self.writer.write(poll_record(agent, state, site))
            if state.reachable:
                for rec in self.sessions.observe(site, polled_names(agent), state.t, sightings(agent, state)):
                    self.writer.write(rec)

"""The state of every simulated agent at any instant: the one model behind agents, logs,
ground truth and backfill.

`Model(fleet).agent_state(agent, t)` is a pure function of (seed, fleet, t): clients
associated with each AP (MAC, radio, SSID, RSSI, byte counters since association),
reachability, sysUpTime and interface octet counters (since boot; the MIB renderer
wraps them to 32 bits where the vendor has only 32-bit counters).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from collector.simulator.day import Visit, site_day
from collector.simulator.events import REBOOT_DOWN_S, Event, day_events, weekly_boot

BACKGROUND_BPS = {"generic": 600_000.0}  # an old AP also carrying the CCTV uplink: its 32-bit counters wrap
DEFAULT_BACKGROUND_BPS = 2_000.0
BOOT_TICKS = 4_200  # sysUpTime when the agent starts answering after boot (42 s)


@dataclass(frozen=True, slots=True)
class ClientState:
    mac: str
    ap: str
    radio: str
    ssid: str
    rssi: int
    rx_bytes: int
    tx_bytes: int
    randomized: bool
    ip: str


@dataclass(frozen=True, slots=True)
class ApState:
    name: str
    mac: str
    up: bool
    clients: tuple[ClientState, ...]


@dataclass(frozen=True, slots=True)
class IfState:
    index: int
    name: str
    in_octets: int  # since boot, unwrapped
    out_octets: int
    up: bool = True


@dataclass(frozen=True, slots=True)
class AgentState:
    site_index: int
    agent: str
    t: float
    reachable: bool
    uptime_ticks: int
    aps: tuple[ApState, ...]
    interfaces: tuple[IfState, ...]

    @property
    def clients_total(self) -> int:
        return sum(len(a.clients) for a in self.aps)


def ts(t: dt.datetime | float) -> float:
    return t if isinstance(t, (int, float)) else t.timestamp()


class Model:
    def __init__(self, fleet, extra_events: tuple[Event, ...] | list[Event] = (), random_events: bool = True):
        self.fleet = fleet
        self.extra = tuple(extra_events)
        self.random_events = random_events
        self._events: dict[dt.date, tuple[Event, ...]] = {}
        self._days: dict[tuple, dict] = {}
        self.tz = ZoneInfo(fleet.sites[0].site.timezone)

    # ------------------------------------------------------------------ events

    def local_date(self, t: float) -> dt.date:
        return dt.datetime.fromtimestamp(t, self.tz).date()

    def events_on(self, date: dt.date) -> tuple[Event, ...]:
        ev = self._events.get(date)
        if ev is None:
            rnd = day_events(self.fleet, date) if self.random_events else ()
            extra = tuple(e for e in self.extra if self.local_date(e.start) == date)
            ev = self._events[date] = tuple(sorted(rnd + extra, key=lambda e: e.start))
            if len(self._events) > 400:
                self._events.clear()
        return ev

    def events_between(self, t0: float, t1: float) -> list[Event]:
        d, last = self.local_date(t0) - dt.timedelta(days=1), self.local_date(t1)
        out = []
        while d <= last:
            out += [e for e in self.events_on(d) if e.start < t1 and e.end > t0]
            d += dt.timedelta(days=1)
        return out

    def _site_events(self, site_index: int, t0: float, t1: float) -> list[Event]:
        return [e for e in self.events_between(t0, t1) if e.site_index == site_index]

    # ------------------------------------------------------------------ power

    def _power(self, agent, t: float) -> tuple[bool, float]:
        """(running at t, boot time of the current run) of an agent's box."""
        site = self.fleet.sites[agent.site_index]
        wb = weekly_boot(t, site.site.timezone)
        if t < wb + REBOOT_DOWN_S:
            return False, wb
        boot = wb + REBOOT_DOWN_S
        for e in self._site_events(agent.site_index, wb, t + 1):
            own = (e.kind == "reboot" and e.target == agent.name) or \
                  (e.kind == "ap_down" and not agent.is_controller and e.target == agent.name)
            if not own or e.start > t:
                continue
            if t < e.end:
                return False, boot
            boot = max(boot, e.end)
        return True, boot

    def _managed_power(self, agent, ap_name: str, t: float, agent_boot: float) -> tuple[bool, float]:
        """A controller-managed AP: down during its own outages; associations restart after them."""
        on = agent_boot
        for e in self._site_events(agent.site_index, agent_boot, t + 1):
            if e.kind == "ap_down" and e.target == ap_name and e.start <= t:
                if t < e.end:
                    return False, on
                on = max(on, e.end)
        return True, on

    def _uplink_down(self, site_index: int, t: float) -> bool:
        return any(e.kind == "uplink" and e.start <= t < e.end for e in self._site_events(site_index, t, t + 1))

    # ------------------------------------------------------------------ state

    def visits(self, site_index: int, date: dt.date) -> tuple[Visit, ...]:
        site = self.fleet.sites[site_index]
        return site_day(self.fleet, site, date)

    def agent_state(self, agent, t: dt.datetime | float) -> AgentState:
        t = ts(t)
        running, boot = self._power(agent, t)
        reachable = running and not self._uplink_down(agent.site_index, t)
        uptime = int((t - boot) * 100) + BOOT_TICKS if running else 0
        site = self.fleet.sites[agent.site_index]
        visits = self.visits(agent.site_index, self.local_date(t)) if running else ()
        aps = []
        for name in agent.aps:
            ap = site.ap(name)
            if agent.is_controller:
                up, on = self._managed_power(agent, name, t, boot) if running else (False, boot)
            else:
                up, on = running, boot
            clients = []
            if up:
                for v in visits:
                    if not (v.arrive <= t < v.leave):
                        continue
                    for s in v.segments:
                        if s.ap == name and s.start <= t < s.end:
                            since = max(s.start, on)
                            clients.append(ClientState(
                                v.mac, name, s.radio, v.ssid, s.rssi, int(v.rx_rate * (t - since)),
                                int(v.tx_rate * (t - since)), v.randomized, v.ip))
                            break
            clients.sort(key=lambda c: c.mac)
            aps.append(ApState(name, ap.mac, up, tuple(clients)))
        ifs = self._interfaces(agent, t, boot) if running else ()
        return AgentState(agent.site_index, agent.name, t, reachable, uptime, tuple(aps), ifs)

    def _interfaces(self, agent, t: float, boot: float) -> tuple[IfState, ...]:
        """ether1 (uplink) and one wlan per radio band; octets since boot."""
        by_radio = {"2.4": [0.0, 0.0], "5": [0.0, 0.0]}
        d = self.local_date(boot)
        last = self.local_date(t)
        while d <= last:
            if d < last:  # a whole past day: the same for every t of the boot, cached
                key = (agent.site_index, agent.name, d, boot)
                part = self._days.get(key)
                if part is None:
                    if len(self._days) > 20000:
                        self._days.clear()
                    part = self._days[key] = self._traffic(agent, d, boot, float("inf"))
            else:
                part = self._traffic(agent, d, boot, t)
            for r in by_radio:
                by_radio[r][0] += part[r][0]
                by_radio[r][1] += part[r][1]
            d += dt.timedelta(days=1)
        bg = BACKGROUND_BPS.get(agent.vendor, DEFAULT_BACKGROUND_BPS) * (t - boot)
        rx = by_radio["2.4"][0] + by_radio["5"][0]
        tx = by_radio["2.4"][1] + by_radio["5"][1]
        out = [IfState(1, "ether1", int(tx + bg), int(rx + bg * 0.2))]
        radios = ("2.4",) if agent.vendor == "generic" else ("2.4", "5")
        for i, r in enumerate(radios):
            out.append(IfState(2 + i, f"wlan{i + 1}", int(by_radio[r][0]), int(by_radio[r][1])))
        return tuple(out)

    def _traffic(self, agent, d: dt.date, boot: float, t: float) -> dict[str, tuple[float, float]]:
        """Bytes (rx, tx) per radio band on the agent's APs during local date d, within [boot, t)."""
        names = set(agent.aps)
        acc = {"2.4": [0.0, 0.0], "5": [0.0, 0.0]}
        for v in self.visits(agent.site_index, d):
            if v.leave <= boot or v.arrive >= t:
                continue
            for s in v.segments:
                if s.ap not in names:
                    continue
                a, b = max(s.start, boot), min(s.end, t)
                if b > a:
                    x = acc[s.radio]
                    x[0] += v.rx_rate * (b - a)
                    x[1] += v.tx_rate * (b - a)
        return {r: (x[0], x[1]) for r, x in acc.items()}

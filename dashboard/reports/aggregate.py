"""Pure reductions of fetched rows into report figures (no I/O)."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass

WEEKDAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class Totals:
    sessions: int
    visitors: int  # distinct devices that were a visitor on at least one day
    visits: int  # device x site x day
    returning_share: float | None  # of visits
    median_dwell: float | None  # minutes per visit
    total_bytes: int
    randomized_share: float | None  # of distinct visitor devices
    availability_pct: float | None  # reachable / all polls, percent


def totals(visits: list[dict], sessions: list[dict], ap_hours: list[dict]) -> Totals:
    devices: dict[str, bool] = {}
    for v in visits:
        devices[v["device"]] = devices.get(v["device"], False) or bool(v["randomized"])
    n_visits = len(visits)
    polls = sum(r["polls"] for r in ap_hours)
    reachable = sum(r["reachable_polls"] for r in ap_hours)
    return Totals(
        sessions=sum(r["sessions"] for r in sessions),
        visitors=len(devices),
        visits=n_visits,
        returning_share=(sum(1 for v in visits if v["returning"]) / n_visits) if n_visits else None,
        median_dwell=float(statistics.median(float(v["minutes"]) for v in visits)) if n_visits else None,
        total_bytes=int(sum(r["bytes"] for r in sessions)),
        randomized_share=(sum(devices.values()) / len(devices)) if devices else None,
        availability_pct=(100.0 * reachable / polls) if polls else None,
    )


def daily(days: list[dt.date], visits: list[dict], sessions: list[dict]) -> dict[dt.date, tuple[int, int, int]]:
    """day -> (visitors, sessions, bytes); a device visiting two libraries the same day counts once."""
    vis: dict[dt.date, set] = defaultdict(set)
    for v in visits:
        vis[v["day"]].add(v["device"])
    ses: dict[dt.date, list[int]] = defaultdict(lambda: [0, 0])
    for r in sessions:
        ses[r["day"]][0] += r["sessions"]
        ses[r["day"]][1] += int(r["bytes"])
    return {d: (len(vis.get(d, ())), ses[d][0] if d in ses else 0, ses[d][1] if d in ses else 0) for d in days}


def site_occupancy(ap_hours: list[dict]) -> dict[dt.datetime, float]:
    """local hour -> connected clients summed over the APs (of all sites given)."""
    occ: dict[dt.datetime, float] = defaultdict(float)
    for r in ap_hours:
        if r["clients_avg"] is not None:
            occ[r["local_hour"]] += float(r["clients_avg"])
    return occ


def heatmap(ap_hours: list[dict]) -> list[list[float | None]]:
    """[weekday][hour] mean of the hourly occupancy over the hours with data."""
    acc = [[[0.0, 0] for _ in range(24)] for _ in range(7)]
    for when, clients in site_occupancy(ap_hours).items():
        cell = acc[when.weekday()][when.hour]
        cell[0] += clients
        cell[1] += 1
    return [[(c[0] / c[1]) if c[1] else None for c in row] for row in acc]


def busiest_hour(ap_hours: list[dict]) -> int | None:
    by_hour: dict[int, list[float]] = defaultdict(list)
    for when, clients in site_occupancy(ap_hours).items():
        by_hour[when.hour].append(clients)
    if not by_hour:
        return None
    return max(sorted(by_hour), key=lambda h: sum(by_hour[h]) / len(by_hour[h]))


def busiest_day(per_day: dict[dt.date, tuple[int, int, int]]) -> dt.date | None:
    best = max(sorted(per_day), key=lambda d: per_day[d][0], default=None)
    return best if best is not None and per_day[best][0] > 0 else None


def open_hours(opening_hours: dict, holidays: tuple, day: dt.date) -> list[int]:
    """Local hours of `day` during which the site is open (an hour counts if any part is open)."""
    if day in holidays:
        return []
    hours: set[int] = set()
    for a, b in opening_hours.get(WEEKDAY_KEYS[day.weekday()], []):
        ha, ma = map(int, a.split(":"))
        hb, mb = map(int, b.split(":"))
        end = hb + (1 if mb else 0)
        hours.update(range(ha, min(end, 24)))
    return sorted(hours)


def coverage(days: list[dt.date], site_aps: dict[int, list[int]], site_hours: dict[int, tuple[dict, tuple]],
             ap_hours: list[dict]) -> dict[dt.date, float | None]:
    """day -> percent of (AP, opening hour) slots with at least one poll; None when closed all day."""
    seen = {(r["ap_id"], r["local_hour"].date(), r["local_hour"].hour) for r in ap_hours if r["polls"] > 0}
    out: dict[dt.date, float | None] = {}
    for d in days:
        expected = got = 0
        for site_id, ap_ids in site_aps.items():
            oh, hol = site_hours[site_id]
            for h in open_hours(oh, hol, d):
                for ap_id in ap_ids:
                    expected += 1
                    got += (ap_id, d, h) in seen
        out[d] = (100.0 * got / expected) if expected else None
    return out


def downtime(events: list[dict], lo: dt.datetime, hi: dt.datetime) -> tuple[int, float, float]:
    """(outages starting in [lo, hi), downtime minutes within it, longest outage minutes within it).

    `events` are one AP's down/up events in time order, including the last one before `lo`.
    """
    outages = 0
    total = longest = 0.0
    down_since: dt.datetime | None = None
    for e in events:
        if e["kind"] == "down" and down_since is None:
            down_since = e["time"]
            if lo <= e["time"] < hi:
                outages += 1
        elif e["kind"] == "up" and down_since is not None:
            mins = _overlap(down_since, e["time"], lo, hi)
            total += mins
            longest = max(longest, mins)
            down_since = None
    if down_since is not None:
        mins = _overlap(down_since, hi, lo, hi)
        total += mins
        longest = max(longest, mins)
    return outages, total, longest


def _overlap(a: dt.datetime, b: dt.datetime, lo: dt.datetime, hi: dt.datetime) -> float:
    s, e = max(a, lo), min(b, hi)
    return max(0.0, (e - s).total_seconds() / 60.0)

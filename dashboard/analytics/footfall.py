"""Sensed footfall from 802.11 probe requests: passers-by, visitors, connected, conversion
(docs/metrics.md, "Sensed footfall"). Every figure is an estimate; ranges are local dates, both included.

Over a range the daily figures are summed (device-days): a day-rotating pseudonym cannot be followed
from one day to the next, so distinct devices over a month do not exist for passers-by. Conversion is
visitors / (visitors + passers-by) over the days the sensor listened, and connected / visitors the
share of visitors on the Wi-Fi.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from dashboard.analytics.context import get_site
from dashboard.analytics.db import fetch
from dashboard.periods import ts_range


def sensed_sites(conn, site_ids: list[int]) -> set[int]:
    """The sites (of those given) that have a probe-request sensor: summed days exist."""
    return {r["site_id"] for r in fetch(conn, "footfall_sensed", {"site_ids": list(site_ids)})}


def footfall_days(conn, site_id: int, first: dt.date, last: dt.date) -> list[dict[str, Any]]:
    """Per local day with sensor data: day, hours, passers_by, visitors, connected, nearby, randomized, ..."""
    return fetch(conn, "footfall_days", {"site_id": site_id, "first": first, "last": last})


def footfall_hours(conn, site_id: int, first: dt.date, last: dt.date) -> list[dict[str, Any]]:
    """By local hour of day over [first, last]: hour_of_day, hours (with sensor data), and the average
    passers_by, visitors, connected per such hour."""
    site = get_site(conn, site_id)
    s, e = ts_range(first, last, site["timezone"])
    return fetch(conn, "footfall_hours", {"site_id": site_id, "tz": site["timezone"], "start": s, "end": e})


def ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def totals(days: list[dict[str, Any]]) -> dict[str, Any]:
    """Sums over days (pure): passers_by, visitors, connected, days, conversion, connected_share,
    randomized_share (of the nearby probing devices), the latest RSSI threshold and dwell."""
    p = sum(d["passers_by"] for d in days)
    v = sum(d["visitors"] for d in days)
    c = sum(d["connected"] for d in days)
    nearby = sum(d["nearby"] for d in days)
    last = days[-1] if days else {}
    return {"days": len(days), "passers_by": p, "visitors": v, "connected": c,
            "conversion": ratio(v, v + p), "connected_share": ratio(c, v),
            "randomized_share": ratio(sum(d["randomized"] for d in days), nearby),
            "rssi_threshold": last.get("rssi_threshold"), "min_dwell_s": last.get("min_dwell_s"), "estimate": True}


def footfall(conn, site_id: int, first: dt.date, last: dt.date) -> dict[str, Any] | None:
    """Totals of a site over [first, last], or None where the site has no sensor at all."""
    if site_id not in sensed_sites(conn, [site_id]):
        return None
    return totals(footfall_days(conn, site_id, first, last))

"""Library visits (the INLISLite guest book) beside Wi-Fi use: docs/metrics.md,
"Library visits". Ranges are local dates of the site, both included.

The share of library visitors who use the Wi-Fi is an estimate shown as a
range: Wi-Fi visitors are devices, not persons, and the guest book misses
people who do not sign it. The assumptions are constants here, in one place.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from dashboard.analytics.context import get_site
from dashboard.analytics.db import fetch
from dashboard.periods import add_months, month_last_day, parse_month, ts_range

# A Wi-Fi visitor is a device present >= M minutes on a day. Persons per such
# device: between 1 / DEVICES_PER_PERSON_HIGH (some people bring a phone AND a
# laptop or tablet) and 1 / DEVICES_PER_PERSON_LOW (one device each).
DEVICES_PER_PERSON_LOW = 1.0
DEVICES_PER_PERSON_HIGH = 1.3
DIMENSIONS = ("kind", "purpose", "gender", "profession", "education")


def _bounds(site: dict, start: dt.date, end: dt.date) -> dict[str, Any]:
    s, e = ts_range(start, end, site["timezone"])
    return {"site_id": site["site_id"], "tz": site["timezone"], "first": start, "last": end, "start": s, "end": e}


def library_visits(conn, site_id: int, start: dt.date, end: dt.date, *, by: str = "day") -> list[dict]:
    """Guest-book visits per local hour/day/month: bucket, visits, individual, group."""
    if by not in ("hour", "day", "month"):
        raise ValueError("by must be hour, day or month")
    site = get_site(conn, site_id)
    return fetch(conn, "visits_buckets", {**_bounds(site, start, end), "unit": by})


def library_visits_by(conn, site_id: int, start: dt.date, end: dt.date, dimension: str) -> list[dict]:
    """Guest-book visits by purpose, gender, profession, education or kind: category, visits."""
    if dimension not in DIMENSIONS:
        raise ValueError(f"dimension must be one of {', '.join(DIMENSIONS)}")
    site = get_site(conn, site_id)
    return fetch(conn, "visits_dimension", {**_bounds(site, start, end), "dimension": dimension})


def share_range(wifi_visitor_days: int, visits: int) -> dict[str, Any]:
    """Wi-Fi visitors as a share of library visits: an estimate, as a range."""
    if visits <= 0:
        return {"share": None, "share_low": None, "share_high": None, "capped": False}
    point = wifi_visitor_days / visits
    low = wifi_visitor_days / DEVICES_PER_PERSON_HIGH / visits
    high = wifi_visitor_days / DEVICES_PER_PERSON_LOW / visits
    return {"share": min(point, 1.0), "share_low": min(low, 1.0), "share_high": min(high, 1.0),
            "capped": high > 1.0}  # more Wi-Fi visitors than signed visits: the guest book misses people


def library_wifi(conn, site_id: int, start: dt.date, end: dt.date) -> dict[str, Any]:
    """Library visits beside Wi-Fi visitors and sessions over a range, with the
    estimated share. Only days with guest-book visits enter the share."""
    site = get_site(conn, site_id)
    days = fetch(conn, "visits_wifi_days", _bounds(site, start, end))
    visits = sum(d["visits"] for d in days)
    with_visits = [d for d in days if d["visits"] > 0]
    vd = sum(d["wifi_visitors"] or 0 for d in with_visits)
    out = {"site_id": site_id, "start": start, "end": end, "visits": visits,
           "wifi_visitor_days": sum(d["wifi_visitors"] or 0 for d in days),
           "wifi_sessions": sum(d["wifi_sessions"] or 0 for d in days),
           "days_with_visits": len(with_visits), "wifi_visitor_days_with_visits": vd,
           "estimate": True, "days": days}
    out.update(share_range(vd, sum(d["visits"] for d in with_visits)))
    return out


def wifi_by_purpose(conn, site_id: int, start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    """Wi-Fi use by visit purpose where hours line up: per purpose its visits, the
    Wi-Fi visitors and minutes allotted to it, minutes per visit and the share."""
    site = get_site(conn, site_id)
    rows = fetch(conn, "visits_purpose_wifi", _bounds(site, start, end))
    for r in rows:
        v = r["visits"]
        r["wifi_visitors"] = float(r["wifi_visitors"] or 0)
        r["wifi_minutes"] = float(r["wifi_minutes"] or 0)
        r["minutes_per_visit"] = r["wifi_minutes"] / v if v else None
        r.update(share_range(round(r["wifi_visitors"]), v))
    return rows


def monthly_trend(conn, site_id: int, last_month: str | dt.date, months: int = 12) -> list[dict[str, Any]]:
    """Per month up to `last_month`: visits, Wi-Fi visitor-days, sessions and the share."""
    last = parse_month(last_month)
    out = []
    for k in range(months - 1, -1, -1):
        first = add_months(last, -k)
        f = library_wifi(conn, site_id, first, month_last_day(first))
        out.append({"month": first, "visits": f["visits"], "wifi_visitor_days": f["wifi_visitor_days"],
                    "wifi_sessions": f["wifi_sessions"], "share": f["share"], "share_low": f["share_low"],
                    "share_high": f["share_high"]})
    return out


def sites_ranking(conn, site_ids: list[int], start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    """Libraries with their visits and Wi-Fi visitors, ranked both ways
    (`rank_visits`, `rank_wifi`, 1 = most)."""
    rows = fetch(conn, "visits_sites", {"site_ids": list(site_ids), "first": start, "last": end})
    for r in rows:
        r.update(share_range(r["wifi_visitor_days_with_visits"], r["visits"] if r["days_with_visits"] else 0))
    for key, rank in (("visits", "rank_visits"), ("wifi_visitor_days", "rank_wifi")):
        for i, r in enumerate(sorted(rows, key=lambda r: (-r[key], r["name"])), 1):
            r[rank] = i
    return rows


def any_visits(conn) -> bool:
    """Whether the guest book has given any visits at all (no INLISLite, no section)."""
    rows = fetch(conn, "visits_any")
    return bool(rows and rows[0]["any"])


def source_state(conn) -> dict[str, Any] | None:
    """The guest-book source's state (data-quality page), or None when none is configured."""
    rows = fetch(conn, "visits_source")
    return rows[0] if rows else None

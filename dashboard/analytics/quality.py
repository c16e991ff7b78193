"""Data quality and AP availability of one site (definitions: docs/metrics.md)."""

from __future__ import annotations

from typing import Any

from dashboard.analytics.context import SOURCE_SNMP, get_site, settings
from dashboard.analytics.db import fetch
from dashboard.periods import Day, date_range, ts_range


def coverage(conn, site_id: int, start: Day, end: Day, *, ap_id: int | None = None) -> list[dict[str, Any]]:
    """Per AP per local day: polls expected during opening hours, answered, coverage, incomplete."""
    site = get_site(conn, site_id)
    s, e = date_range(start, end, site["timezone"])
    cov_min = settings(conn)["coverage_min"]
    rows = fetch(conn, "ap_days", {"site_id": site_id, "start": s, "end": e, "ap_id": ap_id})
    return [{
        "ap_id": r["ap_id"], "ap_name": r["ap_name"], "is_controller": r["is_controller"], "day": r["day"],
        "open_minutes": r["open_s"] / 60.0, "polls_expected": r["polls_expected"], "polls": r["polls"],
        "polls_ok": r["polls_ok"], "coverage": r["coverage"],
        "incomplete": r["coverage"] is not None and r["coverage"] < cov_min,
        "source": SOURCE_SNMP,
    } for r in rows]


def coverage_gaps(conn, site_id: int, start: Day, end: Day, *, ap_id: int | None = None,
                  min_gap_minutes: float | None = None) -> list[dict[str, Any]]:
    """Stretches without an answered poll longer than `min_gap_minutes` (default: 2 poll intervals).

    Read from the raw samples, so only within retention.raw_samples_days.
    """
    site = get_site(conn, site_id)
    s, e = ts_range(start, end, site["timezone"])
    gap_s = min_gap_minutes * 60 if min_gap_minutes is not None else 2 * settings(conn)["poll_interval_s"]
    return fetch(conn, "coverage_gaps", {"site_id": site_id, "start": s, "end": e, "ap_id": ap_id,
                                         "min_gap_s": float(gap_s)})


def outages(conn, site_id: int, start: Day, end: Day, *, ap_id: int | None = None) -> list[dict[str, Any]]:
    """AP outages (a `down` event to the next `up`), clipped to the range; `ongoing` when not yet up."""
    site = get_site(conn, site_id)
    s, e = ts_range(start, end, site["timezone"])
    return fetch(conn, "outages", {"site_id": site_id, "start": s, "end": e, "ap_id": ap_id})


def ap_availability(conn, site_id: int, start: Day, end: Day, *, ap_id: int | None = None) -> list[dict[str, Any]]:
    """Per AP: availability % during opening hours, coverage, outages, downtime minutes, reboots."""
    site = get_site(conn, site_id)
    d0, d1 = date_range(start, end, site["timezone"])
    s, e = ts_range(start, end, site["timezone"])
    cov_min = settings(conn)["coverage_min"]
    rows = fetch(conn, "ap_availability", {"site_id": site_id, "start": d0, "end": d1, "ap_id": ap_id})
    outs = fetch(conn, "outages", {"site_id": site_id, "start": s, "end": e, "ap_id": ap_id})
    boots = {r["ap_id"]: r["reboots"] for r in fetch(conn, "reboots", {"site_id": site_id, "start": s, "end": e})}
    out = []
    for r in rows:
        mine = [o for o in outs if o["ap_id"] == r["ap_id"]]
        out.append({
            "ap_id": r["ap_id"], "ap_name": r["ap_name"], "is_controller": r["is_controller"],
            "availability_pct": None if r["availability"] is None else 100.0 * r["availability"],
            "coverage": r["coverage"], "polls": r["polls"], "polls_ok": r["polls_ok"],
            "polls_expected": r["polls_expected"],
            "outages": len(mine), "downtime_minutes": sum(float(o["minutes"]) for o in mine),
            "reboots": boots.get(r["ap_id"], 0), "clients_max": r["clients_max"], "sessions": r["sessions"],
            "bytes": r["bytes"],
            "incomplete": r["coverage"] is not None and r["coverage"] < cov_min,
            "source": SOURCE_SNMP,
        })
    return out


def blind_spots(conn, site_id: int, start: Day, end: Day) -> list[dict[str, Any]]:
    """APs whose profile gives no client rows (`client_rows` counts | none): they lower the site's coverage
    of sessions, dwell and visitors (`client_coverage`), which are incomplete on their days."""
    site = get_site(conn, site_id)
    s, e = date_range(start, end, site["timezone"])
    rows = fetch(conn, "blind_spots", {"site_id": site_id, "start": s, "end": e})
    return [r | {"client_coverage": None if r["client_coverage"] is None else min(1.0, float(r["client_coverage"])),
                 "source": SOURCE_SNMP} for r in rows]


def monitoring_began(conn, site_id: int):
    """The local day monitoring of the site began (its first polled AP, or its first day with polls or
    sessions), or None: days before it are "not monitored", never zeros."""
    rows = fetch(conn, "monitoring_began", {"site_id": site_id})
    return rows[0]["began"] if rows else None

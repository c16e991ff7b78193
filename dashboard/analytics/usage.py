"""Usage metrics of one site (definitions: docs/metrics.md).

Every function takes an open psycopg connection, a site id and a range:
`start`/`end` are local dates (both included) or aware datetimes (half-open).
Rows are plain dicts; `dashboard.analytics.to_frame` turns them into a DataFrame.
Every row or result carries `incomplete` (computed over data with coverage
below analytics.coverage_min) and `source` (snmp, portal or snmp+portal).
"""

from __future__ import annotations

from typing import Any

from dashboard.analytics.context import (
    DWELL_BUCKETS, SOURCE_JOINED, SOURCE_SNMP, get_site, rotating, settings, share,
)
from dashboard.analytics.db import fetch, fetch_one
from dashboard.periods import Day, date_range, ts_range

OCCUPANCY_BY = ("hour", "day", "ap", "ssid")


def _days(conn, site_id: int, start: Day, end: Day) -> tuple[dict, list[dict]]:
    site = get_site(conn, site_id)
    s, e = date_range(start, end, site["timezone"])
    return site, fetch(conn, "site_days", {"site_id": site_id, "start": s, "end": e})


def occupancy(conn, site_id: int, start: Day, end: Day, by: str = "hour", *,
              ap_id: int | None = None) -> list[dict[str, Any]]:
    """Concurrent associated clients: per hour (site), per local day, per AP per hour, per SSID per hour."""
    if by not in OCCUPANCY_BY:
        raise ValueError(f"by must be one of {', '.join(OCCUPANCY_BY)}")
    site = get_site(conn, site_id)
    s, e = ts_range(start, end, site["timezone"])
    p = {"site_id": site_id, "start": s, "end": e, "tz": site["timezone"], "ap_id": ap_id}
    if by == "hour":
        rows = fetch(conn, "occupancy_hour", p)
    elif by == "day":
        rows = fetch(conn, "occupancy_day", p)
        for r in rows:
            r["incomplete"] = r["hours"] < 24
    elif by == "ap":
        cfg = settings(conn)
        p["min_polls"] = cfg["coverage_min"] * 3600 / cfg["poll_interval_s"]
        rows = fetch(conn, "occupancy_ap", p)
    else:
        rows = fetch(conn, "occupancy_ssid", p)
        for r in rows:
            r["incomplete"] = False
    for r in rows:
        r["source"] = SOURCE_SNMP
    return rows


def _visitor_row(d: dict, rot: bool, window: int = 30) -> dict[str, Any]:
    full = d.get("history_days") is not None and d["history_days"] >= window
    return {
        "persons_est": d.get("persons_est"), "persons_low": d.get("persons_low"),
        "persons_high": d.get("persons_high"),
        # no day's returning share here (no screen shows one: docs/metrics.md "Returning and new visitors");
        # whether the day has the look-back window behind it, which the daily table and the reports name
        "returning_not_yet": not rot and not full,
        "client_coverage": d.get("client_coverage"), "blind_aps": list(d.get("blind_aps") or ()),
        "incomplete_clients": bool(d.get("incomplete_clients")),
        "sessions_est": d["sessions"] + (d.get("sessions_unseen") or 0),
        "dwell_resolution_s": d.get("dwell_resolution_s"),
        "day": d["day"],
        "visitors": d["visitors"],
        "passersby": d["passersby"],
        "devices": d["devices"],
        "new_visitors": None if rot else d["new_visitors"],
        "returning_visitors": None if rot else d["returning_visitors"],
        # returning devices / visitors: a lower bound with randomised MACs, not the returning share
        "returning_device_share": None if rot else share(d["returning_visitors"], d["visitors"]),
        "returning_computed": not rot,
        "randomized_visitors": d["randomized_visitors"],
        "randomized_share": share(d["randomized_visitors"], d["visitors"]),
        "estimate": d["randomized_visitors"] > 0,
        "sessions": d["sessions"],
        "snmp_devices": d["snmp_devices"],
        "portal_devices": d["portal_devices"],
        "both_devices": d["both_devices"],
        "coverage": d["coverage"],
        "incomplete": d["incomplete"],
        "source": SOURCE_JOINED,
    }


def visitors_daily(conn, site_id: int, start: Day, end: Day, *,
                   rotating_salt: bool | None = None) -> list[dict[str, Any]]:
    """Visitors per local day with the new/returning split and the randomised share.

    `estimate` is true when randomised MACs are present (uniques are then an
    upper bound and returning visitors a lower bound: `returning_device_share`,
    returning devices / visitors, is that lower bound, not the returning share,
    which is a range's figure: period_figures). In rotating-salt mode the
    returning/new figures are None and `returning_computed` is False.
    """
    rot = rotating(conn, rotating_salt)
    _, days = _days(conn, site_id, start, end)
    window = settings(conn)["returning_window_days"]
    return [_visitor_row(d, rot, window) for d in days]


def unique_visitors(conn, site_id: int, start: Day, end: Day, *,
                    rotating_salt: bool | None = None) -> dict[str, Any]:
    """Distinct visitors (devices) over the whole range, not the sum of days."""
    rot = rotating(conn, rotating_salt)
    site = get_site(conn, site_id)
    s, e = date_range(start, end, site["timezone"])
    u = fetch_one(conn, "unique_visitors", {"site_id": site_id, "start": s, "end": e})
    days = fetch(conn, "site_days", {"site_id": site_id, "start": s, "end": e})
    multi_day = s != e
    return u | {
        "returning_visitors": None if rot else u["returning_visitors"],
        "returning_device_share": None if rot else share(u["returning_visitors"], u["visitors"]),
        "returning_computed": not rot,
        "randomized_share": share(u["randomized_visitors"], u["visitors"]),
        # rotating random MACs inflate uniques across days (and within a day when they rotate)
        "estimate": u["randomized_visitors"] > 0 or (rot and multi_day),
        "bound": "upper" if (u["randomized_visitors"] > 0 or (rot and multi_day)) else None,
        "incomplete": any(d["incomplete"] for d in days),
        "source": SOURCE_JOINED,
    }


def _group_key(day, by: str):
    if by == "month":
        return day.replace(day=1)
    if by == "year":
        return day.replace(month=1, day=1)
    return day if by == "day" else "total"


def sessions_count(conn, site_id: int, start: Day, end: Day, by: str = "day") -> list[dict[str, Any]]:
    """Wi-Fi sessions (joined visits) per day, month, year (IMLS) or in total, split by source."""
    if by not in ("day", "month", "year", "total"):
        raise ValueError("by must be one of day, month, year, total")
    _, days = _days(conn, site_id, start, end)
    keys = ("sessions", "sessions_snmp_only", "sessions_portal_only", "sessions_both", "snmp_sessions",
            "portal_sessions")
    out: dict[Any, dict] = {}
    for d in days:
        k = _group_key(d["day"], by)
        row = out.setdefault(k, {"period": k, **{x: 0 for x in keys}, "incomplete": False,
                                 "incomplete_days": 0, "source": SOURCE_JOINED})
        for x in keys:
            row[x] += d[x]
        row["incomplete"] |= d["incomplete"]
        row["incomplete_days"] += int(d["incomplete"])
    if by == "total" and not out:
        out["total"] = {"period": "total", **{x: 0 for x in keys}, "incomplete": False, "incomplete_days": 0,
                        "source": SOURCE_JOINED}
    return list(out.values())


def dwell_distribution(conn, site_id: int, start: Day, end: Day) -> dict[str, Any]:
    """Dwell time per visit: count, median, p90, mean (seconds) and engagement buckets."""
    site = get_site(conn, site_id)
    s, e = date_range(start, end, site["timezone"])
    p = {"site_id": site_id, "start": s, "end": e}
    r = fetch_one(conn, "dwell", p)
    days = fetch(conn, "site_days", p)
    n = r["visits"]
    buckets = [{"bucket": key, "min_minutes": lo, "max_minutes": hi, "visits": r[key], "share": share(r[key], n)}
               for key, lo, hi in DWELL_BUCKETS]
    return {"visits": n, "median_s": r["median_s"], "p90_s": r["p90_s"], "mean_s": r["mean_s"],
            "buckets": buckets, "incomplete": any(d["incomplete"] for d in days), "source": SOURCE_JOINED}


def usage_bytes(conn, site_id: int, start: Day, end: Day, by: str = "day") -> list[dict[str, Any]]:
    """Bytes (down + up) per day, month, year, AP, SSID or in total.

    A visit's bytes are the larger of its SNMP and portal counts (the two see
    the same traffic). Per AP: SNMP bytes of visits that began on the AP.
    """
    if by in ("day", "month", "year", "total"):
        _, days = _days(conn, site_id, start, end)
        out: dict[Any, dict] = {}
        for d in days:
            k = _group_key(d["day"], by)
            row = out.setdefault(k, {"period": k, "bytes": 0, "snmp_bytes": 0, "portal_bytes": 0,
                                     "incomplete": False, "source": SOURCE_JOINED})
            for x in ("bytes", "snmp_bytes", "portal_bytes"):
                row[x] += d[x]
            row["incomplete"] |= d["incomplete"]
        if by == "total" and not out:
            out["total"] = {"period": "total", "bytes": 0, "snmp_bytes": 0, "portal_bytes": 0,
                            "incomplete": False, "source": SOURCE_JOINED}
        return list(out.values())
    site = get_site(conn, site_id)
    s, e = date_range(start, end, site["timezone"])
    p = {"site_id": site_id, "start": s, "end": e}
    if by == "ap":
        rows = fetch(conn, "usage_ap", p)
        src = SOURCE_SNMP
    elif by == "ssid":
        rows = fetch(conn, "usage_ssid", p)
        src = SOURCE_JOINED
    else:
        raise ValueError("by must be one of day, month, year, total, ap, ssid")
    incomplete = any(d["incomplete"] for d in fetch(conn, "site_days", p))
    for r in rows:
        r["incomplete"] = incomplete
        r["source"] = src
    return rows


def portal_vs_associated(conn, site_id: int, start: Day, end: Day) -> list[dict[str, Any]]:
    """Per day: devices associated (SNMP), devices logged in at the portal, both, and portal logins."""
    _, days = _days(conn, site_id, start, end)
    return [{
        "day": d["day"],
        "associated_devices": d["snmp_devices"],
        "portal_devices": d["portal_devices"],
        "both_devices": d["both_devices"],
        "snmp_only_devices": d["snmp_devices"] - d["both_devices"],
        "portal_only_devices": d["portal_devices"] - d["both_devices"],
        "portal_share": share(d["portal_devices"], d["devices"]),
        "portal_logins": d["portal_logins"],
        "portal_login_failed": d["portal_login_failed"],
        "portal_users": d["portal_users"],
        "incomplete": d["incomplete"],
        "source": SOURCE_JOINED,
    } for d in days]


def busiest_hours(conn, site_id: int, start: Day, end: Day) -> list[dict[str, Any]]:
    """Weekday (0 = Monday) x local hour: average and peak site occupancy; all 168 cells."""
    site = get_site(conn, site_id)
    s, e = ts_range(start, end, site["timezone"])
    got = {(r["weekday"], r["hour"]): r for r in fetch(
        conn, "busiest_hours", {"site_id": site_id, "tz": site["timezone"], "start": s, "end": e})}
    out = []
    for wd in range(7):
        for h in range(24):
            r = got.get((wd, h))
            out.append({"weekday": wd, "hour": h,
                        "clients_avg": r["clients_avg"] if r else None,
                        "clients_max": r["clients_max"] if r else None,
                        "hours": r["hours"] if r else 0, "source": SOURCE_SNMP})
    return out


def occupancy_now(conn, site_id: int | None = None, *, group: str | None = None, now=None) -> list[dict[str, Any]]:
    """Clients now per site (sum over non-controller APs that are up, from ap_status), APs up/down,
    last poll, and the site's average occupancy in the same hour a week earlier."""
    import datetime as dt

    now = now or dt.datetime.now(dt.timezone.utc)
    rows = fetch(conn, "occupancy_now", {"site_id": site_id, "group": group, "now": now})
    for r in rows:
        r["source"] = SOURCE_SNMP
    return rows


def aps_now(conn, site_id: int, *, now=None) -> list[dict[str, Any]]:
    """Each active AP of a site with its current state and client count (controllers first)."""
    import datetime as dt

    return fetch(conn, "aps_now", {"site_id": site_id, "now": now or dt.datetime.now(dt.timezone.utc)})

"""Headline figures for a site-month and for a district-month (reports, district page)."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from dashboard.analytics.context import SOURCE_JOINED, get_site, rotating, settings, share, sites
from dashboard.analytics.db import fetch, fetch_one
from dashboard.periods import add_months, month_last_day, parse_month, today_in, ts_range

# figures compared with the previous month and the same month last year
COMPARED = ("sessions", "unique_visitors", "visitor_days", "returning_device_share", "dwell_median_s", "bytes",
            "ap_availability_pct", "portal_logins", "randomized_share")


def period_figures(conn, site_ids: list[int], start: dt.date, end: dt.date, *,
                   whole_month: bool = False, rotating_salt: bool | None = None) -> list[dict[str, Any]]:
    """Headline figures per site for local dates [start, end] (one query for many sites).

    `whole_month` (start is the 1st, end the month's last day) reads monthly
    uniques and dwell from site_monthly instead of counting them.
    """
    rot = rotating(conn, rotating_salt)
    cfg = settings(conn)
    rows = fetch(conn, "period_figures", {"site_ids": list(site_ids), "start": start, "end": end,
                                          "month": parse_month(start), "whole_month": whole_month,
                                          "window": cfg["returning_window_days"]})
    return [_shape(r, rot, cfg["coverage_min"]) | _accuracy(r, rot, cfg) for r in rows]


RANGE_SE = 2  # the range of the sessions estimate: +- 2 standard errors of its unseen part (about 95 %)


def sessions_range(sessions: int | None, sessions_est: int | None, var: float | None,
                   maybe_split: int | None = None, dependence: float | None = None,
                   dependence_var: float | None = None) -> dict[str, Any]:
    """The sessions estimate with its range (docs/metrics.md, "The unseen-visit estimate's sampling error" and
    "The sessions estimate's counting error"): `sessions_est_se` the standard error of the estimate (from the
    summed daily variances, `var`); `sessions_est_high` the estimate + RANGE_SE standard errors;
    `sessions_est_low` the estimate - RANGE_SE standard errors and, below that, the visits that may be the later
    part of a stay the session gap split (`maybe_split`, site_daily.sessions_maybe_split summed), each once with
    the estimate's scaling of a counted visit (sessions_est / sessions); never below the sessions counted less
    those visits; `sessions_est_high` above the estimate by the dependence term of the polls against the portal
    where it is positive (`dependence`, site_daily.sessions_dependence summed: the stays too short to log in that
    stayed on a blind AP, docs/metrics.md "The polls against the portal: stays too short to log in") and
    RANGE_SE standard errors of the estimate and the term together (`dependence_var` added to `var`). All None
    where no day of the range has an unseen-visit estimate (pure)."""
    if var is None or sessions_est is None:
        return {"sessions_est_se": None, "sessions_est_low": None, "sessions_est_high": None}
    se = math.sqrt(max(0.0, float(var)))
    k, n = int(maybe_split or 0), int(sessions or 0)
    split = k * sessions_est / n if n else float(k)
    return {"sessions_est_se": se, "sessions_est_low": max(n - k, round(sessions_est - RANGE_SE * se - split)),
            "sessions_est_high": round(sessions_est + max(0.0, float(dependence or 0))
                                       + RANGE_SE * math.sqrt(se * se + max(0.0, float(dependence_var or 0))))}


def sessions_est_form(fig: dict) -> str | None:
    """How the sessions estimate is shown, the one rule for every page and the report (docs/metrics.md "The DHCP
    log as a third source"): None where there is none (`sessions_est_low` None); "range" with its range
    (± 2 SE); where the range collapsed (low = high: no sampling spread), "dhcp" if the router's DHCP log was
    read on some of its days (`dhcp_days`: it counted what no poll or login saw, nothing is sampled), else
    "point" (one source saw no visit alone on every day: the counts give no spread, which is not "exact")."""
    if fig.get("sessions_est_low") is None:
        return None
    if fig["sessions_est_low"] != fig["sessions_est_high"]:
        return "range"
    return "dhcp" if fig.get("dhcp_days") else "point"


def returning_range(share_est: float | None, se: float | None) -> dict[str, Any]:
    """The returning share with its range (docs/metrics.md "The returning share's sampling error"):
    `returning_share_se` its standard error (the product's kunang_returning_share_se), and
    `returning_share_low`/`high` the share +- RANGE_SE standard errors within [0, 1]. All None without a share or
    without a standard error (the devices' days are gone, or fewer than two persons in the sample) (pure)."""
    if share_est is None or se is None:
        return {"returning_share_se": None, "returning_share_low": None, "returning_share_high": None}
    se = max(0.0, float(se))
    return {"returning_share_se": se, "returning_share_low": max(0.0, share_est - RANGE_SE * se),
            "returning_share_high": min(1.0, share_est + RANGE_SE * se)}


def combined_returning(rows: list[dict]) -> dict[str, Any]:
    """The returning share of several sites (period_figures rows with a share): the sites' shares weighted by
    their person-days (`returning_persons`; by their sample where a row has none), its variance the sum of the
    sites' variances with the squared weights (sites are independent samples); no range where a site's share
    has no SE."""
    rows = [r for r in rows if r.get("returning_share_est") is not None and r.get("returning_base_days")]
    # each site weighed by its person-days (kunang_returning_share's `persons`), else by its sample
    wts = [float(r.get("returning_persons") or r["returning_base_days"]) for r in rows]
    base = sum(wts)
    if not base:
        return {"returning_share_est": None, **returning_range(None, None)}
    est = sum(w * float(r["returning_share_est"]) for w, r in zip(wts, rows)) / base
    ses = [r.get("returning_share_se") for r in rows]
    var = None if any(s is None for s in ses) else sum((w / base) ** 2 * float(s) ** 2 for w, s in zip(wts, ses))
    return {"returning_share_est": est, **returning_range(est, None if var is None else math.sqrt(var))}


def _accuracy(r: dict, rot: bool, cfg: dict) -> dict[str, Any]:
    """Estimated persons, sessions including blind spots, the returning share on stable identities once
    its look-back window is full, blind APs, the dwell resolution and the blind-AP dwell estimate
    (docs/metrics.md)."""
    full = r["returning_base_days"] is not None
    # the product's share (kunang_returning_share); the sample's own where a row has none (older callers)
    ret = None if rot or not full else (r["returning_share"] if r.get("returning_share") is not None
                                        else share(r["returning_est_days"], r["returning_base_days"]))
    return {
        "persons_est": r["person_days_est"], "persons_low": r["person_days_low"],
        "persons_high": r["person_days_high"],
        "sessions_est": r["sessions_est"], "sessions_unseen_var": r["sessions_unseen_var"],
        "dhcp_days": r["dhcp_days"],  # days whose estimate used the router's DHCP log
        # the estimate is the figure where a blind AP hid visits (elsewhere the count is, with no range)
        "sessions_maybe_split": r.get("sessions_maybe_split"),  # visits that may be a split stay's later part
        "sessions_dependence": r.get("sessions_dependence"),  # the polls x portal's short stays (the high end)
        "sessions_dependence_var": r.get("sessions_dependence_var"),
        **sessions_range(r["sessions"], r["sessions_est"],
                         r["sessions_unseen_var"] if r["blind_aps"] and r["client_incomplete_days"] else None,
                         r.get("sessions_maybe_split"), r.get("sessions_dependence"),
                         r.get("sessions_dependence_var")),
        "returning_share_est": ret, **returning_range(ret, r.get("returning_share_se")),
        # "not yet": no day of the range has the look-back window of history behind it
        "returning_not_yet": not rot and not full and r["short_history_days"] > 0,
        "returning_partial": not rot and full and r["short_history_days"] > 0,
        "short_history_days": r["short_history_days"],
        "returning_est_days": r["returning_est_days"], "returning_base_days": r["returning_base_days"],
        "returning_persons": r.get("returning_persons"),
        "returning_window_days": cfg["returning_window_days"],
        "blind_aps": list(r["blind_aps"] or ()), "client_incomplete_days": r["client_incomplete_days"],
        "client_coverage": None if r["client_polls_ok"] is None or not r["polls_expected"]
        else min(1.0, float(r["client_polls_ok"]) / float(r["polls_expected"])),
        "dwell_resolution_s": r["dwell_resolution_s"],
        # the median dwell with the estimated stays of blind-AP days (None: no day of the range has one)
        "dwell_median_est_s": r["dwell_median_est_s"],
    }


def _shape(r: dict, rot: bool, cov_min: float) -> dict[str, Any]:
    cov = share(r["polls_ok"], r["polls_expected"])
    cov = None if cov is None else min(1.0, cov)
    rnd_share = share(r["randomized_unique_visitors"], r["unique_visitors"])
    return {
        "site_id": r["site_id"], "site": r["name"], "group": r["grp"], "timezone": r["timezone"],
        "sessions": r["sessions"], "sessions_snmp_only": r["sessions_snmp_only"],
        "sessions_portal_only": r["sessions_portal_only"], "sessions_both": r["sessions_both"],
        "snmp_sessions": r["snmp_sessions"], "portal_sessions": r["portal_sessions"],
        "unique_visitors": r["unique_visitors"], "unique_devices": r["unique_devices"],
        "visitor_days": r["visitor_days"], "passerby_days": r["passerby_days"],
        "returning_visitor_days": None if rot else r["returning_visitor_days"],
        # returning visitor-days / visitor-days of all devices: a lower bound with randomised MACs (the shown
        # share is returning_share_est)
        "returning_device_share": None if rot else share(r["returning_visitor_days"], r["visitor_days"]),
        "returning_unique_visitors": None if rot else r["returning_unique_visitors"],
        "returning_computed": not rot,
        "randomized_unique_visitors": r["randomized_unique_visitors"],
        "randomized_share": rnd_share,
        "estimate": bool(r["randomized_unique_visitors"]),
        "dwell_median_s": r["dwell_median_s"], "dwell_p90_s": r["dwell_p90_s"],
        "bytes": int(r["bytes"]), "snmp_bytes": int(r["snmp_bytes"]), "portal_bytes": int(r["portal_bytes"]),
        "portal_logins": r["portal_logins"], "portal_login_failed": r["portal_login_failed"],
        "ap_availability_pct": None if r["availability"] is None else 100.0 * float(r["availability"]),
        "coverage": cov, "incomplete_days": r["incomplete_days"],
        "incomplete": bool(r["incomplete_days"]) or (cov is not None and cov < cov_min),
        "days": r["days"], "days_with_data": r["days_with_data"], "no_data": r["days_with_data"] == 0,
        "source": SOURCE_JOINED,
    }


def combined_sessions(rows: list[dict]) -> dict[str, Any]:
    """Sessions of several sites (period_figures rows) with their estimate: a site's estimate where it has one
    (a blind AP), its count elsewhere; the variance of the sum is the sum of the estimates' variances."""
    est = [r for r in rows if r["sessions_est_low"] is not None]
    sessions = sum(r["sessions"] for r in rows)
    total = sessions + sum(r["sessions_est"] - r["sessions"] for r in est)
    return {"sessions_est": total, "dhcp_days": sum(r.get("dhcp_days") or 0 for r in est),
            **sessions_range(sessions, total, sum(float(r["sessions_unseen_var"]) for r in est) if est else None,
                             sum(r.get("sessions_maybe_split") or 0 for r in est),
                             sum(float(r.get("sessions_dependence") or 0) for r in est),
                             sum(float(r.get("sessions_dependence_var") or 0) for r in est))}


def _change(cur: Any, base: Any) -> float | None:
    if cur is None or base is None or base == 0:
        return None
    return (cur - base) / base


def _month_block(conn, site: dict, first: dt.date, rot: bool) -> dict[str, Any]:
    last = month_last_day(first)
    fig = period_figures(conn, [site["site_id"]], first, last, whole_month=True, rotating_salt=rot)[0]
    s, e = ts_range(first, last, site["timezone"])
    day = fetch_one(conn, "busiest_day", {"site_id": site["site_id"], "start": first, "end": last})
    hour = fetch_one(conn, "busiest_hour", {"site_id": site["site_id"], "tz": site["timezone"],
                                            "start": s, "end": e})
    fig["month"] = first
    fig["busiest_day"] = day["day"] if day else None
    fig["busiest_day_visitors"] = day["visitors"] if day else None
    fig["busiest_hour"] = hour["hour"] if hour and hour["clients_avg"] is not None else None
    fig["busiest_hour_clients_avg"] = hour["clients_avg"] if hour else None
    return fig


def site_month_summary(conn, site_id: int, month: str | dt.date, *, rotating_salt: bool | None = None,
                       now: dt.datetime | None = None) -> dict[str, Any]:
    """Headline figures of a site for a month, the previous month and the same month last year.

    Returns {site, month, month_to_date, current, previous, last_year, change_previous,
    change_last_year}; each period block holds sessions, unique_visitors,
    returning_share_est, dwell_median_s, bytes, busiest_day, busiest_hour,
    ap_availability_pct, coverage, incomplete, estimate, randomized_share, ...
    """
    first = parse_month(month)
    site = get_site(conn, site_id)
    rot = rotating(conn, rotating_salt)
    cur = _month_block(conn, site, first, rot)
    prev = _month_block(conn, site, add_months(first, -1), rot)
    ly = _month_block(conn, site, add_months(first, -12), rot)
    today = today_in(site["timezone"], now)
    return {
        "site_id": site_id, "site": site["name"], "group": site["grp"], "timezone": site["timezone"],
        "month": first, "month_to_date": first <= today <= month_last_day(first),
        "current": cur, "previous": prev, "last_year": ly,
        "change_previous": {k: _change(cur[k], prev[k]) for k in COMPARED},
        "change_last_year": {k: _change(cur[k], ly[k]) for k in COMPARED},
        "returning_computed": not rot,
    }


def district_summary(conn, group: str | None, month: str | dt.date, *, rotating_salt: bool | None = None,
                     now: dt.datetime | None = None) -> dict[str, Any]:
    """All sites of a group (None = every site) for a month: ranking, sites with no data, totals.

    For the month in progress the figures are month-to-date (`month_to_date`,
    `days_elapsed`). Sites are ranked by unique visitors, then sessions.
    """
    first = parse_month(month)
    last = month_last_day(first)
    members = sites(conn, group)
    rot = rotating(conn, rotating_salt)
    rows = period_figures(conn, [s["site_id"] for s in members], first, last, whole_month=True,
                          rotating_salt=rot) if members else []
    tz = members[0]["timezone"] if members else "UTC"
    today = today_in(tz, now)
    mtd = first <= today <= last
    ranked = sorted(rows, key=lambda r: (r["no_data"], -r["unique_visitors"], -r["sessions"], r["site"]))
    for i, r in enumerate(ranked, 1):
        r["rank"] = None if r["no_data"] else i
    with_data = [r for r in ranked if not r["no_data"]]
    avail = [r["ap_availability_pct"] for r in with_data if r["ap_availability_pct"] is not None]
    totals = {
        "sites": len(ranked), "sites_with_data": len(with_data),
        "sessions": sum(r["sessions"] for r in ranked),
        **combined_sessions(ranked),
        "visitor_days": sum(r["visitor_days"] for r in ranked),
        "unique_visitors_sum": sum(r["unique_visitors"] for r in ranked),
        "bytes": sum(r["bytes"] for r in ranked),
        "portal_logins": sum(r["portal_logins"] for r in ranked),
        "returning_device_share": None if rot else share(sum(r["returning_visitor_days"] or 0 for r in ranked),
                                                         sum(r["visitor_days"] for r in ranked)),
        "ap_availability_pct_mean": sum(avail) / len(avail) if avail else None,
        "incomplete_sites": sum(1 for r in ranked if r["incomplete"]),
    }
    return {
        "group": group, "month": first, "month_to_date": mtd,
        "days_elapsed": (today - first).days + 1 if mtd else (last - first).days + 1,
        "sites": ranked, "no_data_sites": [r["site"] for r in ranked if r["no_data"]],
        "totals": totals, "returning_computed": not rot, "source": SOURCE_JOINED,
    }

"""Build the report model for a month, for one library or the district, from
the analytics query layer (`dashboard.analytics`), so a report shows the
dashboard's numbers.

The headline figures (this month, the previous one, the same month last year;
for the district combined from the libraries' parts) are `headline.py`'s; this
module assembles the model: daily rows, APs, hours, portal, alerts, the
district's ranking and what limits the figures.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo
from collections import defaultdict
from dataclasses import dataclass

import psycopg

from dashboard import analytics as A
from dashboard.reports.model import AlertRow, ApRow, DailyRow, PortalRow, Quality, ReportModel, SiteRow
from dashboard.periods import Month
from dashboard.reports import footfall, library
from dashboard.reports.headline import district_headline, site_headline
from dashboard.reports.queries import query


class ReportError(Exception):
    """An operator error (unknown site, empty database): printed as one line."""


@dataclass(frozen=True)
class Settings:
    """What the report needs besides the database. The analytics parameters (G, M,
    returning window, rotating salt) are accepted for callers that have them, but
    the figures and the definitions use the values the query layer itself uses
    (kunang_meta, written by the collector), so the report matches the dashboard."""

    organisation: str = "Kunang"
    session_gap_minutes: int | None = None
    visitor_min_minutes: int | None = None
    returning_window_days: int | None = None
    rotating_salt: bool | None = None

    @classmethod
    def from_dict(cls, d: dict) -> "Settings":
        return cls(**{k: d[k] for k in cls.__dataclass_fields__ if k in d})


def build_report(conn: psycopg.Connection, month: Month, site: str | None = None,
                 settings: Settings = Settings(), now: dt.datetime | None = None) -> ReportModel:
    """`site` None = district roll-up over every active library."""
    now = now or dt.datetime.now(dt.timezone.utc)
    members = [s for s in A.sites(conn) if s["active"] and (site is None or s["name"] == site)]
    if not members:
        raise ReportError(f"unknown site {site!r}" if site else "no sites in the database (run the collector first)")
    cfg = A.settings(conn)
    parts = [_site_parts(conn, s, month, now) for s in members]
    days = month.dates()
    if site:
        headline, cov, randomized, estimate = site_headline(conn, members[0], month, now)
    else:
        headline, cov, randomized, estimate = district_headline(conn, members, parts, month, days)
    daily = _daily(days, parts)
    cov_min_pct = 100 * cfg["coverage_min"]
    incomplete_days = [d.day for d in daily if d.coverage_pct is not None and d.coverage_pct < cov_min_pct]
    unmonitored = [d.day for d in daily if not d.monitored]
    aps = [r for p in parts for r in p["aps"]]
    alerts = sorted((r for p in parts for r in p["alerts"]), key=lambda r: (-r.downtime_minutes, r.site, r.ap))
    portal = _portal(parts)
    rot = cfg["rotating_salt"]
    estimates = tuple(k for k in ("visitors", "returning_share") if estimate and not (rot and k == "returning_share"))
    quality = Quality(cov, randomized, incomplete_days, unmonitored, rot, estimates + ("persons",),
                      ("snmp", "portal") if any(p.logins for p in portal) else ("snmp",),
                      **_limits(parts, members, month, cfg, site is None), backfilled=_backfilled(conn, members, month))
    return ReportModel(
        organisation=settings.organisation,
        scope="site" if site else "district",
        name=members[0]["name"] if site else settings.organisation,
        month=month,
        sites=[s["name"] for s in members],
        timezone=", ".join(sorted({s["timezone"] for s in members})),
        headline=headline,
        daily=daily,
        heatmap=_heatmap(parts),
        aps=aps,
        site_rows=[] if site else _site_rows(conn, members, month),
        portal=portal,
        alerts=alerts,
        quality=quality,
        generated_at=now,
        settings={"G": cfg["session_gap_minutes"], "M": cfg["visitor_min_minutes"], "R": cfg["returning_window_days"],
                  "C": round(100 * cfg["coverage_min"])},
        library=library.build(conn, members, month),
        footfall=footfall.build(conn, members, month),
    )


def _backfilled(conn, members: list[dict], month: Month) -> tuple[tuple[str, int], ...]:
    """Villages whose month holds late-arriving (backfilled) records, and how many."""
    rows = conn.execute(query("backfilled"), {"site_ids": [s["site_id"] for s in members], "first": month.first,
                                              "end": month.end}).fetchall()
    return tuple((site, int(n)) for site, n in rows if n)


def _limits(parts: list[dict], members: list[dict], month: Month, cfg: dict, district: bool) -> dict:
    """What limits the client-level figures: blind APs and their days, days without the returning
    look-back window, the dwell resolution, the persons estimate, a library's blind-AP dwell estimate
    (docs/metrics.md)."""
    blind, blind_days, short, res = [], set(), set(), set()
    site_days = []  # district: each library's limited days, so that every site-day is named
    for pt in parts:
        mine_blind, mine_short = [], []
        for d, r in pt["visitors"].items():
            for ap in r.get("blind_aps") or ():
                name = f"{pt['site']['name']}: {ap}" if district else ap
                if name not in blind:
                    blind.append(name)
            if r.get("incomplete_clients"):
                blind_days.add(d)
                mine_blind.append(d)
            if r.get("returning_not_yet") and r.get("visitors") and r.get("returning_computed", True):
                short.add(d)
                mine_short.append(d)
        if district and (mine_blind or mine_short):
            site_days.append((pt["site"]["name"], tuple(sorted(mine_blind)), tuple(sorted(mine_short))))
            if r.get("dwell_resolution_s") and r.get("sessions"):
                res.add(r["dwell_resolution_s"])
    rows = [r for pt in parts for r in pt["visitors"].values()]
    est = [r["persons_est"] for r in rows if r.get("persons_est") is not None]
    persons = (sum(est), sum(r.get("persons_low") or 0 for r in rows), sum(r.get("persons_high") or 0 for r in rows)) \
        if est else None
    dwell = parts[0]["dwell"] if len(parts) == 1 and not district else (None, None)
    rng = A.combined_sessions([pt["figures"] for pt in parts])
    return {"blind_aps": tuple(sorted(blind)), "blind_days": sorted(blind_days), "short_history_days": sorted(short),
            "dwell_est": dwell if None not in dwell else None,
            "returning_window": cfg["returning_window_days"], "dwell_resolution_s": max(res) if res else None,
            "site_days": tuple(site_days),
            "persons": persons, "sessions_est": rng["sessions_est"] if rows else None,
            "sessions_range": None if rng["sessions_est_low"] is None
            else (rng["sessions_est_low"], rng["sessions_est_high"]),
            "dhcp_days": tuple((pt["site"]["name"], pt["figures"]["dhcp_days"]) for pt in parts
                               if pt["figures"]["dhcp_days"])}


def _site_parts(conn, s: dict, month: Month, now: dt.datetime) -> dict:
    """Everything per library for the month, from the query layer."""
    sid, first, last = s["site_id"], month.first, month.last
    began = A.monitoring_began(conn, sid)
    today = now.astimezone(ZoneInfo(s["timezone"])).date()
    monitored = {d for d in month.dates() if began is not None and began <= d <= today}
    visitors = {r["day"]: r for r in A.visitors_daily(conn, sid, first, last)}
    usage = {r["period"]: r["bytes"] for r in A.usage_bytes(conn, sid, first, last, by="day")}
    cells = A.busiest_hours(conn, sid, first, last)
    avail = [r for r in A.ap_availability(conn, sid, first, last) if not r["is_controller"]]
    outs = A.outages(conn, sid, first, last)
    portal = {r["day"]: r for r in A.portal_vs_associated(conn, sid, first, last)}
    fig = A.period_figures(conn, [sid], first, last, whole_month=True)[0]
    per_ap: dict[int, list[float]] = defaultdict(list)
    for o in outs:
        per_ap[o["ap_id"]].append(float(o["minutes"]))
    names = {r["ap_id"]: r["ap_name"] for r in avail}
    return {
        "site": s,
        "visitors": visitors,
        "bytes": usage,
        "cells": cells,
        "monitored": monitored,
        "aps": _ap_rows(conn, s, avail, first, last),
        "alerts": [AlertRow(s["name"], names.get(ap, str(ap)), len(m), round(sum(m), 1), round(max(m), 1))
                   for ap, m in per_ap.items() if ap in names],
        "polls": (sum(float(r["polls_ok"]) for r in avail), sum(float(r["polls_expected"]) for r in avail)),
        "portal": portal,
        "dwell": (fig["dwell_median_est_s"], fig["dwell_median_s"]),  # (blind-AP estimate or None, measured)
        "figures": fig,  # the month's period figures (the sessions estimate and its range)
    }


def _ap_rows(conn, s: dict, avail: list[dict], first: dt.date, last: dt.date) -> list[ApRow]:
    """The site's APs, then what no AP can be credited with, so that the rows add up to the site's figures."""
    rows = []
    for r in avail:
        # clients counted but never one identified (or no client figure at all): sessions and data of such an AP
        # are unknown, not zero
        counts_only = not r["sessions"] and not r["bytes"] and (r["clients_max"] is None or r["clients_max"] > 0)
        rows.append(ApRow(s["name"], r["ap_name"], None if counts_only else r["sessions"], r["clients_max"],
                          None if counts_only else int(r["bytes"]), r["availability_pct"], r["outages"],
                          round(r["downtime_minutes"], 1)))
    site = A.period_figures(conn, [s["site_id"]], first, last, whole_month=True)[0]
    sessions = site["sessions"] - sum(r.sessions or 0 for r in rows)
    data = int(site["bytes"]) - sum(r.total_bytes or 0 for r in rows)
    if sessions > 0 or data > 0:
        rows.append(ApRow(s["name"], "", max(sessions, 0), None, max(data, 0), None, None, None, unassigned=True))
    return rows


def _daily(days: list[dt.date], parts: list[dict]) -> list[DailyRow]:
    out = []
    for d in days:
        watched = [pt for pt in parts if d in pt["monitored"]]
        if not watched:  # before monitoring began (or still to come): no figure, not a zero
            out.append(DailyRow(d, None, None, None, None))
            continue
        rows = [pt["visitors"][d] for pt in watched if d in pt["visitors"]]
        covs = [r["coverage"] for r in rows if r["coverage"] is not None]
        out.append(DailyRow(
            d, sum(r["visitors"] for r in rows), sum(r["sessions"] for r in rows),
            int(sum(pt["bytes"].get(d, 0) for pt in watched)),
            coverage_pct=100.0 * sum(covs) / len(covs) if covs else None,
        ))
    return out


def _heatmap(parts: list[dict]) -> list[list[float | None]]:
    grid: list[list[float | None]] = [[None] * 24 for _ in range(7)]
    for pt in parts:
        for cell in pt["cells"]:
            if cell["clients_avg"] is not None:
                w, h = cell["weekday"], cell["hour"]
                grid[w][h] = (grid[w][h] or 0.0) + float(cell["clients_avg"])
    return grid


def _portal(parts: list[dict]) -> list[PortalRow]:
    acc: dict[dt.date, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for pt in parts:
        for d, r in pt["portal"].items():
            a = acc[d]
            a[0] += r["portal_logins"]
            a[1] += r["portal_users"]
            a[2] += r["associated_devices"]
            a[3] += r["portal_only_devices"]
    return [PortalRow(d, *acc[d]) for d in sorted(acc)]


def _site_rows(conn, members: list[dict], month: Month) -> list[SiteRow]:
    rows = A.period_figures(conn, [s["site_id"] for s in members], month.first, month.last, whole_month=True)
    return [SiteRow(r["site"], r["sessions"], r["unique_visitors"], r["bytes"], r["ap_availability_pct"],
                    None if r["coverage"] is None else 100.0 * r["coverage"]) for r in rows]

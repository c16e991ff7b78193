"""Build the report model for a month, for one library or the district."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import psycopg

from dashboard.reports import aggregate, source
from dashboard.reports.model import AlertRow, ApRow, DailyRow, Figure, PortalRow, Quality, ReportModel, SiteRow
from dashboard.reports.periods import Month

COVERAGE_THRESHOLD = 90.0  # percent; days below are "incomplete"


class ReportError(Exception):
    """An operator error (unknown site, empty database): printed as one line."""


@dataclass(frozen=True)
class Settings:
    organisation: str = "Kunang"
    session_gap_minutes: int = 10  # G
    visitor_min_minutes: int = 5  # M
    returning_window_days: int = 30
    rotating_salt: bool = False

    @classmethod
    def from_dict(cls, d: dict) -> "Settings":
        return cls(**{k: d[k] for k in cls.__dataclass_fields__ if k in d})


def build_report(conn: psycopg.Connection, month: Month, site: str | None = None,
                 settings: Settings = Settings(), now: dt.datetime | None = None) -> ReportModel:
    """`site` None = district roll-up over every active site."""
    now = now or dt.datetime.now(dt.timezone.utc)
    infos = source.sites(conn, site)
    if not infos:
        raise ReportError(f"unknown site {site!r}" if site else "no sites in the database (run the collector first)")
    site_ids = [s.id for s in infos]
    by_id = {s.id: s for s in infos}
    aps = source.aps(conn, site_ids)
    kw = dict(min_minutes=settings.visitor_min_minutes, window_days=settings.returning_window_days)

    cur = source.period_rows(conn, site_ids, month, **kw)
    prev = source.period_rows(conn, site_ids, month.previous(), **kw)
    last = source.period_rows(conn, site_ids, month.last_year(), **kw)
    t_cur, t_prev, t_last = (aggregate.totals(p.visits, p.sessions, p.ap_hours) for p in (cur, prev, last))

    days = month.dates()
    per_day = aggregate.daily(days, cur.visits, cur.sessions)
    site_aps: dict[int, list[int]] = defaultdict(list)
    for a in aps:
        site_aps[a["site_id"]].append(a["id"])
    hours = {s.id: (s.opening_hours, s.holidays) for s in infos}
    cov_day = aggregate.coverage(days, site_aps, hours, cur.ap_hours)
    daily_rows = [DailyRow(d, *per_day[d], coverage_pct=cov_day[d]) for d in days]
    cov_month = _coverage_month(days, site_aps, hours, cur.ap_hours)
    incomplete_days = [d for d in days if cov_day[d] is not None and cov_day[d] < COVERAGE_THRESHOLD]
    incomplete = cov_month is not None and cov_month < COVERAGE_THRESHOLD

    randomized = bool(t_cur.randomized_share)
    salt = settings.rotating_salt
    estimates = ("visitors", "returning_share") if randomized else ()
    headline = [
        Figure("sessions", "count", t_cur.sessions, t_prev.sessions, t_last.sessions, incomplete=incomplete),
        Figure("visitors", "count", t_cur.visitors, t_prev.visitors, t_last.visitors,
               estimate="visitors" in estimates, incomplete=incomplete),
        Figure("returning_share", "share", None if salt else t_cur.returning_share,
               None if salt else t_prev.returning_share, None if salt else t_last.returning_share,
               estimate="returning_share" in estimates and not salt, incomplete=incomplete),
        Figure("median_dwell", "minutes", t_cur.median_dwell, t_prev.median_dwell, t_last.median_dwell,
               incomplete=incomplete),
        Figure("total_bytes", "bytes", t_cur.total_bytes, t_prev.total_bytes, t_last.total_bytes,
               incomplete=incomplete),
        Figure("busiest_day", "date", aggregate.busiest_day(per_day)),
        Figure("busiest_hour", "hour", aggregate.busiest_hour(cur.ap_hours)),
        Figure("availability", "pct", t_cur.availability_pct, t_prev.availability_pct, t_last.availability_pct),
    ]

    ap_rows, alert_rows = _ap_tables(conn, aps, by_id, cur, month, now)
    site_rows = _site_rows(infos, cur, site_aps, hours, days) if site is None else []
    portal = [PortalRow(r["day"], r["logins"], r["users"], r["devices"], r["portal_only"])
              for r in source.portal_daily(conn, site_ids, month)]
    sources = ("snmp", "portal") if any(p.logins for p in portal) else ("snmp",)
    quality = Quality(cov_month, t_cur.randomized_share, incomplete_days, salt, estimates, sources)
    tzs = sorted({s.timezone for s in infos})
    return ReportModel(
        organisation=settings.organisation,
        scope="site" if site else "district",
        name=infos[0].name if site else settings.organisation,
        month=month,
        sites=[s.name for s in infos],
        timezone=", ".join(tzs),
        headline=headline,
        daily=daily_rows,
        heatmap=aggregate.heatmap(cur.ap_hours),
        aps=ap_rows,
        site_rows=site_rows,
        portal=portal,
        alerts=alert_rows,
        quality=quality,
        generated_at=now,
        settings={"G": settings.session_gap_minutes, "M": settings.visitor_min_minutes,
                  "R": settings.returning_window_days},
    )


def _coverage_month(days, site_aps, hours, ap_hours) -> float | None:
    seen = {(r["ap_id"], r["local_hour"].date(), r["local_hour"].hour) for r in ap_hours if r["polls"] > 0}
    expected = got = 0
    for d in days:
        for site_id, ap_ids in site_aps.items():
            for h in aggregate.open_hours(*hours[site_id], d):
                expected += len(ap_ids)
                got += sum((a, d, h) in seen for a in ap_ids)
    return 100.0 * got / expected if expected else None


def _ap_tables(conn, aps, by_id, cur: source.PeriodRows, month: Month, now: dt.datetime):
    ses: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for r in cur.sessions:
        if r["ap_id"] is not None:
            ses[r["ap_id"]][0] += r["sessions"]
            ses[r["ap_id"]][1] += int(r["bytes"])
    hrs: dict[int, list] = defaultdict(lambda: [0, 0, None])
    for r in cur.ap_hours:
        h = hrs[r["ap_id"]]
        h[0] += r["polls"]
        h[1] += r["reachable_polls"]
        if r["clients_max"] is not None:
            h[2] = max(h[2] or 0, r["clients_max"])
    tzs = [by_id[s].timezone for s in {a["site_id"] for a in aps}]
    lo, hi = source.utc_bounds(month, tzs)
    events: dict[int, list[dict]] = defaultdict(list)
    for e in source.ap_events(conn, list(by_id), lo, hi):
        events[e["ap_id"]].append(e)
    ap_rows, alert_rows = [], []
    for a in aps:
        tz = ZoneInfo(by_id[a["site_id"]].timezone)
        a_lo = dt.datetime.combine(month.first, dt.time(), tz)
        a_hi = min(dt.datetime.combine(month.end, dt.time(), tz), now)
        outages, minutes, longest = aggregate.downtime(events.get(a["id"], []), a_lo, a_hi)
        polls, ok, peak = hrs[a["id"]] if a["id"] in hrs else (0, 0, None)
        s = ses.get(a["id"], (0, 0))
        ap_rows.append(ApRow(a["site"], a["name"], s[0], peak, s[1], 100.0 * ok / polls if polls else None,
                             outages, round(minutes, 1)))
        if outages or minutes:
            alert_rows.append(AlertRow(a["site"], a["name"], outages, round(minutes, 1), round(longest, 1)))
    alert_rows.sort(key=lambda r: (-r.downtime_minutes, r.site, r.ap))
    return ap_rows, alert_rows


def _site_rows(infos, cur: source.PeriodRows, site_aps, hours, days) -> list[SiteRow]:
    groups: dict[str, dict[int, list]] = {k: defaultdict(list) for k in ("visits", "sessions", "ap_hours")}
    for kind, group in groups.items():
        for r in getattr(cur, kind):
            group[r["site_id"]].append(r)
    out = []
    for s in infos:
        ap_hours = groups["ap_hours"][s.id]
        t = aggregate.totals(groups["visits"][s.id], groups["sessions"][s.id], ap_hours)
        cov = _coverage_month(days, {s.id: site_aps.get(s.id, [])}, hours, ap_hours)
        out.append(SiteRow(s.name, t.sessions, t.visitors, t.total_bytes, t.availability_pct, cov))
    return out

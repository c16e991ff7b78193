"""The dashboard's charts: importing this module registers every one of them.

The registry and the helpers producers share are in `chart_registry.py` (re-exported
here for the pages: `charts.produce`, `charts.site_info`, ...); this module holds the
producers of the overview, access point, data-quality and district pages, and
imports `site_charts` and `visits_charts`, the site page's. Figures come from the
analytics query layer (`dashboard.analytics`, run through `runtime.reader().call`)
or, for live state the layer does not cover, from `dashboard/sql/`; they are drawn
by the pure functions of `dashboard/figures/`.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from contract import STALE_FLOOR_S, STALLED_AFTER_POLLS
from dashboard import analytics as A
from dashboard import runtime
from dashboard import footfall_charts, site_charts, visits_charts  # noqa: F401  (the site page's charts register themselves)
from dashboard.chart_registry import (  # noqa: F401  (the registry, for the pages)
    CHARTS, Chart, call, chart, district, frame, local_times, produce, renamed, site_info, site_range, sites)
from dashboard.periods import RANGES, local_days, today_in
from dashboard.figures import aps as ap_fig
from dashboard.figures import district as district_fig
from dashboard.figures import occupancy
from dashboard.figures import quality as quality_fig
from dashboard.figures.common import empty_chart


def stale_s() -> int:
    return max(STALE_FLOOR_S, STALLED_AFTER_POLLS * runtime.settings().poll_interval_s)


# ----------------------------------------------------------------- overview


OVERVIEW_COLUMNS = ["site_id", "site", "grp", "timezone", "aps", "aps_up", "aps_down", "clients_now",
                    "clients_last_week", "last_poll"]


def overview_sites(now: dt.datetime | None = None) -> pd.DataFrame:
    """Live occupancy per site as the query layer defines it (analytics.occupancy_now), with each site's zone."""
    df = frame(call(A.occupancy_now, now=now))
    if df.empty:
        return pd.DataFrame(columns=OVERVIEW_COLUMNS)
    df = df.rename(columns={"clients": "clients_now", "clients_same_hour_last_week": "clients_last_week",
                            "last_poll_at": "last_poll"})
    zones = sites()[["site_id", "timezone"]]
    df = df.merge(zones, on="site_id", how="left").fillna({"timezone": "UTC"})
    return df[OVERVIEW_COLUMNS]


def is_stale(last_poll, now: dt.datetime | None = None) -> bool:
    """The newest poll is older than `contract.STALLED_AFTER_POLLS` poll intervals: the collector may have stopped."""
    if last_poll is None or last_poll != last_poll:
        return False
    now = now or dt.datetime.now(dt.timezone.utc)
    return (now - pd.Timestamp(last_poll).to_pydatetime()).total_seconds() > stale_s()


def today_figures(site_frame: pd.DataFrame, now: dt.datetime | None = None) -> pd.DataFrame:
    """Visitors and sessions of each site's local today (analytics.period_figures)."""
    if site_frame.empty:
        return pd.DataFrame(columns=["site_id", "unique_visitors", "sessions", "randomized_unique_visitors"])
    out = []
    for tz, group in site_frame.groupby("timezone"):
        today = today_in(tz, now)
        out.extend(call(A.period_figures, [int(i) for i in group["site_id"]], today, today))
    return frame(out)


def last_opening_peak(site: dict, now: dt.datetime | None = None) -> tuple[dt.date, int] | None:
    """(day, most clients at once) of the site's last opening that has begun (within a week), from the rollups."""
    from dashboard.opening import state

    now = now or dt.datetime.now(dt.timezone.utc)
    last = state(site.get("opening_hours"), site.get("holidays"), site["timezone"], now)["last"]
    if last is None:
        return None
    day = last[0].date()
    rows = call(A.occupancy, int(site["site_id"]), day, day, by="day")
    peak = [r["clients_max"] for r in rows if r["clients_max"] is not None]
    return (day, int(max(peak))) if peak else None


def ap_board(site_id=None) -> pd.DataFrame:
    return runtime.reader().frame("ap_board", site_id=int(site_id) if site_id not in (None, "") else None)


@chart("overview.occupancy", "ov.occupancy_sites")
def _overview_occupancy(params, lang):
    df = overview_sites()
    csv = renamed(df, lang, {"site": "col.site", "clients_now": "col.clients_now",
                             "clients_last_week": "col.clients_last_week"})
    return occupancy.now_vs_last_week(df, lang), csv


@chart("overview.aps", "ov.occupancy_aps")
def _overview_aps(params, lang):
    df = ap_board()
    live = df[~df["is_controller"].astype(bool)] if not df.empty else df
    csv = renamed(live, lang, {"site": "col.site", "ap": "col.ap", "state": "col.status", "clients": "col.clients_now",
                               "clients_last_week": "col.clients_last_week"})
    return occupancy.clients_per_ap(df, lang), csv


# ----------------------------------------------------------------- one AP


def ap_one(ap_id) -> dict | None:
    try:
        ap_id = int(ap_id)
    except (TypeError, ValueError):
        return None
    df = runtime.reader().frame("ap_one", ap_id=ap_id)
    return df.iloc[0].to_dict() if not df.empty else None


def _ap_hist(params):
    ap = ap_one(params.get("ap_id"))
    if ap is None:
        return None, pd.DataFrame()
    start, end = local_days(ap["timezone"], RANGES.get(params.get("range"), 7))
    rows = call(A.occupancy, int(ap["site_id"]), start, end, by="ap", ap_id=int(ap["ap_id"]))
    return ap, frame(rows)


@chart("ap.history", "ap.history")
def _ap_history(params, lang):
    ap, df = _ap_hist(params)
    if ap is None:
        return empty_chart(lang), pd.DataFrame()
    csv = df.assign(bucket=local_times(df["bucket"], ap["timezone"])) if not df.empty else df
    csv = renamed(csv, lang, {"bucket": "col.time", "clients_avg": "col.clients_avg", "clients_max": "col.clients_peak",
                              "polls": "col.polls"})
    return ap_fig.history(df, lang, ap["timezone"]), csv


@chart("ap.availability", "ap.availability")
def _ap_availability(params, lang):
    ap, df = _ap_hist(params)
    if ap is None:
        return empty_chart(lang), pd.DataFrame()
    csv = df.assign(bucket=local_times(df["bucket"], ap["timezone"]),
                    share=df["reachable_polls"] / df["polls"].where(df["polls"] > 0)) if not df.empty else df
    csv = renamed(csv, lang, {"bucket": "col.time", "polls": "col.polls", "reachable_polls": "col.polls_ok",
                              "share": "col.availability_hour"})
    return ap_fig.availability(df, lang, ap["timezone"]), csv


# ----------------------------------------------------------------- data quality

DQ_DAYS = 14


def coverage_frame(site_id=None, now: dt.datetime | None = None) -> pd.DataFrame:
    """Coverage per AP over the last DQ_DAYS local days of the site (today included)."""
    site = site_info(site_id) if site_id not in (None, "") else None
    start, end = local_days(site["timezone"] if site else "UTC", DQ_DAYS, now)
    return runtime.reader().frame("quality_coverage", site_id=int(site["site_id"]) if site else None,
                                  start=start, end=end)


@chart("dq.coverage", "dq.coverage")
def _dq_coverage(params, lang):
    cov = coverage_frame(params.get("site_id"))
    csv = renamed(cov, lang, {"site": "col.site", "ap": "col.ap", "day": "col.day",
                              "polls_expected": "col.expected", "polls_ok": "col.polls_ok",
                              "coverage": "col.coverage"})
    return quality_fig.coverage_heatmap(cov, lang), csv


# ----------------------------------------------------------------- district


@chart("district.ranking", "district.ranking")
def _district_ranking(params, lang):
    summary = district(params.get("group"))
    df = frame(summary["sites"])
    csv = renamed(df, lang, {"rank": "col.rank", "site": "col.site", "group": "col.group",
                             "unique_visitors": "col.visitors", "sessions": "col.sessions",
                             "visitor_days": "col.visits", "bytes": "col.bytes",
                             "ap_availability_pct": "col.availability_pct", "days_with_data": "col.days_with_data"})
    return district_fig.ranking(df, lang), csv

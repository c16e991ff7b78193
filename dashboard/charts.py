"""Every chart of the dashboard by name: params -> (figure, data for its CSV).

A page callback and the CSV download call the same producer, so the CSV holds
exactly the numbers the chart shows. Figures come from the analytics query
layer (`dashboard.analytics`, run through `runtime.reader().call`) or, for live
state the layer does not cover, from `dashboard/sql/`; they are drawn by the
pure functions of `dashboard/figures/`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable

import pandas as pd
import plotly.graph_objects as go

from dashboard import analytics as A
from dashboard import runtime
from dashboard.periods import RANGES, local_days, period_days, today_in
from dashboard.figures import aps as ap_fig
from dashboard.figures import district as district_fig
from dashboard.figures import occupancy
from dashboard.figures import quality as quality_fig
from dashboard.figures.common import empty_chart
from dashboard.i18n import t


@dataclass(frozen=True)
class Chart:
    title_key: str
    produce: Callable[[dict, str], tuple[go.Figure, pd.DataFrame]]


CHARTS: dict[str, Chart] = {}


def chart(name: str, title_key: str):
    def deco(fn):
        CHARTS[name] = Chart(title_key, fn)
        return fn
    return deco


def produce(name: str, params: dict, lang: str) -> tuple[go.Figure, pd.DataFrame]:
    return CHARTS[name].produce(params or {}, lang)


# ----------------------------------------------------------------- helpers


def frame(rows) -> pd.DataFrame:
    return A.to_frame(rows) if rows else pd.DataFrame()


def call(fn, *args, **kwargs):
    return runtime.reader().call(fn, *args, **kwargs)


def sites() -> pd.DataFrame:
    return runtime.reader().frame("sites")


def site_info(site_id) -> dict | None:
    all_sites = sites()
    if all_sites.empty:
        return None
    if site_id in (None, ""):
        return all_sites.iloc[0].to_dict()
    try:
        hit = all_sites[all_sites["site_id"] == int(site_id)]
    except (TypeError, ValueError):
        return None
    return hit.iloc[0].to_dict() if not hit.empty else None


def site_range(params: dict, default: str = "30d"):
    site = site_info(params.get("site_id"))
    if site is None:
        return None, None, None
    _, start, end = period_days(params.get("range"), params.get("start"), params.get("end"), site["timezone"],
                                default=default)
    return site, start, end


def renamed(df: pd.DataFrame, lang: str, columns: dict[str, str]) -> pd.DataFrame:
    """Keep `columns` (source -> catalogue key) in order, with translated headers."""
    if df.empty:
        return pd.DataFrame(columns=[t(k, lang) for k in columns.values()])
    out = df[[c for c in columns if c in df.columns]].copy()
    return out.rename(columns={c: t(k, lang) for c, k in columns.items()})


def local_times(series: pd.Series, tz: str) -> pd.Series:
    return pd.to_datetime(series, utc=True).dt.tz_convert(tz).dt.strftime("%Y-%m-%d %H:%M %Z")


def stale_s() -> int:
    return max(180, 3 * runtime.settings().poll_interval_s)


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
    """The newest poll is older than three poll intervals: the collector may have stopped."""
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


def district(group=None, now: dt.datetime | None = None) -> dict:
    """The district summary of the month in progress, in the local calendar of the group's sites
    (the zone district_summary itself uses: its first site by name)."""
    now = now or dt.datetime.now(dt.timezone.utc)
    members = call(A.sites, group or None)
    tz = members[0]["timezone"] if members else "UTC"
    return call(A.district_summary, group or None, today_in(tz, now), now=now,
                rotating_salt=runtime.settings().rotating_salt or None)


@chart("district.ranking", "district.ranking")
def _district_ranking(params, lang):
    summary = district(params.get("group"))
    df = frame(summary["sites"])
    csv = renamed(df, lang, {"rank": "col.rank", "site": "col.site", "group": "col.group",
                             "unique_visitors": "col.visitors", "sessions": "col.sessions",
                             "visitor_days": "col.visits", "bytes": "col.bytes",
                             "ap_availability_pct": "col.availability_pct", "days_with_data": "col.days_with_data"})
    return district_fig.ranking(df, lang), csv


# the site page's charts register themselves in CHARTS (kept apart: module size)
from dashboard import site_charts  # noqa: E402,F401
from dashboard import visits_charts  # noqa: E402,F401

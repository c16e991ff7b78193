"""The overview page's charts and figures: live occupancy per site and per AP, today's visitors,
the last opening's peak, and whether the newest poll is too old (the collector may have stopped)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from contract import STALE_FLOOR_S, STALLED_AFTER_POLLS
from dashboard import analytics as A
from dashboard import runtime
from dashboard.charts.registry import call, chart, frame, renamed, sites
from dashboard.figures import occupancy
from dashboard.periods import today_in


def stale_s() -> int:
    return max(STALE_FLOOR_S, STALLED_AFTER_POLLS * runtime.settings().poll_interval_s)


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

"""The registry of the dashboard's charts, and what every chart producer shares.

A producer is `fn(params, lang) -> (figure, data for its CSV)`, registered under a
name with `@chart(name, title_key)`; one of a site over the page's period is
`fn(site, start, end, lang)`, registered with `@site_chart(name, title_key)`. A page callback and the CSV download call the
same producer through `produce`, so the CSV holds exactly the numbers the chart
shows. Producers live in the modules of this package, one per page or page
section (`overview`, `access_point`, `quality`, `district`, `site`, `visits` for
library visits, `footfall` for sensed footfall); a page imports the modules of the
charts it shows, which registers them. They draw with the pure functions of
`dashboard/figures/` (the monthly report draws its own, with matplotlib, in
`reports/charts.py`). This module imports none of them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable

import pandas as pd
import plotly.graph_objects as go

from dashboard import analytics as A
from dashboard import runtime
from dashboard.figures.common import empty_chart
from dashboard.i18n import t
from dashboard.periods import period_days, today_in


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


def site_chart(name: str, title_key: str):
    """A chart of one site over the page's period (`site_range`): `fn(site, start, end, lang) -> (figure,
    data for its CSV)`, registered under `name`; no site (none stored yet, an unknown id) draws the empty chart."""
    def deco(fn):
        def producer(params, lang):
            site, start, end = site_range(params)
            if site is None:
                return empty_chart(lang), pd.DataFrame()
            return fn(site, start, end, lang)
        CHARTS[name] = Chart(title_key, producer)
        return fn
    return deco


def produce(name: str, params: dict, lang: str) -> tuple[go.Figure, pd.DataFrame]:
    return CHARTS[name].produce(params or {}, lang)


# ----------------------------------------------------------------- what the producers share


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


def district(group=None, now: dt.datetime | None = None) -> dict:
    """The district summary of the month in progress, in the local calendar of the group's sites
    (the zone district_summary itself uses: its first site by name)."""
    now = now or dt.datetime.now(dt.timezone.utc)
    members = call(A.sites, group or None)
    tz = members[0]["timezone"] if members else "UTC"
    return call(A.district_summary, group or None, today_in(tz, now), now=now,
                rotating_salt=runtime.settings().rotating_salt or None)

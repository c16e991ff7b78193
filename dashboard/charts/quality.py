"""The data-quality page's chart: poll coverage per AP and day."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard import runtime
from dashboard.charts.registry import chart, renamed, site_info
from dashboard.figures import quality as quality_fig
from dashboard.periods import local_days

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

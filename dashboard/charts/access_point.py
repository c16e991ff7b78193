"""The access point page's charts (`pages/ap_detail.py`): one AP's clients and availability over a
preset range."""

from __future__ import annotations

import pandas as pd

from dashboard import analytics as A
from dashboard import runtime
from dashboard.charts.registry import call, chart, frame, local_times, renamed
from dashboard.figures import aps as ap_fig
from dashboard.figures.common import empty_chart
from dashboard.periods import RANGES, local_days


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

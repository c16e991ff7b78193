"""The district page's chart: the ranking of the group's sites over the month in progress."""

from __future__ import annotations

from dashboard.charts.registry import chart, district, frame, renamed
from dashboard.figures import district as district_fig


@chart("district.ranking", "district.ranking")
def _district_ranking(params, lang):
    summary = district(params.get("group"))
    df = frame(summary["sites"])
    csv = renamed(df, lang, {"rank": "col.rank", "site": "col.site", "group": "col.group",
                             "unique_visitors": "col.visitors", "sessions": "col.sessions",
                             "visitor_days": "col.visits", "bytes": "col.bytes",
                             "ap_availability_pct": "col.availability_pct", "days_with_data": "col.days_with_data"})
    return district_fig.ranking(df, lang), csv

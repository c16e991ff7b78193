"""Sensed footfall on the site page (802.11 probe requests, issue 20): passers-by, visitors, connected
and conversion, labelled as estimates, and only for a site that has a sensor (docs/metrics.md)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Input, Output, callback, html

from dashboard import fmt, runtime
from dashboard.analytics import footfall as F
from dashboard.charts.registry import call, frame, renamed, site_chart, site_range
from dashboard.components import PARAMS, REFRESH, chart_card, kpi, note
from dashboard.db import DatabaseDown
from dashboard.figures import footfall as fig
from dashboard.figures.common import empty_chart
from dashboard.i18n import t

HIDDEN = {"display": "none"}


# the CSV columns of both charts after the first (the day, the hour of day): source -> catalogue key
COUNTS = {"passers_by": "footfall.col.passers_by", "visitors": "footfall.col.visitors",
          "connected": "footfall.col.connected", "hours": "footfall.col.hours"}


def _drawn(rows, first: dict[str, str], draw, lang: str, digits: int | None = None):
    """(figure, CSV) of the query layer's rows: the empty chart when there are none."""
    df = frame(rows)
    if df.empty:
        return empty_chart(lang), df
    columns = first | COUNTS
    table = df[list(columns)]
    return draw(df, lang), renamed(table if digits is None else table.round(digits), lang, columns)


@site_chart("site.footfall", "footfall.chart_daily")
def _footfall_daily(site, start, end, lang):
    return _drawn(call(F.footfall_days, int(site["site_id"]), start, end), {"day": "col.day"}, fig.daily, lang)


@site_chart("site.footfall_hours", "footfall.chart_hours")
def _footfall_hours(site, start, end, lang):
    return _drawn(call(F.footfall_hours, int(site["site_id"]), start, end),
                  {"hour_of_day": "footfall.col.hour_of_day"}, fig.by_hour, lang, digits=2)


def site_section(lang: str) -> html.Div:
    """The section, hidden until the chosen site proves to have a sensor (the callback below)."""
    return html.Div([
        html.H2(t("footfall.title", lang), className="h5 mt-3"),
        dbc.Row([
            dbc.Col(kpi("ff-passers", t("footfall.passers_by", lang), "ff-passers-sub"), xs=6, lg=3),
            dbc.Col(kpi("ff-visitors", t("footfall.visitors", lang)), xs=6, lg=3),
            dbc.Col(kpi("ff-connected", t("footfall.connected", lang), "ff-connected-sub"), xs=6, lg=3),
            dbc.Col(kpi("ff-conversion", t("footfall.conversion", lang), "ff-conversion-sub"), xs=6, lg=3),
        ], className="g-2"),
        html.Div(id="ff-notes"),
        dbc.Row([dbc.Col(chart_card("site.footfall", lang), xs=12, xl=6),
                 dbc.Col(chart_card("site.footfall_hours", lang), xs=12, xl=6)], className="g-2"),
    ], id="site-footfall", style=HIDDEN)


def section_values(f: dict | None, lang: str) -> tuple:
    """(style, passers-by, its sub-line, visitors, connected, its sub-line, conversion, its sub-line, notes),
    pure: None (no sensor at this site) hides the section; the labels say "estimate"."""
    if f is None:
        return (HIDDEN, "–", "", "–", "–", "", "–", "", None)
    if not f["days"]:
        return (None, "–", "", "–", "–", "", "–", "", note(t("footfall.none", lang), "light", id="ff-none"))
    notes = [note(t("footfall.note", lang, rssi=fmt.num(f["rssi_threshold"], lang),
                    dwell=fmt.duration(f["min_dwell_s"], lang)), "light", id="ff-note")]
    if f.get("randomized_share"):
        notes.append(note(t("footfall.randomized", lang, share=fmt.pct(f["randomized_share"], lang)), "secondary",
                          id="ff-randomized"))
    return (None, fmt.num(f["passers_by"], lang),
            t("footfall.device_days", lang, days=fmt.num(f["days"], lang)),
            fmt.num(f["visitors"], lang), fmt.num(f["connected"], lang),
            t("footfall.connected_sub", lang, share=fmt.pct(f["connected_share"], lang))
            if f["connected_share"] is not None else "",
            fmt.pct(f["conversion"], lang),
            t("footfall.conversion_sub", lang), notes)


@callback(Output("site-footfall", "style"), Output("ff-passers", "children"), Output("ff-passers-sub", "children"),
          Output("ff-visitors", "children"), Output("ff-connected", "children"),
          Output("ff-connected-sub", "children"), Output("ff-conversion", "children"),
          Output("ff-conversion-sub", "children"), Output("ff-notes", "children"),
          Input(PARAMS, "data"), Input(REFRESH, "n_intervals"))
def refresh_footfall(params, _n):
    lang = runtime.lang()
    try:
        site, start, end = site_range(params or {})
        f = None if site is None else call(F.footfall, int(site["site_id"]), start, end)
    except DatabaseDown:
        f = None
    return section_values(f, lang)

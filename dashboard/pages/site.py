"""Site: occupancy over time, weekday x hour, visitors, dwell, usage by AP and SSID, portal vs association."""

from __future__ import annotations

import datetime as dt

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html

from dashboard import analytics as A
from dashboard import charts, fmt, runtime
from dashboard.components import PARAMS, REFRESH, chart_card, kpi, note, params_store, page_title
from dashboard.db import DatabaseDown
from dashboard.i18n import t


RANGE_KEYS = (("7d", "range.7d"), ("30d", "range.30d"), ("90d", "range.90d"), ("365d", "range.365d"))


def range_picker(component_id: str, lang: str, value: str, custom: bool = False) -> dbc.RadioItems:
    keys = RANGE_KEYS + ((("custom", "range.custom"),) if custom else ())
    return dbc.RadioItems(id=component_id, options=[{"label": t(k, lang), "value": v} for v, k in keys],
                          value=value if value in charts.RANGES or (custom and value == "custom") else "30d",
                          inline=True, className="small")


def site_options() -> list[dict]:
    try:
        df = charts.sites()
    except DatabaseDown:
        return []
    return [{"label": r["site"], "value": int(r["site_id"])} for r in df.to_dict("records")]


def layout(site=None, range=None, start=None, end=None, **_):  # noqa: A002 - query-string names
    lang = runtime.lang()
    try:
        site_id = int(site) if site not in (None, "") else None
    except ValueError:
        site_id = None
    options = site_options()
    if site_id is None and options:
        site_id = options[0]["value"]
    rng = range if range in charts.RANGES or range == "custom" else "30d"
    today = dt.date.today()
    start = start or (today - dt.timedelta(days=29)).isoformat()
    end = end or today.isoformat()
    return html.Div([
        params_store({"site_id": site_id, "range": rng, "start": start, "end": end}),
        html.H1(t("site.title", lang), className="h3"),
        dbc.Row([
            dbc.Col(dcc.Dropdown(id="site-select", options=options, value=site_id, clearable=False,
                                 placeholder=t("site.choose", lang)), xs=12, md=6, lg=4),
            dbc.Col([range_picker("site-range", lang, rng, custom=True),
                     dcc.DatePickerRange(id="site-dates", start_date=start, end_date=end, display_format="DD/MM/YYYY",
                                         month_format="MM/YYYY",  # numeric: no English month names
                                         first_day_of_week=1, max_date_allowed=today.isoformat(), minimum_nights=0,
                                         style=None if rng == "custom" else {"display": "none"})],
                    xs=12, md=6, className="align-self-center"),
        ], className="g-2 mb-2"),
        html.Div(id="site-notes"),
        dbc.Row([
            dbc.Col(kpi("site-visitors", t("col.visitors", lang), "site-visitors-sub"), xs=6, lg=3),
            dbc.Col(kpi("site-sessions", t("col.sessions", lang)), xs=6, lg=3),
            dbc.Col(kpi("site-dwell", t("col.duration", lang)), xs=6, lg=3),
            dbc.Col(kpi("site-returning", t("col.returning", lang)), xs=6, lg=3),
        ], className="g-2"),
        dbc.Row([
            dbc.Col(chart_card("site.occupancy", lang), xs=12, xl=6),
            dbc.Col(chart_card("site.heatmap", lang), xs=12, xl=6),
            dbc.Col(chart_card("site.visitors", lang), xs=12, xl=6),
            dbc.Col(chart_card("site.dwell", lang), xs=12, xl=6),
            dbc.Col(chart_card("site.usage_ap", lang), xs=12, xl=6),
            dbc.Col(chart_card("site.usage_ssid", lang), xs=12, xl=6),
            dbc.Col(chart_card("site.portal", lang), xs=12, xl=6),
        ], className="g-2"),
    ])


@callback(Output(PARAMS, "data", allow_duplicate=True), Output("site-dates", "style"),
          Input("site-select", "value"), Input("site-range", "value"),
          Input("site-dates", "start_date"), Input("site-dates", "end_date"),
          State(PARAMS, "data"), prevent_initial_call=True)
def site_params(site_id, rng, start, end, params):
    style = None if rng == "custom" else {"display": "none"}
    return {**(params or {}), "site_id": site_id, "range": rng, "start": start, "end": end}, style


@callback(Output("site-select", "options"), Input(REFRESH, "n_intervals"), State("site-select", "options"),
          prevent_initial_call=True)
def refresh_site_options(_n, current):
    return site_options() or current or []


def site_notes(fig: dict, lang: str) -> list:
    """Notes under the controls: sources, estimates, rotating pseudonyms, incomplete data (pure)."""
    notes = [note(t("site.source_note", lang), "light")]
    if not fig.get("returning_computed", True):
        notes.append(note(t("site.no_returning", lang), "secondary", id="note-rotating"))
    if fig.get("randomized_share"):
        notes.append(note(t("site.randomized_note", lang, share=fmt.pct(fig["randomized_share"], lang)), "warning",
                          id="note-randomized"))
    if fig.get("incomplete"):
        notes.append(note(t("site.incomplete", lang, days=fmt.num(fig.get("incomplete_days") or 0, lang)), "warning",
                          id="note-incomplete"))
    return notes


@callback(
    Output("site-visitors", "children"), Output("site-visitors-sub", "children"), Output("site-sessions", "children"),
    Output("site-dwell", "children"), Output("site-returning", "children"), Output("site-notes", "children"),
    Input(PARAMS, "data"), Input(REFRESH, "n_intervals"),
)
def refresh_site(params, _n):
    lang = runtime.lang()
    try:
        site, start, end = charts.site_range(params or {})
        if site is None:
            return "–", "", "–", "–", "–", note(t("empty.fresh", lang), "info", id="fresh-install")
        rows = charts.call(A.period_figures, [int(site["site_id"])], start, end,
                           rotating_salt=runtime.settings().rotating_salt or None)
    except DatabaseDown:
        return "–", "", "–", "–", "–", None
    fig = rows[0] if rows else {}
    est = f" ({t('estimate', lang)})" if fig.get("estimate") else ""
    returning = fmt.pct(fig.get("returning_share"), lang) if fig.get("returning_computed", True) else "–"
    return (
        fmt.num(fig.get("unique_visitors"), lang) + est,
        t("site.visitor_days", lang, n=fmt.num(fig.get("visitor_days"), lang)),
        fmt.num(fig.get("sessions"), lang),
        fmt.duration(fig.get("dwell_median_s"), lang),
        returning,
        site_notes(fig, lang),
    )


dash.register_page(__name__, path="/site", name="site", title=page_title("nav.site"), layout=layout)

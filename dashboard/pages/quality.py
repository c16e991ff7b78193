"""Data quality: poll coverage per AP during opening hours, gaps, quarantined log lines."""

from __future__ import annotations


import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, callback, dcc, html

from dashboard import analytics as A
from dashboard import charts, fmt, runtime
from dashboard.components import PARAMS, REFRESH, chart_card, grid, note, params_store, page_title
from dashboard.db import DatabaseDown
from dashboard.i18n import t
from dashboard.pages.site import site_options



def gap_columns(lang):
    return [{"field": "ap", "headerName": t("col.ap", lang)},
            {"field": "start", "headerName": t("col.gap_start", lang)},
            {"field": "end", "headerName": t("col.gap_end", lang)},
            {"field": "minutes", "headerName": t("col.minutes", lang), "type": "numericColumn"}]


def quarantine_columns(lang):
    return [{"field": "time", "headerName": t("col.time", lang)},
            {"field": "source", "headerName": t("col.source", lang)},
            {"field": "reason", "headerName": t("col.reason", lang)},
            {"field": "line", "headerName": t("col.line", lang), "flex": 3},
            {"field": "origin", "headerName": t("col.origin", lang)}]


def reason_columns(lang):
    return [{"field": "source", "headerName": t("col.source", lang)},
            {"field": "reason", "headerName": t("col.reason", lang)},
            {"field": "lines", "headerName": t("col.lines", lang), "type": "numericColumn"}]


def layout(site=None, **_):
    lang = runtime.lang()
    options = site_options()
    try:
        site_id = int(site) if site not in (None, "") else (options[0]["value"] if options else None)
    except ValueError:
        site_id = options[0]["value"] if options else None
    return html.Div([
        params_store({"site_id": site_id}),
        html.H1(t("dq.title", lang), className="h3"),
        dbc.Row(dbc.Col(dcc.Dropdown(id="dq-site", options=options, value=site_id, clearable=False),
                        xs=12, md=6, lg=4), className="mb-2"),
        note(t("dq.coverage_help", lang), "light"),
        chart_card("dq.coverage", lang),
        dbc.Row([
            dbc.Col(dbc.Card([dbc.CardHeader(html.H2(t("dq.gaps", lang), className="h6 mb-0")),
                              dbc.CardBody([html.Div(id="dq-gaps-status"), grid("dq-gaps", gap_columns(lang), height=300)],
                                           className="p-1")], className="mb-3"), xs=12, lg=6),
            dbc.Col(dbc.Card([dbc.CardHeader(html.H2(t("dq.quarantine_reasons", lang), className="h6 mb-0")),
                              dbc.CardBody(grid("dq-reasons", reason_columns(lang), height=300), className="p-1")],
                             className="mb-3"), xs=12, lg=6),
        ], className="g-2"),
        dbc.Card([dbc.CardHeader(html.H2(t("dq.quarantine", lang), className="h6 mb-0")),
                  dbc.CardBody([html.Div(id="dq-quarantine-status"), grid("dq-quarantine", quarantine_columns(lang),
                                                                           height=360)], className="p-1")]),
    ])


@callback(Output(PARAMS, "data", allow_duplicate=True), Input("dq-site", "value"), prevent_initial_call=True)
def dq_params(site_id):
    return {"site_id": site_id}


@callback(Output("dq-gaps", "rowData"), Output("dq-gaps-status", "children"),
          Output("dq-quarantine", "rowData"), Output("dq-quarantine-status", "children"), Output("dq-reasons", "rowData"),
          Input(PARAMS, "data"), Input(REFRESH, "n_intervals"))
def refresh_quality(params, _n):
    lang = runtime.lang()
    params = params or {}
    try:
        site = charts.site_info(params.get("site_id"))
        gaps = []
        if site is not None:
            start, end = charts.local_days(site["timezone"], 2)
            gaps = charts.call(A.coverage_gaps, int(site["site_id"]), start, end)
        quarantine = runtime.reader().frame("dq_quarantine", limit=200)
        reasons = runtime.reader().frame("dq_quarantine_reasons")
    except DatabaseDown:
        return [], None, [], None, []
    tz = site["timezone"] if site else "UTC"
    gap_rows = [{"ap": g["ap_name"], "start": fmt.datetime(g["gap_start"], lang, tz),
                 "end": fmt.datetime(g["gap_end"], lang, tz), "minutes": round(float(g["minutes"]))}
                for g in sorted(gaps, key=lambda g: g["gap_start"], reverse=True)]
    q_rows = [{"time": fmt.datetime(r["received_at"], lang, tz), "source": r["source"], "reason": r["reason"],
               "line": r["line"], "origin": r["origin"] or ""} for r in quarantine.to_dict("records")]
    r_rows = [{"source": r["source"], "reason": r["reason"], "lines": int(r["lines"])} for r in reasons.to_dict("records")]
    return (gap_rows, None if gap_rows else note(t("dq.no_gaps", lang), "success", id="dq-no-gaps"),
            q_rows, None if q_rows else note(t("dq.no_quarantine", lang), "success"), r_rows)


dash.register_page(__name__, path="/quality", name="quality", title=page_title("nav.quality"), layout=layout)

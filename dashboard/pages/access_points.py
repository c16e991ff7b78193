"""Access points: status, clients now, last seen, uptime, 30-day availability, profile."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, callback, html

from dashboard import runtime
from dashboard.charts import overview
from dashboard.components import SITE_COLUMN, PARAMS, REFRESH, csv_button, csv_export, dropdown, grid, params_store, page_title
from dashboard.db import DatabaseDown
from dashboard.i18n import t
from dashboard.pages.overview import board_rows
from dashboard.pages.site import site_options



def columns(lang: str) -> list[dict]:
    status_rules = {"status-up": "params.data.state == 'up'", "status-down": "params.data.state == 'down'",
                    "status-unknown": "params.data.state == 'unknown'"}
    return [
        {"field": "site", "headerName": t("col.site", lang), **SITE_COLUMN},
        {"field": "ap_link", "headerName": t("col.ap", lang), "cellRenderer": "markdown",
         "pinned": "left", "minWidth": 140},
        {"field": "state_label", "headerName": t("col.status", lang), "cellClassRules": status_rules, "maxWidth": 140},
        {"field": "clients", "headerName": t("col.clients_now", lang), "type": "numericColumn", "maxWidth": 140},
        {"field": "last_seen", "headerName": t("col.last_seen", lang)},
        {"field": "uptime", "headerName": t("col.uptime", lang)},
        {"field": "availability", "headerName": t("col.availability", lang)},
        {"field": "profile", "headerName": t("col.profile", lang)},
        {"field": "model", "headerName": t("col.model", lang)},
        {"field": "controller", "headerName": t("col.controller", lang)},
    ]


def layout(site=None, **_):
    lang = runtime.lang()
    try:
        site_id = int(site) if site not in (None, "") else None
    except ValueError:
        site_id = None
    options = [{"label": t("aps.all_sites", lang), "value": ""}] + site_options()
    return html.Div([
        params_store({"site_id": site_id}),
        html.H1(t("aps.title", lang), className="h3"),
        dbc.Row([dbc.Col(dropdown("aps-site", options, site_id or "", lang, clearable=False),
                         xs=True, md=6, lg=4),
                  dbc.Col(csv_button("aps-grid", lang), width="auto", className="ms-auto align-self-center")],
                className="mb-2 g-2"),
        grid("aps-grid", columns(lang), height=600, csv="kunang-access-points"),
    ])


@callback(Output(PARAMS, "data", allow_duplicate=True), Input("aps-site", "value"), prevent_initial_call=True)
def aps_params(site_id):
    return {"site_id": site_id or None}


@callback(Output("aps-grid", "rowData"), Input(PARAMS, "data"), Input(REFRESH, "n_intervals"))
def refresh_aps(params, _n):
    lang = runtime.lang()
    try:
        board = overview.ap_board((params or {}).get("site_id"))
    except DatabaseDown:
        return []
    return board_rows(board, lang)


csv_export("aps-grid")


dash.register_page(__name__, path="/access-points", name="access_points", title=page_title("nav.aps"), layout=layout)

"""Reusable pieces of page layouts, and the callbacks shared by every page:
chart rendering by name, CSV download of a chart's data, database banner."""

from __future__ import annotations

import logging

import dash
import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import MATCH, Input, Output, State, callback, ctx, dcc, html

from dashboard import runtime
from dashboard.charts import registry
from dashboard.db import DatabaseDown
from dashboard.figures.common import empty
from dashboard.i18n import AG_GRID_ID, t

log = logging.getLogger(__name__)
PARAMS = "page-params"  # every page has one dcc.Store with this id: the parameters of its charts
REFRESH = "refresh"  # interval of the shell
GRAPH_CONFIG = {"displaylogo": False, "displayModeBar": False}  # zoom by dragging, double-click resets


def page_title(key: str):
    """The browser tab's title of a page, in the signed-in user's language (Dash calls it per request)."""
    def title(**_):
        return f"{t(key, runtime.lang())} · Kunang"
    return title


def params_store(data: dict | None = None) -> dcc.Store:
    return dcc.Store(id=PARAMS, data=data or {})


def chart_card(name: str, lang: str, *, title: str | None = None) -> dbc.Card:
    """A card with the chart's title, a CSV download button and the chart itself."""
    title = title or t(registry.CHARTS[name].title_key, lang)
    return dbc.Card([
        dbc.CardHeader(dbc.Row([
            dbc.Col(html.H2(title, className="h6 mb-0"), className="align-self-center"),
            dbc.Col(dbc.Button("⬇ " + t("download.csv", lang),
                               id={"type": "csv", "name": name}, size="sm", color="secondary", outline=True,
                               title=t("download.csv_title", lang), className="csv-button"),
                    width="auto"),
        ], className="g-2")),
        dbc.CardBody(dcc.Loading(dcc.Graph(id={"type": "chart", "name": name}, config=GRAPH_CONFIG,
                                           figure=empty("", lang, height=120)), type="dot",
                                 delay_show=400), className="p-1"),
        dcc.Download(id={"type": "download", "name": name}),
    ], className="mb-3 h-100 chart-card", id=f"card-{name}")


def kpi(value_id: str, label: str, sub_id: str | None = None) -> dbc.Card:
    return dbc.Card(dbc.CardBody([
        html.Div(label, className="text-muted small"),
        html.Div("–", id=value_id, className="fs-3 fw-semibold kpi-value"),
        html.Div(id=sub_id, className="small text-muted kpi-sub") if sub_id else None,
    ]), className="mb-3 h-100")


def grid_texts(lang: str) -> dict:
    """AG Grid's texts: its own (filters, screen-reader labels) in Bahasa Indonesia, and ours."""
    return {**(AG_GRID_ID if lang == "id" else {}),
            "noRowsToShow": t("grid.no_rows", lang), "loadingOoo": t("grid.loading", lang)}


DROPDOWN_LABELS = ("search", "clear_search", "clear_selection", "no_options_found", "select_all", "deselect_all",
                   "selected_count")


def dropdown(component_id: str, options: list, value, lang: str, **kw) -> dcc.Dropdown:
    """A dcc.Dropdown whose own texts (search box, "nothing found") are in the user's language."""
    labels = {k: t(f"dropdown.{k}", lang, num_selected="{num_selected}") if k == "selected_count"
              else t(f"dropdown.{k}", lang) for k in DROPDOWN_LABELS}
    return dcc.Dropdown(id=component_id, options=options, value=value, labels=labels, **kw)


TIME_FIELDS = {"time", "last_seen", "opened", "resolved", "start", "end", "created"}


def _export(columns: list[dict]) -> tuple[list[dict], list[str]]:
    """Columns for a CSV export of what the table shows: a link column (markdown `[name](/path)`) is
    exported as its plain twin (`ap_link` -> `ap`, a hidden column); a column without header (a
    download link) is left out."""
    shown, keys = [], []
    for c in columns:
        field = c.get("field")
        if c.get("cellRenderer") == "markdown":
            if field.endswith("_link") and c.get("headerName"):
                plain = field[: -len("_link")]
                shown.append({"field": plain, "headerName": c["headerName"], "hide": True})
                keys.append(plain)
            continue
        keys.append(field)
    return shown, keys


# a site's whole name (villages' libraries share the long "Perpustakaan Desa ..." prefix), never cut
SITE_COLUMN = {"minWidth": 255}


def grid(grid_id: str, columns: list[dict], *, height: int = 420, dashGridOptions: dict | None = None,
         csv: str | None = None, **kw) -> dag.AgGrid:
    """A table; with `csv` (a file name without extension), exportable by `csv_button(grid_id)`: the
    browser writes the rows as they are shown (filtered and sorted), nothing the table does not show."""
    lang = runtime.lang()
    columns = [{"minWidth": 175, **c} if c.get("field") in TIME_FIELDS else c for c in columns]
    columns = [{"headerTooltip": c["headerName"], **c} if c.get("headerName") else c for c in columns]
    # numbers shown with the separators of the user's language (assets/03-grid.js), kept numbers in the cell
    columns = [{"valueFormatter": {"function": f"kunangNumber(params.value, '{lang}')"},
                "useValueFormatterForExport": False, **c}  # the CSV keeps plain numbers
               if c.get("type") == "numericColumn" else c for c in columns]
    if csv:
        hidden, keys = _export(columns)
        columns = columns + hidden
        kw["csvExportParams"] = {"fileName": f"{csv}.csv", "columnKeys": keys}
    return dag.AgGrid(
        id=grid_id, columnDefs=columns, rowData=[],
        defaultColDef={"sortable": True, "filter": True, "resizable": True, "minWidth": 90},
        dashGridOptions={"domLayout": "normal", "animateRows": False, "enableCellTextSelection": True,
                         "ensureDomOrder": True, "localeText": grid_texts(lang),
                         **(dashGridOptions or {})},
        columnSize="responsiveSizeToFit", style={"height": f"{height}px", "width": "100%"},
        className="ag-theme-alpine", **kw,
    )


EXPORTS: set[str] = set()


def csv_export(*grid_ids: str) -> None:
    """Register the CSV downloads of these tables (at import of the page module: callbacks must exist
    before the first request). The browser exports the table, no request to the server."""
    for grid_id in grid_ids:
        if grid_id not in EXPORTS:
            EXPORTS.add(grid_id)
            dash.clientside_callback("function (n) { return !!n; }", Output(grid_id, "exportDataAsCsv"),
                                     Input(f"{grid_id}-csv", "n_clicks"), prevent_initial_call=True)


def csv_button(grid_id: str, lang: str) -> dbc.Button:
    """The CSV download button of a table made by `grid(..., csv=...)` and registered with `csv_export`."""
    return dbc.Button("⬇ " + t("download.csv", lang), id=f"{grid_id}-csv", size="sm", color="secondary",
                      outline=True, title=t("download.table_title", lang), className="csv-button")


def card_header(title: str, *, button=None, title_id: str | None = None) -> dbc.CardHeader:
    return dbc.CardHeader(dbc.Row([
        dbc.Col(html.H2(title, className="h6 mb-0", id=title_id) if title_id else html.H2(title, className="h6 mb-0"),
                className="align-self-center"),
        dbc.Col(button, width="auto") if button is not None else None,
    ], className="g-2"))


def grid_card(title: str, grid_id: str, columns: list[dict], lang: str, *, csv: str, height: int = 420,
              before: list | None = None, body_class: str = "p-1", card_class: str = "mb-3", **kw) -> dbc.Card:
    """A card with a title, a CSV download button and a table (`before`: what goes above the table)."""
    return dbc.Card([
        card_header(title, button=csv_button(grid_id, lang)),
        dbc.CardBody([*(before or []), grid(grid_id, columns, height=height, csv=csv, **kw)], className=body_class),
    ], className=card_class, id=f"card-{grid_id}")


def note(text: str, color: str = "info", **kw) -> dbc.Alert:
    return dbc.Alert(text, color=color, className="py-2 small", **kw)


def db_down_alert(lang: str) -> dbc.Alert:
    return dbc.Alert(t("db.down", lang), color="danger", className="db-down")


# ----------------------------------------------------------------- shared callbacks


@callback(
    Output({"type": "chart", "name": MATCH}, "figure"),
    Input(PARAMS, "data"),
    Input(REFRESH, "n_intervals"),
    State({"type": "chart", "name": MATCH}, "id"),
)
def render_chart(params, _n, chart_id):
    lang = runtime.lang()
    try:
        fig, _ = registry.produce(chart_id["name"], params or {}, lang)
    except DatabaseDown:
        return empty(t("db.down", lang), lang)
    except Exception:  # the callback boundary: one broken chart must not blank the page
        log.exception("chart %s failed", chart_id["name"])
        return empty(t("chart.failed", lang), lang)
    return fig


@callback(
    Output({"type": "download", "name": MATCH}, "data"),
    Input({"type": "csv", "name": MATCH}, "n_clicks"),
    State(PARAMS, "data"),
    prevent_initial_call=True,
)
def download_csv(n_clicks, params):
    if not n_clicks:
        return dash.no_update
    name = ctx.triggered_id["name"]
    lang = runtime.lang()
    try:
        _, df = registry.produce(name, params or {}, lang)
    except DatabaseDown:
        return dash.no_update
    filename = f"kunang-{name.replace('.', '-')}.csv"
    return dcc.send_data_frame(df.to_csv, filename, index=False)


@callback(
    Output("db-banner", "children"),
    Output(REFRESH, "n_intervals"),
    Input("health", "n_intervals"),
    Input("url", "pathname"),
    State("db-banner", "children"),
    State(REFRESH, "n_intervals"),
)
def db_banner(_n, _path, shown, refreshes):
    """The banner while the database is down; when it comes back, every page refreshes at once."""
    if runtime.reader().ping():
        return None, ((refreshes or 0) + 1 if shown else dash.no_update)
    return db_down_alert(runtime.lang()), dash.no_update

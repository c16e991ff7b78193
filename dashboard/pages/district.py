"""District: many sites at once — ranking, sites with no data, month-to-date figures, and the village
libraries that report through an edge (last contact, backlog, backfilled data: docs/district.md)."""

from __future__ import annotations

import datetime as dt

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, callback, html

from dashboard import fmt, runtime
from dashboard.charts import district as _district_charts  # noqa: F401  (registers the charts this page shows)
from dashboard.charts import registry
from dashboard.charts import visits as _visits_charts  # noqa: F401  (district.library_visits)
from dashboard.components import (
    SITE_COLUMN, PARAMS, REFRESH, chart_card, csv_export, dropdown, grid_card, kpi, note, params_store, page_title,
)
from dashboard.db import DatabaseDown
from dashboard.i18n import t
from dashboard.limits import district_limits, sessions_est_cell, sessions_est_text



def columns(lang):
    return [
        {"field": "rank", "headerName": t("col.rank", lang), "maxWidth": 80, "type": "numericColumn"},
        {"field": "site_link", "headerName": t("col.site", lang), "cellRenderer": "markdown", **SITE_COLUMN},
        {"field": "group", "headerName": t("col.group", lang), "minWidth": 130},
        {"field": "visitors", "headerName": t("col.visitors", lang), "type": "numericColumn", "minWidth": 145},
        {"field": "persons", "headerName": t("col.persons", lang), "minWidth": 170,
         "headerTooltip": t("col.persons_help", lang)},
        {"field": "sessions", "headerName": t("col.sessions", lang), "type": "numericColumn", "minWidth": 120},
        {"field": "sessions_est", "headerName": t("col.sessions_est", lang), "minWidth": 200,
         "headerTooltip": t("col.sessions_est_help", lang)},
        {"field": "limits", "headerName": t("col.limits", lang), "minWidth": 220},
        {"field": "data", "headerName": t("col.data_used", lang), "minWidth": 120},
        {"field": "availability", "headerName": t("col.availability_pct", lang), "minWidth": 170},
        {"field": "days_with_data", "headerName": t("col.days_with_data", lang), "type": "numericColumn",
         "minWidth": 160},
    ]


def village_columns(lang):
    status_rules = {"status-up": "params.data.status == 'ok'", "status-down": "params.data.status == 'silent'",
                    "status-unknown": "params.data.status == 'late'"}
    return [
        {"field": "site_link", "headerName": t("village.col.village", lang), "cellRenderer": "markdown", **SITE_COLUMN},
        {"field": "status_label", "headerName": t("village.col.status", lang), "cellClassRules": status_rules,
         "maxWidth": 130},
        {"field": "last_contact", "headerName": t("village.col.last_contact", lang), "minWidth": 220},
        {"field": "behind", "headerName": t("village.col.behind", lang), "type": "numericColumn", "minWidth": 140},
        {"field": "waiting", "headerName": t("village.col.waiting", lang), "type": "numericColumn", "minWidth": 150},
        {"field": "dropped", "headerName": t("village.col.dropped", lang), "type": "numericColumn", "minWidth": 150},
        {"field": "rejected", "headerName": t("village.col.rejected", lang), "type": "numericColumn", "minWidth": 140},
        {"field": "backfilled", "headerName": t("village.col.backfilled", lang), "minWidth": 240},
    ]


def village_rows(frame, lang: str, now: dt.datetime) -> list[dict]:
    """Rows of the villages' table (pure): status, last contact (and how long ago), hours behind, backfilled."""
    rows = []
    for r in frame.to_dict("records"):
        tz = r["timezone"]
        last = r["last_contact"]
        contact = "–" if last is None or last != last else \
            f"{fmt.datetime(last, lang, tz)} ({t('village.ago', lang, duration=fmt.duration((now - last).total_seconds(), lang))})"
        back = "–"
        if r["backfilled_records"]:
            back = t("village.backfilled", lang, n=fmt.num(r["backfilled_records"], lang),
                     when=fmt.datetime(r["backfilled_last"], lang, tz))
        rows.append({"site": r["site"], "site_link": f"[{r['site']}](/site?site={r['site_id']})",
                     "status": r["status"], "status_label": t(f"village.status.{r['status']}", lang),
                     # numbers stay numbers: the grid shows them in the user's language (components.grid)
                     "last_contact": contact, "behind": round(float(r["behind_hours"]), 1),
                     "waiting": int(r["spool_records"]), "dropped": int(r["spool_dropped"]),
                     "rejected": int(r["batches_rejected"]), "backfilled": back})
    return rows


def villages_section(group, lang: str, now: dt.datetime | None = None):
    """(card style, note, help, rows) of the villages' table; hidden when no site reports through an edge."""
    now = now or dt.datetime.now(dt.timezone.utc)
    df = runtime.reader().frame("district_villages", now=now, grp=group or None)
    if df.empty:
        return {"display": "none"}, None, "", []
    silent = [r["site"] for r in df.to_dict("records") if r["status"] == "silent"]
    status = note(t("village.silent_list", lang, sites=", ".join(silent)), "warning", id="village-silent") if silent \
        else note(t("village.all_reporting", lang), "success", id="village-ok")
    return {}, status, t("village.help", lang, minutes=int(df["late_minutes"].iloc[0])), village_rows(df, lang, now)


def persons_text(r: dict, lang: str) -> str:
    """Estimated person-visits of the month with their range, e.g. "≈ 1,210 (1,150–1,320)"."""
    if r.get("persons_est") is None:
        return "–"
    return (f"≈ {fmt.num(r['persons_est'], lang)} ({fmt.num(r.get('persons_low'), lang)}–"
            f"{fmt.num(r.get('persons_high'), lang)})")


def group_options() -> list[dict]:
    try:
        df = registry.sites()
    except DatabaseDown:
        return []
    groups = sorted({g for g in df["grp"].dropna()}) if not df.empty else []
    return [{"label": g, "value": g} for g in groups]


def layout(group=None, **_):
    lang = runtime.lang()
    options = [{"label": t("aps.all_sites", lang), "value": ""}] + group_options()
    return html.Div([
        params_store({"group": group or None}),
        dbc.Row([dbc.Col(html.H1(t("district.title", lang), className="h3"), width="auto"),
                 dbc.Col(html.Div(id="district-month", className="text-muted"), className="align-self-center")]),
        dbc.Row(dbc.Col(dropdown("district-group", options, group or "", lang, clearable=False),
                        xs=12, md=6, lg=4), className="mb-2"),
        dbc.Row([
            dbc.Col(kpi("district-sites", t("district.sites", lang)), xs=6, lg=3),
            dbc.Col(kpi("district-visitors", t("district.total_visitors", lang)), xs=6, lg=3),
            dbc.Col(kpi("district-sessions", t("district.total_sessions", lang), "district-sessions-sub"), xs=6, lg=3),
            dbc.Col(kpi("district-data", t("district.total_data", lang)), xs=6, lg=3),
        ], className="g-2"),
        html.Div(id="district-nodata"),
        dbc.Row([
            dbc.Col(chart_card("district.ranking", lang), xs=12),
            dbc.Col(chart_card("district.library_visits", lang), xs=12),
            dbc.Col(grid_card(t("district.table", lang), "district-grid", columns(lang), lang,
                              csv="kunang-district-ranking", height=420), xs=12),
            dbc.Col(html.Div(grid_card(t("village.table", lang), "village-grid", village_columns(lang), lang,
                                       csv="kunang-villages", height=320,
                                       before=[html.Div(id="village-status"),
                                               html.P(id="village-help", className="small text-muted")]),
                             id="village-card", style={"display": "none"}), xs=12),
        ], className="g-2"),
    ])


csv_export("district-grid")
csv_export("village-grid")


@callback(Output("village-card", "style"), Output("village-status", "children"), Output("village-help", "children"),
          Output("village-grid", "rowData"), Input(PARAMS, "data"), Input(REFRESH, "n_intervals"))
def refresh_villages(params, _n):
    try:
        return villages_section((params or {}).get("group"), runtime.lang())
    except DatabaseDown:
        return {"display": "none"}, None, "", []


@callback(Output(PARAMS, "data", allow_duplicate=True), Input("district-group", "value"), prevent_initial_call=True)
def district_params(group):
    return {"group": group or None}


@callback(Output("district-month", "children"), Output("district-sites", "children"),
          Output("district-visitors", "children"), Output("district-sessions", "children"),
          Output("district-sessions-sub", "children"), Output("district-data", "children"),
          Output("district-nodata", "children"), Output("district-grid", "rowData"),
          Input(PARAMS, "data"), Input(REFRESH, "n_intervals"))
def refresh_district(params, _n):
    lang = runtime.lang()
    try:
        summary = registry.district((params or {}).get("group"))
    except DatabaseDown:
        return "", "–", "–", "–", "", "–", None, []
    tot = summary["totals"]
    month = t("district.mtd", lang, month=fmt.month(summary["month"], lang)) if summary["month_to_date"] \
        else fmt.month(summary["month"], lang)
    if not summary["sites"]:
        return month, "0", "–", "–", "", "–", note(t("empty.fresh", lang), "info", id="fresh-install"), []
    nodata = summary["no_data_sites"]
    nodata_note = note(t("district.no_data_list", lang, sites=", ".join(nodata)), "warning", id="district-no-data") \
        if nodata else note(t("district.all_ok", lang), "success")
    rows = [{"rank": r["rank"], "site": r["site"], "site_link": f"[{r['site']}](/site?site={r['site_id']})",
             "group": r["group"] or "",
             "visitors": r["unique_visitors"], "persons": persons_text(r, lang), "sessions": r["sessions"],
             "sessions_est": sessions_est_cell(r, lang),
             "limits": district_limits(r, lang), "data": fmt.bytes_(r["bytes"], lang),
             "availability": fmt.num(r["ap_availability_pct"], lang, 1), "days_with_data": r["days_with_data"]}
            for r in summary["sites"]]
    return (month, f"{fmt.num(tot['sites_with_data'], lang)} / {fmt.num(tot['sites'], lang)}",
            fmt.num(tot["unique_visitors_sum"], lang), fmt.num(tot["sessions"], lang),
            sessions_est_text(tot, lang) if tot["sessions_est_low"] is not None else "", fmt.bytes_(tot["bytes"], lang),
            nodata_note, rows)


dash.register_page(__name__, path="/district", name="district", title=page_title("nav.district"), layout=layout)

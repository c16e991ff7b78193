"""Alerts: active and history; acknowledge and silence (administrators only).

The role is checked inside the callbacks, on the server: a viewer who posts to
/_dash-update-component directly is refused the same way as through the UI.
"""

from __future__ import annotations

import logging

import dash
import dash_bootstrap_components as dbc
import psycopg
from dash import Input, Output, State, callback, ctx, html

from dashboard import fmt, runtime
from dashboard.components import SITE_COLUMN, PARAMS, REFRESH, csv_export, dropdown, grid_card, note, params_store, page_title
from dashboard.db import DatabaseDown
from dashboard.i18n import CATALOGUE, t

log = logging.getLogger(__name__)

KINDS = {
    "ap_down": ("access point down", "titik akses mati"),
    "site_down": ("site offline", "lokasi offline"),
    "ap_flapping": ("access point flapping", "titik akses naik-turun"),
    "ap_reboot": ("access point rebooted", "titik akses dinyalakan ulang"),
    "high_load": ("high load", "beban tinggi"),
    "collector_stalled": ("collector stalled", "pengumpul macet"),
    "portal_silent": ("portal logs silent", "log portal senyap"),
    "lines_dropped": ("log lines lost", "baris log hilang"),
    "village_silent": ("village not reporting", "desa tidak melapor"),
    "network_down": ("all sites unreachable", "semua lokasi tidak terjangkau"),
}


def kind_label(kind: str, lang: str) -> str:
    en, id_ = KINDS.get(kind, (kind, kind))
    return en if lang == "en" else id_


def active_columns(lang):
    return [
        {"field": "opened", "headerName": t("col.started", lang)},
        {"field": "kind_label", "headerName": t("col.event", lang)},
        {"field": "site", "headerName": t("col.site", lang), **SITE_COLUMN},
        {"field": "ap", "headerName": t("col.ap", lang)},
        {"field": "state_label", "headerName": t("col.state", lang)},
    ]


def history_columns(lang):
    return [
        {"field": "opened", "headerName": t("col.started", lang)},
        {"field": "resolved", "headerName": t("col.ended", lang)},
        {"field": "kind_label", "headerName": t("col.event", lang)},
        {"field": "site", "headerName": t("col.site", lang), **SITE_COLUMN},
        {"field": "ap", "headerName": t("col.ap", lang)},
        {"field": "resolution", "headerName": t("col.reason", lang)},
    ]


def layout(**_):
    lang = runtime.lang()
    admin = runtime.is_admin()
    actions = dbc.Row([
        dbc.Col(dbc.Button(t("alerts.ack", lang), id="alert-ack", color="primary", size="sm"), width="auto"),
        dbc.Col(html.Span(t("alerts.silence_for", lang), className="small"), width="auto", className="align-self-center"),
        dbc.Col(dropdown("alert-silence-hours", [{"label": t("alerts.hours", lang, n=h), "value": h} for h in (1, 4, 12, 24, 72)],
                         4, lang, clearable=False, style={"minWidth": "7rem"}),
                width="auto"),
        dbc.Col(dbc.Button(t("alerts.silence", lang), id="alert-silence", color="warning", size="sm"), width="auto"),
    ], className="g-2 mb-2", id="alert-actions", style=None if admin else {"display": "none"})
    return html.Div([
        params_store({}),
        html.H1(t("alerts.title", lang), className="h3"),
        html.Div(id="alerts-status"),
        grid_card(t("alerts.active", lang), "alerts-active", active_columns(lang), lang, csv="kunang-alerts-active",
                  height=300, before=[actions, html.Div(id="alert-result")], body_class="p-2",
                  dashGridOptions={"rowSelection": {"mode": "singleRow", "checkboxes": True,
                                                   "enableClickSelection": True}}),
        grid_card(t("alerts.history", lang), "alerts-history", history_columns(lang), lang,
                  csv="kunang-alerts-history", height=360),
    ])


csv_export("alerts-active", "alerts-history")


def active_rows(df, lang):
    rows = []
    for r in df.to_dict("records"):
        tz = r["timezone"]
        state = []
        if r.get("acked_by") and r["acked_by"] == r["acked_by"]:
            state.append(f"{t('alerts.ack', lang)}: {r['acked_by']}")
        if r.get("silenced_until") is not None and r["silenced_until"] == r["silenced_until"]:
            state.append(t("alerts.silenced_until", lang, until=fmt.datetime(r["silenced_until"], lang, tz)))
        rows.append({"id": int(r["id"]), "opened": fmt.datetime(r["opened_at"], lang, tz),
                     "kind_label": kind_label(r["kind"], lang), "site": r["site"] or "", "ap": r["ap"] or "",
                     "state_label": "; ".join(state)})
    return rows


def history_rows(df, lang):
    return [{"id": int(r["id"]), "opened": fmt.datetime(r["opened_at"], lang, r["timezone"]),
             "resolved": fmt.datetime(r["resolved_at"], lang, r["timezone"]),
             "kind_label": kind_label(r["kind"], lang), "site": r["site"] or "", "ap": r["ap"] or "",
             "resolution": resolution_label(r["resolution"], lang)} for r in df.to_dict("records")]


def resolution_label(code, lang: str) -> str:
    """How an alert ended (alert.resolution: recovered, superseded, settled, event), in the user's language."""
    if not isinstance(code, str) or not code:
        return ""
    key = f"resolution.{code}"
    return t(key, lang) if key in CATALOGUE else code


@callback(Output("alerts-active", "rowData"), Output("alerts-history", "rowData"), Output("alerts-status", "children"),
          Input(PARAMS, "data"), Input(REFRESH, "n_intervals"), Input("alert-result", "children"))
def refresh_alerts(_p, _n, _result):
    lang = runtime.lang()
    try:
        active = runtime.reader().frame("alerts_active")
        history = runtime.reader().frame("alerts_history")
    except DatabaseDown:
        return [], [], None
    except psycopg.errors.UndefinedTable:
        return [], [], note(t("alerts.unavailable", lang), "secondary")
    status = note(t("alerts.none", lang), "success", id="alerts-none") if active.empty else None
    return active_rows(active, lang), history_rows(history, lang), status


@callback(Output("alert-result", "children"),
          Input("alert-ack", "n_clicks"), Input("alert-silence", "n_clicks"),
          State("alerts-active", "selectedRows"), State("alert-silence-hours", "value"),
          prevent_initial_call=True)
def alert_action(_ack, _silence, selected, hours):
    """Acknowledge or silence the selected alert; administrators only (checked here, server side)."""
    lang = runtime.lang()
    user = runtime.user()
    if user is None or user.role != "admin":
        log.warning("refused admin action %s for %s", ctx.triggered_id, user.username if user else "anonymous")
        return dbc.Alert(t("admin.refused", lang), color="danger", id="admin-refused", className="py-2")
    if not selected:
        return dbc.Alert(t("alerts.select", lang), color="secondary", className="py-2")
    try:
        alert_id = int(selected[0]["id"])
        hours = int(hours or 4)
    except (KeyError, TypeError, ValueError):
        return dbc.Alert(t("alerts.select", lang), color="secondary", className="py-2")
    hours = max(1, min(hours, 24 * 30))
    try:
        if ctx.triggered_id == "alert-ack":
            runtime.reader().write("alert_ack", {"id": alert_id, "user": user.username, "note": None})
            msg = t("alerts.acked", lang)
        else:
            runtime.reader().write("alert_silence", {"id": alert_id, "user": user.username, "hours": hours,
                                                     "reason": f"dashboard: {user.username}"})
            msg = t("alerts.silenced", lang, hours=hours)
    except DatabaseDown:
        return dbc.Alert(t("db.down", lang), color="danger", className="py-2")
    log.info("alert %s: %s by %s", alert_id, ctx.triggered_id, user.username)
    return dbc.Alert(msg, color="success", id="alert-done", className="py-2")


dash.register_page(__name__, path="/alerts", name="alerts", title=page_title("nav.alerts"), layout=layout)

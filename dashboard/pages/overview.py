"""Overview: live occupancy per site and AP, AP status board, today's figures."""

from __future__ import annotations


import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, callback, html

from dashboard import fmt, runtime
from dashboard.charts import overview, registry
from dashboard.components import (
    SITE_COLUMN, PARAMS, REFRESH, chart_card, csv_export, grid_card, kpi, note, params_store, page_title,
)
from dashboard.db import DatabaseDown, sql_text
from dashboard.i18n import t



def status_columns(lang: str) -> list[dict]:
    return [
        {"field": "site", "headerName": t("col.site", lang), **SITE_COLUMN},
        {"field": "ap_link", "headerName": t("col.ap", lang), "cellRenderer": "markdown"},
        {"field": "state_label", "headerName": t("col.status", lang),
         "cellClassRules": {"status-up": "params.data.state == 'up'", "status-down": "params.data.state == 'down'",
                            "status-unknown": "params.data.state == 'unknown'"}},
        {"field": "clients", "headerName": t("col.clients", lang), "type": "numericColumn", "maxWidth": 130},
        {"field": "last_seen", "headerName": t("col.last_seen", lang)},
    ]


def board_rows(board, lang: str) -> list[dict]:
    """Rows of the AP status board / AP table (pure)."""
    rows = []
    for r in board.to_dict("records"):
        tz = r.get("timezone")
        rows.append({
            "ap_id": int(r["ap_id"]), "site": r["site"], "ap": r["ap"],
            "ap_link": f"[{r['ap']}](/ap/{int(r['ap_id'])})",
            "state": r["state"], "state_label": t(f"state.{r['state']}", lang),
            "clients": None if r["clients"] is None or r["clients"] != r["clients"] else int(r["clients"]),
            "last_seen": fmt.datetime(r.get("last_ok_at"), lang, tz) if r.get("last_ok_at") is not None else "–",
            "uptime": fmt.duration(r.get("uptime_s"), lang) if r.get("uptime_s") == r.get("uptime_s") else "–",
            "availability": fmt.pct(r.get("availability_30d"), lang, 1),
            "profile": r.get("profile") or "", "model": r.get("model") or "",
            "controller": r.get("controller") or ("✓" if r.get("is_controller") else ""),
        })
    return rows


def layout(**_):
    lang = runtime.lang()
    return html.Div([
        params_store({}),
        dbc.Row([
            dbc.Col(html.H1(t("ov.title", lang), className="h3"), width="auto"),
            dbc.Col(html.Div(id="ov-updated", className="text-muted small text-end"), className="align-self-center"),
        ], className="justify-content-between"),
        html.Div(id="ov-guidance"),
        html.Div(id="ov-history"),
        html.Div(id="ov-sites-now", className="mb-2"),
        dbc.Row([
            dbc.Col(kpi("ov-clients", t("ov.clients_now", lang), "ov-clients-week"), xs=6, lg=3),
            dbc.Col(kpi("ov-visitors", t("ov.visitors_today", lang), "ov-visitors-sub"), xs=6, lg=3),
            dbc.Col(kpi("ov-sessions", t("ov.sessions_today", lang), "ov-sessions-sub"), xs=6, lg=3),
            dbc.Col(kpi("ov-aps", t("ov.aps_up", lang)), xs=6, lg=3),
        ], className="g-2"),
        dbc.Row([
            dbc.Col(chart_card("overview.occupancy", lang), xs=12, lg=6),
            dbc.Col(chart_card("overview.aps", lang), xs=12, lg=6),
        ], className="g-2"),
        grid_card(t("ov.status_board", lang), "ov-board", status_columns(lang), lang, csv="kunang-ap-status",
                  height=380),
    ])


csv_export("ov-board")


def today_sessions_est(today, lang: str) -> str:
    """Today's sessions of all sites with the estimate of what blind APs hid and its range, or that the count is
    a lower bound (empty: no blind AP limits today's sessions)."""
    from dashboard import analytics as A
    from dashboard.limits import sessions_est_text

    rows = [{k: (None if isinstance(v, float) and v != v else v) for k, v in r.items()}
            for r in (today.to_dict("records") if not today.empty else [])]
    blind = [r for r in rows if r.get("blind_aps") is not None and len(r["blind_aps"]) and r.get("client_incomplete_days")]
    if not blind:
        return ""
    return sessions_est_text(A.combined_sessions(rows) | {"blind_aps": True, "client_incomplete_days": len(blind)}, lang)


@callback(
    Output("ov-clients", "children"), Output("ov-clients-week", "children"),
    Output("ov-visitors", "children"), Output("ov-visitors-sub", "children"),
    Output("ov-sessions", "children"), Output("ov-sessions-sub", "children"), Output("ov-aps", "children"),
    Output("ov-updated", "children"), Output("ov-guidance", "children"), Output("ov-board", "rowData"),
    Input(PARAMS, "data"), Input(REFRESH, "n_intervals"),
)
def refresh_overview(_params, _n):
    lang = runtime.lang()
    try:
        sites = overview.overview_sites()
        today = overview.today_figures(sites)
        board = overview.ap_board()
    except DatabaseDown:
        return ("–",) * 5 + ("", "–", "", None, [])
    if sites.empty:
        return ("–", "", "–", "", "–", "", "–", t("updated.never", lang), note(t("empty.fresh", lang), "info",
                                                                               id="fresh-install"), [])
    clients = sites["clients_now"].dropna().sum()
    week = sites["clients_last_week"].dropna()
    visitors = int(today["unique_visitors"].sum()) if not today.empty else 0
    randomized = int(today["randomized_unique_visitors"].sum()) if not today.empty else 0
    sessions = int(today["sessions"].sum()) if not today.empty else 0
    live = board[~board["is_controller"].astype(bool)] if not board.empty else board
    up = int((live["state"] == "up").sum()) if not live.empty else 0
    last = sites["last_poll"].dropna()
    tz = sites["timezone"].iloc[0]
    updated = t("updated", lang, when=fmt.datetime(last.max(), lang, tz)) if not last.empty else t("updated.never", lang)
    if last.empty:
        guidance = note(t("empty.fresh", lang), "info", id="fresh-install")
    elif overview.is_stale(last.max()):
        guidance = note(t("ov.stale", lang, when=fmt.datetime(last.max(), lang, tz)), "warning", id="stale-data")
    else:
        guidance = None
    return (
        fmt.num(clients, lang),
        # clients are whole people: the same hour last week as a whole number too
        f"{t('col.clients_last_week', lang)}: {fmt.num(round(week.sum()), lang)}" if not week.empty else "",
        fmt.num(visitors, lang),
        t("ov.randomized_share", lang, share=fmt.pct(randomized / visitors, lang)) if visitors else "",
        fmt.num(sessions, lang),
        today_sessions_est(today, lang),
        f"{fmt.num(up, lang)} / {fmt.num(len(live), lang)}",
        updated, guidance, board_rows(live, lang),
    )


@callback(Output("ov-sites-now", "children"), Input(REFRESH, "n_intervals"), Input(PARAMS, "data"))
def sites_now(_n, _params):
    """Each library open or closed now (until when / when it opens next); when every one is closed, the peak of
    each one's last opening beside it, so a closed evening does not look like a broken dashboard."""
    import datetime as dt

    from dashboard import opening

    lang = runtime.lang()
    try:
        sites = registry.sites()
    except DatabaseDown:
        return None
    if sites.empty:
        return None
    now = dt.datetime.now(dt.timezone.utc)
    rows = sites.to_dict("records")
    states = [opening.describe(r, lang, now) for r in rows]
    closed = not any(is_open for is_open, _ in states)
    items = []
    for r, (is_open, said) in zip(rows, states):
        extra = []
        if closed:
            peak = overview.last_opening_peak(r, now)
            if peak is not None:
                extra = [html.Span(" · " + t("open.last_peak", lang, day=fmt.date(peak[0], lang),
                                             n=fmt.num(peak[1], lang)), className="text-muted")]
        items.append(html.Li([
            html.A(r["site"], href=f"/site?site={int(r['site_id'])}"), " ",
            dbc.Badge(said, color="success" if is_open else "secondary", className="ms-1 site-open-state",
                      id={"type": "site-open", "site": int(r["site_id"])}),
            *extra], className="mb-1"))
    return dbc.Card(dbc.CardBody([
        html.H2(t("ov.sites_now", lang), className="h6"),
        note(t("ov.all_closed", lang), "light", id="all-closed") if closed else None,
        html.Ul(items, className="list-unstyled mb-0 small"),
    ], className="py-2"), className="mb-2")


@callback(Output("ov-history", "children"), Input(REFRESH, "n_intervals"), Input("health", "n_intervals"))
def history_progress(_n, _h):
    """While `kunang demo` writes its history in the background: how far it got (the live figures are
    already real; past days fill in as it goes)."""
    import json

    lang = runtime.lang()
    try:
        rows = runtime.reader().rows(sql_text("history_progress"))
    except DatabaseDown:
        return None
    if not rows:
        return None
    try:
        p = json.loads(rows[0]["value"])
    except (TypeError, ValueError):
        return None
    if p.get("finished"):
        return None
    return note(t("ov.history", lang, done=fmt.num(p.get("done", 0), lang), total=fmt.num(p.get("total", 0), lang)),
                "info", id="history-progress")


dash.register_page(__name__, path="/", name="overview", title=page_title("nav.overview"), layout=layout)

"""Data quality: poll coverage per AP during opening hours, gaps, quarantined log lines."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, callback, html

from contract import MAC_IN_TEXT
from dashboard import analytics as A
from dashboard import fmt, periods, runtime
from dashboard.charts import quality as _quality_charts  # noqa: F401  (registers the charts this page shows)
from dashboard.charts import registry, visits
from dashboard.components import (
    SITE_COLUMN, PARAMS, REFRESH, card_header, chart_card, csv_export, dropdown, grid_card, note, params_store, page_title,
)
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
            {"field": "site", "headerName": t("col.site", lang), **SITE_COLUMN},
            {"field": "source", "headerName": t("col.source", lang)},
            {"field": "reason", "headerName": t("col.reason", lang)},
            {"field": "line", "headerName": t("col.line", lang), "flex": 3},
            {"field": "origin", "headerName": t("col.origin", lang)}]


def reason_columns(lang):
    return [{"field": "source", "headerName": t("col.source", lang)},
            {"field": "reason", "headerName": t("col.reason", lang)},
            {"field": "lines", "headerName": t("col.lines", lang), "type": "numericColumn"}]


def polling_columns(lang):
    return [{"field": "collector", "headerName": t("col.collector", lang)},
            {"field": "polls", "headerName": t("col.polls", lang), "type": "numericColumn"},
            {"field": "ok", "headerName": t("col.polls_ok", lang), "type": "numericColumn"},
            {"field": "failed", "headerName": t("col.polls_failed", lang), "type": "numericColumn"},
            {"field": "skipped", "headerName": t("col.polls_skipped", lang), "type": "numericColumn"},
            {"field": "last", "headerName": t("col.last_round", lang)}]


def intake_columns(lang):
    return [{"field": "collector", "headerName": t("col.collector", lang)},
            {"field": "source", "headerName": t("col.source", lang)},
            {"field": "what", "headerName": t("col.counter", lang), "flex": 2},
            {"field": "value", "headerName": t("col.lines", lang), "type": "numericColumn"},
            {"field": "updated", "headerName": t("col.updated", lang)}]


# intake counters that count lines lost (the rest count lines received, stored or set aside)
INTAKE_DROPS = ("kernel_drops", "spool_dropped", "unknown_peer", "truncated")


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
        dbc.Row(dbc.Col(dropdown("dq-site", options, site_id, lang, clearable=False),
                        xs=12, md=6, lg=4), className="mb-2"),
        visits.dq_section(lang),  # the INLISLite guest book's state
        note(t("dq.coverage_help", lang), "light"),
        dbc.Card([card_header(t("dq.blind", lang)), dbc.CardBody(html.Div(id="dq-blind"), className="py-2")],
                 className="mb-3", id="card-dq-blind"),
        chart_card("dq.coverage", lang),
        dbc.Row([
            dbc.Col(grid_card(t("dq.gaps", lang), "dq-gaps", gap_columns(lang), lang, csv="kunang-data-gaps",
                              height=300, before=[html.Div(id="dq-gaps-status")]), xs=12, lg=6),
            dbc.Col(grid_card(t("dq.quarantine_reasons", lang), "dq-reasons", reason_columns(lang), lang,
                              csv="kunang-quarantine-reasons", height=300), xs=12, lg=6),
        ], className="g-2"),
        grid_card(t("dq.polling", lang), "dq-polling", polling_columns(lang), lang, csv="kunang-polling",
                  height=200, before=[note(t("dq.polling_help", lang), "light"), html.Div(id="dq-polling-status")]),
        grid_card(t("dq.intake", lang), "dq-intake", intake_columns(lang), lang, csv="kunang-intake",
                  height=260, before=[note(t("dq.intake_help", lang), "light"), html.Div(id="dq-intake-status")]),
        grid_card(t("dq.quarantine", lang), "dq-quarantine", quarantine_columns(lang), lang,
                  csv="kunang-quarantined-lines", height=360, before=[html.Div(id="dq-quarantine-status")],
                  card_class=""),
    ])


csv_export("dq-gaps", "dq-reasons", "dq-quarantine", "dq-polling", "dq-intake")

def _text(value) -> str:
    return value if isinstance(value, str) else ""


def masked(line) -> str:
    """A quarantined line as shown (and exported): any raw MAC address left in it replaced
    (`contract.MAC_IN_TEXT`: the collector scrubs by the same rule before storing)."""
    return MAC_IN_TEXT.sub("xx:xx:xx:xx:xx:xx", line or "")


@callback(Output(PARAMS, "data", allow_duplicate=True), Input("dq-site", "value"), prevent_initial_call=True)
def dq_params(site_id):
    return {"site_id": site_id}


@callback(Output("dq-gaps", "rowData"), Output("dq-gaps-status", "children"),
          Output("dq-quarantine", "rowData"), Output("dq-quarantine-status", "children"), Output("dq-reasons", "rowData"),
          Output("dq-polling", "rowData"), Output("dq-polling-status", "children"),
          Input(PARAMS, "data"), Input(REFRESH, "n_intervals"))
def refresh_quality(params, _n):
    lang = runtime.lang()
    params = params or {}
    try:
        site = registry.site_info(params.get("site_id"))
        gaps = []
        if site is not None:
            start, end = periods.local_days(site["timezone"], 2)
            gaps = registry.call(A.coverage_gaps, int(site["site_id"]), start, end)
        quarantine = runtime.reader().frame("dq_quarantine", limit=200)
        reasons = runtime.reader().frame("dq_quarantine_reasons")
        polling = runtime.reader().frame("dq_poll_rounds")
    except DatabaseDown:
        return [], None, [], None, [], [], None
    tz = site["timezone"] if site else "UTC"
    gap_rows = [{"ap": g["ap_name"], "start": fmt.datetime(g["gap_start"], lang, tz),
                 "end": fmt.datetime(g["gap_end"], lang, tz), "minutes": round(float(g["minutes"]))}
                for g in sorted(gaps, key=lambda g: g["gap_start"], reverse=True)]
    q_rows = [{"time": fmt.datetime(r["received_at"], lang, _text(r["timezone"]) or tz), "site": _text(r["site"]),
               "source": r["source"], "reason": r["reason"], "line": masked(r["line"]), "origin": _text(r["origin"])}
              for r in quarantine.to_dict("records")]
    r_rows = [{"source": r["source"], "reason": r["reason"], "lines": int(r["lines"])} for r in reasons.to_dict("records")]
    p_rows = [{"collector": r["collector"], "polls": int(r["polls"]), "ok": int(r["ok"]), "failed": int(r["failed"]),
               "skipped": int(r["skipped"]), "last": fmt.datetime(r["last_round"], lang, tz)}
              for r in polling.to_dict("records")]
    return (gap_rows, None if gap_rows else note(t("dq.no_gaps", lang), "success", id="dq-no-gaps"),
            q_rows, None if q_rows else note(t("dq.no_quarantine", lang), "success"), r_rows,
            p_rows, None if p_rows else note(t("dq.no_polling", lang), "light"))


def blind_lines(spots: list[dict], lang: str, cov_min: float) -> list:
    """The site's blind spots as text (pure): each AP without client rows, and the client-level coverage."""
    if not spots:
        return [html.Div(t("dq.no_blind", lang), className="small text-success", id="dq-no-blind")]
    out = [html.Div(t("dq.blind_row", lang, ap=r["ap_name"], days=fmt.num(r["days"], lang),
                      kind=t("dq.blind_counts" if r["client_rows"] == "counts" else "dq.blind_none", lang)),
                    className="small") for r in spots]
    out.append(html.Div(t("dq.blind_coverage", lang, cov=fmt.pct(spots[0]["client_coverage"], lang),
                          min=fmt.pct(cov_min, lang)), className="small text-muted"))
    return out


def limit_lines(fig: dict, days: list[dict], began, lang: str) -> list:
    """Under the blind spots (pure): the sessions estimate with its range where a blind AP limits them, whether
    the router's DHCP log was read (on how many days), and how many days of the 30 have no returning look-back window yet (issue 22: every limit named here too)."""
    import datetime as dt

    from dashboard.limits import day_limit_kinds, sessions_est_text

    out = []
    est = sessions_est_text(fig, lang)
    if est:
        out.append(html.Div(t("dq.sessions_est", lang, n=fmt.num(fig["sessions"], lang), est=est),
                            className="small", id="dq-sessions-est"))
    if fig.get("dhcp_days") is not None:  # which sites have their router's DHCP log read (issue 22)
        out.append(html.Div(t("dq.dhcp_read", lang, n=fmt.num(fig["dhcp_days"], lang)) if fig["dhcp_days"]
                            else t("dq.dhcp_not_read", lang), className="small", id="dq-dhcp"))
    if not fig.get("returning_computed", True) or began is None:
        return out
    w = fig.get("returning_window_days") or 30
    short = sum(1 for r in days if day_limit_kinds(r)[1])
    said = t("dq.history_short", lang, n=fmt.num(short, lang), w=w, began=fmt.date(began, lang),
             full=fmt.date(began + dt.timedelta(days=w), lang)) if short else t("dq.history_full", lang, w=w)
    out.append(html.Div(said, className="small", id="dq-history"))
    return out


@callback(Output("dq-blind", "children"), Input(PARAMS, "data"), Input(REFRESH, "n_intervals"))
def refresh_blind(params, _n):
    lang = runtime.lang()
    try:
        site = registry.site_info((params or {}).get("site_id"))
        if site is None:
            return None
        sid = int(site["site_id"])
        start, end = periods.local_days(site["timezone"], 30)
        spots = registry.call(A.blind_spots, sid, start, end)
        cov_min = registry.call(A.settings)["coverage_min"]
        rot = runtime.settings().rotating_salt or None
        fig = registry.call(A.period_figures, [sid], start, end, rotating_salt=rot)[0]
        days = registry.call(A.visitors_daily, sid, start, end, rotating_salt=rot)
        began = registry.call(A.monitoring_began, sid)
    except DatabaseDown:
        return None
    return blind_lines(spots, lang, cov_min) + limit_lines(fig, days, began, lang)


@callback(Output("dq-intake", "rowData"), Output("dq-intake-status", "children"), Input(REFRESH, "n_intervals"))
def refresh_intake(_n):
    """Every drop that still happens (kernel UDP drops, spool overflow, ...) as a number, losses first."""
    lang = runtime.lang()
    try:
        frame = runtime.reader().frame("dq_intake")
    except DatabaseDown:
        return [], None
    rows = [{"collector": r["collector"], "source": r["source"], "name": r["name"],
             "what": t(f"intake.{r['name']}", lang), "value": int(r["value"]),
             "updated": fmt.datetime(r["updated"], lang, "UTC")} for r in frame.to_dict("records")]
    rows.sort(key=lambda r: (r["name"] not in INTAKE_DROPS, r["collector"], r["source"], r["name"]))
    lost = sum(r["value"] for r in rows if r["name"] in INTAKE_DROPS)
    status = note(t("dq.intake_lost", lang, n=f"{lost:,}"), "warning", id="dq-intake-lost") if lost else \
        (note(t("dq.intake_none_lost", lang), "success", id="dq-intake-ok") if rows else None)
    for r in rows:
        del r["name"]
    return rows, status


dash.register_page(__name__, path="/quality", name="quality", title=page_title("nav.quality"), layout=layout)

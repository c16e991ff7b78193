"""One access point: details, client history, availability, reboots and incidents."""

from __future__ import annotations

import json
import re

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, callback, html

from dashboard import analytics as A
from dashboard import fmt, periods, runtime
from dashboard.charts import access_point, registry
from dashboard.periods import ts_range
from dashboard.components import PARAMS, REFRESH, chart_card, csv_export, grid_card, params_store, page_title
from dashboard.db import DatabaseDown
from dashboard.i18n import t
from dashboard.pages.site import range_picker



def event_columns(lang: str) -> list[dict]:
    return [
        {"field": "time", "headerName": t("col.time", lang)},
        {"field": "event", "headerName": t("col.event", lang)},
        {"field": "detail", "headerName": t("col.detail", lang), "flex": 2},
    ]


def _known(v) -> bool:
    return v is not None and v == v  # not None, not NaN/NaT


def _boot(ap: dict):
    """When the device last started (its last answered poll minus its uptime), or None."""
    import datetime as dt

    if not (_known(ap.get("last_ok_at")) and _known(ap.get("uptime_s"))):
        return None
    return ap["last_ok_at"] - dt.timedelta(seconds=float(ap["uptime_s"]))


def info_rows(ap: dict, lang: str) -> list:
    tz = ap["timezone"]
    state = t(f"state.{ap['state']}", lang)
    since = t("ap.since", lang, when=fmt.datetime(ap["state_since"], lang, tz)) if _known(ap.get("state_since")) else ""
    boot = _boot(ap)
    if ap["state"] == "up" and boot is not None and _known(ap.get("state_since")) and boot > ap["state_since"]:
        # restarted since it came up, too briefly to count as an outage: up since the restart, and why
        since = t("ap.since", lang, when=fmt.datetime(boot, lang, tz)) + " · " + t("ap.restarted_short", lang)
    items = [
        (t("col.site", lang), html.A(ap["site"], href=f"/site?site={int(ap['site_id'])}")),
        (t("col.status", lang), html.Span(f"{state} {since}", className=f"status-{ap['state']}", id="ap-state")),
        (t("col.clients_now", lang), fmt.num(ap.get("clients"), lang)),
        (t("col.last_seen", lang), fmt.datetime(ap.get("last_ok_at"), lang, tz) if ap.get("last_ok_at") is not None
         and ap.get("last_ok_at") == ap.get("last_ok_at") else "–"),
        (t("col.uptime", lang), fmt.duration(ap.get("uptime_s"), lang)),
        (t("ap.address", lang), ap.get("address") or "–"),
        (t("col.model", lang), ap.get("model") or "–"),
        (t("col.profile", lang), ap.get("profile") or "–"),
        (t("col.controller", lang), ap.get("controller") or "–"),
    ]
    if ap.get("last_error_kind"):
        items.append((t("ap.last_error", lang), f"{ap['last_error_kind']}: {ap.get('last_error') or ''}"))
    return [html.Tr([html.Th(k, className="fw-normal text-muted pe-3"), html.Td(v)]) for k, v in items]


def layout(ap_id=None, range=None, **_):  # noqa: A002
    lang = runtime.lang()
    try:
        ap = access_point.ap_one(ap_id)
    except DatabaseDown:
        ap = None
        return html.Div([params_store({"ap_id": ap_id}), html.H1(t("ap.title", lang, name=""), className="h3")])
    if ap is None:
        return dbc.Alert(t("ap.unknown", lang), color="warning", id="ap-unknown")
    rng = range if range in periods.RANGES else "7d"
    return html.Div([
        params_store({"ap_id": int(ap["ap_id"]), "range": rng}),
        html.H1(t("ap.title", lang, name=f"{ap['site']} / {ap['ap']}"), className="h3", id="ap-title"),
        dbc.Row([
            dbc.Col(dbc.Card([dbc.CardHeader(html.H2(t("ap.info", lang), className="h6 mb-0")),
                              dbc.CardBody(html.Table(info_rows(ap, lang), className="table table-sm mb-0"),
                                           id="ap-info")], className="mb-3"), xs=12, lg=4),
            dbc.Col([
                range_picker("ap-range", lang, rng),
                chart_card("ap.history", lang),
            ], xs=12, lg=8),
        ], className="g-2"),
        dbc.Row([
            dbc.Col(chart_card("ap.availability", lang), xs=12, lg=6),
            dbc.Col(grid_card(t("ap.events", lang), "ap-events", event_columns(lang), lang,
                              csv=f"kunang-{slug(ap['site'])}-{slug(ap['ap'])}-events", height=300,
                              before=[html.Div(id="ap-outages", className="small mb-2")]), xs=12, lg=6),
        ], className="g-2"),
    ])


csv_export("ap-events")


def slug(name: str) -> str:
    """A file-name-safe form of a site or AP name."""
    return re.sub(r"[^A-Za-z0-9]+", "-", str(name)).strip("-").lower() or "ap"


@callback(Output(PARAMS, "data", allow_duplicate=True), Input("ap-range", "value"), State(PARAMS, "data"),
          prevent_initial_call=True)
def ap_params(rng, params):
    return {**(params or {}), "range": rng}


def event_detail(detail, lang: str) -> str:
    """What the collector recorded with an event (ap_event.detail, JSON), in the user's language (pure)."""
    try:
        d = json.loads(detail) if isinstance(detail, str) else dict(detail or {})
    except (TypeError, ValueError):
        return str(detail)
    if not isinstance(d, dict):
        return str(d)
    parts = []
    before = d.pop("uptime_before_s", None)
    if before is None and d.get("uptime_before") is not None:
        before = d["uptime_before"] / 100  # sysUpTime ticks
    d.pop("uptime_before", None)
    d.pop("uptime_after", None)
    if before is not None:
        parts.append(t("event.uptime_before", lang, uptime=fmt.duration(before, lang)))
    failures = d.pop("failures", None)
    if failures is None:
        failures = d.pop("after_failures", None)
    if failures:
        parts.append(t("event.failures", lang, n=fmt.num(failures, lang)))
    successes = d.pop("after_successes", None)
    if successes:
        parts.append(t("event.successes", lang, n=fmt.num(successes, lang)))
    error = d.pop("error_kind", None)
    if error:
        parts.append(t("event.error", lang, error=error))
    controller = d.pop("controller", None)
    if controller:
        parts.append(t("event.controller", lang, name=controller))
    parts.extend(f"{k}: {v}" for k, v in d.items() if v not in (None, ""))
    return "; ".join(parts)


def event_rows(events: pd.DataFrame, lang: str, tz: str) -> list[dict]:
    return [{"time": fmt.datetime(r["time"], lang, tz), "event": t(f"event.{r['kind']}", lang),
             "detail": event_detail(r["detail"], lang)} for r in events.to_dict("records")]


@callback(Output("ap-events", "rowData"), Output("ap-outages", "children"),
          Input(PARAMS, "data"), Input(REFRESH, "n_intervals"))
def refresh_events(params, _n):
    lang = runtime.lang()
    params = params or {}
    try:
        ap = access_point.ap_one(params.get("ap_id"))
        if ap is None:
            return [], None
        start, end = periods.local_days(ap["timezone"], periods.RANGES.get(params.get("range"), 7))
        s, e = ts_range(start, end, ap["timezone"])
        events = runtime.reader().frame("ap_events", ap_id=int(ap["ap_id"]), start=s, end=e)
        outs = registry.call(A.outages, int(ap["site_id"]), start, end, ap_id=int(ap["ap_id"]))
    except DatabaseDown:
        return [], None
    minutes = sum(float(o["minutes"]) for o in outs)
    summary = t("ap.outages", lang, n=fmt.num(len(outs), lang), minutes=fmt.num(minutes, lang)) if outs else \
        t("ap.no_events", lang) if events.empty else None
    return event_rows(events, lang, ap["timezone"]), summary


dash.register_page(__name__, path_template="/ap/<ap_id>", name="ap_detail", title=page_title("nav.aps"), layout=layout)

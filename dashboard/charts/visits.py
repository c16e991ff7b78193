"""Library visits (INLISLite guest book) beside Wi-Fi use: the site page's
section, the data-quality page's INLISLite note and the district ranking."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, callback, html

from dashboard import fmt, runtime
from dashboard.analytics import visits as V
from dashboard.periods import month_last_day
from dashboard.charts.registry import call, chart, district, frame, renamed, site_chart, site_range
from dashboard.components import PARAMS, REFRESH, chart_card, kpi, note
from dashboard.db import DatabaseDown
from dashboard.figures import visits as fig
from dashboard.figures.common import empty_chart
from dashboard.i18n import CATALOGUE, t

CHARTS = ("site.library_visits", "site.visit_purpose", "site.visits_trend", "site.visit_profile")


def category(cat: str, lang: str) -> str:
    """A category key (gender, profession, education, kind, 'unknown') in the user's language;
    a purpose or an unmapped label shows as INLISLite wrote it."""
    key = f"visits.cat.{cat}"
    return t(key, lang) if key in CATALOGUE else cat


def share_text(f: dict, lang: str) -> str:
    """`≈ 31–40 %` (an estimate, always a range), or `–`."""
    if f.get("share_low") is None:
        return "–"
    lo, hi = fmt.pct(f["share_low"], lang), fmt.pct(f["share_high"], lang)
    text = f"≈ {lo}" if lo == hi else f"≈ {lo.rstrip(' %')}–{hi}"
    return text + ("+" if f.get("capped") else "")


# ----------------------------------------------------------------- charts


def _with_share(rows: list[dict], lang: str) -> pd.DataFrame:
    """The rows as a frame, each with its share of visitors using the Wi-Fi in words (`share_text`)."""
    df = frame(rows)
    if not df.empty:
        df["share_text"] = [share_text(r, lang) for r in rows]
    return df


@site_chart("site.library_visits", "visits.chart_daily")
def _library_visits(site, start, end, lang):
    f = call(V.library_wifi, int(site["site_id"]), start, end)
    buckets = {r["bucket"].date(): r for r in call(V.library_visits, int(site["site_id"]), start, end, by="day")}
    df = pd.DataFrame([{"day": d["day"], "visits": d["visits"],
                        "individual": buckets.get(d["day"], {}).get("individual", 0),
                        "group": buckets.get(d["day"], {}).get("group", 0),
                        "wifi_visitors": d["wifi_visitors"], "wifi_sessions": d["wifi_sessions"]} for d in f["days"]])
    csv = renamed(df, lang, {"day": "col.day", "visits": "visits.visits", "individual": "visits.individual",
                             "group": "visits.group", "wifi_visitors": "visits.wifi_visitors",
                             "wifi_sessions": "col.sessions"})
    return fig.visits_vs_wifi(df, lang), csv


@site_chart("site.visit_purpose", "visits.chart_purpose")
def _visit_purpose(site, start, end, lang):
    rows = call(V.wifi_by_purpose, int(site["site_id"]), start, end)
    df = _with_share(rows, lang)
    if not df.empty:
        df["label"] = [category(p, lang) for p in df["purpose"]]
    csv = renamed(df, lang, {"label": "visits.purpose", "visits": "visits.visits",
                             "wifi_visitors": "visits.wifi_visitors_est", "wifi_minutes": "visits.wifi_minutes",
                             "minutes_per_visit": "visits.minutes_per_visit", "share_text": "visits.share"})
    return fig.by_purpose(df, lang), csv


@site_chart("site.visits_trend", "visits.chart_trend")
def _visits_trend(site, _start, end, lang):
    rows = call(V.monthly_trend, int(site["site_id"]), end, 12)
    df = _with_share(rows, lang)
    csv = renamed(df, lang, {"month": "col.month", "visits": "visits.visits",
                             "wifi_visitor_days": "visits.wifi_visitor_days", "wifi_sessions": "col.sessions",
                             "share_text": "visits.share"})
    return fig.trend(df, lang), csv


@site_chart("site.visit_profile", "visits.chart_profile")
def _visit_profile(site, start, end, lang):
    """Visits by gender, profession and education, as one table-like bar chart."""
    rows = []
    for dim in ("gender", "profession", "education"):
        for r in call(V.library_visits_by, int(site["site_id"]), start, end, dim):
            rows.append({"dimension": t(f"visits.dim.{dim}", lang), "category": category(r["category"], lang),
                         "visits": r["visits"]})
    df = pd.DataFrame(rows)
    if df.empty:
        return empty_chart(lang), df
    csv = renamed(df, lang, {"dimension": "visits.dimension", "category": "visits.category",
                             "visits": "visits.visits"})
    shown = df.assign(label=df["dimension"] + " · " + df["category"], minutes_per_visit=None)
    return fig.by_purpose(shown, lang), csv


@chart("district.library_visits", "visits.chart_ranking")
def _district_visits(params, lang):
    summary = district(params.get("group"))
    ids = [r["site_id"] for r in summary["sites"]]
    if not ids:
        return empty_chart(lang), pd.DataFrame()
    rows = call(V.sites_ranking, ids, summary["month"], month_last_day(summary["month"]))
    df = _with_share(rows, lang)
    csv = renamed(df, lang, {"name": "col.site", "visits": "visits.visits", "rank_visits": "visits.rank_visits",
                             "wifi_visitor_days": "visits.wifi_visitor_days", "rank_wifi": "visits.rank_wifi",
                             "wifi_sessions": "col.sessions", "share_text": "visits.share"})
    return fig.ranking(df, lang), csv


# ----------------------------------------------------------------- the site page's section


def site_section(lang: str) -> html.Div:
    """The section; hidden where no guest-book visits were ever stored (no INLISLite connected)."""
    try:
        shown = call(V.any_visits)
    except DatabaseDown:
        shown = True
    return html.Div([
        html.H2(t("visits.title", lang), className="h5 mt-3"),
        dbc.Row([
            dbc.Col(kpi("lib-visits", t("visits.visits", lang), "lib-visits-sub"), xs=6, lg=3),
            dbc.Col(kpi("lib-wifi", t("visits.wifi_visitor_days", lang)), xs=6, lg=3),
            dbc.Col(kpi("lib-sessions", t("col.sessions", lang)), xs=6, lg=3),
            dbc.Col(kpi("lib-share", t("visits.share", lang), "lib-share-sub"), xs=6, lg=3),
        ], className="g-2"),
        html.Div(id="lib-notes"),
        dbc.Row([dbc.Col(chart_card(name, lang), xs=12, xl=6) for name in CHARTS], className="g-2"),
    ], id="site-library", style=None if shown else {"display": "none"})


@callback(Output("lib-visits", "children"), Output("lib-visits-sub", "children"), Output("lib-wifi", "children"),
          Output("lib-sessions", "children"), Output("lib-share", "children"), Output("lib-share-sub", "children"),
          Output("lib-notes", "children"), Input(PARAMS, "data"), Input(REFRESH, "n_intervals"))
def refresh_library(params, _n):
    lang = runtime.lang()
    blank = ("–", "", "–", "–", "–", "", None)
    try:
        site, start, end = site_range(params or {})
        if site is None:
            return blank
        f = call(V.library_wifi, int(site["site_id"]), start, end)
    except DatabaseDown:
        return blank
    if not f["visits"]:
        return (*blank[:6], note(t("visits.none", lang), "light", id="lib-none"))
    individual = sum(r["individual"] for r in call(V.library_visits, int(site["site_id"]), start, end, by="month"))
    notes = [note(t("visits.share_note", lang, low=fmt.num(V.DEVICES_PER_PERSON_LOW, lang, 1),
                    high=fmt.num(V.DEVICES_PER_PERSON_HIGH, lang, 1)), "light", id="lib-share-note")]
    if f["capped"]:
        notes.append(note(t("visits.capped", lang), "warning", id="lib-capped"))
    return (fmt.num(f["visits"], lang),
            t("visits.split", lang, individual=fmt.num(individual, lang), group=fmt.num(f["visits"] - individual, lang)),
            fmt.num(f["wifi_visitor_days"], lang), fmt.num(f["wifi_sessions"], lang),
            share_text(f, lang), t("visits.estimate", lang), notes)


# ----------------------------------------------------------------- the data-quality page's card


def dq_section(lang: str) -> html.Div:
    return html.Div(id="dq-inlislite", className="mb-2")


def dq_text(state: dict | None, lang: str, tz: str = "UTC") -> tuple[str, str] | None:
    """(text, colour) of the guest-book source's state, or None when none is configured (pure)."""
    if state is None:
        return None
    never = t("dq.inlislite.never", lang)
    when = fmt.datetime(state["checked_at"], lang, tz) if state.get("checked_at") else never
    last = fmt.datetime(state["last_ok_at"], lang, tz) if state.get("last_ok_at") else never
    detail = state.get("detail") or ""
    kind = state["state"]
    if kind == "ok":
        text = t("dq.inlislite.ok", lang, when=when, visits=fmt.num(state.get("visits") or 0, lang))
        if state.get("unmapped"):
            text += " " + t("dq.inlislite.unmapped", lang, n=fmt.num(state["unmapped"], lang))
        return text, "warning" if state.get("unmapped") else "success"
    key = {"unreachable": "dq.inlislite.unreachable", "schema_error": "dq.inlislite.schema_error"}.get(
        kind, "dq.inlislite.error")
    return t(key, lang, since=when, last=last, detail=detail), "danger"


@callback(Output("dq-inlislite", "children"), Input(PARAMS, "data"), Input(REFRESH, "n_intervals"))
def refresh_dq_inlislite(_params, _n):
    lang = runtime.lang()
    try:
        state = call(V.source_state)
    except DatabaseDown:
        return None
    shown = dq_text(state, lang)
    if shown is None:
        return None
    text, colour = shown
    return note([html.Strong(t("dq.inlislite", lang) + ": "), text], colour, id="dq-inlislite-state")

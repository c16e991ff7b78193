"""Site: occupancy over time, weekday x hour, visitors, dwell, usage by AP and SSID, portal vs association.

The period is chosen with preset buttons (today, last 7 / 30 / 90 days, this month, last month, last 12
months) or two dates made of day / month / year selects: labels and month names come from the app's
catalogue and Babel in the user's language (a browser date picker would follow the browser's locale),
and every day is a local day of the site's time zone.
"""

from __future__ import annotations

import datetime as dt

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, ctx, dcc, html
from dash.exceptions import PreventUpdate

from dashboard import analytics as A
from dashboard import fmt, periods, runtime
from dashboard.charts import footfall, registry, visits
from dashboard.charts import site as _site_charts  # noqa: F401  (registers the charts this page shows)
from dashboard.components import PARAMS, REFRESH, chart_card, dropdown, kpi, note, params_store, page_title
from dashboard.db import DatabaseDown
from dashboard.i18n import t
from dashboard.limits import dwell_parts, dwell_text, returning_sub, sessions_est_text  # noqa: F401  (dwell_text: the tests)

PERIOD_TICK = "site-period-tick"


RANGE_KEYS = (("7d", "range.7d"), ("30d", "range.30d"), ("90d", "range.90d"), ("365d", "range.365d"))
PERIOD_KEYS = (("today", "range.today"), ("7d", "range.7d"), ("30d", "range.30d"), ("month", "range.month"),
               ("last_month", "range.last_month"), ("90d", "range.90d"), ("365d", "range.365d"),
               ("custom", "range.custom"))
DATE_FIELDS = ("from-day", "from-month", "from-year", "to-day", "to-month", "to-year")
YEARS = 10  # the year selects offer this year and the nine before


def presets(component_id: str, lang: str, keys, value: str) -> dbc.RadioItems:
    """Period buttons (radio items drawn as buttons)."""
    return dbc.RadioItems(id=component_id, options=[{"label": t(k, lang), "value": v} for v, k in keys],
                          value=value, className="period-presets d-flex flex-wrap gap-1 mb-2",
                          inputClassName="btn-check", labelClassName="btn btn-outline-primary btn-sm",
                          labelCheckedClassName="active")


def range_picker(component_id: str, lang: str, value: str) -> dbc.RadioItems:
    """The last 7 / 30 / 90 / 365 days (the access point page's periods)."""
    return presets(component_id, lang, RANGE_KEYS, value if value in periods.RANGES else "30d")


def site_options() -> list[dict]:
    try:
        df = registry.sites()
    except DatabaseDown:
        return []
    return [{"label": r["site"], "value": int(r["site_id"])} for r in df.to_dict("records")]


def period_summary(p: dict, lang: str) -> str:
    """`Sen, 23 Nov–Sen, 30 Nov 2026 · 8 hari · Waktu Indonesia (Makassar)` (pure)."""
    n = (p["end"] - p["start"]).days + 1
    parts = [fmt.date_range_text(p["start"], p["end"], lang),
             t("period.one_day", lang) if n == 1 else t("period.days", lang, n=fmt.num(n, lang)),
             fmt.zone_name(p["tz"], lang)]
    if p["clamped"]:
        parts.append(t("period.clamped", lang, n=fmt.num(periods.MAX_CUSTOM_DAYS, lang)))
    return " · ".join(parts)


def params_of(site_id, p: dict) -> dict:
    return {"site_id": site_id, "range": p["range"], "start": p["start"].isoformat(), "end": p["end"].isoformat()}


# ----------------------------------------------------------------- layout


def period_presets(lang: str, value: str) -> dbc.RadioItems:
    return presets("site-range", lang, PERIOD_KEYS, value)


def date_fields(which: str, label: str, day: dt.date, today: dt.date, lang: str) -> dbc.InputGroup:
    """Day, month (its name in the user's language) and year of one end of the period."""
    pid = f"site-{which}"
    months = fmt.month_names(lang)
    years = [str(y) for y in range(today.year - YEARS + 1, today.year + 1)]
    if str(day.year) not in years:
        years.insert(0, str(day.year))
    return dbc.InputGroup([
        dbc.InputGroupText(label, className="period-label"),
        html.Label(t("period.day", lang), htmlFor=f"{pid}-day", className="visually-hidden"),
        dbc.Select(id=f"{pid}-day", options=[{"label": str(d), "value": str(d)} for d in range(1, 32)],
                   value=str(day.day), class_name="period-day"),
        html.Label(t("period.month", lang), htmlFor=f"{pid}-month", className="visually-hidden"),
        dbc.Select(id=f"{pid}-month", options=[{"label": m, "value": str(i)} for i, m in enumerate(months, 1)],
                   value=str(day.month), class_name="period-month"),
        html.Label(t("period.year", lang), htmlFor=f"{pid}-year", className="visually-hidden"),
        dbc.Select(id=f"{pid}-year", options=[{"label": y, "value": y} for y in years], value=str(day.year),
                   class_name="period-year"),
    ], size="sm", className="period-date", id=f"{pid}")


def layout(site=None, range=None, start=None, end=None, **_):  # noqa: A002 - query-string names
    lang = runtime.lang()
    try:
        site_id = int(site) if site not in (None, "") else None
    except ValueError:
        site_id = None
    options = site_options()
    if site_id is None and options:
        site_id = options[0]["value"]
    try:
        info = registry.site_info(site_id) if options else None
    except DatabaseDown:
        info = None
    tz = info["timezone"] if info else "UTC"
    p = periods.period(range, start, end, tz)
    today = periods.today_in(tz)
    return html.Div([
        params_store(params_of(site_id, p)),
        dbc.Row([dbc.Col(html.H1(t("site.title", lang), className="h3"), width="auto"),
                 dbc.Col(html.Div(id="site-open"), className="align-self-center")]),
        dbc.Row(dbc.Col(dropdown("site-select", options, site_id, lang, clearable=False,
                                 placeholder=t("site.choose", lang)), xs=12, md=6, lg=4), className="g-2 mb-2"),
        html.Div([
            period_presets(lang, p["range"]),
            dbc.Row([
                dbc.Col(date_fields("from", t("period.from", lang), p["start"], today, lang), xs=12, sm="auto"),
                dbc.Col(date_fields("to", t("period.to", lang), p["end"], today, lang), xs=12, sm="auto"),
                dbc.Col(html.Div(period_summary(p, lang), id="site-period", className="small text-muted"),
                        xs=12, xl=True, className="align-self-center"),
            ], className="g-2"),
        ], className="mb-2", id="site-period-controls", role="group", **{"aria-label": t("site.range", lang)}),
        html.Div(id="site-notes"),
        dbc.Row([
            dbc.Col(kpi("site-visitors", t("col.visitors", lang), "site-visitors-sub"), xs=6, lg=3),
            dbc.Col(kpi("site-sessions", t("col.sessions", lang), "site-sessions-sub"), xs=6, lg=3),
            dbc.Col(kpi("site-dwell", t("col.duration", lang), "site-dwell-sub"), xs=6, lg=3),
            dbc.Col(kpi("site-returning", t("site.returning_share", lang), "site-returning-sub"), xs=6, lg=3),
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
        footfall.site_section(lang),  # passers-by, visitors, connected (probe-request sensor), if any
        visits.site_section(lang),  # library visits (INLISLite guest book) beside Wi-Fi use
        # the period's own refresh tick (a new local day moves a preset): not the shell's, which every page has;
        # a callback with the shell's tick among its inputs and PARAMS (on every page) among its outputs ran on
        # every page, and on any other page Dash failed it each tick ("A nonexistent object was used in an Input",
        # site-select, on the console)
        dcc.Interval(id=PERIOD_TICK, interval=runtime.settings().refresh_s * 1000),
    ])


@callback(Output(PARAMS, "data", allow_duplicate=True), Output("site-range", "value"),
          *[Output(f"site-{f}", "value") for f in DATE_FIELDS], Output("site-period", "children"),
          Input("site-select", "value"), Input("site-range", "value"),
          *[Input(f"site-{f}", "value") for f in DATE_FIELDS], Input(PERIOD_TICK, "n_intervals"),
          State(PARAMS, "data"), prevent_initial_call=True)
def site_period(site_id, rng, *rest):
    """A preset fills the dates; changing a date makes the period custom. Dates are local days of the
    site (a preset is recomputed when the site changes, and when the site's day changes)."""
    values, params = list(rest[:6]), rest[7] or {}
    trigger = ctx.triggered_id
    if isinstance(trigger, str) and trigger.startswith(("site-from-", "site-to-")):
        rng = "custom"
    start, end = periods.date_of(*values[:3]), periods.date_of(*values[3:])
    try:
        site = registry.site_info(site_id)
    except DatabaseDown:
        raise PreventUpdate from None
    p = periods.period(rng, start, end, site["timezone"] if site else "UTC")
    new = {**params, **params_of(site_id, p)}
    if trigger == PERIOD_TICK and new == params and p["values"] == values and p["range"] == rng:
        raise PreventUpdate
    lang = runtime.lang()
    return (new if new != params else dash.no_update, p["range"], *p["values"], period_summary(p, lang))


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
        text = t("site.randomized_note", lang, share=fmt.pct(fig["randomized_share"], lang))
        if fig.get("returning_computed", True):  # the daily returning devices: a lower bound, the card the estimate
            text += " " + t("site.randomized_returning", lang, card=t("site.returning_share", lang))
        notes.append(note(text, "warning", id="note-randomized"))
    if fig.get("incomplete"):
        notes.append(note(t("site.incomplete", lang, days=fmt.num(fig.get("incomplete_days") or 0, lang)), "warning",
                          id="note-incomplete"))
    if fig.get("blind_aps"):
        notes.append(note(t("site.blind_note", lang, aps=", ".join(fig["blind_aps"]),
                            n=fmt.num(fig.get("client_incomplete_days") or 0, lang),
                            cov=fmt.pct(fig.get("client_coverage"), lang)), "warning", id="note-blind"))
    if fig.get("returning_computed", True) and fig.get("short_history_days"):
        notes.append(note(t("site.returning_not_yet_note", lang, w=fig.get("returning_window_days"),
                            n=fmt.num(fig["short_history_days"], lang)), "secondary", id="note-history"))
    if fig.get("visitor_days"):
        notes.append(note(t("site.devices_note", lang), "light", id="note-devices"))
    return notes


def returning_text(fig: dict, lang: str) -> str:
    """The returning share on stable identities over the days with a full look-back window; "not yet" before."""
    if not fig.get("returning_computed", True):
        return "–"
    if fig.get("returning_not_yet"):
        return t("site.returning_not_yet", lang)
    value = fig.get("returning_share_est")
    if value is None:
        return "–"
    return fmt.pct(value, lang) + (f" ({t('estimate', lang)})" if fig.get("estimate") else "")


def visitors_sub(fig: dict, lang: str) -> str:
    sub = t("site.visitor_days", lang, n=fmt.num(fig.get("visitor_days"), lang))
    if fig.get("persons_est") is not None and fig.get("visitor_days"):
        sub += " · " + t("site.persons", lang, est=fmt.num(fig["persons_est"], lang),
                         low=fmt.num(fig.get("persons_low"), lang), high=fmt.num(fig.get("persons_high"), lang))
    return sub


@callback(
    Output("site-visitors", "children"), Output("site-visitors-sub", "children"), Output("site-sessions", "children"),
    Output("site-sessions-sub", "children"), Output("site-dwell", "children"), Output("site-dwell-sub", "children"),
    Output("site-returning", "children"), Output("site-returning-sub", "children"), Output("site-notes", "children"),
    Input(PARAMS, "data"), Input(REFRESH, "n_intervals"),
)
def refresh_site(params, _n):
    """The cards: each value short (it is large type), what qualifies it on the small line under it."""
    lang = runtime.lang()
    try:
        site, start, end = registry.site_range(params or {})
        if site is None:
            return "–", "", "–", "", "–", "", "–", "", note(t("empty.fresh", lang), "info", id="fresh-install")
        rows = registry.call(A.period_figures, [int(site["site_id"])], start, end,
                           rotating_salt=runtime.settings().rotating_salt or None)
    except DatabaseDown:
        return "–", "", "–", "", "–", "", "–", "", None
    fig = rows[0] if rows else {}
    est = f" ({t('estimate', lang)})" if fig.get("estimate") else ""
    return (
        fmt.num(fig.get("unique_visitors"), lang) + est,
        visitors_sub(fig, lang),
        fmt.num(fig.get("sessions"), lang),
        sessions_est_text(fig, lang),
        *dwell_parts(fig, lang),
        returning_text(fig, lang),
        returning_sub(fig, lang),
        site_notes(fig, lang),
    )



@callback(Output("site-open", "children"), Input(PARAMS, "data"), Input(REFRESH, "n_intervals"))
def site_open(params, _n):
    """Open until ... / closed, opens ...: the library's own hours, now."""
    from dashboard import opening

    lang = runtime.lang()
    try:
        site = registry.site_info((params or {}).get("site_id"))
    except DatabaseDown:
        return None
    if site is None:
        return None
    is_open, said = opening.describe(site, lang, dt.datetime.now(dt.timezone.utc))
    return dbc.Badge(said, color="success" if is_open else "secondary", id="site-open-state")


dash.register_page(__name__, path="/site", name="site", title=page_title("nav.site"), layout=layout)

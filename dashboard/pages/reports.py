"""Reports: list and download the monthly reports; generate one (administrators only).

Files are served by the Flask route /reports/file/<id> (behind the login gate);
generation calls the reports package (dashboard.reports) in a read-write
transaction, after a server-side role check.
"""

from __future__ import annotations

import datetime as dt
import logging

import dash
import dash_bootstrap_components as dbc
import flask
import psycopg
from dash import Input, Output, State, callback, dcc, html

from dashboard import fmt, runtime
from dashboard.charts import registry
from dashboard.components import PARAMS, REFRESH, csv_export, dropdown, grid_card, note, params_store, page_title
from dashboard.db import DatabaseDown
from dashboard.i18n import LANGUAGES, t
from dashboard.pages.site import site_options
from dashboard.periods import Month, today_in

log = logging.getLogger(__name__)


def columns(lang):
    return [
        {"field": "month", "headerName": t("col.month", lang)},
        {"field": "name", "headerName": t("col.site", lang)},
        {"field": "format", "headerName": t("col.file", lang), "maxWidth": 110},
        {"field": "language", "headerName": t("col.language", lang), "maxWidth": 110},
        {"field": "size", "headerName": t("col.size", lang), "maxWidth": 130},
        {"field": "created", "headerName": t("col.created", lang)},
        {"field": "link", "headerName": "", "cellRenderer": "markdown"},
    ]


def _months(lang: str, today: dt.date, n: int = 13) -> list[dict]:
    """The last `n` whole months before the month of `today`, newest first."""
    out, month = [], Month.of(today)
    for _ in range(n):
        month = month.previous()
        out.append({"label": fmt.month(month.first, lang), "value": str(month)})
    return out


def district_today(now: dt.datetime | None = None) -> dt.date:
    """Today in the sites' time zone (the first site's, as the list's dates; UTC without sites), not the
    server's: from 16:00 UTC on a month's last day the month has ended in Lombok and is reportable."""
    try:
        sites = registry.sites()
    except DatabaseDown:
        sites = None
    tz = sites["timezone"].iloc[0] if sites is not None and not sites.empty else "UTC"
    return today_in(tz, now)


def layout(**_):
    lang = runtime.lang()
    months = _months(lang, district_today())
    admin = runtime.is_admin()
    generate = dbc.Card(dbc.CardBody(dbc.Row([
        dbc.Col(dropdown("report-month", months, months[0]["value"], lang, clearable=False), xs=12, md=3),
        dbc.Col(dropdown("report-site", [{"label": t("district.title", lang), "value": ""}] + site_options(), "", lang,
                         clearable=False), xs=12, md=4),
        dbc.Col(dropdown("report-format", [{"label": f.upper(), "value": f} for f in ("pdf", "xlsx", "csv")], "pdf", lang,
                         clearable=False), xs=6, md=2),
        dbc.Col(dbc.Button(t("reports.generate", lang), id="report-generate", color="primary"), xs=6, md=2),
    ], className="g-2")), className="mb-3", id="report-generate-card", style=None if admin else {"display": "none"})
    return html.Div([
        params_store({}),
        html.H1(t("reports.title", lang), className="h3"),
        generate,
        dcc.Loading(html.Div(id="report-result")),
        grid_card(t("reports.list", lang), "reports-grid", columns(lang), lang, csv="kunang-reports", height=420,
                  before=[html.Div(id="reports-status")], card_class=""),
    ])


csv_export("reports-grid")


def report_rows(reports, lang: str, tz: str = "UTC") -> list[dict]:
    return [{"id": r.id, "month": fmt.month(r.month, lang), "name": r.name, "format": r.format.upper(),
             "language": LANGUAGES.get(r.language, r.language), "size": fmt.bytes_(r.size_bytes, lang),
             "created": fmt.datetime(r.created_at, lang, tz),
             "link": f"[{t('reports.download', lang)}](/reports/file/{r.id})"} for r in reports]


@callback(Output("reports-grid", "rowData"), Output("reports-status", "children"),
          Input(PARAMS, "data"), Input(REFRESH, "n_intervals"), Input("report-result", "children"))
def refresh_reports(_p, _n, _r):
    from dashboard.reports import store

    lang = runtime.lang()
    try:
        reports = runtime.reader().call(store.list_reports)
        sites = registry.sites()
    except DatabaseDown:
        return [], None
    except psycopg.errors.UndefinedTable:
        return [], note(t("reports.unavailable", lang), "secondary")
    tz = sites["timezone"].iloc[0] if not sites.empty else "UTC"
    return report_rows(reports, lang, tz), None if reports else note(t("reports.none", lang), "light", id="reports-none")


@callback(Output("report-result", "children"), Input("report-generate", "n_clicks"),
          State("report-month", "value"), State("report-site", "value"), State("report-format", "value"),
          prevent_initial_call=True)
def generate_report(n, month, site_id, fmt_):
    """Administrators only: checked here, on the server, whatever the browser sent."""
    lang = runtime.lang()
    user = runtime.user()
    if user is None or user.role != "admin":
        log.warning("refused report generation for %s", user.username if user else "anonymous")
        return dbc.Alert(t("admin.refused", lang), color="danger", id="admin-refused", className="py-2")
    try:
        from dashboard.reports.builder import Settings as ReportSettings
        from dashboard.reports.deliver import DeliverySettings, deliver
    except ImportError:
        return dbc.Alert(t("reports.unavailable", lang), color="secondary")
    s = runtime.settings()
    rep = s.reports or {}
    try:
        m = Month.parse(str(month))
        site_name = None
        if site_id not in (None, ""):
            match = [o["label"] for o in site_options() if str(o["value"]) == str(site_id)]
            site_name = match[0] if match else None
        settings = ReportSettings(organisation=s.name, visitor_min_minutes=s.visitor_min_minutes,
                                  session_gap_minutes=s.session_gap_minutes,
                                  returning_window_days=s.returning_window_days, rotating_salt=s.rotating_salt)
        ds = DeliverySettings(languages=(lang,), formats=(fmt_ if fmt_ in ("pdf", "xlsx", "csv") else "pdf",),
                              output_dir=rep.get("output_dir"))
        if site_name is None:
            # the roll-up only (deliver with no site also produces every library)
            result = runtime.reader().call_rw(_district_only, m, settings, ds)
        else:
            result = runtime.reader().call_rw(deliver, m, site_name, settings, ds, email=False, force=True)
    except DatabaseDown:
        return dbc.Alert(t("db.down", lang), color="danger")
    except Exception as exc:  # the reports package reports operator errors as exceptions with one line
        log.exception("report generation failed")
        return dbc.Alert(t("reports.failed", lang, error=str(exc).splitlines()[0] if str(exc) else type(exc).__name__),
                         color="danger", id="report-failed")
    files = ", ".join(p.filename for p in result.produced) or "–"
    log.info("report generated by %s: %s", user.username, files)
    return dbc.Alert(t("reports.generated", lang, files=files), color="success", id="report-done")


def _district_only(conn, month, settings, ds):
    from dashboard.reports import store
    from dashboard.reports.builder import build_report
    from dashboard.reports.deliver import DeliveryResult, Produced
    from dashboard.reports.render import filename, render

    result = DeliveryResult()
    model = build_report(conn, month, None, settings)
    for fmt_ in ds.formats:
        for lang in ds.languages:
            content = render(model, fmt_, lang)
            fname = filename(model, fmt_, lang)
            rid, _ = store.save_report(conn, month=month, scope="district", site_id=None, name=settings.organisation,
                                       fmt=fmt_, lang=lang, filename=fname, content=content)
            result.produced.append(Produced(rid, "district", settings.organisation, fmt_, lang, fname, content))
    return result


def install_routes(server: flask.Flask) -> None:
    """/reports/file/<id>: a stored report (the login gate of security.py applies)."""

    @server.route("/reports/file/<int:report_id>")
    def report_download(report_id: int):
        from dashboard.reports import store

        try:
            found = runtime.reader().call(store.report_file, report_id)
        except DatabaseDown:
            return flask.Response("database unavailable\n", status=503, mimetype="text/plain")
        if found is None:
            flask.abort(404)
        filename, media_type, content = found
        resp = flask.Response(content, mimetype=media_type)
        resp.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
        return resp


dash.register_page(__name__, path="/reports", name="reports", title=page_title("nav.reports"), layout=layout)

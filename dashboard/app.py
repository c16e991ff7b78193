"""The Dash application: shell layout (navigation, language, database banner)
around the pages of `dashboard/pages/`, behind the login of `security.py`."""

from __future__ import annotations

import importlib
from pathlib import Path
from urllib.parse import quote

import dash
import dash_bootstrap_components as dbc
import flask
from dash import Input, Output, State, dcc, html

from dashboard import runtime, security
from dashboard.i18n import LANGUAGES, other, t
from dashboard.settings import Settings

PAGES = ("overview", "site", "access_points", "ap_detail", "alerts", "reports", "quality", "district", "not_found_404")
NAV = (("/", "nav.overview"), ("/site", "nav.site"), ("/access-points", "nav.aps"), ("/alerts", "nav.alerts"),
       ("/reports", "nav.reports"), ("/quality", "nav.quality"), ("/district", "nav.district"))

_app: dash.Dash | None = None

# page parameter -> query-string name; start and end only for a custom period
URL_SYNC = """
function (p) {
    if (!p || typeof p !== 'object') { return window.dash_clientside.no_update; }
    const q = new URLSearchParams(window.location.search);
    const names = {site_id: 'site', range: 'range', group: 'group'};
    for (const k in names) {
        if (!(k in p)) { continue; }
        if (p[k] === null || p[k] === undefined || p[k] === '') { q.delete(names[k]); } else { q.set(names[k], p[k]); }
    }
    if (p.range === 'custom' && p.start && p.end) {
        q.set('start', String(p.start).slice(0, 10)); q.set('end', String(p.end).slice(0, 10));
    } else { q.delete('start'); q.delete('end'); }
    const s = q.toString();
    const target = window.location.pathname + (s ? '?' + s : '') + window.location.hash;
    if (target !== window.location.pathname + window.location.search + window.location.hash) {
        window.history.replaceState(window.history.state, '', target);
    }
    return s;
}
"""


def _navbar(lang: str) -> dbc.Navbar:
    u = runtime.user()
    path = flask.request.path if flask.has_request_context() else "/"
    here = flask.request.headers.get("Referer", "/") if path.startswith("/_dash") else path
    try:
        from urllib.parse import urlparse
        here = urlparse(here).path or "/"
    except ValueError:
        here = "/"
    who = t("nav.signed_in", lang, user=u.username, role=t(f"role.{u.role}", lang)) if u else ""
    # on screens narrower than 1700 px only the user's name (the whole sentence as its tooltip): the bar's
    # items then fit 1440 px in both languages
    user = ""
    if u:
        before, after = t("nav.signed_in", lang, user="\0", role=t(f"role.{u.role}", lang)).split("\0", 1)
        user = html.Span([html.Span(before, className="nav-wide"), u.username, html.Span(after, className="nav-wide")],
                         title=who)
    return dbc.Navbar(dbc.Container([
        dbc.NavbarBrand([html.Span("Kunang", className="fw-bold me-2"),
                         html.Span(runtime.settings().name, className="small text-white-50 nav-wide")],
                        href="/"),
        # not dbc.NavbarToggler: its screen-reader label is fixed English ("Toggle navigation")
        html.Button(html.Span(className="navbar-toggler-icon"), id="nav-toggle", n_clicks=0, type="button",
                    className="navbar-toggler", **{"aria-label": t("nav.menu", lang), "aria-controls": "nav-collapse"}),
        dbc.Collapse([
            dbc.Nav([dbc.NavItem(dbc.NavLink(t(key, lang), href=href, active="exact", id=f"nav-{key.split('.')[1]}"))
                     for href, key in NAV], navbar=True, className="me-auto"),
            dbc.Nav([
                dbc.NavItem(html.Span(user, className="navbar-text small me-3", id="nav-user")),
                dbc.NavItem(html.A(LANGUAGES[other(lang)], id="switch-language", className="nav-link",
                                   href=f"/language/{other(lang)}?next={quote(here)}")),
                dbc.NavItem(html.A(t("nav.logout", lang), href="/logout", className="nav-link", id="nav-logout")),
            ], navbar=True),
        ], id="nav-collapse", is_open=False, navbar=True),
    ], fluid=True), color="dark", dark=True, className="mb-3", expand="xl")


def shell():
    lang = runtime.lang()
    s = runtime.settings()
    return html.Div([
        dcc.Location(id="url"),
        dcc.Store(id="ui-lang", data=lang),
        html.Div(id="lang-sink", hidden=True),
        html.Div(id="url-sink", hidden=True),
        dcc.Interval(id="refresh", interval=s.refresh_s * 1000),
        dcc.Interval(id="health", interval=round(s.health_check_s * 1000)),
        _navbar(lang),
        dbc.Container([html.Div(id="db-banner"), dash.page_container], fluid=True, className="pb-4"),
    ], lang=lang)


def create_app(settings: Settings) -> dash.Dash:
    """Build the app (once per process: Dash callbacks are process-global)."""
    global _app
    runtime.install(settings)
    if _app is not None:
        return _app
    app = dash.Dash(
        __name__, use_pages=True, pages_folder="", assets_folder=str(Path(__file__).with_name("assets")),
        suppress_callback_exceptions=True, title="Kunang", update_title=None,
        meta_tags=[{"name": "viewport", "content": "width=device-width, initial-scale=1"}],
        serve_locally=True,
    )
    for name in PAGES:
        importlib.import_module(f"dashboard.pages.{name}")
    import dashboard.components  # noqa: F401  (shared callbacks)

    app.layout = shell
    security.install(app.server)
    from dashboard.pages import reports

    reports.install_routes(app.server)

    app.clientside_callback(
        "function(n, open) { return n ? !open : open; }",
        Output("nav-collapse", "is_open"), Input("nav-toggle", "n_clicks"), State("nav-collapse", "is_open"),
        prevent_initial_call=True,
    )
    # <html lang> follows the chosen language (screen readers, hyphenation, translation prompts)
    app.clientside_callback(
        "function(lang) { document.documentElement.lang = lang || 'id'; return lang; }",
        Output("lang-sink", "title"), Input("ui-lang", "data"),
    )
    # the address bar follows a page's choices (site, period, group) without reloading the page: a reload,
    # a shared link and the language switch (02-session.js) keep them
    app.clientside_callback(URL_SYNC, Output("url-sink", "title"), Input("page-params", "data"))
    _app = app
    return app

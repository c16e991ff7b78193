"""Login for every page and every Dash endpoint; session cookies; language switch.

Everything served by the Flask app (pages, `/_dash-layout`, `/_dash-dependencies`,
`/_dash-update-component`, component bundles, assets) needs a signed-in user,
except the login page itself, the language switch and the favicon. Anonymous
requests to Dash's JSON endpoints and static files get 401; anonymous page loads
are redirected to /login.

The favicon is public and never reads or writes the session: browsers fetch
/favicon.ico on their own, alongside the page and without waiting for its
cookie.

The login form's token is bound to no session (`auth.form_token`: signed and
dated), and showing the form writes no cookie: two tabs opened at the same
instant without a cookie each get a form that signs in (a token kept in the
session was replaced by the other tab's, and one form failed as "expired").
What refuses a cross-site sign-in (login CSRF: a page elsewhere posting the
attacker's credentials from the victim's browser) is `same_origin`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import html
import pkgutil
import re
import secrets
import threading
import time
from urllib.parse import quote, urlparse

import flask
from flask.sessions import SecureCookieSessionInterface

from dashboard import runtime
from dashboard.auth import DUMMY_HASH, form_token, form_token_valid, verify_password
from dashboard.i18n import LANGUAGES, other, t

SESSION_HOURS = 12


def _fingerprint(password_hash: str, secret: str) -> str:
    """Changes when the user's password hash changes: old sessions stop working."""
    return hmac.new(secret.encode(), password_hash.encode(), hashlib.sha256).hexdigest()[:16]


def _safe_next(target: str | None) -> str:
    if not target:
        return "/"
    p = urlparse(target)
    if p.scheme or p.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def same_origin(request: flask.Request) -> bool:
    """A POST's Origin (without one, its Referer) names this dashboard's host, and the browser's fetch
    metadata does not say cross-site. With neither header it is no browser's cross-site form: every
    current browser sends Origin on a POST. Host is compared as the reverse proxy passes it (docs/deploy.md):
    its port, when it has one, must be the Origin's."""
    if request.headers.get("Sec-Fetch-Site") == "cross-site":
        return False
    source = request.headers.get("Origin") or request.headers.get("Referer")
    if source is None:
        return True
    src, own = urlparse(source), urlparse("//" + request.host)
    try:
        src_port = src.port or {"http": 80, "https": 443}.get(src.scheme)
        own_port = own.port
    except ValueError:
        return False
    if src.scheme not in ("http", "https") or not src.hostname or src.hostname != own.hostname:
        return False  # "null" (an opaque origin: sandboxed frame, data: page) included
    return own_port is None or src_port == own_port


class _SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, except that a public path's answer never sets or
    refreshes the cookie (a stale copy answered late would overwrite a newer one)."""

    def save_session(self, app, session, response):
        if flask.request.path in PUBLIC_PATHS:
            return None
        return super().save_session(app, session, response)


class Sessions:
    """Signed-in sessions, held by the server: the cookie carries a random id that
    must be in here. Logout removes it, so a copy of the old cookie is worth
    nothing; they also end after SESSION_HOURS. In memory (the dashboard is one
    process): a restart signs everybody out."""

    def __init__(self, hours: float = SESSION_HOURS) -> None:
        self.ttl = dt.timedelta(hours=hours)
        self._live: dict[str, tuple[str, dt.datetime]] = {}
        self._lock = threading.Lock()

    def open(self, user: str) -> str:
        sid = secrets.token_urlsafe(24)
        now = dt.datetime.now(dt.timezone.utc)
        with self._lock:
            if len(self._live) > 10_000:
                self._live = {k: v for k, v in self._live.items() if v[1] > now}
            self._live[sid] = (user, now + self.ttl)
        return sid

    def valid(self, sid: str | None, user: str | None) -> bool:
        if not sid or not user:
            return False
        with self._lock:
            entry = self._live.get(sid)
        return entry is not None and entry[0] == user and entry[1] > dt.datetime.now(dt.timezone.utc)

    def close(self, sid: str | None) -> None:
        if sid:
            with self._lock:
                self._live.pop(sid, None)


SESSIONS = Sessions()
# served to anyone, without the session: Dash's own icon (browsers ask for /favicon.ico unprompted)
PUBLIC_PATHS = frozenset({"/favicon.ico", "/_favicon.ico"})
_LANGUAGE_PATH = re.compile(r"/language/[A-Za-z-]{1,10}")


def _signed_in() -> bool:
    s = runtime.settings()
    u = runtime.user()
    if u is None:
        return False
    if not SESSIONS.valid(flask.session.get("sid"), flask.session.get("user")):
        return False
    return hmac.compare_digest(flask.session.get("fp", ""), _fingerprint(u.password_hash, s.secret_key))


def install(server: flask.Flask) -> None:
    s = runtime.settings()
    server.secret_key = s.secret_key
    server.config.update(
        SESSION_COOKIE_NAME="kunang_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=bool(s.secure_cookies),
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=SESSION_HOURS),
        # the cookie is written only when the session changes: a late answer to a request of an ended
        # session (a 401 included) would otherwise set that old cookie again over a login form's. Nothing
        # slides: a sign-in lasts SESSION_HOURS from signing in, on the server (Sessions) and in the cookie.
        SESSION_REFRESH_EACH_REQUEST=False,
    )

    server.session_interface = _SessionInterface()

    def _gate():
        path = flask.request.path
        if path in PUBLIC_PATHS:  # before anything reads the session
            return None
        server.config["SESSION_COOKIE_SECURE"] = bool(runtime.settings().secure_cookies)
        if path == "/login" or _LANGUAGE_PATH.fullmatch(path):  # the language switch only, no page under it
            return None
        if _signed_in():
            return None
        if path.startswith("/_dash") or flask.request.method != "GET" or path.startswith("/_"):
            return flask.Response("authentication required\n", status=401, mimetype="text/plain")
        if path.startswith(("/assets/", "/_dash-component-suites/")):
            return flask.Response("authentication required\n", status=401, mimetype="text/plain")
        nxt = flask.request.full_path.rstrip("?")
        return flask.redirect("/login?next=" + quote(nxt, safe="/") if nxt != "/" else "/login")

    # first of all before-request functions (Dash registers its own before this runs)
    server.before_request_funcs.setdefault(None, []).insert(0, _gate)

    @server.after_request
    def _headers(resp: flask.Response):
        resp.headers.setdefault("X-Content-Type-Options", "nosniff")
        resp.headers.setdefault("X-Frame-Options", "DENY")
        resp.headers.setdefault("Referrer-Policy", "same-origin")
        if flask.request.path == "/login":
            resp.headers["Cache-Control"] = "no-store"
        return resp

    @server.route("/login", methods=["GET", "POST"])
    def login():
        lang = runtime.lang()
        nxt = _safe_next(flask.request.values.get("next"))
        if flask.request.method == "GET":
            if _signed_in():
                return flask.redirect(nxt)
            return _login_page(lang, nxt)
        if not same_origin(flask.request):
            return _login_page(lang, nxt, t("login.cross_site", lang), 403)
        if not form_token_valid(flask.request.form.get("csrf", ""), runtime.settings().secret_key, time.time()):
            return _login_page(lang, nxt, t("login.expired", lang), 400)
        username = flask.request.form.get("username", "").strip()[:200]
        password = flask.request.form.get("password", "")[:1000]
        rt = runtime.get()
        # throttled per client address (and per address and name): guessing from one address
        # never locks the account out for everyone else
        addr = flask.request.remote_addr or "?"
        keys = ("ip:" + addr, "ipu:" + addr + "|" + username.lower())
        wait = rt.throttle.retry_after(*keys)
        if wait > 0:
            resp = _login_page(lang, nxt, t("login.throttled", lang, seconds=int(wait) + 1), 429)
            resp.headers["Retry-After"] = str(int(wait) + 1)
            return resp
        user = rt.settings.user(username)
        ok = verify_password(password, user.password_hash if user else DUMMY_HASH) and user is not None
        if not ok:
            rt.throttle.failure(*keys)
            return _login_page(lang, nxt, t("login.failed", lang), 401)
        rt.throttle.success(*keys)
        chosen = flask.session.get("lang")
        picked = flask.session.get("lang_picked")  # chosen on the login page itself: it wins
        flask.session.clear()
        flask.session.permanent = True
        flask.session["user"] = user.username
        flask.session["sid"] = SESSIONS.open(user.username)
        flask.session["fp"] = _fingerprint(user.password_hash, rt.settings.secret_key)
        flask.session["lang"] = (chosen if picked else None) or user.language or chosen or rt.settings.language
        return flask.redirect(nxt)

    @server.route("/favicon.ico")
    def favicon():  # Dash's own icon, as Dash serves it at /_favicon.ico
        resp = flask.Response(pkgutil.get_data("dash", "favicon.ico"), mimetype="image/x-icon")
        resp.headers["Cache-Control"] = "public, max-age=86400"
        return resp

    @server.route("/logout", methods=["GET", "POST"])
    def logout():
        lang = flask.session.get("lang")
        SESSIONS.close(flask.session.get("sid"))  # revoked on the server: the old cookie no longer works
        flask.session.clear()
        if lang:
            flask.session["lang"] = lang
        return flask.redirect("/login")

    @server.route("/language/<code>")
    def language(code: str):
        if code in LANGUAGES:
            flask.session["lang"] = code
            if not flask.session.get("user"):
                flask.session["lang_picked"] = True  # the login page's choice, kept through signing in
        return flask.redirect(_safe_next(flask.request.args.get("next")))


LOGIN_HTML = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · {org}</title>
<style>
body{{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f5f7fa;margin:0;display:flex;
min-height:100vh;align-items:center;justify-content:center}}
form{{background:#fff;padding:2rem;border-radius:.5rem;box-shadow:0 2px 12px rgba(0,0,0,.08);width:min(22rem,90vw)}}
h1{{font-size:1.3rem;margin:0 0 .3rem}} p.org{{color:#6c757d;margin:0 0 1.2rem}}
label{{display:block;margin:.8rem 0 .3rem;font-weight:600}}
input[type=text],input[type=password]{{width:100%;box-sizing:border-box;padding:.55rem;border:1px solid #ced4da;
border-radius:.3rem;font-size:1rem}}
button{{margin-top:1.2rem;width:100%;padding:.6rem;background:#0d6efd;color:#fff;border:0;border-radius:.3rem;
font-size:1rem}} .err{{background:#f8d7da;color:#842029;padding:.6rem;border-radius:.3rem;margin-top:.8rem}}
.lang{{text-align:right;font-size:.9rem}} .hint{{color:#6c757d;font-size:.85rem;margin-top:.8rem}}
</style></head><body>
<form method="post" action="/login" id="login-form">
<div class="lang"><a id="login-language" href="/language/{other}?next={next_q}">{other_name}</a></div>
<h1>{title}</h1><p class="org">{org} · {app}</p>
<input type="hidden" name="csrf" value="{csrf}"><input type="hidden" name="next" value="{next}">
<label for="username">{l_user}</label><input type="text" id="username" name="username" autocomplete="username" required autofocus>
<label for="password">{l_pass}</label><input type="password" id="password" name="password" autocomplete="current-password" required>
<button type="submit" id="login-submit">{submit}</button>
{error}{hint}
</form></body></html>"""


def _login_page(lang: str, nxt: str, error: str | None = None, status: int = 200) -> flask.Response:
    s = runtime.settings()
    body = LOGIN_HTML.format(
        lang=lang, title=html.escape(t("login.title", lang)), org=html.escape(s.name), app=html.escape(t("app.title", lang)),
        other=other(lang), other_name=html.escape(LANGUAGES[other(lang)]), next_q=quote("/login?next=" + nxt),
        csrf=html.escape(form_token(s.secret_key, time.time())), next=html.escape(nxt), l_user=html.escape(t("login.username", lang)),
        l_pass=html.escape(t("login.password", lang)), submit=html.escape(t("login.submit", lang)),
        error=f'<div class="err" id="login-error">{html.escape(error)}</div>' if error else "",
        hint=f'<div class="hint">{html.escape(t("login.no_users", lang))}</div>' if not s.users else "",
    )
    return flask.Response(body, status=status, mimetype="text/html")

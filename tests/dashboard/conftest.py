"""Fixtures of the dashboard tests: a seeded database of their own, the Dash
app served by waitress on loopback, users, and headless Chromium.

Size: a little over 300 lines: the one browser per test process (handed out again between tests, every
window size emulated on it) and the served app share their life cycle here; the browser's own helpers
(sign-in, waits) are in browser.py.
"""

from __future__ import annotations

import socket
from pathlib import Path

import psycopg
import pytest

pytest.register_assert_rewrite("tests.dashboard.admin_checks")  # its asserts say what they compared

from collector.db import migrate  # noqa: E402
from tests.conftest import _drop_database, _test_database
from tests.dashboard.seed import seed
from tests.ports import free_port

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "dashboard"
SECRET = "test-secret-key-0123456789abcdef"
PASSWORDS = {"admin": "admin-pass-1", "kepala": "viewer-pass-1"}


@pytest.fixture(scope="session")
def users():
    from dashboard.auth import hash_password

    return [
        {"username": "admin", "password_hash": hash_password(PASSWORDS["admin"]), "role": "admin", "language": "en"},
        {"username": "kepala", "password_hash": hash_password(PASSWORDS["kepala"]), "role": "viewer"},
    ]


def make_settings(dsn: str, users: list[dict], **extra):
    from dashboard.settings import from_json

    raw = {"users": users, "language": "id", "secret_key": SECRET, "name": "Dinas Perpustakaan Lombok Timur",
           "poll_interval_s": 600, "refresh_s": 60} | extra
    return from_json(dsn, raw)


@pytest.fixture(scope="session")
def seeded_dsn(pg_server):
    """(dsn, now) of a migrated database of its own holding tests/dashboard/seed.sql."""
    name, dsn = _test_database(pg_server)
    migrate.upgrade(dsn)
    with psycopg.connect(dsn, autocommit=True) as conn:
        now = seed(conn)
    try:
        yield dsn, now
    finally:
        from dashboard import runtime

        try:
            runtime.reader().close()
        except RuntimeError:
            pass
        _drop_database(pg_server, name)


@pytest.fixture(scope="session")
def empty_dsn(pg_server):
    """A migrated database with nothing in it (a fresh install)."""
    name, dsn = _test_database(pg_server)
    migrate.upgrade(dsn)
    try:
        yield dsn
    finally:
        _drop_database(pg_server, name)


@pytest.fixture(scope="session")
def dash_app(seeded_dsn, users):
    """The one Dash app of this process (Dash callbacks are process-global)."""
    from dashboard.app import create_app

    return create_app(make_settings(seeded_dsn[0], users))


@pytest.fixture
def use_db(dash_app, users):
    """Point the running app at another database for one test (restored after)."""
    from dashboard import runtime

    before = runtime.get()

    def switch(dsn: str, **extra):
        from dashboard import runtime as rt

        if rt.get().reader is not before.reader:
            rt.get().reader.close()
        rt._current = None
        return rt.install(make_settings(dsn, users, **extra))

    yield switch
    if runtime.get().reader is not before.reader:
        runtime.get().reader.close()
    runtime._current = before


class ServerProcess:
    """`python -m dashboard serve` in its own process (waitress), as in production.

    Not a thread of the test process: there it would share the GIL with the
    Selenium client, and pages took 5-10 s instead of 1-2 s to settle.
    """

    def __init__(self, dsn: str, users: list[dict], **extra):
        import json
        import os
        import subprocess
        import sys
        import time
        import urllib.request

        self.port = free_port()
        cfg = {"users": users, "language": "id", "secret_key": SECRET, "name": "Dinas Perpustakaan Lombok Timur",
               "poll_interval_s": 600, "refresh_s": 60, "port": self.port, "address": "127.0.0.1"} | extra
        env = dict(os.environ, KUNANG_DSN=dsn, KUNANG_DASHBOARD_CONFIG=json.dumps(cfg))
        import tempfile

        # its log goes to a file: a pipe nobody reads would block the server once full
        self.log = tempfile.NamedTemporaryFile("w+", prefix="kunang-dashboard-", suffix=".log")
        self.proc = subprocess.Popen([sys.executable, "-m", "dashboard", "serve"], env=env,
                                     stdout=subprocess.DEVNULL, stderr=self.log, text=True)
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.time() + 60
        while True:
            try:
                with urllib.request.urlopen(self.url + "/login", timeout=2):
                    break
            except OSError:
                if self.proc.poll() is not None:
                    self.log.seek(0)
                    raise RuntimeError("dashboard exited: " + self.log.read()[-2000:]) from None
                if time.time() > deadline:
                    raise RuntimeError("dashboard did not start") from None
                time.sleep(0.2)

    def stop(self):
        import signal
        import subprocess

        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


@pytest.fixture(scope="session")
def live_server(seeded_dsn, users):
    """URL of the dashboard serving the seeded database from its own process."""
    server = ServerProcess(seeded_dsn[0], users)
    yield server.url
    server.stop()


@pytest.fixture
def client(dash_app):
    return dash_app.server.test_client()


def form_token(client) -> str:
    """The token of a login form the client is shown (bound to no session)."""
    import re

    r = client.get("/login")
    assert r.status_code == 200
    return re.search(r'name="csrf" value="([^"]+)"', r.get_data(as_text=True)).group(1)


def login(client, username: str):
    token = form_token(client)
    return client.post("/login", data={"username": username, "password": PASSWORDS[username], "csrf": token,
                                       "next": "/"})


PHONE_UA = ("Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/124.0 Mobile Safari/537.36")

# Counts the page's fetch() calls in flight (Dash's callbacks), for waits and timings.
FETCH_PROBE = """
window.__kunang = {pending: 0, last: 0, started: 0};
const __fetch = window.fetch;
window.fetch = function (...args) {
  window.__kunang.pending++; window.__kunang.started++;
  return __fetch.apply(this, args).finally(() => {
    window.__kunang.pending--; window.__kunang.last = performance.now();
  });
};
"""


# Chromium's switches: headless, no sandbox (root in CI), and nothing of a desktop browser's own background work
# (updates, sync, metrics, translation, crash reports): none of it is what the tests look at, all of it is CPU
CHROMIUM_FLAGS = (
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
    "--no-default-browser-check", "--disable-default-apps", "--disable-domain-reliability", "--disable-breakpad",
    "--disable-client-side-phishing-detection", "--disable-hang-monitor", "--metrics-recording-only",
    "--mute-audio", "--password-store=basic", "--use-mock-keychain",
    "--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication,"
    "CertificateTransparencyComponentUpdater,InterestFeedContentSuggestions")
WINDOW = (1366, 900)  # the browser's window; other sizes are emulated (Emulation.setDeviceMetricsOverride)


def emulate(d, width: int, height: int, mobile: bool = False, phone: bool = False) -> None:
    """Lay pages out at `width` x `height` CSS pixels (`mobile`: a mobile viewport). A `phone` is what
    chromedriver's mobileEmulation made of one: a mobile viewport at 2 device pixels per CSS pixel, touch, and a
    phone's user agent. The same Chromium serves every size (its window cannot be narrower than ~500 px anyway)."""
    d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": width, "height": height,
                                                             "deviceScaleFactor": 2 if phone else 1,
                                                             "mobile": mobile or phone})
    d.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": phone, "maxTouchPoints": 5 if phone else 1})
    d.execute_cdp_cmd("Emulation.setUserAgentOverride", {"userAgent": PHONE_UA if phone else d.kunang_agent})


def unemulate(d) -> None:
    """Back to the window's own size and the browser's own user agent."""
    d.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    d.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": False})
    d.execute_cdp_cmd("Emulation.setUserAgentOverride", {"userAgent": d.kunang_agent})


@pytest.fixture(scope="session")
def browser_factory():
    """Headless Debian Chromium through /usr/bin/chromedriver (never downloads a browser).

    One browser for the whole test process, whatever the size a test asks for (emulated): starting Chromium
    cost more than most tests' pages, and each new one fetched and compiled Dash's and Plotly's scripts again. A
    browser handed out again starts clean: a page of the same site signed out, no cookies (so no session), the
    window's own size, an empty console log, downloads into the new test's folder."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    drivers: list = []

    def start():
        opts = webdriver.ChromeOptions()
        opts.binary_location = "/usr/bin/chromium"
        for flag in CHROMIUM_FLAGS + (f"--window-size={WINDOW[0]},{WINDOW[1]}",):
            opts.add_argument(flag)
        opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        d = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
        d.kunang_agent = d.execute_cdp_cmd("Browser.getVersion", {})["userAgent"]
        d.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": FETCH_PROBE})
        return d

    def make(width: int = WINDOW[0], height: int = WINDOW[1], downloads: Path | None = None):
        if not drivers:
            drivers.append(start())
            d = drivers[0]
        else:  # used by an earlier test: nothing of it may show in this one
            d = drivers[0]
            hand_back(d)
            unemulate(d)  # a test's own emulation (test_dash030, test_dash022's phone)
            d.execute_cdp_cmd("Network.clearBrowserCookies", {})
            # the cache is kept: it holds Dash's and Plotly's scripts (fingerprinted, megabytes, the same for every
            # test), never a page or a callback's answer (sent without validators); clearing it made every test
            # download and compile them again
            d.get_log("browser")  # read, so the next test's log starts empty
        if (width, height) != WINDOW:
            emulate(d, width, height, phone=width < 600)
        d.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow" if downloads else "default",
                                                       **({"downloadPath": str(downloads)} if downloads else {})})
        return d

    yield make
    for d in drivers:
        d.quit()


def hand_back(d) -> None:
    """Leave the last test's page for a plain page of the same site, signed out (the caller clears the cookies).

    The same site (http://127.0.0.1, whatever the port) keeps Chromium's renderer process and the scripts it
    compiled: handing out from about:blank started a new renderer for every test (+0.8 s CPU a test).
    Nothing of the old page may still be on its way: the answer to a callback sent before its session ended
    sets that session's cookie again (Flask refreshes it on every answer, a 401 included), and landing between
    the next test's login form and its sign-in it takes the form's token away (seen once: "Formulir
    kedaluwarsa" instead of the page, at load 26, when the page was simply left for /logout). So the page first
    sends nothing more (its fetch stops) and its callbacks are awaited; then `/logout` ends the session on the
    server, and the browser waits on a plain-text page (a signed-out request's 401), so that a test's wait
    for the login form cannot be met by the old one. A page that does not settle is left for about:blank."""
    from urllib.parse import urlsplit

    from selenium.common.exceptions import TimeoutException, WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait

    here = urlsplit(d.current_url)
    if here.scheme != "http" or here.hostname != "127.0.0.1" or not _listening(here.port or 80):
        d.get("about:blank")  # not a dashboard page, or its server has stopped (test_dash016, test_dash023)
        return
    try:
        d.execute_script("window.fetch = () => new Promise(() => {});")  # no new callback leaves the page
        WebDriverWait(d, 30, poll_frequency=0.1).until(
            lambda x: x.execute_script("return !window.__kunang || window.__kunang.pending === 0"))
    except (TimeoutException, WebDriverException):
        d.get("about:blank")
        return
    origin = f"{here.scheme}://{here.netloc}"
    d.get(origin + "/logout")
    d.get(origin + "/_kunang/handed-back")


def _listening(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS

"""Sign-in under concurrent requests against the dashboard's own server process (a real HTTP client, and
headless Chromium): any number of tabs opened at once without a cookie each get a form that signs in (the
form's token is bound to no session); the favicon never touches the session; a form posted from another
site is refused whatever its token; a stale or forged token is refused as expired, in both languages."""

from __future__ import annotations

import re
import threading

from tests.dashboard.conftest import PASSWORDS, SECRET


def _form_token(page: str) -> str:
    m = re.search(r'name="csrf" value="([^"]+)"', page)
    assert m, page[:300]
    return m.group(1)


def _post(client, base: str, token: str, user: str = "kepala", **headers):
    return client.post(base + "/login", data={"username": user, "password": PASSWORDS[user], "csrf": token,
                                              "next": "/site"}, headers=headers, allow_redirects=False, timeout=30)


def test_dash003_form_token_is_signed_dated_and_sessionless():
    """The token itself, the moment injected: valid for FORM_TTL_S with this secret only, every form its own."""
    from dashboard.auth import FORM_TTL_S, form_token, form_token_valid

    now = 1_800_000_000.0
    a, b = form_token(SECRET, now), form_token(SECRET, now)
    assert a != b and form_token_valid(a, SECRET, now) and form_token_valid(b, SECRET, now)
    assert form_token_valid(a, SECRET, now + FORM_TTL_S) and not form_token_valid(a, SECRET, now + FORM_TTL_S + 1)
    assert not form_token_valid(a, "another-secret", now) and not form_token_valid(a, SECRET, now - 3600)
    issued, nonce, mac = a.split(".")
    other_last = "1" if mac[-1] == "0" else "0"  # a MAC one digit off (with "0" always, 1 in 16 ended with it)
    for forged in (f"{int(issued) + 1}.{nonce}.{mac}", f"{issued}.x{nonce}.{mac}", f"{issued}.{nonce}.{mac[:-1]}{other_last}",
                   "", "forged", "1.2", "a.b.c", f"{issued}.{nonce}.{mac}.x"):
        assert not form_token_valid(forged, SECRET, now), forged


def test_dash003_tabs_opened_at_once_all_sign_in(live_server):
    """Four cookie-less GETs of /login at the same instant (one browser's shared cookie jar, and separate
    ones), with the browser's unprompted favicon fetch among them: no answer sets a cookie, and every
    form signs in, in any order, each into a session of its own."""
    import requests

    jar = requests.Session()  # the tabs of one browser share its cookies
    pages: list[str] = [""] * 4
    start = threading.Barrier(5)

    def tab(i: int):
        start.wait()
        r = jar.get(live_server + "/login?next=/site", timeout=30)
        assert r.status_code == 200 and "Set-Cookie" not in r.headers, r.headers
        pages[i] = r.text

    def icon():
        start.wait()
        r = jar.get(live_server + "/favicon.ico", allow_redirects=False, timeout=30)
        assert r.status_code == 200 and r.headers["Content-Type"] == "image/x-icon" and "Set-Cookie" not in r.headers
        assert r.content[:4] == b"\x00\x00\x01\x00"  # an ICO file

    threads = [threading.Thread(target=tab, args=(i,)) for i in range(4)] + [threading.Thread(target=icon)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    tokens = [_form_token(p) for p in pages]
    assert len(set(tokens)) == 4 and not jar.cookies
    # the last form first, then the others, all in the shared jar: each signs in (a new session each time)
    cookies = []
    for token in reversed(tokens[1:]):
        r = _post(jar, live_server, token)
        assert r.status_code == 302 and r.headers["Location"] == "/site", (r.status_code, r.text[:300])
        cookies.append(jar.cookies["kunang_session"])
        assert jar.get(live_server + "/_dash-layout", timeout=30).status_code == 200
    assert len(set(cookies)) == 3
    # the first form, from a browser of its own (no cookie at all), signs in too
    other = requests.Session()
    r = _post(other, live_server, tokens[0], Origin=live_server)
    assert r.status_code == 302 and other.get(live_server + "/_dash-layout", timeout=30).status_code == 200
    # a copy of the cookie stops working when its session signs out
    old = requests.Session()
    old.cookies.set("kunang_session", cookies[-1])
    assert old.get(live_server + "/_dash-layout", timeout=30).status_code == 200
    assert jar.post(live_server + "/logout", allow_redirects=False, timeout=30).status_code == 302
    assert old.get(live_server + "/_dash-layout", timeout=30).status_code == 401


def test_dash003_cross_site_sign_in_is_refused(live_server):
    """Login CSRF: a page elsewhere making the browser post a valid form (its token fetched by the attacker)
    is refused by Origin, by Referer without Origin, by an opaque origin, and by fetch metadata; the same
    form from this dashboard's origin signs in."""
    import requests

    from dashboard.i18n import t

    host = re.match(r"http://([^/]+)", live_server).group(1)
    forged = [{"Origin": "http://evil.example"}, {"Origin": "https://evil.example"}, {"Origin": "null"},
              {"Origin": "http://127.0.0.2:" + host.split(":")[1]}, {"Origin": "http://127.0.0.1:1"},
              {"Origin": "http://" + host + ".evil.example"}, {"Origin": "javascript://" + host},
              {"Referer": "http://evil.example/page?x=" + host},
              {"Origin": live_server, "Sec-Fetch-Site": "cross-site"}]
    for lang in ("id", "en"):
        tab = requests.Session()
        tab.get(live_server + f"/language/{lang}?next=/login", timeout=30)
        for headers in forged:
            token = _form_token(requests.get(live_server + "/login", timeout=30).text)
            r = _post(tab, live_server, token, **headers)
            assert r.status_code == 403 and t("login.cross_site", lang) in r.text, (lang, headers, r.status_code)
            assert tab.get(live_server + "/_dash-layout", timeout=30).status_code == 401
        for headers in ({"Origin": live_server}, {"Referer": live_server + "/login?next=/site"},
                        {"Origin": live_server, "Sec-Fetch-Site": "same-origin"}):
            r = _post(tab, live_server, _form_token(r.text), **headers)  # the refused page's own form works
            assert r.status_code == 302, (lang, headers, r.status_code)
            assert tab.get(live_server + "/_dash-layout", timeout=30).status_code == 200
            tab.post(live_server + "/logout", timeout=30)
            r = tab.get(live_server + "/login", timeout=30)


def test_dash003_stale_form_is_expired_in_both_languages(live_server):
    """A token out of date (older than FORM_TTL_S), signed with another secret, altered, or missing is
    refused as expired, in the language of the page, and nobody is signed in; the refused page's form works."""
    import time

    import requests

    from dashboard.auth import FORM_TTL_S, form_token
    from dashboard.i18n import t

    fresh = _form_token(requests.get(live_server + "/login", timeout=30).text)
    issued, nonce, mac = fresh.split(".")
    for lang in ("id", "en"):
        tab = requests.Session()
        tab.get(live_server + f"/language/{lang}?next=/login", timeout=30)
        for token in (form_token(SECRET, time.time() - FORM_TTL_S - 120), form_token("not-the-secret", time.time()),
                      f"{issued}.{nonce}x.{mac}", ""):
            r = _post(tab, live_server, token)
            assert r.status_code == 400 and t("login.expired", lang) in r.text, (lang, token, r.status_code)
        assert tab.get(live_server + "/_dash-layout", timeout=30).status_code == 401
        r = _post(tab, live_server, _form_token(r.text))
        assert r.status_code == 302, (lang, r.status_code)


def test_dash003_two_chromium_tabs_sign_in(live_server, browser_factory):
    """Headless Chromium without cookies: two tabs show the login form, the first tab's form is sent after
    the second was loaded and signs in (Chromium's own Origin header passes), then the second tab's."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC

    from tests.dashboard.browser import wait

    d = browser_factory()
    d.get(live_server + "/login?next=/site")
    first = d.current_window_handle
    d.switch_to.new_window("tab")
    second = d.current_window_handle
    d.get(live_server + "/login?next=/site")
    assert not d.get_cookies()
    try:
        for handle in (first, second):
            d.switch_to.window(handle)
            wait(d).until(EC.presence_of_element_located((By.ID, "login-form")))
            d.find_element(By.ID, "username").send_keys("kepala")
            d.find_element(By.ID, "password").send_keys(PASSWORDS["kepala"])
            d.find_element(By.ID, "login-submit").click()
            wait(d).until(EC.presence_of_element_located((By.ID, "nav-user")))
    finally:
        d.switch_to.window(second)
        d.close()
        d.switch_to.window(first)

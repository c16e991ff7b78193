"""Sign-in under concurrent requests against the dashboard's own server process (a real HTTP client):
the browser's unprompted favicon fetch and a second tab must not expire the first tab's form, and a
truly stale form is refused in both languages."""

from __future__ import annotations

from tests.dashboard.conftest import PASSWORDS


def _form_token(page: str) -> str:
    import re

    m = re.search(r'name="csrf" value="([^"]+)"', page)
    assert m, page[:300]
    return m.group(1)


def test_dash003_login_race_favicon_and_second_tab(live_server):
    """A real HTTP client against the dashboard's own server process: the login form, then the
    browser's unprompted /favicon.ico (with the cookie and, as Chromium's browser process sends it
    alongside the page, without), then the login page again in another tab; the FIRST form signs in."""
    import requests

    tab = requests.Session()
    first = tab.get(live_server + "/login?next=/site", timeout=30)
    assert first.status_code == 200 and "kunang_session" in tab.cookies
    token, cookie = _form_token(first.text), tab.cookies["kunang_session"]
    for icon in (tab.get(live_server + "/favicon.ico", allow_redirects=False, timeout=30),
                 requests.get(live_server + "/favicon.ico", allow_redirects=False, timeout=30),
                 requests.get(live_server + "/_favicon.ico", allow_redirects=False, timeout=30)):
        assert icon.status_code == 200 and icon.headers["Content-Type"] == "image/x-icon", icon.status_code
        assert icon.content[:4] == b"\x00\x00\x01\x00"  # an ICO file
        assert "Set-Cookie" not in icon.headers
    second = tab.get(live_server + "/login", timeout=30)  # another tab: same cookie, same token
    assert second.status_code == 200 and _form_token(second.text) == token
    assert tab.cookies["kunang_session"] == cookie
    r = tab.post(live_server + "/login", data={"username": "kepala", "password": PASSWORDS["kepala"], "csrf": token,
                                               "next": "/site"}, allow_redirects=False, timeout=30)
    assert r.status_code == 302 and r.headers["Location"] == "/site", (r.status_code, r.text[:300])
    assert tab.get(live_server + "/_dash-layout", timeout=30).status_code == 200
    # a new session on signing in (no fixation): the cookie from before is not signed in, and the token is spent
    assert tab.cookies["kunang_session"] != cookie
    old = requests.Session()
    old.cookies.set("kunang_session", cookie)
    assert old.get(live_server + "/_dash-layout", timeout=30).status_code == 401
    again = tab.post(live_server + "/logout", allow_redirects=False, timeout=30)
    assert again.status_code == 302


def test_dash003_stale_form_is_expired_in_both_languages(live_server):
    """A form whose token is not its session's (another session's, or none) is refused as expired,
    in the language of the page, and nobody is signed in."""
    import requests

    from dashboard.i18n import t

    stale = _form_token(requests.get(live_server + "/login", timeout=30).text)  # that session is gone
    for lang in ("id", "en"):
        tab = requests.Session()
        tab.get(live_server + f"/language/{lang}?next=/login", timeout=30)
        for token in (stale, ""):
            r = tab.post(live_server + "/login", data={"username": "kepala", "password": PASSWORDS["kepala"],
                                                       "csrf": token}, allow_redirects=False, timeout=30)
            assert r.status_code == 400 and t("login.expired", lang) in r.text, (lang, r.status_code)
        assert tab.get(live_server + "/_dash-layout", timeout=30).status_code == 401
        # the refused page carries this session's token: sending it again signs in
        r = tab.post(live_server + "/login", data={"username": "kepala", "password": PASSWORDS["kepala"],
                                                   "csrf": _form_token(r.text)}, allow_redirects=False, timeout=30)
        assert r.status_code == 302, (lang, r.status_code)

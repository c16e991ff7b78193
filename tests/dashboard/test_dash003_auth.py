"""Login for every page and Dash endpoint, cookies, throttling, and admin actions
refused to viewers even when the callback endpoint is called directly."""

from __future__ import annotations

import psycopg

from tests.dashboard.conftest import PASSWORDS, form_token, login

ANONYMOUS_GET = ["/", "/site", "/site?site=1", "/access-points", "/ap/1", "/alerts", "/reports", "/quality",
                 "/district", "/no-such-page", "/_dash-layout", "/_dash-dependencies", "/_reload-hash",
                 "/assets/01-kunang.css", "/assets/00-bootstrap-5.2.3.min.css", "/reports/file/1"]


def ack_payload(alert_id: int) -> dict:
    return {
        "output": "alert-result.children",
        "outputs": {"id": "alert-result", "property": "children"},
        "inputs": [{"id": "alert-ack", "property": "n_clicks", "value": 1},
                   {"id": "alert-silence", "property": "n_clicks", "value": None}],
        "state": [{"id": "alerts-active", "property": "selectedRows", "value": [{"id": alert_id}]},
                  {"id": "alert-silence-hours", "property": "value", "value": 4}],
        "changedPropIds": ["alert-ack.n_clicks"],
    }


def test_dash003_every_endpoint_refuses_anonymous(client, dash_app):
    suites = [p for p in dash_app._collect_and_register_resources(dash_app.scripts.get_all_scripts())
              if "_dash-component-suites" in p][:5]
    assert suites
    for path in ANONYMOUS_GET + [s.split("?")[0] for s in suites]:
        r = client.get(path)
        assert r.status_code in (302, 401), path
        if r.status_code == 302:
            assert r.headers["Location"].startswith("/login"), path
        assert b"Perpustakaan" not in r.data, path
    r = client.post("/_dash-update-component", json=ack_payload(1))
    assert r.status_code == 401
    assert client.post("/", data={}).status_code == 401


def test_dash003_every_route_and_method_refuses_anonymous(dash_app, client):
    """Every route the server has (Flask's, Dash's, the dashboard's), with every method it accepts."""
    import re

    samples = {"path": "dash/dash-renderer/build/dash_renderer.v4_0_0m1.min.js", "int": "1", "string": "dash",
               "default": "x"}
    checked = 0
    for rule in dash_app.server.url_map.iter_rules():
        if rule.rule in ("/login", "/favicon.ico", "/_favicon.ico") or rule.rule.startswith("/language/"):
            continue  # public by design: the form, the language of the form, the icon (test_dash003_login_race)
        path = re.sub(r"<(?:(\w+):)?\w+>", lambda m: samples.get(m.group(1) or "default", "x"), rule.rule)
        for method in sorted(rule.methods):
            r = client.open(path, method=method)
            assert r.status_code in (302, 401), (method, rule.rule, r.status_code)
            if r.status_code == 302:
                assert method == "GET" and r.headers["Location"].startswith("/login"), (method, rule.rule)
            assert b"Perpustakaan" not in r.data and b"Kunang" not in r.data, (method, rule.rule)
            checked += 1
    assert checked >= 30
    # the public routes give nothing away either
    r = client.get("/language/en?next=/site?site=1")
    assert r.status_code == 302 and r.headers["Location"] == "/site?site=1"
    assert client.get("/site?site=1").status_code == 302


def test_dash003_login_page_and_cookie_flags(client, use_db, seeded_dsn):
    r = client.get("/login")
    assert r.status_code == 200 and b'name="csrf"' in r.data and r.headers["Cache-Control"] == "no-store"
    r = login(client, "admin")
    assert r.status_code == 302 and r.headers["Location"] == "/"
    cookie = [h for h in r.headers.getlist("Set-Cookie") if h.startswith("kunang_session=")][0]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    assert client.get("/_dash-layout").status_code == 200
    assert client.get("/").status_code == 200
    # behind TLS (secure_cookies: true) the cookie is Secure
    use_db(seeded_dsn[0], secure_cookies=True)
    client.get("/logout")
    r = login(client, "kepala")
    cookie = [h for h in r.headers.getlist("Set-Cookie") if h.startswith("kunang_session=")][0]
    assert "Secure" in cookie


def test_dash003_wrong_password_and_csrf(client):
    token = form_token(client)
    r = client.post("/login", data={"username": "admin", "password": "nope", "csrf": token})
    assert r.status_code == 401 and b"Wrong username or password" in r.data or b"salah" in r.data
    r = client.post("/login", data={"username": "admin", "password": PASSWORDS["admin"], "csrf": "forged"})
    assert r.status_code == 400
    assert client.get("/_dash-layout").status_code == 401
    # an open redirect through ?next= is refused
    r = client.post("/login", data={"username": "admin", "password": PASSWORDS["admin"], "csrf": token,
                                    "next": "//evil.example/x"})
    assert r.status_code == 302 and r.headers["Location"] == "/"


def test_dash003_login_throttling(dash_app):
    from dashboard import runtime

    runtime.get().throttle._entries.clear()
    client = dash_app.server.test_client()
    token = form_token(client)
    codes = [client.post("/login", data={"username": "kepala", "password": f"guess-{i}", "csrf": token}).status_code
             for i in range(6)]
    assert codes == [401, 401, 401, 401, 401, 429]
    # locked: even the right password is refused for now
    r = client.post("/login", data={"username": "kepala", "password": PASSWORDS["kepala"], "csrf": token})
    assert r.status_code == 429 and int(r.headers["Retry-After"]) > 0
    runtime.get().throttle._entries.clear()
    r = client.post("/login", data={"username": "kepala", "password": PASSWORDS["kepala"], "csrf": token})
    assert r.status_code == 302


def test_dash003_password_change_ends_sessions(client, dash_app, use_db, seeded_dsn, users):
    from dashboard.auth import hash_password

    login(client, "kepala")
    assert client.get("/_dash-layout").status_code == 200
    changed = [dict(u) for u in users]
    changed[1]["password_hash"] = hash_password("a-new-password")
    from dashboard import runtime
    from tests.dashboard.conftest import make_settings

    runtime.install(make_settings(seeded_dsn[0], changed))
    assert client.get("/_dash-layout").status_code == 401


def _alert_acked(dsn: str, alert_id: int):
    with psycopg.connect(dsn) as c:
        return c.execute("SELECT acked_by FROM alert WHERE id = %s", (alert_id,)).fetchone()[0]


def test_dash003_viewer_refused_admin_action_on_direct_call(client, seeded_dsn):
    dsn = seeded_dsn[0]
    with psycopg.connect(dsn) as c:
        alert_id = c.execute("SELECT id FROM alert WHERE state = 'firing'").fetchone()[0]
    login(client, "kepala")
    r = client.post("/_dash-update-component", json=ack_payload(alert_id))
    assert r.status_code == 200
    assert "admin-refused" in r.get_data(as_text=True)
    assert _alert_acked(dsn, alert_id) is None
    # report generation too
    r = client.post("/_dash-update-component", json={
        "output": "report-result.children", "outputs": {"id": "report-result", "property": "children"},
        "inputs": [{"id": "report-generate", "property": "n_clicks", "value": 1}],
        "state": [{"id": "report-month", "property": "value", "value": "2026-10"},
                  {"id": "report-site", "property": "value", "value": ""},
                  {"id": "report-format", "property": "value", "value": "csv"}],
        "changedPropIds": ["report-generate.n_clicks"]})
    assert r.status_code == 200 and "admin-refused" in r.get_data(as_text=True)
    with psycopg.connect(dsn) as c:
        assert c.execute("SELECT count(*) FROM report_file").fetchone()[0] == 0
    # and silencing
    payload = ack_payload(alert_id)
    payload["inputs"] = [{"id": "alert-ack", "property": "n_clicks", "value": None},
                         {"id": "alert-silence", "property": "n_clicks", "value": 1}]
    payload["changedPropIds"] = ["alert-silence.n_clicks"]
    r = client.post("/_dash-update-component", json=payload)
    assert r.status_code == 200 and "admin-refused" in r.get_data(as_text=True)
    with psycopg.connect(dsn) as c:
        assert c.execute("SELECT count(*) FROM alert_silence").fetchone()[0] == 0


def test_dash003_admin_acknowledges_and_silences(client, seeded_dsn):
    dsn = seeded_dsn[0]
    with psycopg.connect(dsn) as c:
        alert_id = c.execute("SELECT id FROM alert WHERE state = 'firing'").fetchone()[0]
    login(client, "admin")
    r = client.post("/_dash-update-component", json=ack_payload(alert_id))
    assert "alert-done" in r.get_data(as_text=True)
    assert _alert_acked(dsn, alert_id) == "admin"
    payload = ack_payload(alert_id)
    payload["inputs"][1]["value"] = 1
    payload["changedPropIds"] = ["alert-silence.n_clicks"]
    r = client.post("/_dash-update-component", json=payload)
    assert "alert-done" in r.get_data(as_text=True)
    with psycopg.connect(dsn) as c:
        row = c.execute("SELECT created_by, ap_id, kind, round(extract(epoch FROM ends_at - starts_at) / 3600)"
                        " FROM alert_silence").fetchone()
        c.execute("UPDATE alert SET acked_at = NULL, acked_by = NULL")
        c.execute("DELETE FROM alert_silence")
    assert row == ("admin", 6, "ap_down", 4)


def test_dash003_throttling_locks_an_address_not_the_account(dash_app):
    """Five wrong passwords from one address lock that address out; the same user from
    another address still signs in (issue 14)."""
    from dashboard import runtime

    runtime.get().throttle._entries.clear()
    attacker = dash_app.server.test_client()
    attacker.environ_base["REMOTE_ADDR"] = "198.51.100.7"
    token = form_token(attacker)
    codes = [attacker.post("/login", data={"username": "kepala", "password": f"guess-{i}", "csrf": token}).status_code
             for i in range(6)]
    assert codes[-1] == 429
    owner = dash_app.server.test_client()
    owner.environ_base["REMOTE_ADDR"] = "192.0.2.20"
    r = login(owner, "kepala")
    assert r.status_code == 302 and owner.get("/_dash-layout").status_code == 200
    runtime.get().throttle._entries.clear()


def test_dash003_logout_revokes_the_session_and_no_shell_under_language(dash_app, use_db, seeded_dsn):
    use_db(seeded_dsn[0])
    client = dash_app.server.test_client()
    assert login(client, "admin").status_code == 302
    cookie = client.get_cookie("kunang_session").value
    assert client.get("/_dash-layout").status_code == 200
    client.get("/logout")
    thief = dash_app.server.test_client()
    thief.set_cookie("kunang_session", cookie)  # the cookie as it was before the logout
    assert thief.get("/_dash-layout").status_code == 401
    assert thief.get("/").status_code == 302
    # the language switch serves no page shell under it
    anon = dash_app.server.test_client()
    for path in ("/language/x/overview", "/language/en/", "/language/en/site"):
        r = anon.get(path)
        assert r.status_code in (302, 401, 404) and b"_dash-" not in r.data, (path, r.status_code)
        if r.status_code == 302:
            assert r.headers["Location"].startswith("/login")


def test_dash003_language_chosen_on_the_login_page_is_kept(client):
    """admin's own language is English; switched to Bahasa Indonesia on the login page, the session stays in it
    (after a logout, the next sign-in is in the user's own language again)."""
    from tests.dashboard.conftest import login

    client.get("/language/id?next=/login")
    assert login(client, "admin").status_code == 302
    with client.session_transaction() as s:
        assert s["lang"] == "id"
    client.get("/logout")
    assert login(client, "admin").status_code == 302
    with client.session_transaction() as s:
        assert s["lang"] == "en"

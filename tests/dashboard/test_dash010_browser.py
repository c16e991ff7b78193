"""End to end in headless Chromium: switch language, open an AP page, the site's "today" and a chart's CSV, a
viewer refused an admin action, refused without login, database down banner; screenshots in
test-artifacts/dashboard/. Elsewhere, on page loads they share: every page as the admin in English with the
overview's and district's figures (test_dash030 + admin_checks.py), every page on a phone and in Indonesian as
the viewer (test_dash022, which folds the phone's navigation too), an expired session (test_dash020)."""

from __future__ import annotations

import csv
import datetime as dt
import time
from zoneinfo import ZoneInfo

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from dashboard import fmt, periods
from dashboard.charts import registry
from tests.dashboard.browser import charts_drawn, idle, login, shot, text_of, wait

pytestmark = pytest.mark.browser

PAGES = [("overview", "/"), ("site", "/site?site=1"), ("access-points", "/access-points"), ("ap", "/ap/1"),
         ("alerts", "/alerts"), ("reports", "/reports"), ("quality", "/quality?site=1"), ("district", "/district")]


def open_page(d, url: str):
    d.get(url)
    wait_settled(d)


def wait_settled(d):
    """The page loaded: its content there, no callback in flight, every chart drawn."""
    wait(d).until(EC.presence_of_element_located((By.ID, "_pages_content")))
    idle(d)
    if d.find_elements(By.CSS_SELECTOR, ".chart-card"):
        charts_drawn(d)
    idle(d)


def severe(d) -> list:
    return [e for e in d.get_log("browser") if e["level"] == "SEVERE"]


def test_dash011_viewer_switches_language_and_opens_an_ap(live_server, browser_factory, artifacts):
    d = browser_factory()
    login(d, live_server, "kepala")
    # the default language of the deployment: Bahasa Indonesia
    assert text_of(d, "nav-overview") == "Ringkasan"
    assert text_of(d, "ov-clients") == "16" and text_of(d, "ov-aps") == "4 / 5"
    assert d.execute_script("return document.documentElement.lang") == "id"
    wait(d).until(lambda x: x.title == "Ringkasan · Kunang")
    assert text_of(d, "ov-updated").startswith("Terakhir diperbarui")
    assert "." in text_of(d, "ov-updated").split()[-2]  # 09.15: Indonesian time separator
    shot(d, artifacts, "viewer-id-overview")
    d.find_element(By.ID, "switch-language").click()
    wait(d).until(lambda x: x.find_element(By.ID, "nav-overview").text == "Overview")
    assert text_of(d, "ov-updated").startswith("Last updated")
    assert d.execute_script("return document.documentElement.lang") == "en"
    wait(d).until(lambda x: x.title == "Overview · Kunang")
    # the choice sticks for this user's session
    open_page(d, live_server + "/access-points")
    assert d.find_element(By.ID, "nav-aps").text == "Access points"
    link = wait(d).until(EC.element_to_be_clickable((By.LINK_TEXT, "ruang-baca")))
    link.click()
    wait(d).until(EC.url_contains("/ap/1"))
    wait(d).until(EC.presence_of_element_located((By.ID, "ap-title")))
    charts_drawn(d)
    assert "ruang-baca" in d.find_element(By.ID, "ap-title").text
    assert "up" in d.find_element(By.ID, "ap-state").text
    wait(d).until(lambda x: "rebooted" in x.find_element(By.ID, "ap-events").text)
    shot(d, artifacts, "viewer-en-ap")
    # back to Indonesian on the AP page
    d.find_element(By.ID, "switch-language").click()
    wait(d).until(lambda x: "Titik akses" in x.find_element(By.ID, "ap-title").text)
    charts_drawn(d)
    shot(d, artifacts, "viewer-id-ap")
    assert severe(d) == []


def test_dash012_today_in_the_sites_zone_then_a_chart_csv(live_server, browser_factory, tmp_path, seeded_dsn,
                                                           dash_app):
    """The "today" preset is the site's local day (Asia/Makassar), whatever the server's zone; then, on the
    same page, the last 7 days chosen and the visitors chart's CSV downloaded with its button."""
    from dashboard.pages import site as page
    from tests.dashboard.test_dash002_figures import as_user
    from tests.dashboard.test_dash020_browser_more import TZ, sessions_of

    d = browser_factory(downloads=tmp_path)
    login(d, live_server, "admin", "/site?site=1&range=today")
    wait_settled(d)
    today = dt.datetime.now(dt.timezone.utc).astimezone(ZoneInfo(TZ)).date()
    p = periods.period("today", None, None, TZ)
    assert p["start"] == p["end"] == today
    assert d.find_element(By.ID, "site-period").text == page.period_summary(p, "en")
    assert text_of(d, "site-sessions") == fmt.num(sessions_of(seeded_dsn[0], today, today), "en")

    d.find_element(By.XPATH, "//label[normalize-space()='Last 7 days']").click()
    week = periods.period("7d", None, None, TZ)
    wait(d).until(lambda x: x.find_element(By.ID, "site-period").text == page.period_summary(week, "en"))
    wait(d).until(lambda x: "range=7d" in x.current_url)
    wait_settled(d)
    button = d.execute_script("return document.getElementById(arguments[0])", '{"name":"site.visitors","type":"csv"}')
    d.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click()", button)
    target = tmp_path / "kunang-site-visitors.csv"
    try:
        wait(d).until(lambda _: target.exists() and target.stat().st_size > 0)
    except Exception:
        import os
        print("FILES", os.listdir(tmp_path), d.get_log("browser"))
        raise
    time.sleep(0.3)
    rows = list(csv.reader(target.open(encoding="utf-8")))
    assert rows[0] == ["Day", "Visitors (devices)", "New (devices)", "Returning (devices)", "Wi-Fi sessions",
                       "Persons (estimate)", "Limited by"]
    with as_user(dash_app):
        _, expected = registry.produce("site.visitors", {"site_id": 1, "range": "7d"}, "en")
    assert [r[1] for r in rows[1:]] == [str(v) for v in expected["Visitors (devices)"]]
    assert len(rows) == 8  # seven local days
    assert severe(d) == []


def test_dash013_viewer_refused_admin_action(live_server, browser_factory, artifacts, seeded_dsn):
    import psycopg

    d = browser_factory()
    login(d, live_server, "kepala", "/alerts")
    wait_settled(d)
    # a viewer does not see the actions ...
    assert not d.find_element(By.ID, "alert-actions").is_displayed()
    wait(d).until(lambda x: "ap-belakang" in x.find_element(By.ID, "alerts-active").text)
    # ... and if the buttons are forced visible, the server still refuses
    d.execute_script("document.getElementById('alert-actions').style.display = 'flex'")
    d.find_element(By.CSS_SELECTOR, "#alerts-active .ag-row .ag-checkbox-input, #alerts-active .ag-row").click()
    d.find_element(By.ID, "alert-ack").click()
    refused = wait(d).until(EC.visibility_of_element_located((By.ID, "admin-refused")))
    assert "administrator" in refused.text.lower()
    shot(d, artifacts, "viewer-id-alerts-refused")
    with psycopg.connect(seeded_dsn[0]) as c:
        assert c.execute("SELECT count(*) FROM alert WHERE acked_at IS NOT NULL").fetchone()[0] == 0


def test_dash014_refused_without_login(live_server, browser_factory, artifacts):
    d = browser_factory()
    for path in ("/", "/site?site=1", "/ap/1", "/district"):
        d.get(live_server + path)
        wait(d).until(EC.presence_of_element_located((By.ID, "login-form")))
        assert "/login" in d.current_url
    shot(d, artifacts, "login-id")
    statuses = d.execute_script("""
        const paths = ['/_dash-layout', '/_dash-dependencies', '/assets/01-kunang.css', '/reports/file/1'];
        const out = [];
        for (const p of paths) { const r = await fetch(p, {redirect: 'manual'}); out.push(r.status); }
        const u = await fetch('/_dash-update-component', {method: 'POST', headers: {'Content-Type': 'application/json'},
                                                          body: '{}'});
        out.push(u.status);
        return out;
    """)
    assert statuses[:3] == [401, 401, 401] and statuses[3] in (0, 302) and statuses[4] == 401
    # a wrong password says so, in the chosen language
    d.find_element(By.ID, "login-language").click()
    wait(d).until(lambda x: x.find_element(By.ID, "login-submit").text == "Sign in")
    d.find_element(By.ID, "username").send_keys("admin")
    d.find_element(By.ID, "password").send_keys("wrong-password")
    d.find_element(By.ID, "login-submit").click()
    assert "Wrong username or password" in wait(d).until(
        EC.visibility_of_element_located((By.ID, "login-error"))).text
    shot(d, artifacts, "login-en-failed")


def test_dash016_database_down_banner(browser_factory, artifacts, seeded_dsn, users):
    from tests.dashboard.conftest import ServerProcess
    from tests.dashboard.proxy import PgProxy

    proxy = PgProxy(seeded_dsn[0])
    proxy.up()
    # the banner follows the health check, every 10 s by default; 6 s here (not shorter: a check while the
    # database is down waits 3 s for a connection, and Dash drops a check still running when the next starts)
    server = ServerProcess(proxy.dsn, users, health_check_s=6)
    try:
        d = browser_factory()
        login(d, server.url, "admin")
        wait_settled(d)
        assert not d.find_elements(By.CSS_SELECTOR, "#db-banner .db-down")
        proxy.down()
        banner = wait(d, 30).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "#db-banner .db-down")))
        assert "database cannot be reached" in banner.text
        d.refresh()  # a page loaded while the database is down still renders
        wait(d, 30).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "#db-banner .db-down")))
        shot(d, artifacts, "admin-en-database-down")
        proxy.up()
        wait(d, 30).until(lambda x: not x.find_elements(By.CSS_SELECTOR, "#db-banner .db-down"))
        assert text_of(d, "ov-clients", timeout=30) == "16"
    finally:
        server.stop()
        proxy.close()

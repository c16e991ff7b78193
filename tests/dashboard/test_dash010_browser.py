"""End to end in headless Chromium: log in (every page with seeded data: test_dash030), switch
language, open an AP page, download a CSV, a viewer refused an admin action,
refused without login, database down banner, phone layout; screenshots of each
page in test-artifacts/dashboard/."""

from __future__ import annotations

import csv
import re
import time

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

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


def test_dash010_every_page_as_admin_in_english(live_server, browser_factory, artifacts):
    d = browser_factory()
    login(d, live_server, "admin")
    assert text_of(d, "nav-overview") == "Overview"  # the admin's own language
    # every page as the admin in English, console included, with screenshots: test_dash030 (its English pass)
    # the overview shows the seeded fleet: 16 clients now, 4 of 5 APs up, the down AP on the board
    open_page(d, live_server + "/")
    assert text_of(d, "ov-clients") == "16"
    assert text_of(d, "ov-aps") == "4 / 5"
    wait(d).until(lambda x: "ap-belakang" in x.find_element(By.ID, "ov-board").text)
    assert "Perpustakaan Desa Sembalun" in d.find_element(By.ID, "card-overview.occupancy").text or \
        d.execute_script("return document.querySelector('#card-overview\\\\.occupancy .js-plotly-plot').data[0].y.length") == 2
    # the district page's villages: the seeded village is late (26 h behind) with backfilled data
    open_page(d, live_server + "/district")
    wait(d).until(lambda x: "Labuhan Haji" in x.find_element(By.ID, "village-grid").text)
    villages = d.find_element(By.ID, "card-village-grid").text
    # 26 h behind when seeded (more by the time the page is read), 4,200 records waiting on the edge
    assert "late" in villages and re.search(r"\n2[6-9](\.\d)?\n4,200\n", villages) and \
        "backfilled: 1,500" in villages, villages
    assert "Every village reports." in villages
    shot(d, artifacts, "admin-en-district-villages")
    assert severe(d) == []


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


def test_dash012_download_a_chart_csv(live_server, browser_factory, artifacts, tmp_path, dash_app):
    d = browser_factory(downloads=tmp_path)
    login(d, live_server, "admin")
    open_page(d, live_server + "/site?site=1&range=7d")
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
    from tests.dashboard.test_dash002_figures import as_user

    with as_user(dash_app):
        _, expected = registry.produce("site.visitors", {"site_id": 1, "range": "7d"}, "en")
    assert [r[1] for r in rows[1:]] == [str(v) for v in expected["Visitors (devices)"]]
    assert len(rows) == 8  # seven local days


def test_dash013_viewer_refused_admin_action(live_server, browser_factory, artifacts, seeded_dsn):
    import psycopg

    d = browser_factory()
    login(d, live_server, "kepala")
    open_page(d, live_server + "/alerts")
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


def test_dash017_expired_session_goes_to_login(live_server, browser_factory):
    d = browser_factory()
    login(d, live_server, "kepala")
    open_page(d, live_server + "/site?site=1")
    d.delete_cookie("kunang_session")  # the session ends while the page is open
    # the next callback (choosing another period) gets 401: the page goes to the login form
    d.find_element(By.XPATH, "//label[normalize-space()='7 hari terakhir']").click()
    wait(d).until(EC.presence_of_element_located((By.ID, "login-form")))
    assert "next=%2Fsite%3Fsite%3D1" in d.current_url


@pytest.mark.parametrize("name,path", PAGES, ids=[n for n, _ in PAGES])
def test_dash015_phone_layout(live_server, browser_factory, artifacts, name, path):
    """One page at phone size (8 tests, so that test processes share them out), signed in straight onto it."""
    d = browser_factory(width=390, height=844)
    login(d, live_server, "kepala", path)
    wait_settled(d)
    assert d.execute_script("return window.innerWidth") == 390
    overflow = d.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{name} scrolls sideways by {overflow}px"
    shot(d, artifacts, f"phone-id-{name}")


def test_dash015_phone_navigation_folds(live_server, browser_factory):
    d = browser_factory(width=390, height=844)
    login(d, live_server, "kepala")
    assert d.execute_script("return window.innerWidth") == 390
    # the navigation folds into the toggler (its label for screen readers in the user's language)
    assert not d.find_element(By.ID, "nav-overview").is_displayed()
    assert d.find_element(By.ID, "nav-toggle").get_attribute("aria-label") == "Buka atau tutup menu"
    d.find_element(By.ID, "nav-toggle").click()
    wait(d).until(lambda x: x.find_element(By.ID, "nav-overview").is_displayed())


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
        open_page(d, server.url + "/")
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

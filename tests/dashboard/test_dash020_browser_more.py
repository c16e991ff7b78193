"""More end to end in headless Chromium: the site page's period in both languages (presets, dates, the
address and the language switch keep it) and the session ending under it, every page in Bahasa Indonesia on a
phone and a desktop, a fresh install (the CSV downloads of the tables: admin_checks.py, run by test_dash030).
Screenshots in test-artifacts/dashboard/."""

from __future__ import annotations

import datetime as dt
import re

import psycopg
import pytest
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select

from dashboard import periods
from dashboard import analytics as A
from dashboard import fmt
from dashboard.i18n import CATALOGUE, t
from tests.dashboard.browser import charts_drawn, idle, login, relayout, shot, text_of, viewport, wait
from tests.dashboard.test_dash010_browser import PAGES, open_page, severe, wait_settled

pytestmark = pytest.mark.browser

TZ = "Asia/Makassar"
MAC = re.compile(r"\b(?:[0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}\b|\b(?:[0-9A-Fa-f]{4}\.){2}[0-9A-Fa-f]{4}\b")
# English month and weekday names that Indonesian does not share (April, September, November, Jan, Feb, Mar,
# Apr, Jun, Jul, Sep, Nov are the same in both)
ENGLISH_DATES = re.compile(r"\b(January|February|March|May|June|July|August|October|December|Monday|Tuesday|"
                           r"Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tue|Wed|Thu|Fri|Sat|Sun|Aug|Oct|Dec)\b")


@pytest.fixture
def page(dash_app):
    from dashboard.pages import site

    return site


def controls_text(d) -> str:
    """Everything the period controls say, the options of their selects included."""
    return d.execute_script("""
        const c = document.getElementById('site-period-controls');
        return c.innerText + '\\n' + [...c.querySelectorAll('option')].map(o => o.text).join('\\n');
    """)


def sessions_of(dsn: str, start: dt.date, end: dt.date) -> int:
    with psycopg.connect(dsn) as c:
        return A.period_figures(c, [1], start, end)[0]["sessions"]


def test_dash020_site_period_in_both_languages(live_server, browser_factory, artifacts, seeded_dsn, page):
    d = browser_factory()
    login(d, live_server, "kepala")  # Bahasa Indonesia
    # to the site page without reloading (the navigation bar), as users do
    d.find_element(By.ID, "nav-site").click()
    wait(d).until(EC.presence_of_element_located((By.ID, "site-period-controls")))
    idle(d)
    charts_drawn(d)
    assert not d.find_elements(By.CSS_SELECTOR, ".DateRangePicker, .SingleDatePicker, .DateInput")
    labels = [e.text for e in d.find_elements(By.CSS_SELECTOR, "#site-range label")]
    assert labels == [t(k, "id") for _, k in page.PERIOD_KEYS]
    assert [o.text for o in Select(d.find_element(By.ID, "site-from-month")).options if o.get_attribute("value")] == fmt.month_names("id")
    said = controls_text(d)
    assert "Dari" in said and "Sampai" in said and "Waktu Indonesia (Makassar)" in said
    assert not ENGLISH_DATES.search(said), ENGLISH_DATES.search(said)
    assert "range=30d" in d.current_url and "site=2" in d.current_url  # the address follows the page
    # the site with the seeded visits; the dropdown's own texts are Indonesian too
    d.find_element(By.ID, "site-select").click()
    search = wait(d).until(EC.visibility_of_element_located((By.CSS_SELECTOR, ".dash-dropdown-search")))
    assert search.get_attribute("placeholder") == "Cari"
    d.find_element(By.XPATH, "//*[@role='option'][normalize-space()='Perpustakaan Desa Sembalun']").click()
    wait(d).until(lambda x: "site=1" in x.current_url)
    idle(d)

    # a preset: last month, in the site's calendar
    d.find_element(By.XPATH, "//label[normalize-space()='Bulan lalu']").click()
    last = periods.period("last_month", None, None, TZ)
    wait(d).until(lambda x: x.find_element(By.ID, "site-period").text == page.period_summary(last, "id"))
    assert "range=last_month" in d.current_url
    assert Select(d.find_element(By.ID, "site-from-day")).first_selected_option.text == "1"
    assert Select(d.find_element(By.ID, "site-to-day")).first_selected_option.text == str(last["end"].day)
    idle(d)
    wait(d).until(lambda x: x.find_element(By.ID, "site-sessions").text ==
                  fmt.num(sessions_of(seeded_dsn[0], last["start"], last["end"]), "id"))

    # one date changed: the period becomes "chosen dates", from the 1st of the month of 7 days ago (the 2nd
    # when 7 days ago is the 1st: choosing the day already shown would change nothing)
    d.find_element(By.XPATH, "//label[normalize-space()='7 hari terakhir']").click()
    week = periods.period("7d", None, None, TZ)
    wait(d).until(lambda x: x.find_element(By.ID, "site-period").text == page.period_summary(week, "id"))
    idle(d)
    day = 2 if week["start"].day == 1 else 1
    Select(d.find_element(By.ID, "site-from-day")).select_by_value(str(day))
    chosen = periods.period("custom", week["start"].replace(day=day), week["end"], TZ)
    wait(d).until(lambda x: x.find_element(By.ID, "site-period").text == page.period_summary(chosen, "id"))
    active = d.find_element(By.CSS_SELECTOR, "#site-range label.active")
    assert active.text == "Tanggal pilihan"
    assert f"start={chosen['start'].isoformat()}" in d.current_url and "range=custom" in d.current_url
    idle(d)
    charts_drawn(d)
    sessions = sessions_of(seeded_dsn[0], chosen["start"], chosen["end"])
    wait(d).until(lambda x: x.find_element(By.ID, "site-sessions").text == fmt.num(sessions, "id"))
    shot(d, artifacts, "viewer-id-site-chosen-dates")

    # the language switch comes back to the same page and period, in English
    d.find_element(By.ID, "switch-language").click()
    wait(d).until(lambda x: x.find_element(By.ID, "nav-overview").text == "Overview")
    wait(d).until(lambda x: x.find_element(By.ID, "site-period").text == page.period_summary(chosen, "en"))
    assert d.find_element(By.CSS_SELECTOR, "#site-range label.active").text == "Chosen dates"
    assert [o.text for o in Select(d.find_element(By.ID, "site-to-month")).options if o.get_attribute("value")] == fmt.month_names("en")
    assert "From" in controls_text(d) and "Indonesia (Makassar) Time" in controls_text(d)
    idle(d)
    charts_drawn(d)
    assert text_of(d, "site-sessions") == fmt.num(sessions, "en")
    shot(d, artifacts, "viewer-en-site-chosen-dates")
    assert severe(d) == []

    # the session ends while the page is open (formerly test_dash017): the next callback (choosing another
    # period) gets 401, and the page goes to the login form, which will come back to this page
    d.delete_cookie("kunang_session")
    try:
        d.find_element(By.XPATH, "//label[normalize-space()='Last 7 days']").click()
    except (NoSuchElementException, StaleElementReferenceException):
        pass  # the page's health check (every 10 s) got its 401 first: already on its way to the login form
    wait(d).until(EC.presence_of_element_located((By.ID, "login-form")))
    assert "next=%2Fsite%3Fsite%3D1" in d.current_url


def english_only() -> list[str]:
    """UI strings whose English differs from the Indonesian (without placeholders)."""
    return sorted({en for en, id_ in CATALOGUE.values() if en != id_ and "{" not in en and len(en) >= 6
                   and en not in id_})


@pytest.mark.parametrize("name,path", PAGES, ids=[n for n, _ in PAGES])
def test_dash022_every_page_as_viewer_in_indonesian_phone_and_desktop(live_server, browser_factory, artifacts,
                                                                      name, path):
    """One page (8 tests, so that test processes share them out) as the viewer, signed in straight onto it,
    loaded on a phone (390 px: nothing scrolls sideways; on the overview the navigation folds into its toggle),
    then laid out again on the desktop (1366 px): no English on it."""
    d = browser_factory(width=390, height=844)  # a phone: mobile viewport, touch, its user agent (emulated)
    login(d, live_server, "kepala", path)
    wait_settled(d)
    assert viewport(d) == (390, 1)  # not widened (and zoomed out) to fit a wider page
    overflow = d.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{name} scrolls sideways by {overflow}px"
    shot(d, artifacts, f"phone-id-{name}")
    if name == "overview":
        # the navigation folds into the toggler (its label for screen readers in the user's language)
        assert not d.find_element(By.ID, "nav-overview").is_displayed()
        assert d.find_element(By.ID, "nav-toggle").get_attribute("aria-label") == "Buka atau tutup menu"
        d.find_element(By.ID, "nav-toggle").click()
        wait(d).until(lambda x: x.find_element(By.ID, "nav-overview").is_displayed())

    relayout(d, 1366, 900)  # the desktop (the browser's own window)
    assert d.execute_script("return window.innerWidth") == 1366
    english = english_only()
    body = d.find_element(By.TAG_NAME, "body").text
    found = [w for w in english if re.search(r"(?<![\w-])" + re.escape(w) + r"(?![\w-])", body)]
    assert found == [], (name, found)
    assert not ENGLISH_DATES.search(body), (name, ENGLISH_DATES.search(body))
    shot(d, artifacts, f"viewer-id-{name}")
    assert severe(d) == []


def test_dash022_table_filter_and_numbers_in_indonesian(live_server, browser_factory, artifacts):
    d = browser_factory()
    login(d, live_server, "kepala", "/access-points")
    wait_settled(d)
    # AG Grid's own texts: a column filter of the access point table
    wait(d).until(lambda x: x.find_elements(By.CSS_SELECTOR, "#aps-grid .ag-row"))
    button = d.find_element(By.CSS_SELECTOR, '#aps-grid .ag-header-cell[col-id="site"] .ag-header-cell-filter-button, '
                                             '#aps-grid .ag-header-cell[col-id="site"] .ag-header-cell-menu-button')
    d.execute_script("arguments[0].click()", button)
    popup = wait(d).until(EC.visibility_of_element_located((By.CSS_SELECTOR, ".ag-filter")))
    said = popup.text + " " + " ".join(e.get_attribute("placeholder") or "" for e in popup.find_elements(By.TAG_NAME, "input"))
    assert "Mengandung" in said and "Filter…" in said, said
    assert "Contains" not in said and "Filter..." not in said
    shot(d, artifacts, "viewer-id-access-points-filter")
    # numbers in tables: the separators of the user's language, whatever the browser's locale
    assert d.execute_script("return [dashAgGridFunctions.kunangNumber(12345.5, 'id'),"
                            " dashAgGridFunctions.kunangNumber(12345.5, 'en'),"
                            " dashAgGridFunctions.kunangNumber(null, 'id')]") == ["12.345,5", "12,345.5", "–"]
    clients = d.execute_script("""return [...document.querySelectorAll('#aps-grid .ag-row')]
        .map(r => r.querySelector('[col-id="clients"]')).filter(c => c).map(c => c.innerText)""")
    assert sorted(clients) == ["0", "4", "5", "5", "7", "–"]
    assert severe(d) == []


def test_dash023_fresh_install_shows_guidance(browser_factory, artifacts, empty_dsn, users):
    from tests.dashboard.conftest import ServerProcess

    server = ServerProcess(empty_dsn, users)
    try:
        d = browser_factory()
        login(d, server.url, "kepala")  # onto the overview
        for name, path in (("overview", "/"), ("site", "/site"), ("district", "/district")):
            if name == "overview":
                wait_settled(d)
            else:
                open_page(d, server.url + path)
            assert "Belum ada data" in wait(d).until(EC.visibility_of_element_located((By.ID, "fresh-install"))).text
            texts = d.execute_script("""
                return [...document.querySelectorAll('.chart-card .js-plotly-plot')]
                    .map(e => (e.layout.annotations || []).map(a => a.text).join(' '));
            """)
            assert texts and all("Belum ada yang ditampilkan" in x for x in texts), (name, texts)
            shot(d, artifacts, f"fresh-id-{name}")
        assert severe(d) == []
    finally:
        server.stop()

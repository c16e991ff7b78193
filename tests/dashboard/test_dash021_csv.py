"""End to end in headless Chromium: the CSV downloads of the tables (no MAC in them, links as plain names,
the rows the page's own callbacks give), one test per page so that test processes share them out, each
signed in as the admin (English) straight onto its page. Screenshot in test-artifacts/dashboard/."""

from __future__ import annotations

import csv
import time

import pytest
from selenium.webdriver.common.by import By

from dashboard.charts import registry
from tests.dashboard.browser import login, shot, wait
from tests.dashboard.test_dash002_figures import as_user
from tests.dashboard.test_dash010_browser import open_page, severe, wait_settled
from tests.dashboard.test_dash020_browser_more import MAC

pytestmark = pytest.mark.browser


def download(d, tmp_path, base: str, path: str, grid_id: str, filename: str, rows_at_least: int = 1,
             opened: bool = False):
    """The CSV of a table, downloaded with its button (the page opened first unless `opened`)."""
    if opened:
        wait_settled(d)
    else:
        open_page(d, base + path)
    if rows_at_least:
        wait(d).until(lambda x: len(x.find_elements(By.CSS_SELECTOR, f"#{grid_id} .ag-center-cols-container .ag-row"))
                      >= rows_at_least)
    button = d.find_element(By.ID, f"{grid_id}-csv")
    d.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click()", button)
    target = tmp_path / filename
    wait(d).until(lambda _: target.exists() and target.stat().st_size > 0)
    time.sleep(0.2)
    text = target.read_text(encoding="utf-8-sig")
    assert not MAC.search(text), (filename, MAC.search(text))
    assert "](" not in text, filename  # links exported as plain names
    return list(csv.reader(text.splitlines()))


@pytest.fixture
def admin_at(live_server, browser_factory, tmp_path):
    """Signed in as the admin on a page, downloads into the test's folder: fetch(path, grid, file, rows)."""
    d = browser_factory(downloads=tmp_path)
    at = []  # the page the browser is on

    def fetch(path: str, grid_id: str, filename: str, rows_at_least: int = 1):
        if not at:
            login(d, live_server, "admin", path)
        here = at[-1:] == [path] or not at
        at.append(path)
        return download(d, tmp_path, live_server, path, grid_id, filename, rows_at_least, opened=here)

    fetch.driver = d
    return fetch


def test_dash021_csv_access_points(admin_at, dash_app):
    from dashboard.pages.access_points import refresh_aps

    got = admin_at("/access-points", "aps-grid", "kunang-access-points.csv", 6)
    assert got[0] == ["Site", "Access point", "Status", "Clients now", "Last seen", "Uptime",
                      "Availability (30 days)", "Profile", "Model", "Controller"]
    with as_user(dash_app, lang="en"):
        rows = refresh_aps({"site_id": None}, 0)
    fields = ("site", "ap", "state_label", "clients", "last_seen", "uptime", "availability", "profile", "model",
              "controller")
    assert sorted(got[1:]) == sorted([["" if r[f] is None else str(r[f]) for f in fields] for r in rows])
    assert severe(admin_at.driver) == []


def test_dash021_csv_overview_board(admin_at):
    got = admin_at("/", "ov-board", "kunang-ap-status.csv", 5)
    assert got[0] == ["Site", "Access point", "Status", "Clients", "Last seen"]
    assert ["Perpustakaan Desa Labuhan Haji", "ap-belakang", "down"] in [r[:3] for r in got[1:]]
    assert severe(admin_at.driver) == []


def test_dash021_csv_alerts(admin_at):
    got = admin_at("/alerts", "alerts-history", "kunang-alerts-history.csv")
    assert got[0] == ["Started", "Ended", "Event", "Site", "Access point", "Reason"]
    assert [r[2:] for r in got[1:]] == [["access point down", "Perpustakaan Desa Sembalun", "ruang-baca", "recovered"]]
    got = admin_at("/alerts", "alerts-active", "kunang-alerts-active.csv")
    assert [r[1:4] for r in got[1:]] == [["access point down", "Perpustakaan Desa Labuhan Haji", "ap-belakang"]]
    assert severe(admin_at.driver) == []


def test_dash021_csv_quality(admin_at, dash_app):
    from dashboard.pages.quality import refresh_quality

    got = admin_at("/quality?site=1", "dq-quarantine", "kunang-quarantined-lines.csv", 4)
    assert got[0] == ["Time", "Site", "Source", "Reason", "Line", "Origin"]
    with as_user(dash_app, lang="en"):
        gaps, _, quarantine, _, _, _, _ = refresh_quality({"site_id": 1}, 0)
    assert [r[4] for r in got[1:]] == [q["line"] for q in quarantine]
    assert any("xx:xx:xx:xx:xx:xx" in r[4] for r in got[1:])  # the raw MAC of the seeded line is masked
    got = admin_at("/quality?site=1", "dq-gaps", "kunang-data-gaps.csv")
    assert [r[0] for r in got[1:]] == [g["ap"] for g in gaps] == ["lantai-2"]
    got = admin_at("/quality?site=1", "dq-reasons", "kunang-quarantine-reasons.csv")
    assert sorted((r[1], r[2]) for r in got[1:]) == [("missing field: mac", "1"), ("no format matched", "2"),
                                                     ("no timestamp in the line", "1")]
    assert severe(admin_at.driver) == []


def test_dash021_csv_district(admin_at, dash_app):
    got = admin_at("/district", "district-grid", "kunang-district-ranking.csv", 2)
    assert got[0][:4] == ["#", "Site", "Group", "Visitors (devices)"]
    with as_user(dash_app, lang="en"):
        summary = registry.district(None)
    assert [(r[1], int(r[3])) for r in got[1:]] == [(s["site"], s["unique_visitors"]) for s in summary["sites"]]
    assert severe(admin_at.driver) == []


def test_dash021_csv_ap_events_and_reports(admin_at, artifacts):
    got = admin_at("/ap/1", "ap-events", "kunang-perpustakaan-desa-sembalun-ruang-baca-events.csv", 3)
    assert [r[1] for r in got[1:]] == ["came back up", "went down", "rebooted"]

    got = admin_at("/reports", "reports-grid", "kunang-reports.csv", 0)
    assert got == [["Month", "Site", "File", "Language", "Size", "Created"]]  # no reports yet: the header
    shot(admin_at.driver, artifacts, "admin-en-reports-csv")
    assert severe(admin_at.driver) == []

"""What test_dash030 checks on the pages it loads as the admin in English, beside their layout: the figures of
the overview and the district page (formerly test_dash010's own page loads) and the CSV downloads of every table
(formerly test_dash021, one page load per table page): no MAC in them, links as plain names, the rows the page's
own callbacks give. Each check runs on the page as test_dash030 left it settled, downloads going into the
test's folder. Screenshots in test-artifacts/dashboard/."""

from __future__ import annotations

import csv
import re
import time

from selenium.webdriver.common.by import By

from dashboard.charts import registry
from tests.dashboard.browser import shot, text_of, wait
from tests.dashboard.test_dash002_figures import as_user
from tests.dashboard.test_dash020_browser_more import MAC


def download(d, tmp_path, grid_id: str, filename: str, rows_at_least: int = 1):
    """The CSV of a table of the page shown, downloaded with its button."""
    if rows_at_least:
        wait(d).until(lambda x: len(x.find_elements(By.CSS_SELECTOR, f"#{grid_id} .ag-center-cols-container .ag-row"))
                      >= rows_at_least)
    button = d.find_element(By.ID, f"{grid_id}-csv")
    d.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click()", button)
    target = tmp_path / filename
    wait(d).until(lambda _: target.exists() and target.stat().st_size > 0)
    time.sleep(0.2)  # Chromium renames the finished file into place: the size above is its whole
    text = target.read_text(encoding="utf-8-sig")
    assert not MAC.search(text), (filename, MAC.search(text))
    assert "](" not in text, filename  # links exported as plain names
    return list(csv.reader(text.splitlines()))


def overview(d, tmp_path, dash_app, artifacts):
    # the overview shows the seeded fleet: 16 clients now, 4 of 5 APs up, the down AP on the board
    assert text_of(d, "ov-clients") == "16"
    assert text_of(d, "ov-aps") == "4 / 5"
    wait(d).until(lambda x: "ap-belakang" in x.find_element(By.ID, "ov-board").text)
    assert "Perpustakaan Desa Sembalun" in d.find_element(By.ID, "card-overview.occupancy").text or \
        d.execute_script("return document.querySelector('#card-overview\\\\.occupancy .js-plotly-plot').data[0].y.length") == 2
    got = download(d, tmp_path, "ov-board", "kunang-ap-status.csv", 5)
    assert got[0] == ["Site", "Access point", "Status", "Clients", "Last seen"]
    assert ["Perpustakaan Desa Labuhan Haji", "ap-belakang", "down"] in [r[:3] for r in got[1:]]


def district(d, tmp_path, dash_app, artifacts):
    # the district page's villages: the seeded village is late (26 h behind) with backfilled data
    wait(d).until(lambda x: "Labuhan Haji" in x.find_element(By.ID, "village-grid").text)
    villages = d.find_element(By.ID, "card-village-grid").text
    # 26 h behind when seeded (more by the time the page is read), 4,200 records waiting on the edge
    assert "late" in villages and re.search(r"\n2[6-9](\.\d)?\n4,200\n", villages) and \
        "backfilled: 1,500" in villages, villages
    assert "Every village reports." in villages
    shot(d, artifacts, "admin-en-district-villages")
    got = download(d, tmp_path, "district-grid", "kunang-district-ranking.csv", 2)
    assert got[0][:4] == ["#", "Site", "Group", "Visitors (devices)"]
    with as_user(dash_app, lang="en"):
        summary = registry.district(None)
    assert [(r[1], int(r[3])) for r in got[1:]] == [(s["site"], s["unique_visitors"]) for s in summary["sites"]]


def access_points(d, tmp_path, dash_app, artifacts):
    from dashboard.pages.access_points import refresh_aps

    got = download(d, tmp_path, "aps-grid", "kunang-access-points.csv", 6)
    assert got[0] == ["Site", "Access point", "Status", "Clients now", "Last seen", "Uptime",
                      "Availability (30 days)", "Profile", "Model", "Controller"]
    with as_user(dash_app, lang="en"):
        rows = refresh_aps({"site_id": None}, 0)
    fields = ("site", "ap", "state_label", "clients", "last_seen", "uptime", "availability", "profile", "model",
              "controller")
    assert sorted(got[1:]) == sorted([["" if r[f] is None else str(r[f]) for f in fields] for r in rows])


def alerts(d, tmp_path, dash_app, artifacts):
    got = download(d, tmp_path, "alerts-history", "kunang-alerts-history.csv")
    assert got[0] == ["Started", "Ended", "Event", "Site", "Access point", "Reason"]
    assert [r[2:] for r in got[1:]] == [["access point down", "Perpustakaan Desa Sembalun", "ruang-baca", "recovered"]]
    got = download(d, tmp_path, "alerts-active", "kunang-alerts-active.csv")
    assert [r[1:4] for r in got[1:]] == [["access point down", "Perpustakaan Desa Labuhan Haji", "ap-belakang"]]


def quality(d, tmp_path, dash_app, artifacts):
    from dashboard.pages.quality import refresh_quality

    got = download(d, tmp_path, "dq-quarantine", "kunang-quarantined-lines.csv", 4)
    assert got[0] == ["Time", "Site", "Source", "Reason", "Line", "Origin"]
    with as_user(dash_app, lang="en"):
        gaps, _, quarantine, _, _, _, _ = refresh_quality({"site_id": 1}, 0)
    assert [r[4] for r in got[1:]] == [q["line"] for q in quarantine]
    assert any("xx:xx:xx:xx:xx:xx" in r[4] for r in got[1:])  # the raw MAC of the seeded line is masked
    got = download(d, tmp_path, "dq-gaps", "kunang-data-gaps.csv")
    assert [r[0] for r in got[1:]] == [g["ap"] for g in gaps] == ["lantai-2"]
    got = download(d, tmp_path, "dq-reasons", "kunang-quarantine-reasons.csv")
    assert sorted((r[1], r[2]) for r in got[1:]) == [("missing field: mac", "1"), ("no format matched", "2"),
                                                     ("no timestamp in the line", "1")]


def ap(d, tmp_path, dash_app, artifacts):
    got = download(d, tmp_path, "ap-events", "kunang-perpustakaan-desa-sembalun-ruang-baca-events.csv", 3)
    assert [r[1] for r in got[1:]] == ["came back up", "went down", "rebooted"]


def reports(d, tmp_path, dash_app, artifacts):
    got = download(d, tmp_path, "reports-grid", "kunang-reports.csv", 0)
    assert got == [["Month", "Site", "File", "Language", "Size", "Created"]]  # no reports yet: the header
    shot(d, artifacts, "admin-en-reports-csv")


# page name (test_dash010.PAGES) -> its checks as the admin in English; the site page's chart CSV: test_dash012
CHECKS = {"overview": overview, "district": district, "access-points": access_points, "alerts": alerts,
          "quality": quality, "ap": ap, "reports": reports}

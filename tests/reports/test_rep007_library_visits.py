"""The monthly report's "Library visits and Wi-Fi" section (issue 21), both
languages, PDF/XLSX/CSV: visits beside Wi-Fi visitors and sessions with the
estimated share, equal to the query layer; absent without guest-book data."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from dashboard.analytics import visits as V
from dashboard.reports import library, texts
from dashboard.reports.builder import Settings, build_report
from dashboard.reports.csvout import render_csv_zip
from dashboard.reports.pdf import render_pdf
from dashboard.periods import Month
from dashboard.reports.xlsx import render_xlsx
from tests.reports.conftest import NOW, ORG, SITE
from tests.reports.expected import LAST_DAY, MONTH, site_id

WITA = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture
def guest_book(conn):
    sid = site_id(conn, SITE)
    first = Month.parse(MONTH).first
    rows = []
    for d in range(0, 31, 2):  # every other day of October: 80 studying at 10:00, 40 borrowing at 14:00
        day = first + dt.timedelta(days=d)
        for hour, purpose, n in ((10, "Belajar", 80), (14, "Meminjam buku", 40)):
            at = dt.datetime(day.year, day.month, day.day, hour, tzinfo=WITA)
            rows += [(sid, at, "kind", "individual", n), (sid, at, "purpose", purpose, n)]
    with conn.cursor() as cur:
        cur.executemany("INSERT INTO library_visit_hourly (site_id, hour, dimension, category, visits)"
                        " VALUES (%s, %s, %s, %s, %s)", rows)
    try:
        yield sid
    finally:
        conn.execute("DELETE FROM library_visit_hourly")


@pytest.mark.parametrize("lang", ["id", "en"])
def test_site_report_shows_visits_beside_wifi(conn, guest_book, lang):
    model = build_report(conn, Month.parse(MONTH), SITE, Settings(ORG), now=NOW)
    lib = model.library
    f = V.library_wifi(conn, guest_book, Month.parse(MONTH).first, LAST_DAY)
    assert lib.visits == f["visits"] == 16 * 120 and lib.individual == lib.visits and lib.group == 0
    assert (lib.wifi_visitor_days, lib.wifi_sessions) == (f["wifi_visitor_days"], f["wifi_sessions"])
    assert (lib.share_low, lib.share_high) == (f["share_low"], f["share_high"]) and lib.share_low < lib.share_high
    assert [p.purpose for p in lib.purposes] == ["Belajar", "Meminjam buku"]
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(render_pdf(model, lang))).pages)
    flat = " ".join(text.split())
    assert texts.t("s_library", lang) in flat
    assert " ".join(library.summary_line(lib, lang).split()) in flat
    assert texts.t("h_minutes_per_visit", lang) in flat and "Belajar" in flat
    wb = load_workbook(io.BytesIO(render_xlsx(model, lang)))
    sheet = wb[texts.SHEETS["library"][lang]]
    assert sheet["B2"].value == lib.visits
    with zipfile.ZipFile(io.BytesIO(render_csv_zip(model, lang))) as z:
        purposes = list(csv.reader(io.StringIO(z.read(f"{MONTH}_library_purpose.csv").decode("utf-8-sig"))))
    assert purposes[0][0] == texts.t("h_purpose", lang) and purposes[1][:2] == ["Belajar", "1280"]


def test_district_report_ranks_libraries_and_no_section_without_guest_book(conn, guest_book):
    model = build_report(conn, Month.parse(MONTH), None, Settings(ORG), now=NOW)
    assert model.library is not None and model.library.sites[0].site == SITE
    assert model.library.sites[0].rank_visits == 1
    conn.execute("DELETE FROM library_visit_hourly")
    assert build_report(conn, Month.parse(MONTH), SITE, Settings(ORG), now=NOW).library is None

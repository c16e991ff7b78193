"""The monthly report's "Passers-by, visitors and connected" section (issue 20), both languages,
PDF/XLSX/CSV: the sensed figures equal to the query layer, labelled as estimates; absent for libraries
without a probe-request sensor."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from dashboard.analytics import footfall as F
from dashboard.periods import Month
from dashboard.reports import footfall, texts
from dashboard.reports.builder import Settings, build_report
from dashboard.reports.csvout import render_csv_zip
from dashboard.reports.pdf import render_pdf
from dashboard.reports.xlsx import render_xlsx
from tests.reports.conftest import NOW, ORG, SITE
from tests.reports.expected import LAST_DAY, MONTH, site_id


@pytest.fixture
def sensed(conn):
    sid = site_id(conn, SITE)
    first = Month.parse(MONTH).first
    with conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO probe_daily (site_id, day, hours, probing, nearby, randomized, matched, passers_by,"
            " visitors, connected, rssi_threshold, min_dwell_s) VALUES (%s, %s, 10, 90, 60, 40, 5, 55, 20, 15, -70, 45)",
            [(sid, first + dt.timedelta(days=d)) for d in range(0, 31, 3)]                    # 11 days
            + [(sid, first - dt.timedelta(days=1))])                                            # not this month
    try:
        yield sid
    finally:
        conn.execute("DELETE FROM probe_daily")


@pytest.mark.parametrize("lang", ["id", "en"])
def test_site_report_shows_sensed_footfall_as_estimates(conn, sensed, lang):
    model = build_report(conn, Month.parse(MONTH), SITE, Settings(ORG), now=NOW)
    ff = model.footfall
    layer = F.footfall(conn, sensed, Month.parse(MONTH).first, LAST_DAY)
    assert (ff.days, ff.passers_by, ff.visitors, ff.connected) == (11, 11 * 55, 11 * 20, 11 * 15)
    assert (ff.passers_by, ff.visitors, ff.conversion) == (layer["passers_by"], layer["visitors"], layer["conversion"])
    assert ff.conversion == pytest.approx(20 / 75)
    flat = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(render_pdf(model, lang))).pages).split())
    assert texts.t("s_footfall", lang) in flat
    assert " ".join(footfall.summary_line(ff, lang).split()) in flat
    assert " ".join(footfall.note_line(ff, lang).split())[:60] in flat and "-70" in flat
    wb = load_workbook(io.BytesIO(render_xlsx(model, lang)))
    sheet = wb[texts.SHEETS["footfall"][lang]]
    assert [sheet[f"B{i}"].value for i in range(2, 6)] == [11, 605, 220, 165]
    assert "(" in sheet["A3"].value  # "(estimate, device-days)" / "(perkiraan, hari-perangkat)"
    with zipfile.ZipFile(io.BytesIO(render_csv_zip(model, lang))) as z:
        rows = list(csv.reader(io.StringIO(z.read(f"{MONTH}_footfall.csv").decode("utf-8-sig"))))
    assert rows[2] == [texts.t("ff_passers_by", lang), "605"]


def test_district_per_library_and_no_section_without_sensor(conn, sensed):
    model = build_report(conn, Month.parse(MONTH), None, Settings(ORG), now=NOW)
    assert [s.site for s in model.footfall.sites] == [SITE] and model.footfall.sites[0].passers_by == 605
    others = [s for s in model.sites if s != SITE]
    if others:
        assert build_report(conn, Month.parse(MONTH), others[0], Settings(ORG), now=NOW).footfall is None
    conn.execute("DELETE FROM probe_daily")
    assert build_report(conn, Month.parse(MONTH), SITE, Settings(ORG), now=NOW).footfall is None

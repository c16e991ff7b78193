"""XLSX and CSV read back: one sheet/file per table, raw values equal to the query layer."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from openpyxl import load_workbook

from dashboard import analytics as A
from dashboard.reports import texts
from dashboard.reports.builder import Settings, build_report
from dashboard.reports.csvout import render_csv_zip
from dashboard.periods import Month
from dashboard.reports.xlsx import render_xlsx
from tests.reports.conftest import NOW, ORG, SITE
from tests.reports.expected import LAST_DAY, MONTH, site_id


def _sheet_rows(ws) -> dict[str, list]:
    """First column -> the row's values (headline sheet)."""
    return {r[0]: list(r[1:]) for r in ws.iter_rows(min_row=2, values_only=True)}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_site_xlsx(conn, lang, artifacts):
    month = Month.parse(MONTH)
    model = build_report(conn, month, SITE, Settings(ORG), now=NOW)
    data = render_xlsx(model, lang)
    (artifacts / f"site-{lang}.xlsx").write_bytes(data)
    wb = load_workbook(io.BytesIO(data))
    S = texts.SHEETS
    assert wb.sheetnames == [S[k][lang] for k in ("info", "headline", "daily", "heatmap", "aps", "portal",
                                                  "alerts", "definitions")]
    info = wb[S["info"][lang]]
    assert info["B2"].value == SITE and info["B4"].value == MONTH
    for ws in wb.worksheets:  # name and period in every printed page's header
        assert SITE in ws.oddHeader.left.text and texts.month_name(month, lang) in ws.oddHeader.right.text

    sid = site_id(conn, SITE)
    cur = A.site_month_summary(conn, sid, MONTH)["current"]
    head = wb[S["headline"][lang]]
    assert [c.value for c in head[1]][0] == texts.t("h_metric", lang)
    assert head["A1"].fill.fgColor.rgb.endswith("1F3B57") and head["A1"].font.bold
    rows = _sheet_rows(head)
    label = lambda key: next(k for k in rows if k.startswith(texts.t(key, lang)))  # noqa: E731
    assert rows[label("sessions")][0] == cur["sessions"]
    assert rows[label("visitors")][0] == cur["unique_visitors"]
    assert rows[label("returning_share")][0] == pytest.approx(cur["returning_share_est"])
    assert rows[label("persons")][0] == cur["persons_est"]
    assert rows[label("median_dwell")][0] == pytest.approx(cur["dwell_median_s"] / 60, abs=0.01)
    assert rows[label("total_bytes")][0] == pytest.approx(cur["bytes"] / 1e9, abs=0.001)
    assert rows[label("availability")][0] == pytest.approx(cur["ap_availability_pct"] / 100, abs=1e-6)
    assert head.cell(row=2, column=2).number_format == "#,##0"

    daily = wb[S["daily"][lang]]
    drows = list(daily.iter_rows(min_row=2, values_only=True))
    assert len(drows) == 31 and drows[0][0].date() == month.first
    layer = {r["day"]: r for r in A.visitors_daily(conn, sid, month.first, LAST_DAY)}
    assert sum(r[1] for r in drows) == sum(r["visitors"] for r in layer.values())
    assert sum(r[2] for r in drows) == cur["sessions"]
    assert len(daily._charts) == 1  # native chart
    heat = wb[S["heatmap"][lang]]
    assert heat.max_row == 8 and heat.max_column == 25 and heat.conditional_formatting

    aps = {r[0]: r for r in wb[S["aps"][lang]].iter_rows(min_row=2, values_only=True)}
    for r in A.ap_availability(conn, sid, month.first, LAST_DAY):
        assert aps[r["ap_name"]][1] == r["sessions"]
        assert aps[r["ap_name"]][2] == r["clients_max"]
        assert aps[r["ap_name"]][4] == pytest.approx(r["availability_pct"] / 100, abs=1e-6)
    assert aps["AP-Teras"][5:] == (1, 80.0)  # one outage of 80 minutes
    alerts = list(wb[S["alerts"][lang]].iter_rows(min_row=2, values_only=True))
    assert alerts == [(SITE, "AP-Teras", 1, 80.0, 80.0)]


def test_district_xlsx_has_a_library_sheet(conn):
    month = Month.parse(MONTH)
    model = build_report(conn, month, None, Settings(ORG), now=NOW)
    wb = load_workbook(io.BytesIO(render_xlsx(model, "en")))
    libs = {r[0]: r for r in wb["Libraries"].iter_rows(min_row=2, values_only=True)}
    figs = A.period_figures(conn, [s["site_id"] for s in A.sites(conn)], month.first, LAST_DAY, whole_month=True)
    assert set(libs) == {r["site"] for r in figs}
    for r in figs:
        assert libs[r["site"]][1:3] == (r["sessions"], r["unique_visitors"])
    head = _sheet_rows(wb["Headline"])
    # † incomplete days, ‡ a blind AP (the fixture's counts-only AP) limits it
    assert head["Wi-Fi sessions † ‡"][0] == sum(r["sessions"] for r in figs)
    assert wb["Access points"]["A1"].value == "Library"  # the district's AP table names the library


def test_csv_zip_one_file_per_table(conn):
    model = build_report(conn, Month.parse(MONTH), SITE, Settings(ORG), now=NOW)
    data = render_csv_zip(model, "en")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = z.namelist()
        assert names == [f"{MONTH}_{t}.csv" for t in ("headline", "daily", "heatmap", "aps", "portal", "alerts",
                                                      "definitions")] + [f"{MONTH}_about.txt"]
        daily = list(csv.reader(io.StringIO(z.read(f"{MONTH}_daily.csv").decode("utf-8-sig"))))
        head = list(csv.reader(io.StringIO(z.read(f"{MONTH}_headline.csv").decode("utf-8-sig"))))
    assert daily[0] == ["Date", "Visitors (devices)", "Sessions", "Data (GB)", "Coverage %"]
    assert len(daily) == 32 and daily[1][0] == "2026-10-01"
    cur = A.site_month_summary(conn, site_id(conn, SITE), MONTH)["current"]
    assert sum(int(r[2]) for r in daily[1:]) == cur["sessions"]
    sessions = next(r for r in head if r[0].startswith("Wi-Fi sessions"))
    assert int(sessions[1]) == cur["sessions"]
    # identical report -> identical archive (no timestamps inside)
    assert render_csv_zip(model, "en") == data

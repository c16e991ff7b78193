"""PDF reports for the seeded month, both languages: figures equal the query layer."""

from __future__ import annotations

import io
import subprocess

import pytest
from pypdf import PdfReader

from dashboard import analytics as A
from dashboard.reports import texts
from dashboard.reports.builder import Settings, build_report
from dashboard.reports.pdf import render_pdf
from dashboard.periods import Month
from tests.reports.conftest import NOW, ORG, SITE
from tests.reports.expected import MONTH, LAST_DAY, lines_of, site_headline, site_id, value_after
from tests.reports.seed import OUTAGE, SITES


def _pdf_pages(model, lang) -> tuple[bytes, list[str]]:
    data = render_pdf(model, lang)
    reader = PdfReader(io.BytesIO(data))
    return data, [p.extract_text() for p in reader.pages]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_site_pdf_figures_equal_query_layer(conn, lang, artifacts):
    model = build_report(conn, Month.parse(MONTH), SITE, Settings(ORG), now=NOW)
    data, pages = _pdf_pages(model, lang)
    assert data.startswith(b"%PDF") and len(pages) >= 2
    period = texts.month_name(Month.parse(MONTH), lang)
    for i, text in enumerate(pages, 1):
        # the library's name and the period on every page, and "page i of n"
        assert SITE in text and period in text
        assert texts.t("page", lang, n=i, total=len(pages)) in text
    first = lines_of(pages[0])
    assert texts.t("title", lang) in first
    for label, value in site_headline(conn, SITE, lang).items():
        assert value_after(first, label) == value, label
    # per-AP table: sessions and availability of every AP, as the query layer gives them
    whole = lines_of("\n".join(pages))
    for r in A.ap_availability(conn, site_id(conn, SITE), Month.parse(MONTH).first, LAST_DAY):
        assert value_after(whole, r["ap_name"]) == texts.num(r["sessions"], lang)
        assert texts.pct_points(r["availability_pct"], lang, 2) in whole
    # the outage of AP-Teras (down event 10:10, up 11:30): 80 downtime minutes in the alert summary
    down_minutes = (OUTAGE[3] - OUTAGE[2]).total_seconds() / 60 - 10
    assert down_minutes == 80
    assert value_after(whole, "AP-Teras", after=texts.t("s_alerts", lang)) == texts.num(1, lang)  # outages
    assert texts.num(down_minutes, lang, 1) in whole
    assert texts.t("estimate_mark", lang) in "\n".join(whole)  # seeded randomised MACs
    # portal logins vs associated devices: month totals of the layer's daily figures
    portal = A.portal_vs_associated(conn, site_id(conn, SITE), Month.parse(MONTH).first, LAST_DAY)
    logins = sum(r["portal_logins"] for r in portal)
    assert logins > 500
    portal_part = whole[whole.index(texts.t("s_portal", lang)):]
    assert value_after(portal_part, texts.t("h_logins", lang), after=texts.t("h_metric", lang)) == texts.num(logins, lang)
    assert value_after(portal_part, texts.t("h_portal_only", lang), after=texts.t("h_metric", lang)) == texts.num(
        sum(r["portal_only_devices"] for r in portal), lang)
    # definitions appendix with the deployment's G and M
    assert texts.t("s_definitions", lang) in pages[-1]
    assert ("10 menit" if lang == "id" else "10 minutes") in pages[-1].replace("\n", " ")
    _png(data, artifacts / f"site-{lang}")


@pytest.mark.parametrize("lang", ["id", "en"])
def test_district_pdf_sums_the_libraries(conn, lang, artifacts):
    month = Month.parse(MONTH)
    model = build_report(conn, month, None, Settings(ORG), now=NOW)
    data, pages = _pdf_pages(model, lang)
    rows = A.period_figures(conn, [site_id(conn, s) for s in SITES], month.first, LAST_DAY, whole_month=True)
    assert len(rows) == 2
    for text in pages:
        assert ORG in text and texts.month_name(month, lang) in text
    first = lines_of(pages[0])
    assert value_after(first, texts.t("sessions", lang)) == texts.num(sum(r["sessions"] for r in rows), lang)
    assert value_after(first, texts.t("visitors", lang)) == texts.num(sum(r["unique_visitors"] for r in rows), lang)
    assert value_after(first, texts.t("total_bytes", lang)) == texts.data_size(sum(r["bytes"] for r in rows), lang)
    whole = lines_of("\n".join(pages))
    for r in rows:  # per-library table
        assert value_after(whole, r["site"]) == texts.num(r["sessions"], lang)
    assert texts.t("libraries", lang, n=2) in "\n".join(whole)
    _png(data, artifacts / f"district-{lang}")


def _png(pdf: bytes, stem) -> None:
    """Pages as PNG test artifacts (pdftoppm, Debian poppler-utils)."""
    path = stem.with_suffix(".pdf")
    path.write_bytes(pdf)
    for old in stem.parent.glob(stem.name + "-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "80", "-png", str(path), str(stem)], check=True)
    pngs = sorted(stem.parent.glob(stem.name + "-*.png"))
    assert len(pngs) == len(PdfReader(str(path)).pages)
    assert all(p.stat().st_size > 10_000 for p in pngs)

"""Every figure of the report agrees with every other: the per-AP table adds up to the site's row, an AP that
reports only client counts shows "–" (with its footnote) rather than 0, and days before monitoring began are
"not monitored": neither zeros in the daily chart nor part of the coverage."""

from __future__ import annotations

import io

import psycopg
import pytest
from pypdf import PdfReader

from dashboard.reports import texts
from dashboard.reports.builder import Settings, build_report
from dashboard.reports.charts import daily_chart
from dashboard.reports.pdf import render_pdf
from dashboard.periods import Month
from dashboard.reports.tables import aps_notes, table_rows
from tests.reports.conftest import NOW, ORG, SITE
from tests.reports.expected import MONTH, site_id


def _ap_totals(model, site):
    rows = [r for r in model.aps if r.site == site]
    return sum(r.sessions or 0 for r in rows), sum(r.total_bytes or 0 for r in rows)


def _report_after(conn, site, *statements):
    """The report built after these changes, which are then rolled back."""
    with conn.transaction():
        for sql, params in statements:
            conn.execute(sql, params)
        model = build_report(conn, Month.parse(MONTH), site, Settings(ORG), now=NOW)
        raise psycopg.Rollback()
    return model


def test_per_ap_table_adds_up_to_the_site_row(conn):
    model = build_report(conn, Month.parse(MONTH), None, Settings(ORG), now=NOW)
    assert model.site_rows
    for row in model.site_rows:
        assert _ap_totals(model, row.site) == (row.sessions, row.total_bytes), row.site


def test_count_only_ap_shows_a_dash_and_the_rows_still_add_up(conn):
    sid = site_id(conn, SITE)
    # AP-Anak as an AP that reports how many clients it has, never which: no sessions, no bytes of its own
    model = _report_after(conn, SITE, ("UPDATE ap_daily SET sessions = 0, bytes = 0 WHERE ap_id = (SELECT id FROM ap "
                                       "WHERE site_id = %s AND name = 'AP-Anak')", (sid,)))
    anak = next(r for r in model.aps if r.ap == "AP-Anak")
    assert anak.counts_only and anak.sessions is None and anak.total_bytes is None
    assert anak.peak_clients and anak.peak_clients > 0
    assert _ap_totals(model, SITE) == (model.figure("sessions").value, model.figure("total_bytes").value)
    for lang in ("id", "en"):
        rows = table_rows("aps", model, lang)
        shown = next(r for r in rows if r[0].text.startswith("AP-Anak"))
        assert shown[0].text == "AP-Anak *" and shown[1].text == "–" and shown[3].text == "–"
        assert [r[0].text for r in rows][-1] == texts.t("ap_unassigned", lang)
        notes = aps_notes(model, lang)
        assert texts.t("ap_counts_only", lang) in notes
        pdf = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(render_pdf(model, lang))).pages)
        assert texts.t("ap_counts_only", lang)[:40] in " ".join(pdf.split())


def test_days_before_monitoring_began_are_not_monitored(conn):
    sid = site_id(conn, SITE)
    # monitoring of the site began on 6 October: nothing before it
    model = _report_after(conn, SITE, *[(f"DELETE FROM {table} WHERE site_id = %s AND day < '2026-10-06'", (sid,))
                                        for table in ("site_daily", "ap_daily")],
                          ("UPDATE ap SET first_seen = '2026-10-06 08:00+08' WHERE site_id = %s", (sid,)))
    gone = [r.day.day for r in model.daily if not r.monitored]
    assert gone == [1, 2, 3, 4, 5]
    assert all(r.visitors is None and r.coverage_pct is None for r in model.daily[:5])
    assert not set(model.quality.incomplete_days) & set(model.quality.unmonitored_days)
    # the chart draws no bar (and no zero) on those days
    fig = daily_chart(model, "en")
    bars = fig.axes[0].containers[0]
    assert sorted({round(b.get_x() + b.get_width() / 2) for b in bars}) == list(range(6, 32))
    line = fig.axes[0].lines[0].get_ydata()
    assert all(v != v for v in line[:5])  # NaN: a gap in the sessions line
    for lang in ("id", "en"):
        rows = table_rows("daily", model, lang)
        assert [r[1].text for r in rows[1:6]] == [texts.t("not_monitored", lang)] * 5
        pdf = " ".join(" ".join(p.extract_text() for p in
                                PdfReader(io.BytesIO(render_pdf(model, lang))).pages).split())
        assert texts.t("q_unmonitored", lang, v="")[:30] in pdf

"""Privacy mode, comparisons without data, and the scheduler's entry point."""

from __future__ import annotations

import asyncio
import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from collector.commands import report as cmd
from dashboard.reports import store, texts
from dashboard.reports.builder import ReportError, Settings, build_report
from dashboard.reports.tables import quality_lines
from dashboard.periods import Month, previous_month
from tests.reports.conftest import NOW, ORG, SITE
from tests.reports.test_rep004_cli import _config


def test_rotating_salt_mode_has_no_returning_figures(conn):
    conn.execute("INSERT INTO kunang_meta (key, value) VALUES ('privacy.rotating_salt', 'true')"
                 " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value")
    try:
        model = build_report(conn, Month(2026, 10), SITE, Settings(ORG), now=NOW)
    finally:
        conn.execute("UPDATE kunang_meta SET value = 'false' WHERE key = 'privacy.rotating_salt'")
    f = model.figure("returning_share")
    assert f.value is None and f.previous is None and not f.estimate
    assert model.quality.rotating_salt and "returning_share" not in model.quality.estimate_keys
    for lang in ("id", "en"):
        assert texts.t("q_salt", lang) in quality_lines(model, lang)
        assert texts.figure_value(f, lang) == "–"


def test_comparison_month_without_data_shows_dashes(conn):
    # the seed has no data for 2025-09 (the month before its first month)
    model = build_report(conn, Month(2025, 10), SITE, Settings(ORG), now=NOW)
    f = model.figure("sessions")
    assert f.value > 0 and f.previous is None
    assert texts.figure_value(f, "en", "previous") == "–"
    empty = build_report(conn, Month(2024, 1), None, Settings(ORG), now=NOW)
    assert empty.figure("sessions").value is None or empty.figure("sessions").value == 0
    assert all(not r.monitored and r.visitors is None for r in empty.daily)  # not monitored, not zero
    # a month before monitoring began still renders (a new deployment's first scheduled run)
    from dashboard.reports.render import render

    for fmt in ("pdf", "xlsx", "csv"):
        assert len(render(empty, fmt, "id")) > 1000


def test_unknown_site(conn):
    with pytest.raises(ReportError, match="unknown site 'Perpustakaan X'"):
        build_report(conn, Month(2026, 10), "Perpustakaan X")


def test_run_scheduled_produces_the_previous_month(seeded, conn, tmp_path):
    """What the collector service's cron job calls: never raises, returns the exit code."""
    config = _config(tmp_path, seeded[0], formats="[csv]", languages="[id]")
    assert cmd.run_scheduled(config, timeout_s=600) == 0
    month = previous_month(dt.datetime.now(ZoneInfo("Asia/Makassar")).date())
    stored = store.list_reports(conn, month)
    assert {(r.scope, r.format, r.language) for r in stored} == {("site", "csv", "id"), ("district", "csv", "id")}
    assert len(stored) == 3 and all(r.emailed_at is None for r in stored)  # no channel configured
    assert (tmp_path / "out" / str(month)).is_dir()
    # a broken configuration is logged and returned, not raised
    bad = tmp_path / "bad.yaml"
    bad.write_text("sites: [\n")
    assert cmd.run_scheduled(bad, timeout_s=120) == 1
    assert asyncio.run(cmd.run_scheduled_async(bad, timeout_s=120)) == 1

"""`kunang report` end to end: the collector resolves config and database and
runs the dashboard's report command as a child process."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
import textwrap
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from collector.commands import report as cmd
from collector.config import parse_config
from dashboard.reports import store, texts
from dashboard.periods import Month, previous_month
from tests.reports import smtp
from tests.reports.conftest import ORG, SITE
from tests.reports.seed import SITES

ROOT = Path(__file__).resolve().parents[2]


def _config(tmp_path: Path, dsn: str, port: int | None = None, **reports) -> Path:
    sites = "\n".join(f"  - name: {s}\n    timezone: Asia/Makassar" for s in SITES)
    mail = ""
    if port:
        mail = textwrap.dedent(f"""\
            alerts:
              channels:
                - name: kantor
                  type: email
                  host: 127.0.0.1
                  port: {port}
                  security: none
                  username: {smtp.USER}
                  password: ${{KUNANG_TEST_SMTP_PASSWORD}}
                  sender: kunang@perpustakaan.example
                  recipients: [kepala@perpustakaan.example]
            """)
    rep = "\n".join(f"  {k}: {v}" for k, v in reports.items())
    text = f"name: {ORG}\nlanguage: en\ndatabase:\n  dsn: \"{dsn}\"\nsites:\n{sites}\n{mail}reports:\n{rep}\n" \
           f"  output_dir: {tmp_path / 'out'}\n"
    path = tmp_path / "kunang.yaml"
    path.write_text(text)
    path.chmod(0o600)
    return path


def _kunang(config: Path, *args, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "collector", "--config", str(config), "report", *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=300, env=env)


def test_site_pdf_and_csv_to_a_file(seeded, tmp_path):
    config = _config(tmp_path, seeded[0])
    out = tmp_path / "r" / "site.pdf"
    p = _kunang(config, "--month", "2026-10", "--site", SITE, "--format", "pdf", "--lang", "id", "--out", str(out))
    assert p.returncode == 0, p.stderr
    assert str(out) in p.stdout
    text = PdfReader(io.BytesIO(out.read_bytes())).pages[0].extract_text()
    assert SITE in text and "Oktober 2026" in text and "Laporan Bulanan Penggunaan Wi-Fi" in text
    # language from the config (en) when --lang is not given; csv is a ZIP of CSV files
    out = tmp_path / "district.csv.zip"
    p = _kunang(config, "--month", "2026-10", "--all", "--format", "csv", "--out", str(out))
    assert p.returncode == 0, p.stderr
    assert out.read_bytes()[:2] == b"PK"


@pytest.mark.parametrize("args, message", [
    (["--month", "2026-13", "--all", "--out", "x.pdf"], "--month: '2026-13' is not a month of the form YYYY-MM"),
    (["--month", "2026-10", "--site", "Perpustakaan Tidak Ada", "--out", "x.pdf"],
     "unknown site 'Perpustakaan Tidak Ada'"),
    (["--month", "2026-10", "--all"], "--out FILE is required (or use --deliver)"),
    (["--month", "2026-10", "--out", "x.pdf"], "give --site NAME or --all"),
])
def test_operator_errors_are_one_line(seeded, tmp_path, args, message):
    p = _kunang(_config(tmp_path, seeded[0]), *args)
    assert p.returncode == 1
    assert p.stderr.startswith("kunang") and message in p.stderr and "Traceback" not in p.stderr
    assert len(p.stderr.strip().splitlines()) == 1


def test_scheduled_delivery_through_the_configured_channel(seeded, conn, tmp_path, monkeypatch):
    box = smtp.Inbox()
    ctl = smtp.start(box)
    try:
        config = _config(tmp_path, seeded[0], ctl.port, channel="kantor", languages="[en]", formats="[pdf]")
        env = {**__import__("os").environ, "KUNANG_TEST_SMTP_PASSWORD": smtp.PASSWORD}
        p = _kunang(config, "--month", "2026-10", "--all", "--deliver", env=env)
        assert p.returncode == 0, p.stderr
        assert len(box.messages) == 1
        rcpts, msg = box.messages[0]
        assert rcpts == ["kepala@perpustakaan.example"]
        assert sorted(a.get_filename() for a in msg.iter_attachments()) == [
            "kunang-2026-10-district-en.pdf", "kunang-2026-10-perpustakaan-desa-pringgasela-en.pdf",
            "kunang-2026-10-perpustakaan-desa-sukamulia-en.pdf"]
        assert (tmp_path / "out" / "2026-10" / "kunang-2026-10-district-en.pdf").exists()
        stored = store.list_reports(conn, Month(2026, 10))
        assert len(stored) == 3 and all(r.emailed_at for r in stored)
        # the scheduler's command line: the previous month (site time), nothing sent twice
        p = _kunang(config, "--previous-month", "--all", "--deliver", env=env)
        assert p.returncode == 0, p.stderr
        expected = previous_month(dt.datetime.now(ZoneInfo("Asia/Makassar")).date())
        if expected == Month(2026, 10):
            assert "already delivered" in p.stderr and len(box.messages) == 1
        else:
            assert len(store.list_reports(conn, expected)) == 3 and len(box.messages) == 2
    finally:
        ctl.stop()


def test_channel_must_be_an_email_channel(seeded, tmp_path):
    cfg = parse_config({"reports": {"channel": "hook"},
                        "alerts": {"channels": [{"name": "hook", "type": "webhook", "url": "http://127.0.0.1:9/"}]}})
    with pytest.raises(cmd.KunangError, match="reports.channel: channel 'hook' is of type webhook, not email"):
        cmd.child_settings(cfg)
    cfg = parse_config({"reports": {"channel": "nope"}})
    with pytest.raises(cmd.KunangError, match="no channel named 'nope'"):
        cmd.child_settings(cfg)


def test_cron_spec_fires_on_the_first_at_seven_site_time():
    from apscheduler.triggers.cron import CronTrigger

    cfg = parse_config({"sites": [{"name": "A", "timezone": "Asia/Makassar"}]})
    spec = cmd.cron_spec(cfg)
    assert spec == {"day": 1, "hour": 7, "minute": 0, "timezone": "Asia/Makassar"}
    trigger = CronTrigger(**spec)
    now = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.timezone.utc)
    fire = trigger.get_next_fire_time(None, now)
    assert fire == dt.datetime(2026, 12, 1, 7, 0, tzinfo=ZoneInfo("Asia/Makassar"))
    assert fire.astimezone(dt.timezone.utc) == dt.datetime(2026, 11, 30, 23, 0, tzinfo=dt.timezone.utc)
    assert cmd.cron_spec(parse_config({"reports": {"enabled": False}})) is None
    assert cmd.scheduled_argv("/etc/kunang/kunang.yaml")[1:] == [
        "-m", "collector", "--config", "/etc/kunang/kunang.yaml", "report", "--previous-month", "--all", "--deliver"]


def test_month_arithmetic():
    assert Month.parse("2026-01").previous() == Month(2025, 12)
    assert Month.parse("2026-12").next() == Month(2027, 1)
    assert Month(2024, 2).days == 29 and Month(2026, 10).last_year() == Month(2025, 10)
    assert previous_month(dt.date(2026, 1, 1)) == Month(2025, 12)
    assert texts.month_name(Month(2026, 8), "id") == "Agustus 2026"


def test_python_m_dashboard_report(seeded, tmp_path):
    """The dashboard package's own entry point (what `kunang report` amounts to)."""
    env = {**__import__("os").environ, "KUNANG_DSN": seeded[0],
           "KUNANG_REPORT_SETTINGS": '{"organisation": "%s"}' % ORG}
    out = tmp_path / "d.xlsx"
    p = subprocess.run([sys.executable, "-m", "dashboard", "report", "--month", "2026-10", "--all", "--format", "xlsx",
                        "--lang", "en", "--out", str(out)], cwd=ROOT, env=env, capture_output=True, text=True,
                       timeout=300)
    assert p.returncode == 0, p.stderr
    from openpyxl import load_workbook
    assert load_workbook(out)["Info"]["B2"].value == ORG
    p = subprocess.run([sys.executable, "-m", "dashboard", "report", "--month", "2026-10", "--site", "Nowhere",
                        "--out", str(out)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert p.returncode == 1 and p.stderr.strip() == "kunang report: unknown site 'Nowhere'"

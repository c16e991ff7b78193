"""Scheduled delivery: every library and the district, stored, e-mailed once
through a real SMTP server on loopback (aiosmtpd)."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from dashboard.reports import store
from dashboard.reports.builder import Settings
from dashboard.reports.deliver import DeliverySettings, deliver
from dashboard.reports.mailer import MailError, SmtpSettings
from dashboard.periods import Month
from tests.reports import smtp
from tests.reports.conftest import NOW, ORG, SITE
from tests.reports.seed import SITES

RCPT = ["kepala@perpustakaan.example", "dinas@lomboktimur.example"]


@pytest.fixture
def inbox():
    box = smtp.Inbox()
    ctl = smtp.start(box)
    box.port = ctl.port
    try:
        yield box
    finally:
        ctl.stop()


def _settings(port: int, tmp_path, **kw) -> DeliverySettings:
    mail = SmtpSettings(host="127.0.0.1", port=port, security="none", username=smtp.USER, password=smtp.PASSWORD,
                        sender="kunang@perpustakaan.example", timeout_s=10)
    return DeliverySettings(languages=("id", "en"), formats=("pdf", "xlsx"), recipients=tuple(RCPT),
                            output_dir=str(tmp_path), smtp=mail, **kw)


def test_deliver_all_stores_and_emails_once(conn, inbox, tmp_path):
    month = Month(2026, 10)
    ds = _settings(inbox.port, tmp_path)
    result = deliver(conn, month, None, Settings(ORG), ds, now=NOW)
    # 2 libraries + district, x 2 formats x 2 languages
    assert len(result.produced) == 12 and result.emails == 2 and not result.refused
    stored = store.list_reports(conn, month)
    assert len(stored) == 12
    assert {r.name for r in stored} == set(SITES) | {ORG}
    assert all(r.emailed_at == NOW and r.recipients == RCPT for r in stored)
    assert (tmp_path / "2026-10" / "kunang-2026-10-district-id.pdf").exists()

    # one message per language, with the reports attached, to every recipient, after an SMTP login
    assert inbox.logins == [("LOGIN", True)] * 2 or inbox.logins == [("PLAIN", True)] * 2
    assert len(inbox.messages) == 2
    by_lang = {}
    for rcpts, msg in inbox.messages:
        assert sorted(rcpts) == sorted(RCPT)
        names = [a.get_filename() for a in msg.iter_attachments()]
        lang = "id" if names[0].endswith("-id.pdf") else "en"
        by_lang[lang] = (msg, {a.get_filename(): a.get_content() for a in msg.iter_attachments()})
    msg, files = by_lang["id"]
    assert msg["Subject"] == f"Laporan Wi-Fi Oktober 2026: {ORG}"
    assert set(files) == {f"kunang-2026-10-{w}-id.{f}" for w in ("district", "perpustakaan-desa-sukamulia",
                                                               "perpustakaan-desa-pringgasela") for f in ("pdf", "xlsx")}
    # the attachment is the stored report, byte for byte, and a readable PDF / workbook
    for r in stored:
        if r.language == "id":
            name, media, content = store.report_file(conn, r.id)
            assert files[name] == content
            assert media == store.MEDIA_TYPES[r.format]
    district_pdf = files["kunang-2026-10-district-id.pdf"]
    assert ORG in PdfReader(io.BytesIO(district_pdf)).pages[0].extract_text()
    wb = load_workbook(io.BytesIO(files["kunang-2026-10-perpustakaan-desa-sukamulia-id.xlsx"]))
    assert wb["Info"]["B2"].value == SITE
    assert "Oktober 2026" in by_lang["id"][0].get_body(("plain",)).get_content()
    assert "October 2026" in by_lang["en"][0].get_body(("plain",)).get_content()

    # the scheduled job running again (e.g. after a restart) sends nothing twice
    again = deliver(conn, month, None, Settings(ORG), ds, now=NOW)
    assert again.produced == [] and again.emails == 0 and len(again.skipped) == 3
    assert len(inbox.messages) == 2
    # --force produces and sends again
    forced = deliver(conn, month, SITE, Settings(ORG), ds, force=True, now=NOW)
    assert len(forced.produced) == 4 and forced.emails == 2 and len(inbox.messages) == 4
    assert len(store.list_reports(conn, month)) == 12  # replaced, not duplicated


def test_attachment_cap_lists_the_rest(conn, inbox, tmp_path):
    ds = _settings(inbox.port, tmp_path, max_attachment_bytes=120_000)
    ds = DeliverySettings(**{**ds.__dict__, "languages": ("en",), "formats": ("pdf",)})
    result = deliver(conn, Month(2026, 10), None, Settings(ORG), ds, now=NOW)
    assert result.emails == 1
    (_, msg), = inbox.messages
    attached = [a.get_filename() for a in msg.iter_attachments()]
    assert attached[0] == "kunang-2026-10-district-en.pdf"  # the roll-up first
    assert sum(len(a.get_content()) for a in msg.iter_attachments()) <= 120_000
    body = msg.get_body(("plain",)).get_content()
    missing = [p.filename for p in result.produced if p.filename not in attached]
    assert missing and all(m in body for m in missing) and "Reports page" in body


def test_wrong_password_is_one_clear_error(conn, inbox, tmp_path):
    ds = _settings(inbox.port, tmp_path)
    bad = DeliverySettings(**{**ds.__dict__, "languages": ("en",), "formats": ("csv",),
                              "smtp": SmtpSettings(**{**ds.smtp.__dict__, "password": "wrong"})})
    with pytest.raises(MailError, match=r"refused the login \(535\)"):
        deliver(conn, Month(2026, 10), SITE, Settings(ORG), bad, now=NOW)
    assert inbox.messages == []
    # stored but not marked as e-mailed: the next run sends it
    (r,) = store.list_reports(conn, Month(2026, 10))
    assert r.emailed_at is None and r.format == "csv"


def test_unreachable_smtp_server(conn, tmp_path):
    ds = _settings(smtp.free_port(), tmp_path)
    ds = DeliverySettings(**{**ds.__dict__, "languages": ("en",), "formats": ("csv",)})
    with pytest.raises(MailError, match="cannot reach SMTP server 127.0.0.1"):
        deliver(conn, Month(2026, 10), SITE, Settings(ORG), ds, now=NOW)


def test_two_runs_at_once_send_once(seeded, conn, inbox, tmp_path):
    """The scheduled run and a manual one started together: the second waits, then sends nothing."""
    import threading

    import psycopg

    ds = _settings(inbox.port, tmp_path)
    ds = DeliverySettings(**{**ds.__dict__, "languages": ("en",), "formats": ("csv",)})
    results, errors = [], []

    def run():
        try:
            with psycopg.connect(seeded[0], autocommit=True) as c:
                results.append(deliver(c, Month(2026, 10), SITE, Settings(ORG), ds, now=NOW))
        except Exception as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors
    assert sorted(r.emails for r in results) == [0, 1]
    assert len(inbox.messages) == 1

"""Channels against real servers, permanent vs temporary failures, and `kunang alerts` as a process."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest
import yaml

from collector.alerts import admin, channels
from collector.errors import KunangError

from .conftest import EVERY_DAY, Clock, channels as channel_list, make_config
from .helpers import check_signature, counts, manager, poll_round
from .sinks import PASSWORD, USER


def run_cli(cfg_path, *argv, env=None):
    return subprocess.run([sys.executable, "-m", "collector", "-c", str(cfg_path), "alerts", *argv],
                          capture_output=True, text=True, timeout=120, env=env, cwd=os.getcwd())


def write_config(tmp_path, sink, pg_dsn):
    raw = {
        "language": "en",
        "database": {"dsn": pg_dsn},
        "snmp": {"credentials": {"lib": {"community": "public"}}, "default": "lib"},
        "sites": [{"name": "Sembalun", "opening_hours": EVERY_DAY,
                   "aps": [{"name": "ap-1", "address": "127.0.0.1", "port": 16101}]}],
        "alerts": {"channels": channel_list(sink) + [
            {"name": "mail-tls", "type": "email", "host": "127.0.0.1", "port": sink["smtp"].tls_port,
             "security": "tls", "username": USER, "password": PASSWORD, "sender": "kunang@example.org",
             "recipients": ["a@example.org", "b@example.org"], "language": "en"},
        ]},
    }
    path = tmp_path / "kunang.yaml"
    path.write_text(yaml.safe_dump(raw))
    path.chmod(0o600)
    return path


def test_test_channel_delivers_on_every_channel_type(tmp_path, sink, pg_dsn, db):
    path = write_config(tmp_path, sink, pg_dsn)
    env = {**os.environ, "SSL_CERT_FILE": str(sink["cert"])}
    for name in ("mail", "mail-tls", "tg", "hook"):
        r = run_cli(path, "test-channel", name, env=env)
        assert r.returncode == 0, r.stderr
        assert f"channel '{name}': delivered" in r.stdout
    mails = sink["smtp"].messages
    assert [m["subject"] for m in mails] == ["[Kunang] Pesan uji", "[Kunang] Test message"]
    assert "kanal mail" in mails[0]["body"] and mails[1]["to"] == ["a@example.org", "b@example.org"]
    assert all(m["tls"] and m["auth"] for m in mails)
    assert sink["http"].on("/sendMessage")[0]["json"]["text"].startswith("[Kunang] Test message")
    hook = sink["http"].on("/hook")[0]
    assert hook["json"]["event"] == "test" and check_signature(hook, "hook-secret")


def test_untrusted_certificate_and_bad_password_are_clear_errors(tmp_path, sinks, pg_dsn, monkeypatch):
    cfg = make_config(sinks)
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)  # the test CA is not trusted now
    with pytest.raises(KunangError, match="TLS certificate of localhost not trusted"):
        admin.test_channel(cfg, "mail")
    monkeypatch.setenv("SSL_CERT_FILE", str(sinks["cert"]))
    bad = make_config(sinks).alerts.channels[0].model_copy(update={"password": "wrong"})
    with pytest.raises(channels.DeliveryError) as err:
        channels.send_email(bad, "s", "b")
    assert err.value.permanent and "SMTP login refused: 535" in str(err.value)
    with pytest.raises(KunangError, match="unknown channel 'nope'"):
        admin.test_channel(cfg, "nope")


def test_permanent_telegram_error_fails_once_without_leaking_the_token(pg_dsn, db, sink, inventory):
    cfg = make_config(sink)
    refs = inventory(cfg)
    clock = Clock()
    sink["http"].fail_next["/bot123:ABC/sendMessage"] = [400]
    mgr = manager(pg_dsn, cfg, clock)
    try:
        for _ in range(3):
            poll_round(mgr, clock, refs, {"ap-3": False})
        for _ in range(5):
            clock.advance(minutes=10)
            mgr.tick()
        assert counts(sink) == {"mail": 1, "tg": 0, "hook": 1}
        status, attempts, error = db.execute(
            "SELECT status, attempts, last_error FROM notification WHERE channel = 'tg'").fetchone()
        assert (status, attempts) == ("failed", 1)
        assert "HTTP 400" in error and "123:ABC" not in error
    finally:
        mgr.close()


def test_telegram_429_waits_for_retry_after(pg_dsn, db, sink, inventory):
    cfg = make_config(sink)
    refs = inventory(cfg)
    clock = Clock()
    sink["http"].fail_next["/bot123:ABC/sendMessage"] = [429]
    mgr = manager(pg_dsn, cfg, clock)
    try:
        for _ in range(3):
            poll_round(mgr, clock, refs, {"ap-3": False})
        assert counts(sink)["tg"] == 0
        nxt, err = db.execute("SELECT next_attempt_at, last_error FROM notification WHERE channel = 'tg'").fetchone()
        assert nxt == clock.t + dt.timedelta(seconds=30) and err == "HTTP 429: try later"
        clock.advance(seconds=30)
        mgr.tick()
        assert counts(sink)["tg"] == 1
    finally:
        mgr.close()


def test_cli_list_ack_and_silence(tmp_path, sink, pg_dsn, db, inventory):
    path = write_config(tmp_path, sink, pg_dsn)
    from collector.config import load_config

    cfg = load_config(path)
    refs = inventory(cfg)
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    clock = Clock(now - dt.timedelta(minutes=5))
    mgr = manager(pg_dsn, cfg, clock)
    try:
        for _ in range(3):
            poll_round(mgr, clock, refs, {"ap-1": False})
    finally:
        mgr.close()
    aid = db.execute("SELECT id FROM alert").fetchone()[0]
    r = run_cli(path, "list")
    assert r.returncode == 0, r.stderr
    assert f"#{aid}" in r.stdout and "DOWN: ap-1 at Sembalun" in r.stdout
    r = run_cli(path, "list", "--json", "--lang", "id")
    assert '"title": "MATI: ap-1 di Sembalun"' in r.stdout
    r = run_cli(path, "ack", str(aid), "--by", "siti", "--note", "teknisi dalam perjalanan")
    assert r.returncode == 0 and "acknowledged" in r.stdout
    assert db.execute("SELECT acked_by, ack_note FROM alert").fetchone() == ("siti", "teknisi dalam perjalanan")
    r = run_cli(path, "ack", str(aid))
    assert r.returncode == 1 and "already acknowledged" in r.stderr and "Traceback" not in r.stderr
    r = run_cli(path, "silence", "--site", "Sembalun", "--ap", "ap-1", "--for", "2h", "--maintenance",
                "--reason", "ganti kabel")
    assert r.returncode == 0, r.stderr
    row = db.execute("SELECT site_id, ap_id, maintenance, reason, ends_at - starts_at FROM alert_silence").fetchone()
    assert row == (refs[("Sembalun", "ap-1")].site_id, refs[("Sembalun", "ap-1")].ap_id, True, "ganti kabel",
                   dt.timedelta(hours=2))
    r = run_cli(path, "silence", "--list")
    assert "maintenance" in r.stdout and "site=Sembalun ap=ap-1" in r.stdout
    r = run_cli(path, "silence", "--site", "Nowhere", "--for", "1h")
    assert r.returncode == 1 and "unknown site 'Nowhere'" in r.stderr
    r = run_cli(path, "silence", "--site", "Sembalun", "--for", "soon")
    assert r.returncode == 1 and "--for: 'soon' is not a duration" in r.stderr
    sid = db.execute("SELECT id FROM alert_silence").fetchone()[0]
    r = run_cli(path, "silence", "--end", str(sid))
    assert r.returncode == 0 and db.execute("SELECT ends_at <= now() FROM alert_silence").fetchone()[0]

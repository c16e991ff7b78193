"""Data-subject export/erase and retention purge on a populated database."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from types import SimpleNamespace

import pytest

from collector import privacy_requests, retention
from collector.errors import KunangError
from collector.privacy import Pseudonymizer
from tests.analytics.conftest import KEY, MON, PSEUDO, at, dev

SUBJECT = "3C-22-FB-00-00-01"  # as a person might write it
SUBJECT_MAC = "3c:22:fb:00:00:01"
OTHER = "3c:22:fb:00:00:99"


def _populate(world):
    world.presence({"ap1": [SUBJECT_MAC, OTHER], "ap2": []}, at(MON, 9), 11)
    world.presence({"ap1": [], "ap2": [SUBJECT_MAC]}, at(MON, 9, 11), 10)
    world.portal(SUBJECT_MAC, at(MON, 9, 2), at(MON, 9, 30), user="siti", bytes_in=100)
    world.portal(OTHER, at(MON, 9, 2), at(MON, 9, 30), user="budi")
    world.db.execute(
        "INSERT INTO portal_event (time, site_id, source, kind, device, user_id, ip, dedup, origin, session_key)"
        " VALUES (%s, %s, 'hotspot', 'login', %s, %s, '10.5.0.23', '\\x01', 'file:/var/log/x:12', 'S-77')",
        (at(MON, 9, 2), world.site, dev(SUBJECT_MAC), PSEUDO.user("siti")))
    world.db.execute(
        "INSERT INTO log_quarantine (source, line, reason) VALUES ('hotspot', %s, 'bad')",
        (f"garbage dev:{dev(SUBJECT_MAC)[:12]} more",))
    world.refresh(at(MON, 0), at(MON, 23))


def test_export_holds_the_subjects_rows_and_no_other_identifier(world):
    _populate(world)
    data = privacy_requests.export(world.db, PSEUDO, SUBJECT)
    assert data["subject"] == {"mac": SUBJECT_MAC}
    assert len(data["wifi_sessions"]) == 1
    assert data["wifi_sessions"][0]["access_points"] == ["ap1", "ap2"]
    assert len(data["portal_sessions"]) == 1 and data["portal_sessions"][0]["bytes_in"] == 100
    assert len(data["portal_events"]) == 1 and data["portal_events"][0]["kind"] == "login"
    assert len(data["visits"]) == 1 and data["visits"][0]["source"] == "both"
    assert data["quarantined_log_lines"] == 1
    text = json.dumps(data, default=str)
    for secret in (dev(SUBJECT_MAC), dev(SUBJECT_MAC)[:12], PSEUDO.user("siti"), "10.5.0.23", "S-77",
                   "/var/log/x", dev(OTHER)):
        assert secret not in text


def test_erase_removes_the_subject_only_and_keeps_aggregates(world):
    _populate(world)
    before = world.db.execute("SELECT sessions, visitors FROM site_daily WHERE site_id = %s AND day = %s",
                              (world.site, MON)).fetchone()
    counts = privacy_requests.erase(world.db, PSEUDO, SUBJECT)
    assert counts == {"client_session": 1, "portal_session": 1, "portal_event": 1, "visit": 1, "device_day": 1,
                      "log_quarantine": 1, "probe_sighting": 0}
    again = privacy_requests.export(world.db, PSEUDO, SUBJECT)
    assert all(again[k] == [] for k in ("wifi_sessions", "portal_sessions", "portal_events", "visits", "days"))
    other = privacy_requests.export(world.db, PSEUDO, OTHER)
    assert len(other["wifi_sessions"]) == 1 and len(other["portal_sessions"]) == 1
    assert world.db.execute("SELECT sessions, visitors FROM site_daily WHERE site_id = %s AND day = %s",
                            (world.site, MON)).fetchone() == before


def test_rotating_salt_pseudonyms_are_found_on_every_day(world):
    rot = Pseudonymizer(KEY, rotating_salt=True)
    names = privacy_requests.pseudonyms(rot, SUBJECT_MAC, days=10, today=MON)
    assert rot.device(SUBJECT_MAC, MON) in names and rot.device(SUBJECT_MAC, MON - dt.timedelta(days=10)) in names
    assert len(set(names)) == len(names) == 14
    world.db.execute(
        "INSERT INTO client_session (site_id, device, randomized, first_seen, last_seen, closed) VALUES"
        " (%s, %s, false, %s, %s, true)", (world.site, rot.device(SUBJECT_MAC, MON - dt.timedelta(days=3)),
                                            at(MON, 9), at(MON, 10)))
    assert privacy_requests.erase(world.db, rot, SUBJECT, retention_days=10,
                                  now=dt.datetime.combine(MON, dt.time(), dt.timezone.utc))["client_session"] == 1


def test_bad_mac_is_a_clear_error(world):
    with pytest.raises(KunangError, match="--mac: 'nope' is not a MAC address"):
        privacy_requests.export(world.db, PSEUDO, "nope")


def test_cli_export_and_erase(world, pg_dsn, tmp_path):
    _populate(world)
    cfg = tmp_path / "kunang.yaml"
    cfg.write_text(f"database:\n  dsn: '{pg_dsn}'\nprivacy:\n  key: '{KEY.decode()}'\n")
    cfg.chmod(0o600)
    run = [sys.executable, "-m", "collector", "--config", str(cfg), "privacy"]
    out = subprocess.run(run + ["export", "--mac", SUBJECT], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["subject"]["mac"] == SUBJECT_MAC and len(data["wifi_sessions"]) == 1
    assert dev(SUBJECT_MAC) not in out.stdout
    dry = subprocess.run(run + ["erase", "--mac", SUBJECT, "--dry-run"], capture_output=True, text=True, timeout=60)
    assert json.loads(dry.stdout)["would_delete"]["wifi_sessions"] == 1
    er = subprocess.run(run + ["erase", "--mac", SUBJECT], capture_output=True, text=True, timeout=60)
    assert er.returncode == 0, er.stderr
    assert json.loads(er.stdout)["deleted"]["client_session"] == 1
    bad = subprocess.run(run + ["erase", "--mac", "zz"], capture_output=True, text=True, timeout=60)
    assert bad.returncode == 1 and "is not a MAC address" in bad.stderr and "Traceback" not in bad.stderr


def test_retention_purges_old_device_rows_and_raw_samples_keeps_aggregates(world):
    now = at(MON, 12)
    old = now - dt.timedelta(days=400)
    world.presence({"ap1": [SUBJECT_MAC]}, old, 6)
    world.presence({"ap1": [OTHER]}, at(MON, 9), 6)
    world.portal(SUBJECT_MAC, old, old + dt.timedelta(minutes=5))
    world.refresh(old - dt.timedelta(days=1), old + dt.timedelta(days=1))
    world.refresh(at(MON, 0), at(MON, 23))
    world.db.execute("INSERT INTO ap_sample (time, ap_id, reachable, clients) VALUES (%s, %s, true, 1)",
                     (now - dt.timedelta(days=100), world.ap("ap1").ap_id))
    policy = SimpleNamespace(device_days=395, raw_samples_days=90, rollup_days=1830)
    counts = retention.purge(world.db, policy, now=now)
    assert counts["client_session"] == 1 and counts["portal_session"] == 1 and counts["visit"] == 1
    assert counts["device_day"] == 1
    assert counts["ap_sample"] == 7  # 6 polls 400 days ago + 1 sample 100 days ago
    assert counts["site_daily"] == 0 and counts["ap_hourly"] == 0
    left = world.db.execute("SELECT device FROM client_session").fetchall()
    assert left == [(dev(OTHER),)]
    old_day = (old + dt.timedelta(hours=8)).date()
    assert world.db.execute("SELECT sessions FROM site_daily WHERE site_id = %s AND day = %s",
                            (world.site, old_day)).fetchone() == (1,)  # aggregate kept (SNMP + portal: one visit)
    assert retention.purge(world.db, policy, now=now)["client_session"] == 0  # idempotent


def test_refresh_after_purge_keeps_the_old_aggregates(world):
    now = at(MON, 12)
    old = now - dt.timedelta(days=400)
    world.presence({"ap1": [SUBJECT_MAC, OTHER]}, old, 10)
    world.refresh(old - dt.timedelta(days=1), old + dt.timedelta(days=1))
    old_day = (old + dt.timedelta(hours=8)).date()
    q = "SELECT sessions, visitors FROM site_daily WHERE site_id = %s AND day = %s"
    assert world.db.execute(q, (world.site, old_day)).fetchone() == (2, 2)
    retention.purge(world.db, SimpleNamespace(device_days=395, raw_samples_days=90, rollup_days=1830), now=now)
    # a later refresh over the whole period (e.g. after a backfill) leaves purged days alone
    world.db.execute("SELECT kunang_refresh_analytics(%s, %s)", (old - dt.timedelta(days=2), now))
    assert world.db.execute(q, (world.site, old_day)).fetchone() == (2, 2)
    assert world.db.execute("SELECT value FROM kunang_meta WHERE key = 'retention.device_purged_before'"
                            ).fetchone() is not None

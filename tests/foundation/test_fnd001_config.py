"""The one configuration file: strict validation, every problem with its path, secrets."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
import yaml

from collector.config import ConfigProblems, load_config, parse_config

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "config" / "kunang.example.yaml"


def kunang(*args, env=None, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "collector", *args], capture_output=True, text=True, env=env, cwd=cwd or ROOT, timeout=60
    )


def test_example_config_passes_check_config():
    r = kunang("check-config", str(EXAMPLE))
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.startswith("ok: 2 site(s), 3 access point(s)")
    # unset ${VARS} are named as warnings, never their values
    assert "KUNANG_SNMP_COMMUNITY is not set" in r.stderr


def test_three_mistakes_in_three_sections_all_reported(tmp_path):
    raw = yaml.safe_load(EXAMPLE.read_text())
    raw["sites"][1]["aps"][0]["snmp"] = {"version": 4, "community": "x"}
    raw["database"]["pool_size"] = 0
    raw["alerts"]["channels"][0]["colour"] = "blue"
    f = tmp_path / "k.yaml"
    f.write_text(yaml.safe_dump(raw))
    r = kunang("check-config", str(f))
    assert r.returncode == 1
    assert "3 problem(s)" in r.stdout
    assert "sites[1].aps[0].snmp.version: must be one of 1, 2c, 3" in r.stdout
    assert "database.pool_size: input should be greater than or equal to 1" in r.stdout
    assert "alerts.channels[0].colour: unknown key" in r.stdout
    assert "Traceback" not in r.stderr


def test_unknown_keys_cross_references_and_hours():
    with pytest.raises(ConfigProblems) as e:
        parse_config(
            {
                "sitez": [],
                "sites": [
                    {"name": "A", "opening_hours": {"mon": "16:00-08:00", "funday": "closed"},
                     "aps": [{"name": "x", "address": "127.0.0.1", "snmp": "nope"}]},
                ],
                "portal": {"sources": [{"name": "s", "site": "B", "kind": "file"}]},
            }
        )
    problems = "\n".join(e.value.problems)
    assert "sitez: unknown key" in problems
    assert "sites[0].opening_hours.funday: unknown key" in problems
    assert "sites[0].opening_hours.mon: '16:00-08:00': the end must be after the start" in problems
    assert "portal.sources[0]: path is required for a file source" in problems


def test_cross_reference_problems_named():
    with pytest.raises(ConfigProblems) as e:
        parse_config({"sites": [{"name": "A", "aps": [{"name": "x", "address": "h", "snmp": "nope"}]}],
                      "portal": {"sources": [{"name": "s", "site": "B", "kind": "file", "path": "/x"}]}})
    assert "sites[0].aps[0].snmp: unknown credentials 'nope' (none defined)" in e.value.problems
    assert "portal.sources[0].site: unknown site 'B' (valid: A)" in e.value.problems


def test_secrets_from_env_are_redacted(monkeypatch):
    monkeypatch.setenv("T_COMMUNITY", "s3cr3t-community")
    cfg = parse_config({"snmp": {"credentials": {"c": {"community": "${T_COMMUNITY}"}}, "default": "c"}})
    cred = cfg.snmp.credentials["c"]
    assert cred.community.reveal() == "s3cr3t-community"
    assert "s3cr3t" not in repr(cfg)
    assert "s3cr3t" not in str(cfg.model_dump())
    assert "s3cr3t" not in cfg.model_dump_json()


def test_missing_env_var_is_an_error_at_run_time(monkeypatch):
    monkeypatch.delenv("NOPE_NOT_SET", raising=False)
    with pytest.raises(ConfigProblems) as e:
        parse_config({"privacy": {"key": "${NOPE_NOT_SET}"}})
    assert e.value.problems == ["privacy.key: environment variable NOPE_NOT_SET is not set"]


def test_world_readable_file_with_literal_secret_warns(tmp_path):
    f = tmp_path / "k.yaml"
    f.write_text("snmp:\n  credentials:\n    c: {community: public}\n  default: c\n")
    os.chmod(f, 0o644)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        load_config(f)
    assert any("readable by every user" in str(w.message) for w in caught)
    os.chmod(f, 0o600)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        load_config(f)
    assert not caught


def test_opening_hours_and_holidays():
    cfg = parse_config({"sites": [{"name": "A", "timezone": "Asia/Makassar",
                                   "opening_hours": {"fri": "08:00-11:30, 13:30-16:00"},
                                   "holidays": ["2026-12-25"]}]})
    site = cfg.sites[0]
    wita = dt.timezone(dt.timedelta(hours=8))
    assert site.is_open(dt.datetime(2026, 11, 27, 9, 0, tzinfo=wita))  # Friday morning
    assert not site.is_open(dt.datetime(2026, 11, 27, 12, 0, tzinfo=wita))  # Friday prayers
    assert site.is_open(dt.datetime(2026, 11, 27, 14, 0, tzinfo=wita))
    assert not site.is_open(dt.datetime(2026, 11, 29, 9, 0, tzinfo=wita))  # Sunday (default closed)
    assert not site.is_open(dt.datetime(2026, 12, 25, 9, 0, tzinfo=wita))  # holiday (a Friday)
    # the same instant in UTC is judged in the site's time zone
    assert site.is_open(dt.datetime(2026, 11, 27, 1, 0, tzinfo=dt.timezone.utc))


def test_missing_and_broken_files_are_one_line(tmp_path):
    r = kunang("check-config", str(tmp_path / "absent.yaml"))
    assert r.returncode == 1 and "configuration file not found" in r.stderr and "Traceback" not in r.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text("sites: [\n  - name: x\n")
    r = kunang("check-config", str(bad))
    assert r.returncode == 1 and "(yaml) line" in r.stdout


def test_five_mistakes_of_every_kind_reported_at_once(tmp_path):
    """Field errors, names one section uses and another gives (with the valid names) and an unknown profile:
    all in one run, not one kind per run."""
    raw = yaml.safe_load(EXAMPLE.read_text())
    raw["snmp"]["poll_interval_s"] = 5                                  # a field
    raw["sites"][0]["aps"][0]["snmp"] = "library-v3"                    # unknown credentials
    raw["sites"][0]["aps"][1]["profile"] = "mikrotk"                    # unknown profile
    raw["portal"]["sources"][0]["site"] = "Perpustakaan Sembalun"       # unknown site
    raw["alerts"]["rules"][0]["channels"] = ["email-opps"]              # unknown channel
    f = tmp_path / "k.yaml"
    f.write_text(yaml.safe_dump(raw))
    r = kunang("check-config", str(f))
    assert r.returncode == 1 and "5 problem(s)" in r.stdout, r.stdout
    assert "snmp.poll_interval_s: input should be greater than or equal to 10" in r.stdout
    creds = ", ".join(sorted(raw["snmp"]["credentials"]))
    assert f"sites[0].aps[0].snmp: unknown credentials 'library-v3' (valid: {creds})" in r.stdout
    assert "sites[0].aps[1].profile: unknown profile 'mikrotk' (valid: auto, " in r.stdout
    sites = ", ".join(sorted(s["name"] for s in raw["sites"]))
    assert f"portal.sources[0].site: unknown site 'Perpustakaan Sembalun' (valid: {sites})" in r.stdout
    assert "alerts.rules[0].channels: unknown channel 'email-opps' (valid: email-ops, " in r.stdout


def test_commands_without_a_configuration_create_nothing(tmp_path):
    """`kunang db info` / `alerts list` in a folder with no kunang.yaml: one line saying so, no database made."""
    env = {k: v for k, v in os.environ.items() if k != "KUNANG_CONFIG"}
    for args in (("db", "info"), ("alerts", "list"), ("report", "--month", "2026-10", "--all", "--out", "r.pdf")):
        r = kunang(*args, env=env, cwd=tmp_path)
        assert r.returncode != 0 and "no configuration found" in r.stderr and "Traceback" not in r.stderr, args
    assert list(tmp_path.iterdir()) == []  # no .kunang/ with an empty embedded database

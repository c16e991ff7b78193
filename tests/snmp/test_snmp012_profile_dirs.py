"""Operator profile folders (snmp.profile_dirs) come before the shipped profiles; check-config
loads every profile and names the valid ones for an unknown name; `kunang profile test`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml

from collector.profiles.loader import SHIPPED_DIR, load_profiles

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "config" / "kunang.example.yaml"
UNIFI = ROOT / "tests" / "data" / "snmprec" / "unifi.snmprec"


def kunang(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "collector", *args], capture_output=True, text=True, cwd=cwd or ROOT, timeout=120)


def _override(folder: Path) -> None:
    """A local unifi-ap that reports the VAP count instead of the clients (so the override shows)."""
    text = (SHIPPED_DIR / "unifi-ap.yaml").read_text()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "unifi-ap.yaml").write_text(text.replace("description: Ubiquiti UniFi AP", "description: local UniFi override")
                                          .replace("clients: {column: stations, agg: sum}", "clients: {column: stations, agg: count}"))


def test_operator_folder_overrides_a_shipped_profile(tmp_path):
    _override(tmp_path / "mine")
    profiles = load_profiles([tmp_path / "mine"])
    assert profiles["unifi-ap"].description == "local UniFi override"
    assert profiles["cisco-wlc"].file == "cisco-wlc.yaml"  # the rest still shipped
    assert load_profiles()["unifi-ap"].description == "Ubiquiti UniFi AP"


def test_profile_test_uses_the_configured_folder(tmp_path):
    _override(tmp_path / "mine")
    cfg = tmp_path / "kunang.yaml"
    cfg.write_text("snmp:\n  profile_dirs: [mine]\n")  # relative to the configuration file
    shipped = kunang("profile", "test", "unifi-ap", str(UNIFI))
    local = kunang("-c", str(cfg), "profile", "test", "unifi-ap", str(UNIFI))
    assert shipped.returncode == local.returncode == 0, shipped.stderr + local.stderr
    assert json.loads(shipped.stdout)["clients_total"] == 12
    assert json.loads(local.stdout)["clients_total"] == 4  # 4 VAPs counted, not their 12 stations


# `kunang profile test` and `check-config` each run as a command of their own (a few seconds each): one test per
# case, so that test processes share them out.

def test_profile_test_matches_the_expected_json():
    expected = ROOT / "tests" / "data" / "expected" / "unifi.json"
    ok = kunang("profile", "test", "auto", str(UNIFI), "--expected", str(expected))
    assert ok.returncode == 0 and ok.stdout.startswith("ok: "), ok.stdout + ok.stderr


def _wrong_expected(tmp_path: Path) -> Path:
    wrong = json.loads((ROOT / "tests" / "data" / "expected" / "unifi.json").read_text())
    wrong["clients_total"] = 13
    (tmp_path / "wrong.json").write_text(json.dumps(wrong))
    return tmp_path / "wrong.json"


def test_profile_test_names_the_differences_in_english(tmp_path):
    bad = kunang("profile", "test", "auto", str(UNIFI), "--expected", str(_wrong_expected(tmp_path)), "--lang", "en")
    assert bad.returncode == 1 and "clients_total: expected 13, got 12" in bad.stdout


def test_profile_test_names_the_differences_in_indonesian(tmp_path):
    bad = kunang("profile", "test", "auto", str(UNIFI), "--expected", str(_wrong_expected(tmp_path)))
    assert bad.returncode == 1 and "1 perbedaan dari" in bad.stdout and "clients_total: diharapkan 13, didapat 12" in bad.stdout


def test_profile_test_unknown_profile_in_english():
    unknown = kunang("profile", "test", "unifi", str(UNIFI), "--lang", "en")
    assert unknown.returncode == 1 and "unknown profile 'unifi' (valid: auto, " in unknown.stderr and "unifi-ap" in unknown.stderr


def test_profile_test_unknown_profile_in_indonesian():
    unknown = kunang("profile", "test", "unifi", str(UNIFI))  # the default language: Bahasa Indonesia
    assert unknown.returncode == 1 and "profil 'unifi' tidak dikenal (yang sah: auto, " in unknown.stderr


def test_check_config_names_valid_profiles_for_an_unknown_one(tmp_path):
    raw = yaml.safe_load(EXAMPLE.read_text())
    raw["sites"][0]["aps"][0]["profile"] = "unifi"
    f = tmp_path / "k.yaml"
    f.write_text(yaml.safe_dump(raw))
    r = kunang("check-config", str(f))
    assert r.returncode == 1
    assert "sites[0].aps[0].profile: unknown profile 'unifi' (valid: auto, " in r.stdout and "unifi-ap" in r.stdout


def test_check_config_names_a_broken_operator_profile(tmp_path):
    raw = yaml.safe_load(EXAMPLE.read_text())
    raw["sites"][0]["aps"][0]["profile"] = "auto"
    f = tmp_path / "k.yaml"
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "broken.yaml").write_text("clients_total: {source: nowhere}\n")
    raw["snmp"]["profile_dirs"] = ["mine"]
    f.write_text(yaml.safe_dump(raw))
    r = kunang("check-config", str(f))
    assert r.returncode == 1 and "broken.yaml: clients_total.source: one of" in r.stdout

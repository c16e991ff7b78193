"""The contract between collector and dashboard (contract/__init__.py) is what both sides write and read:
the keys of the JSON `kunang dashboard` and `kunang report` hand their child process, the one
password-hash scheme."""

from __future__ import annotations

import dataclasses
import json

import contract
from collector.commands import dashboard as dashboard_cmd
from collector.commands import report as report_cmd
from collector.config.load import parse_config
from dashboard import auth
from dashboard.reports.builder import Settings as ReportSettings
from dashboard.settings import Settings as DashboardSettings
from dashboard.settings import from_env

CFG = {"name": "Perpustakaan Lombok Timur", "language": "en",
       "reports": {"languages": ["id", "en"], "formats": ["pdf"], "output_dir": "out"}}


def test_the_dashboard_json_has_the_keys_the_contract_names():
    cfg = parse_config(CFG)
    written = dashboard_cmd.dashboard_json(cfg, "s" * 64)
    # every key is named (refresh_s and health_check_s are the dashboard's own defaults when not written)
    assert set(written) == (contract.DASHBOARD_KEYS - {"refresh_s", "health_check_s"}) | {"users"}
    assert contract.DASHBOARD_KEYS <= {f.name for f in dataclasses.fields(DashboardSettings)}
    s = from_env({contract.ENV_DSN: "postgresql://x", contract.ENV_DASHBOARD_CONFIG: json.dumps(written)})
    assert s.extra == {}  # nothing travels that the dashboard does not read by name
    assert s.name == "Perpustakaan Lombok Timur"
    assert s.reports["formats"] == ["pdf"] and s.reports["languages"] == ["id", "en"]


def test_the_report_json_has_the_keys_the_contract_names():
    written = report_cmd.child_settings(parse_config(CFG))
    assert set(written) == contract.REPORT_KEYS
    read = {f.name for f in dataclasses.fields(ReportSettings)} | {"timezone", "language", "reports", "smtp"}
    assert contract.REPORT_KEYS <= read
    assert ReportSettings.from_dict(written).organisation == "Perpustakaan Lombok Timur"


def test_one_password_hash_scheme():
    assert auth.verify_password is contract.verify_password  # the dashboard checks with the contract's
    h = contract.hash_password("rahasia-perpus")
    assert h.startswith("scrypt$") and contract.verify_password("rahasia-perpus", h)
    assert not contract.verify_password("rahasia-perpuS", h)
    assert not contract.verify_password("rahasia-perpus", h[:-4] + "AAA=")
    assert not contract.verify_password("x", "md5$abc")  # an unknown scheme is refused, not an error

"""The hook lines in `kunang collect`: alerts flow from real polls through the service to real receivers."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import yaml

from tests.snmp.simulator import free_udp_port

from .conftest import EVERY_DAY, Clock, channels
from .helpers import manager, poll_round


def test_kunang_collect_once_runs_the_alert_hooks(tmp_path, sink, pg_dsn, db):
    raw = {
        "database": {"dsn": pg_dsn}, "privacy": {"key": "k" * 32},
        "snmp": {"credentials": {"lib": {"community": "public", "timeout_s": 0.3, "retries": 0}},
                 "default": "lib", "poll_interval_s": 60, "down_after_failures": 3},
        # open around the clock so the notice is not held for opening hours
        "sites": [{"name": "Aikmel", "opening_hours": {d: "00:00-24:00" for d in EVERY_DAY},
                   "aps": [{"name": "ap-3", "address": "127.0.0.1", "port": free_udp_port()}]}],
        "alerts": {"channels": channels(sink)},
    }
    cfg = tmp_path / "kunang.yaml"
    cfg.write_text(yaml.safe_dump(raw))
    cfg.chmod(0o600)
    env = {**os.environ, "SSL_CERT_FILE": str(sink["cert"])}
    codes = []
    for _ in range(3):
        r = subprocess.run([sys.executable, "-m", "collector", "-c", str(cfg), "collect", "--once"],
                           capture_output=True, text=True, timeout=120, env=env, cwd=os.getcwd())
        codes.append(r.returncode)
    assert codes == [3, 3, 3], r.stderr  # 3: a device failed
    assert [m["subject"] for m in sink["smtp"].messages] == ["[Kunang] MATI: ap-3 di Aikmel"]
    assert len(sink["http"].on("/sendMessage")) == 1 and len(sink["http"].on("/hook")) == 1


def test_background_sender_delivers_without_blocking_the_caller(pg_dsn, db, sink, inventory):
    from .conftest import make_config

    cfg = make_config(sink)
    refs = inventory(cfg)
    clock = Clock()
    mgr = manager(pg_dsn, cfg, clock, background_delivery=True)
    try:
        for _ in range(3):
            poll_round(mgr, clock, refs, {"ap-3": False})
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and len(sink["http"].on("/hook")) < 1:
            time.sleep(0.05)
        assert [m["subject"] for m in sink["smtp"].messages] == ["[Kunang] MATI: ap-3 di Aikmel"]
        assert len(sink["http"].on("/hook")) == 1
    finally:
        mgr.close()

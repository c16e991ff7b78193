"""`kunang simulate` as an operator runs it: --write-config gives a valid kunang.yaml pointing at the
agents, the agents answer `kunang poll` with the model's values at the (file-driven) simulated
time, the truth file records what was served, Ctrl-C stops it cleanly; bad arguments are one line."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

from collector.config import load_config
from collector.simulator.clock import write_clock_file
from collector.simulator.fleet import build_fleet
from collector.simulator.model import Model
from tests.ports import free_ports

ROOT = Path(__file__).resolve().parents[2]
ENV = dict(os.environ, PYTHONPATH=str(ROOT))
T = dt.datetime(2026, 11, 24, 10, 15, tzinfo=ZoneInfo("Asia/Makassar"))


def kunang(*argv, **kw):
    return subprocess.run([sys.executable, "-m", "collector", *argv], capture_output=True, text=True, env=ENV,
                          timeout=120, **kw)


def test_simulate_cli(tmp_path):
    base = free_ports(3, "udp")
    clock = tmp_path / "clock"
    write_clock_file(clock, T)
    cfg_file, truth = tmp_path / "kunang.yaml", tmp_path / "truth.jsonl"
    proc = subprocess.Popen(
        [sys.executable, "-m", "collector", "simulate", "--aps", "3", "--sites", "1", "--seed", "3",
         "--base-port", str(base), "--write-config", str(cfg_file), "--truth", str(truth),
         "--log-dir", str(tmp_path / "logs"), "--no-events", "--clock-file", str(clock)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=ENV, cwd=tmp_path)
    try:
        for _ in range(120):
            if cfg_file.exists() and truth.exists():
                break
            time.sleep(0.25)
        time.sleep(1.0)
        cfg = load_config(cfg_file)
        assert [ap.port for ap in cfg.sites[0].aps] == [base, base + 1, base + 2]
        fleet = build_fleet(3, 1, seed=3, base_port=base)
        model = Model(fleet, random_events=False)
        agent = fleet.agents[0]
        r = kunang("poll", f"127.0.0.1:{base}", "--community", "kunang-sim", "--json")
        assert r.returncode == 0, r.stderr
        doc = json.loads(r.stdout)
        state = model.agent_state(agent, T)
        assert doc["clients_total"] == state.clients_total > 0
        assert sorted(c["mac"] for c in doc["clients"]) == sorted(c.mac for c in state.aps[0].clients)
    finally:
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=30)
    assert proc.returncode == 0, out
    assert "kunang simulate: stopped" in out and "Traceback" not in out
    polls = [json.loads(line) for line in truth.read_text().splitlines() if '"type":"poll"' in line]
    assert any(p["agent"] == agent.name and p["clients_total"] == state.clients_total for p in polls)


def test_bad_arguments_are_one_line(tmp_path):
    r = kunang("simulate", "--aps", "2", "--sites", "3", cwd=tmp_path)
    assert r.returncode == 1 and r.stderr.strip().count("\n") == 0 and "--aps (2)" in r.stderr
    r = kunang("simulate", "--backfill", "soon", cwd=tmp_path)
    assert r.returncode == 1 and "30d" in r.stderr and "Traceback" not in r.stderr


def test_busy_port_is_a_clear_error(tmp_path):
    import socket

    base = free_ports(2, "udp")
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", base + 1))
        r = kunang("simulate", "--aps", "2", "--sites", "1", "--base-port", str(base), "--for", "5", cwd=tmp_path)
    assert r.returncode == 1 and f"cannot listen on UDP 127.0.0.1:{base + 1}" in r.stderr
    assert "Traceback" not in r.stderr


def test_opening_hours_come_from_the_config(tmp_path):
    import argparse

    import yaml

    from collector.commands.simulate import add_arguments, build
    from collector.simulator.day import site_day
    from collector.simulator.fleet import write_config

    parser = argparse.ArgumentParser()
    add_arguments(parser)
    args = parser.parse_args(["--aps", "2", "--sites", "1"])
    fleet, _, _ = build(args)
    path = write_config(fleet, tmp_path / "kunang.yaml")
    raw = yaml.safe_load(path.read_text())
    raw["sites"][0]["opening_hours"]["tue"] = "closed"  # the operator closes Tuesdays
    path.write_text(yaml.safe_dump(raw))
    tuesday = dt.date(2026, 11, 24)
    assert site_day(fleet, fleet.sites[0], tuesday)
    edited, model, _ = build(args, load_config(path))
    assert site_day(edited, edited.sites[0], tuesday) == ()
    assert all(model.agent_state(a, T).clients_total == 0 for a in edited.agents)

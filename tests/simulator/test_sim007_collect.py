"""`kunang collect --once` with the configuration `kunang simulate --write-config` wrote polls every
simulated agent and stores the clients the model has at that simulated instant."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import psycopg

from collector.db.connect import start_embedded
from collector.simulator.clock import write_clock_file
from collector.simulator.fleet import build_fleet
from collector.simulator.model import Model
from collector.simulator.truth import REPORTS
from tests.ports import free_ports
from tests.snmp.simulator import wait_for_agent

ROOT = Path(__file__).resolve().parents[2]
ENV = dict(os.environ, PYTHONPATH=str(ROOT))
T = dt.datetime(2026, 11, 24, 10, 40, tzinfo=ZoneInfo("Asia/Makassar"))


def test_collect_once_against_the_simulator(world_dir):
    tmp_path = world_dir
    base = free_ports(7, "udp")
    clock, cfg_file = tmp_path / "clock", tmp_path / "kunang.yaml"
    write_clock_file(clock, T)
    sim = subprocess.Popen(
        [sys.executable, "-m", "collector", "simulate", "--aps", "7", "--sites", "3", "--seed", "6",
         "--base-port", str(base), "--write-config", str(cfg_file), "--no-events", "--clock-file", str(clock),
         "--log-dir", str(tmp_path / "logs")], cwd=tmp_path, env=ENV,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    fleet = build_fleet(7, 3, seed=6, base_port=base)
    try:
        # the configuration is written before the agents listen: wait until each answers a GET (its socket
        # bound, then a reply; tests/snmp/simulator.py), not a fixed 1.5 s (too short on a loaded machine,
        # too long on a quiet one)
        for a in fleet.agents:
            wait_for_agent(a.port, fleet.community, 120)
        assert cfg_file.exists()
        r = subprocess.run([sys.executable, "-m", "collector", "-c", str(cfg_file), "collect", "--once"],
                           cwd=tmp_path, env=ENV, capture_output=True, text=True, timeout=180)
    finally:
        sim.send_signal(signal.SIGINT)
        sim.wait(30)
    model = Model(fleet, random_events=False)
    assert r.returncode == 0, r.stdout + r.stderr
    assert f"polled {len(fleet.agents)} device(s): {len(fleet.agents)} ok" in r.stdout
    assert "Traceback" not in r.stderr, r.stderr
    db = start_embedded(tmp_path / ".kunang" / "pgdata")
    try:
        with psycopg.connect(db.dsn) as conn:
            rows = dict(((s, a), c) for s, a, c in conn.execute(
                "SELECT s.name, a.name, x.clients FROM ap_sample x JOIN ap a ON a.id = x.ap_id"
                " JOIN site s ON s.id = a.site_id"))
    finally:
        db.close()
    for agent in fleet.agents:
        site = fleet.sites[agent.site_index].name
        state = model.agent_state(agent, T)
        want = state.clients_total if REPORTS[agent.vendor] != "none" else None
        assert rows[(site, agent.name)] == want
        if agent.is_controller:
            for ap in state.aps:
                assert rows[(site, ap.name)] == len(ap.clients)

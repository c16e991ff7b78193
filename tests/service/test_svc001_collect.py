"""The collector service end to end: config -> real SNMP agents on loopback -> store."""

from __future__ import annotations

import asyncio
import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from collector.config import parse_config
from collector.service import Collector
from tests.snmp.simulator import free_udp_port, prepare_data_dir, start_snmpsim

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def agent(tmp_path_factory):
    work = tmp_path_factory.mktemp("svc-snmpsim")
    data = prepare_data_dir(work / "data", include_snmpsim_data=False)
    a = start_snmpsim(data, work, probe_community="mikrotik")
    yield a
    a.stop()


def config(agent_port: int, dead_port: int, tmp_path: Path) -> dict:
    return {
        "database": {"data_dir": str(tmp_path / "pgdata")},
        "privacy": {"key": "k" * 32},
        "snmp": {"credentials": {"mt": {"community": "mikrotik", "timeout_s": 0.5, "retries": 0},
                                 "uf": {"community": "unifi", "timeout_s": 0.5, "retries": 0}},
                 "default": "mt", "down_after_failures": 2},
        "sites": [{"name": "Sembalun", "aps": [
            {"name": "mikrotik", "address": "127.0.0.1", "port": agent_port, "snmp": "mt"},
            {"name": "unifi", "address": "127.0.0.1", "port": agent_port, "snmp": "uf"},
            {"name": "gone", "address": "127.0.0.1", "port": dead_port, "snmp": "mt"},
        ]}],
    }


def test_collector_rounds_fill_the_store(agent, pg_dsn, db, tmp_path):
    cfg = parse_config(config(agent.port, free_udp_port(), tmp_path))
    rounds = []
    for _ in range(2):
        c = Collector(cfg, pg_dsn)
        rounds.append(asyncio.run(c.run_once()))
    assert [(r.polled, r.ok, r.failed) for r in rounds] == [(3, 2, 1), (3, 2, 1)]
    rows = dict(db.execute(
        "SELECT a.name, count(*) FILTER (WHERE s.reachable) FROM ap a JOIN ap_sample s ON s.ap_id = a.id"
        " WHERE a.configured GROUP BY a.name").fetchall())
    assert rows == {"mikrotik": 2, "unifi": 2, "gone": 0}
    status = dict(db.execute("SELECT a.name, st.state FROM ap a JOIN ap_status st ON st.ap_id = a.id"
                             " WHERE a.configured").fetchall())
    assert status == {"mikrotik": "up", "unifi": "up", "gone": "down"}
    assert db.execute("SELECT kind FROM ap_event e JOIN ap a ON a.id = e.ap_id WHERE a.name = 'gone'").fetchall() == [("down",)]
    # the recordings list associated clients: each became one open session, seen in both rounds
    clients = db.execute("SELECT count(*), min(polls), max(polls) FROM client_session").fetchone()
    assert clients[0] > 0 and clients[1] == clients[2] == 2
    assert db.execute("SELECT count(*) FROM poll_round").fetchone()[0] == 2
    # rollups were refreshed by the heartbeat (the MikroTik's CAPsMAN AP is an AP of its own)
    assert db.execute("SELECT sum(polls) FROM ap_hourly").fetchone()[0] == \
        db.execute("SELECT count(*) FROM ap_sample").fetchone()[0] == 8
    assert db.execute("SELECT name FROM ap WHERE NOT configured").fetchall() == [("cap-aula",)]
    # the analytics refresh ran: today's site figures exist, with the configured gap recorded
    assert db.execute("SELECT count(*) FROM site_hourly").fetchone()[0] > 0
    c = Collector(cfg, pg_dsn)
    c.purge(dt.datetime.now(dt.timezone.utc))  # nothing is old enough: keeps everything
    c.store.close()
    assert db.execute("SELECT count(*) FROM ap_sample").fetchone()[0] == 8


def test_kunang_collect_once_command(agent, tmp_path, embedded_dir):
    cfg = config(agent.port, free_udp_port(), embedded_dir)  # `kunang collect` starts an embedded server
    f = tmp_path / "kunang.yaml"
    f.write_text(yaml.safe_dump(cfg))
    f.chmod(0o600)
    r = subprocess.run([sys.executable, "-m", "collector", "--config", str(f), "collect", "--once"],
                       capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert r.returncode == 3, r.stderr  # one device unreachable
    assert "polled 3 device(s): 2 ok, 1 failed" in r.stdout
    assert "Traceback" not in r.stderr


def test_service_runs_portal_syslog_and_stops_cleanly(agent, pg_dsn, db, tmp_path):
    import socket

    port = free_udp_port()
    raw = config(agent.port, free_udp_port(), tmp_path)
    raw["sites"][0]["aps"] = raw["sites"][0]["aps"][:1]
    raw["snmp"]["poll_interval_s"] = 10  # the device's first poll falls at its phase: within 10 s
    raw["portal"] = {"syslog": {"address": "127.0.0.1", "port": port, "tcp": False},
                     "sources": [{"name": "hotspot", "site": "Sembalun", "kind": "syslog", "format": "mikrotik",
                                  "peers": ["127.0.0.1"]}]}
    cfg = parse_config(raw)

    async def scenario():
        c = Collector(cfg, pg_dsn)
        stop = asyncio.Event()
        task = asyncio.create_task(c.run(stop))
        await asyncio.sleep(1.0)
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.sendto(b"<134>Nov  2 09:15:01 gw hotspot,info,debug siti (10.5.50.23): logged in", ("127.0.0.1", port))
            s.sendto(b"<134>Nov  2 09:45:01 gw hotspot,info,debug siti (10.5.50.23): logged out: "
                     b"user request", ("127.0.0.1", port))
        for _ in range(70):  # polls and the portal events land
            await asyncio.sleep(0.2)
            if db.execute("SELECT count(*) FROM portal_event").fetchone()[0] >= 2 and c.writes:
                break
        stop.set()
        await asyncio.wait_for(task, 30)

    asyncio.run(scenario())
    kinds = [r[0] for r in db.execute("SELECT kind FROM portal_event ORDER BY time")]
    assert kinds == ["login", "logout"]
    # the username is stored only as a pseudonym
    assert db.execute("SELECT count(*) FROM portal_event WHERE user_id IS NOT NULL AND user_raw IS NULL").fetchone()[0] == 2
    assert db.execute("SELECT count(*) FROM ap_sample").fetchone()[0] >= 1


def test_syslog_port_in_use_is_one_clear_line(agent, tmp_path, embedded_dir):
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as busy:
        busy.bind(("127.0.0.1", 0))
        port = busy.getsockname()[1]
        raw = config(agent.port, free_udp_port(), embedded_dir)  # its collector starts an embedded server
        raw["portal"] = {"syslog": {"address": "127.0.0.1", "port": port},
                         "sources": [{"name": "h", "site": "Sembalun", "kind": "syslog", "peers": ["127.0.0.1"]}]}
        f = tmp_path / "kunang.yaml"
        f.write_text(yaml.safe_dump(raw))
        f.chmod(0o600)
        r = subprocess.run([sys.executable, "-m", "collector", "--config", str(f), "collect"],
                           capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert r.returncode == 1
    assert f"kunang: portal.syslog: cannot listen on 127.0.0.1:{port}: Address already in use" in r.stderr
    assert "Traceback" not in r.stderr

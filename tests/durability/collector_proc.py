"""A `kunang collect` process against a server the caller owns (tests and bench/durability.py)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import psycopg
import yaml

from tests.durability.owned_pg import wait_for
from tests.snmp.simulator import free_udp_port

ROOT = Path(__file__).resolve().parents[2]


def free_tcp_and_udp_port() -> int:
    for _ in range(50):
        port = free_udp_port()
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
                return port
            except OSError:
                continue
    raise RuntimeError("no free port")


def write_config(work: Path, dsn: str, syslog_port: int, agent_port: int | None = None,
                 receive_buffer_bytes: int | None = None) -> Path:
    aps = [{"name": "mikrotik", "address": "127.0.0.1", "port": agent_port}] if agent_port else []
    syslog = {"address": "127.0.0.1", "port": syslog_port}
    if receive_buffer_bytes:
        syslog["receive_buffer_bytes"] = receive_buffer_bytes
    cfg = {
        "database": {"dsn": dsn, "pool_size": 3},
        "spool": {"dir": str(work / "spool")},
        "privacy": {"key": "d" * 32},
        "snmp": {"credentials": {"mt": {"community": "mikrotik", "timeout_s": 0.5, "retries": 0}}, "default": "mt",
                 "poll_interval_s": 10},
        "sites": [{"name": "Sembalun", "timezone": "Asia/Makassar", "aps": aps}],
        "portal": {"syslog": syslog,
                   "sources": [
                       {"name": "hs", "site": "Sembalun", "kind": "syslog", "peers": ["127.0.0.1"]},
                       {"name": "hs-file", "site": "Sembalun", "kind": "file", "path": str(work / "hotspot.log")},
                       {"name": "radius", "site": "Sembalun", "kind": "file", "format": "radius-detail",
                        "path": str(work / "detail")}]},
    }
    path = work / "kunang.yaml"
    path.write_text(yaml.safe_dump(cfg))
    path.chmod(0o600)
    return path


def start_collector(cfg: Path, work: Path, port: int) -> subprocess.Popen:
    log = open(work / "collector.log", "ab")  # noqa: SIM115
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    p = subprocess.Popen([sys.executable, "-m", "collector", "-c", str(cfg), "collect"], stdout=log, stderr=log,
                         env=env, cwd=work)

    def listening() -> bool:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return True
        except OSError:
            assert p.poll() is None, (work / "collector.log").read_text()[-3000:]
            return False
    assert wait_for(listening, 60), "collector did not start listening"
    return p


def stop_collector(p: subprocess.Popen) -> None:
    if p.poll() is None:
        p.terminate()
        try:
            p.wait(60)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def count(dsn: str, sql: str, *args):
    with psycopg.connect(dsn) as conn:
        return conn.execute(sql, args).fetchone()[0]


def events(dsn: str, origin_like: str) -> int:
    return count(dsn, "SELECT count(*) FROM portal_event WHERE origin LIKE %s", origin_like)

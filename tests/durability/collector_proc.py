"""A `kunang collect` process against a server the caller owns (tests and bench/durability.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import yaml

from tests.durability.owned_pg import wait_for
from tests.ports import free_port

ROOT = Path(__file__).resolve().parents[2]


def free_tcp_and_udp_port() -> int:
    """A port free for both TCP and UDP (the collector's syslog listens on both)."""
    return free_port("both")


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


def listens(pid: int, port: int) -> bool:
    """Whether process `pid` itself holds a TCP socket listening on `port` (/proc/net/tcp against its fds)."""
    inodes = set()
    with open("/proc/net/tcp") as f:
        for line in f.readlines()[1:]:
            cols = line.split()
            if cols[3] == "0A" and int(cols[1].rsplit(":", 1)[1], 16) == port:  # 0A: LISTEN
                inodes.add(cols[9])
    try:
        names = os.listdir(f"/proc/{pid}/fd")
    except OSError:  # the process ended
        return False
    for fd in names:
        try:
            if os.readlink(f"/proc/{pid}/fd/{fd}") in {f"socket:[{i}]" for i in inodes}:
                return True
        except OSError:  # closed meanwhile
            continue
    return False


def start_collector(cfg: Path, work: Path, port: int) -> subprocess.Popen:
    """Start `kunang collect`; return once OUR collector listens on `port`: the process is alive, holds the
    listening socket itself, and its log from this start on has no "cannot listen" (a connect alone proves
    only that SOMETHING listens there). Otherwise stop it and fail with its log."""
    log_path = work / "collector.log"
    offset = log_path.stat().st_size if log_path.exists() else 0  # a restart appends to the same log
    log = open(log_path, "ab")  # noqa: SIM115
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    p = subprocess.Popen([sys.executable, "-m", "collector", "-c", str(cfg), "collect"], stdout=log, stderr=log,
                         env=env, cwd=work)

    def own_log() -> str:
        with open(log_path, "rb") as f:
            f.seek(offset)
            return f.read().decode(errors="replace")

    def fault() -> str | None:
        if p.poll() is not None:
            return f"collector exited with {p.returncode}"
        if "cannot listen" in own_log():
            return f"collector cannot listen on {port}"
        return None

    def ready() -> bool:
        return bool(fault()) or listens(p.pid, port)  # a fault stops the wait; judged below

    up = wait_for(ready, 60)
    why = fault() or (None if up else "collector did not start listening in 60 s")
    if why:
        stop_collector(p)
        raise AssertionError(f"{why}; collector log:\n{own_log()[-3000:]}")
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

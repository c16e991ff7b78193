"""Start/stop real SNMP agents on loopback for tests and the benchmark: snmpsim and net-snmp snmpd."""

from __future__ import annotations

import bz2
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import snmpsim_data

from tests.snmp.cases import SNMPSIM_DATA

REPO = Path(__file__).resolve().parents[2]
OWN_RECORDINGS = REPO / "tests" / "data" / "snmprec"


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# A stable place for recordings and snmpsim's indexes: snmpsim keeps an index (.dbm) per recording
# and rebuilds it only when the recording changes, so the big snmpsim-data walks (550k+ lines)
# are indexed once per machine instead of once per test session.
STABLE_ROOT = Path(os.environ.get("KUNANG_SNMPSIM_DIR", "/tmp/kunang-snmpsim"))


def _write_if_changed(path: Path, data: bytes) -> None:
    if path.exists() and path.stat().st_size == len(data) and path.read_bytes() == data:
        return  # keep the mtime: snmpsim's index stays valid
    path.write_bytes(data)


def prepare_data_dir(data_dir: Path | None = None, include_snmpsim_data: bool = True, extra: dict[str, str] | None = None) -> Path:
    data_dir = data_dir or STABLE_ROOT / "data"
    data_dir.mkdir(parents=True, exist_ok=True)
    for f in OWN_RECORDINGS.glob("*.snmprec"):
        _write_if_changed(data_dir / f.name, f.read_bytes())
    for name, text in (extra or {}).items():
        _write_if_changed(data_dir / f"{name}.snmprec", text.encode())
    if include_snmpsim_data:
        root = Path(snmpsim_data.__file__).parent / "data"
        for name, rel in SNMPSIM_DATA.items():
            target = data_dir / f"{name}.snmprec"
            stamp = data_dir / f".{name}.source"
            source_id = f"{rel} {(root / rel).stat().st_size} {(root / rel).stat().st_mtime_ns}"
            if target.exists() and stamp.exists() and stamp.read_text() == source_id:
                continue
            with bz2.open(root / rel, "rb") as src, open(target, "wb") as dst:
                shutil.copyfileobj(src, dst)
            stamp.write_text(source_id)
    return data_dir


def snmpsim_binary() -> str:
    return str(Path(sys.executable).with_name("snmpsim-command-responder"))


def wait_for_agent(port: int, community: str, deadline_s: float) -> None:
    """Until the agent answers a GET sysDescr (snmpsim indexes big recordings at start-up)."""
    import asyncio

    from collector.snmp.client import SnmpSession, close_engine, new_engine
    from collector.snmp.errors import SnmpError
    from collector.snmp.model import SnmpTarget

    async def probe() -> bool:
        engine = new_engine()
        try:
            async with await SnmpSession.open(SnmpTarget("127.0.0.1", port, community=community, timeout_s=1.0, retries=0), engine) as s:
                await s.get([(1, 3, 6, 1, 2, 1, 1, 1, 0)])
            return True
        except SnmpError:
            return False
        finally:
            close_engine(engine)

    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        if asyncio.run(probe()):
            return
        time.sleep(0.5)
    raise RuntimeError(f"SNMP agent on 127.0.0.1:{port} did not answer within {deadline_s:.0f} s")


class Agent:
    def __init__(self, proc: subprocess.Popen, port: int, log: Path) -> None:
        self.proc, self.port, self.log = proc, port, log

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def start_snmpsim(data_dir: Path, work: Path, port: int | None = None, probe_community: str = "openwrt",
                  deadline_s: float = 900.0, cache_dir: Path | None = None) -> Agent:
    """snmpsim serving `data_dir` (community = file name); waits until it answers (it indexes
    every recording at start-up: minutes the first time for the big ones, seconds afterwards)."""
    port = port or free_udp_port()
    work.mkdir(parents=True, exist_ok=True)
    log = work / "snmpsim.log"
    env = dict(os.environ, SNMPSIM_ALLOW_ROOT="true")
    cache_dir = cache_dir or STABLE_ROOT / "cache"
    proc = subprocess.Popen(
        [snmpsim_binary(), f"--data-dir={data_dir}", f"--cache-dir={cache_dir}",
         f"--agent-udpv4-endpoint=127.0.0.1:{port}", f"--logging-method=file:{log}"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
    )
    agent = Agent(proc, port, log)
    try:
        wait_for_agent(port, probe_community, deadline_s)
    except Exception:
        agent.stop()
        raise
    return agent


def start_snmpd(work: Path, port: int | None = None) -> Agent:
    """net-snmp snmpd with community `kunang` and v3 users `kunangv3` (SHA / AES-128) and
    `kunang256` (SHA-256 / AES-256), both authPriv. No SMUX (port 199 may be taken)."""
    port = port or free_udp_port()
    work.mkdir(parents=True, exist_ok=True)
    conf = work / "snmpd.conf"
    conf.write_text(
        f"agentaddress udp:127.0.0.1:{port}\n"
        "rocommunity kunang 127.0.0.1\n"
        "createUser kunangv3 SHA authpass123 AES privpass123\n"
        "createUser kunang256 SHA-256 authpass256 AES-256 privpass256\n"
        "rouser kunangv3 priv\n"
        "rouser kunang256 priv\n"
    )
    log = work / "snmpd.log"
    env = dict(os.environ, SNMP_PERSISTENT_DIR=str(work / "persist"), MIBS="")
    proc = subprocess.Popen(
        [shutil.which("snmpd") or "/usr/sbin/snmpd", "-f", "-Lf", str(log), "-I", "-smux", "-C", "-c", str(conf), "-p", str(work / "pid")],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
    )
    agent = Agent(proc, port, log)
    try:
        wait_for_agent(port, "kunang", 30)
    except Exception:
        agent.stop()
        raise
    return agent

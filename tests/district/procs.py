"""Real processes of the test bed: `kunang edge` inside a village namespace, `kunang ingest`
workers at the district, an snmpsim agent (the village's AP) inside the namespace."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.snmp.simulator import STABLE_ROOT, prepare_data_dir, snmpsim_binary

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "SNMPSIM_ALLOW_ROOT": "true"}


def _log(work: Path, name: str):
    return open(work / f"{name}.log", "ab")  # noqa: SIM115 - the child keeps it


def kunang(prefix: list[str], cfg: Path, work: Path, name: str, *args: str) -> subprocess.Popen:
    log = _log(work, name)
    return subprocess.Popen([*prefix, sys.executable, "-m", "collector", "-c", str(cfg), *args],
                            stdout=log, stderr=log, env=ENV, cwd=work)


def start_edge(village, cfg: Path, work: Path) -> subprocess.Popen:
    return kunang(village.cmd(), cfg, work, f"edge-{village.ns}", "edge")


def start_ingest(cfg: Path, work: Path, name: str) -> subprocess.Popen:
    return kunang([], cfg, work, f"ingest-{name}", "ingest", "--name", name)


def start_agent(village, work: Path, port: int = 1161, wait: bool = True) -> subprocess.Popen:
    """snmpsim serving the repository's recordings on 127.0.0.1:port inside the village."""
    data = prepare_data_dir(work / "snmp-data", include_snmpsim_data=False)
    p = subprocess.Popen(village.cmd(snmpsim_binary(), f"--data-dir={data}", f"--cache-dir={STABLE_ROOT / 'cache'}",
                                     f"--agent-udpv4-endpoint=127.0.0.1:{port}",
                                     f"--logging-method=file:{work / 'snmpsim.log'}"),
                         env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    p.port = port
    if wait:
        wait_agent(village, p)
    return p


def wait_agent(village, p: subprocess.Popen, community: str = "mikrotik", timeout: float = 60) -> None:
    port = p.port
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        r = subprocess.run(village.cmd("snmpget", "-v2c", "-c", community, "-t", "1", "-r", "0", f"127.0.0.1:{port}",
                                       "1.3.6.1.2.1.1.1.0"), capture_output=True)
        if r.returncode == 0:
            return
        time.sleep(0.2)
        assert p.poll() is None, "snmpsim ended at start"
    stop(p)
    raise RuntimeError("snmpsim in the village did not answer")


def stop(p: subprocess.Popen | None, sig: int = signal.SIGTERM, timeout: float = 30) -> None:
    if p is None or p.poll() is not None:
        return
    p.send_signal(sig)
    try:
        p.wait(timeout)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()


def kill9(p: subprocess.Popen) -> None:
    p.kill()
    p.wait()

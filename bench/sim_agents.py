"""Simulated agents: CPU per AP-poll of the pysnmp agents (`kunang simulate`) vs snmpsim serving the
same MIBs as static recordings, walked by net-snmp `snmpbulkwalk` (so the client's cost is not counted).

    .venv/bin/python bench/sim_agents.py [--aps 40] [--rounds 5]

Each round steps the simulated clock one minute (the pysnmp agents rebuild every snapshot) and walks
every agent's whole MIB once. Agent CPU is read from /proc/<pid>/stat around the walks. Also prints the
model's and the backfill's cost per synthesised poll.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from collector.simulator import mibs  # noqa: E402
from collector.simulator.agent import free_base_port  # noqa: E402
from collector.simulator.clock import write_clock_file  # noqa: E402
from collector.simulator.fleet import build_fleet  # noqa: E402
from collector.simulator.model import Model  # noqa: E402

T0 = dt.datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Asia/Makassar"))
TICK = os.sysconf("SC_CLK_TCK")


def cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def walk(port: int, community: str) -> int:
    out = subprocess.run(["snmpbulkwalk", "-v2c", "-c", community, "-Cr50", "-On", "-t", "5", "-r", "1",
                          f"127.0.0.1:{port}", "1.3.6.1"], capture_output=True, text=True, timeout=120)
    return len(out.stdout.splitlines())


def walk_all(targets: list[tuple[int, str]]) -> int:
    with ThreadPoolExecutor(8) as ex:
        return sum(ex.map(lambda t: walk(*t), targets))


def wait_answering(port: int, community: str, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        r = subprocess.run(["snmpget", "-v2c", "-c", community, "-t", "1", "-r", "0", f"127.0.0.1:{port}",
                            "1.3.6.1.2.1.1.3.0"], capture_output=True, text=True)
        if r.returncode == 0 and "Timeticks" in r.stdout:
            return
        time.sleep(0.5)
    raise SystemExit(f"agent on {port} does not answer")


def bench_pysnmp(aps: int, sites: int, rounds: int, tmp: Path, crowd: float) -> dict:
    base = free_base_port(aps, start=25161)
    fleet = build_fleet(aps, sites, seed=1, base_port=base, crowd=crowd)
    clock = tmp / "clock"
    write_clock_file(clock, T0)
    proc = subprocess.Popen([sys.executable, "-m", "collector", "simulate", "--aps", str(aps), "--sites", str(sites),
                             "--base-port", str(base), "--no-events", "--crowd", str(crowd), "--clock-file", str(clock),
                             "--log-dir", str(tmp / "logs"), "--syslog", "127.0.0.1:9"],
                            cwd=tmp, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=dict(os.environ, PYTHONPATH=str(ROOT)))
    try:
        for a in fleet.agents:
            wait_answering(a.port, fleet.community)
        targets = [(a.port, fleet.community) for a in fleet.agents]
        c0, w0, vb = cpu_s(proc.pid), time.perf_counter(), 0
        for k in range(rounds):
            write_clock_file(clock, T0 + dt.timedelta(minutes=k + 1))
            vb += walk_all(targets)
        return {"cpu": cpu_s(proc.pid) - c0, "wall": time.perf_counter() - w0, "varbinds": vb,
                "polls": rounds * len(targets), "rss": rss_mb(proc.pid), "agents": len(targets)}
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(30)


def bench_snmpsim(aps: int, sites: int, rounds: int, tmp: Path, crowd: float) -> dict:
    fleet = build_fleet(aps, sites, seed=1, crowd=crowd)
    model = Model(fleet, random_events=False)
    data = tmp / "snmprec"
    data.mkdir()
    for i, a in enumerate(fleet.agents):
        state = model.agent_state(a, T0)
        (data / f"agent{i}.snmprec").write_text(mibs.snmprec(mibs.render(a, state, fleet.sites[a.site_index])))
    port = free_base_port(1, start=26161)
    exe = shutil.which("snmpsim-command-responder") or str(Path(sys.executable).parent / "snmpsim-command-responder")
    proc = subprocess.Popen([exe, f"--data-dir={data}", f"--agent-udpv4-endpoint=127.0.0.1:{port}",
                             f"--cache-dir={tmp / 'cache'}", "--log-level=error"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=dict(os.environ, SNMPSIM_ALLOW_ROOT="true"))
    try:
        targets = [(port, f"agent{i}") for i in range(len(fleet.agents))]
        for t in targets:
            wait_answering(*t)
        walk_all(targets)  # snmpsim indexes each recording on first use: not part of the steady state
        c0, w0, vb = cpu_s(proc.pid), time.perf_counter(), 0
        for _ in range(rounds):
            vb += walk_all(targets)
        return {"cpu": cpu_s(proc.pid) - c0, "wall": time.perf_counter() - w0, "varbinds": vb,
                "polls": rounds * len(targets), "rss": rss_mb(proc.pid), "agents": len(targets)}
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def bench_model(aps: int, sites: int) -> dict:
    from collector.profiles.loader import load_profiles
    from collector.simulator.results import ResultMaker

    fleet = build_fleet(aps, sites, seed=1)
    model = Model(fleet)
    maker = ResultMaker(fleet, load_profiles())
    n = 0
    c0 = time.process_time()
    for k in range(60):
        t = T0 + dt.timedelta(minutes=10 * k)
        for a in fleet.agents:
            model.agent_state(a, t)
            n += 1
    c1 = time.process_time()
    for k in range(60):
        t = T0 + dt.timedelta(minutes=10 * k)
        for a in fleet.agents:
            maker.result(a, model.agent_state(a, t), t)
    c2 = time.process_time()
    return {"state_ms": (c1 - c0) / n * 1000, "result_ms": (c2 - c1) / n * 1000}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--aps", type=int, default=40)
    ap.add_argument("--sites", type=int, default=10)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--crowd", type=float, default=1.0, help="visitor volume (7: ~30 clients per AP)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        (tmp / "a").mkdir()
        (tmp / "b").mkdir()
        py = bench_pysnmp(args.aps, args.sites, args.rounds, tmp / "a", args.crowd)
        sim = bench_snmpsim(args.aps, args.sites, args.rounds, tmp / "b", args.crowd)
    m = bench_model(args.aps, args.sites)
    print(f"simulated fleet: {args.aps} APs in {args.sites} sites = {py['agents']} SNMP agents, "
          f"{args.rounds} rounds of full snmpbulkwalks (-Cr50), crowd x{args.crowd:g}")
    for name, r in (("kunang simulate (pysnmp, dynamic)", py), ("snmpsim (static .snmprec)", sim)):
        per_poll = r["cpu"] / r["polls"] * 1000
        print(f"  {name:36s} agent CPU {per_poll:6.1f} ms per AP-poll, {r['cpu'] / r['varbinds'] * 1e6:6.0f} us "
              f"per varbind ({r['varbinds'] // r['polls']} varbinds per poll), RSS {r['rss']:.0f} MB; "
              f"{per_poll * 200 / 60 / 1000:.2f} core for 200 agents polled every 60 s")
    print(f"  ratio snmpsim/pysnmp CPU per AP-poll: {(sim['cpu'] / sim['polls']) / (py['cpu'] / py['polls']):.2f}")
    print(f"  model: {m['state_ms']:.2f} ms CPU per agent state; backfill: {m['result_ms']:.2f} ms per synthesised "
          f"PollResult (state + MIB + profile engine)")


if __name__ == "__main__":
    main()

"""The whole collector: the real `kunang collect` polling a simulated fleet every --interval seconds,
with its CPU counted over every thread of the collector process plus its PostgreSQL server.

    .venv/bin/python bench/collector_fleet.py [--aps 200 500 1000] [--window 180] [--quick]

The simulator's fleet has ~30 client rows per AP (--crowd 10.5; the figure is printed per size).

Per fleet size: one .snmprec per AP (the six device kinds of bench/snmp_poll.py, ~--clients clients
each), served by --agent-procs processes of bench/static_agent.py (a light v2c agent: snmpsim would
need a core of its own for 1,000 APs a minute; its answers are checked against snmpsim's first);
a PostgreSQL of its own (the embedded server, in a temporary directory) that only this collector
uses, so all of its CPU is the collector's; `kunang -c FILE collect` as a child process. After
--warmup seconds (the first polls, row-count hints, connection pools), CPU of the collector process
(all threads) and of every process of its PostgreSQL (backends, and separately the server's
background processes) is read from /proc at the start and end of a --window; the poll intervals
(from the stored samples' times), failed and partial polls, and skipped slots (poll_round) are read
from the database afterwards. Load average is printed with each size.

Size: one benchmark whose steps (recordings, agents, database, collector, /proc accounting, the figures read
back) run in this order and share their temporary directory; split up they would pass it all around.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.snmp_poll import FAMILIES, write_recording  # noqa: E402
from collector.db.connect import start_embedded  # noqa: E402
from collector.poller import poll_many, poll_with_raw  # noqa: E402
from collector.profiles.loader import load_profiles  # noqa: E402
from collector.snmp.model import SnmpTarget  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")


def proc_cpu(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK


def children(ppid: int) -> list[int]:
    out = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                if int((d / "stat").read_text().rsplit(")", 1)[1].split()[1]) == ppid:
                    out.append(int(d.name))
            except (OSError, IndexError):
                pass
    return out


def pg_cpu(postmaster: int) -> tuple[float, float]:
    """(backends, everything else of the server incl. the postmaster) CPU seconds now."""
    backends = other = 0.0
    for pid in children(postmaster):
        try:
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if "(" in cmd or "[local]" in cmd or "127.0.0.1" in cmd:  # "postgres: user db host(port) state"
            backends += proc_cpu(pid)
        else:
            other += proc_cpu(pid)
    return backends, other + proc_cpu(postmaster)


def rss_hwm_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def threads(pid: int) -> int:
    return len(list(Path(f"/proc/{pid}/task").iterdir()))


def start_agents(files: list[Path], procs: int, port_base: int) -> list[subprocess.Popen]:
    agents = []
    per = -(-len(files) // procs)
    for k in range(procs):
        chunk = files[k * per : (k + 1) * per]
        if not chunk:
            continue
        p = subprocess.Popen([sys.executable, str(REPO / "bench" / "static_agent.py"), "--port-base", str(port_base + k * per),
                              *map(str, chunk)], stdout=subprocess.PIPE, text=True)
        agents.append(p)
    for p in agents:
        if p.stdout.readline().strip() != "ready":
            raise SystemExit("static agent did not start")
    return agents


def check_against_snmpsim(files: list[Path], port_base: int, profiles) -> None:
    """One AP of each device kind through the static agent and through snmpsim: same rows."""
    from tests.snmp.simulator import start_snmpsim

    with tempfile.TemporaryDirectory(prefix="kunang-check-") as tmp:
        data = Path(tmp) / "data"
        data.mkdir()
        picks = list(range(min(len(FAMILIES), len(files))))
        for k in picks:
            (data / f"ap{k}.snmprec").write_bytes(files[k].read_bytes())
        sim = start_snmpsim(data, Path(tmp), probe_community="ap0")
        try:
            for k in picks:
                a, _ = asyncio.run(poll_with_raw(SnmpTarget("127.0.0.1", port_base + k, community="x", timeout_s=10), profiles))
                b, _ = asyncio.run(poll_with_raw(SnmpTarget("127.0.0.1", sim.port, community=f"ap{k}", timeout_s=10), profiles))
                same = (a.profile, a.aps, a.ssids, a.radios, a.clients, a.interfaces, a.varbinds) == \
                       (b.profile, b.aps, b.ssids, b.radios, b.clients, b.interfaces, b.varbinds)
                if not same or not a.reachable or a.partial:
                    raise SystemExit(f"static agent and snmpsim differ on {files[k].name}")
        finally:
            sim.stop()
    print(f"static agent answers as snmpsim for {len(picks)} device kinds (same rows, same varbinds)")


def varbinds_per_round(n_aps: int, port_base: int, profiles) -> int:
    """Varbinds of a hinted poll per device kind (all APs of a kind have the same tables), summed."""
    targets = [SnmpTarget("127.0.0.1", port_base + k, community="x", timeout_s=10) for k in range(min(n_aps, len(FAMILIES)))]
    hints: dict = {}
    for _ in range(2):
        results = asyncio.run(poll_many(targets, profiles, hints=hints))
    per_kind = [r.varbinds for r in results]
    return sum(per_kind[i % len(FAMILIES)] for i in range(n_aps))


def simulator_varbinds(cfg: dict, agents: list, port_base: int, profiles) -> tuple[int, float]:
    """Varbinds of one round over the simulator's fleet: a hinted poll of up to 8 agents of each
    vendor kind, each kind's mean times its number of agents; and the client rows per AP of the
    sampled polls (a controller's poll reports several APs)."""
    from collections import defaultdict

    profile_of = {ap["port"]: ap.get("profile", "auto") for site in cfg["sites"] for ap in site["aps"]}
    community = cfg["snmp"]["credentials"]["simulated"]["community"]
    by_kind = defaultdict(list)
    for a in agents:
        by_kind[a.vendor].append(a)
    total = 0
    client_rows = ap_count = 0.0
    for kind, members in by_kind.items():
        sample = members[:: max(1, len(members) // 8)][:8]
        targets = [SnmpTarget("127.0.0.1", a.port, community=community, timeout_s=10) for a in sample]
        names = {t.address: profile_of.get(t.port, "auto") for t in targets}
        hints: dict = {}
        for _ in range(2):
            results = asyncio.run(poll_many(targets, profiles, profile_names=names, hints=hints))
        total += statistics.mean(r.varbinds for r in results) * len(members)
        client_rows += statistics.mean(len(r.clients) for r in results) * len(members)
        ap_count += statistics.mean(max(1, len(r.aps)) for r in results) * len(members)
        bad = [r for r in results if not r.reachable or r.partial]
        if bad:
            print(f"warning: {len(bad)} of the {kind} sample polls failed or were partial: {bad[0].errors[:2]}", flush=True)
    return int(total), client_rows / max(ap_count, 1)


def write_config(path: Path, dsn: str, n_aps: int, port_base: int, args) -> None:
    sites = []
    per_site = 20
    for s in range(-(-n_aps // per_site)):
        aps = [{"name": f"ap-{i:04d}", "address": "127.0.0.1", "port": port_base + i, "snmp": "bench", "profile": "auto"}
               for i in range(s * per_site, min(n_aps, (s + 1) * per_site))]
        sites.append({"name": f"Perpustakaan {s + 1:03d}", "timezone": "Asia/Makassar", "aps": aps})
    cfg = {"name": "collector benchmark", "language": "en", "database": {"dsn": dsn},
           "snmp": {"credentials": {"bench": {"version": "2c", "community": "public", "timeout_s": args.timeout,
                                              "retries": 1}},
                    "default": "bench", "poll_interval_s": args.interval, "concurrency": args.concurrency},
           "sites": sites}
    path.write_text(yaml.safe_dump(cfg, sort_keys=False))


def simulator_fleet(n_aps: int, root: Path, port_base: int, args) -> tuple[list[Path], dict, list]:
    """The simulator's fleet (`kunang simulate`: MikroTik, Cisco WLC with its APs, UniFi, generic
    APs; --crowd 7 is about 30 clients per AP at 10:00), each agent's MIB rendered by the simulator
    at a busy weekday 10:00 into a recording served by the static agent on the agent's own port.
    Returns (recordings in port order, the kunang.yaml the simulator writes for it, the agents)."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    from collector.simulator import mibs
    from collector.simulator.fleet import build_fleet
    from collector.simulator.model import Model

    fleet = build_fleet(aps=n_aps, sites=max(1, n_aps // 20), seed=1, base_port=port_base, crowd=args.crowd,
                        privacy_key="bench-privacy-key-0123456789", data_dir=str(root / "unused"))
    model = Model(fleet, random_events=False)
    t = dt.datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Asia/Makassar")).timestamp()
    files = []
    agents = sorted(fleet.agents, key=lambda a: a.port)
    for k, agent in enumerate(agents):
        assert agent.port == port_base + k
        rows = mibs.render(agent, model.agent_state(agent, t), fleet.sites[agent.site_index])
        f = root / "rec" / f"agent{k:04d}.snmprec"
        f.parent.mkdir(exist_ok=True)
        f.write_text(mibs.snmprec(rows))
        files.append(f)
    return files, dict(fleet.raw_config), agents


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def run_size(n_aps: int, args, profiles, checked: list) -> dict:
    with tempfile.TemporaryDirectory(prefix=f"kunang-fleet{n_aps}-") as tmp:
        root = Path(tmp)
        port_base = args.port_base
        sim_cfg = None
        if args.source == "simulator":
            files, sim_cfg, sim_agents = simulator_fleet(n_aps, root, port_base, args)
        else:
            files = []
            for i in range(n_aps):
                f = root / "rec" / f"ap{i:04d}.snmprec"
                f.parent.mkdir(exist_ok=True)
                write_recording(f, FAMILIES[i % len(FAMILIES)](i + 1, args.clients))
                files.append(f)
        agents = start_agents(files, args.agent_procs, port_base)
        db = None
        collector = None
        try:
            if not checked and args.source == "bench":
                check_against_snmpsim(files, port_base, profiles)
                checked.append(True)
            clients_per_ap = float("nan")
            if args.source == "simulator":
                vb_round, clients_per_ap = simulator_varbinds(sim_cfg, sim_agents, port_base, profiles)
                print(f"{n_aps} APs: {clients_per_ap:.1f} client rows per AP in a poll at the simulated 10:00 "
                      f"(--crowd {args.crowd:g})", flush=True)
            else:
                vb_round = varbinds_per_round(n_aps, port_base, profiles)
            db = start_embedded(root / "pg")
            postmaster = int((root / "pg" / "postmaster.pid").read_text().split()[0])
            cfg = root / "kunang.yaml"
            if sim_cfg is not None:
                sim_cfg["database"] = {"dsn": db.dsn}
                sim_cfg.pop("portal", None)
                sim_cfg["snmp"]["credentials"]["simulated"].update(timeout_s=args.timeout, retries=1)
                sim_cfg["snmp"].update(poll_interval_s=args.interval, concurrency=args.concurrency)
                cfg.write_text(yaml.safe_dump(sim_cfg, sort_keys=False, allow_unicode=True, default_flow_style=False))
            else:
                write_config(cfg, db.dsn, n_aps, port_base, args)
            env = {**os.environ, "PYTHONPATH": str(REPO)}
            log = open(root / "collect.log", "w")
            collector = subprocess.Popen([sys.executable, "-m", "collector", "-c", str(cfg), "collect"], cwd=root, env=env,
                                         stdout=log, stderr=subprocess.STDOUT)
            time.sleep(args.warmup)
            if collector.poll() is not None:
                raise SystemExit((root / "collect.log").read_text()[-3000:])
            load0 = os.getloadavg()
            t0, c0, (b0, o0) = time.time(), proc_cpu(collector.pid), pg_cpu(postmaster)
            agent0 = sum(proc_cpu(a.pid) for a in agents)
            time.sleep(args.window)
            t1, c1, (b1, o1) = time.time(), proc_cpu(collector.pid), pg_cpu(postmaster)
            agent1 = sum(proc_cpu(a.pid) for a in agents)
            load1 = os.getloadavg()
            n_threads, rss = threads(collector.pid), rss_hwm_mb(collector.pid)
            stop0 = time.time()
            collector.send_signal(signal.SIGINT)
            try:
                collector.wait(120)
            except subprocess.TimeoutExpired:
                print("collector did not stop within 120 s of SIGINT: killed", flush=True)
                collector.kill()
                collector.wait(10)
            stop_s = time.time() - stop0
            log.close()
            with psycopg.connect(db.dsn) as conn:
                # every AP's samples (a controller's poll stores one per AP it reports, at its poll time)
                rows = conn.execute("SELECT x.ap_id, extract(epoch FROM x.time), x.reachable, x.partial FROM ap_sample x "
                                    "WHERE x.time >= to_timestamp(%s) - make_interval(secs => %s) AND x.time < to_timestamp(%s) "
                                    "ORDER BY x.ap_id, x.time", (t0, args.interval * 1.5, t1)).fetchall()
                configured = [r[0] for r in conn.execute("SELECT id FROM ap")]
                skipped = conn.execute("SELECT coalesce(sum(skipped), 0) FROM poll_round WHERE time >= to_timestamp(%s) "
                                       "AND time < to_timestamp(%s)", (t0, t1 + args.interval)).fetchone()[0]
            intervals, samples, failed, partial = [], 0, 0, 0
            last: dict[int, float] = {}
            for ap_id, ts, reachable, part in rows:
                ts = float(ts)
                if ap_id in last and ts >= t0:
                    intervals.append(ts - last[ap_id])
                last[ap_id] = ts
                if ts >= t0:
                    samples += 1
                    failed += not reachable
                    partial += bool(part)
            silent = sum(1 for ap_id in configured if ap_id not in last)
            n_devices = len(files)  # one agent (device poll) per recording
            polls = round(samples * n_devices / max(len(configured), 1)) if args.source == "simulator" else samples
            window = t1 - t0
            col, back, other = c1 - c0, b1 - b0, o1 - o0
            total = col + back + other
            vb = vb_round / n_devices * polls
            out = {
                "aps": n_aps, "window_s": window, "polls": polls, "failed": failed, "partial": partial, "skipped": skipped,
                "never_polled": silent, "collector_cpu": col, "pg_backends_cpu": back, "pg_other_cpu": other,
                "agents_cpu": agent1 - agent0, "threads": n_threads, "rss_mb": rss,
                "cores_collector": col / window, "cores_total": total / window,
                "cores_60s_total": total / window * (60 / args.interval),
                "ms_per_ap_poll": total / max(polls, 1) * 1000, "us_per_varbind": total / max(vb, 1) * 1e6,
                "collector_us_per_varbind": col / max(vb, 1) * 1e6,
                "varbinds_per_poll": vb_round / n_devices, "devices": n_devices, "ap_rows": len(configured),
                "p50": statistics.median(intervals) if intervals else float("nan"),
                "p95": pct(intervals, 0.95) if intervals else float("nan"), "max": max(intervals, default=float("nan")),
                "load0": load0, "load1": load1, "stop_s": stop_s, "clients_per_ap": clients_per_ap,
            }
            print(f"\n== {n_aps} APs, interval {args.interval} s, window {window:.0f} s, load average {load0[0]:.2f} -> {load1[0]:.2f}")
            print(f"{n_devices} polled devices (agents) for {len(configured)} APs; device polls ~{polls} "
                  f"(expected ~{n_devices * window / args.interval:.0f}), AP samples {samples}, failed {failed}, partial {partial}, "
                  f"skipped slots {skipped}, APs never polled in the window {silent}")
            print(f"poll interval (per AP) p50 {out['p50']:.2f} s, p95 {out['p95']:.2f} s, max {out['max']:.2f} s")
            print(f"CPU: collector process ({n_threads} threads) {col:.2f} s, PostgreSQL backends {back:.2f} s, "
                  f"PostgreSQL background {other:.2f} s; agents (not counted) {agent1 - agent0:.2f} s")
            print(f"whole collector: {out['cores_total']:.3f} cores (collector alone {out['cores_collector']:.3f}); "
                  f"{out['ms_per_ap_poll']:.2f} ms per device poll; {out['us_per_varbind']:.1f} us per varbind "
                  f"({out['varbinds_per_poll']:.0f} varbinds per device poll); collector RSS peak {rss:.0f} MB; stopped in {stop_s:.1f} s")
            return out
        finally:
            if collector is not None and collector.poll() is None:
                collector.kill()
            for a in agents:
                a.send_signal(signal.SIGINT)
            for a in agents:
                try:
                    a.wait(10)
                except subprocess.TimeoutExpired:
                    a.kill()
            if db is not None:
                db.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--aps", type=int, nargs="+", default=[200, 500, 1000])
    ap.add_argument("--source", choices=("simulator", "bench"), default="simulator",
                    help="simulator: the fleet of `kunang simulate` (default); bench: bench/snmp_poll.py's recordings")
    ap.add_argument("--crowd", type=float, default=10.5,
                    help="simulator crowd factor (10.5: ~30 client rows per AP at 200 APs at the simulated 10:00; printed per size)")
    ap.add_argument("--clients", type=int, default=30, help="clients per AP of the bench recordings")
    ap.add_argument("--interval", type=int, default=60)
    ap.add_argument("--warmup", type=float, default=90.0)
    ap.add_argument("--window", type=float, default=180.0)
    ap.add_argument("--timeout", type=float, default=2.0)
    ap.add_argument("--concurrency", type=int, default=64)
    ap.add_argument("--agent-procs", type=int, default=2)
    ap.add_argument("--port-base", type=int, default=31000)
    ap.add_argument("--quick", action="store_true",
                    help="warm-up 65 s and a 60 s window per size (one poll interval): 200/500/1,000 APs in ~8 minutes")
    args = ap.parse_args()
    if args.quick:
        args.warmup, args.window = 65.0, 60.0
    profiles = load_profiles()
    checked: list = []
    results = []
    try:
        for n in args.aps:
            results.append(run_size(n, args, profiles, checked))
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
    if results:
        print(f"\n{'APs':>5s} {'cl/AP':>5s} {'cores':>6s} {'coll.':>6s} {'ms/AP-poll':>10s} {'us/vb':>6s} {'p50':>6s} {'p95':>6s} "
              f"{'max':>6s} {'failed':>6s} {'skipped':>7s} {'load':>11s}")
        for r in results:
            print(f"{r['aps']:5d} {r['clients_per_ap']:5.1f} {r['cores_60s_total']:6.3f} {r['cores_collector']:6.3f} "
                  f"{r['ms_per_ap_poll']:10.2f} {r['us_per_varbind']:6.1f} {r['p50']:6.2f} {r['p95']:6.2f} {r['max']:6.2f} "
                  f"{r['failed']:6d} {r['skipped']:7d} {r['load0'][0]:5.2f}/{r['load1'][0]:5.2f}")


if __name__ == "__main__":
    main()

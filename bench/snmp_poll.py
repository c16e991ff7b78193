"""SNMP polling benchmark: a loopback fleet of simulated APs, polled by Kunang's poller and by net-snmp.

    .venv/bin/python bench/snmp_poll.py [--aps 200] [--clients 30] [--agents 4] [--concurrency 64]

Builds one .snmprec per AP (mixed profiles: MikroTik RouterOS 6 and RouterOS 7 with wifi, Aruba
Instant, Ruckus ZoneDirector, airOS, TP-Link EAP; about --clients clients each), serves them with --agents snmpsim processes, then:
  1. polls the whole fleet with `poll_many` (one event loop) and reports poller CPU s per AP-poll
     and per varbind, wall time of the round, peak RSS;
  2. walks the same columns of the same agents with net-snmp `snmpbulkwalk -Cr50` (one process per
     column, as a shell script would) and reports its CPU per varbind and the ratio.
Projection: a 1,000-AP round every 60 s, against the 0.5-core / 200 MB targets.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from collector.poller import poll_many, poll_with_raw  # noqa: E402
from collector.profiles.loader import load_profiles  # noqa: E402
from collector.snmp.model import SnmpTarget  # noqa: E402
from tests.snmp.simulator import start_snmpsim  # noqa: E402


def mac(i: int, j: int) -> list[int]:
    return [0x02, (i >> 8) & 0xFF, i & 0xFF, 0x10, (j >> 8) & 0xFF, j & 0xFF]


def hexmac(m: list[int]) -> str:
    return "".join(f"{b:02x}" for b in m)


def dotted(m: list[int]) -> str:
    return ".".join(map(str, m))


def system(descr: str, oid: str, name: str) -> list[str]:
    return [f"1.3.6.1.2.1.1.1.0|4|{descr}", f"1.3.6.1.2.1.1.2.0|6|{oid}", "1.3.6.1.2.1.1.3.0|67|4242", f"1.3.6.1.2.1.1.5.0|4|{name}"]


def ifaces(n: int = 4) -> list[str]:
    rows = []
    for i in range(1, n + 1):
        rows += [f"1.3.6.1.2.1.2.2.1.2.{i}|4|eth{i}", f"1.3.6.1.2.1.2.2.1.8.{i}|2|1", f"1.3.6.1.2.1.2.2.1.10.{i}|65|{i * 1000}",
                 f"1.3.6.1.2.1.2.2.1.16.{i}|65|{i * 2000}", f"1.3.6.1.2.1.31.1.1.1.1.{i}|4|eth{i}",
                 f"1.3.6.1.2.1.31.1.1.1.6.{i}|70|{i * 10**9}", f"1.3.6.1.2.1.31.1.1.1.10.{i}|70|{i * 2 * 10**9}"]
    return rows


def mikrotik(i: int, n: int) -> list[str]:
    m = "1.3.6.1.4.1.14988.1.1.1"
    rows = system("RouterOS cAP ac", "1.3.6.1.4.1.14988.1", f"mt-{i}") + ifaces()
    rows += [f"{m}.3.1.4.3|4|Perpus", f"{m}.3.1.5.3|4x|{hexmac(mac(i, 0))}", f"{m}.3.1.6.3|65|{n}", f"{m}.3.1.7.3|2|2437", f"{m}.3.1.8.3|4|2ghz-b/g/n"]
    for j in range(1, n + 1):
        idx = f"{dotted(mac(i, j))}.3"
        rows += [f"{m}.2.1.3.{idx}|2|-{50 + j % 40}", f"{m}.2.1.4.{idx}|65|{j * 1111}", f"{m}.2.1.5.{idx}|65|{j * 2222}"]
    return rows


def mikrotik7(i: int, n: int) -> list[str]:
    """RouterOS 7 with the wifi package (MIKROTIK-MIB mtxrWifi tables), two radios."""
    w = "1.3.6.1.4.1.14988.1.1.21"
    rows = system("RouterOS hAP ax3", "1.3.6.1.4.1.14988.1", f"mt7-{i}") + ifaces(5)
    for k, (name, freq) in enumerate((("wifi1", "5180/ax/Ceee"), ("wifi2", "2437/ax")), start=4):
        rows += [f"{w}.5.1.2.{k}|4|{name}", f"{w}.5.1.3.{k}|4|Perpus", f"{w}.5.1.4.{k}|4|{freq}"]
    for j in range(1, n + 1):
        idx = f"{dotted(mac(i, j))}.{4 + j % 2}"
        rows += [f"{w}.4.1.3.{idx}|4|Perpus", f"{w}.4.1.6.{idx}|2|-{50 + j % 40}", f"{w}.4.1.8.{idx}|4|5ghz-ax",
                 f"{w}.4.1.13.{idx}|70|{j * 3333}", f"{w}.4.1.14.{idx}|70|{j * 4444}"]
    return rows


def aruba_instant(i: int, n: int) -> list[str]:
    b = "1.3.6.1.4.1.14823.2.3.3.1"
    ap = mac(i, 0)
    a = dotted(ap)
    rows = system("ArubaOS (MODEL: 303)", "1.3.6.1.4.1.14823.1.2.109", f"iap-{i}") + ifaces(2)
    rows += [f"{b}.2.1.1.1.{a}|4x|{hexmac(ap)}", f"{b}.2.1.1.2.{a}|4|iap-{i}", f"{b}.2.1.1.3.{a}|64|10.1.{i // 250}.{i % 250}",
             f"{b}.2.1.1.4.{a}|4|CN{i:08d}", f"{b}.2.1.1.6.{a}|4|303", f"{b}.2.1.1.11.{a}|2|1",
             f"{b}.2.2.1.4.{a}.0|4|36", f"{b}.2.2.1.21.{a}.0|2|{n}", f"{b}.1.7.1.2.1|4|Perpus", f"{b}.1.7.1.4.1|2|{n}"]
    for j in range(1, n + 1):
        c = dotted(mac(i, j))
        rows += [f"{b}.2.4.1.1.{c}|4x|{hexmac(mac(i, j))}", f"{b}.2.4.1.2.{c}|4x|{hexmac(ap)}", f"{b}.2.4.1.4.{c}|64|10.1.{i // 250}.{i % 250}",
                 f"{b}.2.4.1.9.{c}|65|{j * 100}", f"{b}.2.4.1.13.{c}|65|{j * 200}"]
    return rows


def ruckus_zd(i: int, n: int) -> list[str]:
    z = "1.3.6.1.4.1.25053.1.2.2.1.1"
    ap = mac(i, 0)
    a = dotted(ap)
    rows = system("Ruckus Wireless ZD1200", "1.3.6.1.4.1.25053.3.1.5.15", f"zd-{i}") + ifaces(2)
    rows += [f"{z}.2.1.1.1.{a}|4x|{hexmac(ap)}", f"{z}.2.1.1.2.{a}|4|zf-{i}", f"{z}.2.1.1.3.{a}|2|1", f"{z}.2.1.1.4.{a}|4|R510",
             f"{z}.2.1.1.5.{a}|4|{i:012d}", f"{z}.2.1.1.10.{a}|64|10.2.{i // 250}.{i % 250}", f"{z}.2.1.1.15.{a}|66|{n}",
             f"{z}.2.2.1.3.{a}.0|2|2", f"{z}.2.2.1.4.{a}.0|66|6", f"{z}.2.2.1.8.{a}.0|66|{n}",
             f"{z}.1.1.1.1.1|4|Perpus", f"{z}.1.1.1.12.1|66|{n}"]
    for j in range(1, n + 1):
        c = dotted(mac(i, j))
        rows += [f"{z}.3.1.1.2.{c}|4x|{hexmac(ap)}", f"{z}.3.1.1.4.{c}|4|Perpus", f"{z}.3.1.1.11.{c}|70|{j * 10}",
                 f"{z}.3.1.1.13.{c}|70|{j * 20}", f"{z}.3.1.1.81.{c}|2|-{55 + j % 30}"]
    return rows


def airos(i: int, n: int) -> list[str]:
    a = "1.3.6.1.4.1.41112.1.4"
    rows = system("Linux 3.3.8 mips", "1.3.6.1.4.1.41112.1.4", f"airos-{i}") + ifaces(3)
    rows += [f"{a}.1.1.4.1|2|5500", f"{a}.5.1.2.1|4|PTMP", f"{a}.5.1.15.1|66|{n}"]
    for j in range(1, n + 1):
        c = f"1.{dotted(mac(i, j))}"
        rows += [f"{a}.7.1.1.{c}|4x|{hexmac(mac(i, j))}", f"{a}.7.1.3.{c}|2|-{60 + j % 20}", f"{a}.7.1.13.{c}|70|{j * 5}", f"{a}.7.1.14.{c}|70|{j * 7}"]
    return rows


def tplink(i: int, n: int) -> list[str]:
    rows = system("EAP225(EU) 5.0", "1.3.6.1.4.1.11863.3.2.1", f"eap-{i}") + ifaces(1)
    rows.append(f"1.3.6.1.4.1.11863.10.1.1.1.0|2|{n}")
    rows += [f"1.3.6.1.4.1.11863.10.1.1.2.1.2.{j}|4x|{hexmac(mac(i, j))}" for j in range(1, n + 1)]
    return rows


FAMILIES = [mikrotik, mikrotik7, aruba_instant, ruckus_zd, airos, tplink]


def write_recording(path: Path, rows: list[str]) -> None:
    def key(line: str) -> tuple[int, ...]:
        return tuple(int(p) for p in line.split("|", 1)[0].split("."))

    path.write_text("\n".join(sorted(rows, key=key)) + "\n")


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def kunang_round(targets, profiles, concurrency, hints):
    cpu0, wall0 = time.process_time(), time.perf_counter()
    results = await poll_many(targets, profiles, concurrency=concurrency, hints=hints)
    return results, time.process_time() - cpu0, time.perf_counter() - wall0


async def columns_of(target, profiles):
    result, raw = await poll_with_raw(target, profiles)
    return result.profile, sorted(raw.columns)


def netsnmp_round(targets, columns_by_target) -> tuple[int, float, float]:
    """snmpbulkwalk -Cr50 per column per agent; returns (varbinds, children CPU s, wall s)."""
    exe = shutil.which("snmpbulkwalk")
    if not exe:
        raise SystemExit("snmpbulkwalk not found: apt-get install snmp")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall0 = time.perf_counter()
    varbinds = 0
    env = {"MIBS": "", "MIBDIRS": "/nonexistent", "PATH": "/usr/bin:/bin"}
    processes = 0
    for t in targets:
        for col in columns_by_target[t.address, t.community]:
            prefix = "." + ".".join(map(str, col)) + "."
            out = subprocess.run([exe, "-v2c", "-c", t.community, "-Cr50", "-On", "-Oq", "-t", "10", "-r", "1",
                                  f"127.0.0.1:{t.port}", prefix[1:-1]],
                                 capture_output=True, text=True, env=env, check=False).stdout
            processes += 1
            # count the column's rows only (not the endOfMibView lines after the last column)
            varbinds += sum(1 for line in out.splitlines() if line.startswith(prefix) and "No more variables" not in line)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return varbinds, cpu, time.perf_counter() - wall0, processes


def netsnmp_whole_agent(targets) -> tuple[int, float, float]:
    """One snmpbulkwalk -Cr50 per AP over its whole recording (.1.3.6.1): process start amortised."""
    exe = shutil.which("snmpbulkwalk")
    env = {"MIBS": "", "MIBDIRS": "/nonexistent", "PATH": "/usr/bin:/bin"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall0 = time.perf_counter()
    varbinds = 0
    for t in targets:
        out = subprocess.run([exe, "-v2c", "-c", t.community, "-Cr50", "-On", "-Oq", "-t", "10", "-r", "1", f"127.0.0.1:{t.port}", "1.3.6.1"],
                             capture_output=True, text=True, env=env, check=False).stdout
        varbinds += sum(1 for line in out.splitlines() if line.startswith(".") and "No more variables" not in line)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return varbinds, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), time.perf_counter() - wall0


def netsnmp_start_cost(target, n: int = 50) -> float:
    """CPU of one snmpbulkwalk process that walks nothing (one request answered endOfMibView):
    process start, library init, one round trip. Subtracted to estimate net-snmp's per-varbind cost."""
    exe = shutil.which("snmpbulkwalk")
    env = {"MIBS": "", "MIBDIRS": "/nonexistent", "PATH": "/usr/bin:/bin"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    for _ in range(n):
        subprocess.run([exe, "-v2c", "-c", target.community, "-Cr50", "-On", "-Oq", f"127.0.0.1:{target.port}", "1.9.9"],
                       capture_output=True, env=env, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)) / n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--aps", type=int, default=200)
    ap.add_argument("--clients", type=int, default=30)
    ap.add_argument("--agents", type=int, default=4, help="snmpsim processes serving the fleet")
    ap.add_argument("--concurrency", type=int, default=64)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--no-netsnmp", action="store_true", help="skip the net-snmp comparison")
    args = ap.parse_args()
    random.seed(1)
    profiles = load_profiles()
    with tempfile.TemporaryDirectory(prefix="kunang-bench-") as tmp:
        root = Path(tmp)
        agents, targets = [], []
        per_agent = (args.aps + args.agents - 1) // args.agents
        t0 = time.perf_counter()
        for a in range(args.agents):
            data = root / f"agent{a}" / "data"
            data.mkdir(parents=True)
            for i in range(a * per_agent, min(args.aps, (a + 1) * per_agent)):
                fam = FAMILIES[i % len(FAMILIES)]
                write_recording(data / f"ap{i:04d}.snmprec", fam(i + 1, args.clients))
            probe = f"ap{a * per_agent:04d}"
            agents.append(start_snmpsim(data, root / f"agent{a}", probe_community=probe, cache_dir=root / f"agent{a}" / "cache"))
        try:
            for a, agent in enumerate(agents):
                for i in range(a * per_agent, min(args.aps, (a + 1) * per_agent)):
                    targets.append(SnmpTarget("127.0.0.1", agent.port, community=f"ap{i:04d}", timeout_s=10, retries=2))
            print(f"fleet: {len(targets)} APs x ~{args.clients} clients, {args.agents} snmpsim agents, built in {time.perf_counter() - t0:.1f} s")

            rounds = []
            hints: dict = {}  # kept between rounds, as the scheduler does: sizes GETBULK requests
            for r in range(args.rounds):
                results, cpu, wall = asyncio.run(kunang_round(targets, profiles, args.concurrency, hints))
                vb = sum(x.varbinds for x in results)
                bad = [x for x in results if not x.reachable or x.partial]
                clients = sum(x.clients_total or 0 for x in results)
                rounds.append((cpu, wall, vb))
                print(f"kunang round {r + 1} ({'cold' if r == 0 else 'with row-count hints'}): wall {wall:.2f} s, poller CPU {cpu:.2f} s, varbinds {vb}, clients {clients}, failed/partial {len(bad)}")
            cpu, wall, vb = rounds[-1]
            per_ap = cpu / len(targets)
            per_vb = cpu / vb
            print(f"kunang: CPU per AP-poll {per_ap * 1000:.2f} ms, per varbind {per_vb * 1e6:.1f} us, peak RSS {rss_mb():.0f} MB")

            proj = per_ap * 1000 / 60
            if args.no_netsnmp:
                print(f"projection: 1,000 APs every 60 s -> {proj:.3f} cores of poller CPU (target 0.5); RSS {rss_mb():.0f} MB (target < 200 MB)")
                return
            # net-snmp over the same columns of the same agents
            cols = {}
            for t in targets:
                _prof, c = asyncio.run(columns_of(t, profiles))
                cols[t.address, t.community] = c
            nvb, ncpu, nwall, nproc = netsnmp_round(targets, cols)
            table_vb = vb - 4 * len(targets)  # kunang's count includes the 4-varbind system GET
            print(f"net-snmp snmpbulkwalk -Cr50, one process per column ({nproc} processes): wall {nwall:.2f} s, CPU {ncpu:.2f} s, "
                  f"varbinds {nvb} (kunang: {table_vb} table varbinds + 4 system per AP), "
                  f"{ncpu / max(nvb, 1) * 1e6:.1f} us per varbind")
            start = netsnmp_start_cost(targets[0])
            wvb, wcpu, wwall = netsnmp_whole_agent(targets)
            walk_only = max(wcpu - start * len(targets), 0.0)
            print(f"net-snmp snmpbulkwalk -Cr50, one process per AP over its whole recording: wall {wwall:.2f} s, CPU {wcpu:.2f} s, "
                  f"varbinds {wvb}, {wcpu / max(wvb, 1) * 1e6:.1f} us per varbind; process start + one request "
                  f"{start * 1000:.1f} ms; without it {walk_only / max(wvb, 1) * 1e6:.1f} us per varbind")
            print(f"ratio kunang/net-snmp CPU per varbind: {per_vb / (ncpu / max(nvb, 1)):.2f}x vs one process per column, "
                  f"{per_vb / (wcpu / max(wvb, 1)):.1f}x vs one process per AP"
                  + (f", {per_vb / (walk_only / wvb):.0f}x vs net-snmp's walking alone" if walk_only > 0 and wvb else ""))
            proj = per_ap * 1000 / 60
            print(f"projection: 1,000 APs every 60 s -> {proj:.3f} cores of poller CPU (target 0.5); RSS {rss_mb():.0f} MB (target < 200 MB)")
        finally:
            for agent in agents:
                agent.stop()


if __name__ == "__main__":
    main()

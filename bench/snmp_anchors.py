"""CPU per varbind of Kunang's SNMP poll path against the fair anchors, same agent, same run,
interleaved rounds:

    .venv/bin/python bench/snmp_anchors.py [--recording cisco-controller] [--rounds 5]   (pip install -e .[bench])

One snmpsim process serves one recording (default: the Cisco WLC walk of snmpsim-data, the one
issue 17 measured). Each round, in turn:
  - kunang poll: the poll path exactly as `kunang collect` runs it, through the collector's own
    `collector.poller.DevicePolls` (one SNMP engine shared by the polls; per device the row-count
    hints and the identity cache): the device is identified once, in the warm-up, and later polls
    reuse that identification (the collector re-identifies a device only when its sysObjectID,
    sysDescr or uptime say it changed, or every 6 hours). Each poll: GET of the system group,
    scalars, the profile's table walks with row-count hints, profile evaluation into rows;
  - kunang walk: the same columns through `SnmpSession.walk` only (the client without the profile);
  - gufo-snmp (sync client): one GETBULK walk per column of the same columns;
  - ezsnmp: `bulk_walk` per column;
  - net-snmp `snmpbulkwalk -Cr50`, one process per table of the AP walking the table's subtree
    (snmpbulkwalk takes one OID; the subtree of all the WLC's columns is 1.3.6.1, the whole agent),
    so its start-up is amortised over a whole table;
  - (extra row, labelled) the pysnmp/pyasn1 path: the same walk with the strict decoder switched off;
  - (extra row, labelled) kunang poll with identification every poll: `collector.poller.poll`
    without the identity cache and with an engine of its own per poll, as this row measured
    before: every poll also sends identification's probes (the probe GET and the subtree
    GETNEXTs of every profile that could match) and evaluates the match rules. A collector pays
    this once per device per 6 hours, not every poll.
CPU is process CPU time (all threads) for in-process clients, children's rusage for net-snmp; the
agent's CPU is not counted. Varbinds are the column varbinds each client returned.

Size: one benchmark, its clients side by side (each a few lines) and the callgrind driver that
runs some of them again under valgrind; splitting them would scatter one measurement.

`--callgrind` also counts instructions, which do not depend on the machine's load: kunang poll,
kunang walk, gufo-snmp and the extra row "kunang poll with identification every poll" each run in a child process under `valgrind --tool=callgrind` against the
same agent, once with --polls polls after the warm-up and once with none; the difference of the
instruction counts (Ir) over the varbinds of those polls is the client's instructions per varbind
(user space of the client process, its native libraries included: gufo's Rust core, the
interpreter; the kernel's work for the sockets is in neither).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from collector.poller import DevicePolls, poll, poll_with_raw  # noqa: E402
from collector.profiles.loader import load_profiles  # noqa: E402
from collector.snmp import ber, client, transport  # noqa: E402
from collector.snmp.model import SnmpTarget  # noqa: E402
from tests.snmp.simulator import prepare_data_dir, start_snmpsim  # noqa: E402

NETSNMP_ENV = {"MIBS": "", "MIBDIRS": "/nonexistent", "PATH": "/usr/bin:/bin"}


def dotted(oid) -> str:
    return ".".join(map(str, oid))


def common_prefix(oids):
    first = oids[0]
    n = len(first)
    for o in oids[1:]:
        n = min(n, len(o))
        for i in range(n):
            if o[i] != first[i]:
                n = i
                break
    return first[:n]


async def kunang_poll(target, profiles, polls: DevicePolls, rounds=1):
    """The collector's poll path: its DevicePolls (identity cached, engine and hints kept)."""
    vb = 0
    for _ in range(rounds):
        r = await polls.poll(target, profiles)
        assert r.reachable and not r.partial, r.errors
        vb += r.varbinds
    return vb


async def kunang_poll_identifying(target, profiles, hints, rounds=1):
    """[extra] Every poll identifies the device again (no identity cache), own engine per poll."""
    vb = 0
    for _ in range(rounds):
        r = await poll(target, profiles, hints=hints)
        assert r.reachable and not r.partial, r.errors
        vb += r.varbinds
    return vb


async def kunang_walk(target, columns, rows, rounds=1):
    vb = 0
    for _ in range(rounds):
        session = await client.SnmpSession.open(target)
        try:
            for cols, n in zip(columns, rows):
                w = await session.walk(cols, n)
                assert not w.partial, w.errors
                vb += w.varbinds
        finally:
            session.close()
    return vb


def gufo_walk(port, community, columns, rounds=1):
    from gufo.snmp.sync.client import SnmpSession

    vb = 0
    for _ in range(rounds):
        with SnmpSession(addr="127.0.0.1", port=port, community=community, timeout=10, max_repetitions=50) as s:
            for col in columns:
                for _oid, _value in s.getbulk(dotted(col)):
                    vb += 1
    return vb


def ezsnmp_walk(port, community, columns, rounds=1):
    from ezsnmp import Session

    vb = 0
    for _ in range(rounds):
        s = Session(hostname="127.0.0.1", port_number=port, version=2, community=community, timeout=10, retries=1,
                    print_oids_numerically=True, set_max_repeaters_to_num=50)
        for col in columns:
            vb += len(s.bulk_walk(dotted(col)))
    return vb


def netsnmp_walk(port, community, subtrees, rounds=1):
    """snmpbulkwalk takes one OID: one process per table subtree of the AP (5 for the WLC)."""
    vb = 0
    for _ in range(rounds):
        for subtree in subtrees:
            out = subprocess.run(["snmpbulkwalk", "-v2c", "-c", community, "-Cr50", "-On", "-Oq", "-t", "10", "-r", "1",
                                  f"127.0.0.1:{port}", dotted(subtree)], capture_output=True, text=True, env=NETSNMP_ENV,
                                 check=False).stdout
            vb += sum(1 for line in out.splitlines() if line.startswith(".") and "No more variables" not in line)
    return vb


CALLGRIND_CLIENTS = ("kunang-poll", "kunang-walk", "gufo", "kunang-poll-identifying")
CALLGRIND_LABELS = {"kunang-poll": "kunang poll (as `kunang collect`: identity cached)",
                    "kunang-walk": "kunang walk (client only, same columns)",
                    "gufo": "gufo-snmp (sync getbulk per column)",
                    "kunang-poll-identifying": "[extra] kunang poll with identification every poll"}


def setup_columns(target, profiles):
    """Warm-up polls (row-count hints settled; the collector's DevicePolls has identified the
    device once); the profile's tables, row counts and columns."""
    hints: dict = {}
    result, raw = asyncio.run(poll_with_raw(target, profiles, hints=hints))
    asyncio.run(kunang_poll_identifying(target, profiles, hints))  # hints settled
    polls = DevicePolls()
    asyncio.run(kunang_poll(target, profiles, polls, 2))  # identified once, its hints settled
    slot, = polls.identities.values()
    assert slot.identified == 1, slot
    profile = profiles[result.profile]
    tables = [[c.oid for c in t.columns.values() if c.oid in raw.columns] for t in profile.tables.values()]
    tables = [t for t in tables if t]
    rows = [max(len(raw.columns[c]) for c in t) for t in tables]
    columns = [c for t in tables for c in t]
    return result, raw, hints, polls, tables, rows, columns


def child(args) -> None:
    """Under callgrind: warm up, then --polls polls of one client; prints the varbinds polled."""
    profiles = load_profiles()
    target = SnmpTarget("127.0.0.1", args.port, community=args.recording, timeout_s=60, retries=1)
    _result, _raw, hints, polls, tables, rows, columns = setup_columns(target, profiles)
    if args.child == "kunang-poll":
        run = lambda k: asyncio.run(kunang_poll(target, profiles, polls, k))  # noqa: E731
    elif args.child == "kunang-poll-identifying":
        run = lambda k: asyncio.run(kunang_poll_identifying(target, profiles, hints, k))  # noqa: E731
    elif args.child == "kunang-walk":
        run = lambda k: asyncio.run(kunang_walk(target, tables, rows, k))  # noqa: E731
    else:
        run = lambda k: gufo_walk(args.port, args.recording, columns, k)  # noqa: E731
    run(1)  # this client's own warm-up (imports, first socket)
    print(f"varbinds {run(args.polls) if args.polls else 0}", flush=True)
    if args.child == "kunang-poll":
        slot, = polls.identities.values()
        assert slot.identified == 1, f"identified {slot.identified} times: the identity cache did not hold"


def callgrind_counts(port: int, recording: str, polls: int) -> dict[str, tuple[float, int]]:
    """{client: (instructions per varbind, varbinds)}: Ir with `polls` polls minus Ir with none."""
    runs = {}
    for name in CALLGRIND_CLIENTS:  # all at once: instruction counts do not depend on the others
        for k in (0, polls):
            cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, __file__,
                   "--child", name, "--port", str(port), "--recording", recording, "--polls", str(k)]
            runs[name, k] = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out = {}
    ir = {}
    vbs = {}
    try:
        for (name, k), proc in runs.items():
            stdout, stderr = proc.communicate()
            found = re.search(r"Collected : (\d+)", stderr)
            if proc.returncode != 0 or not found:
                raise SystemExit(f"callgrind run of {name} failed:\n{stderr[-2000:]}\n{stdout[-1000:]}")
            ir[name, k] = int(found.group(1))
            if k:
                vbs[name] = int(re.search(r"varbinds (\d+)", stdout).group(1))
            print(f"  callgrind {name}, {k} polls: {ir[name, k]:,} instructions", flush=True)
    finally:
        for proc in runs.values():
            if proc.poll() is None:
                proc.kill()
    for name in CALLGRIND_CLIENTS:
        out[name] = ((ir[name, polls] - ir[name, 0]) / vbs[name], vbs[name] // polls)
    return out


def cpu_self() -> float:
    return time.process_time()


def cpu_children() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--recording", default="cisco-controller")
    ap.add_argument("--rounds", type=int, default=5, help="interleaved rounds")
    ap.add_argument("--polls", type=int, default=3, help="polls (walks) per client per round")
    ap.add_argument("--callgrind", action="store_true",
                    help="also count instructions per varbind under valgrind (load-independent): kunang poll, "
                         "kunang walk, gufo-snmp, [extra] kunang poll with identification every poll")
    ap.add_argument("--callgrind-polls", type=int, default=2, help="polls per client measured under callgrind")
    ap.add_argument("--child", choices=CALLGRIND_CLIENTS, help=argparse.SUPPRESS)
    ap.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        return child(args)
    if args.callgrind and not shutil.which("valgrind"):
        raise SystemExit("valgrind not found: apt-get install valgrind")
    if not shutil.which("snmpbulkwalk"):
        raise SystemExit("snmpbulkwalk not found: apt-get install snmp")
    profiles = load_profiles()
    load0 = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="kunang-anchors-") as tmp:
        data = prepare_data_dir()
        agent = start_snmpsim(data, Path(tmp), probe_community=args.recording)
        try:
            target = SnmpTarget("127.0.0.1", agent.port, community=args.recording, timeout_s=10, retries=3)
            result, raw, hints, polls, tables, rows, columns = setup_columns(target, profiles)
            table_vb = sum(len(raw.columns[c]) for c in columns)
            # the tables' entries (a profile table may take columns of two MIB tables, ifTable and ifXTable)
            subtrees = list(dict.fromkeys(c[:-1] for c in columns))
            print(f"recording {args.recording}: profile {result.profile}, {len(columns)} columns in {len(tables)} tables, "
                  f"{table_vb} table varbinds per poll, {result.varbinds} varbinds per poll in all; "
                  f"net-snmp walks the table subtrees {', '.join(dotted(s) for s in subtrees)}")
            print(f"load average at start: {load0[0]:.2f} {load0[1]:.2f} {load0[2]:.2f}")

            def pyasn1_walk():
                saved, counts = ber.decode_response, dict(transport.FALLBACKS)
                ber.decode_response = lambda *_: None  # every datagram to pysnmp's codec
                try:
                    return asyncio.run(kunang_walk(target, tables, rows, args.polls))
                finally:
                    ber.decode_response = saved
                    transport.FALLBACKS.update(counts)  # count only the fast rows' fallbacks

            clients = {
                "kunang poll (as `kunang collect`: identity cached)": (cpu_self, lambda: asyncio.run(kunang_poll(target, profiles, polls, args.polls))),
                "kunang walk (client only, same columns)": (cpu_self, lambda: asyncio.run(kunang_walk(target, tables, rows, args.polls))),
                "gufo-snmp 0.13 (sync getbulk per column)": (cpu_self, lambda: gufo_walk(agent.port, args.recording, columns, args.polls)),
                "ezsnmp 2.5 (bulk_walk per column)": (cpu_self, lambda: ezsnmp_walk(agent.port, args.recording, columns, args.polls)),
                "net-snmp snmpbulkwalk -Cr50, one process per table entry": (cpu_children, lambda: netsnmp_walk(agent.port, args.recording, subtrees, args.polls)),
                "[extra] kunang walk through pyasn1 (strict decoder off)": (cpu_self, pyasn1_walk),
                "[extra] kunang poll with identification every poll": (cpu_self, lambda: asyncio.run(kunang_poll_identifying(target, profiles, hints, args.polls))),
            }
            per: dict[str, list[float]] = {k: [] for k in clients}
            vbs: dict[str, int] = {}
            for r in range(args.rounds):
                w0 = time.monotonic()
                for name, (clock, fn) in clients.items():
                    c0 = clock()
                    vb = fn()
                    per[name].append((clock() - c0) / vb * 1e6)
                    vbs[name] = vb // args.polls
                print(f"round {r + 1} ({time.monotonic() - w0:.0f} s, load {os.getloadavg()[0]:.2f}): "
                      + ", ".join(f"{n.split(' (')[0].split(' with ')[0]}{' +ident' if ' with ' in n else ''} {v[-1]:.1f}"
                                  for n, v in per.items()) + " us/varbind", flush=True)
            load1 = os.getloadavg()
            if args.rounds:
                gufo = statistics.median(per["gufo-snmp 0.13 (sync getbulk per column)"])
                print(f"\n{'client':58s} {'varbinds':>8s} {'median us/vb':>12s} {'best':>7s} {'x gufo':>7s}")
                for name, values in per.items():
                    med = statistics.median(values)
                    print(f"{name:58s} {vbs[name]:8d} {med:12.1f} {min(values):7.1f} {med / gufo:7.2f}")
            print(f"load average at end: {load1[0]:.2f} {load1[1]:.2f} {load1[2]:.2f}; "
                  f"pysnmp codec fallbacks: {transport.FALLBACKS}")
            if args.callgrind:
                print(f"\ncallgrind (instructions, load-independent), {args.callgrind_polls} polls per client "
                      "after the warm-up, minus a run without them:", flush=True)
                counts = callgrind_counts(agent.port, args.recording, args.callgrind_polls)
                gufo_ir = counts["gufo"][0]
                print(f"\n{'client':58s} {'varbinds':>8s} {'instr/varbind':>13s} {'x gufo':>7s}")
                for name, (per_vb, n) in counts.items():
                    print(f"{CALLGRIND_LABELS[name]:58s} {n:8d} {per_vb:13,.0f} {per_vb / gufo_ir:7.2f}")
        finally:
            agent.stop()


if __name__ == "__main__":
    main()

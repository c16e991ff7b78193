"""Durability figures (issue 14), each beside its anchor in the same run:

    .venv/bin/python bench/durability.py spool  [--lines 200000]
    .venv/bin/python bench/durability.py burst  [--sizes 5000,20000,50000,100000]
    .venv/bin/python bench/durability.py outage [--seconds 600] [--rate 200]

- spool: cost per line of appending to the spool (framing, CRC, the group fsync every 20 ms),
  against the bare minimum for the same bytes on the same disk (one buffered write, one fsync);
  and reading + acknowledging them back.
- burst: the largest UDP burst (as fast as one sender can send) a running `kunang collect`
  absorbs without loss, with the default receive buffer (8 MiB) and with the kernel's default
  (the anchor: what Kunang had before); the kernel's drops as counted by the collector.
- outage: a running collector with UDP (steady rate), TCP and file sources, poison lines mixed
  in, the database stopped for --seconds; then every good line must be stored exactly once; the
  replay rate is the lines stored per second from the database's return until the last one.
Prints the load average before and after each part.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from collector.spool import Spool  # noqa: E402

LINE = b"<134>Nov 27 10:00:00 mt hotspot,info,debug user12 (10.5.0.13): logged in"


def load() -> str:
    return f"load average {os.getloadavg()[0]:.2f} ({os.cpu_count()} CPUs)"


def bench_spool(lines: int) -> None:
    print(f"spool: {lines:,} lines of {len(LINE)} bytes; {load()}")
    base = Path(tempfile.mkdtemp(prefix="kunang-bench-spool-", dir="/var/tmp"))
    try:
        t = time.perf_counter()
        with open(base / "plain", "ab") as f:
            for _ in range(lines):
                f.write(LINE + b"\n")
            f.flush()
            os.fsync(f.fileno())
        plain = (time.perf_counter() - t) / lines * 1e6
        s = Spool(base / "spool")
        t = time.perf_counter()
        for _ in range(lines):
            s.append(LINE)
        s.sync()
        spool = (time.perf_counter() - t) / lines * 1e6
        t = time.perf_counter()
        n = 0
        while True:
            recs = s.read(5000)
            if not recs:
                break
            n += len(recs)
            s.ack(recs[-1].seq)
        read = (time.perf_counter() - t) / max(1, n) * 1e6
        s.close()
        print(f"  anchor, buffered write + one fsync: {plain:.2f} us/line")
        print(f"  spool append (framed, CRC, group fsync): {spool:.2f} us/line ({spool / plain:.1f}x the anchor)")
        print(f"  spool read + ack: {read:.2f} us/line ({n:,} lines)")
        print(f"  {load()}")
    finally:
        import shutil

        shutil.rmtree(base, ignore_errors=True)


def _collector(work: Path, dsn: str, rcvbuf: int | None, agent_port: int | None = None):
    from tests.durability.collector_proc import free_tcp_and_udp_port, start_collector, write_config

    port = free_tcp_and_udp_port()
    cfg = write_config(work, dsn, port, agent_port=agent_port, receive_buffer_bytes=rcvbuf)
    return port, start_collector(cfg, work, port)


def bench_burst(sizes: list[int]) -> None:
    from tests.durability.collector_proc import events, stop_collector
    from tests.durability.flow import line
    from tests.durability.owned_pg import OwnedPostgres, wait_for

    pg = OwnedPostgres()
    print(f"burst: one sender, datagrams as fast as it can send; {load()}")
    try:
        kernel_default = int(Path("/proc/sys/net/core/rmem_default").read_text())
        for label, rcvbuf in (("kernel default buffer (anchor), rmem_default", kernel_default),
                              ("Kunang default, 8 MiB", None)):
            work = Path(tempfile.mkdtemp(prefix="kunang-bench-burst-"))
            port, proc = _collector(work, pg.dsn, rcvbuf)
            got_rcv = None
            try:
                largest = 0
                sent_total = 0
                for n in sizes:
                    import psycopg

                    with psycopg.connect(pg.dsn, autocommit=True) as c:
                        c.execute("TRUNCATE portal_event, portal_session")
                    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                    payload = [line(f"b{n}-", i).encode() for i in range(n)]
                    t = time.perf_counter()
                    for p in payload:
                        sock.sendto(p, ("127.0.0.1", port))
                    dt = time.perf_counter() - t
                    sock.close()
                    sent_total += n
                    wait_for(lambda: events(pg.dsn, "udp:%") >= n, 60, 0.5)
                    time.sleep(2)
                    stored = events(pg.dsn, "udp:%")
                    print(f"  {label}: burst {n:>7,} in {dt:.2f} s ({n / dt:,.0f}/s): stored {stored:,}"
                          f"{'' if stored == n else f', lost {n - stored:,}'}")
                    if stored == n:
                        largest = n
                    else:
                        break
                time.sleep(6)  # the collector writes its counters every 5 s
                from tests.durability.collector_proc import count

                drops = count(pg.dsn, "SELECT coalesce(sum(value), 0) FROM intake_counter WHERE name = 'kernel_drops'")
                print(f"  {label}: largest burst without loss {largest:,}; kernel drops counted: {drops:,}")
            finally:
                stop_collector(proc)
                log = (work / "collector.log").read_text()
                got_rcv = [x for x in log.splitlines() if "receive buffer" in x]
                if got_rcv:
                    print("   ", got_rcv[0].split(": ", 1)[-1])
            with psycopg.connect(pg.dsn, autocommit=True) as c:
                c.execute("TRUNCATE intake_counter")
        print(f"  {load()}")
    finally:
        pg.close()


def bench_outage(seconds: float, rate: float) -> None:
    from tests.durability.collector_proc import count, events, stop_collector
    from tests.durability.flow import Sender
    from tests.durability.owned_pg import OwnedPostgres, wait_for

    from tests.snmp.simulator import prepare_data_dir, start_snmpsim

    pg = OwnedPostgres()
    work = Path(tempfile.mkdtemp(prefix="kunang-bench-outage-"))
    agent = start_snmpsim(prepare_data_dir(work / "snmp", include_snmpsim_data=False), work / "snmpsim",
                          probe_community="mikrotik")
    print(f"outage: database stopped for {seconds:.0f} s; UDP {rate:.0f}/s, TCP {rate / 2:.0f}/s, file "
          f"{rate / 2:.0f}/s, a poison line every 97; {load()}")
    try:
        port, proc = _collector(work, pg.dsn, None, agent.port)
        udp = Sender("udp", ("127.0.0.1", port), rate=rate)
        tcp = Sender("tcp", ("127.0.0.1", port), rate=rate / 2)
        fil = Sender("file", work / "hotspot.log", rate=rate / 2)
        for s in (udp, tcp, fil):
            s.start()
        time.sleep(5)
        stored_before = sum(events(pg.dsn, k) for k in ("udp:%", "tcp:%", "%hotspot.log@%"))
        pg.stop()
        t_down = time.time()
        while time.time() - t_down < seconds:
            time.sleep(min(30, seconds - (time.time() - t_down)))
            print(f"  ... {time.time() - t_down:.0f} s into the outage; spool "
                  f"{sum(f.stat().st_size for f in (work / 'spool' / 'default').glob('*.seg')) / 1e6:.1f} MB;"
                  f" {load()}", flush=True)
        for s in (udp, tcp, fil):
            s.finish()
        want = {"udp:%": udp.good, "tcp:%": tcp.good, "%hotspot.log@%": fil.good}
        t_up_wall = time.time()
        pg.start()
        t_up = time.monotonic()
        ok = wait_for(lambda: all(events(pg.dsn, k) >= v for k, v in want.items()), 3600, 0.2)
        replay_s = time.monotonic() - t_up
        got = {k: events(pg.dsn, k) for k in want}
        total = sum(want.values())
        print(f"  sent (good lines): {want}; stored: {got}; exactly once: {ok and got == want}")
        print(f"  poison lines sent: {udp.poison + tcp.poison + fil.poison}; quarantined rows: "
              f"{count(pg.dsn, 'SELECT count(*) FROM log_quarantine')}")
        time.sleep(3)
        import psycopg

        with psycopg.connect(pg.dsn) as c:
            times = [r[0].timestamp() for r in c.execute(
                "SELECT s.time FROM ap_sample s JOIN ap a ON a.id = s.ap_id WHERE a.name = 'mikrotik' ORDER BY 1")]
        during = [t for t in times if t_down <= t <= t_up_wall]
        gaps = max((b - a for a, b in zip(times, times[1:])), default=0)
        print(f"  polls of the outage stored: {len(during)} (one every 10 s: {seconds / 10:.0f} expected); "
              f"largest gap between stored polls: {gaps:.1f} s; duplicates: {len(times) - len(set(times))}")
        replayed = total - stored_before
        print(f"  replay after the outage: {replayed:,} lines waiting in the spool, stored in {replay_s:.1f} s from "
              f"the database's return ({replayed / replay_s:,.0f} lines/s, including reconnection)")
        print(f"  {load()}")
        stop_collector(proc)
    finally:
        agent.stop()
        pg.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="what", required=True)
    sp = sub.add_parser("spool")
    sp.add_argument("--lines", type=int, default=200_000)
    bu = sub.add_parser("burst")
    bu.add_argument("--sizes", default="5000,20000,50000,100000,200000")
    ou = sub.add_parser("outage")
    ou.add_argument("--seconds", type=float, default=600)
    ou.add_argument("--rate", type=float, default=200)
    a = ap.parse_args()
    if a.what == "spool":
        bench_spool(a.lines)
    elif a.what == "burst":
        bench_burst([int(x) for x in a.sizes.split(",")])
    else:
        bench_outage(a.seconds, a.rate)


if __name__ == "__main__":
    main()

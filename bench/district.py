"""District figures (issue 19), each with the load average beside it:

    .venv/bin/python bench/district.py codecs          what compresses a day of a 30-client AP, at what CPU
    .venv/bin/python bench/district.py wan             WAN bytes per AP-day through the impairment proxy
    .venv/bin/python bench/district.py drain           7 days x 5 APs: spool size, drain rate to the hub
    .venv/bin/python bench/district.py edge [--seconds 120]   a real `kunang edge` (5 simulated APs): CPU, RSS
    .venv/bin/python bench/district.py ingest [--villages 1000 --aps 3]   ingest CPU for 5 minutes of a district
    .venv/bin/python bench/district.py all

Every part starts and stops its own nats-server (and PostgreSQL for `ingest`) on free ports.
The data is synthetic (tests/district/synth.py): each AP has 30 clients in every poll (a busy
library all day: the worst case for bytes), polls every 60 s, and `--lines` openNDS portal lines
per AP-day (default 300: 150 sessions, login and logout).

Size: the five district benchmarks share their nats-server and PostgreSQL set-up, the synthetic data and the
printed table; one command runs any or all of them.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from collector.edge import batch as wire  # noqa: E402
from collector.edge.records import encode_edge_poll  # noqa: E402
from collector.intake import encode_chunk  # noqa: E402
from tests.district.synth import T0, hotspot_line, poll  # noqa: E402

SITE = "Desa Uji 1"
KEY = "desa-uji-1"
SOURCES = {"hotspot": [SITE, "opennds", "UTC"]}
HEARTBEAT_S = 600  # the default of edge.heartbeat_s


def load() -> str:
    return f"load average {os.getloadavg()[0]:.2f} ({os.cpu_count()} CPUs)"


def day_records(aps: int, lines: int, day: int = 0, interval_s: int = 60) -> list[tuple[float, int, bytes]]:
    """(time, count, payload) of one AP-day per AP, in time order: polls and portal lines."""
    out = []
    start = T0 + dt.timedelta(days=day)
    for k in range(86400 // interval_s):
        t = start + dt.timedelta(seconds=k * interval_s)
        for a in range(1, aps + 1):
            out.append((t.timestamp(), 1, encode_edge_poll(SITE, f"ap{a}", poll(f"ap{a}", t, k + day * 1440))))
    opening = 9 * 3600  # lines between 08:00 and 17:00
    offset = 0
    for i in range(lines * aps):
        t = start + dt.timedelta(hours=8, seconds=i * opening // (lines * aps))
        text = (hotspot_line(t, i + day * 100_000) + "\n").encode()
        out.append((t.timestamp(), 1, encode_chunk("hotspot", "/var/log/opennds.log", offset, t.timestamp(), text)))
        offset += len(text)
    out.sort(key=lambda r: r[0])
    return out


def batches(records, linger_s: float, max_records: int = 2000, max_bytes: int = 512 << 10):
    """Group records as the forwarder's linger does: a batch holds what arrives within
    `linger_s` of its oldest record (or until it is full)."""
    group, first_t, size = [], None, 0
    for t, count, payload in records:
        if group and (t - first_t >= linger_s or len(group) >= max_records or size >= max_bytes):
            yield group
            group, size = [], 0
        if not group:
            first_t = t
        group.append((count, payload))
        size += len(payload)
    if group:
        yield group


def header(first: int, last: int) -> dict:
    return {"v": 1, "site": SITE, "key": KEY, "edge": "edge-1", "epoch": "bench", "first": first, "last": last,
            "sources": SOURCES}


# ---------------------------------------------------------------------------- codecs


def bench_codecs(lines: int) -> None:
    recs = day_records(1, lines)
    raw = sum(len(p) for _t, _c, p in recs)
    polls = sum(1 for _t, _c, p in recs if p[:1] == b"E")
    print(f"codecs: one AP-day, {polls} polls of 30 clients + {len(recs) - polls} portal lines, "
          f"{raw / 1e6:.2f} MB of records; {load()}")
    print(f"  {'linger':>6}  {'codec':<5} {'bytes/AP-day':>13} {'ratio':>6} {'compress CPU':>13} {'decompress CPU':>15}")
    for linger in (0, 60, 300, 900):
        groups = list(batches(recs, linger if linger else 1e-9))
        for codec in ("none", "zlib", "zstd"):
            seq, out, c0 = 1, [], time.process_time()
            for g in groups:
                out.append(wire.encode(header(seq, seq + len(g) - 1), g, codec))
                seq += len(g)
            cpu = time.process_time() - c0
            c0 = time.process_time()
            for data in out:
                wire.decode(data)
            dcpu = time.process_time() - c0
            total = sum(len(d) for d in out)
            print(f"  {linger:>5}s  {codec:<5} {total:>13,} {raw / total:>5.1f}x {cpu:>11.3f} s {dcpu:>13.3f} s"
                  f"   ({len(groups)} batches)")
    print(f"  (CPU: encode/decode of the whole AP-day incl. framing; {load()})")


# ---------------------------------------------------------------------------- hub + proxy


class Hub:
    def __init__(self):
        from tests.district.hub import Hub as H

        self.h = H().start()

    def close(self):
        self.h.close()


async def publish_all(url: str, items: list[tuple[str, str | None, bytes]]) -> None:
    import nats

    nc = await nats.connect(url, ping_interval=120)
    js = nc.jetstream()
    for subj, mid, data in items:
        await js.publish(subj, data, headers={"Nats-Msg-Id": mid} if mid else None, timeout=30)
    await nc.close()


async def ensure(url: str, max_age_days: int = 30) -> None:
    import nats

    from collector.edge.hub import ensure_stream

    nc = await nats.connect(url)
    await ensure_stream(nc.jetstream(), max_age_days)
    await nc.close()


def bench_wan(lines: int, days: int = 1) -> None:
    from collector.edge import heartbeat
    from collector.edge.batch import codec_for
    from collector.edge.forwarder import Sent
    from tests.district.hub import free_port
    from tests.district.proxy import ImpairedProxy

    codec = codec_for("auto")
    print(f"wan: WAN bytes per AP-day through the proxy (TCP payload both ways), codec {codec}; {load()}")
    hub = Hub()
    try:
        asyncio.run(ensure(hub.h.url))
        for aps in (1, 3, 5):
            recs = day_records(aps, lines)
            for linger in (60, 300, 900):
                proxy = ImpairedProxy(("127.0.0.1", free_port()), ("127.0.0.1", hub.h.port)).start()
                items, seq = [], 1
                for g in batches(recs, linger):
                    data = wire.encode(header(seq, seq + len(g) - 1), g, codec)
                    kind = "poll" if all(p[:1] == b"E" for _c, p in g) else "log"
                    items.append((f"kunang.v1.{KEY}.{kind}", f"{KEY}:bench{aps}{linger}:{seq}", data))
                    seq += len(g)
                n_batches = len(items)
                hb = heartbeat.payload(edge_id="edge-1", site=SITE, key=KEY,
                                       spool_stats={"pending_records": 0, "bytes": 0, "dropped_records": 0,
                                                    "dropped_count": 0},
                                       oldest=None, sent=Sent(), started=time.time() - 86400,
                                       vers=heartbeat.versions())
                items += [(f"kunang.v1.{KEY}.hb", None, hb)] * (86400 // HEARTBEAT_S)
                asyncio.run(publish_all(f"nats://{proxy.listen[0]}:{proxy.listen[1]}", items))
                proxy.stop()
                pings = 2 * 720 * 12  # PING/PONG each way every 120 s (client and server): computed
                total = proxy.bytes_up + proxy.bytes_down + pings
                print(f"  village of {aps} AP(s), linger {linger:>3}s: {n_batches} batches + {86400 // HEARTBEAT_S} heartbeats: "
                      f"up {proxy.bytes_up:,} B, down {proxy.bytes_down:,} B, + pings {pings:,} B "
                      f"-> {total / aps / 1e6:.3f} MB per AP-day")
    finally:
        hub.close()
    print(f"  ({load()})")


# ---------------------------------------------------------------------------- drain


def bench_drain(lines: int, aps: int = 5, days: int = 7, latency_ms: float = 50) -> None:
    from collector.config.edge import HubLink
    from collector.edge.batch import codec_for
    from collector.edge.forwarder import Forwarder
    from collector.edge.hub import Link
    from collector.spool import Spool
    from tests.district.hub import free_port
    from tests.district.proxy import ImpairedProxy

    base = Path(tempfile.mkdtemp(prefix="kunang-bench-drain-", dir="/var/tmp"))
    hub = Hub()
    try:
        asyncio.run(ensure(hub.h.url))
        spool = Spool(base / "spool", max_bytes=2 << 30, segment_bytes=1 << 20)
        t0 = time.perf_counter()
        n = 0
        for day in range(days):
            for _t, count, payload in day_records(aps, lines, day):
                spool.append(payload, count)
                n += 1
            print(f"  generated day {day + 1}/{days} ({n:,} records)", flush=True)
        spool.sync()
        size = spool.size_bytes
        print(f"drain: {days} days x {aps} APs (30 clients, 60 s polls, {lines} lines/AP-day): {n:,} records, "
              f"spool {size / 1e6:.1f} MB (generated in {time.perf_counter() - t0:.0f} s); {load()}")
        proxy = ImpairedProxy(("127.0.0.1", free_port()), ("127.0.0.1", hub.h.port), latency_s=latency_ms / 1000).start()
        link = Link(HubLink(hub_urls=[f"nats://127.0.0.1:{proxy.listen[1]}"]), "bench-edge")
        fwd = Forwarder(spool, link, site=SITE, key=KEY, edge_id="edge-1", epoch="drain", sources=SOURCES,
                        codec=codec_for("auto"), linger_s=900)

        async def run():
            stop = asyncio.Event()
            task = asyncio.create_task(fwd.run(stop))
            while spool.pending:
                await asyncio.sleep(0.2)
            stop.set()
            await task
            await link.close()

        t, c = time.perf_counter(), time.process_time()
        asyncio.run(run())
        wall, cpu = time.perf_counter() - t, time.process_time() - c
        proxy.stop()
        spool.close()
        print(f"  drained in {wall:.1f} s ({n / wall:,.0f} records/s, {aps * days / wall:.2f} AP-days/s) "
              f"with {latency_ms:.0f} ms added per chunk each way; edge CPU {cpu:.1f} s; "
              f"{fwd.sent.batches} batches, {proxy.bytes_up / 1e6:.1f} MB up ({size / proxy.bytes_up:.1f}x smaller "
              f"than the spool); {load()}")
    finally:
        hub.close()
        shutil.rmtree(base, ignore_errors=True)


# ---------------------------------------------------------------------------- a real edge


async def received_polls(url: str) -> tuple[int, int, int]:
    """(polls, reachable polls, clients in them) of every batch in the stream."""
    import nats

    from collector.edge.records import EDGE_POLL, decode_edge_poll

    nc = await nats.connect(url)
    js = nc.jetstream()
    sub = await js.pull_subscribe("kunang.v1.>", durable="bench-count", stream="KUNANG_EDGE")
    polls = ok = clients = 0
    while True:
        try:
            msgs = await sub.fetch(100, timeout=2)
        except Exception:
            break
        for m in msgs:
            if m.subject.endswith(".hb"):
                continue
            for _c, p in wire.decode(m.data).records:
                if p[:1] == EDGE_POLL:
                    r = decode_edge_poll(p)[2]
                    polls += 1
                    ok += r.reachable
                    clients += r.clients_total or 0
    await nc.close()
    return polls, ok, clients


def bench_edge(seconds: float) -> None:
    import psutil
    import yaml

    from tests.district.hub import free_port

    base = Path(tempfile.mkdtemp(prefix="kunang-bench-edge-", dir="/var/tmp"))
    hub = Hub()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    sim = edge = None
    try:
        asyncio.run(ensure(hub.h.url))
        port = free_port()
        sim = subprocess.Popen([sys.executable, "-m", "collector", "simulate", "--aps", "5", "--sites", "1", "--crowd", "7",
                                "--base-port", str(port), "--write-config", str(base / "sim.yaml"), "--no-events",
                                "--start", "2026-03-02T10:00:00+08:00", "--log-dir", str(base / "logs")],
                               cwd=base, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(240):
            if (base / "sim.yaml").exists():
                break
            time.sleep(0.25)
        time.sleep(2)
        cfg = yaml.safe_load((base / "sim.yaml").read_text())
        site = cfg["sites"][0]
        logs = sorted((base / "logs").glob("*.log"))
        cfg = {"snmp": {**cfg["snmp"], "poll_interval_s": 10}, "sites": [site], "privacy": {"key": "b" * 32},
               "portal": {"sources": [{"name": "hotspot", "site": site["name"], "kind": "file", "format": "opennds",
                                       "path": str(logs[0])}] if logs else []},
               "edge": {"hub_urls": [hub.h.url], "site": site["name"], "spool_dir": str(base / "spool"),
                        "linger_s": 0, "heartbeat_s": 60}}
        (base / "edge.yaml").write_text(yaml.safe_dump(cfg))
        t0 = time.monotonic()
        edge = subprocess.Popen([sys.executable, "-m", "collector", "-c", str(base / "edge.yaml"), "edge"], cwd=base,
                                env=env, stdout=open(base / "edge.log", "w"), stderr=subprocess.STDOUT)
        proc = psutil.Process(edge.pid)
        time.sleep(5)  # start-up (imports) apart
        c0 = sum(proc.cpu_times()[:2])
        t1 = time.monotonic()
        rss = 0
        while time.monotonic() - t1 < seconds:
            rss = max(rss, proc.memory_info().rss)
            time.sleep(1)
        cpu = sum(proc.cpu_times()[:2]) - c0
        wall = time.monotonic() - t1
        edge.terminate()
        edge.wait(30)
        polls, ok, clients = asyncio.run(received_polls(hub.h.url))
        print(f"  the hub received {polls} polls, {ok} reachable, {clients / max(1, ok):.1f} clients per poll")
        polls = max(polls, 1)
        print(f"edge: `kunang edge`, 5 simulated APs (crowd 7: ~30 clients at 10:00) polled every 10 s for "
              f"{wall:.0f} s: CPU {cpu:.2f} s ({cpu / polls * 1000:.0f} ms per poll, so {cpu / polls * 5 / 60 * 100:.2f} % "
              f"of a core for 5 APs at 60 s polls), RSS max {rss / 2**20:.0f} MB, start-up "
              f"{t1 - t0:.0f} s apart; {load()}")
    finally:
        for p in (edge, sim):
            if p is not None and p.poll() is None:
                p.terminate()
                try:
                    p.wait(30)
                except subprocess.TimeoutExpired:
                    p.kill()
        hub.close()
        shutil.rmtree(base, ignore_errors=True)


# ---------------------------------------------------------------------------- ingest at scale


def bench_ingest(villages: int, aps: int, lines: int, linger_s: int = 300) -> None:
    import psutil
    import yaml

    from collector.config import load_config
    from collector.db import migrate
    from collector.db.connect import start_embedded
    from collector.edge.batch import codec_for
    from collector.edge.ingest import Ingest
    from tests.district.flow import Background

    base = Path(tempfile.mkdtemp(prefix="kunang-bench-ingest-", dir="/var/tmp"))
    hub = Hub()
    db = start_embedded(base / "pgdata")
    try:
        migrate.upgrade(db.dsn)
        cfg_path = base / "district.yaml"
        cfg_path.write_text(yaml.safe_dump({
            "database": {"dsn": db.dsn}, "privacy": {"key": "b" * 32},
            "spool": {"dir": str(base / "spool")},
            "snmp": {"credentials": {"v": {"community": "public"}}, "default": "v"},
            "sites": [{"name": f"Desa {v}", "edge": True,
                       "aps": [{"name": f"ap{a}", "address": "127.0.0.1"} for a in range(1, aps + 1)]}
                      for v in range(villages)],
            "ingest": {"hub_urls": [hub.h.url], "fetch_batches": 50}}))
        cfg_path.chmod(0o600)
        cfg = load_config(cfg_path)
        codec = codec_for("auto")
        items = []
        per_lines = max(1, lines * aps * linger_s // 86400)
        t10 = T0 + dt.timedelta(hours=10)
        for v in range(villages):
            site, key = f"Desa {v}", f"desa-{v}"
            recs = []
            for k in range(linger_s // 60):
                t = t10 + dt.timedelta(minutes=k)
                for a in range(1, aps + 1):
                    recs.append((1, encode_edge_poll(site, f"ap{a}", poll(f"ap{a}", t, 600 + k, seed=v))))
            text = "".join(hotspot_line(t10 + dt.timedelta(seconds=i), i, seed=v) + "\n" for i in range(per_lines))
            recs.append((per_lines, encode_chunk("hotspot", "/var/log/opennds.log", 0, t10.timestamp(), text.encode())))
            h = {"v": 1, "site": site, "key": key, "edge": f"e{v}", "epoch": "b", "first": 1, "last": len(recs),
                 "sources": {"hotspot": [site, "opennds", "UTC"]}}
            items.append((f"kunang.v1.{key}.poll", f"{key}:b:1-{len(recs)}", wire.encode(h, recs, codec)))
            if v % 100 == 99:
                print(f"  built {v + 1} villages' batches", flush=True)
        ingest = Ingest(cfg, db.dsn, name="bench", state_dir=base / "state")
        asyncio.run(ensure(hub.h.url))
        asyncio.run(publish_all(hub.h.url, items))
        print(f"ingest: {villages} villages x {aps} APs, one {linger_s} s batch each ({villages * aps * linger_s // 60:,} "
              f"polls of 30 clients, {villages * per_lines:,} portal lines, {sum(len(d) for _s, _m, d in items) / 1e6:.1f} MB "
              f"on the wire); {load()}", flush=True)
        pg = psutil.Process(db.pid) if hasattr(db, "pid") else None
        pg = pg or next((p for p in psutil.process_iter(["name", "cmdline"])
                         if p.info["name"] == "postgres" and str(base) in " ".join(p.info["cmdline"] or [])), None)

        def pg_cpu():
            if pg is None:
                return 0.0
            procs = [pg, *pg.children(recursive=True)]
            total = 0.0
            for p in procs:
                try:
                    total += sum(p.cpu_times()[:4])
                except psutil.Error:
                    pass
            return total
        me = psutil.Process()
        c0, p0, t0 = sum(me.cpu_times()[:2]), pg_cpu(), time.perf_counter()
        worker = Background(ingest.run)
        while ingest.batches < villages:
            time.sleep(0.5)
            print(f"\r  stored {ingest.batches}/{villages} batches", end="", flush=True)
        wall = time.perf_counter() - t0
        cpu, pcpu = sum(me.cpu_times()[:2]) - c0, pg_cpu() - p0
        worker.stop()
        ingest.close()
        print(f"\n  stored in {wall:.0f} s: ingest worker CPU {cpu:.1f} s, PostgreSQL CPU {pcpu:.1f} s for "
              f"{linger_s} s of the district's data -> {cpu / linger_s:.2f} core(s) of ingest + {pcpu / linger_s:.2f} "
              f"of PostgreSQL sustained ({cpu / (villages * aps * linger_s / 60) * 1000:.1f} ms ingest CPU per poll); {load()}")
    finally:
        db.close()
        hub.close()
        shutil.rmtree(base, ignore_errors=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("part", choices=["codecs", "wan", "drain", "edge", "ingest", "all"])
    ap.add_argument("--lines", type=int, default=300, help="portal lines per AP-day (default 300)")
    ap.add_argument("--seconds", type=float, default=120, help="edge: how long to measure (default 120)")
    ap.add_argument("--villages", type=int, default=1000)
    ap.add_argument("--aps", type=int, default=3)
    a = ap.parse_args()
    try:
        if a.part in ("codecs", "all"):
            bench_codecs(a.lines)
        if a.part in ("wan", "all"):
            bench_wan(a.lines)
        if a.part in ("drain", "all"):
            bench_drain(a.lines)
        if a.part in ("edge", "all"):
            bench_edge(a.seconds)
        if a.part in ("ingest", "all"):
            bench_ingest(a.villages, a.aps, a.lines)
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())

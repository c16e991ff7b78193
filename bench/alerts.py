"""Alert manager benchmark: cost of `process()` per poll batch and of `tick()`, and notification
delivery rate to a local webhook receiver.

    .venv/bin/python bench/alerts.py [--sites 50] [--aps-per-site 4] [--rounds 30]

Uses $KUNANG_TEST_DSN (a server where a scratch database may be created) or an embedded
PostgreSQL in a temporary directory. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psycopg  # noqa: E402

from collector.alerts.manager import AlertManager, PollOutcome  # noqa: E402
from collector.config import parse_config  # noqa: E402
from collector.db import migrate  # noqa: E402
from collector.db.writer import PollStore  # noqa: E402
from collector.privacy import Pseudonymizer  # noqa: E402

T0 = dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.timezone.utc)  # 10:00 WITA, Monday


def receiver():
    got = []

    class H(BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def do_POST(self):
            got.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

    srv = ThreadingHTTPServer(("127.0.0.1", 0), H)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv, got


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sites", type=int, default=50)
    ap.add_argument("--aps-per-site", type=int, default=4)
    ap.add_argument("--rounds", type=int, default=30)
    args = ap.parse_args()
    srv, got = receiver()
    base = os.environ.get("KUNANG_TEST_DSN")
    tmp = tempfile.mkdtemp(prefix="kunang-bench-alerts-")
    server = None
    if base is None:
        from collector.db.connect import start_embedded

        server = start_embedded(Path(tmp) / "pgdata")
        base = server.dsn
    name = f"kunang_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(base, autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{name}"')
    info = psycopg.conninfo.conninfo_to_dict(base)
    info["dbname"] = name
    dsn = psycopg.conninfo.make_conninfo(**info)
    try:
        migrate.upgrade(dsn)
        every = {d: "00:00-24:00" for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
        cfg = parse_config({
            "snmp": {"credentials": {"c": {"community": "public"}}, "default": "c"},
            "sites": [{"name": f"site-{s}", "opening_hours": every,
                       "aps": [{"name": f"ap-{a}", "address": "127.0.0.1"} for a in range(args.aps_per_site)]}
                      for s in range(args.sites)],
            "alerts": {"channels": [{"name": "hook", "type": "webhook",
                                     "url": f"http://127.0.0.1:{srv.server_address[1]}/h"}]},
        })
        with PollStore(dsn, Pseudonymizer(b"k" * 32)) as store:
            refs = list(store.sync_inventory(cfg).values())
        clock = [T0]
        mgr = AlertManager(dsn, cfg, clock=lambda: clock[0], icmp=None, watch_rounds=False)
        rng = random.Random(7)
        down = set(rng.sample(range(len(refs)), max(1, len(refs) // 20)))  # 5 % go down at round 5
        p_times, t_times, d_times = [], [], []
        for r in range(args.rounds):
            clock[0] += dt.timedelta(minutes=1)
            outs = [PollOutcome(ref.ap_id, clock[0], not (r >= 5 and i in down), rng.randint(0, 30))
                    for i, ref in enumerate(refs)]
            t = time.perf_counter()
            mgr._transaction(clock[0], lambda conn: mgr._observe_all(conn, outs, [], clock[0]))
            p_times.append(time.perf_counter() - t)
            t = time.perf_counter()
            stats = mgr.deliver(clock[0])
            if stats and stats["sent"]:
                d_times.append((time.perf_counter() - t) / stats["sent"])
            t = time.perf_counter()
            mgr.tick(clock[0])
            t_times.append(time.perf_counter() - t)
        mgr.close()
        n = len(refs)
        print("| what | figure |\n|---|---|")
        print(f"| `process()` one batch of {n} AP outcomes (decide + trackers + plan, one transaction), median"
              f" | {statistics.median(p_times) * 1000:.1f} ms ({statistics.median(p_times) / n * 1e6:.0f} µs per AP) |")
        print(f"| `process()` worst batch (the one opening {len(down)} alerts and queuing their notices)"
              f" | {max(p_times) * 1000:.1f} ms |")
        print(f"| `tick()` with {len(down)} firing alerts, median | {statistics.median(t_times) * 1000:.1f} ms |")
        if d_times:
            print(f"| webhook delivery to a loopback receiver, per notification (incl. delivery log)"
                  f" | {statistics.median(d_times) * 1000:.1f} ms |")
        print(f"| notifications received | {len(got)} (expected {len(down)}) |")
    finally:
        with psycopg.connect(base, autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if server is not None:
            server.close()
        srv.shutdown()


if __name__ == "__main__":
    main()

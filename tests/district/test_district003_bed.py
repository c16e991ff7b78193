"""The district test bed: a village as a network namespace joined to the hub by a veth pair and
an impairment proxy, running the real `kunang edge` against a simulated AP (snmpsim inside the
village) and a hotspot log it tails; two real `kunang ingest` workers; a real nats-server.

One run through every fault, asserting zero loss and zero duplicates at the end:
- live lines and polls flow through;
- the link goes down for the equivalent of 7 days (the edge's spool filled with 7 days of
  generated polls and hotspot lines while it is down - nobody waits 7 days), then up: it drains;
- during the drain the edge is killed with -9 and restarted, one ingest worker is killed with -9,
  the hub is restarted, and the proxy resets every connection;
- every generated poll and every log line (generated, and written to the tailed file) is stored
  exactly once; no AP sample twice; the edge dropped nothing.
"""

from __future__ import annotations

import datetime as dt
import time

import psycopg

from collector.config import load_config
from collector.spool import Spool
from tests.district import procs
from tests.district.flow import fill_week, stored, wait_until
from tests.district.netns import Village, require_netns
from tests.district.proxy import ImpairedProxy
from tests.district.synth import T0, hotspot_line
from tests.district.world import district_config, edge_config, village

LIVE = dt.datetime(2026, 3, 20, 8, 0, tzinfo=dt.timezone.utc)  # the tailed file's lines (not today)
WEEK = ("ap2",)


def _write_lines(path, start: int, n: int) -> int:
    with open(path, "a") as f:
        for i in range(start, start + n):
            f.write(hotspot_line(LIVE + dt.timedelta(seconds=i), 100_000 + i, seed=1) + "\n")
    return start + n


def test_outage_kill9_hub_restart_worker_death_lose_nothing(hub, pg_dsn, db, tmp_path):
    require_netns()
    village_ = Village(1)
    proxy = ImpairedProxy(None, ("127.0.0.1", hub.port), latency_s=0.02, sock=village_.listen_socket())
    running: list = []
    try:
        proxy.start()
        dcfg = district_config(tmp_path / "district.yaml", pg_dsn, hub.url)
        workers = [procs.start_ingest(dcfg, tmp_path, "1"), procs.start_ingest(dcfg, tmp_path, "2")]
        running += workers
        agent = procs.start_agent(village_, tmp_path, wait=False)
        running.append(agent)
        log_file, spool_dir = tmp_path / "opennds.log", tmp_path / "edge-spool"
        log_file.touch()
        ecfg = edge_config(tmp_path / "edge.yaml", [f"nats://{village_.host_ip}:{proxy.listen[1]}"], 1, spool_dir,
                           aps=[("ap1", "127.0.0.1", 1161)], community="mikrotik", log_file=log_file,
                           ack_timeout_s=3)
        load_config(ecfg)  # a valid edge configuration
        procs.wait_agent(village_, agent)
        edge = procs.start_edge(village_, ecfg, tmp_path)
        running.append(edge)

        # live: lines written to the tailed file arrive
        written = _write_lines(log_file, 0, 30)
        wait_until(lambda: stored(pg_dsn, 1)[2] == written, 40, "the live lines")
        wait_until(lambda: stored(pg_dsn, 1, ("ap1",))[0] >= 1, 30, "a live poll of ap1")

        # the link goes down; 7 days pile up in the spool (generated while the edge is stopped)
        village_.link(False)
        written = _write_lines(log_file, written, 20)  # tailed while the link is down
        time.sleep(1.5)
        t0 = time.monotonic()
        procs.stop(edge)
        print(f"edge stop: {time.monotonic() - t0:.1f} s")
        with Spool(spool_dir, max_bytes=512 << 20, segment_bytes=1 << 20) as spool:
            week_polls, week_lines = fill_week(spool, 1, T0, aps=WEEK)
            backlog = spool.pending
        print(f"fill: {time.monotonic() - t0:.1f} s")
        edge = procs.start_edge(village_, ecfg, tmp_path)
        running.append(edge)
        written = _write_lines(log_file, written, 20)
        time.sleep(1.0)
        assert stored(pg_dsn, 1, WEEK)[0] == 0, "nothing crossed a link that is down"

        # up again: the backlog drains, through every fault
        village_.link(True)
        proxy.reset()  # the NAT box forgot the old connections
        wait_until(lambda: stored(pg_dsn, 1, WEEK)[0] >= week_polls // 5, 60, "the drain to start")
        procs.kill9(edge)  # the edge dies mid-drain ...
        edge = procs.start_edge(village_, ecfg, tmp_path)  # ... and comes back
        running.append(edge)
        wait_until(lambda: stored(pg_dsn, 1, WEEK)[0] >= 2 * week_polls // 5, 60, "the drain to go on")
        procs.kill9(workers[0])  # one ingest worker dies with batches unacknowledged
        written = _write_lines(log_file, written, 10)
        wait_until(lambda: stored(pg_dsn, 1, WEEK)[0] >= 3 * week_polls // 5, 60, "the other worker to go on")
        hub.stop()  # the hub restarts
        time.sleep(0.5)
        hub.start()
        written = _write_lines(log_file, written, 10)
        wait_until(lambda: stored(pg_dsn, 1, WEEK)[0] >= week_polls and stored(pg_dsn, 1)[2] >= written + week_lines,
                   90, "the backlog to drain")
        time.sleep(2)  # anything redelivered late would show now

        samples, distinct, events = stored(pg_dsn, 1)
        assert stored(pg_dsn, 1, WEEK)[:2] == (week_polls, week_polls)
        assert samples == distinct, "an AP sample stored twice"
        assert events == written + week_lines, (events, written, week_lines)
        with psycopg.connect(pg_dsn) as conn:
            (dupes,) = conn.execute("SELECT count(*) FROM (SELECT dedup FROM portal_event GROUP BY dedup"
                                    " HAVING count(*) > 1) d").fetchone()
            assert dupes == 0
            link = conn.execute("SELECT spool_dropped, batches_rejected FROM edge_link l JOIN site s"
                                " ON s.id = l.site_id WHERE s.name = %s", (village(1),)).fetchone()
        assert link == (0, 0)
        assert backlog >= week_polls + 7 * 24 * 6  # the week was in the spool: polls and line chunks
        assert proxy.bytes_up > 0 and proxy.resets == 1
    finally:
        for p in reversed(running):
            procs.stop(p)
        proxy.stop()
        village_.close()

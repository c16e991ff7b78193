"""The collector through a database outage and a kill -9, counting every line:
UDP, TCP and two files flow with poison lines mixed in, the database (a server
this test owns) is stopped and started again, the collector is killed and
restarted; every good line and every poll reaches the database exactly once."""

from __future__ import annotations

import signal
import subprocess
import time

import psycopg
import pytest

from tests.durability.collector_proc import events, free_tcp_and_udp_port, start_collector, write_config
from tests.durability.flow import Sender, write_file
from tests.durability.owned_pg import wait_for
from tests.durability.poison import POISON_LINES, POISON_RECORDS, radius_record
from tests.snmp.simulator import prepare_data_dir, start_snmpsim


@pytest.fixture(scope="module")
def agent(tmp_path_factory):
    work = tmp_path_factory.mktemp("dur-snmpsim")
    a = start_snmpsim(prepare_data_dir(work / "data", include_snmpsim_data=False), work, probe_community="mikrotik")
    yield a
    a.stop()


def test_outage_and_kill9_lose_nothing(owned_db, agent, tmp_path):
    pg = owned_db
    port = free_tcp_and_udp_port()
    cfg = write_config(tmp_path, pg.dsn, port, agent.port)
    base = int(time.time()) - 3600  # recent: the retention job would delete old records
    radius = [radius_record(i, base=base) for i in range(300)]
    giga = radius_record(900001, input_gigawords=2**31, base=base)
    stime = radius_record(900002, session_time=2**31, base=base)
    write_file(tmp_path / "detail", [])
    collector = start_collector(cfg, tmp_path, port)
    udp = Sender("udp", ("127.0.0.1", port), rate=150)
    tcp = Sender("tcp", ("127.0.0.1", port), rate=100)
    fil = Sender("file", tmp_path / "hotspot.log", rate=100)
    try:
        for s in (udp, tcp, fil):
            s.start()
        (tmp_path / "detail").write_text("".join(radius[:100]) + giga)
        time.sleep(2)
        t_down = time.time()
        pg.stop()  # ---- the outage: everything keeps flowing
        (tmp_path / "detail").open("a").write("".join(radius[100:200]) + stime)
        time.sleep(10)
        # ---- kill -9 in the middle of the outage. The network senders pause first (a datagram sent
        # to no listener, a TCP segment the kernel took for a dead process, are not Kunang's to keep)
        tcp.finish()
        udp.finish()
        time.sleep(1)
        collector.send_signal(signal.SIGKILL)
        collector.wait(10)
        pg.start()
        t_up = time.time()
        collector = start_collector(cfg, tmp_path, port)  # the same spool: what was accepted comes back
        tcp2 = Sender("tcp", ("127.0.0.1", port), rate=100, tag="tcp2-")
        udp2 = Sender("udp", ("127.0.0.1", port), rate=150, tag="udp2-")
        tcp2.start()
        udp2.start()
        (tmp_path / "detail").open("a").write("".join(radius[200:]))
        time.sleep(3)
        for s in (udp2, tcp2, fil):
            s.finish()
        want = {"udp:%": udp.good + udp2.good, "tcp:%": tcp.good + tcp2.good, "%hotspot.log@%": fil.good, "%detail@%": 300}
        assert wait_for(lambda: all(events(pg.dsn, k) >= v for k, v in want.items()), 60, 0.5), \
            {k: (events(pg.dsn, k), v) for k, v in want.items()}
        time.sleep(1)
        got = {k: events(pg.dsn, k) for k in want}
        assert got == want  # exactly once: nothing lost, nothing twice
        reasons = [r for (r,) in psycopg.connect(pg.dsn).execute("SELECT DISTINCT reason FROM log_quarantine")]
        for _, why in list(POISON_LINES.values()) + list(POISON_RECORDS.values()):
            assert any(why in r for r in reasons), (why, reasons)
        # every poll of the outage is stored: no gap longer than the interval (+ slack) across it
        with psycopg.connect(pg.dsn) as conn:
            times = [t.timestamp() for (t,) in conn.execute(
                "SELECT time FROM ap_sample s JOIN ap a ON a.id = s.ap_id WHERE a.name = 'mikrotik' ORDER BY time")]
            polled_in_outage = [t for t in times if t_down < t < t_up]
            assert polled_in_outage, times
        received = udp.good + udp2.good + tcp.good + tcp2.good

        def counters():
            with psycopg.connect(pg.dsn) as conn:
                return dict(conn.execute("SELECT source || '/' || name, value FROM intake_counter"))
        assert wait_for(lambda: counters().get("hs/received", 0) >= received, 20, 0.5), (counters(), received)
        counters = counters()
        assert counters.get("portal/quarantined", 0) >= 1
        assert "syslog/kernel_drops" in counters
    finally:
        for s in (udp, tcp, fil, *[v for k, v in locals().items() if k in ("udp2", "tcp2")]):
            s.stop.set()
        if collector.poll() is None:
            collector.send_signal(signal.SIGTERM)
            try:
                collector.wait(30)
            except subprocess.TimeoutExpired:
                collector.kill()
    log = (tmp_path / "collector.log").read_text()
    assert "Traceback" not in log, log[-3000:]

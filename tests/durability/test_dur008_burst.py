"""A UDP burst of 5,000 lines sent as fast as one sender can: every line is stored
(the socket's receive buffer holds it while the collector catches up), and the
kernel's drop counter for the socket is reported (zero)."""

from __future__ import annotations

import socket
import time

from tests.durability.collector_proc import count, events, free_tcp_and_udp_port, start_collector, stop_collector, \
    write_config
from tests.durability.flow import line
from tests.durability.owned_pg import wait_for


def test_udp_burst_of_5000_lines(owned_db, tmp_path):
    pg = owned_db
    port = free_tcp_and_udp_port()
    proc = start_collector(write_config(tmp_path, pg.dsn, port), tmp_path, port)
    try:
        n = 5000
        payload = [line("burst", i).encode() for i in range(n)]
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            for p in payload:
                s.sendto(p, ("127.0.0.1", port))
        assert wait_for(lambda: events(pg.dsn, "udp:%") >= n, 60, 0.3), events(pg.dsn, "udp:%")
        time.sleep(0.5)
        assert events(pg.dsn, "udp:%") == n
        assert wait_for(lambda: count(pg.dsn, "SELECT count(*) FROM intake_counter WHERE name = 'kernel_drops'") == 1,
                        20, 0.5)
        assert count(pg.dsn, "SELECT value FROM intake_counter WHERE name = 'kernel_drops'") == 0
    finally:
        stop_collector(proc)
    log = (tmp_path / "collector.log").read_text()
    assert "Traceback" not in log and "receive buffer is" not in log, log[-2000:]

"""RouterOS DHCP lease lines give MikroTik member logins their device (issue 22).

Wordings: tests/fixtures/README.md, "RouterOS DHCP lease lines" (invented MACs and IPs in the published
shapes). End to end: real syslog datagrams over UDP to the real collector (`Collector.run`, its intake,
the portal store) on the test PostgreSQL, across collector restarts, with the lease line before and after
its login.
"""

from __future__ import annotations

import asyncio
import socket

import pytest

from collector.config import parse_config
from collector.portal.event import ParseError
from collector.portal.parser import detect, parse_line
from collector.privacy import from_config
from collector.service import Collector
from tests.portal.conftest import WITA
from tests.snmp.simulator import free_udp_port

MAC = "4c:5e:0c:1a:2b:3c"
LEASE_WORDINGS = [  # (line, kind, ip)
    # RouterOS 6: "to" / "from"
    ("<30>Nov 27 10:00:00 hotspot-desa dhcp,info dhcp1 assigned 10.5.50.2 to 4C:5E:0C:1A:2B:3C",
     "dhcp_assigned", "10.5.50.2"),
    ("<30>Nov 27 10:00:00 dhcp,info dhcp1 deassigned 10.5.50.2 from 4C:5E:0C:1A:2B:3C",
     "dhcp_deassigned", "10.5.50.2"),
    # the client's host name after the MAC (may hold spaces and the owner's name: never kept)
    ("<30>Nov 27 10:00:00 hotspot-desa dhcp,info server1 assigned 10.5.50.3 to 4C:5E:0C:1A:2B:3C Budi's Galaxy A05",
     "dhcp_assigned", "10.5.50.3"),
    # RouterOS 7: "for" both ways, an empty host name leaves a trailing space
    ("<30>Nov 27 10:00:00 hotspot-desa dhcp,info dhcp-lan assigned 10.5.50.4 for 4C:5E:0C:1A:2B:3C android-7f",
     "dhcp_assigned", "10.5.50.4"),
    ("<30>Nov 27 10:00:00 hotspot-desa dhcp,info dhcp_server1 deassigned 10.5.50.4 for 4C:5E:0C:1A:2B:3C ",
     "dhcp_deassigned", "10.5.50.4"),
    # RFC 5424, `/log print` (topics with spaces), a disk log's date, no header at all
    ("<30>1 2026-11-27T10:00:00+08:00 hotspot-desa - - - - dhcp,info dhcp1 assigned 10.5.50.5 to 4C-5E-0C-1A-2B-3C",
     "dhcp_assigned", "10.5.50.5"),
    ("10:00:00 dhcp, info dhcp1 assigned 10.5.50.6 to 4C:5E:0C:1A:2B:3C", "dhcp_assigned", "10.5.50.6"),
    ("nov/27/2026 10:00:00 dhcp,info dhcp1 deassigned 10.5.50.6 from 4C:5E:0C:1A:2B:3C", "dhcp_deassigned",
     "10.5.50.6"),
    ("<30>dhcp,info dhcp1 assigned 10.5.50.7 to 4C:5E:0C:1A:2B:3C", "dhcp_assigned", "10.5.50.7"),
]


@pytest.mark.parametrize("line,kind,ip", LEASE_WORDINGS)
def test_lease_wordings(line, kind, ip, ctx):
    for fmt in ("mikrotik", "auto"):
        ev = parse_line(line, fmt, ctx)
        assert (ev.kind, ev.mac, ev.ip, ev.format) == (kind, MAC, ip, "mikrotik")
        assert ev.user is None and "Budi" not in repr(ev) and "android" not in repr(ev)
    assert detect(line) == "mikrotik"


@pytest.mark.parametrize("line,why", [
    ("<30>Nov 27 10:00:00 gw dhcp,info dhcp1 assigned 10.5.50.2", "without 'server assigned"),
    ("<30>Nov 27 10:00:00 gw dhcp,info dhcp1 assigned 10.5.50.2 to XX:XX:XX:XX:XX:XX", "bad MAC address"),
    ("<30>Nov 27 10:00:00 gw dhcp,info dhcp1 assigned 10.5.50.2 to 4C:5E:0C:1A:2B", "bad MAC address"),
    ("<30>Nov 27 10:00:00 gw dhcp,info dhcp1 deassigned 10.5.50.300 from 4C:5E:0C:1A:2B:3C", "bad IPv4 address"),
])
def test_broken_lease_lines_are_errors(line, why, ctx):
    with pytest.raises(ParseError, match=why):
        parse_line(line, "mikrotik", ctx)


@pytest.mark.parametrize("line", [
    "<30>Nov 27 10:00:00 gw dhcp,warning dhcp1 offering lease 10.5.50.2 for 4C:5E:0C:1A:2B:3C without success",
    "<30>Nov 27 10:00:00 gw dhcp,info dhcp-client on ether1 got IP address 192.168.1.20",
    "<30>Nov 27 10:00:00 gw system,info user admin assigned a new password",
])
def test_other_dhcp_messages_are_other(line, ctx):
    assert parse_line(line, "mikrotik", ctx).kind == "other"


def _config(port: int, tmp_path) -> dict:
    return {
        "database": {"data_dir": str(tmp_path / "pgdata")},
        "privacy": {"key": "q" * 32},
        "snmp": {"credentials": {"mt": {"community": "mikrotik"}}, "default": "mt"},
        "sites": [{"name": "Sembalun", "timezone": "Asia/Makassar", "aps": []}],
        "portal": {"syslog": {"address": "127.0.0.1", "port": port, "tcp": False},
                   "sources": [{"name": "hotspot", "site": "Sembalun", "kind": "syslog", "format": "mikrotik",
                                "peers": ["127.0.0.1"]}],
                   # the lines are dated in the past: no idle timeout closes their sessions meanwhile
                   "session_timeout_minutes": 20 * 366 * 24 * 60},
    }


def _run_collector(cfg, dsn, db, lines: list[str], port: int, expect_rows: int) -> None:
    """One collector run: start it, send `lines` as syslog datagrams, wait until portal_event and
    log_quarantine hold `expect_rows` rows together, stop it."""

    async def scenario():
        c = Collector(cfg, dsn)
        stop = asyncio.Event()
        task = asyncio.create_task(c.run(stop))
        for _ in range(100):  # listening
            await asyncio.sleep(0.1)
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
                try:
                    probe.bind(("127.0.0.1", port))
                except OSError:
                    break
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            for text in lines:
                s.sendto(text.encode(), ("127.0.0.1", port))
                await asyncio.sleep(0.02)  # one datagram after the other: lines keep their order
        for _ in range(150):
            await asyncio.sleep(0.1)
            n = db.execute("SELECT (SELECT count(*) FROM portal_event) + (SELECT count(*) FROM log_quarantine)"
                           ).fetchone()[0]
            if n >= expect_rows:
                break
        stop.set()
        await asyncio.wait_for(task, 30)

    asyncio.run(scenario())


def _line(hms: str, msg: str) -> str:
    return f"<30>Nov 27 {hms} hotspot-sembalun {msg}"


def test_member_logins_get_the_lease_device_over_udp_across_restarts(pg_dsn, db, tmp_path):
    port = free_udp_port()
    cfg = parse_config(_config(port, tmp_path))
    pseudo = from_config(cfg)
    acc = "hotspot,account,info,debug"
    # run 1: a lease before its login (sari); a login whose lease line comes in the next run (budi);
    # a login of an IP whose lease ended before it (dewi: no device); a broken lease line
    _run_collector(cfg, pg_dsn, db, [
        _line("09:00:00", "dhcp,info dhcp1 assigned 10.5.50.2 to 4C:5E:0C:00:00:01"),
        _line("09:01:00", f"{acc} sari (10.5.50.2): logged in"),
        _line("09:05:00", f"{acc} budi (10.5.50.3): logged in"),
        _line("09:06:00", "dhcp,info dhcp1 assigned 10.5.50.4 to 4C:5E:0C:00:00:04"),
        _line("09:20:00", "dhcp,info dhcp1 deassigned 10.5.50.4 from 4C:5E:0C:00:00:04"),
        _line("09:30:00", f"{acc} dewi (10.5.50.4): logged in"),
        _line("09:31:00", "dhcp,info dhcp1 assigned 10.5.50.9 to 4C:5E:0C:00"),
        _line("09:32:00", "dhcp,info dhcp1 offering lease 10.5.50.9 for 4C:5E:0C:00:00:09 without success"),
    ], port, expect_rows=7)
    # run 2 (the collector restarted): budi's lease, RouterOS 7 wording, arrives late; sari logs out
    _run_collector(cfg, pg_dsn, db, [
        _line("09:04:30", "dhcp,info dhcp1 assigned 10.5.50.3 for 4C:5E:0C:00:00:03 hp-budi"),
        _line("09:40:00", f"{acc} sari (10.5.50.2): logged out: user request"),
    ], port, expect_rows=9)

    rows = {u: (dev, via, reason, rnd) for u, dev, via, reason, rnd in db.execute(
        "SELECT user_id, device, device_via, end_reason, randomized FROM portal_session")}
    # sari's logout, after the restart, names no MAC: the session keeps its lease device
    assert rows[pseudo.user("sari")] == (pseudo.device("4c:5e:0c:00:00:01"), "dhcp", "user request", False)
    assert rows[pseudo.user("budi")] == (pseudo.device("4c:5e:0c:00:00:03"), "dhcp", None, False)
    assert rows[pseudo.user("dewi")] == (None, None, None, None)  # its IP had no lease at the login
    # keyed pseudonyms only: no raw MAC, no host name anywhere in the portal tables
    raw = db.execute("SELECT count(*) FROM portal_event WHERE mac_raw IS NOT NULL OR device LIKE '%:%'").fetchone()[0]
    assert raw == 0
    leases = db.execute("SELECT kind, count(*) FROM portal_event WHERE kind LIKE 'dhcp%' GROUP BY 1 ORDER BY 1")
    assert leases.fetchall() == [("dhcp_assigned", 3), ("dhcp_deassigned", 1)]
    q = db.execute("SELECT reason, line FROM log_quarantine").fetchall()
    assert len(q) == 1 and "bad MAC address" in q[0][0] and "assigned 10.5.50.9" in q[0][1]


def test_lease_join_in_the_identified_sessions(pg_dsn, db, tmp_path):
    """A member's session with a lease device is a portal session of that device: the visits refresh
    joins it with the AP's client session of the same device (source 'both')."""
    from datetime import datetime, timedelta

    from collector.portal.context import ParseContext
    from collector.portal.parser import iter_parse
    from collector.portal.store import PortalStore
    from collector.privacy import Pseudonymizer

    pseudo = Pseudonymizer(b"z" * 32)
    now = datetime(2026, 11, 27, 12, 0, tzinfo=WITA)
    ctx = ParseContext(tz=WITA, now=now, site="Sembalun", received_at=now)
    acc = "hotspot,account,info,debug"
    lines = [_line("10:00:00", "dhcp,info dhcp1 assigned 10.5.50.2 to 4C:5E:0C:00:00:01"),
             _line("10:01:00", f"{acc} sari (10.5.50.2): logged in"),
             _line("10:40:00", f"{acc} sari (10.5.50.2): logged out: user request")]
    with PortalStore(pg_dsn, pseudo, site_zones={"Sembalun": "Asia/Makassar"}) as store:
        store.write(list(iter_parse(enumerate(lines, 1), "mikrotik", ctx)), default_source="hotspot")
    dev = pseudo.device("4c:5e:0c:00:00:01")
    site = db.execute("SELECT id FROM site WHERE name = 'Sembalun'").fetchone()[0]
    start = now - timedelta(hours=2)
    db.execute("INSERT INTO client_session (site_id, device, randomized, first_seen, last_seen, ap_ids) "
               "VALUES (%s, %s, false, %s, %s, '{}')", (site, dev, start, start + timedelta(minutes=35)))
    db.execute("SELECT kunang_refresh_visits(%s, %s)", (now - timedelta(days=1), now + timedelta(days=1)))
    assert db.execute("SELECT source, portal_sessions, snmp_sessions FROM visit WHERE device = %s",
                      (dev,)).fetchall() == [("both", 1, 1)]

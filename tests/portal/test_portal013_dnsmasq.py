"""dnsmasq's DHCP log (OpenWrt), the DHCP log as a capture of its own (issue 22; collector/portal/formats/dnsmasq.py).

Wordings: dnsmasq's log_packet (rfc2131.c: `"%s(%s) %s%s%s %s%s"`, with --log-dhcp the transaction id first),
as OpenWrt's logd forwards them (`log_ip`: `<PRI>Mmm dd hh:mm:ss HOSTNAME [log_prefix: ]TAG: msg`) and `logread`
prints them; invented MACs, IPs and host names (tests/fixtures/README.md, "dnsmasq DHCP lines"). End to end:
real syslog datagrams over UDP to the real collector on the test PostgreSQL, broken lines in the quarantine.
"""

from __future__ import annotations

import pytest

from collector.config import parse_config
from collector.portal.event import ParseError
from collector.portal.parser import detect, iter_parse, parse_line
from collector.privacy import from_config
from tests.portal.test_portal012_dhcp import _run_collector
from tests.snmp.simulator import free_udp_port

MAC = "f0:99:bf:12:34:56"
H = "<30>Nov 27 10:00:00 OpenWrt dnsmasq-dhcp[1234]:"
FORMS = [  # (line, kind, ip)
    (f"{H} DHCPACK(br-lan) 192.168.1.23 f0:99:bf:12:34:56 android-1a2b3c", "dhcp_assigned", "192.168.1.23"),
    # no host name: a trailing space
    (f"{H} DHCPACK(br-lan) 192.168.1.23 f0:99:bf:12:34:56 ", "dhcp_assigned", "192.168.1.23"),
    (f"{H} DHCPACK(br-lan) 192.168.1.23 F0:99:BF:12:34:56", "dhcp_assigned", "192.168.1.23"),
    # --log-dhcp: the transaction id first
    (f"{H} 3571294845 DHCPACK(wlan0) 192.168.1.23 f0:99:bf:12:34:56 Budi's Galaxy", "dhcp_assigned", "192.168.1.23"),
    (f"{H} DHCPRELEASE(br-lan) 192.168.1.23 f0:99:bf:12:34:56", "dhcp_deassigned", "192.168.1.23"),
    (f"{H} DHCPDISCOVER(br-lan) f0:99:bf:12:34:56 ", "other", None),
    (f"{H} DHCPDISCOVER(br-lan) 192.168.1.23 f0:99:bf:12:34:56 ", "other", None),
    (f"{H} DHCPDISCOVER(br-lan) f0:99:bf:12:34:56 no address available", "other", None),
    (f"{H} DHCPOFFER(br-lan) 192.168.1.23 f0:99:bf:12:34:56 ", "other", None),
    (f"{H} DHCPREQUEST(br-lan) 192.168.1.23 f0:99:bf:12:34:56 ", "other", None),
    (f"{H} DHCPNAK(br-lan) 192.168.1.23 f0:99:bf:12:34:56 wrong address", "other", None),
    (f"{H} DHCPDECLINE(br-lan) 192.168.1.23 f0:99:bf:12:34:56 ", "other", None),
    (f"{H} DHCPINFORM(br-lan) 192.168.1.23 f0:99:bf:12:34:56 ", "other", None),
    # DHCPv6: a DUID and an IPv6 address, never a device
    (f"{H} DHCPSOLICIT(br-lan) 00:01:00:01:2c:d4:5e:6f:f0:99:bf:12:34:56", "other", None),
    (f"{H} DHCPREPLY(br-lan) fd00::1:23 00:01:00:01:2c:d4:5e:6f:f0:99:bf:12:34:56 android-1a2b3c", "other", None),
    (f"{H} DHCPREQUEST(br-lan) 00:01:00:01:2c:d4:5e:6f:f0:99:bf:12:34:56", "other", None),
    (f"{H} DHCPRELEASE(br-lan) fd00::1:23 00:01:00:01:2c:d4:5e:6f:f0:99:bf:12:34:56", "other", None),
    # a hardware address that is not an Ethernet MAC, or none
    (f"{H} DHCPACK(ib0) 192.168.1.30 80:00:02:08:fe:80:00:00:00:00:00:00:00:02:c9:03:00:00:11:22 ", "other", None),
    (f"{H} DHCPACK(br-lan) 192.168.1.31 <null> ", "other", None),
    # dnsmasq's other messages and other programs (logd forwards the whole system log)
    (f"{H} DHCP, IP range 192.168.1.100 -- 192.168.1.249, lease time 12h", "other", None),
    (f"{H} RTR-ADVERT(br-lan) fd00::", "other", None),
    ("<30>Nov 27 10:00:00 OpenWrt dnsmasq[1234]: read /etc/hosts - 4 names", "other", None),
    ("<30>Nov 27 10:00:00 OpenWrt hostapd: phy0-ap0: AP-STA-CONNECTED f0:99:bf:12:34:56", "other", None),
    # other headers: logd's log_prefix, logread, a bare tag, no header at all
    ("<30>Nov 27 10:00:00 OpenWrt perpus: dnsmasq-dhcp[1234]: DHCPACK(br-lan) 192.168.1.23 f0:99:bf:12:34:56 ",
     "dhcp_assigned", "192.168.1.23"),
    ("Fri Nov 27 10:00:00 2026 daemon.info dnsmasq-dhcp[1234]: DHCPACK(br-lan) 192.168.1.23 f0:99:bf:12:34:56 x",
     "dhcp_assigned", "192.168.1.23"),
    ("dnsmasq-dhcp[1234]: DHCPACK(br-lan) 192.168.1.23 f0:99:bf:12:34:56 ", "dhcp_assigned", "192.168.1.23"),
    ("DHCPACK(br-lan) 192.168.1.23 f0:99:bf:12:34:56 ", "dhcp_assigned", "192.168.1.23"),
]


@pytest.mark.parametrize("line,kind,ip", FORMS)
def test_portal013_line_forms(line, kind, ip, ctx):
    ev = parse_line(line, "dnsmasq", ctx)
    assert (ev.kind, ev.format) == (kind, "dnsmasq")
    if kind != "other":
        assert (ev.mac, ev.ip, ev.user) == (MAC, ip, None)
        # a header's time; without one, the time the line was received (none in this context)
        assert ev.time.hour == 10 if line[0] in "<F" else ev.time is ctx.received_at
    # the host name is never kept
    assert "android" not in repr(ev) and "Budi" not in repr(ev)
    if "dnsmasq-dhcp" in line:
        assert detect(line) == "dnsmasq" and parse_line(line, "auto", ctx).kind == kind


BROKEN = [  # (line, reason)
    (f"{H} DHCPACK br-lan 192.168.1.23 f0:99:bf:12:34:56", "without 'TYPE\\(interface\\)'"),
    (f"{H} DHCPACK(br-lan) 192.168.1.300 f0:99:bf:12:34:56 ", "bad IPv4 address"),
    (f"{H} DHCPACK(br-lan) 192.168.1.23 f0:99:bf:12:34:zz ", "bad hardware address"),
    (f"{H} DHCPACK(br-lan) 192.168.1.23", "bad hardware address"),
    (f"{H} DHCPACK(br-lan) ", "bad hardware address"),
    (f"{H} DHCPGRANT(br-lan) 192.168.1.23 f0:99:bf:12:34:56 ", "unknown type"),
]


@pytest.mark.parametrize("line,why", BROKEN)
def test_portal013_broken_lines_are_errors(line, why, ctx):
    with pytest.raises(ParseError, match=why):
        parse_line(line, "dnsmasq", ctx)
    # walked with others: the error comes back with its line, nothing after it is lost
    out = list(iter_parse(enumerate([line, FORMS[0][0]], 1), "dnsmasq", ctx))
    assert isinstance(out[0], ParseError) and out[0].raw == line and out[0].line == 1
    assert out[1].kind == "dhcp_assigned"


def test_portal013_over_udp_into_the_store_and_quarantine(pg_dsn, db, tmp_path):
    port = free_udp_port()
    cfg = parse_config({
        "database": {"data_dir": str(tmp_path / "pgdata")},
        "privacy": {"key": "q" * 32},
        "snmp": {"credentials": {"c": {"community": "public"}}, "default": "c"},
        "sites": [{"name": "Labuhan Haji", "timezone": "Asia/Makassar", "aps": []}],
        "portal": {"syslog": {"address": "127.0.0.1", "port": port, "tcp": False},
                   "sources": [{"name": "openwrt", "site": "Labuhan Haji", "kind": "syslog", "format": "dnsmasq",
                                "peers": ["127.0.0.1"]}],
                   "session_timeout_minutes": 20 * 366 * 24 * 60},
    })
    pseudo = from_config(cfg)
    lines = [FORMS[0][0], FORMS[4][0], FORMS[8][0], FORMS[13][0], FORMS[21][0], BROKEN[1][0], BROKEN[2][0],
             f"{H} DHCPACK(br-lan) 192.168.1.24 f0:99:bf:00:00:02 Sari-iPhone"]
    _run_collector(cfg, pg_dsn, db, lines, port, expect_rows=5)
    rows = db.execute("SELECT kind, device, host(ip) FROM portal_event WHERE kind LIKE 'dhcp%' ORDER BY ip").fetchall()
    assert rows == [("dhcp_assigned", pseudo.device(MAC), "192.168.1.23"),
                    ("dhcp_deassigned", pseudo.device(MAC), "192.168.1.23"),
                    ("dhcp_assigned", pseudo.device("f0:99:bf:00:00:02"), "192.168.1.24")]
    # keyed pseudonyms only: no raw MAC, no host name anywhere in the portal tables
    assert db.execute("SELECT count(*) FROM portal_event WHERE mac_raw IS NOT NULL OR device LIKE '%:%'"
                      " OR reason IS NOT NULL OR user_raw IS NOT NULL").fetchone()[0] == 0
    q = sorted(r for r, in db.execute("SELECT reason FROM log_quarantine"))
    assert len(q) == 2 and "bad IPv4 address" in q[0] and "bad hardware address" in q[1]

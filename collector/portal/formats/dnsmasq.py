"""dnsmasq's DHCP log (`dnsmasq-dhcp[PID]: ...`), as OpenWrt's logd forwards it over syslog (`log_ip`) or
`logread` prints it: the DHCP log as a capture of its own (issue 22, docs/metrics.md "The DHCP log as a
third source"; docs/portal-logs.md "dnsmasq's DHCP log").

Every DHCP packet dnsmasq answers is logged as `TYPE(interface) [address ]hwaddr[ text]` (dnsmasq's
rfc2131.c, log_packet: `"%s(%s) %s%s%s %s%s"` = type, interface, address, " " if an address, the client's
hardware address as lower-case hex pairs, then the host name or a reason, either of which may be empty,
leaving a trailing space), preceded by the transaction id (`123456789 DHCPACK(...)`) with --log-dhcp:
  DHCPDISCOVER(br-lan) aa:bb:cc:dd:ee:ff                   (a requested address may follow the type)
  DHCPOFFER(br-lan) 192.168.1.23 aa:bb:cc:dd:ee:ff
  DHCPREQUEST(br-lan) 192.168.1.23 aa:bb:cc:dd:ee:ff
  DHCPACK(br-lan) 192.168.1.23 aa:bb:cc:dd:ee:ff android-1a2b   (a grant: a new lease, a renewal, a
                                                                   device rejoining within its lease, or
                                                                   the answer to a DHCPINFORM)
  DHCPNAK(br-lan) 192.168.1.23 aa:bb:cc:dd:ee:ff wrong address
  DHCPRELEASE(br-lan) 192.168.1.23 aa:bb:cc:dd:ee:ff
  DHCPDECLINE(br-lan) 192.168.1.23 aa:bb:cc:dd:ee:ff
  DHCPINFORM(br-lan) 192.168.1.23 aa:bb:cc:dd:ee:ff
  DHCPDISCOVER(br-lan) aa:bb:cc:dd:ee:ff ignored | no address available
DHCPv6 (rfc3315.c: SOLICIT, ADVERTISE, REQUEST, REPLY, CONFIRM, RENEW, REBIND, RELEASE, DECLINE,
INFORMATION-REQUEST) names the client by its DUID, not a MAC, and an IPv6 address: `other`, as are
router advertisements (`RTR-ADVERT(br-lan) ...`), dnsmasq's other messages and every other program's
lines (logd forwards the whole system log).
Kinds: DHCPACK with an IPv4 address and a 6-octet MAC -> `dhcp_assigned` (the MAC, the IP), DHCPRELEASE ->
`dhcp_deassigned`; the other packets -> `other`. The host name is never kept (it often names the owner).
A line of dnsmasq's DHCP log that starts like a packet but is not one (no `(interface)`, a bad IPv4
address, a hardware address that is not hex pairs) is a parse error: quarantined, never lost.
"""

from __future__ import annotations

import ipaddress
import re

from collector.identifiers import normalise_mac
from collector.portal.context import ParseContext
from collector.portal.event import DHCP_ASSIGNED, DHCP_DEASSIGNED, OTHER, ParseError, PortalEvent
from collector.portal.syslog import split_header

NAME = "dnsmasq"
TAG = "dnsmasq-dhcp"

V4 = frozenset(("DHCPDISCOVER", "DHCPOFFER", "DHCPREQUEST", "DHCPACK", "DHCPNAK", "DHCPRELEASE", "DHCPDECLINE",
                "DHCPINFORM"))
# the packet: optional transaction id (--log-dhcp), TYPE(interface), the rest
_PACKET = re.compile(r"(?:\d+ )?(DHCP[A-Z-]+)\(([^()\s]*)\) ?(.*)$", re.S)
_TAGGED = re.compile(r"(?:^|\s)dnsmasq-dhcp(?:\[\d+\])?: ")
_START = re.compile(r"(?:\d+ )?DHCP[A-Z]")
_IPV4 = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}$")
_HW = re.compile(r"[0-9a-fA-F]{2}(?::[0-9a-fA-F]{2})*$")


def _ipv6(text: str) -> bool:
    try:
        return ipaddress.ip_address(text).version == 6
    except ValueError:
        return False


def looks_like(line: str) -> bool:
    return TAG in line


def parse(line: str, ctx: ParseContext) -> PortalEvent:
    hdr = split_header(line, ctx.tz, ctx.reference())
    t = hdr.time if hdr.time is not None else ctx.received_at
    msg = hdr.msg
    if hdr.app != TAG:  # logd's `log_prefix` comes before the tag; a bare packet line has none
        m = _TAGGED.search(msg)
        if m is not None:
            msg = msg[m.end():]
        elif hdr.app is not None or _START.match(msg) is None:
            return PortalEvent(OTHER, t, NAME, host=hdr.host)  # another program's line
    if _START.match(msg) is None:
        return PortalEvent(OTHER, t, NAME, host=hdr.host)  # "DHCP, IP range ...", "read /etc/hosts", ...
    m = _PACKET.match(msg)
    if m is None:
        raise ParseError("dnsmasq DHCP line without 'TYPE(interface)'")
    kind, _iface, rest = m.groups()
    if kind not in V4:
        if kind.startswith("DHCP") and kind[4:] in ("SOLICIT", "ADVERTISE", "REPLY", "CONFIRM", "RENEW", "REBIND",
                                                     "INFORMATION-REQUEST", "RECONFIGURE", "RELAY-FORW",
                                                     "RELAY-REPL"):
            return PortalEvent(OTHER, t, NAME, host=hdr.host)  # DHCPv6: a DUID, not a MAC
        raise ParseError(f"dnsmasq DHCP line of an unknown type {kind[:24]!r}")
    words = rest.split(" ", 2)
    ip = None
    if words[0] and (_IPV4.match(words[0]) or words[0][:1].isdigit() and "." in words[0]):
        ip = words.pop(0)
        if _IPV4.match(ip) is None or any(int(x) > 255 for x in ip.split(".")):
            raise ParseError(f"dnsmasq DHCP line with a bad IPv4 address {ip[:40]!r}")
    elif ":" in words[0] and _HW.match(words[0]) is None and _ipv6(words[0]):
        return PortalEvent(OTHER, t, NAME, host=hdr.host)  # DHCPREQUEST/RELEASE/DECLINE of DHCPv6: IPv6, DUID
    hw = words[0] if words else ""
    if hw == "<null>":  # no hardware address at all (print_mac of length 0)
        return PortalEvent(OTHER, t, NAME, host=hdr.host)
    if not hw or _HW.match(hw) is None:
        raise ParseError(f"dnsmasq DHCP line with a bad hardware address {hw[:40]!r}")
    if len(hw) != 17:  # not an Ethernet MAC (a client id of another hardware type): no device
        return PortalEvent(OTHER, t, NAME, host=hdr.host)
    if kind == "DHCPACK" and ip is not None:
        ev_kind = DHCP_ASSIGNED
    elif kind == "DHCPRELEASE" and ip is not None:
        ev_kind = DHCP_DEASSIGNED
    else:
        return PortalEvent(OTHER, t, NAME, host=hdr.host)
    # positional: user, mac, ip, bytes_in, bytes_out, duration_s, reason, session_id, host
    return PortalEvent(ev_kind, t, NAME, None, normalise_mac(hw), ip, None, None, None, None, None, hdr.host)

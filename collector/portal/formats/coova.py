"""CoovaChilli (`chilli` / `coova-chilli`) and ChilliSpot syslog lines.

Every session message chilli can emit (src/chilli.c, syslog LOG_INFO/NOTICE),
possibly prefixed by `chilli.c: 4251: ` (sys_err in ChilliSpot 1.0 to
CoovaChilli 1.3) or `function(line): ` (1.4+ debug):
- `Successful UAM login from username=U IP=I`          -> login
- `UAM login from username=U IP=I was aborted!`        -> login_failed (login aborted)
- `Received UAM abort from IP=I` (ChilliSpot, CoovaChilli < 1.4) -> login_failed (login aborted)
- `Received UAM logoff from username=U IP=I`           -> logout (user logoff)
- `Granted MAC=M with IP=I access without radius auth` -> login (MAC allowed list)
- `Received RADIUS Access-Reject` (MAC / DHCP / EAP authentication, chilli.c) and
  `handling Access-Reject` (UAM login, redir.c), debug level only and naming no client:
  `function(line): ` prefixed in 1.4+, bare in 1.3 -> login_failed (radius access-reject)
- `DHCP Released MAC=M IP=I` (1.4+),
  `DHCP addr released by MAC=M IP=I` (ChilliSpot, CoovaChilli < 1.4) -> logout (dhcp release);
  `IP=0.0.0.0` (a connection that never held an address, coova-chilli issue #464) leaves the IP empty
Everything else (DHCP chatter, `New DHCP request from MAC=...`, `Accepting MAC
login`, which names no client) is `other`. CoovaChilli's RADIUS accounting
lands in FreeRADIUS `detail` files: see `radius_detail`.
"""

from __future__ import annotations

import re

from collector.portal.context import ParseContext
from collector.portal.event import LOGIN, LOGIN_FAILED, LOGOUT, OTHER, ParseError, PortalEvent
from collector.identifiers import normalise_mac
from collector.portal.syslog import split_header

NAME = "coova"

_UAM = re.compile(r"(Successful UAM login|UAM login|Received UAM logoff) from username=(.*) IP=(\S+?)( was aborted!)?\s*$", re.S)
_ABORT = re.compile(r"Received UAM abort from IP=(\S+?)\s*$")
_GRANTED = re.compile(r"Granted MAC=(\S+) with IP=(\S+) access")
_RELEASED = re.compile(r"DHCP (?:Released|addr released by) MAC=(\S+) IP=(\S+?)\s*$")
_REJECT = re.compile(r"(?:^|: )(?:Received RADIUS|handling) Access-Reject\s*$")
_IPV4 = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}$")
# substrings that mark a line as CoovaChilli's (used by format detection)
MARKERS = ("chilli", "UAM log", "UAM abort", "Received RADIUS Access-Reject", "DHCP Released MAC=", "DHCP addr released by MAC=", "Granted MAC=")


def looks_like(line: str) -> bool:
    return any(m in line for m in MARKERS)


def _ip(text: str) -> str:
    if _IPV4.match(text) is None:
        raise ParseError(f"invalid IP address {text[:40]!r}")
    return text


def parse(line: str, ctx: ParseContext) -> PortalEvent:
    hdr = split_header(line, ctx.tz, ctx.reference())
    t = hdr.time if hdr.time is not None else ctx.received_at
    msg = hdr.msg
    if "UAM abort from" in msg:
        m = _ABORT.search(msg)
        if m is None:
            raise ParseError("UAM abort line without IP=")
        return PortalEvent(LOGIN_FAILED, t, NAME, ip=_ip(m.group(1)), reason="login aborted", host=hdr.host)
    if "UAM lo" in msg:
        m = _UAM.search(msg)
        if m is None:
            raise ParseError("UAM line without username= and IP=")
        what, user, ip, aborted = m.groups()
        if what == "Received UAM logoff":
            kind, reason = LOGOUT, "user logoff"
        elif aborted:
            kind, reason = LOGIN_FAILED, "login aborted"
        elif what == "Successful UAM login":
            kind, reason = LOGIN, None
        else:
            raise ParseError("UAM login line neither successful nor aborted")
        return PortalEvent(kind, t, NAME, user=user or None, ip=_ip(ip), reason=reason, host=hdr.host)
    if "Access-Reject" in msg and _REJECT.search(msg) is not None:
        return PortalEvent(LOGIN_FAILED, t, NAME, reason="radius access-reject", host=hdr.host)
    if "MAC=" in msg:
        m = _GRANTED.search(msg)
        if m is not None:
            return PortalEvent(LOGIN, t, NAME, mac=_mac(m.group(1)), ip=_ip(m.group(2)),
                               reason="mac auth", host=hdr.host)
        m = _RELEASED.search(msg)
        if m is not None:
            ip = _ip(m.group(2))
            return PortalEvent(LOGOUT, t, NAME, mac=_mac(m.group(1)), ip=None if ip == "0.0.0.0" else ip,
                               reason="dhcp release", host=hdr.host)
        if "DHCP Released" in msg or "released by MAC=" in msg or "Granted MAC=" in msg:
            raise ParseError("DHCP release / MAC grant line without MAC= and IP=")
    return PortalEvent(OTHER, t, NAME, host=hdr.host)


def _mac(text: str) -> str:
    mac = normalise_mac(text)
    if mac is None:
        raise ParseError(f"invalid MAC address {text[:40]!r}")
    return mac

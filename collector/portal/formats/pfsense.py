"""pfSense and OPNsense captive portal.

pfSense `logportalauth` (captiveportal.inc, facility local4):
`Zone: ZONE - STATUS: user, mac, ip[, message]` (older: `STATUS: user, mac, ip`).
STATUS is e.g. ACCEPT, LOGIN, USER LOGIN, MACHINE LOGIN, VOUCHER LOGIN, LOGOUT,
DISCONNECT, TIMEOUT, IDLE TIMEOUT, SESSION TIMEOUT, FAILURE, ERROR,
CONCURRENT LOGIN - TERMINATING OLD SESSION ... The mac may be empty.

OPNsense (`captiveportal`, AccessController.php): `AUTH user (ip) zone N`,
`DENY user (ip) zone N`, `LOGOUT user (ip) zone N`; OPNsense 15.x still wrote
pfSense-style `logportalauth` lines, which the `opnsense` format accepts too.
"""

from __future__ import annotations

import re

from collector.portal.context import ParseContext
from collector.portal.event import LOGIN, LOGIN_FAILED, LOGOUT, OTHER, ParseError, PortalEvent
from collector.portal.mac import normalise_mac
from collector.portal.syslog import split_header

_ZONE = re.compile(r"Zone: (\S+) - ")
_OPN = re.compile(r"(AUTH|DENY|LOGOUT) (.*) \((\S+)\) zone (\S+)\s*$", re.S)
_IP = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}$|[0-9a-fA-F:]*:[0-9a-fA-F:.]+$")
_LOGOUT_WORDS = ("LOGOUT", "DISCONNECT", "TIMEOUT", "QUOTA", "EXPIRED", "TERMINATING")


def looks_like(line: str) -> bool:
    return "logportalauth" in line or ("captiveportal" in line and ") zone " in line)


def classify(status: str) -> str:
    s = status.upper()
    if "FAIL" in s or "DENIED" in s or "ERROR" in s or "NOT ALLOWED" in s or "INVALID" in s:
        return LOGIN_FAILED
    if any(w in s for w in _LOGOUT_WORDS):
        return LOGOUT
    if "CONCURRENT" in s:  # reusing an existing session: nothing starts or ends
        return OTHER
    if "LOGIN" in s or s == "ACCEPT" or s.startswith("ACCEPT"):
        return LOGIN
    return OTHER


def _logportalauth(msg: str, t, fmt: str, host: str | None) -> PortalEvent:
    m = _ZONE.match(msg)
    if m is not None:  # the zone name is not kept: a site has one portal
        msg = msg[m.end():]
    sep = msg.find(": ")
    if sep <= 0 or msg.count(", ", sep) < 2:
        return PortalEvent(OTHER, t, fmt, host=host)
    status, fields = msg[:sep], msg[sep + 2:]
    parts = fields.split(", ", 3)
    user, mac_text, ip = parts[0].strip(), parts[1].strip(), parts[2].strip()
    extra = parts[3].strip() if len(parts) > 3 else None
    if ip and _IP.match(ip) is None:
        raise ParseError(f"logportalauth line with invalid IP {ip[:40]!r}")
    mac = normalise_mac(mac_text) if mac_text else None
    if mac_text and mac is None:
        raise ParseError(f"logportalauth line with invalid MAC {mac_text[:40]!r}")
    kind = classify(status)
    reason = None
    if kind in (LOGOUT, LOGIN_FAILED):
        reason = status.strip().lower() + (f": {extra}" if extra else "")
    ev = PortalEvent(kind, t, fmt, user=user or None, mac=mac, ip=ip or None, reason=reason, host=host)
    if kind == OTHER:
        ev.user = ev.mac = ev.ip = None
    return ev


def parse_pfsense(line: str, ctx: ParseContext) -> PortalEvent:
    hdr = split_header(line, ctx.tz, ctx.reference())
    t = hdr.time if hdr.time is not None else ctx.received_at
    return _logportalauth(hdr.msg, t, "pfsense", hdr.host)


def parse_opnsense(line: str, ctx: ParseContext) -> PortalEvent:
    hdr = split_header(line, ctx.tz, ctx.reference())
    t = hdr.time if hdr.time is not None else ctx.received_at
    msg = hdr.msg
    if hdr.app == "logportalauth" or msg.startswith("Zone: "):
        return _logportalauth(msg, t, "opnsense", hdr.host)
    m = _OPN.match(msg)
    if m is None:
        if msg.startswith(("AUTH ", "DENY ", "LOGOUT ")):
            raise ParseError("captive portal line without 'user (ip) zone N'")
        return PortalEvent(OTHER, t, "opnsense", host=hdr.host)
    what, user, ip, _zone = m.groups()
    if _IP.match(ip) is None:
        raise ParseError(f"captive portal line with invalid IP {ip[:40]!r}")
    kind = {"AUTH": LOGIN, "DENY": LOGIN_FAILED, "LOGOUT": LOGOUT}[what]
    reason = {"DENY": "authentication denied", "LOGOUT": "user logout"}.get(what)
    return PortalEvent(kind, t, "opnsense", user=user or None, ip=ip, reason=reason, host=hdr.host)

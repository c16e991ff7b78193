"""pfSense and OPNsense captive portal.

pfSense `logportalauth` (captiveportal.inc `captiveportal_logportalauth()`,
facility local4): `Zone: ZONE - STATUS: user, mac, ip[, message]` (before 2.2:
`STATUS: user, mac, ip`). The statuses every pfSense version can write:
- login: `LOGIN`, `USER LOGIN`, `MACHINE LOGIN`, `ACCEPT`, `Voucher login good for N min.` (m0n0wall 1.3's
  `index.php`, which pfSense's portal comes from, and its forks: `VOUCHER LOGIN good for N min.`)
- failed login: `FAILURE`, `ERROR`, `Blocked MAC address`,
  `CONCURRENT VOUCHER|USER LOGIN - NOT ALLOWED KEEPING OLD SESSION`
- logout: `LOGOUT`, `DISCONNECT`, `RADIUS_DISCONNECT`, `TIMEOUT`, `IDLE TIMEOUT`,
  `SESSION TIMEOUT`, `QUOTA EXCEEDED`, `DISCONNECT - REAUTHENTICATION FAILED`,
  `CONCURRENT [USER ]LOGIN - TERMINATING OLD SESSION`, `DUPLICATE V LOGIN - TERMINATING OLD SESSION`,
  `EXPIRED V LOGIN - TERMINATING SESSION`, `FORCEFULLY TERMINATING VOUCHER V SESSION`
- neither (the session goes on): `STATUS: user, mac, ip, RADIUS ACCOUNTING FAILED` (2.0 to 2.3: the
  Accounting-Start of a login already logged), `CONCURRENT LOGIN - REUSING OLD SESSION`, `... REUSING IP ...`,
  `... NOT TERMINATING EXISTING SESSION(S)`, `CHANGED AUTHENTICATION SERVER`,
  `RADIUS_BANDWIDTH_REAPPLY`, debugging statuses.
The user `unauthenticated` (no-authentication portals, errors) and the MAC
`noclientmac` are placeholders, not identities: they become empty.

OPNsense (`captiveportal`): AccessController.php logs `AUTH user (ip) zone N`,
`DENY user (ip) zone N`, `LOGOUT user (ip) zone N` (16.1 onwards; a portal
without authentication logs the user `anonymous@IP`); cp-background-process.py
logs the sessions it ends: `session ID hit hardtimeout|idletimeout`,
`remove concurrent session ID`, `mac address changed for session ID`,
`accounting limit reached for session ID` (logouts that name only the session).
OPNsense 15.x still wrote pfSense-style `logportalauth` lines, which the
`opnsense` format accepts too. Lines copied from OPNsense's log viewer
(time, severity and process separated by tabs) are read as well.
"""

from __future__ import annotations

import json
import re

from collector.portal.context import ParseContext
from collector.portal.event import LOGIN, LOGIN_FAILED, LOGOUT, OTHER, ParseError, PortalEvent
from collector.identifiers import normalise_mac
from collector.portal.syslog import split_header

_ZONE = re.compile(r"Zone: (\S+) - ")
# pfSense 2.8 / 25.11 onwards: logger() writes "INFO [Captive Portal] logportalauth: Zone: ..."
# under the PHP process's tag (JSON with a backtrace when debugging is on, a JSON string when the
# message holds a line break: a RADIUS reply message of several lines)
_LOGGER_PREFIX = re.compile(
    r"(?:(?:EMERGENCY|ALERT|CRITICAL|ERROR|WARNING|NOTICE|INFO|DEBUG)(?: \[[^\]]{1,40}\])? )?logportalauth: ")
_OPN = re.compile(r"(?:^|\s)(AUTH|DENY|LOGOUT) (.*) \((\S+)\) zone (\S+)\s*$", re.S)
_OPN_DROP = re.compile(
    r"(?:^|\s)(?:session (\S+) hit (hardtimeout|idletimeout)|remove concurrent session (\S+)"
    r"|mac address changed for session (\S+)|accounting limit reached for session (\S+))\s*$")
# a bare `logportalauth` message (copied from the GUI's log table, or a relay that keeps only the
# message): a known status, then `user, mac, ip`
_BARE = re.compile(
    r"(?:Zone: \S+ - )?(?:(?:[A-Z][A-Z_]*(?: - | ))*(?:LOGIN|LOGOUT|TIMEOUT|DISCONNECT|FAILURE|ERROR|ACCEPT|SESSION"
    r"|EXCEEDED)(?: [A-Z ()-]*)?|(?:Voucher login|VOUCHER LOGIN) good for \d+ min\.|Blocked MAC address): [^,]*, [^,]*, \S")
_JSON_MESSAGE = re.compile(r'"message":"((?:[^"\\]|\\.)*)"')
_IP = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}$|[0-9a-fA-F:]*:[0-9a-fA-F:.]+$")
_PLACEHOLDER_USERS = frozenset({"unauthenticated"})
_PLACEHOLDER_MACS = frozenset({"noclientmac"})


def looks_like(line: str) -> bool:
    return "logportalauth" in line or ("captiveportal" in line and ") zone " in line)


def bare_message(line: str) -> bool:
    """A `logportalauth` message without its syslog header (see `_BARE`)."""
    return _BARE.match(line) is not None


def classify(status: str) -> str:
    """The event kind of a pfSense `logportalauth` status (see the module doc)."""
    s = status.upper()
    if "NOT ALLOWED" in s or "BLOCKED" in s:
        return LOGIN_FAILED
    if "REUSING" in s or "NOT TERMINATING" in s:  # the existing session goes on
        return OTHER
    if "DISCONNECT" in s or "TERMINATING" in s or "TIMEOUT" in s or "LOGOUT" in s or "QUOTA" in s \
            or "EXPIRED" in s:
        return LOGOUT
    if "FAIL" in s or "DENIED" in s or "ERROR" in s or "INVALID" in s or "REJECT" in s:
        return LOGIN_FAILED
    if "CONCURRENT" in s or "CONFIG[" in s or s.startswith(("FOUND ", "ENTERING ")):  # debugging statuses
        return OTHER
    if "LOGIN" in s or s.startswith("ACCEPT"):
        return LOGIN
    return OTHER


def _logportalauth(msg: str, t, fmt: str, host: str | None) -> PortalEvent:
    m = _ZONE.search(msg)
    if m is not None and (m.start() == 0 or msg[m.start() - 1] == " "):  # the zone name is not kept: a site has one portal
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
    if mac_text in _PLACEHOLDER_MACS:
        mac_text = ""
    if user in _PLACEHOLDER_USERS:
        user = ""
    mac = normalise_mac(mac_text) if mac_text else None
    if mac_text and mac is None:
        raise ParseError(f"logportalauth line with invalid MAC {mac_text[:40]!r}")
    kind = OTHER if extra == "RADIUS ACCOUNTING FAILED" else classify(status)
    reason = None
    if kind in (LOGOUT, LOGIN_FAILED):
        reason = status.strip().lower() + (f": {extra}" if extra else "")
    ev = PortalEvent(kind, t, fmt, user=user or None, mac=mac, ip=ip or None, reason=reason, host=host)
    if kind == OTHER:
        ev.user = ev.mac = ev.ip = None
    return ev


def _json_message(msg: str) -> str | None:
    """pfSense 2.8+ logger() JSON: an object `{"prefix":..,"message":..,"backtrace":..}` (debugging
    on; syslog may cut the long backtrace off, so the message is taken even from a cut object), or a
    JSON string when the message holds a line break. None when it is neither."""
    try:
        value = json.loads(msg)
    except ValueError:
        value = None
    if isinstance(value, str):
        return value.replace("\n", " ").replace("\r", " ")
    if isinstance(value, dict):
        return str(value.get("message", ""))
    m = _JSON_MESSAGE.search(msg)
    if m is None:
        return None
    try:
        return str(json.loads(f'"{m.group(1)}"'))
    except ValueError:
        return None


def _portalauth_message(app: str | None, msg: str) -> str | None:
    """The `logportalauth` message without its prefixes, or None when the line
    comes from another program."""
    if msg[:1] in ('{', '"') and "logportalauth: " in msg:
        msg = _json_message(msg)
        if msg is None:
            return None
    m = _LOGGER_PREFIX.match(msg)
    if m is not None:
        return msg[m.end():]
    if app in (None, "logportalauth") or msg.startswith("Zone: ") or " Zone: " in msg[:40]:
        return msg
    return None


def parse_pfsense(line: str, ctx: ParseContext) -> PortalEvent:
    hdr = split_header(line, ctx.tz, ctx.reference())
    t = hdr.time if hdr.time is not None else ctx.received_at
    msg = _portalauth_message(hdr.app, hdr.msg)
    if msg is None:
        return PortalEvent(OTHER, t, "pfsense", host=hdr.host)
    return _logportalauth(msg, t, "pfsense", hdr.host)


def parse_opnsense(line: str, ctx: ParseContext) -> PortalEvent:
    hdr = split_header(line, ctx.tz, ctx.reference())
    t = hdr.time if hdr.time is not None else ctx.received_at
    msg = hdr.msg
    if hdr.app == "logportalauth" or msg.startswith("Zone: ") or "logportalauth: " in msg:
        portal = _portalauth_message(hdr.app, msg)
        if portal is not None:
            return _logportalauth(portal, t, "opnsense", hdr.host)
    m = _OPN.search(msg)
    if m is None:
        d = _OPN_DROP.search(msg)
        if d is not None:
            session, which, concurrent, mac_changed, acct = d.groups()
            if session is not None:
                reason = "session timeout" if which == "hardtimeout" else "idle timeout"
            elif concurrent is not None:
                session, reason = concurrent, "concurrent login"
            elif mac_changed is not None:
                session, reason = mac_changed, "mac address changed"
            else:
                session, reason = acct, "session timeout"
            return PortalEvent(LOGOUT, t, "opnsense", reason=reason, session_id=session, host=hdr.host)
        if msg.startswith(("AUTH ", "DENY ", "LOGOUT ")):
            raise ParseError("captive portal line without 'user (ip) zone N'")
        return PortalEvent(OTHER, t, "opnsense", host=hdr.host)
    what, user, ip, _zone = m.groups()
    if _IP.match(ip) is None:
        raise ParseError(f"captive portal line with invalid IP {ip[:40]!r}")
    kind = {"AUTH": LOGIN, "DENY": LOGIN_FAILED, "LOGOUT": LOGOUT}[what]
    reason = {"DENY": "authentication denied", "LOGOUT": "user logout"}.get(what)
    return PortalEvent(kind, t, "opnsense", user=user or None, ip=ip, reason=reason, host=hdr.host)

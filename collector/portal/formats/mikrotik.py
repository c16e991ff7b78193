"""MikroTik RouterOS Hotspot log lines.

The message is `user (ip): action`, optionally preceded by the topics
(`hotspot,account,info,debug`, or `hotspot, info, debug` as printed with spaces)
and a prefix such as `->:` or a configured log prefix. Actions:
`logged in`, `logged out: <reason>`, `login failed: <reason>`,
`trying to log in by <method>` (kind other). A user that is a MAC address (MAC
login, or trial user `T-<MAC>`) also gives the device MAC.

Native timestamps (disk log / `/log print`): `jan/02/2024 12:00:00` (also `Feb/09/2025`),
`jan/02 12:00:00`, `12:00:00`, `2024-01-02 12:00:00`, `01-02 12:00:00`; or any syslog header.
An empty user (`->: (10.10.10.8): trying to log in by http-pap`) stays empty.

DHCP server lease events (topic `dhcp,info`, sent by the same router beside the hotspot topics:
docs/portal.md), kinds `dhcp_assigned` / `dhcp_deassigned` with the MAC and the IP; the wordings
(sources in tests/fixtures/README.md, "RouterOS DHCP lease lines"):
  `dhcp1 assigned 10.5.50.2 to 4C:5E:0C:11:22:33`, `dhcp1 deassigned 10.5.50.2 from 4C:5E:...`
  (RouterOS 6), the same followed by the client's host name, and RouterOS 7's
  `dhcp1 assigned 10.5.50.2 for 4C:5E:0C:11:22:33 android-1`, `dhcp1 deassigned 10.5.50.2 for 4C:... `
  (host name empty: a trailing space). The host name is never kept (it often names the owner).
Other `dhcp` messages (`offering lease ... without success`, `dhcp-client on ... got IP address`)
are `other`; a line that starts like a lease event but is not one is a parse error.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from collector.portal import timeparse
from collector.portal.context import ParseContext
from collector.portal.event import (DHCP_ASSIGNED, DHCP_DEASSIGNED, LOGIN, LOGIN_FAILED, LOGOUT, OTHER, ParseError,
                                    PortalEvent)
from collector.identifiers import normalise_mac
from collector.portal.syslog import split_header

NAME = "mikrotik"

_PREFIX = re.compile(r"(?:[a-z]+(?:, ?[a-z]+)+ )?(?:\S*: )?")
# the user may be empty ("->: (10.10.10.8): trying to log in by http-pap")
_CORE = re.compile(r"(?:(.+?) )?\((\d{1,3}(?:\.\d{1,3}){3})\): (.*)$", re.S)
_NATIVE = re.compile(
    r"(?:([A-Za-z]{3})/(\d\d)(?:/(\d{4}))? |(?:(\d{4})-)?(\d\d)-(\d\d) )?(\d\d:\d\d:\d\d) (.*)$", re.S)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# the common case in one match: RFC 3164 header (host optional) + topics
_FAST = re.compile(
    r"(?:<\d{1,3}>)?([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d\d:\d\d:\d\d) (?:([^\s,]+) )?hotspot(?:, ?[a-z]+)* "
    r"(?:\S*: )?(.+?) \((\d{1,3}(?:\.\d{1,3}){3})\): (.*)$", re.S)
_ACTION_WORDS = ("logged in", "logged out", "login failed")
# "<server> assigned|deassigned <ip> to|from|for <MAC>[ <host name>]"
_LEASE = re.compile(r"(\S+) (de)?assigned (\S+) (?:to|from|for) (\S+)(?: .*)?$", re.S)
_LEASE_START = re.compile(r"\S+ (?:de)?assigned \d")
_IPV4 = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}$")
_MAC = re.compile(r"[0-9A-Fa-f]{2}(?:[:-][0-9A-Fa-f]{2}){5}$")


def looks_like(line: str) -> bool:
    if "assigned " in line and _LEASE_START.search(line) is not None:  # a DHCP lease event
        return True
    return "): " in line and ("hotspot" in line or "logged " in line or "login failed" in line
                              or "trying to log in" in line)


def _native_time(line: str, ctx: ParseContext) -> tuple[datetime | None, str]:
    m = _NATIVE.match(line)
    if m is None:
        return None, line
    mon, day, year, iy, im, iday, hms, rest = m.groups()
    try:
        if iy is not None:
            return timeparse.with_year(iy, int(im), iday, hms, ctx.tz), rest
        if im is not None:  # RouterOS 7 `/log print`: "09-25 21:10:05" (this year)
            if not 1 <= int(im) <= 12:
                raise timeparse.TimeError(f"bad month {im!r}")
            return timeparse.rfc3164(_MONTHS[int(im) - 1], iday, hms, ctx.tz, ctx.reference()), rest
        if mon is not None:
            if year is not None:
                return timeparse.with_year(year, mon, day, hms, ctx.tz), rest
            return timeparse.rfc3164(mon, day, hms, ctx.tz, ctx.reference()), rest
        ref = ctx.reference()
        t = timeparse.with_year(ref.year, ref.month, ref.day, hms, ctx.tz)
        if t - ref > timedelta(hours=1):  # a time later than now is yesterday's
            t -= timedelta(days=1)
        return t, rest
    except timeparse.TimeError as exc:
        raise ParseError(f"bad MikroTik timestamp: {exc}") from None


def _split(line: str, ctx: ParseContext) -> tuple[datetime, str | None, str]:
    """(time, host, message) of a line: a syslog header (RFC 3164/5424) or RouterOS's own time, else the
    time the line was received."""
    c = line[:1]
    if c == "<" or c.isupper() or (c.isdigit() and line[4:5] == "-" and line[10:11] == "T"):
        hdr = split_header(line, ctx.tz, ctx.reference())
        t, host, msg = hdr.time, hdr.host, hdr.msg
    else:
        t, msg = _native_time(line, ctx)
        host = None
    if t is None:
        t, msg = _native_time(msg, ctx)
        if t is None:
            t = ctx.received_at
    return t, host, msg


def parse(line: str, ctx: ParseContext) -> PortalEvent:
    if "): " not in line:
        if "assigned " in line:
            return _lease_line(line, ctx)
        return PortalEvent(OTHER, None, NAME)
    c = line[:1]
    m = _FAST.match(line) if c == "<" or c.isupper() else None
    if m is not None:
        mon, day, hms, host, user, ip, act = m.groups()
        try:
            t = timeparse.rfc3164(mon, day, hms, ctx.tz, ctx.reference())
        except timeparse.TimeError as exc:
            raise ParseError(f"bad RFC 3164 timestamp: {exc}") from None
        return _event(t, host, user, ip, act)
    t, host, msg = _split(line, ctx)
    m = _CORE.match(msg, _PREFIX.match(msg).end())
    if m is None and host is not None:  # the "host" was really the start of the message
        msg = host + " " + msg
        host = None
        m = _CORE.match(msg, _PREFIX.match(msg).end())
    if m is None:
        if any(w in msg for w in _ACTION_WORDS):
            raise ParseError("hotspot line without 'user (ip): action'")
        return PortalEvent(OTHER, t, NAME, host=host)
    return _event(t, host, m.group(1), m.group(2), m.group(3))


def _event(t: datetime | None, host: str | None, user: str | None, ip: str, act: str) -> PortalEvent:
    c = act[:8]
    if c == "logged i":
        kind, reason = LOGIN, None
    elif c == "logged o":
        kind, reason = LOGOUT, act[12:].strip() or None
    elif c == "login fa":
        kind, reason = LOGIN_FAILED, act[14:].strip() or None
    else:
        return PortalEvent(OTHER, t, NAME, host=host)
    if user is None:
        return PortalEvent(kind, t, NAME, None, None, ip, None, None, None, reason, None, host)
    if ": " in user:  # an unrecognised prefix ("router2 hotspot-remote-user: sari")
        user = user.rsplit(": ", 1)[1]
    mac = normalise_mac(user[2:] if user.startswith("T-") else user) if (":" in user or "-" in user) else None
    # positional: user, mac, ip, bytes_in, bytes_out, duration_s, reason, session_id, host
    return PortalEvent(kind, t, NAME, user, mac, ip, None, None, None, reason, None, host)


def _lease_line(line: str, ctx: ParseContext) -> PortalEvent:
    """A DHCP server's lease event, or `other` for any other line without "user (ip): "."""
    t, host, msg = _split(line, ctx)
    start = _PREFIX.match(msg).end()
    if _LEASE_START.match(msg, start) is None:
        if host is not None and _LEASE_START.match(host + " " + msg) is not None:
            msg, start, host = host + " " + msg, 0, None  # the "host" was the DHCP server's name
        else:
            return PortalEvent(OTHER, t, NAME, host=host)
    m = _LEASE.match(msg, start)
    if m is None:
        raise ParseError("DHCP lease line without 'server assigned|deassigned IP to|from|for MAC'")
    _server, de, ip, mac = m.groups()
    if _IPV4.match(ip) is None or any(int(x) > 255 for x in ip.split(".")):
        raise ParseError(f"DHCP lease line with a bad IPv4 address {ip[:40]!r}")
    if _MAC.match(mac) is None:
        raise ParseError(f"DHCP lease line with a bad MAC address {mac[:40]!r}")
    # positional: user, mac, ip, bytes_in, bytes_out, duration_s, reason, session_id, host
    return PortalEvent(DHCP_DEASSIGNED if de else DHCP_ASSIGNED, t, NAME, None, normalise_mac(mac), ip,
                       None, None, None, None, None, host)

"""FreeRADIUS's own log lines about users: `radius.log` (or syslog) with `auth = yes`,
and the messages of the shipped `linelog` module configurations.

radius.log / syslog (src/main/auth.c `rad_authlog`, FreeRADIUS 2.x and 3.x; 3.x puts the
request number `(N) ` first):
- `Login OK[ (reason)]: [USER[/PASSWORD]] (from client NAS port P[ cli CALLING-STATION-ID])` -> login
- `Login incorrect[ (reason)]: [...] (from client ...)`, `Invalid user[ (reason)]: [...]`,
  `Rejected in post-auth: [...]` (3.x: an accepted user that post-auth rejected) -> login_failed
  (the parenthesis ends with ` via TLS tunnel` for an EAP inner request and ` via proxy to virtual
  server` for a request a virtual server proxied to itself, 3.x)
The password part (logged only with `auth_goodpass`/`auth_badpass`, or a placeholder such as
`<via Auth-Type = eap>`) is dropped, never kept. The file's own prefix is
`Mon Dec  7 10:00:00 2026 : Auth: `.

linelog (raddb/mods-available/linelog, FreeRADIUS 3.0 and 3.2 defaults):
- `Accepted user: USER` -> login, `Rejected user: USER` -> login_failed
- `Connect: [USER] (did CALLED cli CALLING port P ip IP)` -> accounting_start
- `Disconnect: [USER] (did CALLED cli CALLING port P ip IP) N seconds` -> accounting_stop (duration)
A Calling-Station-Id that is not a MAC (a phone number, an IP) leaves the MAC empty; one that a
NAS fills with several values (mpd: `02e04c5a71c8 / 02:e0:4c:5a:71:c8 / em2`) gives the MAC of its
first value; one with
a MAC's shape whose digits were masked by hand (`XX-XX-XX-XX-XX-XX`, `5e:b3:**:**:cf:37`), or a
placeholder name for one (`CLIENT_MAC`), is a
parse error, so a pasted log never gives an event with its client silently dropped; so is a
user or client name with an ellipsis (`[Apo@.../...]`, `from client ...`).
"""

from __future__ import annotations

import re

from collector.portal import timeparse
from collector.portal.context import ParseContext
from collector.portal.event import ACCT_START, ACCT_STOP, LOGIN, LOGIN_FAILED, OTHER, ParseError, PortalEvent
from collector.identifiers import normalise_mac
from collector.portal.masking import masked_mac
from collector.portal.syslog import split_header

NAME = "radius-log"

_FILE_HEAD = re.compile(
    r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d\d:\d\d:\d\d) (\d{4}) : (\w+): (.*)$", re.S)
_AUTH = re.compile(
    r"(?:\(\d+\) )?(Login OK|Login incorrect|Invalid user|Rejected in post-auth)(?: \((.*?)\))?: \[(.*)\] "
    r"\(from client (.*?) port (\d+)(?: cli ([^)]*?))?(?: via (?:TLS tunnel|proxy to virtual server))?\)", re.S)
_LINELOG_ACCT = re.compile(
    r"(Connect|Disconnect): \[(.*)\] \(did (\S*) cli (\S*) port (\S*) ip (\S*)\)(?: (\d+) seconds)?\s*$", re.S)
_LINELOG_AUTH = re.compile(r"(Accepted|Rejected) user: (.*?)\s*$", re.S)
_IP = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}$|[0-9a-fA-F:]*:[0-9a-fA-F:.]+$")
MARKERS = ("Login OK", "Login incorrect", "Invalid user", "Rejected in post-auth", "Accepted user: ", "Rejected user: ",
           "Connect: [", "Disconnect: [")


def looks_like(line: str) -> bool:
    return ("(from client " in line and ("Login OK" in line or "Login incorrect" in line or "Invalid user" in line
                                        or "Rejected in post-auth" in line)) \
        or (("Connect: [" in line or "Disconnect: [" in line) and " cli " in line and " (did " in line) \
        or "Accepted user: " in line or "Rejected user: " in line


def _user(bracket: str) -> str | None:
    """`user`, `user/password`, `user/<via Auth-Type = X>` -> the user (the password is dropped).
    FreeRADIUS writes the password after the last `/` when it logs one; a user name that itself
    holds a `/` (802.1X machine accounts `host/...`) is only read right when a password part follows."""
    if bracket.startswith("<no User-Name"):
        return None
    user = bracket.rsplit("/", 1)[0] if "/" in bracket else bracket
    return user or None


def _mac(cli: str | None) -> str | None:
    """The client's MAC from a Calling-Station-Id, None when it is no MAC (see the module doc)."""
    cli = (cli or "").strip()
    if not cli:
        return None
    mac = normalise_mac(cli)
    if mac is None and " " in cli:
        mac = normalise_mac(cli.split(None, 1)[0])
    if mac is None and masked_mac(cli):
        raise ParseError(f"FreeRADIUS auth line with masked Calling-Station-Id {cli[:40]!r}")
    return mac


def parse(line: str, ctx: ParseContext) -> PortalEvent:
    m = _FILE_HEAD.match(line)
    if m is not None:
        mon, day, hms, year, _level, msg = m.groups()
        try:
            t = timeparse.with_year(year, mon, day, hms, ctx.tz)
        except timeparse.TimeError as exc:
            raise ParseError(f"bad radius.log timestamp: {exc}") from None
        host = None
    else:
        hdr = split_header(line, ctx.tz, ctx.reference())
        t = hdr.time if hdr.time is not None else ctx.received_at
        msg, host = hdr.msg, hdr.host
    if "(from client " in msg:
        a = _AUTH.search(msg)
        if a is None:
            raise ParseError("FreeRADIUS auth line without '[user] (from client NAS port N ...)'")
        what, reason, bracket, nas, _port, cli = a.groups()
        mac = _mac(cli)
        if "..." in bracket or "..." in nas:  # a user or NAS name elided by whoever pasted the log
            raise ParseError("FreeRADIUS auth line with an elided ('...') user or client name")
        kind = LOGIN if what == "Login OK" else LOGIN_FAILED
        why = None if kind == LOGIN else (what.lower() + (f": {reason}" if reason else ""))
        return PortalEvent(kind, t, NAME, user=_user(bracket), mac=mac,
                           reason=why, host=nas or host)
    if "Connect: [" in msg or "Disconnect: [" in msg:
        c = _LINELOG_ACCT.search(msg)
        if c is None:
            raise ParseError("linelog accounting line without '[user] (did ... cli ... port ... ip ...)'")
        what, user, _did, cli, _port, ip, secs = c.groups()
        if ip and _IP.match(ip) is None:
            raise ParseError(f"linelog line with invalid IP {ip[:40]!r}")
        return PortalEvent(ACCT_STOP if what == "Disconnect" else ACCT_START, t, NAME, user=user or None,
                           mac=normalise_mac(cli) if cli else None, ip=ip or None,
                           duration_s=int(secs) if secs else None, host=host)
    la = _LINELOG_AUTH.search(msg)
    if la is not None:
        what, user = la.groups()
        return PortalEvent(LOGIN if what == "Accepted" else LOGIN_FAILED, t, NAME, user=user or None,
                           reason="rejected" if what == "Rejected" else None, host=host)
    return PortalEvent(OTHER, t, NAME, host=host)

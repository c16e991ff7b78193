"""FreeRADIUS accounting `detail` files (radacct/<nas>/detail-YYYYMMDD).

A record is a header line with the server's local time (`Wed Feb 21 13:37:17
2024`), then one tab-indented `Attribute = value` per line, then a blank line.
Time: `Event-Timestamp` (the NAS's event time, as FreeRADIUS 2/3 print it, `Feb 21 2024
13:37:17 WITA`, or FreeRADIUS 4's RFC 3339 `2024-02-21T05:37:17Z`; `UTC`/`GMT`/`+07` honoured; any
other zone abbreviation (`CEST`, `PST`, `WITA`, `JST`: ambiguous names) takes the
offset the server's `Timestamp` (exact epoch) shows, rounded to a quarter hour, and
without a `Timestamp` is read in the site zone), unless it is absurd (a NAS without
a clock sends 1970) and the server's `Timestamp` is there, in which case
`Timestamp - Acct-Delay-Time`; else the header in the site zone.
Octets include `Acct-*-Gigawords` (x 2^32). `bytes_in` = Acct-Input-Octets
(sent by the client), `bytes_out` = Acct-Output-Octets.
The client's MAC: Calling-Station-Id, else the user name (MAC authentication), else
the middle of a Cisco AireOS Acct-Session-Id (`58b62226/e0:5f:45:37:98:bf/5804651`:
a WLC whose "Call Station ID Type" is the IP address, its old default, sends the
client's IP as Calling-Station-Id). A Calling-Station-Id or user name masked by the
poster of a published file is a parse error (collector/portal/masking.py), and so is a
Framed-IP-Address that is no address (`xxx.xxx.xxx.xxx`: FreeRADIUS writes only addresses there).
Records with a `Packet-Type` and no Acct-Status-Type (the `auth_log` / `reply_log` detail files of
requests and replies) hold no session: `other`.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta, timezone

from collector.portal import timeparse
from collector.portal.context import ParseContext
from collector.portal.event import ACCT_INTERIM, ACCT_START, ACCT_STOP, OTHER, ParseError, PortalEvent
from collector.identifiers import normalise_mac
from collector.portal.masking import masked_mac, masked_name

NAME = "radius-detail"

HEADER = re.compile(
    r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d\d:\d\d:\d\d) (\d{4})\s*$")
# a tagged attribute (RFC 2868: `Tunnel-Type:0 = VLAN`, written by controllers assigning a VLAN)
# keeps its tag in the name
_ATTR = re.compile(r"[ \t]+([A-Za-z][\w.-]*(?::\d{1,2})?) (?:=|:=|\+=) ?(.*?)\s*$")
_EVENT_TS = re.compile(r"([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d{4}) (\d\d:\d\d:\d\d)(?: (\S+))?$")
# FreeRADIUS 4 prints dates as RFC 3339 in UTC (fr_unix_time_to_str: `2024-02-21T05:37:17Z`, a
# fraction when the attribute's resolution asks for one, `+hh:mm` when the zone is not UTC)
_EVENT_TS_RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d)$")
_STATUS = {"start": ACCT_START, "interim-update": ACCT_INTERIM, "alive": ACCT_INTERIM, "stop": ACCT_STOP,
           "1": ACCT_START, "2": ACCT_STOP, "3": ACCT_INTERIM}
_GIGA = 1 << 32
_CISCO_SESSION = re.compile(r"[0-9A-Fa-f]{8}/((?:[0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2})/\d+$")
_QUARTER_H = 900
MAX_RECORD_LINES = 500


def is_header(line: str) -> bool:
    return HEADER.match(line) is not None


def group_records(lines: Iterable[tuple[int, str]]) -> Iterator[tuple[int, list[str]]]:
    """(line_no, text) pairs -> (first line_no, record lines). A record starts
    at a header line; attribute lines before any header form a broken record."""
    start, cur = 0, []
    for no, text in lines:
        if not text.strip():
            if cur:
                yield start, cur
                cur = []
            continue
        if is_header(text) or not cur or len(cur) >= MAX_RECORD_LINES:
            if cur:
                yield start, cur
            start, cur = no, [text]
        else:
            cur.append(text)
    if cur:
        yield start, cur


def _unquote(v: str) -> str:
    if len(v) >= 2 and v[0] == '"' and v[-1] == '"':
        return v[1:-1]
    return v


def _int(attrs: dict, name: str) -> int | None:
    v = attrs.get(name)
    if v is None or v == "":
        return None
    try:
        return int(v)
    except ValueError:
        raise ParseError(f"{name} is not a number: {v[:40]!r}") from None


def _octets(attrs: dict, which: str) -> int | None:
    low = _int(attrs, f"Acct-{which}-Octets")
    high = _int(attrs, f"Acct-{which}-Gigawords")
    if low is None and high is None:
        return None
    return (high or 0) * _GIGA + (low or 0)


def _event_time(attrs: dict, header_time: datetime, ctx: ParseContext) -> datetime:
    delay = _int(attrs, "Acct-Delay-Time") or 0
    received = None
    if attrs.get("Timestamp", "").isdigit():
        received = timeparse.from_epoch(attrs["Timestamp"])
    ev = attrs.get("Event-Timestamp")
    if ev:
        try:
            if ev.isdigit():
                t = timeparse.from_epoch(ev)
            elif _EVENT_TS_RFC3339.match(ev):
                t = timeparse.iso(ev, ctx.tz)
            else:
                m = _EVENT_TS.match(ev)
                if m is None:
                    raise ParseError(f"unreadable Event-Timestamp {ev[:40]!r}")
                mon, day, year, hms, zone = m.groups()
                known = timeparse.zone_from_abbr(zone, None)
                if known is None and received is not None:
                    # an ambiguous zone name (CEST, JST, WITA): the server's exact clock tells its offset
                    naive = timeparse.with_year(year, mon, day, hms, timezone.utc)
                    known = _offset_seen(naive, received - timedelta(seconds=delay))
                    if known is None:
                        return received - timedelta(seconds=delay)
                    return timeparse.with_year(year, mon, day, hms, known).astimezone(timezone.utc)
                t = timeparse.with_year(year, mon, day, hms, known or ctx.tz)
        except timeparse.TimeError as exc:
            raise ParseError(f"bad Event-Timestamp: {exc}") from None
        if t.year >= 2000:
            return t
    if received is not None:  # no Event-Timestamp, or a NAS without a clock (1970)
        return received - timedelta(seconds=delay)
    return header_time


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _offset_seen(nas_wall_as_utc: datetime, sent: datetime) -> timezone | None:
    """The NAS's UTC offset: its wall clock minus the moment the server says it was sent,
    rounded to a quarter hour; None when the clocks disagree by more than 5 minutes."""
    diff = (nas_wall_as_utc - sent).total_seconds()
    quarter = round(diff / _QUARTER_H) * _QUARTER_H
    if abs(diff - quarter) > 300 or abs(quarter) > 14 * 3600:
        return None
    return timezone(timedelta(seconds=quarter))


def _client_mac(attrs: dict, user: str | None) -> str | None:
    cli = attrs.get("Calling-Station-Id")
    mac = normalise_mac(cli)
    if mac is None and masked_mac(cli):
        raise ParseError(f"detail record with masked Calling-Station-Id {cli[:40]!r}")
    if mac is None and user is not None:
        mac = normalise_mac(user)  # MAC authentication: the user name is the MAC
    if mac is None:
        cisco = _CISCO_SESSION.match(attrs.get("Acct-Session-Id") or "")
        if cisco is not None:
            mac = normalise_mac(cisco.group(1))
    return mac


def parse_record(lines: list[str], ctx: ParseContext) -> PortalEvent:
    m = HEADER.match(lines[0]) if lines else None
    if m is None:
        raise ParseError("detail record without a date header line")
    try:
        header_time = timeparse.with_year(m.group(4), m.group(1), m.group(2), m.group(3), ctx.tz)
    except timeparse.TimeError as exc:
        raise ParseError(f"bad detail header: {exc}") from None
    attrs: dict[str, str] = {}
    for text in lines[1:]:
        a = _ATTR.match(text)
        if a is None:
            raise ParseError(f"not an attribute line: {text.strip()[:60]!r}")
        attrs.setdefault(a.group(1), _unquote(a.group(2)))
    if len(lines) >= MAX_RECORD_LINES:
        raise ParseError(f"record longer than {MAX_RECORD_LINES} lines")
    status = attrs.get("Acct-Status-Type")
    if status is None:
        if "Packet-Type" in attrs:  # auth_log / reply_log detail files: requests and replies, no sessions
            return PortalEvent(OTHER, header_time, NAME, host=attrs.get("NAS-Identifier") or None)
        raise ParseError("record without Acct-Status-Type")
    kind = _STATUS.get(status.lower(), OTHER)
    t = _event_time(attrs, header_time, ctx)
    source = attrs.get("NAS-Identifier") or attrs.get("NAS-IP-Address")
    if kind == OTHER:  # Accounting-On/Off
        return PortalEvent(OTHER, t, NAME, host=source)
    user = attrs.get("User-Name") or None
    if masked_name(user):
        raise ParseError(f"detail record with masked User-Name {user[:40]!r}")
    mac = _client_mac(attrs, user)
    ip = attrs.get("Framed-IP-Address") or None
    if ip is not None and not _is_ip(ip):  # FreeRADIUS writes only addresses there: edited by hand
        raise ParseError(f"detail record with Framed-IP-Address {ip[:40]!r} that is no address")
    return PortalEvent(
        kind, t, NAME, user=user, mac=mac, ip=ip,
        bytes_in=_octets(attrs, "Input"), bytes_out=_octets(attrs, "Output"),
        duration_s=_int(attrs, "Acct-Session-Time"),
        reason=attrs.get("Acct-Terminate-Cause") if kind == ACCT_STOP else None,
        session_id=attrs.get("Acct-Session-Id") or None, host=source)

"""Strip the syslog header a line may carry, keeping its time, host and tag.

Handled (with or without the `<PRI>` a network receiver sees):
- RFC 5424: `<134>1 2024-02-21T13:37:17.123+08:00 host app 123 - - msg`
- RFC 3164: `<134>Feb 21 13:37:17 host app[123]: msg` (host optional, as some
  devices omit it; year inferred), also as written by syslogd to a file
- RFC 3339 file lines (rsyslog's high-precision template): `2024-02-21T13:37:17+08:00 host app: msg`
- OpenWrt `logread`: `Tue Aug 31 18:45:49 2021 daemon.notice opennds[24517]: msg`
Tabs count as spaces (lines copied from pfSense's and OPNsense's log viewers).

Lines without any of these come back with `time=None` and the whole text as
message: format parsers then try their own native timestamps.
"""

from __future__ import annotations

import re
from datetime import datetime, tzinfo
from typing import NamedTuple

from collector.portal import timeparse
from collector.portal.event import ParseError


class Header(NamedTuple):
    time: datetime | None
    host: str | None
    app: str | None
    msg: str


_R5424 = re.compile(
    r"<(\d{1,3})>1 (\S+) (\S+) (\S+) (\S+) (\S+) "
    r"(-|(?:\[(?:[^\]\"\\]|\\.|\"(?:[^\"\\]|\\.)*\")*\])+)(?: (.*))?$", re.S)
_R3164 = re.compile(
    r"(?:<(\d{1,3})>)?([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d\d:\d\d:\d\d)(?:\.\d+)? (.*)$", re.S)
_RISO = re.compile(
    r"(?:<(\d{1,3})>)?(\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?) (.*)$", re.S)
_RLOGREAD = re.compile(
    r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d\d:\d\d:\d\d) (\d{4}) "
    r"([a-z0-9]+\.[a-z]+) (.*)$", re.S)
# a syslog TAG: "app[pid]:" or "app:" followed by a space or the end
_RTAG = re.compile(r"([^\s\[\]:()]{1,64})(?:\[(\d{1,10})\])?:(?: |$)")
_PRI_START = re.compile(r"<\d{1,3}>")


def _host_and_tag(rest: str) -> tuple[str | None, str | None, str]:
    """Split "host app[pid]: msg" / "app[pid]: msg" / "host msg" / "msg"."""
    m = _RTAG.match(rest)
    if m is not None:
        return None, m.group(1), rest[m.end():]
    sp = rest.find(" ")
    if sp <= 0:
        return None, None, rest
    first = rest[:sp]
    if rest[sp + 1:sp + 2] == "(":  # "user (10.5.50.2): logged in" has no host
        return None, None, rest
    m = _RTAG.match(rest, sp + 1)
    if m is not None:
        return first, m.group(1), rest[m.end():]
    if "," in first or first.endswith(":") or first.startswith("("):
        return None, None, rest
    return first, None, rest[sp + 1:]


def split_header(line: str, tz: tzinfo, now: datetime) -> Header:
    if "\t" in line:  # lines copied from a web log viewer separate the columns with tabs
        line = line.replace("\t", " ")
    c = line[:1]
    if c == "<" and line.find(">1 ", 1, 7) > 0:
        m = _R5424.match(line)
        if m is not None:
            ts, host, app, msg = m.group(2), m.group(3), m.group(4), m.group(8) or ""
            if msg.startswith("\ufeff"):
                msg = msg[1:]
            try:
                t = None if ts == "-" else timeparse.iso(ts, tz)
            except timeparse.TimeError as exc:
                raise ParseError(f"bad RFC 5424 timestamp: {exc}") from None
            return Header(t, None if host == "-" else host, None if app == "-" else app, msg)
        if line[1:2] == "1" and line.find(">1 ") > 0 and _PRI_START.match(line):
            raise ParseError("malformed RFC 5424 header")
    if c == "<" or c.isupper():
        m = _R3164.match(line)
        if m is not None:
            try:
                t = timeparse.rfc3164(m.group(2), m.group(3), m.group(4), tz, now)
            except timeparse.TimeError as exc:
                raise ParseError(f"bad RFC 3164 timestamp: {exc}") from None
            host, app, msg = _host_and_tag(m.group(5))
            return Header(t, host, app, msg)
        if c.isupper():
            m = _RLOGREAD.match(line)
            if m is not None:
                try:
                    t = timeparse.with_year(m.group(4), m.group(1), m.group(2), m.group(3), tz)
                except timeparse.TimeError as exc:
                    raise ParseError(f"bad timestamp: {exc}") from None
                _, app, msg = _host_and_tag(m.group(6))
                return Header(t, None, app, msg)
    if c == "<" or c.isdigit():
        m = _RISO.match(line)
        if m is not None:
            try:
                t = timeparse.iso(m.group(2).replace(" ", "T", 1), tz)
            except timeparse.TimeError as exc:
                raise ParseError(f"bad timestamp: {exc}") from None
            host, app, msg = _host_and_tag(m.group(3))
            return Header(t, host, app, msg)
    if c == "<":
        m = _PRI_START.match(line)
        if m is not None:  # "<30>message": some devices (RouterOS) send no header at all
            return Header(None, None, None, line[m.end():])
    m = _RTAG.match(line)
    if m is not None and m.group(2) is not None:  # "app[pid]: msg" without time or host
        return Header(None, None, m.group(1), line[m.end():])
    return Header(None, None, None, line)

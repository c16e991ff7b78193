"""Parse lines of any supported format, or detect the format per line (`auto`).

`parse_line` turns one line into a `PortalEvent` (raises `ParseError`);
`iter_parse` walks numbered lines, groups FreeRADIUS `detail` records, stamps
line number / origin / site on each result, and never raises for bad input:
it yields `ParseError`s for quarantine instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from collector.portal.context import ParseContext
from collector.portal.event import FORMATS, OTHER, ParseError, PortalEvent
from collector.portal.formats import coova, dnsmasq, mikrotik, nds, pfsense, radius_detail, radius_log

MAX_LINE = 8192  # longer lines are truncated before parsing

LineParser = Callable[[str, ParseContext], PortalEvent]

LINE_PARSERS: dict[str, LineParser] = {
    "mikrotik": mikrotik.parse,
    "coova": coova.parse,
    "opennds": nds.parse_opennds,
    "nodogsplash": nds.parse_nodogsplash,
    "pfsense": pfsense.parse_pfsense,
    "opnsense": pfsense.parse_opnsense,
    "radius-log": radius_log.parse,
    "dnsmasq": dnsmasq.parse,
}
CHOICES = ("auto", *FORMATS)


def detect(line: str) -> str | None:
    """The format a single line belongs to, from cheap substring tests."""
    if dnsmasq.looks_like(line):
        return "dnsmasq"
    if "logportalauth" in line:
        return "pfsense"
    if "captiveportal" in line and (") zone " in line or "session " in line):
        return "opnsense"
    if radius_log.looks_like(line):
        return "radius-log"
    if coova.looks_like(line):
        return "coova"
    if "opennds" in line or "openNDS" in line:
        return "opennds"
    if ("nodogsplash" in line or "Force out user" in line or "] authenticated" in line
            or " secs. kB in: " in line or "deauthenticating client" in line):
        return "nodogsplash"
    if ("method=" in line and "clientmac=" in line) or "deauthenticating:" in line:
        return "opennds"
    if mikrotik.looks_like(line):
        return "mikrotik"
    if radius_detail.is_header(line):
        return "radius-detail"
    if "uthenticating " in line or "idle user:" in line or "AUTHENTICATE " in line:
        return "opennds"
    if pfsense.bare_message(line):
        return "pfsense"
    return None


def parse_line(line: str, fmt: str, ctx: ParseContext) -> PortalEvent:
    if len(line) > MAX_LINE:
        line = line[:MAX_LINE]
    if fmt == "auto":
        fmt = detect(line) or ""
        if not fmt:
            return PortalEvent(OTHER, ctx.received_at, "unknown")
    parser = LINE_PARSERS.get(fmt)
    if parser is None:
        if fmt == "radius-detail":
            return radius_detail.parse_record(line.splitlines(), ctx)
        raise ValueError(f"unknown format {fmt!r}")
    return parser(line, ctx)


def _stamp(ev: PortalEvent | ParseError, no: int, origin: str | None, ctx: ParseContext,
           raw: str, fmt: str) -> None:
    ev.line = no
    ev.origin = f"{origin}:{no}" if origin else None
    if isinstance(ev, ParseError):
        ev.raw = raw[:MAX_LINE]
        ev.format = fmt
    else:
        ev.site = ctx.site


def iter_parse(lines: Iterable[tuple[int, str]], fmt: str, ctx: ParseContext,
               origin: str | None = None, keep_raw: bool = False) -> Iterator[PortalEvent | ParseError]:
    """(line_no, text) pairs (text without newline) -> events and parse errors.
    Blank lines are skipped. With `auto`, a `detail` header line switches to
    record mode until the next blank line."""
    if fmt == "radius-detail":
        for no, rec in radius_detail.group_records(lines):
            yield _record(no, rec, ctx, origin, keep_raw)
        return
    parser = LINE_PARSERS.get(fmt)
    if parser is None and fmt != "auto":
        raise ValueError(f"unknown format {fmt!r}")
    record: list[str] | None = None
    rec_no = 0
    site = ctx.site
    for no, text in lines:
        if record is not None:
            if text.strip() and not radius_detail.is_header(text) and text[:1] in " \t":
                record.append(text)
                continue
            yield _record(rec_no, record, ctx, origin, keep_raw)
            record = None
        if not text or (text[0] in " \t\r\n" and text.isspace()):
            continue
        if len(text) > MAX_LINE:
            text = text[:MAX_LINE]
        if parser is None:
            if radius_detail.is_header(text):
                record, rec_no = [text], no
                continue
        try:
            ev = parser(text, ctx) if parser is not None else parse_line(text, "auto", ctx)
        except ParseError as err:
            _stamp(err, no, origin, ctx, text, fmt if parser is not None else (detect(text) or "unknown"))
            yield err
            continue
        except Exception as exc:  # a parser bug must not stop ingestion: quarantine the line
            err = ParseError(f"parser failure: {type(exc).__name__}")
            _stamp(err, no, origin, ctx, text, fmt)
            yield err
            continue
        ev.line = no
        if origin:
            ev.origin = f"{origin}:{no}"
        ev.site = site
        if keep_raw:
            ev.raw = text
        yield ev
    if record is not None:
        yield _record(rec_no, record, ctx, origin, keep_raw)


def _record(no: int, rec: list[str], ctx: ParseContext, origin: str | None, keep_raw: bool):
    raw = "\n".join(rec)
    try:
        ev = radius_detail.parse_record(rec, ctx)
    except ParseError as err:
        _stamp(err, no, origin, ctx, raw, radius_detail.NAME)
        return err
    except Exception as exc:  # see iter_parse
        err = ParseError(f"parser failure: {type(exc).__name__}")
        _stamp(err, no, origin, ctx, raw, radius_detail.NAME)
        return err
    _stamp(ev, no, origin, ctx, raw, radius_detail.NAME)
    if keep_raw:
        ev.raw = raw[:MAX_LINE]
    return ev

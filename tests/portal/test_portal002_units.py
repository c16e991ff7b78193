"""Pure pieces: MAC notations, year inference, syslog headers, counters, errors."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from collector.portal import timeparse
from collector.portal.context import ParseContext
from collector.portal.event import ParseError
from collector.portal.formats import mikrotik, radius_detail
from collector.identifiers import normalise_mac
from collector.portal.parser import MAX_LINE, detect, iter_parse, parse_line
from collector.portal.syslog import split_header
from tests.portal.conftest import WITA, numbered


@pytest.mark.parametrize("text,expected", [
    ("AA:BB:CC:DD:EE:FF", "aa:bb:cc:dd:ee:ff"),
    ("aa-bb-cc-dd-ee-ff", "aa:bb:cc:dd:ee:ff"),
    ("00-1F-3C-21-20-D9", "00:1f:3c:21:20:d9"),
    ("aabb.ccdd.eeff", "aa:bb:cc:dd:ee:ff"),
    ("2CFD-A140-5663", "2c:fd:a1:40:56:63"),
    ("aabbccddeeff", "aa:bb:cc:dd:ee:ff"),
    ("0:1b:2:c:4d:5", "00:1b:02:0c:4d:05"),
    (" 40:D3:AE:04:32:0C ", "40:d3:ae:04:32:0c"),
    ("192.168.139.101", None),
    ("+15678023561", None),
    ("XX:XX:XX:XX:XX:XX", None),
    ("aa:bb:cc:dd:ee", None),
    ("aa:bb-cc:dd-ee:ff", None),
    ("", None),
    (None, None),
])
def test_mac_notations(text, expected):
    assert normalise_mac(text) == expected


def test_rfc3164_year_inference_across_new_year():
    jan2 = datetime(2027, 1, 2, 10, 0, tzinfo=WITA)
    # a December line read early in January belongs to the previous year
    assert timeparse.rfc3164("Dec", "31", "23:59:59", WITA, jan2).year == 2026
    assert timeparse.rfc3164("Jan", "2", "09:00:00", WITA, jan2).year == 2027
    # a device clock slightly ahead over New Year: next year, not last year
    dec31 = datetime(2026, 12, 31, 23, 59, 0, tzinfo=WITA)
    assert timeparse.rfc3164("Jan", "1", "00:00:30", WITA, dec31) == datetime(2027, 1, 1, 0, 0, 30, tzinfo=WITA)
    # an old file imported later in the year keeps this year
    nov = datetime(2026, 11, 28, tzinfo=WITA)
    assert timeparse.rfc3164("Feb", "3", "08:00:00", WITA, nov).year == 2026
    # 29 February goes to the nearest past leap year
    assert timeparse.rfc3164("Feb", "29", "08:00:00", WITA, nov).year == 2024


def test_syslog_headers(ctx):
    now = ctx.reference()
    h = split_header('<134>1 2026-11-27T10:00:00.5Z mt chilli 12 ID7 [x@1 a="b]c"][y@2 z="1"] hello', WITA, now)
    assert (h.host, h.app, h.msg) == ("mt", "chilli", "hello")
    assert h.time == datetime(2026, 11, 27, 10, 0, 0, 500000, tzinfo=timezone.utc)
    h = split_header("<30>1 - - - - - - \ufeffbom message", WITA, now)
    assert (h.time, h.host, h.msg) == (None, None, "bom message")
    h = split_header("<30>hotspot,account,info,debug u (10.5.50.2): logged in", WITA, now)
    assert h.time is None and h.msg.startswith("hotspot,account")
    h = split_header("Feb  1 03:04:05 logportalauth[37624]: LOGIN: a, , 10.0.0.1", WITA, now)
    assert (h.host, h.app, h.msg) == (None, "logportalauth", "LOGIN: a, , 10.0.0.1")
    with pytest.raises(ParseError):
        split_header("<134>1 2026-13-45T99:00:00Z host app - - - msg", WITA, now)
    with pytest.raises(ParseError):
        split_header("<13>Feb 31 10:00:00 host app: msg", WITA, now)


def test_site_zone_applies_only_when_the_line_has_none(ctx):
    ev = parse_line("<134>1 2026-11-27T10:00:00+07:00 mt - - - - hotspot,account,info u (10.5.50.2): logged in",
                    "mikrotik", ctx)
    assert ev.time.utcoffset().total_seconds() == 7 * 3600
    ev = parse_line("<134>Nov 27 10:00:00 mt hotspot,account,info u (10.5.50.2): logged in", "mikrotik", ctx)
    assert ev.time.tzinfo is WITA and ev.host == "mt"
    utc = ParseContext(tz=timezone.utc, now=ctx.now)
    ev = parse_line("<134>Nov 27 10:00:00 mt hotspot,account,info u (10.5.50.2): logged in", "mikrotik", utc)
    assert ev.time.utcoffset().total_seconds() == 0


def test_mikrotik_variants(ctx):
    for line in ("jan/02/2026 12:00:00 hotspot,account,info,debug budi (10.5.50.9): logged in",
                 "2026-01-02 12:00:00 hotspot,account,info,debug budi (10.5.50.9): logged in",
                 "<134>Jan  2 12:00:00 MikroTik hotspot, account, info, debug budi (10.5.50.9): logged in",
                 "<134>Jan  2 12:00:00 hotspot,account,info,debug ->: budi (10.5.50.9): logged in",
                 "<134>Jan  2 12:00:00 MikroTik budi (10.5.50.9): logged in"):
        ev = mikrotik.parse(line, ctx)
        assert (ev.kind, ev.user, ev.ip) == ("login", "budi", "10.5.50.9"), line
        assert ev.time == datetime(2026, 1, 2, 12, 0, tzinfo=WITA), line
    ev = mikrotik.parse("hotspot,info,debug T-02:5A:3C:71:0B:E4 (10.5.50.3): logged out: lost dhcp lease", ctx)
    assert (ev.kind, ev.mac, ev.reason) == ("logout", "02:5a:3c:71:0b:e4", "lost dhcp lease")
    with pytest.raises(ParseError):
        mikrotik.parse("hotspot,info,debug budi (10.5.50.999x): logged in", ctx)


def test_detail_gigawords_and_times(ctx):
    rec = ["Tue Nov 24 10:00:00 2026", "\tAcct-Status-Type = Stop", '\tUser-Name = "budi"',
           "\tAcct-Input-Octets = 5", "\tAcct-Input-Gigawords = 2", "\tAcct-Output-Octets = 7",
           "\tAcct-Output-Gigawords = 1", "\tAcct-Session-Time = 3600", '\tCalling-Station-Id = "AA-BB-CC-DD-EE-FF"',
           '\tEvent-Timestamp = "Jan  1 1970 03:18:07 EAT"', "\tTimestamp = 1790000000", "\tAcct-Delay-Time = 10",
           "\tAcct-Terminate-Cause = Idle-Timeout", '\tAcct-Session-Id = "81a0"', '\tNAS-Identifier = "desa-01"']
    ev = radius_detail.parse_record(rec, ctx)
    assert ev.kind == "accounting_stop"
    assert ev.bytes_in == 2 * 2**32 + 5 and ev.bytes_out == 2**32 + 7
    assert ev.duration_s == 3600 and ev.reason == "Idle-Timeout" and ev.mac == "aa:bb:cc:dd:ee:ff"
    assert ev.time.timestamp() == 1790000000 - 10  # the NAS had no clock: server time minus delay
    assert (ev.session_id, ev.host) == ("81a0", "desa-01")
    rec[9] = '\tEvent-Timestamp = "Nov 24 2026 01:59:50 UTC"'
    assert radius_detail.parse_record(rec, ctx).time == datetime(2026, 11, 24, 1, 59, 50, tzinfo=timezone.utc)
    rec[9] = '\tEvent-Timestamp = "May 15 2023 22:40:13 -03"'
    assert radius_detail.parse_record(rec, ctx).time.utcoffset().total_seconds() == -3 * 3600
    with pytest.raises(ParseError, match="Acct-Input-Octets"):
        radius_detail.parse_record(rec[:3] + ["\tAcct-Input-Octets = lots"], ctx)
    with pytest.raises(ParseError, match="Acct-Status-Type"):
        radius_detail.parse_record(rec[:1] + rec[2:3], ctx)


def test_iter_parse_quarantines_and_continues(ctx):
    text = ("Wed Feb 21 13:37:17 2024\n\tAcct-Status-Type = Start\n\tgarbage line\n\n"
            "Wed Feb 21 13:38:17 2024\n\tAcct-Status-Type = Interim-Update\n\tUser-Name = \"x\"\n")
    out = list(iter_parse(numbered(text), "radius-detail", ctx, origin="detail-20240221"))
    assert isinstance(out[0], ParseError) and out[0].line == 1 and "garbage" in out[0].reason
    assert out[1].kind == "accounting_interim" and out[1].line == 5 and out[1].origin == "detail-20240221:5"
    lines = ["<134>Nov 27 10:00:00 mt hotspot,info budi (10.5.50.9x): logged in",
             "<134>Nov 27 10:00:01 mt hotspot,info budi (10.5.50.9): logged in"]
    out = list(iter_parse(enumerate(lines, 1), "auto", ctx))
    assert isinstance(out[0], ParseError) and out[0].format == "mikrotik" and out[0].raw == lines[0]
    assert out[1].kind == "login" and out[1].site == "desa-sembalun"


def test_oversized_lines_are_truncated(ctx):
    line = "<134>Nov 27 10:00:00 mt hotspot,info " + "x" * (3 * MAX_LINE) + " (10.5.50.9): logged in"
    ev = parse_line(line, "mikrotik", ctx)  # the action was cut off: nothing to pair, no crash
    assert ev.kind == "other"


def test_detect(ctx):
    assert detect("Jun  9 11:18:07 ap-desa coova-chilli[1212]: x") == "coova"
    assert detect("x logportalauth[1]: Zone: a - ACCEPT: u, , 1.2.3.4") == "pfsense"
    assert detect("x captiveportal[1]: AUTH u (1.2.3.4) zone 0") == "opnsense"
    assert detect("Wed Feb 21 13:37:17 2024") == "radius-detail"
    assert detect("a line about nothing") is None

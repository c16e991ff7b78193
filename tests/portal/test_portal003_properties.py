"""No input crashes a parser: every line gives an event or a ParseError."""

from __future__ import annotations

from datetime import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from collector.portal.context import ParseContext
from collector.portal.event import KINDS, ParseError, PortalEvent
from collector.portal.parser import CHOICES, iter_parse, parse_line
from tests.portal.conftest import FIXTURES, WITA

CTX = ParseContext(tz=WITA, now=datetime(2026, 11, 28, 9, 0, tzinfo=WITA))
REAL = [line for p in sorted(FIXTURES.glob("*.log")) for line in p.read_text().splitlines() if line.strip()]
PIECES = ["<134>", "<13>1 ", "Nov 27 10:00:00 ", "2026-11-27T10:00:00Z ", "hotspot,info,debug ", "->: ",
          " (10.5.50.2): ", "logged in", "logged out: ", "login failed: ", "Zone: z - ", "LOGIN: ", ", ",
          "method=", "clientmac=", "Authenticating ", "in: 12kB, out: 3kB", "UAM login from username=",
          " IP=", "MAC=", "\t", "Acct-Status-Type = ", "Wed Feb 21 13:37:17 2024", "\ufffd", "\x00", "]", "["]

fuzz_lines = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(PIECES + ["x", "1", " ", ":"]), max_size=25).map("".join),
    st.tuples(st.sampled_from(REAL), st.integers(0, 400), st.text(max_size=8)).map(
        lambda t: t[0][: t[1]] + t[2] + t[0][t[1]:]),
    st.tuples(st.sampled_from(REAL), st.integers(0, 400)).map(lambda t: t[0][: t[1]]),
)


def _check(result):
    assert isinstance(result, (PortalEvent, ParseError))
    if isinstance(result, PortalEvent):
        assert result.kind in KINDS
        assert result.time is None or result.time.tzinfo is not None
        assert result.mac is None or (len(result.mac) == 17 and result.mac == result.mac.lower())
        for n in (result.bytes_in, result.bytes_out, result.duration_s):
            assert n is None or isinstance(n, int)
    else:
        assert result.reason


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(line=fuzz_lines, fmt=st.sampled_from(CHOICES))
def test_no_line_crashes_any_parser(line, fmt):
    try:
        result = parse_line(line, fmt, CTX)
    except ParseError as err:
        result = err
    _check(result)


@settings(max_examples=150, deadline=None)
@given(lines=st.lists(fuzz_lines, max_size=12), fmt=st.sampled_from(CHOICES))
def test_iter_parse_never_raises(lines, fmt):
    text = "\n".join(lines)
    for result in iter_parse(enumerate(text.split("\n"), 1), fmt, CTX, origin="f"):
        _check(result)
        assert result.line is not None


@settings(max_examples=200, deadline=None)
@given(chunks=st.lists(st.one_of(st.binary(max_size=300), st.sampled_from(
    [b"12 <13>1 - - - -", b"\n", b"99999999999 <", b"<13>x\n", b"5 <13>", b"0 ", b"\r\n"])), max_size=30))
def test_framer_never_crashes_and_bounds_messages(chunks):
    from collector.portal.framing import Framer

    f = Framer(max_bytes=64)
    frames = [fr for c in chunks for fr in f.feed(c)] + f.close()
    assert all(len(fr.data) <= 64 for fr in frames)
    assert sum(len(fr.data) for fr in frames) <= sum(len(c) for c in chunks)

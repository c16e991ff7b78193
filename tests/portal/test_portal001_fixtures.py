"""Real published log lines of every format (tests/fixtures/README.md names the
sources), raw and wrapped in RFC 3164 / RFC 5424 headers, give the expected events.
`<format>.published.log` files are whole pastes from issue trackers, with the
other daemons' lines that a real log file holds."""

from __future__ import annotations

import json

import pytest

from collector.portal.parser import iter_parse
from tests.portal.conftest import FIXTURES, numbered

CASES = sorted(p.name[: -len(".log")] for p in FIXTURES.glob("*.log"))
FORMATS = ("mikrotik", "coova", "opennds", "nodogsplash", "pfsense", "opnsense", "radius-detail", "radius-log")


def _expected(name: str) -> list[dict]:
    text = (FIXTURES / f"{name}.expected.jsonl").read_text()
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def _parse(name: str, fmt: str, ctx) -> list[dict]:
    text = (FIXTURES / f"{name}.log").read_text(encoding="utf-8")
    return [ev.json_view() for ev in iter_parse(numbered(text), fmt, ctx)]


def test_every_format_has_raw_and_wrapped_fixtures():
    for fmt in FORMATS:
        assert fmt in CASES
        if fmt != "radius-detail":  # detail files are never sent over syslog
            assert f"{fmt}.rfc3164" in CASES and f"{fmt}.rfc5424" in CASES


@pytest.mark.parametrize("name", CASES)
def test_fixture_gives_expected_events(name, ctx):
    got = _parse(name, name.split(".")[0], ctx)
    assert got == _expected(name)
    if not name.endswith(".published"):  # a published paste may hold no session event
        assert any(e["kind"] != "other" for e in got), "a fixture must contain session events"


@pytest.mark.parametrize("name", CASES)
def test_auto_detection_finds_the_same_session_events(name, ctx):
    fmt = name.split(".")[0]
    explicit = [e for e in _parse(name, fmt, ctx) if e["kind"] != "other"]
    auto = [e for e in _parse(name, "auto", ctx) if e["kind"] != "other"]
    same_family = {"pfsense", "opnsense"} if fmt in ("pfsense", "opnsense") else {fmt}
    if name.endswith(".published"):  # a whole OpenWrt log also holds the router's dnsmasq DHCP grants
        dhcp = [e for e in auto if e["format"] == "dnsmasq"]
        assert all(e["kind"] in ("dhcp_assigned", "dhcp_deassigned") and e["mac"] for e in dhcp)
        auto = [e for e in auto if e["format"] != "dnsmasq"]
    assert [e["format"] for e in auto] or name.endswith(".published")
    assert all(e["format"] in same_family for e in auto)
    for a, b in zip(auto, explicit, strict=True):
        a, b = dict(a), dict(b)
        a.pop("format"), b.pop("format")
        assert a == b


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "radius-detail"])
def test_wrapped_variants_agree_with_raw_except_time(fmt, ctx):
    def key(e):  # a parse error (a DHCP lease line with a redacted MAC) has kind and reason only
        return tuple(e.get(k) for k in ("kind", "user", "mac", "ip", "bytes_in", "bytes_out", "reason"))

    raw = [key(e) for e in _parse(fmt, fmt, ctx) if e["kind"] != "other"]
    if fmt == "opennds":  # the BinAuth log is a file of its own, not syslog
        raw = [k for k, e in zip(raw, [e for e in _parse(fmt, fmt, ctx) if e["kind"] != "other"])
               if e["ip"] is not None]
    for variant in ("rfc3164", "rfc5424"):
        wrapped = [e for e in _parse(f"{fmt}.{variant}", fmt, ctx) if e["kind"] != "other"]
        assert [key(e) for e in wrapped] == raw
        assert all(e["time"] is not None and e["time"].startswith("2026-11-27T07:") for e in wrapped
                   if e["kind"] != "error")

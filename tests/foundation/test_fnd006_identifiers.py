"""The one MAC rule and the one user-name rule (collector/identifiers.py), over every spelling vendors use,
and every path that turns a MAC into a pseudonym going through them."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from collector.identifiers import is_randomized, mac_octets, normalise_mac, normalise_user
from collector.privacy import Pseudonymizer, scrub
from collector.snmp.scrub import Scrubber
from contract import MAC_IN_TEXT

CANONICAL = re.compile(r"[0-9a-f]{2}(:[0-9a-f]{2}){5}")
SPACE = st.sampled_from(["", " ", "  ", "\t", "\n", " \t", "\r\n", "\u00a0"])


def _case(text: str, upper: list[bool]) -> str:
    return "".join(c.upper() if u else c for c, u in zip(text, upper + [False] * len(text)))


def spellings(mac: bytes):
    """Every spelling of these six octets seen in SNMP agents, portal logs and RADIUS records."""
    h = mac.hex()
    pairs = [h[i:i + 2] for i in range(0, 12, 2)]
    quads = [h[i:i + 4] for i in range(0, 12, 4)]
    return {
        "colon": ":".join(pairs),
        "dash": "-".join(pairs),
        "dot-pairs": ".".join(pairs),
        "space-pairs": " ".join(pairs),
        "one-digit colon": ":".join(p.lstrip("0") or "0" for p in pairs),
        "one-digit dash": "-".join(p.lstrip("0") or "0" for p in pairs),
        "cisco": ".".join(quads),
        "huawei": "-".join(quads),
        "hp": h[:6] + "-" + h[6:],
        "hp colon": h[:6] + ":" + h[6:],
        "bare": h,
        "0x": "0x" + h,
    }


@settings(max_examples=300, deadline=None)
@given(mac=st.binary(min_size=6, max_size=6), style=st.sampled_from(sorted(spellings(b"\0" * 6))),
       upper=st.lists(st.booleans(), max_size=20), before=SPACE, after=SPACE)
def test_every_spelling_gives_the_canonical_form(mac, style, upper, before, after):
    expected = ":".join(f"{b:02x}" for b in mac)
    text = before + _case(spellings(mac)[style], upper) + after
    assert normalise_mac(text) == expected
    assert normalise_mac(text, strict=True) == expected
    # raw octets: bytes, and an SNMP index (tuple or list of ints); the MAC sent as text
    assert normalise_mac(mac) == normalise_mac(bytearray(mac)) == expected
    assert normalise_mac(tuple(mac)) == normalise_mac(list(mac)) == expected
    assert normalise_mac(spellings(mac)[style].encode()) == expected
    # idempotent, and one pseudonym whatever the spelling
    assert normalise_mac(expected) == expected
    p = Pseudonymizer(b"k" * 32)
    assert p.device(normalise_mac(text)) == p.device(expected)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=30), st.binary(max_size=12)))
def test_anything_else_is_none_or_canonical(value):
    out = normalise_mac(value)
    assert out is None or CANONICAL.fullmatch(out)
    if out is not None:
        assert normalise_mac(out) == out
    elif (value if isinstance(value, str) else value.decode("ascii", "replace")).strip():
        with pytest.raises(ValueError):
            normalise_mac(value, strict=True)


@pytest.mark.parametrize("text", [
    "192.168.139.101", "10.0.0.1", "+15678023561", "XX:XX:XX:XX:XX:XX", "aa:bb:cc:dd:ee", "aa:bb-cc:dd-ee:ff",
    "aa:bb:cc:dd:ee:ff:00", "aabb.ccdd.eeff.0011", "aabbccddeef", "aabbccddeeff0", "0xaabbccddeeffaa", "aab.bccd.deef.f",
    "aa::bb:cc:dd:ee:ff", "fe80::1", "budi", "aabbccddeegg",
])
def test_not_a_mac(text):
    assert normalise_mac(text) is None
    with pytest.raises(ValueError):
        normalise_mac(text, strict=True)


def test_empty_and_wrong_octets():
    assert normalise_mac(None) is None and normalise_mac("") is None and normalise_mac("  ") is None
    assert normalise_mac(b"") is None and normalise_mac(()) is None
    for bad in (b"\x01\x02\x03", (1, 2, 3, 4, 5, 6, 7), (1, 2, 3, 4, 5, 300)):
        assert normalise_mac(bad) is None
        with pytest.raises(ValueError):
            normalise_mac(bad, strict=True)


def test_every_path_uses_the_one_rule():
    """SNMP decode, the profile engine's MAC fields, the portal parsers, the privacy CLI, free-text scrubbing."""
    from collector.portal.formats import coova, mikrotik, nds, pfsense, radius_detail
    from collector.privacy_requests import subject_mac
    from collector.snmp import decode

    for module in (coova, mikrotik, nds, pfsense, radius_detail):
        assert module.normalise_mac is normalise_mac
    assert decode.mac("0xAABBCCDDEEFF") == decode.mac([170, 187, 204, 221, 238, 255]) == "aa:bb:cc:dd:ee:ff"
    assert subject_mac(" AABB.CCDD.EEFF ") == "aa:bb:cc:dd:ee:ff"
    with pytest.raises(Exception, match="not a MAC"):
        subject_mac("192.168.139.101")  # an IP address is not a data subject's MAC
    p = Pseudonymizer(b"k" * 32)
    assert scrub("login AA-BB-CC-DD-EE-FF ok", p) == f"login dev:{p.device('aa:bb:cc:dd:ee:ff')[:12]} ok"


# the spellings with separators; bare hex, space-separated pairs and one-digit groups are not looked for in
# free text (contract.MAC_IN_TEXT says why)
IN_TEXT = sorted(set(spellings(b"\0" * 6)) - {"bare", "0x", "space-pairs", "one-digit colon", "one-digit dash"})


@settings(max_examples=300, deadline=None)
@given(mac=st.binary(min_size=6, max_size=6), style=st.sampled_from(IN_TEXT), upper=st.lists(st.booleans(), max_size=20))
def test_a_mac_in_free_text_is_found_by_the_one_rule(mac, style, upper):
    """The collector scrubs a quarantined line and the dashboard masks one by contract.MAC_IN_TEXT: every
    spelling with separators is found whole, becomes the pseudonym of its canonical form, and the
    pseudonym is not found again."""
    spelled = _case(spellings(mac)[style], upper)
    text = f"Login incorrect: [budi] (from client ap-lt2 port 0 cli {spelled}) via TLS"
    assert MAC_IN_TEXT.search(text).group(0) == spelled
    p = Pseudonymizer(b"k" * 32)
    out = scrub(text, p)
    assert out == text.replace(spelled, "dev:" + p.device(mac.hex(":"))[:12])
    assert MAC_IN_TEXT.search(out) is None


@settings(max_examples=200, deadline=None)
@given(mac=st.binary(min_size=6, max_size=6), first=st.sampled_from(IN_TEXT), second=st.sampled_from(IN_TEXT),
       upper=st.booleans())
def test_a_shared_recording_keeps_no_mac_written_as_text(mac, first, second, upper):
    """`kunang record`'s scrubber (collector/snmp/scrub.py) finds MACs in text values by the same rule
    (it knew only colon and dash pairs: a Cisco or HP spelling stayed in a recording meant to be shared):
    each is replaced where it stands, written the way the original was, one stand-in per MAC whatever
    its spelling."""
    a, b = spellings(mac)[first], spellings(mac)[second]
    if upper:
        a = a.upper()
    scrubber = Scrubber()
    out = scrubber.text(f"radio up, BSSID {a}; peer {b}", ips=False)
    new = [m.group(0) for m in MAC_IN_TEXT.finditer(out)]
    assert [_layout(x) for x in new] == [_layout(a), _layout(b)]
    assert {mac_octets(x) for x in new} == {scrubber.mac(mac)}  # the stand-in (OUI kept, 5c:00:01 on)
    assert new[0] == (new[0].upper() if a.isupper() else new[0].lower())  # all digits: no case to keep
    assert out == f"radio up, BSSID {new[0]}; peer {new[1]}"


def _layout(spelled: str) -> str:
    return re.sub(r"[0-9A-Fa-f]", "h", spelled)


def test_free_text_without_a_mac_is_left_alone():
    p = Pseudonymizer(b"k" * 32)
    for text in ("at 12:34:56 from 192.168.10.20", "session 0123456789ab", "1701234567.123456", "v6.49.10 (stable)"):
        assert MAC_IN_TEXT.search(text) is None and scrub(text, p) == text


def test_randomized():
    assert is_randomized("02:00:00:00:00:00") and is_randomized("da:a1:19:00:00:00")
    assert not is_randomized("00:0b:86:81:4e:a8")


@pytest.mark.parametrize("raw, expected", [
    ("budi", "budi"),
    (" Budi ", "Budi"),               # trimmed; case kept (user names are case-sensitive)
    ("Budi", "Budi"),
    ("budi  santoso", "budi santoso"),  # inner white space made one space
    ("budi\tsantoso", "budi santoso"),
    ("budi\u00a0santoso\r\n", "budi santoso"),
    ("\ufeffsiti", "siti"),
    ("Jose\u0301", "Jos\u00e9"),       # NFC: the same name typed on two keyboards
    ("", None), ("   ", None), (None, None), ("\x00\x01", None),
])
def test_user_names(raw, expected):
    assert normalise_user(raw) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30), SPACE, SPACE)
def test_user_name_rule_is_idempotent_and_ignores_surrounding_space(name, before, after):
    once = normalise_user(name)
    assert normalise_user(once) == once
    assert normalise_user(before + name + after) == once
    if once is not None:
        assert once == once.strip() and "  " not in once


def test_a_rotating_pseudonym_has_one_day_rule():
    """The poller, the portal store and the sensors take a pseudonym's day from `Pseudonymizer.day_of`:
    the site's local date (Lombok, UTC+8: 16:00 UTC is already tomorrow), from a datetime or POSIX seconds
    alike; without a rotating salt there is no day, so a device keeps one pseudonym."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    lombok = ZoneInfo("Asia/Makassar")
    before = dt.datetime(2026, 12, 6, 15, 59, 59, tzinfo=dt.timezone.utc)
    after = before + dt.timedelta(seconds=1)
    rotating = Pseudonymizer(b"k" * 32, rotating_salt=True)
    assert rotating.day_of(before, lombok) == rotating.day_of(before.timestamp(), lombok) == dt.date(2026, 12, 6)
    assert rotating.day_of(after, lombok) == rotating.day_of(after.timestamp(), lombok) == dt.date(2026, 12, 7)
    mac = "aa:bb:cc:dd:ee:ff"
    assert rotating.device(mac, rotating.day_of(before, lombok)) != rotating.device(mac, rotating.day_of(after, lombok))
    fixed = Pseudonymizer(b"k" * 32)
    assert fixed.day_of(before, lombok) is None and fixed.day_of(after.timestamp(), lombok) is None

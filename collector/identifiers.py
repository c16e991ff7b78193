"""Identifiers of people and devices, normalised the same way on every path.

These two rules decide which sightings are the same device or the same person:
the SNMP poller, the portal log parsers, the store and `kunang privacy` all
normalise through them before a value is pseudonymised (collector/privacy.py),
so the SNMP ⋈ portal join sees identical pseudonyms.

`normalise_mac`: every spelling vendors use -> lower-case colon form
`aa:bb:cc:dd:ee:ff`:
  - six groups of one or two hex digits, one separator throughout, `:` `-` `.`
    or a space (`AA-BB-CC-DD-EE-FF`, `aa.bb.cc.dd.ee.ff`, `0:1b:2:c:4d:5`);
  - three groups of four (`aabb.ccdd.eeff` Cisco, `2CFD-A140-5663` Huawei) or
    two groups of six (`aabbcc-ddeeff` HP/H3C), with `.` `-` or `:`;
  - twelve hex digits, bare or after `0x` (`aabbccddeeff`, `0xAABBCCDDEEFF`);
  - six raw octets (bytes, or a tuple/list of six ints: an SNMP OctetString
    or index); other octet strings are read as text (agents that send the
    MAC as text);
  - any case, surrounded by any white space.
Anything else is not a MAC (an IP address in Calling-Station-Id, a phone
number, mixed separators): None, or ValueError with `strict=True` (the SNMP
profile engine reports such a value as a bad value). None and empty -> None.
`mac_octets` is the way back: a MAC's six octets (frame filters, the
simulator's SNMP tables).

`normalise_user`: user names (portal lines, RADIUS records, any later source):
surrounding white space and control characters removed (rsyslog's RFC 5424
relay template leaves a leading space), every inner run of white space made one
space, Unicode NFC (the same name typed on two keyboards is one name), empty ->
None. Case is kept: RADIUS and hotspot user names are case-sensitive
(`Budi` and `budi` may be two accounts).
"""

from __future__ import annotations

import re
import unicodedata

_GROUPED = re.compile(
    r"[0-9a-f]{1,2}([:\-. ])[0-9a-f]{1,2}(?:\1[0-9a-f]{1,2}){4}"   # six groups of 1-2
    r"|[0-9a-f]{4}([.\-:])[0-9a-f]{4}\2[0-9a-f]{4}"               # three groups of four
    r"|[0-9a-f]{6}[\-:.][0-9a-f]{6}"                               # two groups of six
    r"|(?:0x)?[0-9a-f]{12}"                                        # bare
)
_SPLIT = re.compile(r"[:\-. ]")
_CANONICAL = re.compile(r"[0-9a-f]{2}(?::[0-9a-f]{2}){5}")  # what this function returns


def normalise_mac(value: str | bytes | bytearray | tuple[int, ...] | list[int] | None, *,
                  strict: bool = False) -> str | None:
    if value is None:
        return None
    if isinstance(value, (int, float)):  # bytes(n) would be n zero octets (a counter of 4e9: 4 GB)
        if strict:
            raise ValueError(f"not a MAC address: {value!r}")
        return None
    if not isinstance(value, str):
        try:
            octets = bytes(value)
        except (ValueError, TypeError):  # ints outside 0..255, not ints
            if strict:
                raise ValueError(f"not a MAC address: {value!r}") from None
            return None
        if len(octets) == 6:
            return octets.hex(":")
        if not octets:
            return None
        value = octets.decode("ascii", "replace")
    elif len(value) == 17 and _CANONICAL.fullmatch(value):
        return value  # already normalised (the profile engine normalises twice)
    s = value.strip().lower()
    if not s:
        return None
    if not _GROUPED.fullmatch(s):
        if strict:
            raise ValueError(f"not a MAC address: {value!r}")
        return None
    if s.startswith("0x"):
        s = s[2:]
    parts = _SPLIT.split(s)
    bare = "".join(p.zfill(2) for p in parts) if len(parts) == 6 else "".join(parts)
    return ":".join(bare[i:i + 2] for i in range(0, 12, 2))


def mac_octets(mac: str) -> bytes:
    """The six octets of a MAC in any spelling `normalise_mac` accepts (ValueError for anything else)."""
    return bytes.fromhex(normalise_mac(mac, strict=True).replace(":", ""))


def is_randomized(mac: str) -> bool:
    """Locally administered address (of a normalised MAC): second hex digit is 2, 6, a or e."""
    return len(mac) > 1 and mac[1] in "26ae"


_STRIP = "".join(chr(c) for c in range(0x21)) + "\x7f\u00a0\ufeff\u200b"
_INNER_SPACE = re.compile(r"[\s\u00a0\u200b\ufeff]+")


def normalise_user(name: str | None) -> str | None:
    if name is None:
        return None
    s = name.strip(_STRIP)
    if not s.isascii():
        s = unicodedata.normalize("NFC", s)
    elif s.isprintable() and "  " not in s:
        return s or None  # the common case, no regular expression
    return _INNER_SPACE.sub(" ", s).strip(_STRIP) or None

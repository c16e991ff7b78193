"""Pure decoding of SNMP values and table indexes (no pysnmp): octets, text, MAC, IPv4, strings in indexes.

Values arrive from the client as int, bytes or str; index parts as tuples of ints.
"""

from __future__ import annotations

import string as _string
from typing import Any

from collector.identifiers import normalise_mac

_PRINTABLE = set(_string.printable)


def octets(value: Any) -> bytes:
    """bytes / index parts / text -> bytes."""
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    if isinstance(value, (tuple, list)):
        return bytes(int(v) & 0xFF for v in value)
    return str(value).encode()


def text(value: Any) -> str | None:
    """Octets -> text. Trailing NULs dropped; undecodable or control characters -> hex digits."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    raw = (value if value.__class__ is bytes else octets(value)).rstrip(b"\x00")
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.hex()
    if not decoded.isprintable() and any(ch not in _PRINTABLE and not ch.isprintable() for ch in decoded):
        return raw.hex()
    return decoded.strip()


def mac(value: Any) -> str | None:
    """6 octets / 6 index parts / any MAC spelling -> 'aa:bb:cc:dd:ee:ff'."""
    return normalise_mac(value, strict=True)


def ipv4(value: Any) -> str | None:
    """4 octets / 4 index parts -> dotted quad; text passes through."""
    if value is None or isinstance(value, str):
        return value
    raw = octets(value)
    if len(raw) != 4:
        raise ValueError(f"not an IPv4 address: {value!r}")
    return ".".join(str(b) for b in raw)


def length_prefixed(parts: tuple[int, ...]) -> str | None:
    """A string index encoded with its length first (non-IMPLIED OCTET STRING index)."""
    parts = tuple(parts)
    if not parts:
        return None
    if parts[0] != len(parts) - 1:
        raise ValueError(f"length-prefixed index {parts!r}: length {parts[0]} != {len(parts) - 1}")
    return text(parts[1:])


def implied(parts: tuple[int, ...]) -> str | None:
    """An IMPLIED string index: the parts are the characters."""
    return text(tuple(parts)) if parts else None


def integer(value: Any) -> int:
    """One index part, an int, or numeric text -> int."""
    if isinstance(value, (tuple, list)):
        if len(value) != 1:
            raise ValueError(f"expected one index part, got {value!r}")
        return int(value[0])
    if isinstance(value, (bytes, bytearray)):
        value = value.decode("ascii").strip()
    return int(value)

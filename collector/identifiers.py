"""Identifiers of people and devices, normalised the same way on every path.

`normalise_user` is the one rule for user names (portal lines, RADIUS records,
any later source): surrounding white space and control characters removed
(rsyslog's RFC 5424 relay template leaves a leading space), Unicode NFC (the
same name typed on two keyboards is one name), empty -> None. Case is kept:
RADIUS and hotspot user names are case-sensitive.
"""

from __future__ import annotations

import unicodedata

_STRIP = "".join(chr(c) for c in range(0x21)) + "\x7f\u00a0\ufeff\u200b"


def normalise_user(name: str | None) -> str | None:
    if name is None:
        return None
    s = name.strip(_STRIP)
    if not s:
        return None
    if not s.isascii():
        s = unicodedata.normalize("NFC", s)
    return s

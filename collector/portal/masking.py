"""Identifiers a poster masked by hand before publishing a log (one home for the rule).

A Calling-Station-Id with a MAC's shape whose digits were replaced (`XX-XX-XX-XX-XX-XX`,
`9C-FC-01-**-**-**`), a placeholder name standing for one (`CLIENT_MAC`, `CLINET_MAC`), or a
user name made only of mask characters (`**********`) must make the line a parse error: an
event without its client, or with `**********` as its user, would be silently wrong.
"""

from __future__ import annotations

import re

_MASKED_MAC = re.compile(r"(?:[0-9A-Fa-fXx*#?]{2}[-:.]){5}[0-9A-Fa-fXx*#?]{2}$")
_PLACEHOLDER_MAC = re.compile(r"[A-Z_]*MAC[A-Z_]*\d*$")
_MASK_ONLY = re.compile(r"[*#xX?]{3,}$")


def masked_mac(text: str | None) -> bool:
    """True for a MAC-shaped text with masked digits, or a placeholder name for a MAC.
    (Call it only for a text that did not normalise as a MAC.)"""
    text = (text or "").strip()
    return bool(text) and (_MASKED_MAC.match(text) is not None or _PLACEHOLDER_MAC.match(text) is not None)


def masked_name(text: str | None) -> bool:
    """True for a user name made only of mask characters (`****`, `XXXX`)."""
    return _MASK_ONLY.match((text or "").strip()) is not None

"""MAC address normalisation: any common notation -> lower-case colon form.

Accepted: `AA:BB:CC:DD:EE:FF`, `aa-bb-cc-dd-ee-ff` (CoovaChilli, RADIUS
Calling-Station-Id), `aabb.ccdd.eeff` (Cisco), `2CFD-A140-5663` (Huawei),
`aabbccddeeff`, and colon forms with one-digit octets (`0:1b:2:...`).
Anything else (an IP address in Calling-Station-Id, a phone number) -> None.
"""

from __future__ import annotations

_HEX = frozenset("0123456789abcdef")
_SEPS = str.maketrans("", "", ":-. ")


def normalise_mac(text: str | None) -> str | None:
    if not text:
        return None
    s = text.strip().lower()
    n = len(s)
    if n == 17:
        sep = s[2]
        if sep in ":-" and s[5] == sep and s[8] == sep and s[11] == sep and s[14] == sep:
            bare = s[0:2] + s[3:5] + s[6:8] + s[9:11] + s[12:14] + s[15:17]
            if _HEX.issuperset(bare):
                return s if sep == ":" else s.replace("-", ":")
            return None
    if n > 17 or n < 11:
        return None
    if ":" in s and "-" in s:
        return None
    if ":" in s or "-" in s:
        parts = s.replace("-", ":").split(":")
        if len(parts) == 6 and all(1 <= len(p) <= 2 and _HEX.issuperset(p) for p in parts):
            return ":".join(p.rjust(2, "0") for p in parts)
        if len(parts) != 3:  # 2CFD-A140-5663 is the only other dashed form
            return None
    bare = s.translate(_SEPS)
    if len(bare) != 12 or not _HEX.issuperset(bare):
        return None
    if s != bare and not _grouped_ok(s):
        return None
    return ":".join(bare[i:i + 2] for i in range(0, 12, 2))


def _grouped_ok(s: str) -> bool:
    """Dotted / dashed groups of four (aabb.ccdd.eeff, 2CFD-A140-5663)."""
    for sep in ".-":
        parts = s.split(sep)
        if len(parts) == 3 and all(len(p) == 4 for p in parts):
            return True
    return False


def looks_like_mac(text: str | None) -> bool:
    return normalise_mac(text) is not None

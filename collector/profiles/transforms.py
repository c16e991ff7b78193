"""Named value transforms that profiles refer to (`transforms: [mac, {scale: 0.1}]`).

Each is a pure function `(value, arg) -> value`; None passes through as None. Adding one means
adding it to TRANSFORMS with its argument rule, a unit test, and a line in docs/profiles.md.
"""

from __future__ import annotations

import re
from typing import Any, Callable

from collector.snmp import decode

NO_ARG, NEEDS_ARG = "none", "required"


def to_string(value: Any, _arg: Any = None) -> str | None:
    """Octets (value or index parts) -> text. Trailing NULs dropped; undecodable -> hex."""
    return decode.text(value)


def lp_string(value: Any, _arg: Any = None) -> str | None:
    """A length-prefixed string index (e.g. ESSID index '6.66.85.80.84.45.49') -> 'BUPT-1'."""
    return decode.length_prefixed(tuple(value))


def mac(value: Any, _arg: Any = None) -> str | None:
    return decode.mac(value)


def ipv4(value: Any, _arg: Any = None) -> str | None:
    return decode.ipv4(value)


def to_int(value: Any, _arg: Any = None) -> int | None:
    return decode.integer(value)


def map_values(value: Any, table: dict) -> Any:
    """Enum mapping; keys compared as text. `_default` gives the value for unlisted inputs."""
    key = to_string(value) if isinstance(value, (bytes, tuple)) else str(value)
    for k, v in table.items():
        if str(k) == key:
            return v
    return table.get("_default")


def equals(value: Any, arg: Any) -> bool:
    return str(value) == str(arg)


def one_of(value: Any, arg: list) -> bool:
    return str(value) in {str(a) for a in arg}


def scale(value: Any, factor: float) -> Any:
    result = value * factor
    return int(result) if float(result).is_integer() else result


def offset(value: Any, amount: float) -> Any:
    return value + amount


def set_value(_value: Any, arg: Any) -> Any:
    """Replace any present value with a constant (e.g. counter_bits: 64 when ifHCInOctets exists)."""
    return arg


def regex(value: Any, pattern: str) -> str | None:
    text = to_string(value)
    m = re.search(pattern, text or "")
    if not m:
        return None
    return m.group(1) if m.groups() else m.group(0)


def fmt(value: Any, template: str) -> str:
    """'radio {}'.format(value)."""
    return template.format(value)


def nonempty(value: Any, _arg: Any = None) -> Any:
    """'' or b'' or 0-length index -> None (so coalesce moves on)."""
    if value in ("", b"", ()):
        return None
    return value


def channel_to_mhz(value: Any, _arg: Any = None) -> int | None:
    ch = int(value)
    if 1 <= ch <= 13:
        return 2407 + 5 * ch
    if ch == 14:
        return 2484
    if 32 <= ch <= 177:
        return 5000 + 5 * ch
    return None


def freq_to_channel(value: Any, _arg: Any = None) -> int | None:
    mhz = int(value)
    if mhz == 2484:
        return 14
    if 2412 <= mhz <= 2472:
        return (mhz - 2407) // 5
    if 5160 <= mhz <= 5885:
        return (mhz - 5000) // 5
    if 5955 <= mhz <= 7115:
        return (mhz - 5950) // 5
    return None


def freq_to_band(value: Any, _arg: Any = None) -> str | None:
    mhz = int(value)
    if 2400 <= mhz < 2500:
        return "2.4GHz"
    if 5150 <= mhz < 5925:
        return "5GHz"
    if 5925 <= mhz <= 7125:
        return "6GHz"
    return None


def channel_to_band(value: Any, _arg: Any = None) -> str | None:
    """Channel number -> band; 6 GHz channels overlap 5 GHz numbers, so this assumes 2.4/5 GHz."""
    ch = int(value)
    if 1 <= ch <= 14:
        return "2.4GHz"
    if 32 <= ch <= 177:
        return "5GHz"
    return None


def band_from_text(value: Any, _arg: Any = None) -> str | None:
    """Vendor band spellings ('2ghz-b/g/n', 'ng', '5GHz', 'na', '802.11a') -> '2.4GHz' | '5GHz' | '6GHz'."""
    text = (to_string(value) or "").lower()
    if not text:
        return None
    if text.startswith(("6ghz", "6g", "6e")) or "6ghz" in text:
        return "6GHz"
    if text.startswith(("2ghz", "2.4", "2g", "ng", "bg", "11b", "11g", "802.11b", "802.11g")) or "2ghz" in text:
        return "2.4GHz"
    if text.startswith(("5ghz", "5g", "na", "ac", "11a", "802.11a")) or "5ghz" in text:
        return "5GHz"
    return None


TRANSFORMS: dict[str, tuple[Callable[[Any, Any], Any], str]] = {
    "string": (to_string, NO_ARG),
    "lp_string": (lp_string, NO_ARG),
    "mac": (mac, NO_ARG),
    "ipv4": (ipv4, NO_ARG),
    "int": (to_int, NO_ARG),
    "map": (map_values, NEEDS_ARG),
    "equals": (equals, NEEDS_ARG),
    "in": (one_of, NEEDS_ARG),
    "scale": (scale, NEEDS_ARG),
    "offset": (offset, NEEDS_ARG),
    "set": (set_value, NEEDS_ARG),
    "regex": (regex, NEEDS_ARG),
    "format": (fmt, NEEDS_ARG),
    "nonempty": (nonempty, NO_ARG),
    "channel_to_mhz": (channel_to_mhz, NO_ARG),
    "freq_to_channel": (freq_to_channel, NO_ARG),
    "freq_to_band": (freq_to_band, NO_ARG),
    "channel_to_band": (channel_to_band, NO_ARG),
    "band_from_text": (band_from_text, NO_ARG),
}


def apply(transforms: tuple[tuple[str, Any], ...], value: Any) -> Any:
    for name, arg in transforms:
        if value is None:
            return None
        value = TRANSFORMS[name][0](value, arg)
    return value

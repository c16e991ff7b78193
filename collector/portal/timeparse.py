"""Timestamps found in portal logs, made timezone-aware.

Lines without a zone are in the site's time zone. RFC 3164 (and MikroTik
`jan/02`) timestamps carry no year: it is inferred against a reference time
(`now`: the wall clock for live sources, the file's mtime for imports) so that
a December line read in January lands in the previous year, and a device whose
clock runs a little ahead across New Year lands in the next one.

Parsed values are cached per (text, zone, reference year): timestamps repeat
within a second, which keeps parsing cheap.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
_ONE_DAY = timedelta(days=1)
_ZONE_ABBR = {"UTC": timezone.utc, "GMT": timezone.utc, "Z": timezone.utc, "UT": timezone.utc}
_CACHE: dict[tuple, datetime] = {}
_CACHE_MAX = 65536


class TimeError(ValueError):
    pass


def month_number(name: str) -> int:
    try:
        return MONTHS[name[:3].lower()]
    except KeyError:
        raise TimeError(f"unknown month {name!r}") from None


def _remember(key: tuple, value: datetime) -> datetime:
    if len(_CACHE) >= _CACHE_MAX:
        _CACHE.clear()
    _CACHE[key] = value
    return value


def _hms(text: str) -> tuple[int, int, int]:
    if len(text) != 8 or text[2] != ":" or text[5] != ":":
        raise TimeError(f"bad time of day {text!r}")
    try:
        h, m, s = int(text[0:2]), int(text[3:5]), int(text[6:8])
    except ValueError:
        raise TimeError(f"bad time of day {text!r}") from None
    return h, m, s


def _make(year: int, month: int, day: int, hms: str, tz: tzinfo) -> datetime:
    h, m, s = _hms(hms)
    try:
        return datetime(year, month, day, h, m, s, tzinfo=tz)
    except ValueError as exc:
        raise TimeError(f"invalid date: {exc}") from None


def infer_year(month: int, day: int, hms: str, tz: tzinfo, now: datetime) -> datetime:
    """A month/day/time without year: the most plausible year given `now`."""
    year = now.year
    if month == 2 and day == 29:  # pick the nearest leap year not after now
        while not _leap(year):
            year -= 1
    value = _make(year, month, day, hms, tz)
    if value - now > _ONE_DAY:  # in the future: last year's line
        value = _make(_prev_year(year, month, day), month, day, hms, tz)
    else:
        try:
            nxt = value.replace(year=year + 1)
        except ValueError:
            nxt = None
        if nxt is not None and abs(nxt - now) <= _ONE_DAY:  # device clock ahead over New Year
            value = nxt
    return value


def _leap(y: int) -> bool:
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)


def _prev_year(year: int, month: int, day: int) -> int:
    y = year - 1
    if month == 2 and day == 29:
        while not _leap(y):
            y -= 1
    return y


_YEARS: dict[tuple, int] = {}


def rfc3164(mon: str, day: str, hms: str, tz: tzinfo, now: datetime) -> datetime:
    """`Jan  2 03:04:05` (no year). The year is decided once per (month, day,
    reference day); the timestamp itself is cached too (lines share seconds)."""
    ordinal = now.toordinal()
    key = (mon, day, hms, tz, ordinal)
    hit = _CACHE.get(key)
    if hit is not None:
        return hit
    try:
        d = int(day)
    except ValueError:
        raise TimeError(f"bad day {day!r}") from None
    month = month_number(mon)
    ykey = (month, d, tz, ordinal)
    year = _YEARS.get(ykey)
    if year is None:
        year = infer_year(month, d, hms, tz, now).year
        if len(_YEARS) > 4096:
            _YEARS.clear()
        _YEARS[ykey] = year
        return _remember(key, _make(year, month, d, hms, tz))
    h, m, s = _hms(hms)
    try:
        value = datetime(year, month, d, h, m, s, tzinfo=tz)
    except ValueError as exc:
        raise TimeError(f"invalid date: {exc}") from None
    return _remember(key, value)


def with_year(year: str | int, mon: str | int, day: str | int, hms: str, tz: tzinfo) -> datetime:
    key = ("f", year, mon, day, hms, tz)
    hit = _CACHE.get(key)
    if hit is not None:
        return hit
    try:
        y, d = int(year), int(day)
        m = int(mon) if isinstance(mon, int) or mon.isdigit() else month_number(mon)
    except ValueError:
        raise TimeError(f"bad date {year}-{mon}-{day}") from None
    return _remember(key, _make(y, m, d, hms, tz))


def iso(text: str, tz: tzinfo) -> datetime:
    """RFC 3339 / RFC 5424 timestamps; a missing offset means the site zone."""
    hit = _CACHE.get(("i", text, tz))
    if hit is not None:
        return hit
    t = text
    if t.endswith(("Z", "z")):
        t = t[:-1] + "+00:00"
    try:
        value = datetime.fromisoformat(t)
    except ValueError:
        raise TimeError(f"bad timestamp {text!r}") from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=tz)
    return _remember(("i", text, tz), value)


def zone_from_abbr(abbr: str | None, default: tzinfo) -> tzinfo:
    """`UTC`/`GMT`/`+0700` are honoured; other abbreviations (`WITA`, `MSK`) are
    ambiguous worldwide, so the site zone is assumed."""
    if not abbr:
        return default
    z = _ZONE_ABBR.get(abbr.upper())
    if z is not None:
        return z
    if len(abbr) in (3, 5) and abbr[0] in "+-" and abbr[1:].isdigit():
        hours = int(abbr[1:3])
        minutes = int(abbr[3:5]) if len(abbr) == 5 else 0
        sign = -1 if abbr[0] == "-" else 1
        return timezone(sign * timedelta(hours=hours, minutes=minutes))
    return default


def from_epoch(text: str | int) -> datetime:
    try:
        return datetime.fromtimestamp(int(text), timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise TimeError(f"bad epoch time {text!r}") from None


def get_zone(name: str | None) -> tzinfo:
    if not name:
        return timezone.utc
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError) as exc:
        raise TimeError(f"unknown time zone {name!r}") from exc

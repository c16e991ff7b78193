"""Numbers, dates and times per locale (Babel), in each site's time zone."""

from __future__ import annotations

import datetime as dt
from functools import cache
from zoneinfo import ZoneInfo

from babel import Locale, dates, numbers

LOCALES = {"id": "id_ID", "en": "en_GB"}


@cache
def locale(lang: str) -> Locale:
    """The Babel locale of a language, parsed once (Babel parses a locale name on every call)."""
    return Locale.parse(LOCALES.get(lang, "id_ID"))


def num(value, lang: str, digits: int = 0) -> str:
    if value is None or value != value:  # None or NaN
        return "–"
    fmt = "#,##0" if digits == 0 else "#,##0." + "0" * digits
    return numbers.format_decimal(value, format=fmt, locale=locale(lang))


def pct(value, lang: str, digits: int = 0) -> str:
    if value is None or value != value:
        return "–"
    fmt = "#,##0%" if digits == 0 else "#,##0." + "0" * digits + "%"
    return numbers.format_percent(value, format=fmt, locale=locale(lang))


def bytes_(value, lang: str) -> str:
    if value is None or value != value:
        return "–"
    v = float(value)
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if abs(v) < 1000 or unit == "TB":
            return f"{num(v, lang, 0 if unit == 'B' else 1)} {unit}"
        v /= 1000
    return str(value)  # pragma: no cover


def _local(when: dt.datetime, tz: str | None) -> dt.datetime:
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return when.astimezone(ZoneInfo(tz or "UTC"))


def datetime(when, lang: str, tz: str | None) -> str:
    """`28 Nov 2026 08.15` (id) / `28 Nov 2026, 08:15` (en), in the site's zone, with its abbreviation."""
    if when is None or when != when:
        return "–"
    local = _local(when, tz)
    day = dates.format_date(local, format="medium", locale=locale(lang))
    clock = dates.format_time(local, format="short", locale=locale(lang))  # 09.15 (id), 09:15 (en)
    return f"{day} {clock} {local.tzname()}"


def time(when, lang: str, tz: str | None) -> str:
    if when is None or when != when:
        return "–"
    local = _local(when, tz)
    return f"{dates.format_time(local, format='short', locale=locale(lang))} {local.tzname()}"


def date(day, lang: str, fmt: str = "medium") -> str:
    if day is None:
        return "–"
    if isinstance(day, dt.datetime):
        day = day.date()
    return dates.format_date(day, format=fmt, locale=locale(lang))


def month(day, lang: str) -> str:
    return dates.format_date(day, format="MMMM y", locale=locale(lang))


def month_names(lang: str) -> list[str]:
    """January first, in full, as used on their own (a calendar's month names)."""
    names = dates.get_month_names("wide", context="stand-alone", locale=locale(lang))
    return [names[i] for i in range(1, 13)]


def date_range_text(start: dt.date, end: dt.date, lang: str) -> str:
    """`Sen, 23 Nov–Sen, 30 Nov 2026` (id) / `Mon, 23 Nov – Mon, 30 Nov 2026` (en); one date when equal."""
    return dates.format_interval(start, end, "yMMMEd", locale=locale(lang))


def zone_name(tz: str, lang: str) -> str:
    """`Waktu Indonesia (Makassar)` / `Indonesia (Makassar) Time`; `UTC` for UTC (CLDR has no name for it)."""
    if tz.upper() in ("UTC", "ETC/UTC", "GMT", "ETC/GMT", "UNIVERSAL", "ETC/UNIVERSAL", "ZULU", "ETC/ZULU"):
        return "UTC"
    return dates.get_timezone_name(ZoneInfo(tz), "long", locale=locale(lang))


def weekday_names(lang: str) -> list[str]:
    """Monday first, abbreviated."""
    names = dates.get_day_names("abbreviated", locale=locale(lang))
    return [names[i] for i in range(7)]


def duration(seconds, lang: str) -> str:
    if seconds is None or seconds != seconds:
        return "–"
    seconds = int(seconds)
    d, rem = divmod(seconds, 86400)
    h, rem = divmod(rem, 3600)
    m = rem // 60
    units = {"id": ("h", "j", "m"), "en": ("d", "h", "m")}[lang if lang in ("id", "en") else "id"]
    parts = []
    if d:
        parts.append(f"{d}{units[0]}")
    if h or d:
        parts.append(f"{h}{units[1]}")
    parts.append(f"{m}{units[2]}")
    return " ".join(parts)

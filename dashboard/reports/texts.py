"""The report's one string lookup `t(key, lang)` and the number/date formats of each language (Babel
locales `id` and `en`). The strings themselves, in English and Bahasa Indonesia, are in
`dashboard/strings/monthly_report*.py` (the report's core and its optional sections).
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal

from dashboard.strings import monthly_report, monthly_report_footfall, monthly_report_library

LANGS = ("id", "en")


def _by_language(table: dict[str, tuple[str, str]], into: dict[str, dict[str, str]], where: str) -> None:
    twice = sorted(set(into) & set(table))
    if twice:
        raise RuntimeError(f"report strings defined twice ({where} and another module): {twice}")
    into.update({key: {"en": en, "id": id_} for key, (en, id_) in table.items()})


# key -> {language: text}; sheet/file name -> {language: name}
T: dict[str, dict[str, str]] = {}
SHEETS: dict[str, dict[str, str]] = {}
for _area in (monthly_report, monthly_report_library, monthly_report_footfall):
    _by_language(_area.STRINGS, T, _area.__name__)
    _by_language(_area.SHEETS, SHEETS, _area.__name__)
# the definitions appendix: (term key, {language: meaning}), in order
DEFINITIONS: list[tuple[str, dict[str, str]]] = [
    (key, {"en": en, "id": id_}) for key, (en, id_) in monthly_report.DEFINITIONS]

LOCALE = {"id": "id_ID", "en": "en_GB"}


def t(key: str, lang: str, **kw) -> str:
    text = T[key][lang]
    return text.format(**kw) if kw else text


def weekdays(lang: str) -> list[str]:
    return T["weekdays"][lang].split(",")


def num(value, lang: str, digits: int = 0) -> str:
    if value is None:
        return "–"
    fmt = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=fmt, locale=LOCALE[lang])


def pct(value, lang: str, digits: int = 1) -> str:
    """`value` is a fraction (0.345 -> 34.5 %)."""
    if value is None:
        return "–"
    return num(value * 100, lang, digits) + "%"


def pct_points(value, lang: str, digits: int = 1) -> str:
    """`value` is already in percent (99.5 -> 99.5%)."""
    if value is None:
        return "–"
    return num(value, lang, digits) + "%"


def signed_pct(value, lang: str) -> str:
    if value is None:
        return "–"
    sign = "+" if value >= 0.0005 else ("−" if value <= -0.0005 else "±")
    return sign + num(abs(value) * 100, lang, 1) + "%"


def signed_points(value, lang: str) -> str:
    """A difference of percentages, in percentage points."""
    if value is None:
        return "–"
    sign = "+" if value > 0.05 else ("−" if value < -0.05 else "±")
    return sign + num(abs(value), lang, 1) + (" poin" if lang == "id" else " pp")


def data_size(nbytes, lang: str) -> str:
    if nbytes is None:
        return "–"
    for unit, size in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if nbytes >= size:
            return num(nbytes / size, lang, 1) + " " + unit
    return num(nbytes, lang) + " B"


def minutes(value, lang: str) -> str:
    if value is None:
        return "–"
    return num(value, lang, 1) + (" menit" if lang == "id" else " min")


def month_name(month, lang: str) -> str:
    return format_date(month.first, "LLLL yyyy", locale=LOCALE[lang])


def day(d: dt.date, lang: str) -> str:
    return format_date(d, "EEE d MMM yyyy", locale=LOCALE[lang])


def short_day(d: dt.date, lang: str) -> str:
    return format_date(d, "d MMM", locale=LOCALE[lang])


def hour(h: int | None, lang: str) -> str:
    if h is None:
        return "–"
    return f"{h:02d}:00–{(h + 1) % 24:02d}:00"


def stamp(when: dt.datetime, lang: str, zone: str | None = None) -> str:
    """A moment in the report's (first) time zone, with its abbreviation (WITA, WIB, ...); UTC without one."""
    from zoneinfo import ZoneInfo

    name = (zone or "UTC").split(",")[0].strip() or "UTC"
    try:
        local = when.astimezone(ZoneInfo(name))
    except (KeyError, ValueError):
        local = when.astimezone(dt.timezone.utc)
    abbr = local.strftime("%Z")
    if not abbr or abbr[0] in "+-":
        abbr = "UTC" + local.strftime("%z")[:3] if local.utcoffset() else "UTC"
    return format_datetime(local.replace(tzinfo=None), "d MMM yyyy HH:mm", locale=LOCALE[lang]) + " " + abbr


def figure_value(f, lang: str, which: str = "value") -> str:
    """A headline figure's value (or `previous` / `last_year`) as text."""
    v = getattr(f, which)
    if v is None:
        return "–"
    if f.unit == "count":
        return num(v, lang)
    if f.unit == "share":
        return pct(v, lang)
    if f.unit == "pct":
        return pct_points(v, lang, 2)
    if f.unit == "minutes":
        return minutes(v, lang)
    if f.unit == "bytes":
        return data_size(v, lang)
    if f.unit == "date":
        return day(v, lang)
    if f.unit == "hour":
        return hour(v, lang)
    return str(v)

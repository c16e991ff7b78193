"""Is a library open now, until when, and when does it open next: from its opening hours (pure).

`hours` is the site's `opening_hours` column: {"mon": [["08:00", "16:00"], ...], ...}; `{}` means always
open; `holidays` are closed days. Times are the site's local wall clock.
"""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _spans(hours: dict, holidays: set, day: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
    if day in holidays:
        return []
    out = []
    for a, b in hours.get(DAYS[day.weekday()], []) or []:
        start = dt.datetime.combine(day, dt.time.fromisoformat(a))
        end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time()) if b in ("24:00", "23:59") \
            else dt.datetime.combine(day, dt.time.fromisoformat(b))
        out.append((start, end))
    return sorted(out)


def state(hours, holidays, tz: str, now: dt.datetime) -> dict:
    """{"open": bool, "until": local end of the current opening, "opens": local start of the next one,
    "last": (start, end) of the last opening that has begun}; always-open sites: open, no times."""
    if isinstance(hours, str):
        hours = json.loads(hours)
    hours = hours or {}
    holidays = {d if isinstance(d, dt.date) else dt.date.fromisoformat(str(d)) for d in (holidays or [])}
    local = now.astimezone(ZoneInfo(tz)).replace(tzinfo=None)
    if not hours:
        return {"open": True, "until": None, "opens": None, "last": None}
    today = local.date()
    out: dict = {"open": False, "until": None, "opens": None, "last": None}
    for back in range(0, 15):  # the last opening that has begun
        for a, b in reversed(_spans(hours, holidays, today - dt.timedelta(days=back))):
            if a <= local:
                out["last"] = (a, b)
                break
        if out["last"]:
            break
    if out["last"] and out["last"][0] <= local < out["last"][1]:
        out["open"], out["until"] = True, out["last"][1]
    for ahead in range(0, 15):  # the next opening that has not begun
        for a, _b in _spans(hours, holidays, today + dt.timedelta(days=ahead)):
            if a > local:
                out["opens"] = a
                return out
    return out


def local_clock(when: dt.datetime, lang: str, now_local: dt.datetime) -> str:
    """08:00 today, "Mon 08:00" another day (the site's wall clock, in the user's language)."""
    from babel import dates

    from dashboard import fmt

    clock = dates.format_time(when, format="short", locale=fmt.locale(lang))
    if when.date() == now_local.date():
        return clock
    return f"{fmt.weekday_names(lang)[when.weekday()]} {clock}"


def describe(site: dict, lang: str, now: dt.datetime) -> tuple[bool, str]:
    """(open now, "open until 16:00" / "closed · opens Mon 08:00") for a row of `sites`."""
    from dashboard.i18n import t

    st = state(site.get("opening_hours"), site.get("holidays"), site["timezone"], now)
    local = now.astimezone(ZoneInfo(site["timezone"])).replace(tzinfo=None)
    if st["open"]:
        return True, t("open.until", lang, time=local_clock(st["until"], lang, local)) if st["until"] else t("open.always", lang)
    if st["opens"]:
        return False, t("open.closed_opens", lang, when=local_clock(st["opens"], lang, local))
    return False, t("open.closed", lang)

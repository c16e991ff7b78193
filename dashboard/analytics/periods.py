"""Pure helpers for local days, months and their UTC bounds."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

Day = dt.date | dt.datetime


def parse_month(month: str | dt.date) -> dt.date:
    """'2026-11' or a date -> the first day of that month."""
    if isinstance(month, dt.datetime):
        month = month.date()
    if isinstance(month, dt.date):
        return month.replace(day=1)
    try:
        y, m = str(month).split("-")[:2]
        return dt.date(int(y), int(m), 1)
    except (ValueError, TypeError):
        raise ValueError(f"month {month!r} is not of the form YYYY-MM") from None


def add_months(first: dt.date, n: int) -> dt.date:
    k = first.year * 12 + first.month - 1 + n
    return dt.date(k // 12, k % 12 + 1, 1)


def month_last_day(first: dt.date) -> dt.date:
    return add_months(first, 1) - dt.timedelta(days=1)


def local_date(value: Day, tz: str) -> dt.date:
    """A date stays; an aware datetime becomes the local date in `tz`."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise ValueError("datetimes must carry a time zone")
        return value.astimezone(ZoneInfo(tz)).date()
    return value


def date_range(start: Day, end: Day, tz: str) -> tuple[dt.date, dt.date]:
    """Local dates [start, end], both included. A datetime `end` is exclusive."""
    s = local_date(start, tz)
    if isinstance(end, dt.datetime):
        e = local_date(end - dt.timedelta(microseconds=1), tz)
    else:
        e = end
    if e < s:
        raise ValueError(f"end {e} is before start {s}")
    return s, e


def ts_range(start: Day, end: Day, tz: str) -> tuple[dt.datetime, dt.datetime]:
    """UTC bounds [start, end): dates are local days (end included), datetimes exact."""
    zone = ZoneInfo(tz)
    if isinstance(start, dt.datetime):
        if start.tzinfo is None:
            raise ValueError("datetimes must carry a time zone")
        s = start
    else:
        s = dt.datetime.combine(start, dt.time(), zone)
    if isinstance(end, dt.datetime):
        if end.tzinfo is None:
            raise ValueError("datetimes must carry a time zone")
        e = end
    else:
        e = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), zone)
    return s.astimezone(dt.timezone.utc), e.astimezone(dt.timezone.utc)


def today_in(tz: str, now: dt.datetime | None = None) -> dt.date:
    now = now or dt.datetime.now(dt.timezone.utc)
    return now.astimezone(ZoneInfo(tz)).date()

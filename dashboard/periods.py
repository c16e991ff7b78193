"""Periods, in one place: local days and months, their UTC bounds, the dashboard's period presets and
custom ranges, reporting months. Pure (no database, no Dash); used by the analytics query layer, the
charts, the pages and the reports.

Every day here is a local day of a site's time zone; ranges of dates include both ends, ranges of
aware datetimes are half-open.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

# ----------------------------------------------------------------- local days and months

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


# ----------------------------------------------------------------- the dashboard's periods

RANGES = {"7d": 7, "30d": 30, "90d": 90, "365d": 365}


def local_days(tz: str, days: int, now: dt.datetime | None = None) -> tuple[dt.date, dt.date]:
    """The last `days` local days, today included (dates, both included)."""
    today = today_in(tz, now)
    return today - dt.timedelta(days=days - 1), today


MAX_CUSTOM_DAYS = 400


def custom_days(start, end, today: dt.date) -> tuple[dt.date, dt.date] | None:
    """A custom range (ISO dates), clamped to today and MAX_CUSTOM_DAYS; None if unusable."""
    try:
        s = dt.date.fromisoformat(str(start)[:10])
        e = dt.date.fromisoformat(str(end)[:10])
    except (TypeError, ValueError):
        return None
    if s > e:
        s, e = e, s
    e = min(e, today)
    s = min(s, e)
    return max(s, e - dt.timedelta(days=MAX_CUSTOM_DAYS - 1)), e


def preset_days(rng: str | None, today: dt.date) -> tuple[dt.date, dt.date] | None:
    """First and last local day (both included) of a preset period ending `today`; None if not a preset."""
    if rng == "today":
        return today, today
    if rng in RANGES:
        return today - dt.timedelta(days=RANGES[rng] - 1), today
    if rng == "month":
        return today.replace(day=1), today
    if rng == "last_month":
        last = previous_month(today)
        return last.first, last.last
    return None


def period_days(rng, start, end, tz: str, now: dt.datetime | None = None,
                default: str = "30d") -> tuple[str, dt.date, dt.date]:
    """(range, first day, last day) of the site page's period, in local days of the site's zone `tz`:
    a preset, or a custom range (`start`, `end`: ISO dates); anything unusable falls back to `default`."""
    today = today_in(tz, now)
    if rng == "custom":
        got = custom_days(start, end, today)
        if got:
            return "custom", got[0], got[1]
    got = preset_days(rng, today)
    if got:
        return rng, got[0], got[1]
    return default, *preset_days(default, today)


def date_of(day, month, year) -> dt.date | None:
    """A date from the three selects; a day beyond the month's end becomes its last day."""
    try:
        y, m, d = int(year), int(month), int(day)
        return dt.date(y, m, min(max(d, 1), calendar.monthrange(y, m)[1]))
    except (TypeError, ValueError):
        return None


def date_values(day: dt.date) -> list[str]:
    return [str(day.day), str(day.month), str(day.year)]


def period(rng, start, end, tz: str, now: dt.datetime | None = None) -> dict:
    """What the period controls show for a requested range (a preset, or `custom` with `start` and `end`
    as dates or ISO strings), in local days of the zone `tz`: the range actually used, its first and last
    day, the six select values, whether a custom range was cut to MAX_CUSTOM_DAYS."""
    rng, first, last = period_days(rng, start, end, tz, now)
    try:
        asked = min(dt.date.fromisoformat(str(start)[:10]), dt.date.fromisoformat(str(end)[:10]))
    except (TypeError, ValueError):
        asked = first
    return {"range": rng, "start": first, "end": last, "values": date_values(first) + date_values(last),
            "clamped": rng == "custom" and asked < first, "tz": tz}


# ----------------------------------------------------------------- reporting months

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> "Month":
        m = _MONTH.match(text.strip())
        if not m or not 1 <= int(m.group(2)) <= 12:
            raise ValueError(f"{text!r} is not a month of the form YYYY-MM (for example 2026-10)")
        return cls(int(m.group(1)), int(m.group(2)))

    @classmethod
    def of(cls, day: dt.date) -> "Month":
        return cls(day.year, day.month)

    @property
    def first(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def end(self) -> dt.date:
        """First day of the next month (exclusive end)."""
        return self.next().first

    @property
    def last(self) -> dt.date:
        """Last day of the month (inclusive end)."""
        return self.end - dt.timedelta(days=1)

    @property
    def days(self) -> int:
        return (self.end - self.first).days

    def dates(self) -> list[dt.date]:
        return [self.first + dt.timedelta(days=i) for i in range(self.days)]

    def next(self) -> "Month":
        return Month(self.year + (self.month == 12), self.month % 12 + 1)

    def previous(self) -> "Month":
        return Month(self.year - (self.month == 1), (self.month - 2) % 12 + 1)

    def last_year(self) -> "Month":
        return Month(self.year - 1, self.month)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def previous_month(today: dt.date) -> Month:
    return Month.of(today).previous()

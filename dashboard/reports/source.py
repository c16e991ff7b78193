"""Reading the rows a report needs (named SQL files in `sql/`).

Interim data access over the core tables and hourly rollups; the figures are
reduced by `aggregate`. Once the analytics query layer (`dashboard.analytics`)
provides a metric, the builder takes it from there instead.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import psycopg
from psycopg.rows import dict_row

from dashboard.reports.periods import Month

SQL_DIR = Path(__file__).with_name("sql")


@cache
def query(name: str) -> str:
    return (SQL_DIR / f"{name}.sql").read_text()


@dataclass(frozen=True)
class SiteInfo:
    id: int
    name: str
    timezone: str
    opening_hours: dict  # {"mon": [["08:00", "16:00"]], ...}
    holidays: tuple[dt.date, ...]


@dataclass
class PeriodRows:
    month: Month
    visits: list[dict]
    sessions: list[dict]  # per site, AP, day
    ap_hours: list[dict]


def _rows(conn: psycopg.Connection, name: str, params: dict) -> list[dict]:
    with conn.cursor(row_factory=dict_row) as cur:
        cur.execute(query(name), params)
        return cur.fetchall()


def sites(conn: psycopg.Connection, name: str | None = None) -> list[SiteInfo]:
    return [
        SiteInfo(r["id"], r["name"], r["timezone"], r["opening_hours"] or {}, tuple(r["holidays"] or ()))
        for r in _rows(conn, "sites", {"name": name})
    ]


def aps(conn: psycopg.Connection, site_ids: list[int]) -> list[dict]:
    return _rows(conn, "aps", {"sites": site_ids})


def _params(site_ids: list[int], month: Month, **extra) -> dict:
    return {"sites": site_ids, "start": month.first, "end": month.end, **extra}


def period_rows(conn: psycopg.Connection, site_ids: list[int], month: Month, *, min_minutes: int,
                window_days: int) -> PeriodRows:
    p = _params(site_ids, month, min_minutes=min_minutes, window=window_days)
    return PeriodRows(
        month=month,
        visits=_rows(conn, "visits", p),
        sessions=_rows(conn, "sessions_daily", p),
        ap_hours=_rows(conn, "ap_hours", p),
    )


def utc_bounds(month: Month, timezones: list[str]) -> tuple[dt.datetime, dt.datetime]:
    """The widest UTC interval covering the month in every given time zone."""
    los = [dt.datetime.combine(month.first, dt.time(), ZoneInfo(tz)) for tz in timezones or ["UTC"]]
    his = [dt.datetime.combine(month.end, dt.time(), ZoneInfo(tz)) for tz in timezones or ["UTC"]]
    return min(los), max(his)


def ap_events(conn: psycopg.Connection, site_ids: list[int], lo: dt.datetime, hi: dt.datetime) -> list[dict]:
    return _rows(conn, "ap_events", {"sites": site_ids, "lo": lo, "hi": hi})


def portal_daily(conn: psycopg.Connection, site_ids: list[int], month: Month) -> list[dict]:
    return _rows(conn, "portal_daily", _params(site_ids, month))

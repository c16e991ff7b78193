"""Expected report figures read straight from the analytics query layer, and
helpers to find them in extracted PDF text."""

from __future__ import annotations

import datetime as dt

from dashboard import analytics as A
from dashboard.reports import texts

MONTH = "2026-10"
LAST_DAY = dt.date(2026, 10, 31)


def site_id(conn, name: str) -> int:
    return next(s["site_id"] for s in A.sites(conn) if s["name"] == name)


def site_headline(conn, name: str, lang: str) -> dict[str, str]:
    """Headline label -> the value text the report must show, from site_month_summary."""
    c = A.site_month_summary(conn, site_id(conn, name), MONTH)["current"]
    return {
        texts.t("sessions", lang): texts.num(c["sessions"], lang),
        texts.t("visitors", lang): texts.num(c["unique_visitors"], lang),
        texts.t("returning_share", lang): texts.t("not_yet", lang) if c["returning_not_yet"]
        else texts.pct(c["returning_share_est"], lang) if c["returning_share_low"] is None
        else (f"≈ {texts.pct(c['returning_share_est'], lang)} ({texts.num(100 * c['returning_share_low'], lang)}–"
              f"{texts.pct(c['returning_share_high'], lang, 0)})"),
        texts.t("median_dwell", lang): texts.minutes(c["dwell_median_s"] / 60, lang),
        texts.t("total_bytes", lang): texts.data_size(c["bytes"], lang),
        texts.t("busiest_day", lang): texts.day(c["busiest_day"], lang),
        texts.t("busiest_hour", lang): texts.hour(c["busiest_hour"], lang),
        texts.t("availability", lang): texts.pct_points(c["ap_availability_pct"], lang, 2),
    }


def lines_of(text: str) -> list[str]:
    return [ln.strip() for ln in text.splitlines() if ln.strip()]


def value_after(lines: list[str], label: str, after: str | None = None) -> str:
    """The text line after the first line starting with `label` (a table cell's neighbour),
    looking only past the line starting with `after` when given."""
    start = 0
    if after is not None:
        start = next(i for i, ln in enumerate(lines) if ln.startswith(after))
    for i, ln in enumerate(lines[start:], start):
        if ln.startswith(label):
            return lines[i + 1]
    raise AssertionError(f"{label!r} not found in the PDF text")

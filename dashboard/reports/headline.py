"""The report's headline figures: this month beside the previous month and the same month last year,
for one library (`site_headline`, the query layer's month summary) or for the district
(`district_headline`). District figures that the layer gives per library are combined here: counts
and bytes are summed (unique visitors: the sum of the libraries' unique visitors), shares are
recomputed from their parts, and the two figures that do not add up (median dwell, AP availability)
are read with the layer's own formulas over all libraries (`sql/district_*.sql`)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import psycopg

from dashboard import analytics as A
from dashboard.periods import Month
from dashboard.reports.model import Figure
from dashboard.reports.queries import query


# headline figures that are estimates by their nature (shown "≈"; with their range where they have one)
ALWAYS_ESTIMATES = ("persons", "sessions_est", "median_dwell_est")


def _one(conn, name: str, params: dict) -> dict:
    with conn.cursor(row_factory=psycopg.rows.dict_row) as cur:
        cur.execute(query(name), params)
        return cur.fetchone()


# what a blind AP limits (docs/metrics.md "Blind spots"), and a short history
BLIND_LIMITS = ("sessions", "visitors", "persons", "median_dwell")


def limited_keys(blind_days: int, short_days: int) -> tuple[str, ...]:
    """The headline figures a blind AP (on `blind_days` days) or a short history (`short_days`) limits."""
    return (BLIND_LIMITS if blind_days else ()) + (("returning_share",) if short_days else ())


def _figures(key_unit_vals: list[tuple], estimate: bool, incomplete: bool,
             notes: dict[str, str] | None = None, limited: tuple[str, ...] = ()) -> list[Figure]:
    out = []
    for key, unit, cur, prev, ly in key_unit_vals:
        out.append(Figure(key, unit, cur, prev, ly, limited=key in limited and cur is not None,
                          estimate=(key in ALWAYS_ESTIMATES or (estimate and key in ("visitors", "returning_share")))
                          and cur is not None,
                          incomplete=incomplete and unit not in ("date", "hour", "pct"),
                          note=(notes or {}).get(key)))
    return out


def _sessions_est_note(c) -> str | None:
    """The range of the sessions estimate at blind APs ("range:LOW:HIGH"), or where it collapsed what the figure
    is instead ("form:dhcp": counted with the DHCP log; "form:point": no range; analytics.sessions_est_form);
    None: no estimate this month."""
    form = A.sessions_est_form(c)
    if form is None:
        return None
    return f"range:{c['sessions_est_low']}:{c['sessions_est_high']}" if form == "range" else f"form:{form}"


def _sessions_est(c) -> int | None:
    """The sessions with the estimate of the visits no source saw, where a month has one (else None)."""
    return c.get("sessions_est") if c.get("sessions_est_low") is not None else None


def _persons_note(c) -> str | None:
    """The range of the estimated persons, e.g. "1,150–1,320" (language-neutral digits are formatted later)."""
    if c.get("persons_est") is None:
        return None
    return f"range:{c['persons_low']}:{c['persons_high']}"


def _returning_note(c) -> str | None:
    """The range of the returning share ("range:LOW:HIGH", shares 0-1; formatted as percentages later);
    None without one (not yet, or no standard error)."""
    if c.get("returning_share_low") is None or c.get("returning_share_est") is None:
        return None
    return f"range:{c['returning_share_low']!r}:{c['returning_share_high']!r}"


def _returning(c) -> float | None:
    """The returning share on stable identities over days with a full look-back window (None: not yet)."""
    return c.get("returning_share_est")


def _minutes(seconds) -> float | None:
    return None if seconds is None else float(seconds) / 60.0


def site_headline(conn, s: dict, month: Month, now: dt.datetime):
    sm = A.site_month_summary(conn, s["site_id"], month.first, now=now)
    c, p, y = sm["current"], sm["previous"], sm["last_year"]
    # a comparison month without any data (before monitoring began) shows "–", not zeros
    p, y = (defaultdict(lambda: None) if b["no_data"] else b for b in (p, y))
    vals = [
        ("sessions", "count", c["sessions"], p["sessions"], y["sessions"]),
        *([("sessions_est", "count", _sessions_est(c), _sessions_est(p), _sessions_est(y))] if _sessions_est(c) else []),
        ("visitors", "count", c["unique_visitors"], p["unique_visitors"], y["unique_visitors"]),
        ("persons", "count", c["persons_est"], p["persons_est"], y["persons_est"]),
        ("returning_share", "share", _returning(c), _returning(p), _returning(y)),
        ("median_dwell", "minutes", _minutes(c["dwell_median_s"]), _minutes(p["dwell_median_s"]),
         _minutes(y["dwell_median_s"])),
        *([("median_dwell_est", "minutes", _minutes(c["dwell_median_est_s"]), _minutes(p["dwell_median_est_s"]),
            _minutes(y["dwell_median_est_s"]))] if c["dwell_median_est_s"] is not None else []),
        ("total_bytes", "bytes", c["bytes"], p["bytes"], y["bytes"]),
        ("busiest_day", "date", c["busiest_day"], None, None),
        ("busiest_hour", "hour", c["busiest_hour"], None, None),
        ("availability", "pct", c["ap_availability_pct"], p["ap_availability_pct"], y["ap_availability_pct"]),
    ]
    cov = None if c["coverage"] is None else 100.0 * c["coverage"]
    notes = {"persons": _persons_note(c), "sessions_est": _sessions_est_note(c),
             "returning_share": _returning_note(c)}
    if c.get("returning_not_yet"):
        notes["returning_share"] = "not_yet"
    limited = limited_keys(c["client_incomplete_days"], 0 if not c["returning_computed"] else c["short_history_days"])
    return (_figures(vals, c["estimate"], c["incomplete"], notes, limited), cov, c["randomized_share"],
            c["estimate"])


def _district_month(conn, ids: list[int], month: Month) -> dict:
    first, last = month.first, month.last
    rows = A.period_figures(conn, ids, first, last, whole_month=True)
    p = {"site_ids": ids, "start": first, "end": last}
    dwell = _one(conn, "district_dwell", p)
    av = _one(conn, "district_availability", p)
    uv = sum(r["unique_visitors"] for r in rows)
    rot = any(not r["returning_computed"] for r in rows)
    if all(r["no_data"] for r in rows):
        return defaultdict(lambda: None, estimate=False, incomplete=False)
    base = sum(r["returning_base_days"] or 0 for r in rows if not r["no_data"])
    est = [r["persons_est"] for r in rows if r["persons_est"] is not None]
    ret = A.combined_returning([] if rot else [r for r in rows if not r["no_data"]])
    return {
        "sessions": sum(r["sessions"] for r in rows),
        **A.combined_sessions(rows),
        "visitors": uv,
        "persons_est": sum(est) if est else None,
        "persons_low": sum(r["persons_low"] or 0 for r in rows), "persons_high": sum(r["persons_high"] or 0 for r in rows),
        "returning_share": ret["returning_share_est"], "returning_share_est": ret["returning_share_est"],
        "returning_share_low": ret["returning_share_low"], "returning_share_high": ret["returning_share_high"],
        "returning_not_yet": not rot and not base and any(r["returning_not_yet"] for r in rows),
        "dwell": _minutes(dwell["median_s"]) if dwell["visits"] else None,
        "bytes": sum(r["bytes"] for r in rows),
        "availability": None if av["availability"] is None else 100.0 * float(av["availability"]),
        "coverage": None if av["coverage"] is None else 100.0 * float(av["coverage"]),
        "randomized_share": (sum(r["randomized_unique_visitors"] for r in rows) / uv) if uv else None,
        "estimate": any(r["estimate"] for r in rows),
        "incomplete": any(r["incomplete"] for r in rows),
        "client_incomplete_days": sum(r["client_incomplete_days"] for r in rows),
        "short_history_days": 0 if rot else sum(r["short_history_days"] for r in rows),
    }


def district_headline(conn, members: list[dict], parts: list[dict], month: Month, days: list[dt.date]):
    ids = [s["site_id"] for s in members]
    c, p, y = (_district_month(conn, ids, m) for m in (month, month.previous(), month.last_year()))
    per_day = {d: sum(pt["visitors"][d]["visitors"] for pt in parts if d in pt["visitors"]) for d in days}
    busiest_day = max(days, key=lambda d: (per_day[d], -d.toordinal())) if any(per_day.values()) else None
    vals = [
        ("sessions", "count", c["sessions"], p["sessions"], y["sessions"]),
        *([("sessions_est", "count", _sessions_est(c), _sessions_est(p), _sessions_est(y))] if _sessions_est(c) else []),
        ("visitors", "count", c["visitors"], p["visitors"], y["visitors"]),
        ("persons", "count", c["persons_est"], p["persons_est"], y["persons_est"]),
        ("returning_share", "share", c["returning_share"], p["returning_share"], y["returning_share"]),
        ("median_dwell", "minutes", c["dwell"], p["dwell"], y["dwell"]),
        ("total_bytes", "bytes", c["bytes"], p["bytes"], y["bytes"]),
        ("busiest_day", "date", busiest_day, None, None),
        ("busiest_hour", "hour", _district_busiest_hour(parts), None, None),
        ("availability", "pct", c["availability"], p["availability"], y["availability"]),
    ]
    notes = {"persons": _persons_note(c) if c["persons_est"] is not None else None,
             "sessions_est": _sessions_est_note(c), "returning_share": _returning_note(c)}
    if c["returning_not_yet"]:
        notes["returning_share"] = "not_yet"
    limited = limited_keys(c["client_incomplete_days"] or 0, c["short_history_days"] or 0)
    return (_figures(vals, c["estimate"], c["incomplete"], notes, limited), c["coverage"], c["randomized_share"],
            c["estimate"])


def _district_busiest_hour(parts: list[dict]) -> int | None:
    """Hour of day with the highest summed average occupancy (each library's hourly average over its hours)."""
    total: dict[int, float] = defaultdict(float)
    for pt in parts:
        acc: dict[int, list[float]] = defaultdict(lambda: [0.0, 0])
        for cell in pt["cells"]:
            if cell["clients_avg"] is not None and cell["hours"]:
                acc[cell["hour"]][0] += float(cell["clients_avg"]) * cell["hours"]
                acc[cell["hour"]][1] += cell["hours"]
        for h, (s, n) in acc.items():
            total[h] += s / n
    return max(sorted(total), key=lambda h: total[h]) if total else None

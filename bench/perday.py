"""The returning share per day: what it cost the site page and the district report (docs/performance.md
"The returning share per day").

    .venv/bin/python -m bench.perday --dsn DSN [--month 2026-11] [--reps 5] [--report-reps 1] [--no-report]

On a filled database (the simulator's backfill: bench.accuracy.run_scenario(..., keep=True); a district-scale
synthetic one: bench.synth.generate(dsn, sites=254, ...)), side by side for one month:

* the site page (the busiest site): the query-layer calls of its cards and charts (period_figures, occupancy by
  hour, the weekday x hour cells, visitors per day, dwell, use per AP and SSID, portal logins, when monitoring
  began), as visitors_daily is now (the anchor: no share per day, as before 945abbc) and with what 945abbc added
  to it (the estimator, kunang_returning_share, over each day of the range: its kunang_returning_share_daily,
  re-created here as a temporary function, so the bench runs on a database without it);
* the per-day estimator alone for that site-month, and its calls;
* the district report's model (build_report of every active library, no rendering), the same two ways
  (visitors_daily wrapped to run the per-day estimator after it, as 945abbc's did).

Wall times in the calling process (query + fetch + shaping) and CPU seconds (this process and its server process,
read from /proc: the server must run on this machine), medians of --reps; the load average beside each.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dashboard import analytics as A  # noqa: E402
from dashboard.periods import Month  # noqa: E402

# 945abbc's kunang_returning_share_daily (collector/db/functions/returning.sql), verbatim but for its schema
PER_DAY = """
CREATE FUNCTION pg_temp.returning_share_daily(p_site integer, p_from date, p_to date)
RETURNS TABLE (day date, share double precision, se double precision, persons double precision)
LANGUAGE sql STABLE AS $$
    SELECT sd.day, x.share, x.se, x.persons
    FROM site_daily sd
    CROSS JOIN LATERAL kunang_returning_share(p_site, sd.day, sd.day) x
    WHERE sd.site_id = p_site AND sd.day BETWEEN p_from AND p_to
$$"""


def load() -> str:
    return f"load {os.getloadavg()[0]:.2f}"


def backend_cpu(conn) -> float:
    """CPU seconds (user + system) of the connection's server process so far (the server on this machine)."""
    try:
        fields = Path(f"/proc/{conn.info.backend_pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed(conn, fn, reps: int) -> tuple[float, float]:
    """Median wall seconds and median CPU seconds (this process + the connection's server process) of `fn`:
    the CPU is what the work costs whatever the load."""
    walls, cpus = [], []
    for _ in range(reps):
        t, c, b = time.perf_counter(), time.process_time(), backend_cpu(conn)
        fn()
        walls.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c + backend_cpu(conn) - b)
    return statistics.median(walls), statistics.median(cpus)


def per_day(conn, site_id: int, first: dt.date, last: dt.date) -> list:
    return conn.execute("SELECT * FROM pg_temp.returning_share_daily(%s, %s, %s)", (site_id, first, last)).fetchall()


def site_page(conn, site_id: int, first: dt.date, last: dt.date, with_per_day: bool) -> None:
    """The query-layer calls of the site page's cards and charts for [first, last]."""
    A.period_figures(conn, [site_id], first, last)
    A.occupancy(conn, site_id, first, last, by="hour")
    A.busiest_hours(conn, site_id, first, last)
    A.visitors_daily(conn, site_id, first, last)
    if with_per_day:
        per_day(conn, site_id, first, last)
    A.monitoring_began(conn, site_id)
    A.dwell_distribution(conn, site_id, first, last)
    A.usage_bytes(conn, site_id, first, last, by="ap")
    A.usage_bytes(conn, site_id, first, last, by="ssid")
    A.portal_vs_associated(conn, site_id, first, last)


def district_report(conn, month: Month, with_per_day: bool) -> int:
    from dashboard.reports.builder import build_report

    plain = A.visitors_daily

    def with_estimator(c, sid, start, end, **kw):
        rows = plain(c, sid, start, end, **kw)
        per_day(c, sid, start, end)
        return rows

    A.visitors_daily = with_estimator if with_per_day else plain
    try:
        model = build_report(conn, month, None, now=dt.datetime.combine(month.last + dt.timedelta(days=2), dt.time(),
                                                                        dt.timezone.utc))
    finally:
        A.visitors_daily = plain
    return len(model.sites)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dsn", required=True)
    ap.add_argument("--month", default="2026-11")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--report-reps", type=int, default=1)
    ap.add_argument("--no-report", action="store_true")
    args = ap.parse_args(argv)
    month = Month.parse(args.month)
    with psycopg.connect(args.dsn, autocommit=True) as conn:
        conn.execute(PER_DAY)
        first, last = conn.execute("SELECT min(day), max(day) FROM site_daily WHERE day BETWEEN %s AND %s",
                                   (month.first, month.last)).fetchone()
        site_id, sessions = conn.execute(
            "SELECT site_id, sum(sessions) FROM site_daily WHERE day BETWEEN %s AND %s GROUP BY site_id"
            " ORDER BY 2 DESC LIMIT 1", (first, last)).fetchone()
        sites = conn.execute("SELECT count(*) FROM site WHERE active").fetchone()[0]
        full = conn.execute("SELECT count(*) FROM site_daily WHERE site_id = %s AND day BETWEEN %s AND %s AND"
                            " history_days >= kunang_returning_window_days() AND returning_base IS NOT NULL",
                            (site_id, first, last)).fetchone()[0]
        print(f"database {conn.info.dbname}: {sites} active sites; site {site_id} {first}..{last} ({sessions} sessions,"
              f" {full} full-window days)")
        rows = per_day(conn, site_id, first, last)
        ses = sorted(r[2] for r in rows if r[2] is not None)
        if ses:
            print(f"per-day share of site {site_id}: {len(rows)} days, SE median {100 * statistics.median(ses):.1f} %"
                  f" (min {100 * ses[0]:.1f}, max {100 * ses[-1]:.1f}) percentage points")
        for label, fn in (
                ("site page month, anchor (no share per day)", lambda: site_page(conn, site_id, first, last, False)),
                ("site page month, with the per-day estimator", lambda: site_page(conn, site_id, first, last, True)),
                ("  the per-day estimator alone", lambda: per_day(conn, site_id, first, last)),
                ("  visitors_daily alone (anchor)", lambda: A.visitors_daily(conn, site_id, first, last))):
            w, c = timed(conn, fn, args.reps)
            print(f"{label:48s} wall {1000 * w:9.1f} ms  CPU {1000 * c:9.1f} ms  ({load()})", flush=True)
        if not args.no_report:
            for label, w in (("district report model, anchor", False), ("district report model, with the per-day"
                                                                        " estimator", True)):
                t, c = timed(conn, lambda: district_report(conn, month, w), args.report_reps)
                print(f"{label:48s} wall {t:9.2f} s   CPU {c:9.2f} s   ({load()})", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

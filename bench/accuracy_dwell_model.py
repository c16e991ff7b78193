"""The median dwell estimate per site-month over many seeds, from the simulator's model and the product's SQL
(issue 22; docs/metrics.md "Dwell on a site-day with a blind AP (estimate)").

    .venv/bin/python -m bench.accuracy_dwell_model --dsn MIGRATED_DB [--seeds 1-40] [--days 45]
                                                   [--functions FILE.sql]

The "Done when" scenario (60 s polls, randomised MACs, two-device visitors, one blind AP per site) without
the backfill: for each simulated stay the model says which polls of a client-listing AP listed it (the first
and last poll instant) and whether a portal session with its MAC saw it (login, logout, and whether the
portal ended it by its keepalive timeout: bench.accuracy_unseen.observed_visits). Each stay a source saw
becomes one `visit` row as kunang_refresh_visits makes it (started/ended = the earliest/latest of the polls
and the portal session, polled_from/to, timeout_end, source), each site-day a `site_daily` row with its
blind AP and the capture-recapture counts (snmp_only, portal_only, both); all in a scratch transaction on
a migrated database, rolled back. Then the product's own SQL runs on them: kunang_refresh_dwell_estimate
(collector/db/functions/dwell_estimate.sql) over the period, and per site-month the shown figure is
dashboard/analytics/sql/period_figures.sql's dwell_median_est_s (the range's weighted median). `--functions`
loads an SQL file into the transaction first (a candidate rule, tried without changing the database).
The truth is the median of (leave - arrive) over all the site-month's stays (as bench.accuracy.truth_figures).

Tables (rows: seeds, columns: site-months; bench.accuracy_seeds.print_tables): the shown estimate, the same
estimated stays unweighted (the anchor of the unseen visits' weights), the measured dwell.
What the model leaves out (the pipeline has them: bench.accuracy_seeds --pipeline): a device's stays closer
than the session gap are not merged, poll instants are exact multiples of the interval (no jitter, no
failed polls), a stay belongs to the local day of its arrival. CPU: about 2-3 s a seed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
from collections import defaultdict
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.accuracy import END  # noqa: E402
from bench.accuracy_seeds import SCENARIO, _seeds, print_tables  # noqa: E402
from bench.accuracy_unseen import observed_visits  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PERIOD_FIGURES = (ROOT / "dashboard/analytics/sql/period_figures.sql").read_text()
ZERO_COLS = ("snmp_sessions", "portal_sessions", "devices", "visitors", "passersby", "randomized_visitors",
             "randomized_devices", "snmp_devices", "portal_devices", "both_devices", "dwell_lt5", "dwell_5_15",
             "dwell_15_30", "dwell_30_60", "dwell_60_120", "dwell_ge120", "bytes", "snmp_bytes", "portal_bytes",
             "portal_logins", "portal_login_failed", "portal_users", "open_s", "polls_expected", "polls_ok")


def _ts(t: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(t, dt.timezone.utc)


def visit_row(src: str, v, polls, mac: bool) -> tuple:
    """(started, ended, polled_from, polled_to, timeout_end, snmp_sessions, portal_sessions) of a seen stay."""
    ends = [t for t in ((polls or (None, None)) + ((v.login, v.logout) if mac else (None, None))) if t is not None]
    timeout = _ts(v.logout) if mac and v.logout_reason != "user request" else None
    return (_ts(min(ends)), _ts(max(ends)), _ts(polls[0]) if polls else None, _ts(polls[1]) if polls else None,
            timeout, int(src in ("snmp", "both")), int(src in ("portal", "both")))


def seed_months(conn, seed: int, days: int, functions: str | None) -> dict:
    """Per site-month: the shown, unweighted and measured median dwell's errors against the truth."""
    stays = observed_visits(SCENARIO, seed, days, detail=True, polled=True)
    truth, counts = defaultdict(list), defaultdict(lambda: defaultdict(int))
    for site, day, src, _dwell, v, _polls, _mac in stays:
        truth[(site, day.replace(day=1))].append(v.leave - v.arrive)
        counts[(site, day)][src] += 1
    out = {}
    with conn.transaction(force_rollback=True):
        if functions:
            conn.execute(functions)
        ids = {site: conn.execute("INSERT INTO site (name, timezone) VALUES (%s, 'Asia/Makassar') RETURNING id",
                                  (f"seed {seed} {site}",)).fetchone()[0] for site in sorted({s[0] for s in stays})}
        with conn.cursor().copy("COPY site_daily (site_id, day, sessions, sessions_snmp_only, sessions_portal_only,"
                                " sessions_both, blind_aps, incomplete, incomplete_clients, " + ", ".join(ZERO_COLS)
                                + ") FROM STDIN") as cp:
            for (site, day), c in counts.items():
                cp.write_row((ids[site], day, c["snmp"] + c["portal"] + c["both"], c["snmp"], c["portal"], c["both"],
                              [1], False, True) + (0,) * len(ZERO_COLS))
        with conn.cursor().copy("COPY visit (site_id, day, device, randomized, started_at, ended_at, dwell_s, source,"
                                " snmp_sessions, portal_sessions, ap_ids, snmp_bytes, portal_bytes, bytes,"
                                " polled_from, polled_to, timeout_end) FROM STDIN") as cp:
            for site, day, src, _dwell, v, polls, mac in stays:
                if src == "unseen":
                    continue
                a, b, pf, pt, te, sn, pn = visit_row(src, v, polls, mac)
                cp.write_row((ids[site], day, v.mac, v.randomized, a, b, round((b - a).total_seconds()), src,
                              sn, pn, [], 0, 0, 0, pf, pt, te))
        conn.execute("SELECT kunang_refresh_dwell_estimate(%s, %s)", (END - dt.timedelta(days=days + 1), END))
        for (site, month), dwells in sorted(truth.items()):
            span = sorted(d for s, d in counts if s == site and d.replace(day=1) == month)
            params = {"site_ids": [ids[site]], "start": span[0], "end": span[-1], "month": month,
                      "whole_month": False, "window": 30}
            cur = conn.execute(PERIOD_FIGURES, params)
            fig = dict(zip([c.name for c in cur.description], cur.fetchone()))
            anchor, measured = conn.execute(
                "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY coalesce(dwell_est_s, dwell_s)),"
                " percentile_cont(0.5) WITHIN GROUP (ORDER BY dwell_s) FROM visit"
                " WHERE site_id = %s AND day BETWEEN %s AND %s", (ids[site], span[0], span[-1])).fetchone()
            t = statistics.median(dwells)
            shown = fig["dwell_median_est_s"] if fig["dwell_median_est_s"] is not None else fig["dwell_median_s"]
            out[f"{site} {month:%Y-%m}"] = {"dwell_median (estimate)": shown / t - 1,
                                            "dwell_median (estimate, unweighted)": anchor / t - 1,
                                            "dwell_median": measured / t - 1}
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dsn", required=True, help="a migrated database (nothing is kept in it)")
    ap.add_argument("--seeds", default="1-40", help="a range A-B or a list A,B,C")
    ap.add_argument("--days", type=int, default=45)
    ap.add_argument("--functions", type=Path, help="an SQL file loaded into the transaction first (a candidate rule)")
    args = ap.parse_args(argv)
    functions = args.functions.read_text() if args.functions else None
    per_seed = {}
    with psycopg.connect(args.dsn) as conn:
        for seed in _seeds(args.seeds):
            print(f"accuracy_dwell_model: seed {seed} ...", file=sys.stderr, flush=True)
            per_seed[seed] = seed_months(conn, seed, args.days, functions)
    print_tables(per_seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

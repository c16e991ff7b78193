"""The median dwell estimate per site-month over many seeds, from the simulator's model and the product's SQL
(issue 22; docs/metrics.md "Dwell on a site-day with a blind AP (estimate)").

    .venv/bin/python -m bench.accuracy_dwell_model --dsn MIGRATED_DB [--seeds 1-40] [--days 45]
                                                   [--functions FILE.sql [--set NAME=VALUE ...]] [--explain]
                                                   [--dhcp-loss X | --no-dhcp] [--poll-jitter S]

The "Done when" scenario (60 s polls, randomised MACs, two-device visitors, one blind AP per site) without
the backfill: for each simulated stay the model says which polls of a client-listing AP listed each part of
it (first and last poll instant of each part on such an AP) and whether a portal session with its MAC saw
it (login, logout, and whether the portal ended it by its keepalive timeout:
bench.accuracy_unseen.observed_visits). Those sightings become `visit` rows as kunang_refresh_visits makes
them (merged where less than the session gap apart, so a stay that spent longer than that on the blind AP
without such a session is two visits; started/ended, polled_from/to, timeout_end, source; visit_rows),
each site-day a `site_daily` row with its blind AP, the capture-recapture counts of those visits and the
DHCP log's (every join logged but a share --dhcp-loss: bench.accuracy_unseen.dhcp_logged), its
sessions_unseen by the product's kunang_sessions_unseen; all
in a scratch transaction on a migrated database, rolled back. Then the product's own SQL runs on them:
kunang_refresh_dwell_estimate (collector/db/functions/dwell_estimate.sql) over the period, and per
site-month the shown figure is dashboard/analytics/sql/period_figures.sql's dwell_median_est_s (the range's
weighted median). `--functions` loads an SQL file into the transaction first (a candidate rule, tried
without changing the database; `--set` its parameters, e.g. bench/dwell_mapping_candidates.sql's kd.*).
The truth is the median of (leave - arrive) over all the site-month's
stays (as bench.accuracy.truth_figures).

Tables (rows: seeds, columns: site-months; bench.accuracy_seeds.print_tables): the shown estimate, the same
estimated stays unweighted (the anchor of the unseen visits' weights), the measured dwell; `--explain`
adds where the error comes from (explain()). Against the whole pipeline (docs/performance.md) seeds 2 and
3 give the same shown figure in 6 of 8 site-months to 0.05 points. What the model leaves out: poll instants
are exact multiples of the interval (no failed polls; `--poll-jitter S` moves each instant by up to ± S/2 s,
as a live poller's timestamps are, so that equal polled lengths are rare) and each AP poll lists every
device on it. After the tables, one line per figure over all site-months (print_summary: mean, SD, outside
the target, mean and largest |error|; with `--explain` also the floor the weights leave).
CPU: about 0.3 s a seed, 36 s for 40 seeds on the 2-core machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
from collections import defaultdict
from pathlib import Path
from zoneinfo import ZoneInfo

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.accuracy import END, TARGETS  # noqa: E402
from bench.accuracy_seeds import SCENARIO, _seeds, print_tables  # noqa: E402
from bench.accuracy_unseen import dhcp_logged, observed_visits  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
GAP_S = 600  # analytics.session_gap_minutes, the default
TZ = ZoneInfo("Asia/Makassar")
PERIOD_FIGURES = (ROOT / "dashboard/analytics/sql/period_figures.sql").read_text()
ZERO_COLS = ("snmp_sessions", "portal_sessions", "devices", "visitors", "passersby", "randomized_visitors",
             "randomized_devices", "snmp_devices", "portal_devices", "both_devices", "dwell_lt5", "dwell_5_15",
             "dwell_15_30", "dwell_30_60", "dwell_60_120", "dwell_ge120", "bytes", "snmp_bytes", "portal_bytes",
             "portal_logins", "portal_login_failed", "portal_users", "open_s", "polls_expected", "polls_ok")


def _ts(t: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(t, dt.timezone.utc)


def jittered(t: float, jitter_s: float) -> float:
    """A poll instant moved by up to ± jitter_s / 2, the same for every device listed at that instant (a fixed
    function of it): as a live poller's timestamps (the poll's start, datetime.now()) are not exact multiples of
    the interval, so that two stays over the same number of polls seldom have exactly equal polled lengths."""
    return t + jitter_s * (((int(round(t)) * 2654435761) % 2**32) / 2**32 - 0.5) if jitter_s else t


def copy_visits(conn, ids: dict, visits: list) -> None:
    """The model's visits (visit_rows' tuples, keyed by site name in ids) into the visit table."""
    with conn.cursor().copy("COPY visit (site_id, day, device, randomized, started_at, ended_at, dwell_s, source,"
                            " snmp_sessions, portal_sessions, ap_ids, snmp_bytes, portal_bytes, bytes,"
                            " polled_from, polled_to, timeout_end) FROM STDIN") as cp:
        for site, day, v, a, b, pf, pt, te, sn, pn in visits:
            src = "both" if sn and pn else "snmp" if sn else "portal"
            cp.write_row((ids[site], day, v.mac, v.randomized, a, b, round((b - a).total_seconds()), src,
                          sn, pn, [], 0, 0, 0, pf, pt, te))


def visit_rows(v, polls, mac: bool, gap_s: float = GAP_S) -> list[tuple]:
    """The visits a seen stay makes, as kunang_refresh_visits merges its sightings: the listing polls of each
    part on a listing AP and the portal session with its MAC, merged where less than the session gap apart
    (a stay that spent longer than that on the blind AP without such a session is two visits). Each
    (started, ended, polled_from, polled_to, timeout_end, snmp_sessions, portal_sessions)."""
    iv = sorted([(a, b, 1) for a, b in polls] + ([(v.login, v.logout, 0)] if mac else []))
    groups = []
    for a, b, sn in iv:
        if groups and a <= max(x[1] for x in groups[-1]) + gap_s:
            groups[-1].append((a, b, sn))
        else:
            groups.append([(a, b, sn)])
    out = []
    for g in groups:
        pol = [x for x in g if x[2]]
        timeout = _ts(v.logout) if len(pol) < len(g) and v.logout_reason != "user request" else None
        out.append((_ts(min(x[0] for x in g)), _ts(max(x[1] for x in g)),
                    _ts(min(x[0] for x in pol)) if pol else None, _ts(max(x[1] for x in pol)) if pol else None,
                    timeout, len(pol), len(g) - len(pol)))
    return out


EXPLAIN = """
SELECT v.day, v.source, v.dwell_est_s IS NOT NULL, coalesce(v.dwell_est_s, v.dwell_s)::float8, t.true_s,
       kunang_dwell_weight(v.source, v.dwell_est_s IS NOT NULL, d.sessions_portal_only, d.sessions_both),
       d.sessions_portal_only, d.sessions_both
FROM visit v JOIN bench_truth t USING (site_id, day, device, started_at)
LEFT JOIN site_daily d ON d.site_id = v.site_id AND d.day = v.day
WHERE v.site_id = %(site)s AND v.day BETWEEN %(lo)s AND %(hi)s
"""
MEDIAN_KEYS = ("weights only", "weights only, pooled", "weights only, true unseen count", "seen only",
               "shown, pooled", "shown, true unseen count")  # explain()'s medians (errors, not shares)


def explain(conn, site_id: int, lo, hi, t: float, unseen: list, unseen_days: dict | None = None) -> dict:
    """Where a site-month's error comes from: the weighted median of the visits' TRUE stays with the product's
    weights ("weights only": the weights' part of the error; the rest is the per-visit estimates'), with the
    poll-only visits' weight 1 + the month's sum of portal_only / its sum of both ("pooled": a ratio of sums,
    over the days with an estimate) and 1 + the day's TRUE unseen visits / its poll-only visits ("true unseen
    count", from unseen_days: what the weights would be with no capture-recapture noise); the seen visits' true
    stays unweighted ("seen only"); the shown figure with those weights; and per source the share of visits whose
    estimated / true stay is below the true median (the unseen: true only)."""
    rows = conn.execute(EXPLAIN, {"site": site_id, "lo": lo, "hi": hi}).fetchall()
    days = {r[0]: (r[6], r[7]) for r in rows if r[2]}
    pooled = sum(x[0] for x in days.values()) / max(1, sum(x[1] for x in days.values()))
    snmp = defaultdict(int)
    for r in rows:
        snmp[r[0]] += r[1] == "snmp"
    w_pool = [1 + pooled if r[2] and r[1] == "snmp" and pooled else 1.0 for r in rows]
    w_true = [1 + (unseen_days or {}).get(r[0], 0) / snmp[r[0]] if r[2] and r[1] == "snmp" else 1.0 for r in rows]

    def med(k, w):
        return conn.execute("SELECT kunang_weighted_median(%s::float8[], %s::float8[])",
                            ([r[k] for r in rows], w)).fetchone()[0] / t - 1
    out = {"weights only": med(4, [r[5] for r in rows]), "weights only, pooled": med(4, w_pool),
           "weights only, true unseen count": med(4, w_true), "seen only": med(4, [1.0] * len(rows)),
           "shown, pooled": med(3, w_pool), "shown, true unseen count": med(3, w_true)}
    for s in ("snmp", "portal", "both"):
        k = [r for r in rows if r[1] == s]
        out[f"{s} below (est)"] = sum(r[3] < t for r in k) / len(k) if k else None
        out[f"{s} below (true)"] = sum(r[4] < t for r in k) / len(k) if k else None
    out["unseen below (true)"] = sum(x < t for x in unseen) / len(unseen) if unseen else None
    return out


def seed_months(conn, seed: int, days: int, functions: str | None, detail: bool = False,
                dhcp_loss: float | None = 0.0, jitter_s: float = 0.0, settings: dict | None = None) -> dict:
    """Per site-month: the shown, unweighted and measured median dwell's errors against the truth (`detail`:
    and explain()'s figures, under "explain")."""
    stays = observed_visits(SCENARIO, seed, days, detail=True, polled=True)
    truth, counts, visits = defaultdict(list), defaultdict(lambda: defaultdict(int)), []
    unseen, unseen_days = defaultdict(list), defaultdict(lambda: defaultdict(int))
    for site, day, src, _dwell, v, polls, mac in stays:
        truth[(site, day.replace(day=1))].append(v.leave - v.arrive)
        if src == "unseen":
            unseen[(site, day.replace(day=1))].append(v.leave - v.arrive)
            unseen_days[site][day] += 1
        if dhcp_loss is not None and dhcp_logged(v, dhcp_loss):  # a grant per join: a stay only it shows, or not
            counts[(site, day)]["dhcp_only" if src == "unseen" else "dhcp_both"] += 1
        polls = [(jittered(a, jitter_s), jittered(b, jitter_s)) for a, b in polls]
        for row in visit_rows(v, polls, mac) if src != "unseen" else ():
            day = row[0].astimezone(TZ).date()
            counts[(site, day)]["both" if row[5] and row[6] else "snmp" if row[5] else "portal"] += 1
            visits.append((site, day, v) + row)
    out = {}
    with conn.transaction(force_rollback=True):
        if functions:
            conn.execute(functions)
        for name, value in (settings or {}).items():  # a candidate's parameters (bench/dwell_mapping_candidates.sql)
            conn.execute("SELECT set_config(%s, %s, true)", (name, value))
        ids = {site: conn.execute("INSERT INTO site (name, timezone) VALUES (%s, 'Asia/Makassar') RETURNING id",
                                  (f"seed {seed} {site}",)).fetchone()[0] for site in sorted({s[0] for s in stays})}
        conn.execute("CREATE TEMP TABLE bench_dhcp (site_id integer, day date, d_only integer, d_both integer)"
                     " ON COMMIT DROP")
        with conn.cursor().copy("COPY site_daily (site_id, day, sessions, sessions_snmp_only, sessions_portal_only,"
                                " sessions_both, blind_aps, incomplete, incomplete_clients, " + ", ".join(ZERO_COLS)
                                + ") FROM STDIN") as cp:
            for (site, day), c in counts.items():
                cp.write_row((ids[site], day, c["snmp"] + c["portal"] + c["both"], c["snmp"], c["portal"], c["both"],
                              [1], False, True) + (0,) * len(ZERO_COLS))
        if dhcp_loss is not None:
            with conn.cursor().copy("COPY bench_dhcp (site_id, day, d_only, d_both) FROM STDIN") as cp:
                for (site, day), c in counts.items():
                    cp.write_row((ids[site], day, c["dhcp_only"], c["dhcp_both"]))
        # the sessions estimate as kunang_refresh_accuracy stores it (accuracy.sql: kunang_sessions_unseen)
        conn.execute("UPDATE site_daily s SET sessions_dhcp_only = d.d_only, sessions_dhcp_both = d.d_both"
                     " FROM bench_dhcp d WHERE d.site_id = s.site_id AND d.day = s.day")
        conn.execute("UPDATE site_daily SET sessions_unseen = kunang_sessions_unseen(sessions_snmp_only,"
                     " sessions_portal_only, sessions_both, sessions_dhcp_only, sessions_dhcp_both)"
                     " WHERE site_id = ANY (%s)", (list(ids.values()),))
        copy_visits(conn, ids, visits)
        if detail:
            conn.execute("CREATE TEMP TABLE bench_truth (site_id integer, day date, device text, started_at timestamptz,"
                         " true_s float8) ON COMMIT DROP")
            with conn.cursor().copy("COPY bench_truth FROM STDIN") as cp:
                for site, day, v, a, *_r in visits:
                    cp.write_row((ids[site], day, v.mac, a, v.leave - v.arrive))
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
            if detail:
                out[f"{site} {month:%Y-%m}"]["explain"] = explain(conn, ids[site], span[0], span[-1], t,
                                                                  unseen[(site, month)], unseen_days[site])
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dsn", required=True, help="a migrated database (nothing is kept in it)")
    ap.add_argument("--seeds", default="1-40", help="a range A-B or a list A,B,C")
    ap.add_argument("--days", type=int, default=45)
    ap.add_argument("--functions", type=Path, help="an SQL file loaded into the transaction first (a candidate rule)")
    ap.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                    help="a setting for the transaction (set_config), e.g. a candidate's kd.mode=smooth")
    ap.add_argument("--explain", action="store_true", help="also where the error comes from (explain()), per column")
    ap.add_argument("--dhcp-loss", type=float, default=0.0,
                    help="share of the DHCP log's grant lines lost (bench.accuracy_unseen.dhcp_logged; 0: all logged)")
    ap.add_argument("--no-dhcp", action="store_true", help="the DHCP log is not read (the polls against the portal)")
    ap.add_argument("--poll-jitter", type=float, default=0.0, metavar="S",
                    help="poll instants moved by up to ± S/2 seconds (jittered(); 0: exact multiples of the interval)")
    args = ap.parse_args(argv)
    functions = args.functions.read_text() if args.functions else None
    per_seed = {}
    with psycopg.connect(args.dsn) as conn:
        for seed in _seeds(args.seeds):
            print(f"accuracy_dwell_model: seed {seed} ...", file=sys.stderr, flush=True)
            per_seed[seed] = seed_months(conn, seed, args.days, functions, args.explain,
                                         None if args.no_dhcp else args.dhcp_loss, args.poll_jitter,
                                         dict(x.split("=", 1) for x in args.set))
    print_tables(per_seed)
    print_summary(per_seed)
    if args.explain:
        print_explain(per_seed)
    return 0


def print_summary(per_seed: dict, out=sys.stdout) -> None:
    """Per figure, over every site-month of every seed: mean and SD of the error, how many are outside the
    target, the mean and the largest |error| (the line a candidate rule is compared on, docs/metrics.md)."""
    lim = TARGETS["dwell_median"]
    print("\nover all site-months (mean, SD, outside the target, mean |error|, max |error|):", file=out)
    for key in ("dwell_median (estimate)", "dwell_median (estimate, unweighted)", "dwell_median"):
        e = [c[key] for m in per_seed.values() for c in m.values() if c.get(key) is not None]
        if e:
            print(f"  {key:36} n {len(e)}: mean {100 * statistics.fmean(e):+.2f} %, SD {100 * statistics.pstdev(e):.2f} %,"
                  f" outside {sum(abs(x) > lim for x in e)}, mean |error| {100 * statistics.fmean(map(abs, e)):.2f} %,"
                  f" max |error| {100 * max(map(abs, e)):.2f} %", file=out)
    for key in MEDIAN_KEYS:  # the floor (true stays with the product's weights, no per-visit error) and its parts
        w = [c["explain"][key] for m in per_seed.values() for c in m.values() if "explain" in c]
        if w:
            print(f"  {key + ' (--explain)':36} n {len(w)}: mean {100 * statistics.fmean(w):+.2f} %,"
                  f" SD {100 * statistics.pstdev(w):.2f} %, outside {sum(abs(x) > lim for x in w)},"
                  f" mean |error| {100 * statistics.fmean(map(abs, w)):.2f} %", file=out)


def print_explain(per_seed: dict, out=sys.stdout) -> None:
    """Per site-month column, the mean over the seeds of explain()'s figures."""
    cols = sorted({c for m in per_seed.values() for c in m})
    print("\nwhere the error comes from (mean over the seeds; shares: of the source's visits below the true median)",
          file=out)
    keys = [k for m in per_seed.values() for c in m.values() for k in c.get("explain", {})]
    for k in dict.fromkeys(keys):
        cells = []
        for c in cols:
            v = [m[c]["explain"][k] for m in per_seed.values() if c in m and m[c]["explain"].get(k) is not None]
            x = statistics.fmean(v) if v else None
            cells.append("—" if x is None else f"{100 * x:+.2f} %" if k in MEDIAN_KEYS else f"{x:.3f}")
        print(f"  {k:32} " + " ".join(f"{x:>26}" for x in cells), file=out)


if __name__ == "__main__":
    raise SystemExit(main())

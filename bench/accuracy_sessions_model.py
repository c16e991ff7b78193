"""The sessions estimate's range per site-month over many seeds, from the simulator's model and the product's SQL
(issue 22; docs/metrics.md "The sessions estimate's counting error").

    .venv/bin/python -m bench.accuracy_sessions_model --dsn MIGRATED_DB [--seeds 1-40] [--days 45]
                                                      [--functions FILE.sql] [--dhcp-loss X | --no-dhcp]

The "Done when" scenario (60 s polls, randomised MACs, two-device visitors, one blind AP per site) without the
backfill. For each simulated stay the model says which polls of a client-listing AP listed each part of it and
whether a portal session with its MAC saw it (bench.accuracy_unseen.observed_visits); those sightings become
`visit` rows as kunang_refresh_visits merges them (bench.accuracy_dwell_model.visit_rows: a stay that spent
longer than the session gap on the blind AP without such a session is two visits, which the truth counts once);
the router's DHCP log grants every join 2 s after the arrival (collector/simulator/portal.py), a share
--dhcp-loss of its lines lost (bench.accuracy_unseen.dhcp_logged). All is written into a scratch transaction on
a migrated database (rolled back), and the product's own SQL makes the figures per site-day:
kunang_dhcp_captures (which grants belong to a visit), kunang_sessions_unseen and its sampling variance
kunang_sessions_unseen_var, the counting term kunang_visits_maybe_split and the dependence term
kunang_sessions_unseen_dependence (unseen_dependence.sql: the polls-only stays too short to log in, at the odds that
a logged-in visit joined the blind AP); per site-month the shown range is
dashboard.analytics.summary.sessions_range on the summed estimate, variance and terms. The truth is the number of
the site-month's stays (bench.accuracy.truth_figures).

Prints per site-month column the error, whether the range holds the truth, and the coverage and widths over the
seeds three times: the sampling error alone, with the counting term (the anchor: main before the dependence term,
2026-12-08), and with the counting and the dependence terms (the range shown). An older anchor (main before the
counting term): `--functions` with that commit's collector/db/functions/dhcp_capture.sql
(`git show 8f65acf:collector/db/functions/dhcp_capture.sql`: a grant could go to the next day's visit), its
"sampling only" line. What the model leaves out: poll instants are exact multiples of the interval (no jitter,
no failed polls), each AP poll lists every device on it, no device has two stays at one site on one day (so no
two stays are merged), and the grants are those the simulator writes. CPU: about 1 s a seed.
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
from bench.accuracy_dwell_model import TZ, copy_visits, visit_rows  # noqa: E402
from bench.accuracy_seeds import SCENARIO, _seeds  # noqa: E402
from bench.accuracy_unseen import dhcp_logged, observed_visits  # noqa: E402
from dashboard.analytics.summary import sessions_range  # noqa: E402

DHCP_DELAY_S = 2.0  # collector/simulator/portal.py: association to the grant
INTERVAL_S = 60
SHORT_S = 300  # analytics.visitor_min_minutes, the default: kunang_visitor_min_s()

DAYS_SQL = """
SELECT g.day::date, dc.dhcp_only, dc.dhcp_both, c.s, c.p, c.b,
       kunang_visits_maybe_split(%(site)s, g.day::date, make_interval(secs => 120 + %(p)s), dc.dhcp_only IS NOT NULL),
       dp.dependence, dp.dependence_var
FROM generate_series(%(lo)s::date, %(hi)s::date, interval '1 day') g(day)
LEFT JOIN LATERAL kunang_dhcp_captures(%(site)s, g.day::date, %(tz)s, make_interval(secs => 120 + %(p)s),
                                       make_interval(secs => 600)) dc ON %(dhcp)s
LEFT JOIN LATERAL kunang_sessions_unseen_dependence(%(site)s, g.day::date, make_interval(secs => 120 + %(p)s),
                                                    %(short)s, coalesce(dc.dhcp_both, 0) > 0) dp ON true
CROSS JOIN LATERAL (SELECT count(*) FILTER (WHERE v.source = 'snmp')::float8 AS s,
                           count(*) FILTER (WHERE v.source = 'portal')::float8 AS p,
                           count(*) FILTER (WHERE v.source = 'both')::float8 AS b
                    FROM visit v WHERE v.site_id = %(site)s AND v.day = g.day::date) c
"""


def seed_months(conn, seed: int, days: int, functions: str | None, dhcp_loss: float | None = 0.0) -> dict:
    """Per site-month: truth, sessions counted, the estimate, its sampling and counting variances, the true
    split count (visits beyond one per seen stay)."""
    stays = observed_visits(SCENARIO, seed, days, detail=True, polled=True)
    truth, splits, visits, grants = defaultdict(int), defaultdict(int), [], []
    for site, day, src, _dwell, v, polls, mac in stays:
        truth[(site, day.replace(day=1))] += 1
        if dhcp_loss is not None and dhcp_logged(v, dhcp_loss):
            grants.append((site, v.mac, v.arrive + DHCP_DELAY_S))
        rows = visit_rows(v, polls, mac) if src != "unseen" else ()
        splits[(site, day.replace(day=1))] += max(0, len(rows) - 1)
        for row in rows:
            visits.append((site, row[0].astimezone(TZ).date(), v) + row)
    out = {}
    with conn.transaction(force_rollback=True):
        if functions:
            conn.execute(functions)
        ids = {site: conn.execute("INSERT INTO site (name, timezone) VALUES (%s, 'Asia/Makassar') RETURNING id",
                                  (f"seed {seed} {site}",)).fetchone()[0] for site in sorted({s[0] for s in stays})}
        copy_visits(conn, ids, visits)
        with conn.cursor().copy("COPY portal_event (time, site_id, source, kind, device, format, dedup)"
                                " FROM STDIN") as cp:
            for i, (site, mac, t) in enumerate(grants):
                cp.write_row((dt.datetime.fromtimestamp(t, dt.timezone.utc), ids[site], "router", "dhcp_assigned",
                              mac, "bench", str(i).encode()))
        conn.execute("ANALYZE visit")
        conn.execute("ANALYZE portal_event")
        lo, hi = min(v[1] for v in visits), max(v[1] for v in visits)
        for site, sid in ids.items():
            rows = conn.execute(DAYS_SQL, {"site": sid, "tz": "Asia/Makassar", "p": INTERVAL_S, "lo": lo, "hi": hi,
                                           "dhcp": dhcp_loss is not None, "short": SHORT_S}).fetchall()
            for month in sorted({d.replace(day=1) for d, *_r in rows}):
                mr = [r for r in rows if r[0].replace(day=1) == month]
                sess = est = split = 0
                var = dep = dep_var = 0.0
                for _d, d_only, d_both, s, p, b, k, h, hv in mr:
                    u, uv = conn.execute("SELECT kunang_sessions_unseen(%s, %s, %s, %s, %s),"
                                         " kunang_sessions_unseen_var(%s, %s, %s, %s, %s)",
                                         (s, p, b, d_only, d_both) * 2).fetchone()
                    sess += int(s + p + b)
                    est += int(s + p + b) + (u or 0)
                    var += uv or 0.0
                    split += k if u is not None else 0
                    dep += h if u is not None and h is not None else 0.0
                    dep_var += hv if u is not None and hv is not None else 0.0
                t = truth[(site, month)]
                out[f"{site} {month:%Y-%m}"] = {"truth": t, "sessions": sess, "est": est, "var": var,
                                                "maybe_split": split, "dependence": dep, "dependence_var": dep_var,
                                                "splits": splits[(site, month)]}
    return out


def holds(r: dict, counting: bool, dependence: bool = True) -> tuple[bool, float]:
    """Whether the shown range (sessions_range on the estimate, its variance and, with `counting`, the visits that
    may be a split stay's later part; with `dependence`, the dependence term of the polls against the portal and its
    variance, the high end) holds the truth, and its half-width relative to the truth."""
    rg = sessions_range(r["sessions"], r["est"], r["var"], r["maybe_split"] if counting else None,
                        r.get("dependence") if dependence else None, r.get("dependence_var") if dependence else None)
    return rg["sessions_est_low"] <= r["truth"] <= rg["sessions_est_high"], \
        (rg["sessions_est_high"] - rg["sessions_est_low"]) / 2 / r["truth"]


def print_table(per_seed: dict, out=sys.stdout) -> None:
    cols = sorted({c for m in per_seed.values() for c in m})
    print(f"{'seed':>5} " + " ".join(f"{c.removeprefix('Perpustakaan Desa '):>30}" for c in cols), file=out)
    for seed, m in sorted(per_seed.items()):
        cells = []
        for c in cols:
            r = m[c]
            e = (r["est"] - r["truth"]) / r["truth"]
            ok0, _w0 = holds(r, False, False)
            ok1, w1 = holds(r, True)
            cells.append(f"{100 * e:+.2f} % ±{100 * w1:.2f}{' ' if ok1 else '*'}{' ' if ok0 else '°'} "
                         f"s{r['splits']}/{r['maybe_split']} h{r.get('dependence', 0):.0f}")
        print(f"{seed:>5} " + " ".join(f"{x:>30}" for x in cells), file=out)
    print("(error of the estimate; ± the range's half-width with the counting term, * outside it; ° outside the "
          "sampling range alone; sN/K: true splits / visits that may be one; hN: the dependence term)", file=out)
    allr = [m[c] for m in per_seed.values() for c in m]
    for label, f, g in (("sampling only (anchor)", False, False), ("with the counting term (anchor)", True, False),
                        ("with the counting and the dependence terms", True, True)):
        res = [holds(r, f, g) for r in allr]
        ws = sorted(w for _ok, w in res)
        lows = sum(1 for r in allr if not holds(r, f, g)[0] and r["est"] < r["truth"])
        print(f"{label}: holds the truth in {sum(ok for ok, _w in res)} of {len(res)} site-months ({lows} of the "
              f"misses with the truth above); half-width median {100 * statistics.median(ws):.2f} %, range "
              f"{100 * ws[0]:.2f}-{100 * ws[-1]:.2f} %", file=out)
        for c in cols:
            rc = [holds(m[c], f, g) for m in per_seed.values() if c in m]
            print(f"   {c}: {sum(ok for ok, _w in rc)} of {len(rc)}, half-width median "
                  f"{100 * statistics.median(w for _o, w in rc):.2f} %", file=out)
    errs = [(r["est"] - r["truth"]) / r["truth"] for r in allr]
    print(f"error: mean {100 * statistics.fmean(errs):+.2f} %, range {100 * min(errs):+.2f} .. "
          f"{100 * max(errs):+.2f} %", file=out)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dsn", required=True, help="a migrated database (nothing is kept in it)")
    ap.add_argument("--seeds", default="1-40", help="a range A-B or a list A,B,C")
    ap.add_argument("--days", type=int, default=45)
    ap.add_argument("--functions", type=Path, help="an SQL file loaded into the transaction first (a candidate rule)")
    ap.add_argument("--dhcp-loss", type=float, default=0.0, help="share of the DHCP log's grant lines lost")
    ap.add_argument("--no-dhcp", action="store_true", help="the DHCP log is not read (the polls against the portal)")
    args = ap.parse_args(argv)
    functions = args.functions.read_text() if args.functions else None
    per_seed = {}
    with psycopg.connect(args.dsn) as conn:
        for seed in _seeds(args.seeds):
            print(f"accuracy_sessions_model: seed {seed} ...", file=sys.stderr, flush=True)
            per_seed[seed] = seed_months(conn, seed, args.days, functions, None if args.no_dhcp else args.dhcp_loss)
    print_table(per_seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

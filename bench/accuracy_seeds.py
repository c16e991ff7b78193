"""Every "Done when" figure of issue 22, per seed and site-month, against the truth: one table per figure.

Size: about 370 lines, over the 300 guideline: the model and the pipeline modes feed one set of tables and
share the world's construction; splitting them would split the one place that says how each figure is measured.

    .venv/bin/python -m bench.accuracy_seeds --dsn SERVER_DSN [--seeds 1-12] [--days 45] [--window 30]
                                             [--pipeline DIR]

The "Done when" scenario (60 s polls, randomised MACs, two-device visitors, one blind AP per site) over many
simulated worlds; a reviewer's other seed is one more row. Each cell is Kunang's error against the truth,
(Kunang - truth) / truth, with its standard error where the figure has one; `*` marks a miss of the
issue's target (bench.accuracy.TARGETS); the misses are listed after the tables with their z = error / SE.

- model (default; about 2 s of CPU a seed): the model's stays as the polls of the client-listing APs and the
  MAC-carrying logins see them (bench.accuracy_unseen.observed_visits; `--identity trial`: the MikroTik
  member logins without the MAC of their DHCP lease, as where the router's DHCP log is not read). Sessions with the unseen estimate:
  the product's `kunang_sessions_unseen` per site-day with the DHCP log's captures (every simulated join is
  granted; `--dhcp-loss X` loses a share X of the grant lines; `--no-dhcp`: the log not read, the polls against
  the portal) and its variance `kunang_sessions_unseen_var` (bench.accuracy.unseen_se). Returning share: the
  device-days those stays make (what `device_day` holds: source, presence, visitor) are written into a
  scratch database (one transaction, rolled back) and the product's own rules run on them
  (`kunang_refresh_returning`: the look-back window; `kunang_returning_sample`: which devices count), with the
  MikroTik logins that name a user as portal sessions (member logins with their lease's MAC where the stay's
  login carries one, trial logins with their own), so that `kunang_returning_members` and the product's share
  `kunang_returning_share_of` see what the pipeline would; "the sample alone" is the anchor (the share before
  member logins counted: every person unit of the sample); the
  truth is bench.accuracy.truth_figures on the model's stays (persons, any presence in D-W .. D-1), over the
  site-month's full-window days. Persons and the median dwell need the whole pipeline (--pipeline); the persons
  rule on the model's stays, over many seeds and beside an anchor rule: bench/accuracy_persons.py.
- --pipeline DIR: bench.accuracy.run_scenario per seed (backfill, analytics refresh, 4-30 min a seed by load;
  run it under `flock /work/.bench.lock`): all four figures; each seed's result is kept in DIR/seedN.json and
  read back on the next run (delete it to measure again), so an interrupted run resumes.
The returning share's SE is the product's (kunang_returning_share_of; docs/metrics.md "The returning share's
sampling error"): stratum B's sample as clusters (a person unit on each of its days), linearised, the
finite-population correction on persons with the polls' capture rate inside, and the persons estimate's own
error (its range per day). Progress on stderr; Ctrl-C prints the seeds done.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import statistics
import sys
from collections import defaultdict
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.accuracy import END, TARGETS, run_scenario, truth_figures, unseen_se  # noqa: E402
from bench.accuracy_unseen import dhcp_counts, observed_visits  # noqa: E402

SCENARIO = "60s-random-blind"
VISITOR_MIN_S = 300  # analytics.visitor_min_minutes, the default
FIGURES = (  # table, per_month key of bench.accuracy, its SE key, target
    ("persons (estimate)", "persons (estimate)", None, "persons"),
    ("sessions (estimate)", "sessions (estimate)", "sessions (estimate) SE", "sessions"),
    ("median dwell (shown)", "dwell_median (estimate)", None, "dwell_median"),
    ("median dwell (shown, unweighted: the anchor)", "dwell_median (estimate, unweighted)", None, "dwell_median"),
    ("median dwell (measured)", "dwell_median", None, "dwell_median"),
    ("returning share (estimate)", "returning share (estimate)", "returning share (estimate) SE", "returning_share"),
    ("returning share (the sample alone: the anchor)", "returning share (sample)", "returning share (sample) SE",
     "returning_share"),
)


def _iso(t: float) -> str:
    return dt.datetime.fromtimestamp(t, dt.timezone.utc).isoformat()


def model_world(seed: int, days: int, window: int, stays=None, identity: str = "lease", dhcp_loss: float | None = 0.0):
    """(truth per (site, day), device-days, per (site, day) visits by source) of one seed's world (`stays`:
    observed_visits(SCENARIO, seed, days, identity=identity, detail=True) if already made); the counts also
    hold the DHCP log's captures (bench.accuracy_unseen.dhcp_counts, a share `dhcp_loss` of its lines lost;
    None: the log is not read)."""
    from zoneinfo import ZoneInfo

    stays = stays if stays is not None else observed_visits(SCENARIO, seed, days, identity=identity, detail=True)
    tz = ZoneInfo("Asia/Makassar")
    first = (END - dt.timedelta(days=days)).astimezone(tz).date()
    records = [{"type": "visit", "site": site, "person": v.person, "mac": v.mac, "randomized": v.randomized,
                "arrive": _iso(v.arrive), "leave": _iso(v.leave)} for site, _d, _s, _w, v in stays]
    truth = truth_figures(records, tz, VISITOR_MIN_S, window, first)
    # the logins the MikroTik hotspot names a user for (openNDS logs no user name): member logins carry the MAC
    # of their DHCP lease where the stay's login is MAC-carrying (identity lease), trial logins `T-<MAC>` their own
    mikrotik = _mikrotik_sites(seed)
    logins = [(site, v.user, v.login, v.logout, v.mac if src in ("portal", "both") else None, v.randomized,
               "dhcp" if src in ("portal", "both") and not v.user.startswith("T-") else None)
              for site, _d, src, _w, v in stays if site in mikrotik and v.login is not None and v.user]
    dd, counts = {}, defaultdict(lambda: defaultdict(int))
    for key, c in (dhcp_counts(stays, dhcp_loss) if dhcp_loss is not None else {}).items():
        counts[key].update(c)
    for site, day, src, dwell, v in stays:
        counts[(site, day)][src] += 1
        if src == "unseen":
            continue
        r = dd.setdefault((site, day, v.mac), {"randomized": v.randomized, "snmp": False, "portal": False,
                                               "presence": 0.0, "first": v.arrive, "last": v.leave, "visits": 0})
        r["snmp"] |= src in ("snmp", "both")
        r["portal"] |= src in ("portal", "both")
        r["presence"] += dwell
        r["visits"] += 1
    return truth, dd, counts, logins


def _mikrotik_sites(seed: int, sites: int = 2, aps: int = 6) -> set:
    """The names of the world's MikroTik sites (the fleet observed_visits builds)."""
    from bench.accuracy_unseen import KEY, SCENARIOS
    from collector.simulator.fleet import build_fleet

    interval, rnd, blind = SCENARIOS[SCENARIO]
    fleet = build_fleet(aps=aps, sites=sites, seed=seed, privacy_key=KEY, poll_interval_s=interval, crowd=1.0,
                        randomized_share=0.40 if rnd else 0.0, rotating_share=0.25 if rnd else 0.0, blind_aps=blind)
    return {s.name for s in fleet.sites if s.portal == "mikrotik"}


def copy_world(conn, ids: dict, dd: dict, logins) -> None:
    """Writes a model world's device-days and its member logins (their user pseudonyms as portal sessions, what
    kunang_returning_members and the persons units read) into the sites `ids` ({site name: site id}); the caller's
    transaction is rolled back afterwards (bench.accuracy_persons uses it too)."""
    with conn.cursor().copy("COPY device_day (site_id, day, device, randomized, visits, presence_s, first_seen,"
                            " last_seen, source, bytes, is_visitor) FROM STDIN") as cp:
        for (site, day, mac), r in dd.items():
            src = "both" if r["snmp"] and r["portal"] else "snmp" if r["snmp"] else "portal"
            cp.write_row((ids[site], day, mac, r["randomized"], r["visits"], round(r["presence"]),
                          dt.datetime.fromtimestamp(r["first"], dt.timezone.utc),
                          dt.datetime.fromtimestamp(r["last"], dt.timezone.utc), src, 0,
                          r["presence"] >= VISITOR_MIN_S))
    with conn.cursor().copy("COPY portal_session (site_id, source, user_id, started_at, ended_at, last_update,"
                            " device, randomized, device_via) FROM STDIN") as cp:
        for site, user, t0, t1, mac, rnd, via in logins:
            a, b = (dt.datetime.fromtimestamp(t, dt.timezone.utc) for t in (t0, t1))
            cp.write_row((ids[site], "mikrotik", user, a, b, b, mac, rnd if mac else None, via))


def product_returning(conn, worlds: dict, window: int) -> dict:
    """(seed, site, day) -> {"units": [(unit, returning)], "persons": n}: the product's returning sample of
    each site-day (kunang_returning_sample: person units) and its persons estimate (kunang_refresh_persons, the
    population the sample is drawn from)."""
    out = {}
    with conn.transaction(force_rollback=True):
        conn.execute("SELECT kunang_configure_analytics(10, %s::int, %s::int, false, 60)", (VISITOR_MIN_S // 60, window))
        ids = {}
        for seed, (_truth, dd, _counts, logins) in worlds.items():
            for site in sorted({k[0] for k in dd}):
                ids[(seed, site)] = conn.execute("INSERT INTO site (name, timezone) VALUES (%s, 'Asia/Makassar') "
                                                 "RETURNING id", (f"seed {seed} {site}",)).fetchone()[0]
            copy_world(conn, {site: ids[(seed, site)] for site in {k[0] for k in dd}}, dd, logins)
        days = sorted({k[1] for w in worlds.values() for k in w[1]})
        lo = dt.datetime.combine(days[0] - dt.timedelta(days=1), dt.time(), dt.timezone.utc)
        conn.execute("SELECT kunang_refresh_returning(%s, %s)", (lo, END + dt.timedelta(days=1)))
        names = {sid: key for key, sid in ids.items()}
        grid = (" FROM unnest(%s::integer[]) s(id) CROSS JOIN generate_series(%s::date, %s::date, interval '1 day') g(day)",
                (list(names), days[0], days[-1]))
        for sid, day, dev, ret, mem in conn.execute(
                "SELECT s.id, g.day::date, r.device, r.is_returning, r.member" + grid[0]
                + " CROSS JOIN LATERAL kunang_returning_sample(s.id, g.day::date) r", grid[1]):
            out.setdefault((*names[sid], day), {"units": [], "persons": 0, "members": 0, "members_returning": 0}
                           )["units"].append((dev, ret, mem))
        for sid, day, na, ra in conn.execute(
                "SELECT s.id, g.day::date, m.na, m.ra" + grid[0]
                + " CROSS JOIN LATERAL (SELECT count(*) AS na, count(*) FILTER (WHERE is_returning) AS ra"
                  " FROM kunang_returning_members(s.id, g.day::date)) m", grid[1]):
            if na:
                o = out.setdefault((*names[sid], day), {"units": [], "persons": 0, "members": 0,
                                                        "members_returning": 0})
                o["members"], o["members_returning"] = na, ra
        # persons_est as kunang_refresh_accuracy stores it (accuracy.sql): the estimate times the unseen factor,
        # the capture-recapture of the day's visitor devices (1 + s p / (b n))
        for sid, day, est, low, high in conn.execute(
                "SELECT s.id, g.day::date, round(p.est * k.k), round(p.low * k.k), round(p.high * k.k)" + grid[0]
                + " CROSS JOIN LATERAL kunang_refresh_persons(s.id, g.day::date, 120 + kunang_poll_interval_s()) p"
                " CROSS JOIN LATERAL (SELECT count(*) FILTER (WHERE d.source = 'snmp')::float8 AS s,"
                " count(*) FILTER (WHERE d.source = 'portal') AS p, count(*) FILTER (WHERE d.source = 'both') AS b,"
                " count(*) AS n FROM device_day d WHERE d.site_id = s.id AND d.day = g.day::date AND d.is_visitor) c"
                " CROSS JOIN LATERAL (SELECT CASE WHEN c.b > 0 AND c.n > 0 THEN 1.0 + c.s * c.p / (c.b * c.n)"
                " ELSE 1.0 END AS k) k", grid[1]):
            if (*names[sid], day) in out:
                out[(*names[sid], day)].update(persons=est, persons_low=low, persons_high=high)
    return out


def returning_se(conn, sample: list, population: float | None) -> float | None:
    """SE of the share returning/base of `sample` [(unit, returning)] over days: the product's own
    kunang_returning_share_se_of (collector/db/functions/returning.sql; units repeat over days: clusters)."""
    return conn.execute("SELECT kunang_returning_share_se_of(%s::text[], %s::boolean[], %s::float8)",
                        ([x[0] for x in sample], [x[1] for x in sample], population)).fetchone()[0]


def model_months(seed: int, world, sample: dict, conn) -> dict:
    """Per site-month: sessions (estimate) and returning share (estimate) errors with their SEs."""
    truth, dd, counts, _logins = world
    keys = sorted(truth)
    # the product's estimate and its variance (kunang_sessions_unseen, kunang_sessions_unseen_var)
    est, var = {}, {}
    for k, (e, v) in zip(keys, conn.execute(
            "SELECT kunang_sessions_unseen(s, p, b, d, m), kunang_sessions_unseen_var(s, p, b, d, m)"
            " FROM unnest(%s::float8[], %s::float8[], %s::float8[], %s::float8[], %s::float8[])"
            " WITH ORDINALITY AS x(s, p, b, d, m, i) ORDER BY i",
            ([counts[k]["snmp"] for k in keys], [counts[k]["portal"] for k in keys], [counts[k]["both"] for k in keys],
             [counts[k].get("dhcp_only") for k in keys], [counts[k].get("dhcp_both") for k in keys])).fetchall()):
        est[k], var[k] = e, v
    out = {}
    for site, month in sorted({(k[0], k[1].replace(day=1)) for k in keys}):
        mk = [k for k in keys if k[0] == site and k[1].replace(day=1) == month]
        meas = {k: {"sessions_snmp_only": counts[k]["snmp"], "sessions_portal_only": counts[k]["portal"],
                    "sessions_both": counts[k]["both"], "sessions_unseen": est[k], "sessions_unseen_var": var[k]}
                for k in mk}
        t_sess = sum(truth[k]["sessions"] for k in mk)
        m_sess = sum(c["snmp"] + c["portal"] + c["both"] for c in (counts[k] for k in mk)) + sum(est[k] or 0 for k in mk)
        se = unseen_se(meas, mk)
        r = {"sessions (estimate)": (m_sess - t_sess) / t_sess, "sessions (estimate) SE": se / t_sess if se else None}
        full = [k for k in mk if truth[k]["returning"] is not None]
        smp = [x for k in full for x in sample.get((seed, *k), {}).get("units", ())]
        t_ret = sum(truth[k]["returning"] for k in full) / max(1, sum(truth[k]["persons"] for k in full))
        if full and smp and t_ret:
            # the anchor: the sample alone (every person unit, members' too), its SE with the persons' FPC
            se = returning_se(conn, smp, sum(sample.get((seed, *k), {}).get("persons", 0) for k in full))
            r["returning share (sample)"] = sum(bool(x[1]) for x in smp) / len(smp) / t_ret - 1
            r["returning share (sample) SE"] = se / t_ret if se is not None else None
            # the product: member logins known (stratum A), the rest estimated from its sample (stratum B)
            days = [sample.get((seed, *k), {}) for k in full]
            na = sum(d.get("members", 0) for d in days)
            ra = sum(d.get("members_returning", 0) for d in days)
            b = [(x[0], x[1]) for d in days for x in d.get("units", ()) if not x[2]]
            nb = sum(max(d.get("persons", 0) - d.get("members", 0), sum(1 for x in d.get("units", ()) if not x[2]))
                     for d in days)
            # the persons estimate's variance (its range as an even spread, by day) and the polls' capture rate
            # (of the visitor devices the portal saw, the share the polls saw too), as kunang_returning_share
            nb_var = sum((d.get("persons_high", 0) - d.get("persons_low", 0)) ** 2 / 12 for d in days)
            vis = [r for (st, day, _m), r in dd.items() if st == site and (site, day) in full
                   and r["portal"] and r["presence"] >= VISITOR_MIN_S]
            seen = sum(r["snmp"] for r in vis) / len(vis) if any(r["snmp"] for r in vis) else None
            share, se = conn.execute("SELECT share, se FROM kunang_returning_share_of(%s, %s, %s::text[], "
                                     "%s::boolean[], %s, %s, %s)", (na, ra, [u for u, _ in b], [x for _, x in b], nb,
                                                                    nb_var, seen)).fetchone()
            if share is not None:
                r["returning share (estimate)"] = share / t_ret - 1
                r["returning share (estimate) SE"] = se / t_ret if se is not None else None
        out[f"{site} {month:%Y-%m}"] = r
    return out


def database_returning_se(db_dsn: str, truth: dict) -> dict:
    """Per site-month: the returning share's relative SE and error as the product computes them for a month
    (kunang_returning_share: the full-window days' member logins and samples of a filled database)."""
    out = {}
    with psycopg.connect(db_dsn) as conn:
        for site, sid in conn.execute("SELECT name, id FROM site").fetchall():
            for month in sorted({k[1].replace(day=1) for k in truth if k[0] == site}):
                full = [k[1] for k in truth if k[0] == site and k[1].replace(day=1) == month
                        and truth[k]["returning"] is not None]
                t = sum(truth[(site, d)]["returning"] for d in full) / max(1, sum(truth[(site, d)]["persons"]
                                                                                  for d in full))
                row = conn.execute("SELECT share, se FROM kunang_returning_share(%s, %s, %s)",
                                   (sid, month, max(full))).fetchone() if full else None
                sh, s = row if row else (None, None)
                out[f"{site} {month:%Y-%m}"] = (s / t if s is not None and t else None,
                                                sh / t - 1 if sh is not None and t else None)
    return out


def pipeline_months(dsn: str, seed: int, days: int, window: int, cache: Path) -> dict:
    """Per site-month figures of the whole pipeline (bench.accuracy.run_scenario), kept in cache/seedN.json."""
    path = cache / f"seed{seed}.json"
    if path.exists():
        return json.loads(path.read_text())
    se = {}
    res = run_scenario(dsn, 60, True, True, days=days, window=window, seed=seed, dbname=f"kunang_accuracy_seed{seed}",
                       out=io.StringIO(), inspect=lambda db_dsn, truth: se.update(database_returning_se(db_dsn, truth)))
    months = res["per_month"]
    for key, r in months.items():
        # the sample alone (site_daily.returning_est / returning_base: the anchor) and the product's share
        # (kunang_returning_share: member logins known, the rest from the sample) with its SE
        if r.get("returning share (estimate)") is not None:
            r["returning share (sample)"] = r["returning share (estimate)"]
        r["returning share (estimate) SE"], r["returning share (estimate)"] = se.get(key, (None, None))
    cache.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(months, indent=1))
    return months


def print_tables(per_seed: dict, out=sys.stdout) -> list:
    """One table per figure (rows: seeds, columns: site-months); returns the misses."""
    cols = sorted({k for m in per_seed.values() for k in m})
    misses = []
    for name, key, se_key, target in FIGURES:
        if not any(key in m.get(c, {}) for m in per_seed.values() for c in cols):
            continue
        lim = TARGETS[target]
        print(f"\n{name} (target {100 * lim:.0f} %): error (± SE), * outside the target", file=out)
        print(f"{'seed':>5} " + " ".join(f"{c.removeprefix('Perpustakaan Desa '):>26}" for c in cols), file=out)
        errs = defaultdict(list)
        for seed, m in sorted(per_seed.items()):
            cells = []
            for c in cols:
                e, se = m.get(c, {}).get(key), m.get(c, {}).get(se_key) if se_key else None
                if e is None:
                    cells.append(f"{'—':>26}")
                    continue
                errs[c].append(e)
                miss = abs(e) > lim
                if miss:
                    misses.append((name, seed, c, e, se))
                txt = f"{100 * e:+.2f} %" + (f" (± {100 * se:.2f})" if se else "") + ("*" if miss else " ")
                cells.append(f"{txt:>26}")
            print(f"{seed:>5} " + " ".join(cells), file=out)
        print(f"{'mean':>5} " + " ".join(f"{(f'{100 * statistics.fmean(errs[c]):+.2f} % sd {100 * statistics.pstdev(errs[c]):.2f}' if errs[c] else '—'):>26}" for c in cols), file=out)
        if se_key:  # |z| > 2: the truth outside the range shown (the estimate +- 2 SE)
            zs = [m[c][key] / m[c][se_key] for m in per_seed.values() for c in cols
                  if m.get(c, {}).get(key) is not None and m[c].get(se_key)]
            allerr = [e for c in cols for e in errs[c]]
            if allerr:
                print(f"  all {len(allerr)}: mean {100 * statistics.fmean(allerr):+.2f} % sd "
                      f"{100 * statistics.pstdev(allerr):.2f}, outside the target "
                      f"{sum(abs(e) > lim for e in allerr)}, |z| > 2: {sum(abs(z) > 2 for z in zs)} of {len(zs)}"
                      + (f", spread of z {statistics.pstdev(zs):.2f}, max |z| {max(map(abs, zs)):.2f}" if zs else ""),
                      file=out)
    print("\nmisses (figure, seed, site-month, error, SE, z):" if misses else "\nno misses", file=out)
    for name, seed, c, e, se in misses:
        z = f"{e / se:+.2f}" if se else "—"
        print(f"  {name}, seed {seed}, {c}: {100 * e:+.2f} %" + (f" ± {100 * se:.2f} %" if se else "") + f", z {z}",
              file=out)
    return misses


def _seeds(text: str) -> list[int]:
    if "-" in text:
        a, b = map(int, text.split("-"))
        return list(range(a, b + 1))
    return [int(x) for x in text.split(",")]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dsn", required=True, help="a migrated database (model) or a server DSN (--pipeline)")
    ap.add_argument("--seeds", default="1-12", help="a range A-B or a list A,B,C")
    ap.add_argument("--days", type=int, default=45)
    ap.add_argument("--window", type=int, default=30)
    ap.add_argument("--identity", choices=("lease", "trial"), default="lease",
                    help="model: MikroTik member logins carry the MAC of their DHCP lease (lease), or only trial "
                         "logins carry one (trial: a router whose DHCP log is not read)")
    ap.add_argument("--dhcp-loss", type=float, default=0.0,
                    help="model: share of the DHCP log's grant lines lost on the way (0: every join logged)")
    ap.add_argument("--no-dhcp", action="store_true",
                    help="model: the DHCP log is not read (the polls against the portal alone, as before)")
    ap.add_argument("--pipeline", type=Path, metavar="DIR", help="run the whole pipeline; keep results in DIR")
    args = ap.parse_args(argv)
    per_seed = {}
    try:
        if args.pipeline:
            for seed in _seeds(args.seeds):
                print(f"accuracy_seeds: seed {seed}: pipeline ...", file=sys.stderr, flush=True)
                per_seed[seed] = pipeline_months(args.dsn, seed, args.days, args.window, args.pipeline)
        else:
            with psycopg.connect(args.dsn) as conn:
                for seed in _seeds(args.seeds):
                    print(f"accuracy_seeds: seed {seed}: model ...", file=sys.stderr, flush=True)
                    world = model_world(seed, args.days, args.window, identity=args.identity,
                                        dhcp_loss=None if args.no_dhcp else args.dhcp_loss)
                    per_seed[seed] = model_months(seed, world, product_returning(conn, {seed: world}, args.window), conn)
    except KeyboardInterrupt:
        print(f"accuracy_seeds: interrupted; {len(per_seed)} seed(s) done", file=sys.stderr)
        print_tables(per_seed)
        return 130
    print_tables(per_seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

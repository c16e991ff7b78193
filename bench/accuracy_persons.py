"""The persons estimate over many seeds from the model, against the truth, beside an anchor rule (issue 22).

    .venv/bin/python -m bench.accuracy_persons --dsn MIGRATED_DB [--seeds 1-40] [--anchor-sql FILE] [--explain]

docs/metrics.md "Persons (estimate)". For each seed of the "Done when" scenario (60 s polls, randomised MACs,
two-device visitors, one blind AP per site; bench.accuracy_seeds.model_world: the model's stays as the polls of
the client-listing APs and the MAC-carrying logins see them, the MikroTik logins that name a user as portal
sessions) the device-days are written into the database in a transaction that is rolled back, and the product's
own SQL makes the persons figure of each site-day as `kunang_refresh_accuracy` stores it (the rule,
`kunang_refresh_persons`, times the unseen factor; bench.accuracy_seeds.product_returning). `--anchor-sql FILE`
runs the same on the rule in FILE (e.g. `git show REV:collector/db/functions/accuracy.sql > old.sql`), loaded
in the same rolled-back transaction: the old rule beside the new on the same stays. Per site-month: the error
against the true persons (bench.accuracy.truth_figures), and with `--explain` its two parts: the estimate
before the unseen factor against the true persons some source saw (a person with a visitor device the polls
or a MAC-carrying login saw), and what the unseen factor adds against the true persons no source saw.

The model is not the pipeline (no poll jitter or failed polls, no split stays), but a device's first and last
sighting are as the pipeline has them: the first and last poll instant (60 s steps) that lists it, or for a device
only the portal saw its login and logout (`--sightings true`: the true arrival and departure instead). CPU: about
1 s a seed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections import defaultdict
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.accuracy_seeds import SCENARIO, VISITOR_MIN_S, _seeds, copy_world, model_world, product_returning  # noqa: E402
from bench.accuracy_unseen import observed_visits  # noqa: E402

TARGET = 0.05


def seed_days(conn, seed: int, rules: dict, days: int = 45, window: int = 30, sightings: str = "polls") -> dict:
    """(site, day) -> {"T": true persons, "seen": true persons some source saw, "unseen": true persons none
    saw, rule: (persons as stored, the estimate before the unseen factor)} for each rule (name -> SQL or None:
    the database's own). `sightings` "polls": a device's first and last sighting as the pipeline has them (the
    first and last poll instant that lists it on a client-listing AP; a device only the portal saw: its login
    and logout); "true": its arrival and departure."""
    polled = observed_visits(SCENARIO, seed, days, identity="lease", detail=True, polled=True)
    stays = [x[:5] for x in polled]
    world = model_world(seed, days, window, stays=stays)
    truth, dd = world[0], world[1]
    if sightings == "polls":
        for site, day, src, _dw, v, polls, _mac in polled:
            r = dd.get((site, day, v.mac))
            if r is not None and src in ("snmp", "both"):
                r["first"], r["last"] = min(a for a, _b in polls), max(b for _a, b in polls)
            elif r is not None and src == "portal":
                r["first"], r["last"] = v.login, v.logout
    person = {(site, day, v.mac): v.person for site, day, _src, _dw, v in stays}
    seen = defaultdict(set)
    for (site, day, mac), r in dd.items():
        if r["presence"] >= VISITOR_MIN_S:
            seen[(site, day)].add(person[(site, day, mac)])
    out = {k: {"T": len(t["person_ids"]), "seen": len(seen[k] & t["person_ids"]),
               "unseen": len(t["person_ids"] - seen[k])} for k, t in truth.items()}
    for name, rule in rules.items():
        with conn.transaction(force_rollback=True):
            if rule:
                conn.execute(rule)
            sample = product_returning(conn, {seed: world}, window)
            est = _before_factor(conn, world)
        for k in out:
            r = sample.get((seed, *k), {})
            out[k][name] = (r.get("persons", 0), est.get(k, 0))
    return out


def _before_factor(conn, world) -> dict:
    """(site, day) -> kunang_refresh_persons' estimate without the unseen factor, on the world's device-days
    (written again in a rolled-back savepoint: product_returning rolls its own back)."""
    _truth, dd, _counts, logins = world
    out = {}
    with conn.transaction(force_rollback=True):
        ids = {}
        for site in sorted({k[0] for k in dd}):
            ids[site] = conn.execute("INSERT INTO site (name, timezone) VALUES (%s, 'Asia/Makassar') RETURNING id",
                                     (f"persons {site}",)).fetchone()[0]
        copy_world(conn, ids, dd, logins)
        names = {v: k for k, v in ids.items()}
        for sid, day, est in conn.execute(
                "SELECT d.site_id, d.day, p.est FROM (SELECT DISTINCT site_id, day FROM device_day"
                " WHERE site_id = ANY(%s)) d CROSS JOIN LATERAL kunang_refresh_persons(d.site_id, d.day,"
                " 120 + kunang_poll_interval_s()) p", (list(names),)):
            out[(names[sid], day)] = est
    return out


def months(days: dict) -> dict:
    m = defaultdict(list)
    for (site, day), r in days.items():
        m[f"{site.removeprefix('Perpustakaan Desa ')} {day:%Y-%m}"].append(r)
    return m


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dsn", required=True, help="a migrated database (nothing is committed to it)")
    ap.add_argument("--seeds", default="1-40")
    ap.add_argument("--anchor-sql", type=Path, help="the anchor rule: an accuracy.sql to load in its place")
    ap.add_argument("--explain", action="store_true", help="the seen and unseen parts of each site-month's error")
    ap.add_argument("--sightings", choices=("polls", "true"), default="polls",
                    help="first/last sighting: the poll instants and portal login/logout (polls), or the true times")
    args = ap.parse_args(argv)
    rules = {"rule": None}
    if args.anchor_sql:
        rules["anchor"] = args.anchor_sql.read_text()
    errs = defaultdict(lambda: defaultdict(list))
    parts = defaultdict(lambda: defaultdict(float))
    with psycopg.connect(args.dsn) as conn:
        for seed in _seeds(args.seeds):
            per_month = months(seed_days(conn, seed, rules, sightings=args.sightings))
            cells = []
            for col, rs in sorted(per_month.items()):
                t = sum(r["T"] for r in rs)
                p = parts[col]
                for k in ("T", "seen", "unseen"):
                    p[k] += sum(r[k] for r in rs)
                for name in rules:
                    e = sum(r[name][0] for r in rs) / t - 1
                    errs[name][col].append(e)
                    p[name + " before"] += sum(r[name][1] for r in rs)
                    p[name + " after"] += sum(r[name][0] for r in rs)
                cells.append(f"{col}: " + " / ".join(f"{100 * errs[n][col][-1]:+.2f}" for n in rules))
            print(f"seed {seed:3}  " + "  ".join(cells) + f"   ({' / '.join(rules)})", flush=True)
    cols = sorted({c for e in errs.values() for c in e})
    print(f"\nper site-month error, mean / SD / worst; then all: mean, SD, outside {100 * TARGET:.0f} %, beyond 4 %")
    for name in rules:
        allv = [e for c in cols for e in errs[name][c]]
        print(f"{name:7} " + "  ".join(f"{c}: {100 * statistics.fmean(errs[name][c]):+.2f} / "
                                       f"{100 * statistics.pstdev(errs[name][c]):.2f} / "
                                       f"{100 * max(errs[name][c], key=abs):+.2f}" for c in cols)
              + f"  | all {len(allv)}: {100 * statistics.fmean(allv):+.2f} %, SD {100 * statistics.pstdev(allv):.2f},"
                f" {sum(abs(e) > TARGET for e in allv)} outside, {sum(abs(e) > 0.04 for e in allv)} beyond 4 %,"
                f" worst {100 * max(allv, key=abs):+.2f} %")
    if args.explain:
        print("\nparts (sums over the seeds): the estimate before the unseen factor vs the true persons some source"
              " saw; what the factor adds vs the true persons none saw")
        for c in cols:
            p = parts[c]
            added = {n: p[n + " after"] - p[n + " before"] for n in rules}
            print(f"  {c}: true {p['T']:.0f} (seen {p['seen']:.0f}, unseen {p['unseen']:.0f}); " + "; ".join(
                f"{n}: before {p[n + ' before']:.0f} ({100 * (p[n + ' before'] / p['seen'] - 1):+.2f} %), added "
                f"{added[n]:.0f} ({100 * (added[n] / p['unseen'] - 1):+.1f} %)" for n in rules))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The returning share's error taken apart per site-month, and its SE against the sampling design (issue 22).

    .venv/bin/python -m bench.accuracy_returning_parts --dsn MIGRATED_DSN [--seeds 1-40] [--reps 200]

The model of the "Done when" world (bench/accuracy_seeds.py, model mode: the product's SQL rules on the model's
device-days and logins; lease identity). For each site-month (its full-window days) the product's share
(kunang_returning_share_of, as bench.accuracy_seeds.model_months computes it) minus the truth is split into
three parts that add up to it (each relative to the truth):

- `N_B`: the persons estimate less stratum A (N_B) against the true persons outside A (the share with the true
  N_B instead of the estimated one);
- `sampling`: stratum B's sample share p_B against B's true share (with the true N_B);
- `A`: stratum A (member logins, kunang_returning_members) against the persons who logged in as members.

and the sample's make-up: of stratum B's regular person-days and of its walk-in person-days, the share with a
device that has a global MAC (g_reg, g_walk) and the share in the sample (f_reg, f_walk); units against persons
(the share over the sampled persons' days, each unit mapped to its simulated person).

The SE of p_B (kunang_returning_share_se_of on B's sample, as the product) is set against a Monte-Carlo of the
sampling design on the month's true stratum-B population (`--reps` draws): each person's devices get a global MAC
with the simulator's probability (1 - its randomised share) once for the month (a regular keeps their devices),
each person-day is seen by the polls with the month's observed rate; the SD of the drawn p_B is the design's
SE, and (p_B - p_B true) / that SD a z that no estimator of the SE can improve on. Printed per site: the
spread of the error, of the product's z and of the design's z, the ratio SE / design SD, the parts' means and
spreads, and the site-months outside 10 % or outside their range (|z| > 2) with their parts.
About 1-2 s of CPU a seed (the model and the database); run it under `flock /work/.bench.lock`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
from collections import defaultdict
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.accuracy_seeds import (SCENARIO, VISITOR_MIN_S, _mikrotik_sites, _seeds, model_months,  # noqa: E402
                                  model_world, product_returning)
from bench.accuracy_unseen import observed_visits  # noqa: E402
from collector.simulator.day import RANDOMIZED_SHARE  # noqa: E402

WINDOW = 30


def parts(seed: int, reps: int, conn) -> list[dict]:
    """One row per site-month of the seed's world: error, z, its parts and the design's SE."""
    stays = observed_visits(SCENARIO, seed, 45, identity="lease", detail=True)
    world = model_world(seed, 45, WINDOW, stays=stays, identity="lease")
    truth = world[0]
    smp = product_returning(conn, {seed: world}, WINDOW)
    product = model_months(seed, world, smp, conn)
    mikrotik = _mikrotik_sites(seed)
    present, pdev = defaultdict(set), defaultdict(list)
    for site, day, src, _dwell, v in stays:
        present[site].add((v.person, day))
        member = site in mikrotik and v.login is not None and bool(v.user) and not v.user.startswith("T-") \
            and src in ("portal", "both")
        pdev[(site, day, v.person)].append((v.randomized, src, member))
    mac_person = {(site, v.mac): v.person for site, _d, _s, _w, v in stays}
    out = []
    for site, month in sorted({(k[0], k[1].replace(day=1)) for k in truth}):
        full = sorted(k for k in truth if k[0] == site and k[1].replace(day=1) == month
                      and truth[k]["returning"] is not None)
        key = f"{site} {month:%Y-%m}"
        if not full or "returning share (estimate)" not in product.get(key, {}):
            continue
        days = [smp.get((seed, *k), {}) for k in full]
        # the product's inputs (as bench.accuracy_seeds.model_months)
        na = sum(d.get("members", 0) for d in days)
        ra = sum(d.get("members_returning", 0) for d in days)
        b = [(k, x) for k, d in zip(full, days) for x in d.get("units", ()) if not x[2] and x[1] is not None]
        nb = sum(max(d.get("persons", 0) - d.get("members", 0), sum(1 for x in d.get("units", ()) if not x[2]))
                 for d in days)
        pb = sum(bool(x[1]) for _k, x in b) / len(b)
        # the truth, split into the persons who logged in as members (A) and the others (B)
        t_n = t_r = 0
        pop = []  # B's person-days: (person, returning, devices, regular, day)
        for k in full:
            for p in truth[k]["person_ids"]:
                ret = any((p, k[1] - dt.timedelta(days=i)) in present[site] for i in range(1, WINDOW + 1))
                devs = pdev[(site, k[1], p)]
                t_n += 1
                t_r += ret
                if not (na and any(m for _r, _s, m in devs)):
                    pop.append((p, ret, devs, "-m" in p, k[1]))
        t_share = t_r / t_n
        nb_true, rb_true = len(pop), sum(x[1] for x in pop)
        pb_true = rb_true / nb_true
        share = (ra + pb * nb) / (na + nb)
        with_nb = (ra + pb * nb_true) / (na + nb_true)
        exact_b = (ra + pb_true * nb_true) / (na + nb_true)
        # the sample's make-up (units mapped to their simulated persons)
        sampled = {(k[1], mac_person.get((site, x[0]))) for k, x in b}
        pers = {}
        for k, x in b:
            pk = (k[1], mac_person.get((site, x[0])))
            pers[pk] = pers.get(pk, False) or bool(x[1])
        reg = [x for x in pop if x[3]]
        walk = [x for x in pop if not x[3]]

        def glob(x):
            return any(not r for r, _s, _m in x[2])

        def rate(rows, f):
            return sum(map(f, rows)) / len(rows) if rows else float("nan")

        se_b = conn.execute("SELECT kunang_returning_share_se_of(%s::text[], %s::boolean[], %s::float8, %s::float8)",
                            ([x[0] for _k, x in b], [x[1] for _k, x in b], nb, _seen(world[1], site, full))
                            ).fetchone()[0]
        # the sampling design on B's true population: MAC types once a person for the month, polls a day
        polled = rate(pop, lambda x: any(s in ("snmp", "both") for _r, s, _m in x[2]))
        persons = defaultdict(list)
        for x in pop:
            persons[x[0]].append(x)
        rng = random.Random(seed * 7919 + len(site))
        draws = []
        for _ in range(reps):
            num = den = 0
            for rows in persons.values():
                k = max(len(x[2]) for x in rows)
                if any(rng.random() >= RANDOMIZED_SHARE for _ in range(k)):
                    for x in rows:
                        if rng.random() < polled:
                            den += 1
                            num += x[1]
            draws.append(num / den)
        sd = statistics.pstdev(draws)
        r = product[key]
        # the parts add up to the product's own error (its inputs recomputed here as model_months does)
        assert abs(share / t_share - 1 - r["returning share (estimate)"]) < 1e-9, (key, share, t_share)
        out.append({"seed": seed, "site": site, "err": r["returning share (estimate)"],
                    "z": r["returning share (estimate)"] / r["returning share (estimate) SE"],
                    "se": r["returning share (estimate) SE"],
                    "N_B": (share - with_nb) / t_share, "sampling": (with_nb - exact_b) / t_share,
                    "A": (exact_b - t_share) / t_share, "nb_err": nb / nb_true - 1,
                    "pb": pb, "pb_true": pb_true, "pb_persons": sum(pers.values()) / len(pers),
                    "g_reg": rate(reg, glob), "g_walk": rate(walk, glob),
                    "f_reg": rate(reg, lambda x: (x[4], x[0]) in sampled),
                    "f_walk": rate(walk, lambda x: (x[4], x[0]) in sampled),
                    "regulars": len({x[0] for x in reg}), "se_b": se_b, "design_sd": sd,
                    "z_design": (pb - pb_true) / sd, "z_b": (pb - pb_true) / se_b})
    return out


def _seen(dd: dict, site: str, full: list) -> float | None:
    """The polls' capture rate of the days' visits, as kunang_returning_share (and model_months)."""
    vis = [r for (st, day, _m), r in dd.items() if st == site and (site, day) in full
           and r["portal"] and r["presence"] >= VISITOR_MIN_S]
    return sum(r["snmp"] for r in vis) / len(vis) if any(r["snmp"] for r in vis) else None


def report(rows: list[dict], out=sys.stdout) -> None:
    pct = 100.0
    for site in sorted({r["site"] for r in rows}):
        rs = [r for r in rows if r["site"] == site]

        def ms(k, rs=rs):
            v = [x[k] for x in rs]
            return f"{pct * statistics.fmean(v):+.2f} / {pct * statistics.pstdev(v):.2f} %"

        print(f"{site} ({len(rs)} site-months): error {ms('err')}; parts: N_B {ms('N_B')}, sampling {ms('sampling')}, "
              f"A {ms('A')}; N_B's own error {ms('nb_err')}", file=out)
        print(f"  g_reg - g_walk {ms_diff(rs, 'g_reg', 'g_walk')}, f_reg - f_walk {ms_diff(rs, 'f_reg', 'f_walk')}; "
              f"units = persons: max |p_B - p_B(persons)| {max(abs(r['pb'] - r['pb_persons']) for r in rs):.4f}",
              file=out)
        print(f"  spread of z: product {statistics.pstdev(r['z'] for r in rs):.2f}, p_B on its own SE "
              f"{statistics.pstdev(r['z_b'] for r in rs):.2f}, p_B on the design's SD "
              f"{statistics.pstdev(r['z_design'] for r in rs):.2f}; SE_B / design SD median "
              f"{statistics.median(r['se_b'] / r['design_sd'] for r in rs):.2f}; ranges holding the truth "
              f"{sum(abs(r['z']) <= 2 for r in rs)} of {len(rs)}, by the design's SD "
              f"{sum(abs(r['z_design']) <= 2 for r in rs)}", file=out)
    print(f"all {len(rows)}: outside 10 % {sum(abs(r['err']) > 0.10 for r in rows)}, ranges holding the truth "
          f"{sum(abs(r['z']) <= 2 for r in rows)}, median range width (4 SE) "
          f"{pct * statistics.median(4 * r['se'] for r in rows):.1f} % of the truth, spread of z "
          f"{statistics.pstdev(r['z'] for r in rows):.2f}", file=out)
    print("site-months outside 10 % or outside their range (parts in % of the truth):", file=out)
    for r in rows:
        if abs(r["err"]) > 0.10 or abs(r["z"]) > 2:
            print(f"  seed {r['seed']} {r['site']}: {pct * r['err']:+.2f} % (z {r['z']:+.2f}) = N_B "
                  f"{pct * r['N_B']:+.2f} (N_B {pct * r['nb_err']:+.1f} %) + sampling {pct * r['sampling']:+.2f} "
                  f"(design z {r['z_design']:+.2f}; g_reg {r['g_reg']:.2f} / g_walk {r['g_walk']:.2f}, "
                  f"{r['regulars']} regulars in B) + A {pct * r['A']:+.2f}", file=out)


def ms_diff(rs, a, b):
    v = [r[a] - r[b] for r in rs]
    return f"{statistics.fmean(v):+.3f} / {statistics.pstdev(v):.3f}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dsn", required=True, help="a migrated database (scratch; nothing is kept)")
    ap.add_argument("--seeds", default="1-40")
    ap.add_argument("--reps", type=int, default=200)
    args = ap.parse_args(argv)
    rows = []
    with psycopg.connect(args.dsn) as conn:
        for seed in _seeds(args.seeds):
            print(f"accuracy_returning_parts: seed {seed} ...", file=sys.stderr, flush=True)
            rows += parts(seed, args.reps, conn)
    report(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

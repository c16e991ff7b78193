"""The returning share's SE states the noise of its sampling design where a site's regulars are few (issue 22;
collector/db/functions/returning.sql kunang_returning_share_se_of; docs/metrics.md "The range against its sampling
design").

A stratum-B population of a site-month: 30 regulars on 8 days each (returning) and 300 walk-ins (new), 540
person-days. The design the sample is drawn by: a person has a device with a global MAC or not once for the month
(probability 0.6: a regular keeps their devices), and each of their days the polls see them or not (0.6). Over
300 draws (a fixed random stream), the product's SE of each draw's share, on average, against the spread of the
drawn shares: the same within 10 %. The rules it replaced or that were proposed read otherwise here: the person-days'
correction (1 - B / population, before 2026-12-08) states it about 18 % too wide; a unit per person-day (no
clustering across a regular's days) about 36 % too narrow. Real PostgreSQL; one query a rule."""

from __future__ import annotations

import random
import statistics

REGULARS, DAYS, WALKINS = 30, 8, 300
G, S = 0.6, 0.6
DRAWS = 300


def _draws():
    rng = random.Random(2212)
    out = []
    for _ in range(DRAWS):
        rows = []
        for i in range(REGULARS):
            if rng.random() < G:
                rows += [(f"r{i}", True) for _ in range(DAYS) if rng.random() < S]
        rows += [(f"w{j}", False) for j in range(WALKINS) if rng.random() < G and rng.random() < S]
        out.append(rows)
    return out


def _ses(db, draws, *, per_day=False, seen=S):
    """The product's SE of every draw (one query); per_day: each row its own unit."""
    k, u, r = [], [], []
    for i, rows in enumerate(draws):
        for j, (unit, ret) in enumerate(rows):
            k.append(i)
            u.append(f"{unit}/{j}" if per_day else unit)
            r.append(ret)
    return [x for (x,) in db.execute(
        "SELECT kunang_returning_share_se_of(array_agg(x.u ORDER BY x.i), array_agg(x.r ORDER BY x.i), %s, %s)"
        " FROM unnest(%s::int[], %s::text[], %s::boolean[]) WITH ORDINALITY x(k, u, r, i) GROUP BY x.k ORDER BY x.k",
        (float(REGULARS * DAYS + WALKINS), seen, k, u, r)).fetchall()]


def test_ana034_se_matches_the_design_with_few_regulars(db):
    draws = _draws()
    shares = [sum(r for _u, r in rows) / len(rows) for rows in draws]
    spread = statistics.pstdev(shares)
    ratio = statistics.fmean(_ses(db, draws)) / spread
    assert 0.9 <= ratio <= 1.1, ratio
    # the person-days' correction (no capture rate: 1 - B / population) reads wider than the design
    assert statistics.fmean(_ses(db, draws, seen=None)) / spread > 1.1
    # a unit per person-day (a regular's days as independent draws) reads narrower
    assert statistics.fmean(_ses(db, draws, per_day=True)) / spread < 0.8

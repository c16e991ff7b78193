"""The returning share counts persons, and carries its standard error (issue 22; collector/db/functions/returning.sql,
docs/metrics.md "Which devices estimate the returning share", "The returning share's sampling error"): the sample
of a site-day is person units (two global-MAC devices arriving and leaving together are one person, unless one
returns and the other does not), the SE is the cluster-linearised ratio SE over the period's full-window days,
period_figures carries it and the site page and the report show the range it makes, in English and Indonesian.
Real PostgreSQL; the expected SE is written out here from the docs' formula."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict

import pytest

from dashboard import analytics as A
from dashboard import fmt
from dashboard.i18n import t
from dashboard.limits import returning_sub
from dashboard.reports import texts
from dashboard.reports.headline import _returning_note
from dashboard.reports.model import Figure
from dashboard.reports.tables import _figure_cell
from tests.analytics.conftest import SITE_DAILY_ZERO

D = dt.date(2026, 11, 20)
ZERO = SITE_DAILY_ZERO


def se_formula(rows: list[tuple[str, bool]], population: float) -> float | None:
    """docs/metrics.md: var = n/(n-1) * sum_c (r_c - p b_c)^2 / B^2 * (1 - B / population) (the person-days'
    correction: no capture rate known, or every unit on one day)."""
    by = defaultdict(lambda: [0, 0])
    for unit, ret in rows:
        by[unit][0] += 1
        by[unit][1] += ret
    n, base = len(by), sum(b for b, _ in by.values())
    if n < 2:
        return None
    p = sum(r for _, r in by.values()) / base
    var = n / (n - 1) * sum((r - p * b) ** 2 for b, r in by.values()) / base ** 2
    return math.sqrt(var * max(0.0, 1 - base / max(population, base)))


def se_two_stage(rows: list[tuple[str, bool]], population: float, seen: float) -> float | None:
    """docs/metrics.md: the FPC on persons, a person's MAC type one draw (g) and each day's capture by the polls
    another (s): var = n/(n-1) * [(1 - g) sum_c e_c^2 + g (1 - s) B p (1 - p)] / B^2, g = B / (population s)."""
    by = defaultdict(lambda: [0, 0])
    for unit, ret in rows:
        by[unit][0] += 1
        by[unit][1] += ret
    n, base = len(by), sum(b for b, _ in by.values())
    p = sum(r for _, r in by.values()) / base
    g = min(1.0, base / (max(population, base) * seen))
    between = sum((r - p * b) ** 2 for b, r in by.values())
    return math.sqrt(n / (n - 1) * ((1 - g) * between + g * (1 - seen) * base * p * (1 - p)) / base ** 2)


def _at(day: dt.date, hh: int, mm: int, ss: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hh, mm, ss, tzinfo=dt.timezone.utc)


def _device(db, day, device, first, last, *, ret, randomized=False, source="snmp", visitor=True):
    db.execute("INSERT INTO device_day (site_id, day, device, randomized, visits, presence_s, first_seen, last_seen,"
               " source, bytes, is_visitor, is_returning) VALUES (1, %s, %s, %s, 1, %s, %s, %s, %s, 0, %s, %s)",
               (day, device, randomized, int((last - first).total_seconds()), first, last, source, visitor, ret))


def _site_day(db, day, history_days, base, est, persons):
    db.execute("INSERT INTO site_daily (site_id, day, visitors, history_days, returning_base, returning_est,"
               " persons_est, persons_low, persons_high, incomplete, " + ", ".join(ZERO) + ")"
               " VALUES (1, %s, %s, %s, %s, %s, %s, %s, %s, false" + ", 0" * len(ZERO) + ")",
               (day, persons, history_days, base, est, persons, persons, persons))


@pytest.fixture()
def world(db):
    """Site 1: on D a pair (a1, a2: returning), a lone new device (b), a disagreeing pair (c1 returning, c2 new)
    and devices the sample leaves out (randomised, portal-only, a passer-by); on D-1 the pair a1, a2 again and a
    new device e; on D-2 (no full look-back window) two more that must not count."""
    db.execute("INSERT INTO site (id, name, timezone) VALUES (1, 'A', 'Asia/Makassar')")
    _device(db, D, "a1", _at(D, 1, 0), _at(D, 2, 0), ret=True)
    _device(db, D, "a2", _at(D, 1, 0, 40), _at(D, 1, 59, 30), ret=True)
    _device(db, D, "b", _at(D, 1, 30), _at(D, 3, 0), ret=False)
    _device(db, D, "c1", _at(D, 5, 0), _at(D, 6, 0), ret=True)
    _device(db, D, "c2", _at(D, 5, 0, 30), _at(D, 6, 0, 20), ret=False)
    _device(db, D, "r", _at(D, 1, 0), _at(D, 2, 0), ret=True, randomized=True)
    _device(db, D, "p", _at(D, 2, 0), _at(D, 3, 0), ret=True, source="portal")
    _device(db, D, "s", _at(D, 2, 0), _at(D, 2, 3), ret=True, visitor=False)
    d1, d2 = D - dt.timedelta(days=1), D - dt.timedelta(days=2)
    _device(db, d1, "a1", _at(d1, 1, 0), _at(d1, 2, 0), ret=True)
    _device(db, d1, "a2", _at(d1, 1, 1), _at(d1, 2, 1), ret=True)
    _device(db, d1, "e", _at(d1, 4, 0), _at(d1, 5, 0), ret=False)
    _device(db, d2, "f", _at(d2, 4, 0), _at(d2, 5, 0), ret=False)
    _device(db, d2, "g", _at(d2, 6, 0), _at(d2, 7, 0), ret=False)
    _site_day(db, D, 40, 4, 2, 9)
    _site_day(db, d1, 39, 2, 1, 5)
    _site_day(db, d2, 5, 2, 0, 3)  # short history: not in the shown share, nor in its SE
    return db


def test_ana012_sample_is_person_units(world):
    got = dict(world.execute("SELECT device, is_returning FROM kunang_returning_sample(1, %s)", (D,)).fetchall())
    # a1+a2 one person (returning); b alone; c1, c2 disagree: two persons; r, p, s left out
    assert got == {"a1": True, "b": False, "c1": True, "c2": False}
    d1 = dict(world.execute("SELECT device, is_returning FROM kunang_returning_sample(1, %s)",
                            (D - dt.timedelta(days=1),)).fetchall())
    assert d1 == {"a1": True, "e": False}


@pytest.mark.parametrize("units,flags,population", [
    (["u1", "u1", "u2", "u3", "u4"], [True, True, False, True, False], 20.0),
    (["x", "y", "z", "x", "y", "w", "v"], [True, False, False, True, False, True, True], 12.0),
    (["x", "y"], [True, False], None),  # no population: no correction
])
def test_ana012_se_function_is_the_documented_formula(db, units, flags, population):
    got = db.execute("SELECT kunang_returning_share_se_of(%s::text[], %s::boolean[], %s::float8)",
                     (units, flags, population)).fetchone()[0]
    assert got == pytest.approx(se_formula(list(zip(units, flags)), population or math.inf), rel=1e-12)
    assert got > 0


def test_ana012_se_edge_cases(db):
    one = db.execute("SELECT kunang_returning_share_se_of('{a,a}'::text[], '{t,t}'::boolean[], 10)").fetchone()[0]
    assert one is None  # one unit: no spread to estimate
    assert db.execute("SELECT kunang_returning_share_se_of('{a,b}'::text[], '{t,f}'::boolean[], 2)").fetchone()[0] == 0
    # rotating salt: no returning status, no SE
    assert db.execute("SELECT kunang_returning_share_se_of('{a,b}'::text[], ARRAY[NULL, NULL]::boolean[], 9)"
                      ).fetchone()[0] is None


def test_ana012_se_fpc_on_persons(db):
    """A regular's MAC type is one draw for all of their days: the correction is on persons (1 - g) with each
    day's capture by the polls (s) inside; the person-days' correction (1 - B / population) holds for units seen
    on one day only; for a regular seen on many days it corrects too little (the old rule: a larger SE here)."""
    rows = [("a", True)] * 4 + [("b", True)] * 3 + [(u, False) for u in "cdefg"] + [("h", True)]
    units, flags = [u for u, _ in rows], [r for _, r in rows]
    got = db.execute("SELECT kunang_returning_share_se_of(%s::text[], %s::boolean[], 20, 0.8)",
                     (units, flags)).fetchone()[0]
    assert got == pytest.approx(se_two_stage(rows, 20, 0.8), rel=1e-12)
    assert got < 0.95 * se_formula(rows, 20)  # the person-days' correction: 0.117 against 0.103
    once = [(u, r) for u, r in zip("abcdefgh", [True, True, False, False, False, False, False, True])]
    one = db.execute("SELECT kunang_returning_share_se_of(%s::text[], %s::boolean[], 20, 0.8)",
                     ([u for u, _ in once], [r for _, r in once])).fetchone()[0]
    assert one == pytest.approx(se_formula(once, 20), rel=1e-12)  # one day each: the same correction
    # no capture rate known: the person-days' correction
    assert db.execute("SELECT kunang_returning_share_se_of(%s::text[], %s::boolean[], 20)", (units, flags)
                      ).fetchone()[0] == pytest.approx(se_formula(rows, 20), rel=1e-12)


def test_ana012_period_se_uses_the_polls_capture_rate(world):
    """Over a range, s is the share of the portal's visitor devices the polls saw too (p portal only, b both on
    D: 1/2); a1 is in the sample on two days, so the correction on persons differs from the person-days' one."""
    world.execute("UPDATE device_day SET source = 'both' WHERE device = 'b' AND day = %s", (D,))
    sample = [("a1", True), ("b", False), ("c1", True), ("c2", False), ("a1", True), ("e", False)]
    got = world.execute("SELECT kunang_returning_share_se(1, %s, %s)", (D - dt.timedelta(days=10), D)).fetchone()[0]
    assert got == pytest.approx(se_two_stage(sample, 9 + 5, 0.5), rel=1e-12)
    assert abs(got - se_formula(sample, 9 + 5)) > 0.01


def test_ana012_period_se_range_and_its_rendering(world):
    """The period's SE: the full-window days' samples as clusters (a1 on two days), the persons estimates as the
    population; period_figures carries it, and the site page and the report show its range (EN, ID)."""
    sample = [("a1", True), ("b", False), ("c1", True), ("c2", False), ("a1", True), ("e", False)]
    expected = se_formula(sample, 9 + 5)
    lo, hi = D - dt.timedelta(days=10), D + dt.timedelta(days=5)
    got = world.execute("SELECT kunang_returning_share_se(1, %s, %s)", (lo, hi)).fetchone()[0]
    assert got == pytest.approx(expected, rel=1e-12)
    fig = A.period_figures(world, [1], lo, hi)[0]
    assert fig["returning_share_est"] == pytest.approx(3 / 6)  # site_daily's stored figures: (2 + 1) / (4 + 2)
    assert fig["returning_share_se"] == pytest.approx(expected, rel=1e-12)
    assert fig["returning_share_low"] == pytest.approx(0.5 - 2 * expected)
    assert fig["returning_share_high"] == pytest.approx(0.5 + 2 * expected)
    for lang in ("en", "id"):
        sub = returning_sub(fig, lang)
        assert sub == t("limits.returning_range", lang, est=fmt.pct(0.5, lang), low=fmt.pct(fig["returning_share_low"], lang),
                        high=fmt.pct(fig["returning_share_high"], lang))
        assert fmt.pct(fig["returning_share_low"], lang) in sub and "±" in sub
        cell = _figure_cell(Figure("returning_share", "share", fig["returning_share_est"], note=_returning_note(fig)),
                            "value", lang)
        assert cell.text == (f"≈ {texts.pct(0.5, lang)} ({texts.num(100 * fig['returning_share_low'], lang)}–"
                             f"{texts.pct(fig['returning_share_high'], lang, 0)})")
    # a period of short-history days only: no share, no range
    fig = A.period_figures(world, [1], D - dt.timedelta(days=2), D - dt.timedelta(days=2))[0]
    assert fig["returning_share_se"] is None and returning_sub(fig, "en") == ""


def test_ana012_sites_combined():
    rows = [{"returning_share_est": 0.5, "returning_base_days": 300, "returning_est_days": 150, "returning_share_se": 0.04},
            {"returning_share_est": 0.4, "returning_base_days": 100, "returning_est_days": 40, "returning_share_se": 0.06}]
    c = A.combined_returning(rows)
    se = math.sqrt(0.75 ** 2 * 0.04 ** 2 + 0.25 ** 2 * 0.06 ** 2)
    assert c["returning_share_est"] == pytest.approx(190 / 400) and c["returning_share_se"] == pytest.approx(se)
    assert c["returning_share_low"] == pytest.approx(190 / 400 - 2 * se)
    assert A.combined_returning(rows[:1] + [rows[1] | {"returning_share_se": None}])["returning_share_low"] is None
    assert A.returning_range(0.02, 0.05)["returning_share_low"] == 0.0  # never below 0 (nor above 1)

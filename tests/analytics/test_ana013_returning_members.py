"""The returning share with member logins as a stratum known exactly (issue 22; collector/db/functions/returning.sql
kunang_returning_members, kunang_returning_share; docs/metrics.md "Member logins: the stratum known exactly").

A world where the simulator's luck does not hold: a member on a first visit (new, though they have a user name), a
member who returns on a rotating randomised MAC (known by the user name alone), a member known returning by the
device the lease gives their login, a walk-in who returns and one who is new, a trial login on a randomised MAC
(named by the MAC: not a member), a member's second device (theirs, not another person of the sample).
A rule "a user name means returning" or "walk-ins never return" gives another share. Real PostgreSQL."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from dashboard import analytics as A
from tests.analytics.conftest import SITE_DAILY_ZERO

D = dt.date(2026, 11, 20)
ZERO = SITE_DAILY_ZERO
PERSONS = 7  # the day's persons estimate: 3 members, 2 sampled walk-ins, 2 persons outside the sample


def _at(day: dt.date, hh: int, mm: int, ss: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hh, mm, ss, tzinfo=dt.timezone.utc)


def _device(db, device, first, last, *, ret, randomized=False, source="snmp"):
    db.execute("INSERT INTO device_day (site_id, day, device, randomized, visits, presence_s, first_seen, last_seen,"
               " source, bytes, is_visitor, is_returning) VALUES (1, %s, %s, %s, 1, %s, %s, %s, %s, 0, true, %s)",
               (D, device, randomized, int((last - first).total_seconds()), first, last, source, ret))


def _login(db, user, start, device, *, randomized=False, via="dhcp"):
    db.execute("INSERT INTO portal_session (site_id, source, user_id, started_at, last_update, device, randomized,"
               " device_via) VALUES (1, 'mikrotik', %s, %s, %s, %s, %s, %s)",
               (user, start, start + dt.timedelta(minutes=50), device, randomized, via))


@pytest.fixture()
def world(db):
    db.execute("INSERT INTO site (id, name, timezone) VALUES (1, 'A', 'Asia/Makassar')")
    window = db.execute("SELECT kunang_returning_window_days()").fetchone()[0]
    # u_new: first visit (its only earlier login is outside the look-back window)
    _device(db, "m_new", _at(D, 1, 0), _at(D, 2, 0), ret=False)
    _login(db, "u_new", _at(D, 1, 2), "m_new")
    _login(db, "u_new", _at(D - dt.timedelta(days=window + 1), 1, 0), "m_old")
    # u_back: returns on a rotating MAC (today's is new), known by its login 5 days ago; its second, global
    # device came and went with it (returning: two persons by the sample's pair rule, both the member's)
    _device(db, "m_back_r", _at(D, 3, 0), _at(D, 4, 0), ret=False, randomized=True, source="both")
    _device(db, "m_back_g", _at(D, 3, 0, 30), _at(D, 3, 59, 40), ret=True)
    _login(db, "u_back", _at(D, 3, 2), "m_back_r", randomized=True)
    _login(db, "u_back", _at(D - dt.timedelta(days=5), 3, 0), "m_prev", randomized=True)
    # u_dev: no earlier login, but its device was seen in the window
    _device(db, "m_dev", _at(D, 5, 0), _at(D, 6, 0), ret=True)
    _login(db, "u_dev", _at(D, 5, 3), "m_dev")
    # walk-ins: w1 returns (no login), w2 is new; a trial login on a randomised MAC (its line carries the MAC)
    _device(db, "w1", _at(D, 1, 30), _at(D, 3, 0), ret=True)
    _device(db, "w2", _at(D, 5, 30), _at(D, 7, 0), ret=False)
    _device(db, "t_r", _at(D, 2, 0), _at(D, 4, 30), ret=False, randomized=True, source="both")
    _login(db, "u_trial_t_r", _at(D, 2, 1), "t_r", randomized=True, via=None)
    db.execute("INSERT INTO site_daily (site_id, day, visitors, history_days, returning_base, returning_est,"
               " persons_est, persons_low, persons_high, incomplete, " + ", ".join(ZERO) + ")"
               " VALUES (1, %s, 7, 40, 5, 3, %s, %s, %s, false" + ", 0" * len(ZERO) + ")",
               (D, PERSONS, PERSONS, PERSONS))
    return db


def test_ana013_members_known_exactly(world):
    got = dict(world.execute("SELECT user_id, is_returning FROM kunang_returning_members(1, %s)", (D,)).fetchall())
    # a member's first visit is new; the trial login named by its randomised MAC is no member
    assert got == {"u_new": False, "u_back": True, "u_dev": True}
    units = {d: (r, m) for d, r, m in world.execute("SELECT device, is_returning, member"
                                                      " FROM kunang_returning_sample(1, %s)", (D,)).fetchall()}
    # the member's second device is theirs (not a person of stratum B); the walk-ins are stratum B's sample
    assert units == {"m_new": (False, True), "m_back_g": (True, True), "m_dev": (True, True),
                     "w1": (True, False), "w2": (False, False)}


def test_ana013_share_and_range(world):
    """share = (R_A + p_B N_B) / N = (2 + 1/2 * (7 - 3)) / 7; SE = SE_B(FPC on N_B = 4) * N_B / N."""
    share, se, persons = world.execute("SELECT share, se, persons FROM kunang_returning_share(1, %s, %s)",
                                       (D, D)).fetchone()
    assert share == pytest.approx(4 / 7)
    # stratum B: two units, p = 1/2: var = 2/1 * (1/4 + 1/4) / 2^2 * (1 - 2/4)
    assert se == pytest.approx(math.sqrt(2 * 0.5 / 4 * 0.5) * 4 / 7) and persons == PERSONS
    naive_user = (3 + 1 / 2 * 4) / 7  # "a user name means returning"
    naive_walkin = 2 / 7  # "walk-ins never return"
    assert abs(share - naive_user) > 0.1 and abs(share - naive_walkin) > 0.25
    fig = A.period_figures(world, [1], D - dt.timedelta(days=3), D + dt.timedelta(days=3))[0]
    assert fig["returning_share_est"] == pytest.approx(4 / 7) and fig["returning_share_se"] == pytest.approx(se)
    assert fig["returning_share_low"] == pytest.approx(4 / 7 - 2 * se)
    assert A.combined_returning([fig])["returning_share_est"] == pytest.approx(4 / 7)


def test_ana013_se_holds_the_persons_error(world):
    """N_B is the persons estimate less N_A, so the SE holds the persons estimate's error: var(N_B) from its range
    (high - low)^2 / 12 a day, times (d share / d N_B)^2 = (N_A (p_B - p_A) / N^2)^2; nil without members."""
    units, flags = ["w1", "w2", "x", "y"], [True, False, False, False]
    (se0,) = world.execute("SELECT se FROM kunang_returning_share_of(4, 4, %s::text[], %s::boolean[], 8)",
                           (units, flags)).fetchone()
    (se1,) = world.execute("SELECT se FROM kunang_returning_share_of(4, 4, %s::text[], %s::boolean[], 8, 6)",
                           (units, flags)).fetchone()
    assert se1 == pytest.approx(math.sqrt(se0 ** 2 + (4 * (1 / 4 - 1) / 12 ** 2) ** 2 * 6), rel=1e-12)
    assert se1 > 1.05 * se0
    assert world.execute("SELECT se FROM kunang_returning_share_of(0, 0, %s::text[], %s::boolean[], 8, 6)",
                         (units, flags)).fetchone()[0] == pytest.approx(  # no members: the share ignores N_B
        world.execute("SELECT kunang_returning_share_se_of(%s::text[], %s::boolean[], 8)", (units, flags)).fetchone()[0])
    # the site's range: persons 5..9 on D (var 16/12); N_A = 3 (2 returning), p_B = 1/2, N = 7
    world.execute("UPDATE site_daily SET persons_low = 5, persons_high = 9 WHERE day = %s", (D,))
    (se,) = world.execute("SELECT se FROM kunang_returning_share(1, %s, %s)", (D, D)).fetchone()
    base = math.sqrt(2 * 0.5 / 4 * 0.5) * 4 / 7
    assert se == pytest.approx(math.sqrt(base ** 2 + (3 * (1 / 2 - 2 / 3) / 7 ** 2) ** 2 * 16 / 12), rel=1e-9)
    assert se != pytest.approx(base, rel=1e-6)


def test_ana013_without_logins_the_sample_alone(world):
    """No member logins: the share and SE are the sample's own (persons estimate as the FPC population)."""
    world.execute("DELETE FROM portal_session")
    share, se, _ = world.execute("SELECT share, se, persons FROM kunang_returning_share(1, %s, %s)", (D, D)).fetchone()
    n_ret = [r for (r,) in world.execute("SELECT is_returning FROM kunang_returning_sample(1, %s)", (D,)).fetchall()]
    assert share == pytest.approx(sum(n_ret) / len(n_ret))
    ref = world.execute("SELECT kunang_returning_share_se_of(array_agg(device), array_agg(is_returning), %s)"
                        " FROM kunang_returning_sample(1, %s)", (float(PERSONS), D)).fetchone()[0]
    assert se == pytest.approx(ref)


def _sample_calls(db, fn) -> int:
    """How often `fn` ran the returning share's sample (kunang_returning_sample, PL/pgSQL: every estimate runs it)."""
    calls = ("SELECT coalesce(sum(calls), 0)::int FROM pg_stat_xact_user_functions"
             " WHERE funcname = 'kunang_returning_sample'")
    with db.transaction():  # the view holds the backend's unflushed counts too: the difference within one
        db.execute("SET LOCAL track_functions = 'pl'")
        before = db.execute(calls).fetchone()[0]
        fn()
        return db.execute(calls).fetchone()[0] - before


def test_ana013_daily_rows_run_no_estimator(world):
    """No screen shows a day's returning share, so the daily visitors rows (site page, data-quality page, reports)
    do not compute one (it ran for every day of every range they were asked for; docs/metrics.md "Returning and
    new visitors"); a day's share is its one-day range's (period_figures: 4/7). The rows keep
    "not yet" and the device-level lower bound (returning devices / visitors: 2/7) under a name of its own."""
    world.execute("UPDATE site_daily SET returning_visitors = 2, new_visitors = 5 WHERE day = %s", (D,))
    assert _sample_calls(world, lambda: A.period_figures(world, [1], D, D)) >= 1  # the range's share runs it
    week = (D - dt.timedelta(days=3), D + dt.timedelta(days=3))
    assert _sample_calls(world, lambda: A.visitors_daily(world, 1, *week)) == 0
    day = A.visitors_daily(world, 1, D, D)[0]
    assert not [k for k in day if k.startswith("returning_share")]
    assert day["returning_device_share"] == pytest.approx(2 / 7) and not day["returning_not_yet"]
    assert A.period_figures(world, [1], D, D)[0]["returning_share_est"] == pytest.approx(4 / 7)
    world.execute("UPDATE site_daily SET history_days = 3 WHERE day = %s", (D,))
    assert A.visitors_daily(world, 1, D, D)[0]["returning_not_yet"]

"""Invariants over random presence (hypothesis), against the real refresh and query layer."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dashboard.analytics as A
from tests.analytics.conftest import MON, at
from psycopg import sql

DERIVED = sql.SQL("TRUNCATE {}").format(sql.SQL(", ").join(map(sql.Identifier, (
    "client_session", "portal_session", "visit", "device_day", "site_daily", "ap_daily", "site_monthly"))))

interval = st.tuples(st.integers(0, 3 * 24 * 60 - 1), st.integers(0, 180))  # start minute, length minutes
session = st.tuples(st.integers(0, 5), st.booleans(), interval, st.lists(st.sampled_from([0, 1]), min_size=1,
                                                                           max_size=3))
portal = st.tuples(st.integers(0, 5), interval)


def _insert(world, sessions, portals):
    aps = [world.ap("ap1").ap_id, world.ap("ap2").ap_id]
    base = at(MON, 0)
    for d, rnd, (s, n), ap_idx in sessions:
        t0 = base + dt.timedelta(minutes=s)
        ids = list(dict.fromkeys(aps[i] for i in ap_idx))
        world.db.execute(
            "INSERT INTO client_session (site_id, device, randomized, first_seen, last_seen, closed, first_ap_id,"
            " last_ap_id, ap_ids, polls, rx_bytes, tx_bytes) VALUES (%s, %s, %s, %s, %s, true, %s, %s, %s, 1, %s, 0)",
            (world.site, f"d{d}", rnd, t0, t0 + dt.timedelta(minutes=n), ids[0], ids[-1], ids, 10 * n))
    for d, (s, n) in portals:
        t0 = base + dt.timedelta(minutes=s)
        world.db.execute(
            "INSERT INTO portal_session (site_id, source, device, randomized, started_at, ended_at, last_update,"
            " bytes_in, open) VALUES (%s, 'p', %s, false, %s, %s, %s, %s, false)",
            (world.site, f"d{d}", t0, t0 + dt.timedelta(minutes=n), t0 + dt.timedelta(minutes=n), 7 * n))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sessions=st.lists(session, max_size=12), portals=st.lists(portal, max_size=6))
def test_invariants(world, sessions, portals):
    world.db.execute(DERIVED)
    _insert(world, sessions, portals)
    world.db.execute("SELECT kunang_refresh_analytics(%s, %s, false)", (at(MON, 0), at(MON + dt.timedelta(days=3), 0)))
    days = A.visitors_daily(world.db, world.site, MON, MON + dt.timedelta(days=2))
    for d in days:
        assert d["visitors"] <= d["sessions"]
        assert d["visitors"] + d["passersby"] == d["devices"] <= d["sessions"]
        assert d["new_visitors"] + d["returning_visitors"] == d["visitors"]
        assert d["randomized_visitors"] <= d["visitors"]
    # site uniques <= sum of AP uniques (devices with SNMP presence)
    for d in days:
        ap_sum = world.db.execute("SELECT coalesce(sum(devices), 0) FROM ap_daily WHERE site_id = %s AND day = %s",
                                  (world.site, d["day"])).fetchone()[0]
        assert d["snmp_devices"] <= ap_sum
    # every source session lies in exactly one visit; dwell within the presence window
    visits = world.db.execute("SELECT device, started_at, ended_at, dwell_s, snmp_sessions, portal_sessions"
                              " FROM visit").fetchall()
    n_src = len(sessions) + len(portals)
    assert sum(v[4] + v[5] for v in visits) == n_src
    src = world.db.execute(
        "SELECT device, first_seen, last_seen FROM client_session UNION ALL"
        " SELECT device, started_at, ended_at FROM portal_session").fetchall()
    for dev_, s, e in src:
        inside = [v for v in visits if v[0] == dev_ and v[1] <= s and e <= v[2]]
        assert len(inside) == 1
    for dev_, s, e, dwell, _, _ in visits:
        mine = [(a, b) for d2, a, b in src if d2 == dev_ and s <= a and b <= e]
        assert s == min(a for a, _ in mine) and e == max(b for _, b in mine)
        assert 0 <= dwell == (e - s).total_seconds()
    total = A.sessions_count(world.db, world.site, MON, MON + dt.timedelta(days=2), by="total")[0]
    assert total["sessions"] == len(visits)
    assert total["snmp_sessions"] == len(sessions) and total["portal_sessions"] == len(portals)
    u = A.unique_visitors(world.db, world.site, MON, MON + dt.timedelta(days=2))
    assert u["visitors"] <= u["visitor_days"] == sum(d["visitors"] for d in days)

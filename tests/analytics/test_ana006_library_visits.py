"""Library visits beside Wi-Fi use (issue 21): totals, the estimated share as a
range, Wi-Fi use by visit purpose where hours line up, ranking, monthly trend."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.analytics import visits as V
from tests.analytics.conftest import MON, at


def _session(world, device, start, minutes, site=None):
    world.db.execute(
        "INSERT INTO client_session (site_id, device, randomized, first_seen, last_seen, closed, first_ap_id,"
        " last_ap_id, ap_ids, polls, rx_bytes, tx_bytes) VALUES (%s, %s, false, %s, %s, true, %s, %s, %s, 1, 0, 0)",
        (site or world.site, device, start, start + dt.timedelta(minutes=minutes),
         world.ap("ap1").ap_id, world.ap("ap1").ap_id, [world.ap("ap1").ap_id]))


def _guest_book(world, hour_utc, counts: dict[str, dict[str, int]], site=None):
    for dim, cats in counts.items():
        for cat, n in cats.items():
            world.db.execute("INSERT INTO library_visit_hourly (site_id, hour, dimension, category, visits)"
                             " VALUES (%s, %s, %s, %s, %s)", (site or world.site, hour_utc, dim, cat, n))


def _monday(world):
    _session(world, "a", at(MON, 9), 60)       # 09:00-10:00
    _session(world, "b", at(MON, 10), 20)      # 10:00-10:20
    _session(world, "c", at(MON, 11), 2)       # a passer-by: not a Wi-Fi visitor
    _guest_book(world, at(MON, 9), {"kind": {"individual": 4}, "purpose": {"Belajar": 3, "Membaca": 1}})
    _guest_book(world, at(MON, 10), {"kind": {"individual": 1, "group": 1},
                                     "purpose": {"Meminjam buku": 2}})
    world.db.execute("SELECT kunang_refresh_analytics(%s, %s, false)", (at(MON, 0), at(MON + dt.timedelta(days=1), 0)))


def test_visits_beside_wifi_with_the_share_as_a_range(world):
    _monday(world)
    day = V.library_visits(world.db, world.site, MON, MON, by="day")
    assert [(r["visits"], r["individual"], r["group"]) for r in day] == [(6, 5, 1)]
    hours = V.library_visits(world.db, world.site, MON, MON, by="hour")
    assert [(r["bucket"].hour, r["visits"]) for r in hours] == [(9, 4), (10, 2)]
    f = V.library_wifi(world.db, world.site, MON, MON + dt.timedelta(days=6))
    assert (f["visits"], f["wifi_visitor_days"], f["wifi_sessions"]) == (6, 2, 3)
    assert f["days_with_visits"] == 1 and f["estimate"] is True
    assert f["share"] == pytest.approx(2 / 6)
    assert f["share_low"] == pytest.approx(2 / 1.3 / 6) and f["share_high"] == pytest.approx(2 / 6)
    by = V.library_visits_by(world.db, world.site, MON, MON, "purpose")
    assert [(r["category"], r["visits"]) for r in by] == [("Belajar", 3), ("Meminjam buku", 2), ("Membaca", 1)]
    with pytest.raises(ValueError):
        V.library_visits_by(world.db, world.site, MON, MON, "name")


def test_wifi_use_by_purpose_where_hours_line_up(world):
    _monday(world)
    rows = {r["purpose"]: r for r in V.wifi_by_purpose(world.db, world.site, MON, MON)}
    # 09h: a's 60 minutes shared 3:1 between Belajar and Membaca; 10h: b's 20 minutes all Meminjam buku
    assert rows["Belajar"]["wifi_minutes"] == pytest.approx(45) and rows["Belajar"]["minutes_per_visit"] == pytest.approx(15)
    assert rows["Membaca"]["wifi_visitors"] == pytest.approx(0.25)
    assert rows["Meminjam buku"]["wifi_minutes"] == pytest.approx(20)
    assert rows["Meminjam buku"]["minutes_per_visit"] == pytest.approx(10)


def test_share_is_capped_and_flagged_when_wifi_outnumbers_the_guest_book():
    s = V.share_range(13, 10)
    assert s["share_high"] == 1.0 and s["capped"] is True and s["share_low"] == pytest.approx(1.0)
    assert V.share_range(5, 0)["share"] is None


def test_ranking_by_visits_and_by_wifi_and_the_monthly_trend(world):
    _monday(world)
    _session(world, "x", at(MON, 9), 30, site=world.site2)
    _session(world, "y", at(MON, 9), 30, site=world.site2)
    _session(world, "z", at(MON, 9), 30, site=world.site2)
    _guest_book(world, at(MON, 9), {"kind": {"individual": 2}}, site=world.site2)
    world.db.execute("SELECT kunang_refresh_analytics(%s, %s, false)", (at(MON, 0), at(MON + dt.timedelta(days=1), 0)))
    rows = {r["name"]: r for r in V.sites_ranking(world.db, [world.site, world.site2], MON, MON)}
    assert (rows["Sembalun"]["visits"], rows["Sembalun"]["rank_visits"], rows["Sembalun"]["rank_wifi"]) == (6, 1, 2)
    assert (rows["Suela"]["wifi_visitor_days"], rows["Suela"]["rank_wifi"], rows["Suela"]["capped"]) == (3, 1, True)
    trend = V.monthly_trend(world.db, world.site, "2026-11", months=2)
    assert [(t["month"].month, t["visits"], t["wifi_visitor_days"]) for t in trend] == [(10, 0, 0), (11, 6, 2)]

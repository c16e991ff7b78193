"""Month and district summaries, opening-hours arithmetic, periods, and the synthetic generator."""

from __future__ import annotations

import datetime as dt

import pytest

import dashboard.analytics as A
from dashboard import periods
from tests.analytics.conftest import MON, at


def _session(world, device, start, minutes, site=None, randomized=False, nbytes=1000):
    world.db.execute(
        "INSERT INTO client_session (site_id, device, randomized, first_seen, last_seen, closed, first_ap_id,"
        " last_ap_id, ap_ids, polls, rx_bytes, tx_bytes) VALUES (%s, %s, %s, %s, %s, true, %s, %s, %s, 1, %s, 0)",
        (site or world.site, device, randomized, start, start + dt.timedelta(minutes=minutes),
         world.ap("ap1").ap_id, world.ap("ap1").ap_id, [world.ap("ap1").ap_id], nbytes))


def test_site_month_summary_with_previous_month_and_last_year(world):
    nov, oct_, ly = MON, MON - dt.timedelta(days=28), MON - dt.timedelta(days=364)  # Mon 2 Nov, Mon 5 Oct
    # November: a, b on Monday; a again on Tuesday (returning within 30 days), c a passer-by
    _session(world, "a", at(nov, 9), 60, nbytes=5000)
    _session(world, "b", at(nov, 10), 20, randomized=True)
    _session(world, "a", at(nov + dt.timedelta(days=1), 14), 30)
    _session(world, "c", at(nov, 11), 2)
    # October: a only; last year: a and b
    _session(world, "a", at(oct_, 9), 40)
    _session(world, "a", at(ly, 9), 10)
    _session(world, "b", at(ly, 9), 10)
    for day in (ly, oct_, nov):
        world.db.execute("SELECT kunang_refresh_analytics(%s, %s, false)", (at(day, 0), at(day + dt.timedelta(days=2), 0)))
    s = A.site_month_summary(world.db, world.site, "2026-11", now=at(nov, 12))
    cur = s["current"]
    assert s["month"] == dt.date(2026, 11, 1) and s["month_to_date"] is True
    assert (cur["sessions"], cur["unique_visitors"], cur["visitor_days"], cur["passerby_days"]) == (4, 2, 3, 1)
    assert cur["returning_visitor_days"] == 2  # a on Tuesday, and a on Monday (seen in October, 28 days before)
    assert cur["returning_device_share"] == pytest.approx(2 / 3)
    assert cur["dwell_median_s"] == pytest.approx((1200 + 1800) / 2)  # 120, 1200, 1800, 3600 s
    assert cur["bytes"] == 5000 + 1000 * 3 and cur["busiest_day"] == nov and cur["busiest_day_visitors"] == 2
    assert cur["randomized_unique_visitors"] == 1 and cur["randomized_share"] == 0.5 and cur["estimate"] is True
    assert s["previous"]["sessions"] == 1 and s["last_year"]["unique_visitors"] == 2
    assert s["change_previous"]["sessions"] == 3.0  # 4 vs 1: +300 %
    assert s["change_last_year"]["unique_visitors"] == 0.0
    rot = A.site_month_summary(world.db, world.site, "2026-11", rotating_salt=True)
    assert rot["current"]["returning_device_share"] is None and rot["returning_computed"] is False


def test_district_summary_ranks_sites_and_lists_sites_without_data(world):
    _session(world, "a", at(MON, 9), 60)
    _session(world, "b", at(MON, 9), 60)
    _session(world, "z", at(MON, 9), 60, site=world.site2)
    world.db.execute("SELECT kunang_refresh_analytics(%s, %s, false)", (at(MON, 0), at(MON, 23)))
    d = A.district_summary(world.db, "Lotim", "2026-11", now=at(MON, 12))
    names = [(r["site"], r["rank"], r["unique_visitors"]) for r in d["sites"]]
    assert names == [("Sembalun", 1, 2), ("Suela", 2, 1), ("Pringgabaya", None, 0)]
    assert d["no_data_sites"] == ["Pringgabaya"]
    assert d["totals"]["sessions"] == 3 and d["totals"]["sites_with_data"] == 2
    assert d["month_to_date"] is True and d["days_elapsed"] == 2
    assert A.district_summary(world.db, "nowhere", "2026-11")["sites"] == []


def test_opening_hours_arithmetic(db):
    hours = '{"fri": [["08:00", "11:30"]], "sat": [["08:00", "12:00"]]}'
    q = "SELECT kunang_open_seconds(%s::jsonb, %s::date[], %s::timestamp, %s::timestamp)"
    fri = dt.datetime(2026, 11, 6)
    assert db.execute(q, (hours, [], fri + dt.timedelta(hours=11), fri + dt.timedelta(hours=12))).fetchone()[0] == 1800
    assert db.execute(q, (hours, [], fri, fri + dt.timedelta(days=2))).fetchone()[0] == 3.5 * 3600 + 4 * 3600
    assert db.execute(q, (hours, [fri.date()], fri, fri + dt.timedelta(days=1))).fetchone()[0] == 0
    assert db.execute(q, ("{}", [], fri, fri + dt.timedelta(hours=2))).fetchone()[0] == 7200  # no hours: always open


def test_periods():
    assert periods.parse_month("2026-02") == dt.date(2026, 2, 1)
    assert periods.add_months(dt.date(2026, 1, 1), -1) == dt.date(2025, 12, 1)
    assert periods.month_last_day(dt.date(2028, 2, 1)) == dt.date(2028, 2, 29)
    s, e = periods.ts_range(dt.date(2026, 11, 2), dt.date(2026, 11, 2), "Asia/Makassar")
    assert (s.hour, e - s) == (16, dt.timedelta(days=1))  # 00:00 WITA = 16:00 UTC the day before
    with pytest.raises(ValueError, match="YYYY-MM"):
        periods.parse_month("November")
    with pytest.raises(ValueError, match="time zone"):
        periods.ts_range(dt.datetime(2026, 11, 2), dt.date(2026, 11, 3), "UTC")


def test_unknown_site_and_bad_arguments(world):
    with pytest.raises(A.UnknownSite):
        A.visitors_daily(world.db, 9999, MON, MON)
    with pytest.raises(ValueError, match="by must be one of"):
        A.occupancy(world.db, world.site, MON, MON, by="week")


def test_synthetic_generator_is_consistent_with_the_query_layer(pg_dsn, db):
    from bench.synth import generate

    out = generate(pg_dsn, sites=2, aps_per_site=2, days=8, seed=3, end=dt.date(2026, 11, 7), raw_days=1)
    assert out["rows"]["client_session"] > 0 and out["rows"]["ap_hourly"] == 2 * 2 * 8 * 24
    assert out["rows"]["ap_sample"] == 2 * 2 * 1440
    sites = A.sites(db, "Lombok Timur")
    assert len(sites) == 2
    total = sum(A.sessions_count(db, s["site_id"], dt.date(2026, 10, 31), dt.date(2026, 11, 7), by="total")[0]
                ["snmp_sessions"] for s in sites)
    assert total == out["rows"]["client_session"]
    # Sunday 1 November is closed: no expected polls, so never incomplete
    sun = A.visitors_daily(db, sites[0]["site_id"], dt.date(2026, 11, 1), dt.date(2026, 11, 1))[0]
    assert sun["coverage"] is None and sun["incomplete"] is False and sun["sessions"] == 0

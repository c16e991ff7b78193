"""Hand-computed scenarios (docs/metrics.md), written through the collector's PollStore."""

from __future__ import annotations

import datetime as dt

import dashboard.analytics as A
from tests.analytics.conftest import MON, at, dev

TUE = MON + dt.timedelta(days=1)
PHONE = "3c:22:fb:00:00:01"  # globally administered
LAPTOP = "3c:22:fb:00:00:02"
RANDOM = "da:a1:19:00:00:02"  # locally administered (second digit a)


def only_visits(db):
    return db.execute("SELECT device, started_at, ended_at, dwell_s, source, ap_ids FROM visit"
                      " ORDER BY started_at").fetchall()


def test_roaming_between_two_aps_is_one_session(world):
    # 09:00-09:10 on ap1, 09:11-09:30 on ap2
    world.presence({"ap1": [PHONE], "ap2": []}, at(MON, 9), 11)
    world.presence({"ap1": [], "ap2": [PHONE]}, at(MON, 9, 11), 20)
    world.refresh(at(MON, 0), at(MON, 23))
    ap1, ap2 = world.ap("ap1").ap_id, world.ap("ap2").ap_id
    visits = only_visits(world.db)
    assert len(visits) == 1
    assert visits[0][3] == 30 * 60 and visits[0][4] == "snmp" and visits[0][5] == [ap1, ap2]
    assert A.sessions_count(world.db, world.site, MON, MON, by="total")[0]["sessions"] == 1
    day = A.visitors_daily(world.db, world.site, MON, MON)[0]
    assert (day["visitors"], day["passersby"], day["new_visitors"], day["returning_visitors"]) == (1, 0, 1, 0)
    per_ap = {r["ap_name"]: r for r in A.usage_bytes(world.db, world.site, MON, MON, by="ap")}
    assert per_ap["ap1"]["sessions"] == 1 and per_ap["ap2"]["sessions"] == 0  # attributed where it began
    devices = dict(world.db.execute("SELECT ap_id, devices FROM ap_daily WHERE day = %s", (MON,)).fetchall())
    assert devices[ap1] == 1 and devices[ap2] == 1


def test_drop_off_shorter_than_gap_keeps_the_session(world):
    # seen 09:00-09:10, absent 09:11-09:18 (answered polls), back 09:19-09:30: gap 9 min <= G=10
    world.presence({"ap1": [PHONE]}, at(MON, 9), 11)
    world.presence({"ap1": []}, at(MON, 9, 11), 8)
    world.presence({"ap1": [PHONE]}, at(MON, 9, 19), 12)
    world.refresh(at(MON, 0), at(MON, 23))
    visits = only_visits(world.db)
    assert [v[3] for v in visits] == [30 * 60]


def test_drop_off_longer_than_gap_makes_two_sessions_one_visitor(world):
    # seen 09:00-09:10, absent until 09:24, back 09:25-09:40: gap 15 min > G
    world.presence({"ap1": [PHONE]}, at(MON, 9), 11)
    world.presence({"ap1": []}, at(MON, 9, 11), 14)
    world.presence({"ap1": [PHONE]}, at(MON, 9, 25), 16)
    world.refresh(at(MON, 0), at(MON, 23))
    assert [v[3] for v in only_visits(world.db)] == [600, 900]
    day = A.visitors_daily(world.db, world.site, MON, MON)[0]
    assert day["sessions"] == 2 and day["visitors"] == 1
    dwell = A.dwell_distribution(world.db, world.site, MON, MON)
    assert dwell["visits"] == 2 and dwell["median_s"] == 750  # (600 + 900) / 2


def test_two_visits_in_a_day_and_a_passer_by(world):
    # PHONE: 09:00-09:20 and 13:00-13:03; LAPTOP: 10:00-10:03 only (3 min < M=5: passer-by)
    world.presence({"ap1": [PHONE]}, at(MON, 9), 21)
    world.presence({"ap1": []}, at(MON, 9, 21), 15)
    world.presence({"ap1": [LAPTOP]}, at(MON, 10), 4)
    world.presence({"ap1": []}, at(MON, 10, 4), 15)
    world.presence({"ap1": [PHONE]}, at(MON, 13), 4)
    world.presence({"ap1": []}, at(MON, 13, 4), 15)
    world.refresh(at(MON, 0), at(MON, 23))
    day = A.visitors_daily(world.db, world.site, MON, MON)[0]
    assert (day["sessions"], day["visitors"], day["passersby"], day["devices"]) == (3, 1, 1, 2)
    dwell = A.dwell_distribution(world.db, world.site, MON, MON)
    assert dwell["median_s"] == 180 and dwell["visits"] == 3  # 180, 180, 1200
    buckets = {b["bucket"]: b["visits"] for b in dwell["buckets"]}
    assert buckets["lt5"] == 2 and buckets["m15_30"] == 1
    presence = world.db.execute("SELECT presence_s FROM device_day WHERE device = %s", (dev(PHONE),)).fetchone()[0]
    assert presence == 1200 + 180


def test_same_random_mac_on_two_days_is_returning_and_an_estimate(world):
    world.presence({"ap1": [RANDOM]}, at(MON, 9), 31)
    world.presence({"ap1": [RANDOM]}, at(TUE, 10), 21)
    world.refresh(at(MON, 0), at(TUE, 23))
    mon, tue = A.visitors_daily(world.db, world.site, MON, TUE)
    assert (mon["new_visitors"], mon["returning_visitors"]) == (1, 0)
    assert (tue["new_visitors"], tue["returning_visitors"], tue["returning_device_share"]) == (0, 1, 1.0)
    assert tue["randomized_visitors"] == 1 and tue["randomized_share"] == 1.0 and tue["estimate"] is True
    u = A.unique_visitors(world.db, world.site, MON, TUE)
    assert (u["visitors"], u["visitor_days"], u["randomized_visitors"], u["estimate"], u["bound"]) == (
        1, 2, 1, True, "upper")
    # rotating-salt mode: returning figures are not computed
    rot = A.visitors_daily(world.db, world.site, MON, TUE, rotating_salt=True)[1]
    assert rot["returning_visitors"] is None and rot["new_visitors"] is None and rot["returning_computed"] is False
    world.configure(rotating=True)
    world.refresh(at(MON, 0), at(TUE, 23))
    assert world.db.execute("SELECT returning_visitors FROM site_daily WHERE day = %s AND site_id = %s",
                            (TUE, world.site)).fetchone()[0] is None
    assert A.visitors_daily(world.db, world.site, TUE, TUE)[0]["returning_device_share"] is None


def test_poll_outage_mid_visit_does_not_split_and_marks_incomplete(world):
    # 5-minute polls over the whole opening day (08:00-16:00, 96 polls expected per AP)
    world.configure(poll_interval=300)
    plan_day = []
    t = at(MON, 8)
    while t < at(MON, 16):
        plan_day.append(t)
        t += dt.timedelta(minutes=5)
    for t in plan_day:
        outage = at(MON, 9, 15) <= t < at(MON, 11, 15)  # 24 failed polls on ap1
        with_phone = at(MON, 9) <= t <= at(MON, 12)
        world.presence({"ap1": [PHONE] if with_phone else [], "ap2": []}, t, 1,
                       failing={"ap1"} if outage else set())
    world.refresh(at(MON, 0), at(MON, 23))
    visits = only_visits(world.db)
    assert [v[3] for v in visits] == [3 * 3600]  # 09:00-12:00, one session across the outage
    cov = {r["ap_name"]: r for r in A.coverage(world.db, world.site, MON, MON)}
    assert cov["ap1"]["polls_expected"] == 96 and cov["ap1"]["polls_ok"] == 72
    assert cov["ap1"]["coverage"] == 0.75 and cov["ap1"]["incomplete"] is True
    assert cov["ap2"]["coverage"] == 1.0 and cov["ap2"]["incomplete"] is False
    day = A.visitors_daily(world.db, world.site, MON, MON)[0]
    assert day["coverage"] == (72 + 96) / 192 and day["incomplete"] is True
    avail = {r["ap_name"]: r for r in A.ap_availability(world.db, world.site, MON, MON)}
    assert avail["ap1"]["availability_pct"] == 75.0 and avail["ap2"]["availability_pct"] == 100.0
    # 3 failures -> down at 09:25; 2 answered polls (11:15, 11:20) -> up at 11:20: one outage of 115 minutes
    assert avail["ap1"]["outages"] == 1 and round(avail["ap1"]["downtime_minutes"]) == 115
    gaps = A.coverage_gaps(world.db, world.site, MON, MON)
    assert [(g["ap_name"], round(g["minutes"])) for g in gaps] == [("ap1", 125)]  # 09:10 -> 11:15


def test_portal_login_without_snmp_presence_and_the_reverse(world):
    world.portal(LAPTOP, at(MON, 10), at(MON, 10, 30), bytes_in=5_000, bytes_out=1_000)
    world.presence({"ap1": [PHONE]}, at(MON, 9), 21)
    world.refresh(at(MON, 0), at(MON, 23))
    visits = {v[0]: v for v in only_visits(world.db)}
    assert visits[dev(LAPTOP)][4] == "portal" and visits[dev(LAPTOP)][3] == 1800
    assert visits[dev(PHONE)][4] == "snmp"
    pva = A.portal_vs_associated(world.db, world.site, MON, MON)[0]
    assert (pva["associated_devices"], pva["portal_devices"], pva["both_devices"], pva["portal_logins"],
            pva["portal_users"]) == (1, 1, 0, 1, 1)
    s = A.sessions_count(world.db, world.site, MON, MON, by="total")[0]
    assert (s["sessions"], s["sessions_snmp_only"], s["sessions_portal_only"], s["sessions_both"]) == (2, 1, 1, 0)
    assert A.usage_bytes(world.db, world.site, MON, MON, by="total")[0]["bytes"] == 6_000


def test_device_seen_by_both_sources_counts_once(world):
    world.presence({"ap1": [PHONE]}, at(MON, 9), 31, rx=None)
    world.portal(PHONE, at(MON, 9, 5), at(MON, 9, 40), bytes_in=700, bytes_out=300)
    world.refresh(at(MON, 0), at(MON, 23))
    visits = only_visits(world.db)
    assert len(visits) == 1 and visits[0][4] == "both" and visits[0][3] == 40 * 60
    day = A.visitors_daily(world.db, world.site, MON, MON)[0]
    assert (day["visitors"], day["sessions"], day["both_devices"]) == (1, 1, 1)
    assert A.unique_visitors(world.db, world.site, MON, MON)["visitors"] == 1


def test_site_occupancy_never_adds_a_controller_to_its_aps(world):
    from collector.snmp.model import ApRow
    from tests.analytics.conftest import ok

    wlc = world.ap("wlc", "Pringgabaya")
    aps = [ApRow(name="lt1", mac="00:11:22:33:44:01", clients=4, up=True),
           ApRow(name="lt2", mac="00:11:22:33:44:02", clients=6, up=True)]
    for i in range(3):
        world.store.write_poll(wlc, ok(at(MON, 9, i), aps=aps, total=10))
    world.refresh(at(MON, 0), at(MON, 23))
    hours = A.occupancy(world.db, wlc.site_id, MON, MON, by="hour")
    assert [(h["clients_avg"], h["clients_max"]) for h in hours] == [(10.0, 10)]
    per_ap = A.occupancy(world.db, wlc.site_id, MON, MON, by="ap")
    assert {r["ap_name"]: r["clients_max"] for r in per_ap} == {"wlc": 10, "lt1": 4, "lt2": 6}


def test_site_occupancy_peak_sums_aps_in_the_same_poll_slot(world):
    a, b, c = "3c:22:fb:00:00:0a", "3c:22:fb:00:00:0b", "3c:22:fb:00:00:0c"
    world.presence({"ap1": [a, b], "ap2": [c]}, at(MON, 10), 2)
    world.presence({"ap1": [a], "ap2": []}, at(MON, 10, 2), 2)
    world.refresh(at(MON, 0), at(MON, 23))
    hour = A.occupancy(world.db, world.site, MON, MON, by="hour")[0]
    assert hour["clients_max"] == 3 and hour["clients_avg"] == 1.5 + 0.5
    heat = A.busiest_hours(world.db, world.site, MON, MON)
    cell = [h for h in heat if h["weekday"] == 0 and h["hour"] == 10][0]
    assert cell["clients_max"] == 3 and len(heat) == 168


def test_occupancy_now_sums_aps_not_controllers(world):
    from collector.snmp.model import ApRow
    from tests.analytics.conftest import ok

    wlc = world.ap("wlc", "Pringgabaya")
    aps = [ApRow(name="lt1", mac="00:11:22:33:44:01", clients=4, up=True),
           ApRow(name="lt2", mac="00:11:22:33:44:02", clients=6, up=True)]
    world.store.write_poll(wlc, ok(at(MON, 9), aps=aps, total=10))
    world.presence({"ap1": [PHONE, LAPTOP], "ap2": [RANDOM]}, at(MON, 9), 1)
    now = {r["site"]: r for r in A.occupancy_now(world.db, now=at(MON, 9, 1))}
    assert now["Sembalun"]["clients"] == 3 and now["Sembalun"]["aps_up"] == 2
    assert now["Pringgabaya"]["clients"] == 10 and now["Pringgabaya"]["aps"] == 2
    assert [(a["ap_name"], a["clients"]) for a in A.aps_now(world.db, wlc.site_id, now=at(MON, 9, 1))] == [
        ("wlc", 10), ("lt1", 4), ("lt2", 6)]

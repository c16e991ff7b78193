"""Every page's numbers equal the analytics query layer's for the seeded data, in both languages:
the page callbacks and the chart CSVs against `dashboard.analytics` called directly."""

from __future__ import annotations

import datetime as dt
import math
from zoneinfo import ZoneInfo

import psycopg
import pytest

from dashboard import periods
from dashboard import analytics as A
from dashboard import fmt
from dashboard.charts import quality as quality_charts, registry
from dashboard.i18n import t
from tests.dashboard.test_dash002_figures import as_user

LANGS = ("en", "id")
TZ = "Asia/Makassar"  # both seeded sites


@pytest.fixture
def conn(seeded_dsn):
    with psycopg.connect(seeded_dsn[0]) as c:
        yield c


def same(a, b) -> bool:
    """Equal numbers (None and NaN alike)."""
    a_none = a is None or (isinstance(a, float) and math.isnan(a))
    b_none = b is None or (isinstance(b, float) and math.isnan(b))
    return a_none == b_none and (a_none or a == pytest.approx(b))


def column(csv, i: int) -> list:
    return csv.iloc[:, i].tolist()


@pytest.mark.parametrize("lang", LANGS)
def test_dash007_overview(dash_app, conn, lang):
    from dashboard.pages.overview import refresh_overview

    with as_user(dash_app, lang=lang):
        clients, week, visitors, _sub, sessions, _sessions_sub, aps, updated, guidance, rows = refresh_overview({}, 0)
        _, csv = registry.produce("overview.occupancy", {}, lang)
        _, ap_csv = registry.produce("overview.aps", {}, lang)
    now = A.occupancy_now(conn)
    assert clients == fmt.num(sum(r["clients"] for r in now), lang) == "16"
    assert aps == f"{fmt.num(sum(r['aps_up'] for r in now), lang)} / {fmt.num(sum(r['aps'] for r in now), lang)}"
    assert week == f"{t('col.clients_last_week', lang)}: " \
                   f"{fmt.num(round(sum(r['clients_same_hour_last_week'] for r in now)), lang)}"
    today = dt.datetime.now(dt.timezone.utc).astimezone(ZoneInfo(TZ)).date()
    figs = A.period_figures(conn, [1, 2], today, today)
    assert visitors == fmt.num(sum(f["unique_visitors"] for f in figs), lang)
    assert sessions == fmt.num(sum(f["sessions"] for f in figs), lang)
    assert guidance is None and updated.startswith(t("updated", lang, when="")[:8])
    # the chart's CSV: clients now and same hour last week per site
    by_site = {r["site"]: r for r in now}
    assert len(csv) == len(now)
    for site, clients_now, last_week in csv.itertuples(index=False):
        assert clients_now == by_site[site]["clients"] and same(last_week, by_site[site]["clients_same_hour_last_week"])
    # the AP status board and the per-AP chart: state and clients as analytics.aps_now has them
    aps_now = {r["ap_id"]: r for s in (1, 2) for r in A.aps_now(conn, s)}
    assert {r["ap_id"] for r in rows} == {i for i, r in aps_now.items() if not r["is_controller"]}
    for r in rows:
        assert same(r["clients"], aps_now[r["ap_id"]]["clients"]), r
        assert r["state_label"] == t(f"state.{aps_now[r['ap_id']]['state']}", lang)
    shown = {(r["site"], r["ap"]): r["clients"] for r in rows}
    assert len(ap_csv) == len(shown)
    assert all(same(c, shown[(site, ap)]) for site, ap, _state, c, _week in ap_csv.itertuples(index=False))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("rng", ["today", "7d", "30d", "month", "last_month"])
def test_dash007_site_kpis(dash_app, conn, lang, rng):
    from dashboard.pages.site import refresh_site

    with as_user(dash_app, lang=lang):
        visitors, sub, sessions, sessions_sub, dwell, dwell_sub, returning, returning_sub, _notes = \
            refresh_site({"site_id": 1, "range": rng}, 0)
    _, start, end = periods.period_days(rng, None, None, TZ)
    fig = A.period_figures(conn, [1], start, end)[0]
    est = f" ({t('estimate', lang)})" if fig["estimate"] else ""
    assert visitors == fmt.num(fig["unique_visitors"], lang) + est
    persons = ""
    if fig["persons_est"] is not None and fig["visitor_days"]:
        persons = " · " + t("site.persons", lang, est=fmt.num(fig["persons_est"], lang),
                            low=fmt.num(fig["persons_low"], lang), high=fmt.num(fig["persons_high"], lang))
    assert sub == t("site.visitor_days", lang, n=fmt.num(fig["visitor_days"], lang)) + persons
    assert sessions == fmt.num(fig["sessions"], lang)
    assert sessions_sub == ""  # the seed has no blind AP: the count is the figure
    # the resolution goes with a median only: a period without sessions ("today" before the seed's sessions of
    # the day, "last month" from the 9th on, when the seeded week lies in this month) shows a bare dash
    resolution = f"± 1 poll ({fmt.duration(fig['dwell_resolution_s'], lang)})" \
        if fig["dwell_resolution_s"] and fig["dwell_median_s"] is not None else ""
    assert dwell == fmt.duration(fig["dwell_median_s"], lang) and dwell_sub == resolution
    if fig["returning_not_yet"]:  # the seed's history is shorter than the look-back window
        assert returning == t("site.returning_not_yet", lang) and fig["returning_share_est"] is None
        assert returning_sub == ""
    else:
        assert returning == fmt.pct(fig["returning_share_est"], lang) + est
        assert returning_sub == ("" if fig["returning_share_low"] is None else t(
            "limits.returning_range", lang, est=fmt.pct(fig["returning_share_est"], lang),
            low=fmt.pct(fig["returning_share_low"], lang), high=fmt.pct(fig["returning_share_high"], lang)))
    if rng == "30d":  # every seeded session: ten a day for seven days, four today
        assert sessions == "74"


@pytest.mark.parametrize("lang", LANGS)
def test_dash007_site_charts(dash_app, conn, lang):
    params = {"site_id": 1, "range": "30d"}
    start, end = periods.local_days(TZ, 30)
    with as_user(dash_app, lang=lang):
        csvs = {name: registry.produce(name, params, lang)[1] for name in registry.CHARTS if name.startswith("site.")}
    occ = A.occupancy(conn, 1, start, end, by="hour")
    assert [round(v, 6) for v in column(csvs["site.occupancy"], 1)] == [round(r["clients_avg"], 6) for r in occ]
    assert column(csvs["site.occupancy"], 2) == [r["clients_max"] for r in occ]
    heat = A.busiest_hours(conn, 1, start, end)
    names = fmt.weekday_names(lang)
    assert column(csvs["site.heatmap"], 0) == [names[r["weekday"]] for r in heat]
    assert all(same(a, r["clients_avg"]) for a, r in zip(column(csvs["site.heatmap"], 2), heat, strict=True))
    began = A.monitoring_began(conn, 1)  # days before it: not monitored, left out rather than drawn as zero
    vis = [r for r in A.visitors_daily(conn, 1, start, end) if r["day"] >= began]
    assert len(vis) < len(A.visitors_daily(conn, 1, start, end))  # the seed's refresh left zero rows before it
    assert column(csvs["site.visitors"], 1) == [r["visitors"] for r in vis]
    assert column(csvs["site.visitors"], 2) == [r["new_visitors"] for r in vis]
    assert column(csvs["site.visitors"], 4) == [r["sessions"] for r in vis]
    dwell = A.dwell_distribution(conn, 1, start, end)
    assert column(csvs["site.dwell"], 1) == [b["visits"] for b in dwell["buckets"]]
    by_ap = [r for r in A.usage_bytes(conn, 1, start, end, by="ap") if not r["is_controller"]]
    assert dict(zip(column(csvs["site.usage_ap"], 0), column(csvs["site.usage_ap"], 1))) == \
        {r["ap_name"]: r["bytes"] for r in by_ap}
    by_ssid = A.usage_bytes(conn, 1, start, end, by="ssid")
    assert sorted(column(csvs["site.usage_ssid"], 1)) == sorted(r["bytes"] for r in by_ssid)
    portal = A.portal_vs_associated(conn, 1, start, end)
    assert column(csvs["site.portal"], 1) == [r["associated_devices"] for r in portal]
    assert column(csvs["site.portal"], 3) == [r["portal_logins"] for r in portal]
    assert sum(column(csvs["site.portal"], 3)) == 21  # three logins a day for seven days


@pytest.mark.parametrize("lang", LANGS)
def test_dash007_access_points(dash_app, conn, lang):
    from dashboard.pages.access_points import refresh_aps

    with as_user(dash_app, lang=lang):
        rows = refresh_aps({"site_id": None}, 0)
    start, end = periods.local_days(TZ, 30)
    avail = {r["ap_id"]: r for s in (1, 2) for r in A.ap_availability(conn, s, start, end)}
    now = {r["ap_id"]: r for s in (1, 2) for r in A.aps_now(conn, s)}
    assert {r["ap_id"] for r in rows} == set(now) == set(avail)
    for r in rows:
        pct = avail[r["ap_id"]]["availability_pct"]
        assert r["availability"] == fmt.pct(None if pct is None else pct / 100, lang, 1), r
        assert same(r["clients"], now[r["ap_id"]]["clients"])
        assert r["state_label"] == t(f"state.{now[r['ap_id']]['state']}", lang)
    assert sum(r["availability"] != "–" for r in rows) == 6


@pytest.mark.parametrize("lang", LANGS)
def test_dash007_access_point_page(dash_app, conn, lang):
    from dashboard.pages.ap_detail import refresh_events

    params = {"ap_id": 1, "range": "7d"}
    with as_user(dash_app, lang=lang):
        _, hist = registry.produce("ap.history", params, lang)
        _, avail = registry.produce("ap.availability", params, lang)
        rows, summary = refresh_events(params, 0)
    start, end = periods.local_days(TZ, 7)
    layer = A.occupancy(conn, 1, start, end, by="ap", ap_id=1)
    assert [round(v, 6) for v in column(hist, 1)] == [round(r["clients_avg"], 6) for r in layer]
    assert column(avail, 2) == [r["reachable_polls"] for r in layer]
    outs = A.outages(conn, 1, start, end, ap_id=1)
    assert summary == t("ap.outages", lang, n=fmt.num(len(outs), lang),
                        minutes=fmt.num(sum(float(o["minutes"]) for o in outs), lang))
    assert [r["event"] for r in rows] == [t(f"event.{k}", lang) for k in ("up", "down", "reboot")]
    # what the collector recorded with the reboot (uptime before it), in words of the user's language
    assert rows[2]["detail"] == {"en": "had been up 1d 0h 0m", "id": "sebelumnya aktif 1h 0j 0m"}[lang]


@pytest.mark.parametrize("lang", LANGS)
def test_dash007_alerts(dash_app, conn, lang):
    from dashboard.pages.alerts import kind_label, refresh_alerts

    with as_user(dash_app, lang=lang):
        active, history, _status = refresh_alerts({}, 0, None)
    firing = conn.execute("SELECT id, kind, opened_at FROM alert WHERE state = 'firing' ORDER BY opened_at DESC").fetchall()
    resolved = conn.execute("SELECT id, resolved_at FROM alert WHERE state = 'resolved'").fetchall()
    assert [(r["id"], r["kind_label"]) for r in active] == [(i, kind_label(k, lang)) for i, k, _ in firing]
    assert active[0]["opened"] == fmt.datetime(firing[0][2], lang, TZ)
    assert [(r["id"], r["resolved"]) for r in history] == [(i, fmt.datetime(w, lang, TZ)) for i, w in resolved]
    assert history[0]["resolution"] == {"en": "recovered", "id": "pulih"}[lang]


def test_dash007_event_details(dash_app):
    from dashboard.pages.ap_detail import event_detail

    assert event_detail('{"error_kind": "timeout", "failures": 3}', "id") == "setelah 3 polling gagal; galat: timeout"
    assert event_detail({"after_failures": 2}, "en") == "after 2 failed poll(s)"
    assert event_detail('{"uptime_before": 8640000, "uptime_after": 500}', "en") == "had been up 1d 0h 0m"
    assert event_detail('{"controller": "wlc-1"}', "id") == "melalui pengendali wlc-1"
    assert event_detail("{}", "en") == "" and event_detail(None, "en") == ""
    assert event_detail('{"something": 1}', "en") == "something: 1" and event_detail("not json", "en") == "not json"


@pytest.mark.parametrize("lang", LANGS)
def test_dash007_data_quality(dash_app, conn, lang):
    from dashboard.pages.quality import refresh_quality

    with as_user(dash_app, lang=lang):
        _, cov = registry.produce("dq.coverage", {"site_id": 1}, lang)
        gaps, _, quarantine, _, reasons, polling, _ = refresh_quality({"site_id": 1}, 0)
    start, end = periods.local_days(TZ, quality_charts.DQ_DAYS)
    layer = [r for r in A.coverage(conn, 1, start, end) if not r["is_controller"]]
    assert len(cov) == len(layer) > 0
    got = {(ap, day): c for _site, ap, day, _exp, _ok, c in cov.itertuples(index=False)}
    assert all(same(got[(r["ap_name"], r["day"])], r["coverage"]) for r in layer)
    assert {day for _, day in got} <= {start + dt.timedelta(days=i) for i in range(quality_charts.DQ_DAYS)}
    lg = A.coverage_gaps(conn, 1, *periods.local_days(TZ, 2))
    assert [(g["ap"], g["start"], g["minutes"]) for g in gaps] == \
        [(x["ap_name"], fmt.datetime(x["gap_start"], lang, TZ), round(float(x["minutes"]))) for x in lg]
    n = conn.execute("SELECT count(*) FROM log_quarantine").fetchone()[0]
    assert len(quarantine) == n
    by_reason = dict(conn.execute("SELECT reason, count(*) FROM log_quarantine GROUP BY reason").fetchall())
    assert {r["reason"]: r["lines"] for r in reasons} == by_reason
    rounds = conn.execute("SELECT collector, sum(devices), sum(failed), sum(skipped) FROM poll_round "
                          "WHERE time >= now() - interval '24 hours' GROUP BY collector").fetchall()
    assert {(p["collector"], p["polls"], p["failed"], p["skipped"]) for p in polling} == set(rounds)
    assert [(p["collector"], p["polls"], p["ok"], p["failed"], p["skipped"]) for p in polling] == [("default", 24, 23, 1, 3)]


@pytest.mark.parametrize("lang", LANGS)
def test_dash007_district(dash_app, conn, lang):
    from dashboard.pages.district import refresh_district

    with as_user(dash_app, lang=lang):
        month, sites, visitors, sessions, sessions_est, data, _nodata, rows = refresh_district({"group": None}, 0)
        _, csv = registry.produce("district.ranking", {}, lang)
    today = dt.datetime.now(dt.timezone.utc).astimezone(ZoneInfo(TZ)).date()
    summary = A.district_summary(conn, None, today)
    tot = summary["totals"]
    assert month == t("district.mtd", lang, month=fmt.month(today.replace(day=1), lang))
    assert sites == f"{fmt.num(tot['sites_with_data'], lang)} / {fmt.num(tot['sites'], lang)}"
    assert visitors == fmt.num(tot["unique_visitors_sum"], lang)
    assert sessions == fmt.num(tot["sessions"], lang)
    assert sessions_est == "" and tot["sessions_est_low"] is None  # no blind AP in the seed: no estimate
    assert data == fmt.bytes_(tot["bytes"], lang)
    assert [(r["site"], r["visitors"], r["sessions"], r["availability"]) for r in rows] == \
        [(s["site"], s["unique_visitors"], s["sessions"], fmt.num(s["ap_availability_pct"], lang, 1))
         for s in summary["sites"]]
    assert column(csv, 3) == [s["unique_visitors"] for s in summary["sites"]]


@pytest.mark.parametrize("lang", LANGS)
def test_dash007_intake_drops_are_numbers(dash_app, seeded_dsn, lang):
    """Every drop that still happens is a number on the data-quality page (losses first)."""
    from dashboard.pages.quality import refresh_intake

    rows = [("dq-test", "syslog", "kernel_drops", 37), ("dq-test", "spool", "spool_dropped", 5),
            ("dq-test", "hs", "received", 1000)]
    with psycopg.connect(seeded_dsn[0], autocommit=True) as c:
        c.cursor().executemany("INSERT INTO intake_counter (collector, source, name, value) VALUES (%s, %s, %s, %s)", rows)
        try:
            with as_user(dash_app, lang=lang):
                got, status = refresh_intake(0)
        finally:
            c.execute("DELETE FROM intake_counter WHERE collector = 'dq-test'")
    mine = [r for r in got if r["collector"] == "dq-test"]
    assert [(r["source"], r["value"]) for r in mine] == [("spool", 5), ("syslog", 37), ("hs", 1000)]
    assert mine[1]["what"] == t("intake.kernel_drops", lang)
    assert status is not None and "42" in str(status)

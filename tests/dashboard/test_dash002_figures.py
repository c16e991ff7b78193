"""Charts and callbacks against the real database with seeded data: the numbers
shown equal the analytics query layer's, in both languages; empty states."""

from __future__ import annotations

import contextlib

import flask
import psycopg
import pytest

from dashboard import periods
from dashboard import analytics as A
from dashboard.charts import overview as overview_charts, registry
from dashboard.figures.common import is_empty


@contextlib.contextmanager
def as_user(app, username="admin", lang="en"):
    with app.server.test_request_context("/"):
        flask.session["user"] = username
        flask.session["lang"] = lang
        yield


@pytest.fixture
def conn(seeded_dsn):
    with psycopg.connect(seeded_dsn[0]) as c:
        yield c


def test_dash002_every_chart_draws_seeded_data(dash_app, seeded_dsn):
    params = {"site_id": 1, "range": "30d", "ap_id": 1, "group": None}
    for lang in ("en", "id"):
        with as_user(dash_app, lang=lang):
            for name in registry.CHARTS:
                fig, csv = registry.produce(name, params, lang)
                assert not is_empty(fig), name
                assert len(fig.data) >= 1, name
                assert not csv.empty, name


def test_dash002_csv_headers_follow_language(dash_app):
    with as_user(dash_app, lang="en"):
        fig_en, en = registry.produce("site.visitors", {"site_id": 1, "range": "7d"}, "en")
    with as_user(dash_app, lang="id"):
        fig_id, id_ = registry.produce("site.visitors", {"site_id": 1, "range": "7d"}, "id")
    # the chart's legend and hover name the same device counts as the table
    for fig, names in ((fig_en, ["New (devices)", "Returning (devices)"]),
                       (fig_id, ["Baru (perangkat)", "Kembali (perangkat)"])):
        bars = [tr for tr in fig.data if tr.type == "bar"]
        assert [tr.name for tr in bars] == names
        assert all(f" · {tr.name}: " in tr.hovertemplate for tr in bars)
    # issue 22: the per-day new and returning counts are devices and say so, like the visitors beside them
    assert list(en.columns)[:4] == ["Day", "Visitors (devices)", "New (devices)", "Returning (devices)"]
    assert list(id_.columns)[:4] == ["Hari", "Pengunjung (perangkat)", "Baru (perangkat)", "Kembali (perangkat)"]
    assert en.iloc[:, :-1].values.tolist() == id_.iloc[:, :-1].values.tolist()  # the last column is words


def test_dash002_visitors_equal_query_layer(dash_app, conn):
    with as_user(dash_app):
        site = registry.site_info(1)
        start, end = periods.local_days(site["timezone"], 7)
        _, csv = registry.produce("site.visitors", {"site_id": 1, "range": "7d"}, "en")
    layer = A.visitors_daily(conn, 1, start, end)
    assert csv["Visitors (devices)"].tolist() == [r["visitors"] for r in layer]
    assert csv["Returning (devices)"].tolist() == [r["returning_visitors"] for r in layer]
    # the seeded pattern: ten visitors a day, five of them back every day
    full_days = [r for r in layer if r["visitors"] == 10]
    assert len(full_days) >= 5 and all(r["returning_visitors"] == 5 for r in full_days[1:])


def test_dash002_occupancy_and_dwell_equal_query_layer(dash_app, conn):
    with as_user(dash_app):
        site = registry.site_info(1)
        start, end = periods.local_days(site["timezone"], 30)
        fig, csv = registry.produce("site.occupancy", {"site_id": 1, "range": "30d"}, "en")
        _, dwell = registry.produce("site.dwell", {"site_id": 1, "range": "30d"}, "en")
    layer = A.occupancy(conn, 1, start, end, by="hour")
    assert len(csv) == len(layer)
    assert csv["Average clients"].round(6).tolist() == [round(r["clients_avg"], 6) for r in layer]
    assert list(fig.data[1].y) == pytest.approx([r["clients_avg"] for r in layer])
    dist = A.dwell_distribution(conn, 1, start, end)
    assert dwell["Visits"].tolist() == [b["visits"] for b in dist["buckets"]]
    assert dwell["Visits"].sum() == dist["visits"] > 0


def test_dash002_overview_live_and_today(dash_app, conn, seeded_dsn):
    from dashboard.pages.overview import refresh_overview

    with as_user(dash_app, lang="en"):
        sites = overview_charts.overview_sites().set_index("site")
        out = refresh_overview({}, 0)
    # Sembalun: 7 + 4 + 0 clients; Labuhan Haji: only ap-depan (its controller and the down AP are not counted)
    assert sites.loc["Perpustakaan Desa Sembalun", "clients_now"] == 11
    assert sites.loc["Perpustakaan Desa Labuhan Haji", "clients_now"] == 5
    clients, _week, visitors, _sub, sessions, sessions_sub, aps_up, updated, guidance, rows = out
    assert sessions_sub == ""  # no blind AP in the seed
    assert clients == "16"
    assert aps_up == "4 / 5"
    from zoneinfo import ZoneInfo

    today = seeded_dsn[1].astimezone(ZoneInfo("Asia/Makassar")).date()
    figs = A.period_figures(conn, [1, 2], today, today)
    assert visitors == str(sum(f["unique_visitors"] for f in figs))
    assert sessions == str(sum(f["sessions"] for f in figs))
    assert guidance is None and updated.startswith("Last updated")
    with as_user(dash_app):
        board = overview_charts.ap_board().set_index("ap_id")
    week = conn.execute("SELECT clients_avg FROM ap_hourly WHERE ap_id = 1"
                        " AND bucket = date_trunc('hour', now() - interval '7 days')").fetchone()
    assert week is not None and board.loc[1, "clients_last_week"] == pytest.approx(week[0])
    down = [r for r in rows if r["state"] == "down"]
    assert [r["ap"] for r in down] == ["ap-belakang"] and down[0]["ap_link"] == "[ap-belakang](/ap/6)"


def test_dash002_overview_in_indonesian(dash_app):
    from dashboard.pages.overview import refresh_overview

    with as_user(dash_app, lang="id"):
        out = refresh_overview({}, 0)
    assert out[7].startswith("Terakhir diperbarui")
    assert "aktif" in {r["state_label"] for r in out[9]}


def test_dash002_district_equals_query_layer(dash_app, conn):
    from dashboard.pages.district import refresh_district

    with as_user(dash_app):
        out = refresh_district({"group": None}, 0)
        summary = registry.district(None)
    month, sites, visitors, sessions, _sessions_est, _data, _nodata, rows = out
    assert sites == f"{summary['totals']['sites_with_data']} / {summary['totals']['sites']}"
    assert visitors == f"{summary['totals']['unique_visitors_sum']:,}"
    assert [r["visitors"] for r in rows] == [s["unique_visitors"] for s in summary["sites"]]
    assert rows[0]["site_link"].startswith("[Perpustakaan Desa Sembalun]")


def test_dash002_ap_page_events_and_outages(dash_app):
    from dashboard.pages.ap_detail import refresh_events

    with as_user(dash_app):
        rows, summary = refresh_events({"ap_id": 1, "range": "7d"}, 0)
    assert [r["event"] for r in rows] == ["came back up", "went down", "rebooted"]
    assert summary.startswith("1 outage(s)")


def test_dash002_quality_gaps_and_quarantine(dash_app):
    from dashboard.pages.quality import refresh_quality

    with as_user(dash_app):
        gaps, _, quarantine, _, reasons, _polling, _ = refresh_quality({"site_id": 1}, 0)
    # lantai-2 missed an hour of polls yesterday: a gap of 60-70 minutes between answered polls
    assert [g["ap"] for g in gaps] == ["lantai-2"] and 60 <= gaps[0]["minutes"] <= 70
    assert len(quarantine) == 4 and quarantine[0]["reason"] == "no format matched"
    assert {(r["reason"], r["lines"]) for r in reasons} >= {("no format matched", 2)}


def test_dash002_fresh_install_shows_guidance(dash_app, use_db, empty_dsn):
    from dashboard.pages.district import refresh_district
    from dashboard.pages.overview import refresh_overview

    use_db(empty_dsn)
    with as_user(dash_app):
        out = refresh_overview({}, 0)
        assert out[8] is not None and out[8].id == "fresh-install"
        for name in registry.CHARTS:
            fig, _ = registry.produce(name, {"site_id": None, "ap_id": 1}, "en")
            assert is_empty(fig), name
            assert "Nothing to show yet" in fig.layout.annotations[0].text
        assert refresh_district({}, 0)[6].id == "fresh-install"


def test_dash002_rotating_salt_says_so(dash_app, use_db, seeded_dsn):
    from dashboard.pages.site import refresh_site

    use_db(seeded_dsn[0], rotating_salt=True)
    with as_user(dash_app, lang="en"):
        *_, returning, returning_sub, notes = refresh_site({"site_id": 1, "range": "7d"}, 0)
        fig, csv = registry.produce("site.visitors", {"site_id": 1, "range": "7d"}, "en")
    assert returning == "–" and returning_sub == ""  # no share, no range
    assert any(getattr(n, "id", None) == "note-rotating" for n in notes)
    assert [tr.name for tr in fig.data] == ["Visitors (devices)", "Wi-Fi sessions"]
    assert not {"New (devices)", "Returning (devices)"} & set(csv.columns)


def test_dash002_custom_range(dash_app, conn, seeded_dsn):
    import datetime as dt

    assert periods.custom_days("2026-11-20", "2026-11-10", dt.date(2026, 11, 28)) == (dt.date(2026, 11, 10),
                                                                                   dt.date(2026, 11, 20))
    assert periods.custom_days("2020-01-01", "2030-01-01", dt.date(2026, 11, 28)) == (dt.date(2025, 10, 25),
                                                                                   dt.date(2026, 11, 28))
    assert periods.custom_days("nonsense", None, dt.date(2026, 11, 28)) is None
    with as_user(dash_app):
        site = registry.site_info(1)
        start, end = periods.local_days(site["timezone"], 7)
        params = {"site_id": 1, "range": "custom", "start": (start + dt.timedelta(days=2)).isoformat(),
                  "end": (end - dt.timedelta(days=1)).isoformat() + "T00:00:00"}
        _, csv = registry.produce("site.visitors", params, "en")
    layer = A.visitors_daily(conn, 1, start + dt.timedelta(days=2), end - dt.timedelta(days=1))
    assert len(csv) == len(layer) == 4
    assert csv["Visitors (devices)"].tolist() == [r["visitors"] for r in layer]


def test_dash002_long_ranges_drawn_per_day(dash_app, conn):
    with as_user(dash_app):
        site = registry.site_info(1)
        start, end = periods.local_days(site["timezone"], 90)
        fig, csv = registry.produce("site.occupancy", {"site_id": 1, "range": "90d"}, "en")
    layer = A.occupancy(conn, 1, start, end, by="day")
    assert list(csv.columns) == ["Day", "Daily average clients", "Daily peak clients"]
    assert csv["Daily peak clients"].tolist() == [r["clients_max"] for r in layer]
    assert len(fig.data[0].x) == len(layer) <= 10


def test_dash002_broken_chart_does_not_blank_the_page(dash_app):
    from dashboard.components import render_chart

    def broken(params, lang):
        raise psycopg.errors.UndefinedColumn("column does not exist")

    registry.CHARTS["test.broken"] = registry.Chart("site.occupancy", broken)
    try:
        with as_user(dash_app, lang="id"):
            fig = render_chart({}, 0, {"type": "chart", "name": "test.broken"})
            ok = render_chart({"site_id": 1}, 0, {"type": "chart", "name": "site.visitors"})
    finally:
        del registry.CHARTS["test.broken"]
    assert is_empty(fig) and "tidak dapat digambar" in fig.layout.annotations[0].text
    assert not is_empty(ok)

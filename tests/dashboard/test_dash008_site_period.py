"""The site page's period: presets and day / month / year selects in the user's language, local days of
the site's time zone; the callback against the real seeded database, through the Dash endpoint."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import psycopg
import pytest

from dashboard import periods
from dashboard import analytics as A
from dashboard import fmt
from dashboard.charts import overview as overview_charts, registry
from tests.dashboard.conftest import login
from tests.dashboard.dashcall import post

UTC = dt.timezone.utc
TZ = "Asia/Makassar"  # UTC+8, the seeded sites' zone


@pytest.fixture
def page(dash_app):
    """dashboard/pages/site.py (a page module is imported once the app exists)."""
    from dashboard.pages import site

    return site


def test_dash008_presets():
    today = dt.date(2026, 3, 31)
    assert periods.preset_days("today", today) == (today, today)
    assert periods.preset_days("7d", today) == (dt.date(2026, 3, 25), today)
    assert periods.preset_days("month", today) == (dt.date(2026, 3, 1), today)
    assert periods.preset_days("last_month", today) == (dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    assert periods.preset_days("last_month", dt.date(2026, 1, 1)) == (dt.date(2025, 12, 1), dt.date(2025, 12, 31))
    assert periods.preset_days("365d", today) == (dt.date(2025, 4, 1), today)
    assert periods.preset_days("custom", today) is None and periods.preset_days(None, today) is None


def test_dash008_report_months():
    m = periods.Month.parse("2024-02")
    assert (m.first, m.last, m.end, m.days) == (dt.date(2024, 2, 1), dt.date(2024, 2, 29), dt.date(2024, 3, 1), 29)
    assert periods.Month(2026, 1).previous() == periods.Month(2025, 12) == periods.previous_month(dt.date(2026, 1, 31))
    assert periods.Month(2025, 12).next().first == dt.date(2026, 1, 1) and str(periods.Month(2026, 3)) == "2026-03"


def test_dash008_days_are_local_days_of_the_site():
    # 17:00 UTC on 30 November is already 1 December in Makassar (UTC+8), still 30 November in UTC
    now = dt.datetime(2026, 11, 30, 17, 0, tzinfo=UTC)
    assert periods.period_days("today", None, None, TZ, now) == ("today", dt.date(2026, 12, 1), dt.date(2026, 12, 1))
    assert periods.period_days("month", None, None, TZ, now) == ("month", dt.date(2026, 12, 1), dt.date(2026, 12, 1))
    assert periods.period_days("last_month", None, None, TZ, now)[1:] == (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert periods.period_days("month", None, None, "UTC", now)[1:] == (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    # a custom range ends today at the latest, in the site's zone
    assert periods.period_days("custom", "2026-11-20", "2026-12-05", TZ, now)[1:] == (dt.date(2026, 11, 20),
                                                                                     dt.date(2026, 12, 1))
    assert periods.period_days("custom", "2026-11-20", "2026-12-05", "UTC", now)[2] == dt.date(2026, 11, 30)
    # unusable: the default
    assert periods.period_days("custom", "x", None, TZ, now) == ("30d", dt.date(2026, 11, 2), dt.date(2026, 12, 1))
    assert periods.period_days("1y", None, None, TZ, now)[0] == "30d"


def test_dash008_period_controls_pure(page):
    now = dt.datetime(2026, 11, 28, 3, 0, tzinfo=UTC)
    assert periods.date_of("31", "2", "2026") == dt.date(2026, 2, 28)
    assert periods.date_of("31", "2", "2028") == dt.date(2028, 2, 29)
    assert periods.date_of("0", "5", "2026") == dt.date(2026, 5, 1)
    assert periods.date_of(None, "5", "2026") is None and periods.date_of("1", "13", "2026") is None
    p = periods.period("custom", dt.date(2026, 11, 30), dt.date(2026, 11, 3), TZ, now)  # swapped, clamped to today
    assert (p["range"], p["start"], p["end"], p["clamped"]) == ("custom", dt.date(2026, 11, 3),
                                                                dt.date(2026, 11, 28), False)
    assert p["values"] == ["3", "11", "2026", "28", "11", "2026"]
    long = periods.period("custom", "2024-01-01", "2026-11-28", TZ, now)
    assert long["clamped"] and (long["end"] - long["start"]).days + 1 == periods.MAX_CUSTOM_DAYS
    assert page.period_summary(p, "id") == "Sel, 3 Nov–Sab, 28 Nov 2026 · 26 hari · Waktu Indonesia (Makassar)"
    assert page.period_summary(p, "en") == \
        "Tue, 3\u2009Nov –\u2009Sat, 28 Nov 2026 · 26 days · Indonesia (Makassar) Time"  # CLDR's thin spaces
    one = periods.period("today", None, None, TZ, now)
    assert page.period_summary(one, "id") == "Sab, 28 Nov 2026 · 1 hari · Waktu Indonesia (Makassar)"
    assert "dipersingkat" in page.period_summary(long, "id") and "shortened" in page.period_summary(long, "en")
    assert page.period_summary(periods.period("7d", None, None, "UTC", now), "en").endswith("· UTC")
    assert fmt.month_names("id")[4] == "Mei" and fmt.month_names("en")[7] == "August"


def test_dash008_layout_in_the_users_language(dash_app, page):
    from tests.dashboard.test_dash002_figures import as_user

    def texts(component) -> list[str]:
        out = []

        def walk(c):
            if isinstance(c, (list, tuple)):
                for x in c:
                    walk(x)
            elif isinstance(c, str):
                out.append(c)
            elif hasattr(c, "to_plotly_json"):
                for k in ("children", "options", "label"):
                    v = getattr(c, k, None)
                    if isinstance(v, list) and v and isinstance(v[0], dict):
                        out.extend(str(o["label"]) for o in v)
                    elif v is not None:
                        walk(v)
        walk(component)
        return out

    for lang, words, foreign in (("id", ["Hari ini", "Bulan lalu", "Dari", "Sampai", "Desember", "Tanggal pilihan"],
                                  ["Today", "From", "December", "Mon", "Tue"]),
                                 ("en", ["Today", "Last month", "From", "To", "December", "Chosen dates"],
                                  ["Hari ini", "Desember", "Sen"])):
        with as_user(dash_app, lang=lang):
            layout = page.layout(site="1", range="custom", start="2026-10-03", end="2026-10-20")
        controls = layout.children[3]
        assert controls.id == "site-period-controls"
        shown = texts(controls)
        for w in words:
            assert w in shown, (lang, w)
        for w in foreign:
            assert w not in shown, (lang, w)
        store = layout.children[0]
        assert store.data == {"site_id": 1, "range": "custom", "start": "2026-10-03", "end": "2026-10-20"}


def values(page, site_id, rng, fields: list[str], params: dict | None = None) -> dict:
    out = {"site-select.value": site_id, "site-range.value": rng, f"{page.PERIOD_TICK}.n_intervals": 3,
           "page-params.data": params or {}}
    out.update({f"site-{f}.value": v for f, v in zip(page.DATE_FIELDS, fields, strict=True)})
    return out


def response(r) -> dict:
    assert r.status_code == 200, r.get_data(as_text=True)[:500]
    got = r.get_json()["response"]
    return {f"{cid}.{prop.split('@')[0]}": v for cid, props in got.items() for prop, v in props.items()}


def test_dash008_callback_presets_and_dates(client, seeded_dsn, page):
    login(client, "kepala")  # a viewer, Bahasa Indonesia
    today = dt.datetime.now(UTC).astimezone(ZoneInfo(TZ)).date()
    week = periods.preset_days("7d", today)
    shown = periods.date_values(week[0]) + periods.date_values(week[1])

    # a preset fills the dates (local days of the site) and the parameters of the charts
    r = response(post(client, "site-period.children", values(page, 1, "last_month", shown), ["site-range.value"]))
    first, last = periods.preset_days("last_month", today)
    assert r["page-params.data"] == {"site_id": 1, "range": "last_month", "start": first.isoformat(),
                                     "end": last.isoformat()}
    assert [r[f"site-{f}.value"] for f in page.DATE_FIELDS] == periods.date_values(first) + periods.date_values(last)
    assert r["site-period.children"] == page.period_summary(periods.period("last_month", None, None, TZ), "id")
    assert r["site-range.value"] == "last_month"

    # changing one select makes the period custom; a day past the month's end becomes its last day
    changed = periods.date_values(first) + periods.date_values(last)
    changed[0] = "31"  # from-day
    r = response(post(client, "site-period.children", values(page, 1, "last_month", changed), ["site-from-day.value"]))
    start = dt.date(first.year, first.month, min(31, (last - first).days + 1))
    assert r["site-range.value"] == "custom"
    assert r["page-params.data"]["range"] == "custom" and r["page-params.data"]["start"] == start.isoformat()
    assert r["site-from-day.value"] == str(start.day)

    # the KPIs of that period equal the query layer's
    kpi = response(post(client, "site-visitors.children", {"page-params.data": r["page-params.data"],
                                                           "refresh.n_intervals": 1}, ["page-params.data"]))
    with psycopg.connect(seeded_dsn[0]) as c:
        fig = A.period_figures(c, [1], start, last)[0]
    assert kpi["site-sessions.children"] == fmt.num(fig["sessions"], "id")

    # the page refreshing with nothing changed: no update at all
    params = {"site_id": 1, "range": "7d", "start": week[0].isoformat(), "end": week[1].isoformat()}
    quiet = post(client, "site-period.children", values(page, 1, "7d", shown, params),
                 [f"{page.PERIOD_TICK}.n_intervals"])
    assert quiet.status_code == 204


def test_dash008_district_month_is_the_local_month(dash_app):
    from tests.dashboard.test_dash002_figures import as_user

    # 17:00 UTC on 30 November: December has begun in Makassar, where the seeded sites are
    with as_user(dash_app):
        summary = registry.district(None, now=dt.datetime(2026, 11, 30, 17, 0, tzinfo=UTC))
    assert summary["month"] == dt.date(2026, 12, 1) and summary["month_to_date"]


def test_dash008_report_months_are_the_sites_months(dash_app):
    """The reports page offers the months that have ended in the sites' zone, not the server's (UTC): at
    00:10 WITA on 1 January it is still 31 December in UTC, and December is the newest whole month."""
    from dashboard.pages.reports import _months, district_today
    from tests.dashboard.test_dash002_figures import as_user

    new_year = dt.datetime(2026, 12, 31, 16, 10, tzinfo=UTC)  # 2027-01-01 00:10 in Makassar
    with as_user(dash_app):
        today = district_today(new_year)
    assert today == dt.date(2027, 1, 1)
    months = _months("id", today)
    assert [m["value"] for m in months[:2]] == ["2026-12", "2026-11"] and len(months) == 13
    assert months[-1]["value"] == "2025-12"
    with as_user(dash_app):  # a minute earlier December is still in progress in Makassar too
        assert _months("en", district_today(new_year - dt.timedelta(minutes=11)))[0]["value"] == "2026-11"


@pytest.mark.parametrize("last_poll_age_s, stale", [(60, False), (3 * 600 + 60, True)])
def test_dash008_stale_poll(dash_app, last_poll_age_s, stale):
    now = dt.datetime(2026, 11, 28, 3, 0, tzinfo=UTC)
    assert overview_charts.is_stale(now - dt.timedelta(seconds=last_poll_age_s), now) is stale  # poll interval: 600 s


def test_dash008_overview_says_when_polls_stopped(dash_app, seeded_dsn):
    """The collector stopped an hour ago: the overview shows the last figures and says they may be old."""
    from dashboard.pages.overview import refresh_overview
    from tests.dashboard.test_dash002_figures import as_user

    with psycopg.connect(seeded_dsn[0], autocommit=True) as c:
        c.execute("UPDATE ap_status SET last_poll_at = last_poll_at - interval '1 hour'")
        try:
            with as_user(dash_app, lang="id"):
                out = refresh_overview({}, 0)
        finally:
            c.execute("UPDATE ap_status SET last_poll_at = last_poll_at + interval '1 hour'")
    guidance = out[8]
    assert guidance is not None and guidance.id == "stale-data"
    assert guidance.children.startswith("Polling terbaru dari ") and "WITA" in guidance.children
    with as_user(dash_app, lang="id"):
        assert refresh_overview({}, 0)[8] is None


def test_dash008_no_callback_of_one_page_runs_on_every_page(dash_app):
    """A callback with an input every page has (the shell's refresh tick) and an output every page has (the
    page's parameters) is run by Dash on every page: then all its inputs must be on every page, or Dash fails it
    on the console at each tick ("A nonexistent object was used in an Input": the site's period callback on
    every other page, with the shell's tick as its refresh; the site page now has a tick of its own)."""
    from dash.development.base_component import Component

    from dashboard.app import shell
    from dashboard.components import PARAMS
    from tests.dashboard.dashcall import callbacks

    with dash_app.server.test_request_context("/"):
        layout = shell()
    everywhere = {PARAMS}
    todo = [layout]
    while todo:
        c = todo.pop()
        if isinstance(c, Component):
            if isinstance(getattr(c, "id", None), str):
                everywhere.add(c.id)
            kids = getattr(c, "children", None)
            todo.extend(kids if isinstance(kids, list) else [kids])
    assert {"refresh", "health", "ui-lang", PARAMS} <= everywhere

    def ids(items) -> set:
        return {i.split(".", 1)[0] if isinstance(i, str) else i for i in items}

    wrong = []
    for key, spec in callbacks().items():
        outputs = ids(o.split("@")[0] for o in key.strip(".").split("...") if not o.startswith("{"))
        inputs = {d["id"] for d in spec["inputs"] if isinstance(d["id"], str) and not d["id"].startswith("{")}
        if outputs & everywhere and inputs & everywhere and not inputs <= everywhere:
            wrong.append((key, sorted(inputs - everywhere)))
    assert wrong == []

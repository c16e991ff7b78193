"""Library visits beside Wi-Fi use on the site page, the district view and the
data-quality page, in both languages, equal to the query layer (issue 21)."""

from __future__ import annotations

import datetime as dt

import psycopg
import pytest

from dashboard import periods
from dashboard import fmt
from dashboard.charts import registry, visits as visits_charts
from dashboard.analytics import visits as V
from dashboard.i18n import t
from tests.dashboard.test_dash002_figures import as_user

LANGS = ("en", "id")


@pytest.fixture
def conn(seeded_dsn):
    with psycopg.connect(seeded_dsn[0]) as c:
        yield c


@pytest.mark.parametrize("lang", LANGS)
def test_site_section_shows_visits_beside_wifi_with_the_share(dash_app, conn, lang):
    params = {"site_id": 1, "range": "30d"}
    start, end = periods.local_days("Asia/Makassar", 30)
    with as_user(dash_app, lang=lang):
        visits, split, wifi, sessions, share, share_sub, notes = visits_charts.refresh_library(params, 0)
        _, daily = registry.produce("site.library_visits", params, lang)
        _, purpose = registry.produce("site.visit_purpose", params, lang)
        _, profile = registry.produce("site.visit_profile", params, lang)
    f = V.library_wifi(conn, 1, start, end)
    assert f["visits"] == 7 * 15 + 1  # the seeded week, and one visit at midnight today
    assert visits == fmt.num(106, lang) and split == t("visits.split", lang, individual=fmt.num(92, lang),
                                                       group=fmt.num(14, lang))
    assert wifi == fmt.num(f["wifi_visitor_days"], lang) and sessions == fmt.num(f["wifi_sessions"], lang)
    assert share.startswith("≈ ") and share_sub == t("visits.estimate", lang)
    assert share == visits_charts.share_text(f, lang)
    assert f["share_low"] < f["share_high"]  # a range, not a point
    assert any(getattr(n, "id", None) == "lib-share-note" for n in notes)
    assert daily.iloc[:, 1].sum() == 106 and list(daily.columns)[1] == t("visits.visits", lang)
    assert sorted(purpose.iloc[:, 0]) == sorted(["Belajar", "Meminjam buku", "Membaca"])
    by = {r["purpose"]: r for r in V.wifi_by_purpose(conn, 1, start, end)}
    assert dict(zip(purpose.iloc[:, 0], purpose.iloc[:, 1])) == {k: v["visits"] for k, v in by.items()}
    assert t("visits.cat.female", lang) in set(profile.iloc[:, 1])


@pytest.mark.parametrize("lang", LANGS)
def test_district_ranks_libraries_by_visits_and_by_wifi(dash_app, conn, lang):
    with as_user(dash_app, lang=lang):
        fig, csv = registry.produce("district.library_visits", {"group": None}, lang)
    assert len(fig.data) == 2
    assert list(csv.columns)[:3] == [t("col.site", lang), t("visits.visits", lang), t("visits.rank_visits", lang)]
    month = registry.district(None)["month"]
    from dashboard.periods import month_last_day

    layer = V.sites_ranking(conn, [1, 2], month, month_last_day(month))  # the month in progress
    assert csv.iloc[:, 1].tolist() == [r["visits"] for r in layer] and "Sembalun" in csv.iloc[0, 0]
    assert csv.iloc[0, 1] >= 1 and csv.iloc[0, 2] == 1


@pytest.mark.parametrize("lang", LANGS)
def test_data_quality_shows_the_guest_book_state(dash_app, lang):
    with as_user(dash_app, lang=lang):
        card = visits_charts.refresh_dq_inlislite({}, 0)
    assert card.id == "dq-inlislite-state" and card.color == "success"
    now = dt.datetime(2026, 11, 24, 1, tzinfo=dt.timezone.utc)
    down = {"state": "unreachable", "detail": "INLISLite database kunang@10.0.0.5:3306/inlis not reachable",
            "checked_at": now, "last_ok_at": None, "visits": None, "unmapped": 0}
    text, colour = visits_charts.dq_text(down, lang)
    assert colour == "danger" and "10.0.0.5" in text and t("dq.inlislite.never", lang) in text
    bad = {**down, "state": "schema_error", "detail": "INLISLite database lacks column memberguesses.Profesi_id"}
    assert "memberguesses.Profesi_id" in visits_charts.dq_text(bad, lang)[0]
    assert visits_charts.dq_text(None, lang) is None


def test_site_section_is_hidden_without_any_guest_book(dash_app, seeded_dsn):
    with as_user(dash_app, lang="en"):
        assert visits_charts.site_section("en").style is None  # the seeded guest book
    with psycopg.connect(seeded_dsn[0]) as c:
        rows = c.execute("DELETE FROM library_visit_hourly RETURNING site_id, hour, dimension, category, visits,"
                         " source").fetchall()
        c.commit()
        try:
            with as_user(dash_app, lang="en"):
                assert visits_charts.site_section("en").style == {"display": "none"}
        finally:
            with c.cursor() as cur:
                cur.executemany("INSERT INTO library_visit_hourly VALUES (%s, %s, %s, %s, %s, %s)", rows)
            c.commit()

"""Sensed footfall on the site page (issue 20): shown where the site has a probe-request sensor, labelled
as estimates in both languages, equal to the query layer; hidden where there is none."""

from __future__ import annotations

import datetime as dt

import psycopg
import pytest

from dashboard import fmt, periods
from dashboard.charts import footfall as footfall_charts, registry
from dashboard.analytics import footfall as F
from dashboard.i18n import t
from tests.dashboard.test_dash002_figures import as_user

LANGS = ("en", "id")


@pytest.fixture
def sensed(seeded_dsn):
    """The seeded database: Sembalun (1) has three summed sensor days (tests/dashboard/seed.sql), Labuhan Haji
    (2) none."""
    with psycopg.connect(seeded_dsn[0], autocommit=True) as conn:
        yield conn


@pytest.mark.parametrize("lang", LANGS)
def test_site_section_shows_sensed_figures_as_estimates(dash_app, sensed, lang):
    params = {"site_id": 1, "range": "30d"}
    with as_user(dash_app, lang=lang):
        style, passers, passers_sub, visitors, connected, connected_sub, conversion, _, notes = \
            footfall_charts.refresh_footfall(params, 0)
        fig, csv = registry.produce("site.footfall", params, lang)
    start, end = periods.local_days("Asia/Makassar", 30)
    f = F.footfall(sensed, 1, start, end)
    assert (f["passers_by"], f["visitors"], f["connected"], f["days"]) == (125, 35, 28, 3)
    assert f["conversion"] == pytest.approx(35 / 160) and f["connected_share"] == pytest.approx(28 / 35)
    assert style is None
    assert (passers, visitors, connected, conversion) == (fmt.num(125, lang), fmt.num(35, lang), fmt.num(28, lang),
                                                          fmt.pct(35 / 160, lang))
    assert passers_sub == t("footfall.device_days", lang, days=fmt.num(3, lang))
    assert connected_sub == t("footfall.connected_sub", lang, share=fmt.pct(0.8, lang))
    note_ids = [getattr(n, "id", None) for n in notes]
    assert "ff-note" in note_ids and "ff-randomized" in note_ids
    assert "-72" in notes[0].children and t("estimate", lang) in t("footfall.passers_by", lang)
    assert list(csv.columns)[:4] == [t("col.day", lang), t("footfall.col.passers_by", lang),
                                     t("footfall.col.visitors", lang), t("footfall.col.connected", lang)]
    assert csv.iloc[:, 1].sum() == 125 and len(fig.data) == 3


@pytest.mark.parametrize("lang", LANGS)
def test_no_sensor_no_section(dash_app, sensed, lang):
    with as_user(dash_app, lang=lang):
        assert footfall_charts.refresh_footfall({"site_id": 2, "range": "30d"}, 0)[0] == {"display": "none"}
        # a sensor site in a period without sensor data: the section with a note, no figures
        out = footfall_charts.refresh_footfall({"site_id": 1, "range": "custom", "start": "2020-01-01",
                                                "end": "2020-01-31"}, 0)
    assert out[0] is None and out[1] == "–" and out[-1].id == "ff-none"
    assert F.footfall(sensed, 2, dt.date(2020, 1, 1), dt.date(2030, 1, 1)) is None


@pytest.mark.parametrize("lang", LANGS)
def test_hour_of_day_chart_averages_the_sensed_hours(dash_app, sensed, lang):
    with as_user(dash_app, lang=lang):
        fig, csv = registry.produce("site.footfall_hours", {"site_id": 1, "range": "30d"}, lang)
    rows = {r[0]: list(r[1:]) for r in csv.itertuples(index=False)}
    assert rows == {9: [15.0, 5.0, 5.0, 2], 14: [5.0, 1.0, 1.0, 1]}
    assert list(csv.columns)[0] == t("footfall.col.hour_of_day", lang) and len(fig.data) == 3

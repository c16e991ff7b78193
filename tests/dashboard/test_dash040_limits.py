"""What limits a figure is said where it is shown (issue 22): "not yet" for a returning share without its
look-back window, dwell "± 1 poll", persons as an estimate with a range, blind APs by name; EN and ID."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.i18n import t
from dashboard.reports.model import Quality
from dashboard.reports.tables import limit_lines
from dashboard.reports import texts

LANGS = ("en", "id")


@pytest.mark.parametrize("lang", LANGS)
def test_dash040_site_texts(dash_app, lang):
    from dashboard.pages.site import dwell_text, returning_text, site_notes, visitors_sub

    not_yet = {"returning_computed": True, "returning_not_yet": True, "returning_share_est": None,
               "returning_device_share": 0.02}
    assert returning_text(not_yet, lang) == t("site.returning_not_yet", lang)  # never the low 2 %
    full = {"returning_computed": True, "returning_not_yet": False, "returning_share_est": 0.25}
    assert returning_text(full, lang).startswith("25")
    assert returning_text({"returning_computed": False}, lang) == "–"
    dwell = dwell_text({"dwell_median_s": 1800, "dwell_resolution_s": 600}, lang)
    assert "± 1 poll" in dwell and dwell != dwell_text({"dwell_median_s": 1800, "dwell_resolution_s": 60}, lang)
    sub = visitors_sub({"visitor_days": 120, "persons_est": 101, "persons_low": 95, "persons_high": 118}, lang)
    assert "101" in sub and "95" in sub and "118" in sub
    notes = site_notes({"blind_aps": ["aula"], "client_incomplete_days": 3, "client_coverage": 0.66,
                        "returning_window_days": 30, "short_history_days": 4, "visitor_days": 5}, lang)
    ids = {getattr(n, "id", None) for n in notes}
    assert {"note-blind", "note-history", "note-devices"} <= ids
    blind = next(n for n in notes if getattr(n, "id", None) == "note-blind")
    assert "aula" in blind.children
    # randomised MACs: the daily returning devices are a lower bound, the card (persons) is the estimate
    rnd = {"randomized_share": 0.4, "returning_computed": True}
    said = next(n for n in site_notes(rnd, lang) if getattr(n, "id", None) == "note-randomized").children
    assert t("site.randomized_returning", lang, card=t("site.returning_share", lang)) in said
    off = next(n for n in site_notes({**rnd, "returning_computed": False}, lang)
               if getattr(n, "id", None) == "note-randomized").children
    assert t("site.returning_share", lang) not in off  # rotating pseudonyms: no returning figures to explain


@pytest.mark.parametrize("lang", LANGS)
def test_dash040_quality_page_names_blind_aps(dash_app, lang):
    from dashboard.pages.quality import blind_lines

    out = blind_lines([{"ap_name": "aula", "client_rows": "none", "days": 12, "client_coverage": 0.66}], lang, 0.9)
    text = " ".join(d.children for d in out)
    assert "aula" in text and t("dq.blind_none", lang) in text
    assert blind_lines([], lang, 0.9)[0].id == "dq-no-blind"


@pytest.mark.parametrize("lang", LANGS)
def test_dash040_report_footnotes(lang):
    d1, d2 = dt.date(2026, 11, 3), dt.date(2026, 11, 4)
    q = Quality(95.0, 0.4, blind_aps=("aula",), blind_days=[d1, d2], short_history_days=[d1],
                returning_window=30, dwell_resolution_s=600, persons=(1210, 1150, 1320), sessions_est=1777)
    lines = limit_lines(q, lang)
    assert len(lines) == 5
    assert "aula" in lines[1] and texts.short_day(d2, lang) in lines[1] and texts.num(1777, lang) in lines[1]
    assert lines[2] == texts.t("q_dhcp_not_read", lang)  # with the blind spots: whether the DHCP log was read
    assert "30" in lines[3] and texts.short_day(d1, lang) in lines[3]
    assert "± 1 poll" in lines[4]
    assert texts.num(1210, lang) in lines[0] and texts.num(1320, lang) in lines[0]
    assert limit_lines(Quality(95.0, 0.4), lang) == []


@pytest.mark.parametrize("lang", LANGS)
def test_dash040_daily_table_says_what_limits_each_day(dash_app, lang):
    from dashboard.charts.site import day_limits

    day = {"incomplete_clients": True, "blind_aps": ["aula"], "returning_not_yet": True, "returning_computed": True,
           "visitors": 12}
    text = day_limits(day, lang)
    assert "aula" in text and t("limits.not_yet", lang) in text
    assert day_limits({"incomplete_clients": False, "blind_aps": [], "returning_not_yet": False,
                       "returning_computed": True, "visitors": 12}, lang) == ""


@pytest.mark.parametrize("lang", LANGS)
def test_dash040_district_row_says_what_limits_the_site(lang):
    from dashboard.limits import district_limits

    row = {"blind_aps": ["aula"], "client_incomplete_days": 12, "short_history_days": 4, "visitor_days": 300,
           "returning_computed": True}
    text = district_limits(row, lang)
    assert "aula" in text and t("limits.not_yet_days", lang, n="4") in text and "12" in text
    assert district_limits({**row, "blind_aps": [], "short_history_days": 0}, lang) == ""
    # rotating-salt mode has no returning share, so nothing to say about its window
    assert "aula" in district_limits({**row, "returning_computed": False}, lang)
    assert t("limits.not_yet_days", lang, n="4") not in district_limits({**row, "returning_computed": False}, lang)


# labels that say "visitor" but are not Kunang's device count: guest-book persons, the sensors' estimates
# (their titles say so), the persons' share with its own note, phrases naming what a blind AP limits
NOT_DEVICE_COUNTS = {"limits.blind", "limits.blind_days", "site.visitor_days", "visits.group", "visits.share",
                     "visits.chart_profile", "footfall.conversion_sub", "footfall.connected_sub"}


def test_dash040_no_label_calls_devices_visitors_unqualified():
    """Issue 22: a device count is never labelled "visitors" without saying so (devices, an estimate)."""
    import re

    from dashboard.i18n import CATALOGUE
    def unqualified(en: str) -> bool:
        label = len(en) < 70 and not en.rstrip().endswith(".")
        return label and bool(re.search(r"\bvisitors?\b", en, re.I)) and not re.search(r"device|estimate|person", en, re.I)

    labels = {k: en for k, (en, _id) in CATALOGUE.items()}
    labels |= {k: v["en"] for k, v in texts.T.items()}  # the report's, its sections' too
    bad = {k: en for k, en in labels.items() if unqualified(en) and k not in NOT_DEVICE_COUNTS}
    assert not bad, bad
    assert unqualified("Wi-Fi visitors") and not unqualified("Wi-Fi visitors (devices)")  # the check itself


@pytest.mark.parametrize("lang", LANGS)
def test_dash040_district_report_names_each_site_day(lang):
    """District report: the limited days per library (a date alone would not say which library it limits), the
    sessions estimate with its range."""
    d1, d2, d3 = dt.date(2026, 11, 3), dt.date(2026, 11, 4), dt.date(2026, 11, 5)
    q = Quality(95.0, 0.4, blind_aps=("A: aula", "B: teras"), blind_days=[d1, d2, d3], short_history_days=[d1],
                site_days=(("A", (d1, d2), (d1,)), ("B", (d2, d3), ())), sessions_est=3055,
                sessions_range=(3001, 3109))
    blind, dhcp, not_yet = limit_lines(q, lang)
    assert dhcp == texts.t("q_dhcp_not_read", lang)
    assert texts.t("q_blind", lang, aps="A: aula, B: teras", n=texts.num(4, lang),
                   days=f"A: {texts.short_day(d1, lang)}, {texts.short_day(d2, lang)}; "
                        f"B: {texts.short_day(d2, lang)}, {texts.short_day(d3, lang)}",
                   sessions=texts.num(3055, lang),
                   range=texts.t("q_sessions_range", lang, low=texts.num(3001, lang),
                                 high=texts.num(3109, lang))) == blind
    assert texts.num(3001, lang) + "–" + texts.num(3109, lang) in blind
    assert f"A: {texts.short_day(d1, lang)})" in not_yet and "B:" not in not_yet


@pytest.mark.parametrize("lang", LANGS)
def test_dash040_quality_page_says_the_estimate_and_the_history(dash_app, lang):
    from dashboard import fmt
    from dashboard.pages.quality import limit_lines as dq_lines

    fig = {"sessions": 1494, "sessions_est": 1658, "sessions_est_low": 1612, "sessions_est_high": 1704,
           "blind_aps": ["aula"], "client_incomplete_days": 25, "returning_window_days": 30}
    days = [{"returning_not_yet": True, "returning_computed": True, "visitors": 40}] * 18 + \
        [{"returning_not_yet": False, "returning_computed": True, "visitors": 40}] * 7
    out = dq_lines(fig, days, dt.date(2026, 10, 23), lang)
    assert [d.id for d in out] == ["dq-sessions-est", "dq-history"]
    assert fmt.num(1612, lang) in out[0].children and fmt.num(1704, lang) in out[0].children
    assert out[1].children == t("dq.history_short", lang, n="18", w=30, began=fmt.date(dt.date(2026, 10, 23), lang),
                                full=fmt.date(dt.date(2026, 11, 22), lang))
    full = dq_lines(fig | {"sessions_est_low": None, "blind_aps": []}, days[18:], dt.date(2026, 10, 23), lang)
    assert [d.children for d in full] == [t("dq.history_full", lang, w=30)]

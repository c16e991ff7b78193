"""A sessions estimate the router's DHCP log counted has no sampling range (issue 22, docs/metrics.md "The DHCP
log as a third source"): where its range collapses (low = high) the site page, the district view, the
data-quality page and the monthly report say "counted with the DHCP log" instead of "range A–A"; an estimate
with a spread keeps its range; the data-quality page and the report say where the DHCP log was read. EN and ID.

Real PostgreSQL: the dashboard seed at a fixed instant, site 1's 'halaman' AP made blind and the product's
refresh run; then (`dhcp_state`) chosen days of site 1 get a complete DHCP log's counts (every visit explained by
a grant, two visits only the log shows) through the product's kunang_sessions_unseen / kunang_sessions_unseen_var,
the other days no DHCP log and an estimate with a variance, as the polls against the portal give one."""

from __future__ import annotations

import datetime as dt

import psycopg
import pytest

from collector.db import migrate
from dashboard import analytics as A
from dashboard import fmt
from dashboard.i18n import t
from dashboard.periods import Month
from dashboard.reports import tables, texts
from dashboard.reports.builder import Settings, build_report
from tests.conftest import _drop_database, _test_database
from tests.dashboard.seed import seed
from tests.dashboard.test_dash002_figures import as_user

LANGS = ("en", "id")
NOW = dt.datetime(2026, 11, 20, 6, 0, tzinfo=dt.timezone.utc)  # the seed's week lies in November
SITE1 = "Perpustakaan Desa Sembalun"


@pytest.fixture(scope="module")
def dhcp_db(pg_server):
    """(dsn, first day, last day) of site 1's seeded sessions."""
    name, dsn = _test_database(pg_server)
    migrate.upgrade(dsn)
    with psycopg.connect(dsn, autocommit=True) as conn:
        seed(conn, NOW)
        conn.execute("UPDATE ap SET client_rows = 'counts' WHERE id = 2")
        conn.execute("SELECT kunang_refresh_analytics(%s, %s)", (NOW - dt.timedelta(days=9), NOW + dt.timedelta(hours=1)))
        first, last = conn.execute("SELECT min(day), max(day) FROM site_daily WHERE site_id = 1 AND sessions > 0").fetchone()
    try:
        yield dsn, first, last
    finally:
        _drop_database(pg_server, name)


def dhcp_state(dsn: str, until: dt.date | None) -> None:
    """Site 1's days up to `until` with a complete DHCP log (m = n, d = 2: variance 0), the later ones without a
    DHCP log and an estimate with a spread (3 unseen visits, variance 6.25)."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("""
            UPDATE site_daily SET sessions_dhcp_only = 2,
                   sessions_dhcp_both = sessions_snmp_only + sessions_portal_only + sessions_both
            WHERE site_id = 1 AND sessions > 0 AND day <= %(u)s""", {"u": until or dt.date(1, 1, 1)})
        conn.execute("""
            UPDATE site_daily
            SET sessions_unseen = kunang_sessions_unseen(sessions_snmp_only, sessions_portal_only, sessions_both,
                                                         sessions_dhcp_only, sessions_dhcp_both),
                sessions_unseen_var = kunang_sessions_unseen_var(sessions_snmp_only, sessions_portal_only,
                                                                 sessions_both, sessions_dhcp_only, sessions_dhcp_both)
            WHERE site_id = 1 AND sessions > 0 AND day <= %(u)s""", {"u": until or dt.date(1, 1, 1)})
        conn.execute("UPDATE site_daily SET sessions_unseen = 3, sessions_unseen_var = 6.25, sessions_dhcp_only = NULL,"
                     " sessions_dhcp_both = NULL WHERE site_id = 1 AND sessions > 0 AND day > %(u)s",
                     {"u": until or dt.date(1, 1, 1)})


def figure(dsn, first, last, whole_month=False) -> dict:
    with psycopg.connect(dsn) as conn:
        return A.period_figures(conn, [1], first, last, whole_month=whole_month)[0]


def test_dash042_the_rule(dhcp_db):
    """One rule decides: no estimate, a range, counted with the DHCP log, or a collapse without it."""
    dsn, first, last = dhcp_db
    dhcp_state(dsn, last - dt.timedelta(days=1))
    counted, mixed = figure(dsn, first, last - dt.timedelta(days=1)), figure(dsn, first, last)
    assert counted["blind_aps"] == ["halaman"] and counted["dhcp_days"] >= 2
    assert counted["sessions_est_low"] == counted["sessions_est_high"] == counted["sessions_est"] > counted["sessions"]
    assert mixed["sessions_est_low"] < mixed["sessions_est"] < mixed["sessions_est_high"]
    assert A.sessions_est_form(counted) == "dhcp" and A.sessions_est_form(mixed) == "range"
    assert A.sessions_est_form(counted | {"dhcp_days": 0}) == "point"
    assert A.sessions_est_form(counted | {"sessions_est_low": None}) is None  # None still means "no estimate"
    # several sites: a collapsed site's estimate adds nothing to the range, another's spread remains
    assert A.sessions_est_form(A.combined_sessions([counted])) == "dhcp"
    assert A.sessions_est_form(A.combined_sessions([counted, mixed | {"site_id": 2}])) == "range"


@pytest.mark.parametrize("lang", LANGS)
def test_dash042_site_page_district_quality(dash_app, use_db, dhcp_db, lang):
    from dashboard.limits import sessions_est_cell
    from dashboard.pages.quality import limit_lines
    from dashboard.pages.site import refresh_site

    dsn, first, last = dhcp_db
    dhcp_state(dsn, last - dt.timedelta(days=1))
    use_db(dsn)
    periods = {"counted": (first, last - dt.timedelta(days=1)), "sampled": (last, last)}
    subs, fig = {}, {}
    with as_user(dash_app, lang=lang):
        for k, (a, b) in periods.items():
            fig[k] = figure(dsn, a, b)
            out = refresh_site({"site_id": 1, "range": "custom", "start": str(a), "end": str(b)}, 0)
            assert out[2] == fmt.num(fig[k]["sessions"], lang)
            subs[k] = out[3]
    est = fmt.num(fig["counted"]["sessions_est"], lang)
    assert subs["counted"] == t("limits.sessions_dhcp", lang, est=est)
    assert f"{est}–{est}" not in subs["counted"] and "–" not in subs["counted"]
    assert {"en": "DHCP log", "id": "log DHCP"}[lang] in subs["counted"]
    s = fig["sampled"]
    low, high = fmt.num(s["sessions_est_low"], lang), fmt.num(s["sessions_est_high"], lang)
    assert subs["sampled"] == t("limits.sessions_est", lang, est=fmt.num(s["sessions_est"], lang), low=low, high=high)
    assert s["sessions_est_low"] < s["sessions_est_high"] and f"{low}–{high}" in subs["sampled"]
    # the data-quality page: the estimate as the site page says it, and whether the DHCP log was read
    q = {k: [d.children for d in limit_lines(f, [], None, lang)] for k, f in fig.items()}
    assert subs["counted"] in q["counted"][0] and f"{est}–{est}" not in q["counted"][0]
    assert q["counted"][1] == t("dq.dhcp_read", lang, n=fmt.num(fig["counted"]["dhcp_days"], lang))
    assert subs["sampled"] in q["sampled"][0] and q["sampled"][1] == t("dq.dhcp_not_read", lang)
    # the district view's cell of the month: the range while a day has a spread, "counted" once none has
    nov = (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    m = figure(dsn, *nov, whole_month=True)
    assert sessions_est_cell(m, lang) == (f"≈ {fmt.num(m['sessions_est'], lang)} ({fmt.num(m['sessions_est_low'], lang)}"
                                          f"–{fmt.num(m['sessions_est_high'], lang)})")
    dhcp_state(dsn, last)
    m = figure(dsn, *nov, whole_month=True)
    assert sessions_est_cell(m, lang) == f"≈ {fmt.num(m['sessions_est'], lang)} {t('limits.cell_dhcp', lang)}"


@pytest.mark.parametrize("lang", LANGS)
def test_dash042_report(dhcp_db, lang):
    """The report's headline row "Sessions with blind spots" and the blind-spot footnote, for the library and the
    district: "counted with the DHCP log" with a complete log on every day, the range without a DHCP log."""
    dsn, first, last = dhcp_db
    out = {}
    for state, until in (("counted", last), ("sampled", None)):
        dhcp_state(dsn, until)
        with psycopg.connect(dsn) as conn:
            for site in (SITE1, None):
                model = build_report(conn, Month.parse("2026-11"), site, Settings("Kunang"), now=NOW)
                row = next(r for r in tables.headline(model, lang) if r[0].text.startswith(texts.t("sessions_est", lang)))
                f = next(f for f in model.headline if f.key == "sessions_est")
                out[state, site] = (row[1].text, tables.limit_lines(model.quality, lang), f, model.quality)
    for site in (SITE1, None):
        text, lines, f, q = out["counted", site]
        n = texts.num(f.value, lang)
        assert text == f"≈ {n} ({texts.t('est_dhcp', lang)})" and f"{n}–{n}" not in text
        blind = next(line for line in lines if "halaman" in line)
        assert texts.t("q_sessions_dhcp", lang) in blind and f"{n}–{n}" not in blind
        assert q.dhcp_days == ((SITE1, q.dhcp_days[0][1]),) and q.dhcp_days[0][1] >= 2
        said = texts.num(q.dhcp_days[0][1], lang)
        assert texts.t("q_dhcp_read", lang, n=said, sites="" if site else f" ({SITE1}: {said})") in lines
        text, lines, f, q = out["sampled", site]
        low, high = q.sessions_range
        assert low < high and text == f"≈ {texts.num(f.value, lang)} ({texts.num(low, lang)}–{texts.num(high, lang)})"
        assert texts.t("q_sessions_range", lang, low=texts.num(low, lang), high=texts.num(high, lang)) in \
            next(line for line in lines if "halaman" in line)
        assert texts.t("q_dhcp_not_read", lang) in lines

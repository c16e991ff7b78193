"""The site page's cards at a site with a blind AP (issue 22): the sessions estimate with its range and the
estimated dwell are shown, each card's texts stay inside its box at 1366 x 768 and on a 390 px phone (the
dwell card's "≈ 30 m (estimate: ...) ± 1 poll" in large type ran out of it), in both languages. Real
PostgreSQL (the dashboard seed with one AP made blind), the dashboard in its own process, headless Chromium."""

from __future__ import annotations

import datetime as dt

import psycopg
import pytest

from collector.db import migrate
from dashboard import analytics as A
from dashboard import fmt
from dashboard.i18n import t
from tests.conftest import _drop_database, _test_database
from tests.dashboard.browser import login, relayout, shot, text_of, viewport
from tests.dashboard.conftest import ServerProcess
from tests.dashboard.seed import seed
from tests.dashboard.test_dash010_browser import wait_settled

pytestmark = pytest.mark.browser

CARDS = ("site-visitors", "site-sessions", "site-dwell", "site-returning")


@pytest.fixture(scope="module")
def blind_site(pg_server, users):
    """(server url, dsn, first day, last day) of the seed with site 1's 'halaman' AP listing no clients: the
    product's refresh marks its days, and every day gets an unseen-visit estimate and blind-AP dwell estimates."""
    name, dsn = _test_database(pg_server)
    migrate.upgrade(dsn)
    with psycopg.connect(dsn, autocommit=True) as conn:
        now = seed(conn)
        conn.execute("UPDATE ap SET client_rows = 'counts' WHERE id = 2")
        conn.execute("SELECT kunang_refresh_analytics(%s, %s)", (now - dt.timedelta(days=9), now + dt.timedelta(hours=1)))
        conn.execute("UPDATE site_daily SET sessions_unseen = 3, sessions_unseen_var = 6.25 "
                     "WHERE site_id = 1 AND sessions > 0")
        conn.execute("UPDATE visit SET dwell_est_s = dwell_s + 3333 WHERE site_id = 1")
        days = conn.execute("SELECT min(day), max(day) FROM site_daily WHERE site_id = 1 AND sessions > 0").fetchone()
    server = ServerProcess(dsn, users)
    try:
        yield server.url, dsn, days[0], days[1]
    finally:
        server.stop()
        _drop_database(pg_server, name)


def outside(d) -> list[str]:
    """Texts of the KPI cards that leave their card's box (either way), or that the card cuts off."""
    return d.execute_script("""
        const out = [];
        for (const id of arguments[0]) {
            const card = document.getElementById(id).closest('.card'), box = card.getBoundingClientRect();
            if (card.scrollWidth > card.clientWidth + 1 || card.scrollHeight > card.clientHeight + 1)
                out.push(id + ': scrolls');
            for (const e of card.querySelectorAll('.card-body *')) {
                const r = e.getBoundingClientRect();
                if (r.width && (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.bottom > box.bottom + 0.5))
                    out.push(id + ': ' + e.textContent.slice(0, 40) + ' @' + Math.round(r.right) + '>' + Math.round(box.right));
            }
        }
        return out;
    """, list(CARDS))


def lines(d, element_id: str) -> float:
    """How many lines an element's text takes."""
    return d.execute_script("""
        const e = document.getElementById(arguments[0]);
        return e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight);
    """, element_id)


@pytest.mark.parametrize("lang", ("en", "id"))
def test_dash041_blind_site_cards_fit_and_say_the_estimates(blind_site, browser_factory, artifacts, lang):
    """One page load per language, laid out at 1366 x 768 and again on a 390 px phone."""
    url, dsn, first, last = blind_site
    with psycopg.connect(dsn) as conn:
        fig = A.period_figures(conn, [1], first, last)[0]
    assert fig["blind_aps"] == ["halaman"] and fig["sessions_est_low"] is not None
    assert fig["dwell_median_est_s"] is not None

    d = browser_factory(width=1366, height=768)
    d.get(f"{url}/language/{lang}?next=/login")
    login(d, url, "admin", f"/site?site=1&range=custom&start={first}&end={last}")
    wait_settled(d)
    # the sessions: the count, and under it the estimate with its range
    assert text_of(d, "site-sessions") == fmt.num(fig["sessions"], lang)
    sub = text_of(d, "site-sessions-sub")
    assert sub == t("limits.sessions_est", lang, est=fmt.num(fig["sessions_est"], lang),
                    low=fmt.num(fig["sessions_est_low"], lang), high=fmt.num(fig["sessions_est_high"], lang))
    assert fig["sessions_est_low"] < fig["sessions_est"] < fig["sessions_est_high"]
    # the dwell: the estimate "≈", then the measured value and the resolution on the line under it
    assert text_of(d, "site-dwell") == "≈ " + fmt.duration(fig["dwell_median_est_s"], lang)
    dwell_sub = text_of(d, "site-dwell-sub")
    assert fmt.duration(fig["dwell_median_s"], lang) in dwell_sub and "± 1 poll" in dwell_sub
    assert t("estimate", lang).lower() in dwell_sub.lower()
    # the visitors-per-day chart marks every day the blind AP limits, its hover naming the AP
    marks = d.execute_script("""
        for (const g of document.querySelectorAll('.chart-card .js-plotly-plot'))
            for (const tr of g.data || []) if (tr.name === arguments[0]) return [tr.x.length, tr.customdata[0]];
        return null;
    """, t("limits.mark_blind", lang))
    with psycopg.connect(dsn) as conn:
        blind_days = conn.execute("SELECT count(*) FROM site_daily WHERE site_id = 1 AND day BETWEEN %s AND %s"
                                  " AND incomplete_clients AND blind_aps <> '{}'", (first, last)).fetchone()[0]
    assert blind_days >= 2 and marks is not None and marks[0] == blind_days and "halaman" in marks[1], marks
    for width, height, mobile in ((1366, 768, False), (390, 844, True)):  # the same page laid out at each size
        if mobile:
            relayout(d, width, height, mobile)
        assert viewport(d) == (width, 1)
        shot(d, artifacts, f"dash041-site-cards-{lang}-{width}")
        assert outside(d) == [], width
        for card in CARDS[1:3]:  # the values in large type stay short: one line, two at most on a phone
            assert lines(d, card) <= (2.2 if mobile else 1.2), (card, width, lines(d, card))


@pytest.mark.parametrize("lang", ("en", "id"))
def test_dash041_quality_page_names_the_limits(blind_site, browser_factory, lang):
    """The data-quality page: the blind AP, the sessions estimate with its range, the days without history."""
    url, *_ = blind_site
    d = browser_factory(width=1366, height=768)
    d.get(f"{url}/language/{lang}?next=/login")
    login(d, url, "admin", "/quality?site=1")
    wait_settled(d)
    assert "halaman" in text_of(d, "dq-blind")
    est = text_of(d, "dq-sessions-est")
    assert "≈" in est and t("limits.sessions_est", lang).split("}")[1].split("(")[0].strip() in est
    assert text_of(d, "dq-history")


def test_dash041_overview_says_todays_sessions_are_limited(blind_site, browser_factory):
    """The overview's sessions of today: at a site with a blind AP, the estimate with its range (or "a lower
    bound") under the count."""
    url, dsn, *_ = blind_site
    d = browser_factory(width=1366, height=768)
    d.get(f"{url}/language/en?next=/login")
    login(d, url, "admin", "/")
    wait_settled(d)
    sub = text_of(d, "ov-sessions-sub")
    assert sub.startswith("≈ ") or sub == t("limits.sessions_lower", "en"), sub

"""The DHCP log as a capture of its own (issue 22, docs/metrics.md "The DHCP log as a third source"): which
grants belong to a visit and which are visits of their own (kunang_dhcp_captures, dhcp_capture.sql), and the
sessions estimate made of them (kunang_sessions_unseen, accuracy.sql; its variance, unseen_variance.sql)."""

from __future__ import annotations

import datetime as dt

import pytest

DAY = dt.date(2026, 11, 2)
TZ = "Asia/Makassar"  # UTC+8


def at(hh: int, mm: int = 0, ss: int = 0) -> dt.datetime:
    """Local wall-clock time of DAY (WITA, UTC+8; hh may be negative: the day before)."""
    return dt.datetime(2026, 11, 2, tzinfo=dt.timezone.utc) + dt.timedelta(hours=hh - 8, minutes=mm, seconds=ss)


def visit(db, device, a, b, source="snmp"):
    db.execute("INSERT INTO visit (site_id, day, device, randomized, started_at, ended_at, dwell_s, source,"
               " snmp_sessions, portal_sessions, ap_ids, snmp_bytes, portal_bytes, bytes)"
               " VALUES (1, %s, %s, false, %s, %s, %s, %s, 1, 0, '{}', 0, 0, 0)",
               (DAY, device, a, b, int((b - a).total_seconds()), source))


def grant(db, device, t, kind="dhcp_assigned"):
    db.execute("INSERT INTO portal_event (time, site_id, source, kind, device, ip, format, dedup)"
               " VALUES (%s, 1, 'router', %s, %s, '192.168.1.23', 'dnsmasq', %s)",
               (t, kind, device, f"{device}{t}{kind}".encode()))


def captures(db):
    return db.execute("SELECT * FROM kunang_dhcp_captures(1, %s, %s, interval '180 s', interval '10 min')",
                      (DAY, TZ)).fetchone()


@pytest.fixture
def site(db):
    db.execute("INSERT INTO site (id, name, timezone) VALUES (1, 'Labuhan Haji', %s)", (TZ,))
    return db


def test_ana010_no_grant_no_dhcp_figures(site):
    visit(site, "a", at(9), at(10))
    assert captures(site) is None  # no DHCP log that day: the estimate keeps to the polls and the portal


def test_ana010_grants_belong_to_visits_or_are_visits(site):
    db = site
    # a: joined 40 s before its first poll, renewed during the stay: one visit, explained
    visit(db, "a", at(9), at(10))
    grant(db, "a", at(8, 59, 20))
    grant(db, "a", at(9, 30))
    # b: joined on the blind AP at 9:00, roamed to a listing AP at 9:40 (no grant between): explained
    visit(db, "b", at(9, 40), at(10, 30))
    grant(db, "b", at(9))
    # c: a short stay on the blind AP at 8:30 (its own grant), back at 14:00 (a new grant before the poll)
    visit(db, "c", at(14), at(15))
    grant(db, "c", at(8, 30))
    grant(db, "c", at(13, 59, 30))
    # d: only the DHCP log saw it, and the client asked twice in a minute: one visit; again at 15:00
    grant(db, "d", at(11))
    grant(db, "d", at(11, 1))
    grant(db, "d", at(15))
    # e: a visit no grant explains (its grant lost); f: a de-assignment is no sighting
    visit(db, "e", at(12), at(13))
    grant(db, "f", at(12), kind="dhcp_deassigned")
    # g: a grant the day before is not this day's
    grant(db, "g", at(-1))
    dhcp_only, dhcp_both = captures(db)
    assert dhcp_both == 3  # a, b, c (14:00); e has no grant
    assert dhcp_only == 3  # c at 8:30, d at 11:00, d at 15:00


@pytest.mark.parametrize("s,p,b,d,m", [(30, 10, 40, 12, 76), (30, 10, 40, 12, 80), (5, 0, 3, 4, 6)])
def test_ana010_estimate_with_a_dhcp_log(db, s, p, b, d, m):
    est, var = db.execute("SELECT kunang_sessions_unseen(%s, %s, %s, %s, %s), kunang_sessions_unseen_var(%s, %s, %s,"
                          " %s, %s)", (s, p, b, d, m) * 2).fetchone()
    seen = s + p + b
    # the visits only the DHCP log shows, and those neither shows: (seen - m) x d / m
    assert est == d + round((seen - m) * d / m)
    n1, n2 = seen, d + m
    assert var == pytest.approx((n1 + 1) * (n2 + 1) * (n1 - m) * (n2 - m) / ((m + 1) ** 2 * (m + 2)))
    if m == seen:  # a complete log: nothing left to estimate
        assert est == d and var == 0


def test_ana010_without_a_dhcp_log_the_polls_against_the_portal(db):
    for d, m in ((None, None), (7, 0)):
        est, var = db.execute("SELECT kunang_sessions_unseen(40, 12, 30, %s, %s), kunang_sessions_unseen_var(40, 12,"
                              " 30, %s, %s)", (d, m, d, m)).fetchone()
        assert (est, var) == db.execute("SELECT kunang_unseen_visits(40, 12, 30), kunang_unseen_visits_var(40, 12,"
                                        " 30)").fetchone()


def test_ana010_refresh_fills_the_site_day(site):
    """kunang_refresh_analytics end to end: the visits of the day from the polls, the DHCP grants beside them;
    site_daily holds the DHCP counts and the estimate made of them (no portal: the old estimate gives none)."""
    db = site
    for i in range(4):  # four polled visits, three of them granted at their join
        a = at(9 + i)
        db.execute("INSERT INTO client_session (site_id, device, randomized, first_seen, last_seen)"
                   " VALUES (1, %s, false, %s, %s)", (f"p{i}", a, a + dt.timedelta(minutes=40)))
        if i < 3:
            grant(db, f"p{i}", a - dt.timedelta(seconds=50))
    grant(db, "x", at(10, 5))  # a device only the DHCP log saw (a short stay on the blind AP)
    grant(db, "y", at(11, 5))
    db.execute("SELECT kunang_refresh_analytics(%s, %s)", (at(0), at(24)))
    row = db.execute("SELECT sessions, sessions_snmp_only, sessions_dhcp_only, sessions_dhcp_both, sessions_unseen,"
                     " sessions_unseen_var FROM site_daily WHERE site_id = 1 AND day = %s", (DAY,)).fetchone()
    # 2 only in the DHCP log, and (4 - 3) x 2 / 3 = 0.67 -> 1 that neither saw
    assert row[:5] == (4, 4, 2, 3, 3)
    assert row[5] == pytest.approx(5 * 6 * 1 * 2 / (4 ** 2 * 5))

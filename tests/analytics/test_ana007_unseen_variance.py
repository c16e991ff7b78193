"""The sessions estimate's range (issue 22): the variance of the unseen-visit estimate in SQL (its one home,
collector/db/functions/unseen_variance.sql), summed over a period's days by period_figures, and the range made
of it (dashboard.analytics.summary.sessions_range / combined_sessions)."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from dashboard import analytics as A


def seber(s: float, p: float, m: float) -> float:
    """Seber's variance, written out from docs/metrics.md (n1 = s + m, n2 = p + m)."""
    n1, n2 = s + m, p + m
    return (n1 + 1) * (n2 + 1) * (n1 - m) * (n2 - m) / ((m + 1) ** 2 * (m + 2))


@pytest.mark.parametrize("s,p,m", [(40, 12, 30), (120, 3, 45), (7, 0, 5), (0, 9, 2), (300, 40, 1)])
def test_ana007_variance_function_is_sebers(db, s, p, m):
    var, est = db.execute("SELECT kunang_unseen_visits_var(%s, %s, %s), kunang_unseen_visits(%s, %s, %s)",
                          (s, p, m, s, p, m)).fetchone()
    assert var == pytest.approx(seber(s, p, m), rel=1e-12)
    assert est == round(s * p / m)
    # no visit seen by both: no estimate, and no variance
    assert db.execute("SELECT kunang_unseen_visits_var(%s, %s, 0)", (s, p)).fetchone()[0] is None


def test_ana007_period_figures_sum_the_days_variances(db):
    """Two site-days with estimates and one without: the period's variance is the sum of the two."""
    db.execute("INSERT INTO site (id, name, timezone) VALUES (1, 'A', 'Asia/Makassar')")
    days = [(dt.date(2026, 11, 2), 50, 10, 20, 25), (dt.date(2026, 11, 3), 60, 5, 30, 10),
            (dt.date(2026, 11, 4), 30, 0, 0, None)]
    zero = ("snmp_sessions", "portal_sessions", "devices", "visitors", "passersby", "randomized_visitors",
            "randomized_devices", "snmp_devices", "portal_devices", "both_devices", "dwell_lt5", "dwell_5_15",
            "dwell_15_30", "dwell_30_60", "dwell_60_120", "dwell_ge120", "bytes", "snmp_bytes", "portal_bytes",
            "portal_logins", "portal_login_failed", "portal_users", "open_s", "polls_expected")
    for day, s, p, m, unseen in days:
        db.execute("INSERT INTO site_daily (site_id, day, sessions, sessions_snmp_only, sessions_portal_only,"
                   " sessions_both, sessions_unseen, sessions_unseen_var, blind_aps, incomplete_clients, polls_ok,"
                   " incomplete, " + ", ".join(zero) + ")"
                   " VALUES (1, %s, %s, %s, %s, %s, %s, kunang_unseen_visits_var(%s, %s, %s), '{aula}', true, 100,"
                   " false" + ", 0" * len(zero) + ")",
                   (day, s + p + m, s, p, m, unseen, s, p, m))
    fig = A.period_figures(db, [1], dt.date(2026, 11, 1), dt.date(2026, 11, 30))[0]
    var = seber(50, 10, 20) + seber(60, 5, 30)
    assert fig["sessions_unseen_var"] == pytest.approx(var)
    assert fig["sessions_est"] == 80 + 95 + 30 + 35
    assert fig["sessions_est_se"] == pytest.approx(math.sqrt(var))
    assert fig["sessions_est_low"] == max(fig["sessions"], round(fig["sessions_est"] - 2 * math.sqrt(var)))
    assert fig["sessions_est_high"] == round(fig["sessions_est"] + 2 * math.sqrt(var))
    # without a blind AP the count is the figure: no range is offered
    db.execute("UPDATE site_daily SET blind_aps = NULL, incomplete_clients = false")
    fig = A.period_figures(db, [1], dt.date(2026, 11, 1), dt.date(2026, 11, 30))[0]
    assert fig["sessions_est_low"] is None and fig["sessions_est_se"] is None


def test_ana007_range_never_below_the_count_and_sites_add_up():
    r = A.sessions_range(100, 104, 400.0)  # SE 20: 104 - 40 < the 100 sessions counted
    assert r["sessions_est_low"] == 100 and r["sessions_est_high"] == 144 and r["sessions_est_se"] == 20
    assert A.sessions_range(100, 100, None)["sessions_est_low"] is None
    rows = [{"sessions": 100, "sessions_est": 120, "sessions_est_low": 110, "sessions_unseen_var": 9.0},
            {"sessions": 50, "sessions_est": 53, "sessions_est_low": None, "sessions_unseen_var": 1.0}]
    tot = A.combined_sessions(rows)  # the second site has no blind AP: its count, not its estimate
    assert tot["sessions_est"] == 170 and tot["sessions_est_se"] == 3
    assert (tot["sessions_est_low"], tot["sessions_est_high"]) == (164, 176)

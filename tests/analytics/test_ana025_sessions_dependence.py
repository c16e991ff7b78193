"""The polls against the portal miss the stays too short to log in (issue 22, docs/metrics.md "The polls against the
portal: stays too short to log in"): without the router's DHCP log the estimate credits each polls-only visit with
portal_only / both unseen ones, the odds of long, roaming stays; a passer-by that joined the blind AP stays there
and is never logged in. The range's high end reaches up by kunang_sessions_unseen_dependence (unseen_dependence.sql):
the short polls-only visits times (the odds that a logged-in visit joined where no poll listed it - portal_only /
both), and 2 standard errors of the estimate and that term together. Fails with the old rule (the range of the
sampling error and the counting term alone: its high end is below the truth) and if the visits that joined on the
blind AP and roamed are not told from those that joined on a listing AP (the term would be 0)."""

from __future__ import annotations

import datetime as dt

from dashboard import analytics as A

DAY = dt.date(2026, 11, 2)


def at(hh: int, mm: int = 0) -> dt.datetime:
    """Local wall-clock time (WITA, UTC+8) of DAY as an aware datetime."""
    return dt.datetime(2026, 11, 2, tzinfo=dt.timezone.utc) + dt.timedelta(hours=hh - 8, minutes=mm)


def test_ana025_short_stays_on_the_blind_ap_are_in_the_range(db):
    db.execute("INSERT INTO site (id, name, timezone) VALUES (1, 'Labuhan Haji', 'Asia/Makassar')")
    polls, logins = [], []
    for i in range(20):  # joined on a listing AP and logged in 2 min later: `both`, listed from their start
        polls.append((f"l{i}", at(9, i), at(10, i)))
        logins.append((f"l{i}", at(9, i + 2), at(10, i + 2)))
    for i in range(5):  # joined on the blind AP, logged in there, roamed to a listing AP 20 min later: `both`
        logins.append((f"r{i}", at(11, i + 2), at(12, i + 2)))
        polls.append((f"r{i}", at(11, i + 22), at(12, i)))
    for i in range(5):  # logged in on the blind AP and stayed there: portal only
        logins.append((f"b{i}", at(12, i + 2), at(13, i)))
    for i in range(10):  # long stays on a listing AP, no login: polls only
        polls.append((f"n{i}", at(13, i), at(14, i)))
    for i in range(60):  # passers-by (2 min, too short to log in) that joined a listing AP: polls only
        polls.append((f"s{i}", at(14, i), at(14, i + 2)))
    for dev, a, b in polls:
        db.execute("INSERT INTO client_session (site_id, device, randomized, first_seen, last_seen)"
                   " VALUES (1, %s, false, %s, %s)", (dev, a, b))
    for dev, a, b in logins:
        db.execute("INSERT INTO portal_session (site_id, source, device, randomized, user_id, started_at, ended_at,"
                   " last_update, open) VALUES (1, 'opennds', %s, false, NULL, %s, %s, %s, false)", (dev, a, b, b))
    db.execute("SELECT kunang_refresh_analytics(%s, %s)", (at(0), at(24)))
    db.execute("UPDATE site_daily SET blind_aps = '{aula}', incomplete_clients = true WHERE site_id = 1")
    row = db.execute("SELECT sessions_snmp_only, sessions_portal_only, sessions_both, sessions_unseen,"
                     " sessions_maybe_split, sessions_dependence, sessions_dependence_var FROM site_daily"
                     " WHERE site_id = 1 AND day = %s", (DAY,)).fetchone()
    # 70 polls only (60 of them short), 5 portal only, 25 both (5 joined on the blind AP); 70 x 5 / 25 = 14 unseen
    # dependence: 60 x ((5 + 5) / 20 - 5 / 25) = 60 x 0.3 = 18; its variance 60 x 0.5 x 1.5 + 60^2 x 0.5^2 x
    # (1/10 + 1/20) = 45 + 135
    assert row[:5] == (70, 5, 25, 14, 0) and abs(row[5] - 18.0) < 1e-9 and abs(row[6] - 180.0) < 1e-9
    # the world the counts come from: a visitor joins the blind AP at odds (5 + 5) : 20; a passer-by stays where it
    # joined, so 60 x 0.5 = 30 of them were only there; a long stay roams: 10 x 5 / 25 = 2 unseen
    truth = 100 + 30 + 2
    fig = A.period_figures(db, [1], DAY, DAY)[0]
    assert fig["sessions_est"] == 114 and abs(fig["sessions_dependence"] - 18.0) < 1e-9
    assert abs(fig["sessions_dependence_var"] - 180.0) < 1e-9
    assert fig["sessions_est_low"] <= truth <= fig["sessions_est_high"]
    # the old rule: 114 + 2 SE (SE 7.55) = 129, below the truth; with the term 114 + 18 + 2 sqrt(57.07 + 180) = 163
    old = A.sessions_range(fig["sessions"], fig["sessions_est"], fig["sessions_unseen_var"],
                           fig["sessions_maybe_split"])
    assert old["sessions_est_high"] == 129 < truth
    assert (fig["sessions_est_low"], fig["sessions_est_high"]) == (100, 163)
    # with the router's DHCP log read the term does not apply (its grants do not depend on the stay)
    assert db.execute("SELECT count(*) FROM kunang_sessions_unseen_dependence(1, %s, interval '180 s', 300, true)",
                      (DAY,)).fetchone()[0] == 0
    # a negative period sum does not narrow the range
    assert A.sessions_range(100, 114, 57.0, 0, -5.0)["sessions_est_high"] == A.sessions_range(100, 114, 57.0, 0)[
        "sessions_est_high"]

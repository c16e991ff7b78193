"""Accuracy against the simulator's ground truth (issue 22): the small scenario of bench/accuracy.py.

Three weekdays of two libraries (a MikroTik site and a Cisco WLC site, each with one blind AP), 60 s
polls, randomised (partly rotating) MACs, visitors with one or two devices, the returning window set
to one day. The whole pipeline runs: backfill through the store and the portal parsers, the analytics
refresh, and the truth written by the backfill (`--truth`). A change that makes the figures less true
fails here. Per site over the three days, against the issue's targets (bench.accuracy.TARGETS):
- estimated persons within 5 % of the true persons, sessions with the estimate of what no source saw
  within 3 %: asserted at both sites; the three days are a partial month, and per site-month the
  sessions estimate's error must also lie within 3 standard errors of its own sampling error (Seber's
  variance from the measured counts, docs/metrics.md "The unseen-visit estimate's sampling error"): a
  partial month at a site with few MAC-carrying logins may miss 3 % by chance (Sembalun's first month
  in the 45-day scenario: -3.05 %, SE 1.5 %), a biased estimator fails here;
- the median dwell, measured and as estimated on blind-AP days (docs/metrics.md, "Dwell on a site-day
  with a blind AP"; the estimate weighted for the visits no source saw, nearer the truth than unweighted
  where it is made, and the figure the pages show), within 5 % at both sites: every login carries its device (openNDS: the MAC; MikroTik:
  trial logins by name, member logins by the router's DHCP lease of their IP) and bridges the blind AP
  (before the DHCP lease lines the MikroTik site's measured median was -11 % here); stays that end on the
  blind AP are still seen shortened (the cause, asserted from the per-visit comparison);
- the returning share within 10 %: NOT resolvable on three days (two full-window days per site, about
  130 returning persons: a sampling error of ~15 %); guarded at 30 %, measured over 45 days in
  docs/performance.md;
- the unseen-visit estimate itself (the SQL function `kunang_unseen_visits`), over 12 seeds of the 45-day
  "Done when" world counted from the model (bench/accuracy_unseen.py: 48 site-months, 24 of them partial
  first months): per site its mean error within 2 % of the visits, and its error within 2 standard errors
  in at least 3 of 4 site-months (a calibrated SE gives 95 %; the documented heterogeneity of short stays
  makes it understate, 40 of 48 measured): an estimator that leans one way fails even where a single
  month's sampling error would hide it; at the MikroTik site, whose member logins get their device from
  the router's DHCP lease lines, every one of its 24 site-months within 3 % (before those lines: 5 of the
  12 partial first months outside);
- every site-day where a blind AP or a short history limits a figure is flagged in the database AND
  shown: on the site page's daily table, in the district view's row of the site, in the report's
  footnotes (English and Indonesian), read from this scenario's database by the pages' own functions.
"""

from __future__ import annotations

import datetime as dt
import os

import psycopg
import pytest

from bench.accuracy import TARGETS, run_scenario, weighted_median
from tests.simulator.worlds import SEEDS  # the simulated worlds of the multi-seed checks
from tests.simulator.worlds import stays as _stays

END = dt.datetime(2026, 11, 25, 16, 0, tzinfo=dt.timezone.utc)  # Thursday 00:00 WITA: Mon-Wed
OPENNDS_SITE = "Perpustakaan Desa Labuhan Haji"


def _check_shown(dsn: str, truth: dict) -> None:
    """Every truth site-day limited by a blind AP or a short history is flagged where the figure is shown."""
    from dashboard import analytics as A
    from dashboard import fmt
    from dashboard.i18n import t
    from dashboard.limits import day_limits, district_limits
    from dashboard.limits import dwell_text, sessions_est_text
    from dashboard.limits import sessions_est_cell
    from dashboard.periods import Month
    from dashboard.reports import texts
    from dashboard.reports.builder import build_report
    from dashboard.reports.tables import limit_lines

    with psycopg.connect(dsn) as conn:
        sites = {s["name"]: s for s in A.sites(conn)}
        for name, s in sites.items():
            keys = sorted(k for k in truth if k[0] == name)
            blind_days = [d for (_n, d) in keys if truth[(_n, d)]["blind"]]
            short_days = [d for (_n, d) in keys if not truth[(_n, d)]["window_full"]]
            assert blind_days and short_days, name  # the scenario has both limits
            rows = {r["day"]: r for r in A.visitors_daily(conn, s["site_id"], keys[0][1], keys[-1][1])}
            month = Month.of(keys[0][1])
            district = {r["site"]: r for r in A.district_summary(conn, None, month.first, now=END)["sites"]}[name]
            report = build_report(conn, month, site=name, now=END)
            fig = A.period_figures(conn, [s["site_id"]], keys[0][1], keys[-1][1])[0]
            assert fig["dwell_median_est_s"] is not None, (name, fig)  # blind-AP days carry the estimate
            # ... and the figure shown is the median the benchmark measures: weighted for the unseen visits
            stays = conn.execute(
                "SELECT coalesce(v.dwell_est_s, v.dwell_s), kunang_dwell_weight(v.source, v.dwell_est_s IS NOT NULL,"
                " d.sessions_portal_only, d.sessions_both) FROM visit v LEFT JOIN site_daily d ON d.site_id ="
                " v.site_id AND d.day = v.day WHERE v.site_id = %s AND v.day BETWEEN %s AND %s",
                (s["site_id"], keys[0][1], keys[-1][1])).fetchall()
            assert fig["dwell_median_est_s"] == pytest.approx(weighted_median(conn, stays)), name
            # the sessions estimate with its range, from the product's own variance (site_daily.sessions_unseen_var)
            assert fig["sessions_est_low"] < fig["sessions_est"] < fig["sessions_est_high"], (name, fig)
            month_fig = A.period_figures(conn, [s["site_id"]], month.first, month.last, whole_month=True)[0]
            assert (district["sessions_est_low"], district["sessions_est_high"]) == \
                (month_fig["sessions_est_low"], month_fig["sessions_est_high"]), (name, district)
            assert report.quality.sessions_range == (month_fig["sessions_est_low"], month_fig["sessions_est_high"])
            shown = report.figure("sessions_est")
            assert shown.estimate and shown.note == f"range:{month_fig['sessions_est_low']}:{month_fig['sessions_est_high']}"
            assert report.figure("sessions").limited and report.figure("median_dwell").limited
            for lang in ("en", "id"):
                # the site page's sessions card and the district view: "≈ X ... A–B"
                rng = f"{fmt.num(fig['sessions_est_low'], lang)}–{fmt.num(fig['sessions_est_high'], lang)}"
                assert rng in sessions_est_text(fig, lang), (name, sessions_est_text(fig, lang))
                assert sessions_est_cell(district, lang).startswith("≈ " + fmt.num(district["sessions_est"], lang))
                # the dwell estimate is shown as one, beside the measured value, on the site page and in the report
                est = fmt.duration(fig["dwell_median_est_s"], lang)
                assert dwell_text(fig, lang).startswith("≈ " + est), (name, dwell_text(fig, lang))
                assert fmt.duration(fig["dwell_median_s"], lang) in dwell_text(fig, lang)
                assert t("estimate", lang) in dwell_text(fig, lang)
                assert any(texts.t("q_dwell_est", lang, est=texts.minutes(report.quality.dwell_est[0] / 60, lang),
                                   measured=texts.minutes(report.quality.dwell_est[1] / 60, lang)) == line
                           for line in limit_lines(report.quality, lang)), (name, report.quality)
                # the site page's daily table: each limited day names its blind AP / says "not yet"
                for d in blind_days:
                    aps = rows[d]["blind_aps"]
                    assert aps and all(a in day_limits(rows[d], lang) for a in aps), (name, d, rows[d])
                for d in short_days:
                    assert t("limits.not_yet", lang) in day_limits(rows[d], lang), (name, d, rows[d])
                # the district view: the site's row names the blind AP with its days and the "not yet" days
                text = district_limits(district, lang)
                assert all(a in text for a in district["blind_aps"]), (name, text)
                assert district["client_incomplete_days"] == len(blind_days), (name, district)
                assert district["short_history_days"] == len(short_days), (name, district)
                assert t("limits.not_yet_days", lang, n=fmt.num(len(short_days), lang)) in text, (name, text)
                # the report's footnotes: every limited day by its date
                lines = " ".join(limit_lines(report.quality, lang))
                assert all(texts.short_day(d, lang) in lines for d in blind_days + short_days), (name, lines)
                assert all(a in lines for a in district["blind_aps"]), (name, lines)


def test_sim008_figures_within_targets_against_ground_truth(pg_server):
    res = run_scenario(pg_server, 60, True, True, days=3, window=1, crowd=2, end=END,
                       dbname=f"kunang_accuracy_test_{os.getpid()}", inspect=_check_shown)
    sites = res["per_site"]
    assert len(sites) == 2
    for site, r in sites.items():
        assert r["true"]["persons"] > 200 and r["true"]["full_window_days"] == 2, site
        # the device count overstates persons; the estimate does not
        assert r["visitors as persons"] > TARGETS["persons"], site
        assert abs(r["persons (estimate)"]) <= TARGETS["persons"], (site, r)
        assert abs(r["sessions (estimate)"]) <= TARGETS["sessions"], (site, r)
        assert abs(r["sessions (estimate)"]) < abs(r["sessions"]), (site, r)
        # both sites: every login carries its device (openNDS: the MAC; MikroTik: trial logins by name, member
        # logins by their DHCP lease), so logins bridge the blind AP; the measured median and the estimate
        # shown on blind-AP days are both within the target
        assert abs(r["dwell_median (estimate)"]) <= TARGETS["dwell_median"], (site, r)
        assert abs(r["dwell_median"]) <= TARGETS["dwell_median"], (site, r)
        assert abs(r["returning share (estimate)"]) <= 0.30, (site, r)
        flags = r["flags"]
        assert flags["blind_unflagged"] == 0 and flags["history_unflagged"] == 0, (site, flags)
        assert flags["client_incomplete_days"] == flags["days"], (site, flags)  # one AP of three is blind
        # the cause of the dwell shortfall, per true stay: stays on client-listing APs only are measured
        # within 5 % of their length; stays that began or ended on the blind AP are seen shortened
        classes = res["dwell"][site]["classes"]
        assert abs(classes["no blind AP"]["length"] - 1) <= 0.05, (site, classes)
        assert classes["blind at end"]["length"] < 0.9, (site, classes)
        # stays that begin on the blind AP: at the MikroTik site the member's login (its device from the DHCP
        # lease) now bridges most of them (0.946 of their length, 0.84 at the openNDS site)
        assert classes["blind at start"]["length"] < (0.9 if site == OPENNDS_SITE else 0.95), (site, classes)
    months = res["per_month"]
    assert sorted(k.rsplit(" ", 1)[0] for k in months) == sorted(sites), months  # one partial month per site
    for key, r in months.items():
        assert r["days"] == 3 and abs(r["sessions (estimate)"]) <= TARGETS["sessions"], (key, r)
        # the range shown holds the truth: +- 2 SE of the estimate's sampling and, below, the visits that may be a
        # split stay's later part (docs/metrics.md "The sessions estimate's counting error"); the sampling error
        # alone does not (z +5.7 at Labuhan Haji: a stay split by a long stretch on the blind AP counts twice)
        assert r["sessions (estimate) SE"] > 0 and r["sessions (estimate) in range"], (key, r)
    # the estimated median weights the visits no source saw (the poll-only visits' stays, docs/metrics.md "Dwell
    # on a site-day with a blind AP", step 6): where an estimate was made it is nearer the truth than the
    # unweighted median of the same estimated stays, the figure shown before, over the site-months where an estimate
    # was made (Sembalun: +0.5 % against +2.9 %; Labuhan Haji, where the smoothed mapping's stays leave the poll
    # grid, -4.86 against -4.73 %: one site-month may go either way by a tenth of a point, the sum may not)
    made = [r for r in months.values() if r["dwell_median (estimate, unweighted)"] != r["dwell_median"]]
    assert made, months
    assert (sum(abs(r["dwell_median (estimate)"]) for r in made)
            < sum(abs(r["dwell_median (estimate, unweighted)"]) for r in made)), made
    per_day = res["per_day"]
    assert per_day["persons (estimate)"]["mean_abs"] < per_day["visitors as persons"]["mean_abs"]


def test_sim008_unseen_estimate_over_seeds_and_partial_months(pg_dsn):
    from collections import Counter, defaultdict

    from bench.accuracy import unseen_se

    days = defaultdict(Counter)  # (seed, site, day) -> visits by source
    for seed in SEEDS:
        for site, day, src, _dwell, _visit in _stays(seed):
            days[(seed, site, day)][src] += 1
    keys = sorted(days)
    with psycopg.connect(pg_dsn) as conn:
        est = conn.execute("SELECT kunang_unseen_visits(s, p, b), kunang_unseen_visits_var(s, p, b)"
                           " FROM unnest(%s::float8[], %s::float8[], %s::float8[])"
                           " WITH ORDINALITY AS x(s, p, b, i) ORDER BY i",
                           ([days[k]["snmp"] for k in keys], [days[k]["portal"] for k in keys],
                            [days[k]["both"] for k in keys])).fetchall()
    months = defaultdict(lambda: {"visits": 0, "unseen": 0, "est": 0, "days": []})
    for k, (e, var) in zip(keys, est):
        c, m = days[k], months[(k[0], k[1], k[2].strftime("%Y-%m"))]
        m["visits"] += c["snmp"] + c["portal"] + c["both"] + c["unseen"]
        m["unseen"] += c["unseen"]
        m["est"] += e or 0
        counts = {"sessions_snmp_only": c["snmp"], "sessions_portal_only": c["portal"], "sessions_both": c["both"],
                  "sessions_unseen": e}
        # the product's variance (SQL, what the pages show) is Seber's, as the bench computes it from the counts
        assert (var is None) == (e is None), (k, c, e, var)
        if var is not None:
            assert abs(var - unseen_se({0: counts}, [0]) ** 2) <= 1e-9 * max(1.0, var), (k, c, var)
        m["days"].append(counts | {"sessions_unseen_var": var})
    assert len(months) == 48 and sum(1 for _s, _site, mo in months if mo == "2026-10") == 24
    for site in {k[1] for k in months}:
        mine = [m for k, m in months.items() if k[1] == site]
        errs = [(m["est"] - m["unseen"]) / m["visits"] for m in mine]
        z = [(m["est"] - m["unseen"]) / unseen_se(dict(enumerate(m["days"])), range(len(m["days"]))) for m in mine]
        assert abs(sum(errs) / len(errs)) <= 0.02, (site, errs)
        assert sum(1 for x in z if abs(x) <= 2) >= 0.75 * len(z), (site, z)
        if site != OPENNDS_SITE:  # member logins identified by their DHCP lease: every site-month within 3 %
            assert all(abs(x) <= TARGETS["sessions"] for x in errs), (site, errs)


@pytest.mark.parametrize("identity", ["lease", "trial"])
def test_sim008_returning_share_over_seeds(db, pg_dsn, identity):
    """The product's returning rules (kunang_refresh_returning, kunang_returning_sample) on the device-days of 12
    seeds' 45-day worlds (W = 30; bench/accuracy_seeds.py), with the MikroTik member logins joined to their
    DHCP lease's MAC and without (a router whose DHCP log is not read): per site the mean error over the seeds'
    full-window site-months within 2 standard errors of that mean (a bias of about 3 % fails: counting the
    devices the portal alone saw made the MikroTik site -3.7 % without the leases), and at most 2 of the 24
    outside the 10 % target (1 now, 3 with that bias; the sampling error of one site-month is about 5 %:
    docs/metrics.md "Which devices estimate the returning share")."""
    from bench.accuracy_seeds import model_months, model_world, product_returning

    worlds = {seed: model_world(seed, 45, 30, _stays(seed, identity)) for seed in SEEDS}
    # `db`: the session's database emptied, identities at their start; without it a site another test left
    # with an explicit id (test_ana007's id 1) took the id product_returning's INSERT draws from the sequence
    with psycopg.connect(pg_dsn) as conn:
        sample = product_returning(conn, worlds, 30)
        months = {(seed, key): r for seed, w in worlds.items()
                  for key, r in model_months(seed, w, sample, conn).items() if "returning share (estimate)" in r}
    assert len(months) == 24, sorted(months)  # November: the window is full from the 13th
    for site in {key.rsplit(" ", 1)[0] for _seed, key in months}:
        mine = [r for (_seed, key), r in months.items() if key.startswith(site)]
        errs = [r["returning share (estimate)"] for r in mine]
        se = sum(r["returning share (estimate) SE"] ** 2 for r in mine) ** 0.5 / len(mine)
        assert abs(sum(errs) / len(errs)) <= 2 * se, (site, errs, se)
    assert sum(abs(r["returning share (estimate)"]) > TARGETS["returning_share"] for r in months.values()) <= 2, months

"""Accuracy against the simulator's ground truth (issue 22): the small scenario of bench/accuracy.py.

Three weekdays of two libraries (a MikroTik site and a Cisco WLC site, each with one blind AP), 60 s
polls, randomised (partly rotating) MACs, visitors with one or two devices, the returning window set
to one day. The whole pipeline runs: backfill through the store and the portal parsers, the analytics
refresh, and the truth written by the backfill (`--truth`). A change that makes the figures less true
fails here. Per site over the three days:
- estimated persons within 5 % of the true persons (issue target), sessions with the estimate of what
  no source saw within 3 % (issue target);
- the median dwell: within 5 % at the openNDS site; the MikroTik site's blind AP cuts visits short
  (its member logins carry no MAC, so the portal cannot bridge them): 13 % is today's level there,
  and the day is flagged incomplete - the issue's 5 % is NOT met at that site;
- the returning share (stable identities, one-day window): three days give too few returning visitors
  for the 10 % target to be resolved (a sampling error of ~20 %); guarded at 30 % here, measured with
  longer windows in docs/performance.md;
- every site-day where a blind AP or a short history limits a figure is flagged.
"""

from __future__ import annotations

import datetime as dt
import os

from bench.accuracy import TARGETS, run_scenario

END = dt.datetime(2026, 11, 25, 16, 0, tzinfo=dt.timezone.utc)  # Thursday 00:00 WITA: Mon-Wed
OPENNDS_SITE = "Perpustakaan Desa Labuhan Haji"


def test_sim008_figures_within_targets_against_ground_truth(pg_server):
    res = run_scenario(pg_server, 60, True, True, days=3, window=1, crowd=2, end=END,
                       dbname=f"kunang_accuracy_test_{os.getpid()}")
    sites = res["per_site"]
    assert len(sites) == 2
    for site, r in sites.items():
        assert r["true"]["persons"] > 200 and r["true"]["full_window_days"] == 2, site
        # the device count overstates persons; the estimate does not
        assert r["visitors as persons"] > TARGETS["persons"], site
        assert abs(r["persons (estimate)"]) <= TARGETS["persons"], (site, r)
        assert abs(r["sessions (estimate)"]) <= TARGETS["sessions"], (site, r)
        assert abs(r["sessions (estimate)"]) < abs(r["sessions"]), (site, r)
        dwell_bound = TARGETS["dwell_median"] if site == OPENNDS_SITE else 0.13
        assert abs(r["dwell_median"]) <= dwell_bound, (site, r)
        assert abs(r["returning share (estimate)"]) <= 0.30, (site, r)
        flags = r["flags"]
        assert flags["blind_unflagged"] == 0 and flags["history_unflagged"] == 0, (site, flags)
        assert flags["client_incomplete_days"] == flags["days"], (site, flags)  # one AP of three is blind
    per_day = res["per_day"]
    assert per_day["persons (estimate)"]["mean_abs"] < per_day["visitors as persons"]["mean_abs"]

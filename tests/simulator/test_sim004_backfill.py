"""`kunang simulate --backfill` fills the store through its writer: samples at every synthesised
poll instant, client sessions, events, hotspot logins, hourly rollups; refuses to fill twice."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from collector.errors import KunangError
from collector.simulator.backfill import RECENT_S, backfill, instants
from collector.simulator.fleet import build_fleet
from collector.simulator.model import Model

KEY = "simulator-test-key-0123456789abcdef"
END = dt.datetime(2026, 11, 26, 0, 0, tzinfo=dt.timezone.utc)  # Thursday 08:00 WITA


def test_backfill_two_days(db, pg_dsn, tmp_path):
    fleet = build_fleet(aps=6, sites=3, seed=21, privacy_key=KEY, data_dir=str(tmp_path / "pgdata"))
    model = Model(fleet)
    out = io.StringIO()
    rc = backfill(fleet, model, fleet.config, pg_dsn, 2 * 86400, interval_s=600, out=out, end=END)
    assert rc == 0
    end = END.timestamp()
    n_instants = len(list(instants(model, end - 2 * 86400, end, 600, end - RECENT_S, 60)))
    configured = db.execute("SELECT count(*) FROM ap_sample s JOIN ap a ON a.id = s.ap_id"
                            " WHERE a.controller_id IS NULL").fetchone()[0]
    assert configured == n_instants * len(fleet.agents)
    managed = db.execute("SELECT count(DISTINCT a.name) FROM ap a WHERE a.controller_id IS NOT NULL").fetchone()[0]
    assert managed == len(fleet.sites[1].aps)
    # occupancy follows the day: clients at 10:00 WITA on Tuesday, none at 22:00
    busy = db.execute("SELECT sum(clients) FROM ap_sample s JOIN ap a ON a.id = s.ap_id"
                      " WHERE a.controller_id IS NULL AND time = '2026-11-24 02:00+00'").fetchone()[0]
    night = db.execute("SELECT coalesce(sum(clients), 0) FROM ap_sample"
                       " WHERE time = '2026-11-24 14:00+00'").fetchone()[0]
    assert busy > 5 and night == 0
    sessions, closed = db.execute("SELECT count(*), count(*) FILTER (WHERE closed) FROM client_session").fetchone()
    assert sessions > 50 and closed > 40
    assert db.execute("SELECT count(*) FROM ap_hourly").fetchone()[0] > 0
    logins = db.execute("SELECT count(*) FROM portal_event WHERE kind = 'login'").fetchone()[0]
    assert logins > 20
    assert "backfill:" in out.getvalue()
    # derived analytics of the backfilled days: full coverage, although polled every 10 min
    coverage = db.execute("SELECT min(coverage), max(coverage) FROM ap_daily WHERE day = '2026-11-24'"
                          " AND open_s > 0").fetchone()
    assert coverage[0] is not None and coverage[0] > 0.9
    assert db.execute("SELECT count(*) FROM visit").fetchone()[0] > 50
    # the guest book of the same days (issue 21): library visits of the simulated persons and of visitors
    # without a device on the Wi-Fi; more signed visits than Wi-Fi visitors, as in a real library
    visits, wifi = db.execute(
        "SELECT (SELECT sum(visits) FROM library_visit_hourly WHERE dimension = 'kind' AND hour >= '2026-11-24'"
        "        AND hour < '2026-11-25'),"
        "       (SELECT sum(visitors) FROM site_daily WHERE day = '2026-11-24')").fetchone()
    assert visits > wifi > 0 and visits < 4 * wifi
    assert "guest-book visits" in out.getvalue()
    with pytest.raises(KunangError, match="already holds"):
        backfill(fleet, model, fleet.config, pg_dsn, 86400, interval_s=600, out=out, end=END)


def test_backfill_polls_at_the_live_interval_by_default(db, pg_dsn, tmp_path):
    """Issue 22: history has the resolution the collector gives (dwell "± 1 poll" of the live interval)."""
    fleet = build_fleet(aps=2, sites=1, seed=5, privacy_key=KEY, data_dir=str(tmp_path / "pgdata"),
                        poll_interval_s=300)
    assert fleet.config.snmp.poll_interval_s == 300
    model = Model(fleet)
    backfill(fleet, model, fleet.config, pg_dsn, 86400, out=io.StringIO(), end=END, recent_s=0)
    end = END.timestamp()
    n_300 = len(list(instants(model, end - 86400, end, 300, None, 60)))
    assert n_300 != len(list(instants(model, end - 86400, end, 600, None, 60)))  # the count tells the interval
    configured = db.execute("SELECT count(*) FROM ap_sample s JOIN ap a ON a.id = s.ap_id"
                            " WHERE a.controller_id IS NULL").fetchone()[0]
    assert configured == n_300 * len(fleet.agents)
    assert {r[0] for r in db.execute("SELECT DISTINCT dwell_resolution_s FROM site_daily")} == {300}

"""A village library's edge that has not reported for N hours (alerts.village_silent_hours): one site
alert (not one per AP), quiet like the others (held while the library is closed, no recovery notice
for an alert never notified), resolved by the edge's next message (kunang_edge_heartbeat)."""

from __future__ import annotations

import datetime as dt

from .conftest import EVERY_DAY, T0, Clock, make_config
from .helpers import counts, manager

SITES = [
    {"name": "Desa Sembalun", "edge": True, "opening_hours": EVERY_DAY,
     "aps": [{"name": f"ap-{i}", "address": "127.0.0.1", "port": 16100 + i} for i in range(1, 4)]},
    {"name": "Desa Aikmel", "edge": True, "opening_hours": EVERY_DAY,
     "aps": [{"name": "ap-9", "address": "127.0.0.1", "port": 16109}]},
    {"name": "Kota", "opening_hours": EVERY_DAY, "aps": [{"name": "ap-k", "address": "127.0.0.1", "port": 16110}]},
]


def subjects(sink):
    return [m["subject"] for m in sink["smtp"].messages]


def heartbeat(db, key, t):
    db.execute("SELECT kunang_edge_heartbeat(%s, 'edge', NULL, 0, 0, 0, %s)", (key, t))


def test_one_alert_per_silent_village(pg_dsn, db, sink, inventory):
    cfg = make_config(sink, sites=SITES, alerts={"village_silent_hours": 6})
    inventory(cfg)
    clock = Clock(T0 - dt.timedelta(hours=2))  # 08:00 WITA
    heartbeat(db, "desa-sembalun", clock.t)
    heartbeat(db, "desa-aikmel", clock.t)
    mgr = manager(pg_dsn, cfg, clock)
    try:
        for _ in range(11):  # 5 h 30 min: Aikmel keeps reporting, Sembalun is away but not yet for 6 h
            clock.advance(minutes=30)
            heartbeat(db, "desa-aikmel", clock.t)
            mgr.tick()
        assert counts(sink)["mail"] == 0
        clock.advance(minutes=30)  # 14:00 WITA: 6 h without a message
        heartbeat(db, "desa-aikmel", clock.t)
        mgr.tick()
        clock.advance(minutes=5)
        mgr.tick()
        assert subjects(sink) == ["[Kunang] DESA SENYAP: Desa Sembalun"]
        assert "tidak melapor selama 6 jam (kontak terakhir: 2026-11-23 08:00 WITA)" in sink["smtp"].messages[0]["body"]
        rows = db.execute("SELECT kind, subject, ap_id FROM alert WHERE state = 'firing'").fetchall()
        assert rows == [("village_silent", f"village:{_site(db, 'Desa Sembalun')}", None)]  # one, for the site
        heartbeat(db, "desa-sembalun", clock.advance(minutes=10))
        mgr.tick()
        assert subjects(sink)[1] == "[Kunang] DESA MELAPOR: Desa Sembalun"
        assert db.execute("SELECT count(*) FROM alert WHERE state = 'firing'").fetchone()[0] == 0

        # silent in the night only: recorded, never notified (held while closed, over before opening)
        clock.t = T0 + dt.timedelta(hours=5)  # 15:00 WITA
        heartbeat(db, "desa-sembalun", clock.t)
        heartbeat(db, "desa-aikmel", clock.t)
        for _ in range(14):  # until 22:00 WITA
            clock.advance(minutes=30)
            heartbeat(db, "desa-aikmel", clock.t)
            mgr.tick()
        assert db.execute("SELECT hold_reason FROM alert WHERE state = 'firing'").fetchall() == [("closed",)]
        heartbeat(db, "desa-sembalun", clock.advance(hours=8))  # 06:00 WITA, before opening
        heartbeat(db, "desa-aikmel", clock.t)
        mgr.tick()
        clock.advance(hours=3)
        heartbeat(db, "desa-aikmel", clock.t)
        mgr.tick()
        assert db.execute("SELECT state, notified_at FROM alert WHERE kind = 'village_silent' ORDER BY id DESC"
                          " LIMIT 1").fetchone() == ("resolved", None)
        assert subjects(sink)[2:] == [], subjects(sink)
    finally:
        mgr.close()


def test_a_village_that_never_reported_counts_from_the_start(pg_dsn, db, sink, inventory):
    cfg = make_config(sink, sites=SITES, alerts={"village_silent_hours": 2})
    inventory(cfg)
    clock = Clock(T0)
    heartbeat(db, "desa-aikmel", clock.t)
    mgr = manager(pg_dsn, cfg, clock)
    try:
        clock.advance(minutes=110)
        heartbeat(db, "desa-aikmel", clock.t)
        mgr.tick()
        assert counts(sink)["mail"] == 0
        clock.advance(minutes=15)
        heartbeat(db, "desa-aikmel", clock.t)
        mgr.tick()
        assert subjects(sink) == ["[Kunang] DESA SENYAP: Desa Sembalun"]
    finally:
        mgr.close()


def _site(db, name):
    return db.execute("SELECT id FROM site WHERE name = %s", (name,)).fetchone()[0]

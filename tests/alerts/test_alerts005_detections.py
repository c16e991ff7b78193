"""Other detections through the real PollStore and PortalStore: high load, reboot, controller-reported state,
collector stalled, portal silent, and the daily digest."""

from __future__ import annotations

import datetime as dt

from collector.db.writer import PollStore
from collector.portal.event import PortalEvent
from collector.portal.store import PortalStore
from collector.privacy import Pseudonymizer
from collector.snmp.model import ApRow, PollResult

from .conftest import T0, Clock, make_config
from .helpers import counts, manager, poll_round

KEY = Pseudonymizer(b"k" * 32)


def subjects(sink):
    return [m["subject"] for m in sink["smtp"].messages]


def test_high_load_needs_the_threshold_for_the_whole_duration(pg_dsn, db, sink, inventory):
    cfg = make_config(sink, alerts={"rules": [{"name": "busy", "match_sites": ["Aikmel"], "high_load_clients": 10,
                                               "high_load_minutes": 5}]})
    refs = inventory(cfg)
    clock = Clock()
    mgr = manager(pg_dsn, cfg, clock)
    try:
        for n in (12, 15, 11, 14, 3):  # four minutes above, then below: nothing
            poll_round(mgr, clock, refs, {"ap-3": True}, clients={"ap-3": n})
        assert counts(sink)["mail"] == 0
        for _ in range(6):
            poll_round(mgr, clock, refs, {"ap-3": True}, clients={"ap-3": 25})
        assert subjects(sink) == ["[Kunang] PADAT: ap-3 di Aikmel"]
        assert "melayani 25 pengguna selama setidaknya 5 menit" in sink["smtp"].messages[0]["body"]
        poll_round(mgr, clock, refs, {"ap-3": True}, clients={"ap-3": 4})
        assert subjects(sink)[1] == "[Kunang] BEBAN NORMAL: ap-3 di Aikmel"
        assert db.execute("SELECT rule FROM alert").fetchone()[0] == "busy"
    finally:
        mgr.close()


def _result(t, reachable=True, uptime=None, aps=(), clients=3):
    return PollResult(target="127.0.0.1:16101", started_at=t, duration_s=0.01, reachable=reachable,
                      error_kind=None if reachable else "timeout", sys_uptime_ticks=uptime,
                      clients_total=clients if reachable else None, aps=tuple(aps))


def test_reboot_is_one_notice_and_a_recovery_covers_a_reboot(pg_dsn, db, sink, inventory):
    cfg = make_config(sink)
    refs = inventory(cfg)
    ref = refs[("Aikmel", "ap-3")]
    clock = Clock()
    mgr = manager(pg_dsn, cfg, clock)
    store = PollStore(pg_dsn, KEY)
    try:
        def rnd(**kw):
            t = clock.advance(minutes=1)
            batch = [(ref, _result(t, **kw))]
            mgr.process(batch, store.write_polls(batch))
            mgr.tick()

        rnd(uptime=500_000)
        rnd(uptime=506_000)
        rnd(uptime=1_200)  # went back: rebooted between two polls
        rnd(uptime=7_200)
        assert subjects(sink) == ["[Kunang] DINYALAKAN ULANG: ap-3 di Aikmel"]
        assert db.execute("SELECT state, resolution, closed_out FROM alert").fetchone() == ("resolved", "event", True)
        for _ in range(3):
            rnd(reachable=False)
        rnd(uptime=600)  # back after an outage, with a fresh uptime
        rnd(uptime=6_600)
        assert subjects(sink)[1:] == ["[Kunang] MATI: ap-3 di Aikmel", "[Kunang] NYALA: ap-3 di Aikmel"]
    finally:
        store.close()
        mgr.close()


def test_controller_reported_state_of_a_managed_ap(pg_dsn, db, sink, inventory):
    cfg = make_config(sink)
    refs = inventory(cfg)
    ctrl = refs[("Sembalun", "ap-1")]
    clock = Clock()
    mgr = manager(pg_dsn, cfg, clock)
    store = PollStore(pg_dsn, KEY)
    try:
        def rnd(wap_up: bool):
            t = clock.advance(minutes=1)
            batch = [(ctrl, _result(t, uptime=1000, aps=[ApRow("wap-1", "00:11:22:33:44:55", 3 if wap_up else 0,
                                                              wap_up)])),
                     (refs[("Sembalun", "ap-2")], _result(t, uptime=1000))]
            mgr.process(batch, store.write_polls(batch))
            mgr.tick()

        rnd(True)
        rnd(True)
        rnd(False)
        assert subjects(sink) == ["[Kunang] MATI: wap-1 di Sembalun"]
        rnd(False)
        rnd(True)
        assert subjects(sink) == ["[Kunang] MATI: wap-1 di Sembalun", "[Kunang] NYALA: wap-1 di Sembalun"]
        assert db.execute("SELECT count(*) FROM alert WHERE kind = 'site_down'").fetchone()[0] == 0
    finally:
        store.close()
        mgr.close()


def test_collector_stalled_and_running_again(pg_dsn, db, sink, inventory):
    cfg = make_config(sink)
    inventory(cfg)
    clock = Clock()
    mgr = manager(pg_dsn, cfg, clock, watch_rounds=True)
    store = PollStore(pg_dsn, KEY)
    try:
        for _ in range(3):
            store.record_round(clock.advance(minutes=1), 3, 3, 0, 900)
            mgr.tick()
        for _ in range(3):  # the heartbeat still runs but polls nothing: a stuck poller
            store.record_round(clock.advance(minutes=1), 0, 0, 0, 1)
            mgr.tick()
        assert counts(sink)["mail"] == 0
        clock.advance(seconds=30)
        mgr.tick()
        assert subjects(sink) == ["[Kunang] KOLEKTOR MACET"]
        assert "sejak 2026-11-23 10:03 WITA" in sink["smtp"].messages[0]["body"]
        for _ in range(5):
            clock.advance(minutes=1)
            mgr.tick()
        assert counts(sink)["mail"] == 1
        store.record_round(clock.advance(minutes=1), 3, 3, 0, 900)
        mgr.tick()
        assert subjects(sink)[1] == "[Kunang] KOLEKTOR BERJALAN"
        assert sink["http"].on("/sendMessage")[1]["json"]["text"].startswith("[Kunang] COLLECTOR RUNNING")
    finally:
        store.close()
        mgr.close()


def test_portal_source_silent_during_opening_hours(pg_dsn, db, sink, inventory):
    cfg = make_config(sink, alerts={"portal_silent_minutes": 60},
                      portal={"sources": [{"name": "hotspot-sembalun", "site": "Sembalun", "kind": "file",
                                           "path": "/var/log/hotspot.log"}]})
    inventory(cfg)
    clock = Clock(T0 - dt.timedelta(hours=1, minutes=30))  # 08:30 WITA
    mgr = manager(pg_dsn, cfg, clock)
    portal = PortalStore(pg_dsn, KEY, site_zones={"Sembalun": "Asia/Makassar"})

    def login(t):
        portal.write([PortalEvent(kind="login", time=t, format="mikrotik", user="budi", mac="00:11:22:33:44:66",
                                  source="hotspot-sembalun", site="Sembalun", raw=f"login {t}")])

    try:
        login(clock.t)
        for _ in range(59):
            clock.advance(minutes=1)
            mgr.tick()
        assert counts(sink)["mail"] == 0
        for _ in range(3):
            clock.advance(minutes=1)
            mgr.tick()
        assert subjects(sink) == ["[Kunang] PORTAL SENYAP: hotspot-sembalun di Sembalun"]
        assert "tidak mengirim data selama 60 menit pada jam buka (terakhir: 2026-11-23 08:30 WITA)" in \
            sink["smtp"].messages[0]["body"]
        login(clock.advance(minutes=1))
        mgr.tick()
        assert subjects(sink)[1] == "[Kunang] PORTAL AKTIF: hotspot-sembalun di Sembalun"
        clock.t = T0 + dt.timedelta(hours=10)  # 20:00 WITA, closed: silence is expected
        for _ in range(6):
            clock.advance(minutes=30)
            mgr.tick()
        assert counts(sink)["mail"] == 2
    finally:
        portal.close()
        mgr.close()


def test_daily_digest_once_per_day_even_across_restarts(pg_dsn, db, sink, inventory):
    cfg = make_config(sink, alerts={"daily_digest": "07:30"})
    refs = inventory(cfg)
    clock = Clock(T0 - dt.timedelta(hours=3))  # 07:00 WITA
    mgr = manager(pg_dsn, cfg, clock)
    try:
        for _ in range(3):
            poll_round(mgr, clock, refs, {"ap-3": False})
        clock.t = T0 - dt.timedelta(minutes=150, seconds=-10)  # 07:30:10
        mgr.tick()
        digest = [m for m in sink["smtp"].messages if "Ringkasan" in m["subject"]]
        assert [m["subject"] for m in digest] == ["[Kunang] Ringkasan peringatan harian 2026-11-23"]
        assert "Peringatan aktif (1):" in digest[0]["body"] and "MATI: ap-3 di Aikmel" in digest[0]["body"]
        tg = [r["json"]["text"] for r in sink["http"].on("/sendMessage") if "Daily" in r["json"]["text"]]
        assert len(tg) == 1 and "Open alerts (1):" in tg[0]
        mgr.close()
        mgr = manager(pg_dsn, cfg, clock)
        clock.advance(minutes=5)
        mgr.tick()
        assert len([m for m in sink["smtp"].messages if "Ringkasan" in m["subject"]]) == 1
        clock.advance(days=1)
        mgr.tick()
        assert len([m for m in sink["smtp"].messages if "Ringkasan" in m["subject"]]) == 2
    finally:
        mgr.close()

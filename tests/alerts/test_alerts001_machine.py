"""The alert state machine end to end through PostgreSQL and real SMTP/HTTP servers, with a controllable clock.

Size: sixteen scenarios of one state machine, each a sequence of poll rounds and the notifications it must
cause, sharing the helpers and fixtures of this package; split by alert kind they would only repeat the
set-up.
"""

from __future__ import annotations

import datetime as dt

from .conftest import EVERY_DAY, Clock, T0, make_config
from .helpers import check_signature, counts, manager, poll_round


def alerts(db, kind=None):
    rows = db.execute("SELECT kind, subject, state, notified_at IS NOT NULL, resolution FROM alert ORDER BY id").fetchall()
    return [r for r in rows if kind is None or r[0] == kind]


def test_down_after_n_failures_then_one_recovery(pg_dsn, db, sink, inventory):
    cfg = make_config(sink)
    refs = inventory(cfg)
    clock = Clock()
    mgr = manager(pg_dsn, cfg, clock)
    try:
        poll_round(mgr, clock, refs, {"ap-1": True, "ap-2": True, "ap-3": True})
        for _ in range(2):
            poll_round(mgr, clock, refs, {"ap-1": False, "ap-2": True, "ap-3": True})
        assert counts(sink) == {"mail": 0, "tg": 0, "hook": 0}
        assert alerts(db) == []
        t_down = poll_round(mgr, clock, refs, {"ap-1": False, "ap-2": True, "ap-3": True})
        assert counts(sink) == {"mail": 1, "tg": 1, "hook": 1}
        mail = sink["smtp"].messages[0]
        assert mail["subject"] == "[Kunang] MATI: ap-1 di Sembalun"
        assert "mati (tidak terjangkau) sejak 2026-11-23 10:02 WITA" in mail["body"]  # first failed poll
        assert mail["tls"] and mail["auth"] and mail["to"] == ["ops@example.org"]
        tg = sink["http"].on("/sendMessage")[0]
        assert tg["path"] == "/bot123:ABC/sendMessage" and tg["json"]["chat_id"] == "-100"
        assert tg["json"]["text"].startswith("[Kunang] DOWN: ap-1 at Sembalun")
        hook = sink["http"].on("/hook")[0]
        assert check_signature(hook, "hook-secret")
        assert hook["json"]["kind"] == "ap_down" and hook["json"]["event"] == "firing"
        assert hook["json"]["ap"] == "ap-1" and hook["json"]["site"] == "Sembalun"
        assert hook["json"]["messages"]["id"]["title"] == "[Kunang] MATI: ap-1 di Sembalun"
        # still down: no repeat before the back-off
        for _ in range(5):
            poll_round(mgr, clock, refs, {"ap-1": False, "ap-2": True, "ap-3": True})
        assert counts(sink) == {"mail": 1, "tg": 1, "hook": 1}
        poll_round(mgr, clock, refs, {"ap-1": True, "ap-2": True, "ap-3": True})
        assert counts(sink)["mail"] == 1  # one success is not enough (M = 2)
        t_up = poll_round(mgr, clock, refs, {"ap-1": True, "ap-2": True, "ap-3": True})
        for _ in range(3):
            poll_round(mgr, clock, refs, {"ap-1": True, "ap-2": True, "ap-3": True})
        assert counts(sink) == {"mail": 2, "tg": 2, "hook": 2}
        rec = sink["smtp"].messages[1]
        assert rec["subject"] == "[Kunang] NYALA: ap-1 di Sembalun"
        assert "mati selama 9 menit" in rec["body"]
        assert sink["http"].on("/sendMessage")[1]["json"]["text"].startswith("[Kunang] UP: ap-1 at Sembalun")
        assert alerts(db) == [("ap_down", f"ap:{refs[('Sembalun', 'ap-1')].ap_id}", "resolved", True, "recovered")]
        assert t_up - t_down == dt.timedelta(minutes=7)
        sent = db.execute("SELECT count(*) FROM notification WHERE status = 'sent'").fetchone()[0]
        log = db.execute("SELECT count(*) FROM notification_attempt WHERE ok").fetchone()[0]
        assert sent == 6 and log == 6
    finally:
        mgr.close()


def test_no_recovery_notice_for_an_alert_never_notified(pg_dsn, db, sink, inventory):
    cfg = make_config(sink)
    refs = inventory(cfg)
    clock = Clock(T0 + dt.timedelta(hours=12))  # 22:00 WITA: closed
    mgr = manager(pg_dsn, cfg, clock)
    try:
        for _ in range(4):
            poll_round(mgr, clock, refs, {"ap-3": False})
        assert alerts(db, "ap_down")[0][2:4] == ("firing", False)
        assert db.execute("SELECT hold_reason FROM alert").fetchone()[0] == "closed"
        for _ in range(3):
            poll_round(mgr, clock, refs, {"ap-3": True})
        clock.advance(hours=10)  # well into opening hours
        mgr.tick()
        assert counts(sink) == {"mail": 0, "tg": 0, "hook": 0}
        assert alerts(db, "ap_down") == [("ap_down", f"ap:{refs[('Aikmel', 'ap-3')].ap_id}", "resolved", False,
                                          "recovered")]
        assert db.execute("SELECT closed_out FROM alert").fetchone()[0] is True
    finally:
        mgr.close()


def test_closed_site_outage_is_notified_at_opening_across_a_restart(pg_dsn, db, sink, inventory):
    cfg = make_config(sink)
    refs = inventory(cfg)
    clock = Clock(T0 + dt.timedelta(hours=12))  # Monday 22:00 WITA
    mgr = manager(pg_dsn, cfg, clock)
    for _ in range(5):
        poll_round(mgr, clock, refs, {"ap-3": False})
    assert counts(sink)["mail"] == 0
    mgr.close()  # the collector restarts in the night
    mgr = manager(pg_dsn, cfg, clock)
    try:
        while clock.t + dt.timedelta(minutes=10) < T0 + dt.timedelta(hours=22):  # until before 08:00 WITA
            clock.advance(minutes=10)
            mgr.tick()
        assert counts(sink) == {"mail": 0, "tg": 0, "hook": 0}
        clock.t = T0 + dt.timedelta(hours=22, seconds=20)  # Tuesday 08:00:20 WITA
        mgr.tick()
        assert counts(sink) == {"mail": 1, "tg": 1, "hook": 1}
        body = sink["smtp"].messages[0]["body"]
        assert "Ditahan sampai lokasi buka; gangguan dimulai pukul 2026-11-23 22:01 WITA" in body
        assert "Held until the site opened" in sink["http"].on("/sendMessage")[0]["json"]["text"]
        clock.advance(seconds=30)
        mgr.tick()
        assert counts(sink) == {"mail": 1, "tg": 1, "hook": 1}
    finally:
        mgr.close()


def test_reminders_back_off_wait_for_opening_and_stop_on_ack(pg_dsn, db, sink, inventory):
    from collector.alerts import admin

    cfg = make_config(sink, alerts={"renotify_initial_minutes": 60, "renotify_max_hours": 24})
    refs = inventory(cfg)
    clock = Clock(T0 - dt.timedelta(minutes=3))  # firing at 10:00 WITA
    mgr = manager(pg_dsn, cfg, clock)
    try:
        for _ in range(3):
            poll_round(mgr, clock, refs, {"ap-3": False})
        sent_at = [clock.t]
        while clock.t < T0 + dt.timedelta(hours=26):  # until Tuesday 12:00 WITA
            clock.advance(seconds=30)
            before = counts(sink)["tg"]
            mgr.tick()
            if counts(sink)["tg"] > before:
                sent_at.append(clock.t)
        local = [(t + dt.timedelta(hours=8)).strftime("%a %H:%M") for t in sent_at]
        # first at 10:00, then +1 h, +2 h; +4 h falls at 17:00 (closed) -> at opening; then +8 h from there
        assert local == ["Mon 10:00", "Mon 11:00", "Mon 13:00", "Tue 08:00"]
        texts = [r["json"]["text"] for r in sink["http"].on("/sendMessage")]
        assert all(t.startswith("[Kunang] REMINDER: DOWN: ap-3 at Aikmel") for t in texts[1:])
        aid = db.execute("SELECT id FROM alert").fetchone()[0]
        admin.ack(db, aid, by="siti", note="technician on the way", now=clock.t)
        clock.advance(hours=30)
        mgr.tick()
        assert counts(sink)["tg"] == 4
    finally:
        mgr.close()


def test_flapping_ap_gives_one_flapping_alert(pg_dsn, db, sink, inventory):
    cfg = make_config(sink)
    refs = inventory(cfg)
    clock = Clock()
    mgr = manager(pg_dsn, cfg, clock)
    try:
        poll_round(mgr, clock, refs, {"ap-3": True})
        for i in range(20):  # up/down every poll: never 3 failures in a row
            poll_round(mgr, clock, refs, {"ap-3": i % 2 == 1})
        for i in range(12):  # down 3, up 3: each outage would be a down alert without flap detection
            poll_round(mgr, clock, refs, {"ap-3": (i // 3) % 2 == 1})
        assert counts(sink) == {"mail": 1, "tg": 1, "hook": 1}
        assert sink["smtp"].messages[0]["subject"] == "[Kunang] TIDAK STABIL: ap-3 di Aikmel"
        assert "4 changes between up and down within 30 minutes" in sink["http"].on("/sendMessage")[0]["json"]["text"]
        assert [a[0] for a in alerts(db)] == ["ap_flapping"]
        for _ in range(35):  # stable for the whole window
            poll_round(mgr, clock, refs, {"ap-3": True})
        assert counts(sink) == {"mail": 2, "tg": 2, "hook": 2}
        assert sink["smtp"].messages[1]["subject"] == "[Kunang] STABIL: ap-3 di Aikmel"
        assert alerts(db) == [("ap_flapping", f"ap:{refs[('Aikmel', 'ap-3')].ap_id}", "resolved", True, "settled")]
    finally:
        mgr.close()


def test_flapping_that_settles_down_becomes_a_down_alert(pg_dsn, db, sink, inventory):
    cfg = make_config(sink)
    refs = inventory(cfg)
    clock = Clock()
    mgr = manager(pg_dsn, cfg, clock)
    try:
        poll_round(mgr, clock, refs, {"ap-3": True})
        for i in range(6):
            poll_round(mgr, clock, refs, {"ap-3": i % 2 == 1})
        for _ in range(35):
            poll_round(mgr, clock, refs, {"ap-3": False})
        assert [(a[0], a[2]) for a in alerts(db)] == [("ap_flapping", "resolved"), ("ap_down", "firing")]
        subjects = [m["subject"] for m in sink["smtp"].messages]
        assert subjects == ["[Kunang] TIDAK STABIL: ap-3 di Aikmel", "[Kunang] MATI: ap-3 di Aikmel"]
    finally:
        mgr.close()


def test_whole_site_outage_gives_one_site_alert(pg_dsn, db, sink, inventory):
    cfg = make_config(sink)
    refs = inventory(cfg)
    clock = Clock()
    mgr = manager(pg_dsn, cfg, clock)
    try:
        poll_round(mgr, clock, refs, {"ap-1": True, "ap-2": True})
        poll_round(mgr, clock, refs, {"ap-1": False, "ap-2": True})  # ap-2 fails one poll later
        for _ in range(6):
            poll_round(mgr, clock, refs, {"ap-1": False, "ap-2": False})
        assert counts(sink) == {"mail": 1, "tg": 1, "hook": 1}
        assert sink["smtp"].messages[0]["subject"] == "[Kunang] LOKASI TERPUTUS: Sembalun"
        assert "semua 2 access point mati" in sink["smtp"].messages[0]["body"]
        hook = sink["http"].on("/hook")[0]["json"]
        assert hook["kind"] == "site_down" and hook["detail"]["aps"] == 2
        rows = db.execute("SELECT kind, inhibited_by IS NOT NULL, notified_at IS NOT NULL FROM alert"
                          " WHERE state = 'firing' ORDER BY kind, id").fetchall()
        assert rows == [("ap_down", True, False), ("ap_down", True, False), ("site_down", False, True)]
        for _ in range(3):
            poll_round(mgr, clock, refs, {"ap-1": True, "ap-2": True})
        assert counts(sink) == {"mail": 2, "tg": 2, "hook": 2}
        assert sink["http"].on("/sendMessage")[1]["json"]["text"].startswith("[Kunang] SITE BACK: Sembalun")
    finally:
        mgr.close()


def test_partial_site_recovery_releases_the_remaining_ap_alert(pg_dsn, db, sink, inventory):
    cfg = make_config(sink)
    refs = inventory(cfg)
    clock = Clock()
    mgr = manager(pg_dsn, cfg, clock)
    try:
        for _ in range(4):
            poll_round(mgr, clock, refs, {"ap-1": False, "ap-2": False})
        assert [m["subject"] for m in sink["smtp"].messages] == ["[Kunang] LOKASI TERPUTUS: Sembalun"]
        for _ in range(8):
            poll_round(mgr, clock, refs, {"ap-1": True, "ap-2": False})
        assert [m["subject"] for m in sink["smtp"].messages] == [
            "[Kunang] LOKASI TERPUTUS: Sembalun", "[Kunang] LOKASI PULIH: Sembalun", "[Kunang] MATI: ap-2 di Sembalun"]
    finally:
        mgr.close()


def test_restart_in_the_middle_neither_repeats_nor_loses(pg_dsn, db, sink, inventory):
    cfg = make_config(sink)
    refs = inventory(cfg)
    clock = Clock()
    mgr = manager(pg_dsn, cfg, clock)
    poll_round(mgr, clock, refs, {"ap-3": True})
    poll_round(mgr, clock, refs, {"ap-3": False})
    poll_round(mgr, clock, refs, {"ap-3": False})
    mgr.close()
    mgr = manager(pg_dsn, cfg, clock)  # restart: the failure count survives
    poll_round(mgr, clock, refs, {"ap-3": False})
    assert counts(sink) == {"mail": 1, "tg": 1, "hook": 1}
    mgr.close()
    mgr = manager(pg_dsn, cfg, clock)  # restart while down: no second down notice
    try:
        for _ in range(3):
            poll_round(mgr, clock, refs, {"ap-3": False})
        poll_round(mgr, clock, refs, {"ap-3": True})
        mgr.close()
        mgr = manager(pg_dsn, cfg, clock)  # restart between the two successes
        for _ in range(3):
            poll_round(mgr, clock, refs, {"ap-3": True})
        assert counts(sink) == {"mail": 2, "tg": 2, "hook": 2}
    finally:
        mgr.close()


def test_pending_delivery_survives_a_restart(pg_dsn, db, sink, inventory):
    cfg = make_config(sink)
    refs = inventory(cfg)
    clock = Clock()
    sink["http"].fail_next["/hook"] = [503, 503]
    mgr = manager(pg_dsn, cfg, clock)
    for _ in range(3):
        poll_round(mgr, clock, refs, {"ap-3": False})
    assert counts(sink) == {"mail": 1, "tg": 1, "hook": 0}
    row = db.execute("SELECT status, attempts, last_error FROM notification WHERE channel = 'hook'").fetchone()
    assert row == ("pending", 1, "HTTP 503: {\"ok\": false}")
    mgr.close()
    mgr = manager(pg_dsn, cfg, clock)
    try:
        clock.advance(seconds=30)
        mgr.tick()  # second attempt fails (back-off now 60 s)
        clock.advance(seconds=30)
        mgr.tick()
        assert counts(sink)["hook"] == 0
        clock.advance(seconds=31)
        mgr.tick()
        assert counts(sink) == {"mail": 1, "tg": 1, "hook": 1}
        oks = db.execute("SELECT ok FROM notification_attempt a JOIN notification n ON n.id = a.notification_id"
                         " WHERE n.channel = 'hook' ORDER BY a.id").fetchall()
        assert [o for (o,) in oks] == [False, False, True]
    finally:
        mgr.close()


def test_silence_holds_notifications_but_records_alerts(pg_dsn, db, sink, inventory):
    from collector.alerts import admin

    cfg = make_config(sink)
    refs = inventory(cfg)
    clock = Clock()
    site_id = refs[("Aikmel", "ap-3")].site_id
    admin.add_silence(db, starts_at=clock.t, ends_at=clock.t + dt.timedelta(hours=1), site_id=site_id,
                      reason="power work", maintenance=True, by="test")
    mgr = manager(pg_dsn, cfg, clock)
    try:
        for _ in range(10):
            poll_round(mgr, clock, refs, {"ap-3": False})
        assert counts(sink) == {"mail": 0, "tg": 0, "hook": 0}
        assert db.execute("SELECT hold_reason FROM alert").fetchone()[0] == "silenced"
        clock.advance(hours=1)
        mgr.tick()
        assert counts(sink) == {"mail": 1, "tg": 1, "hook": 1}  # still down after the window
    finally:
        mgr.close()


def test_alert_of_an_ap_removed_from_the_config_ends_silently(pg_dsn, db, sink, inventory):
    cfg = make_config(sink)
    refs = inventory(cfg)
    clock = Clock()
    mgr = manager(pg_dsn, cfg, clock)
    for _ in range(3):
        poll_round(mgr, clock, refs, {"ap-3": False})
    assert counts(sink)["mail"] == 1
    mgr.close()
    sites = [{"name": "Sembalun", "opening_hours": {"mon": "08:00-16:00"},
              "aps": [{"name": "ap-1", "address": "127.0.0.1"}, {"name": "ap-2", "address": "127.0.0.1"}]},
             {"name": "Aikmel", "aps": []}]
    cfg2 = make_config(sink, sites=sites)
    inventory(cfg2)  # ap-3 is no longer configured
    mgr = manager(pg_dsn, cfg2, clock)
    try:
        clock.advance(hours=5)
        mgr.tick()
        assert counts(sink)["mail"] == 1  # neither a reminder nor a recovery notice
        assert alerts(db)[0][2:] == ("resolved", True, "superseded")
    finally:
        mgr.close()


def test_a_failed_transaction_loses_no_alert(pg_dsn, db, sink, inventory):
    import psycopg
    import pytest

    cfg = make_config(sink)
    refs = inventory(cfg)
    clock = Clock()
    mgr = manager(pg_dsn, cfg, clock)
    try:
        poll_round(mgr, clock, refs, {"ap-3": False})
        poll_round(mgr, clock, refs, {"ap-3": False})
        # the database refuses the transaction that would record the third failure
        db.execute("ALTER TABLE alert_tracker ADD CONSTRAINT test_refuse CHECK ((data->>'fails')::int <> 3)")
        with pytest.raises(psycopg.errors.CheckViolation):
            poll_round(mgr, clock, refs, {"ap-3": False})
        db.execute("ALTER TABLE alert_tracker DROP CONSTRAINT test_refuse")
        assert counts(sink)["mail"] == 0 and alerts(db) == []
        db.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                   " WHERE datname = current_database() AND pid <> pg_backend_pid()")  # and restarts
        poll_round(mgr, clock, refs, {"ap-3": False})
        assert [m["subject"] for m in sink["smtp"].messages] == ["[Kunang] MATI: ap-3 di Aikmel"]
    finally:
        mgr.close()


def test_holiday_counts_as_closed(pg_dsn, db, sink, inventory):
    sites = [{"name": "Aikmel", "opening_hours": EVERY_DAY, "holidays": [{"date": "2026-11-23", "name": "cuti"}],
              "aps": [{"name": "ap-3", "address": "127.0.0.1"}]}]
    cfg = make_config(sink, sites=sites)
    refs = inventory(cfg)
    clock = Clock()  # Monday 10:00 WITA, but a holiday
    mgr = manager(pg_dsn, cfg, clock)
    try:
        for _ in range(4):
            poll_round(mgr, clock, refs, {"ap-3": False})
        assert counts(sink)["mail"] == 0
        clock.t = T0 + dt.timedelta(hours=22)  # Tuesday 08:00 WITA
        mgr.tick()
        assert counts(sink) == {"mail": 1, "tg": 1, "hook": 1}
    finally:
        mgr.close()


def test_every_site_down_is_one_network_alert(pg_dsn, db, sink, inventory):
    cfg = make_config(sink)
    refs = inventory(cfg)
    clock = Clock()
    mgr = manager(pg_dsn, cfg, clock)
    try:
        poll_round(mgr, clock, refs, {"ap-1": True, "ap-2": True, "ap-3": True})
        poll_round(mgr, clock, refs, {"ap-1": False, "ap-2": False, "ap-3": True})  # Aikmel one poll later
        for _ in range(6):
            poll_round(mgr, clock, refs, {"ap-1": False, "ap-2": False, "ap-3": False})
        assert [m["subject"] for m in sink["smtp"].messages] == ["[Kunang] SEMUA LOKASI TIDAK TERJANGKAU"]
        assert "Semua 2 lokasi (3 access point) tidak terjangkau sejak 2026-11-23 10:02 WITA" in \
            sink["smtp"].messages[0]["body"]
        assert sink["http"].on("/sendMessage")[0]["json"]["text"].startswith("[Kunang] ALL SITES UNREACHABLE")
        assert counts(sink) == {"mail": 1, "tg": 1, "hook": 1}
        for _ in range(3):
            poll_round(mgr, clock, refs, {"ap-1": True, "ap-2": True, "ap-3": True})
        assert [m["subject"] for m in sink["smtp"].messages][1:] == ["[Kunang] LOKASI TERJANGKAU KEMBALI"]
        assert counts(sink) == {"mail": 2, "tg": 2, "hook": 2}
    finally:
        mgr.close()

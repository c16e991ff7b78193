"""The write path: inventory, samples, AP states, client sessions, privacy."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from collector.config import parse_config
from collector.db.writer import PollStore
from collector.privacy import Pseudonymizer
from collector.snmp.model import ApRow, ClientRow, PollResult, SsidRow

T0 = dt.datetime(2026, 11, 2, 1, 0, tzinfo=dt.timezone.utc)  # 09:00 WITA
MIN = dt.timedelta(minutes=1)
KEY = b"test-key-0123456789abcdef"
CFG = parse_config({
    "snmp": {"credentials": {"c": {"community": "public"}}, "default": "c"},
    "sites": [{"name": "Sembalun", "aps": [{"name": "ap1", "address": "127.0.0.1", "port": 1161},
                                            {"name": "ap2", "address": "127.0.0.1", "port": 1162},
                                            {"name": "wlc", "address": "127.0.0.1", "port": 1163}]}],
})
PHONE = "3c:22:fb:00:00:01"
RANDOM = "da:a1:19:00:00:02"


def ok(t, clients=(), uptime=100_000, ssids=(), aps=()):
    return PollResult(target="x", started_at=t, duration_s=0.05, reachable=True, sys_uptime_ticks=uptime,
                      clients_total=len(clients), clients=tuple(clients), ssids=tuple(ssids), aps=tuple(aps),
                      profile="generic")


def fail(t):
    return PollResult(target="x", started_at=t, duration_s=2.0, reachable=False, error_kind="timeout",
                      errors=("request timed out",))


def client(mac, rx=None, ap=None):
    return ClientRow(mac=mac, ssid="Perpus-Free", rssi_dbm=-60, rx_bytes=rx, tx_bytes=rx, ap=ap)


@pytest.fixture
def store(pg_dsn, db):
    s = PollStore(pg_dsn, Pseudonymizer(KEY), session_gap_minutes=10, down_after_failures=3)
    yield s
    s.close()


def sessions(db):
    return db.execute("SELECT device, first_seen, last_seen, closed, ap_ids, polls, rx_bytes, randomized"
                      " FROM client_session ORDER BY first_seen, device").fetchall()


def test_inventory_sync_is_idempotent(store, db):
    refs = store.sync_inventory(CFG)
    again = store.sync_inventory(CFG)
    assert refs == again
    assert db.execute("SELECT count(*) FROM ap").fetchone()[0] == 3
    assert db.execute("SELECT name, timezone, opening_hours->'fri' FROM site").fetchone() == (
        "Sembalun", "Asia/Makassar", [["08:00", "11:30"]])


def test_roaming_is_one_session_and_gaps_split(store, db):
    refs = store.sync_inventory(CFG)
    ap1, ap2 = refs[("Sembalun", "ap1")], refs[("Sembalun", "ap2")]
    store.write_poll(ap1, ok(T0, [client(PHONE, 1000)]))
    store.write_poll(ap2, ok(T0, []))
    store.write_poll(ap1, ok(T0 + MIN, []))  # roamed away from ap1 ...
    store.write_poll(ap2, ok(T0 + MIN, [client(PHONE, 500)]))  # ... to ap2: counters restart
    store.write_poll(ap2, ok(T0 + 2 * MIN, [client(PHONE, 800)]))
    rows = sessions(db)
    assert len(rows) == 1
    dev, first, last, closed, ap_ids, polls, rx, randomized = rows[0]
    assert (first, last, closed, ap_ids, polls, rx, randomized) == (
        T0, T0 + 2 * MIN, False, [ap1.ap_id, ap2.ap_id], 3, 300, False)
    assert dev == Pseudonymizer(KEY).device(PHONE)
    # gone for 8 minutes (< 10): still the same session
    store.write_poll(ap2, ok(T0 + 10 * MIN, [client(PHONE, 900)]))
    assert len(sessions(db)) == 1
    # absent, polled fine, for more than the gap: closed; then a new visit
    store.write_poll(ap2, ok(T0 + 15 * MIN, []))
    store.write_poll(ap2, ok(T0 + 21 * MIN, []))
    rows = sessions(db)
    assert len(rows) == 1 and rows[0][3] is True and rows[0][2] == T0 + 10 * MIN
    store.write_poll(ap2, ok(T0 + 30 * MIN, [client(PHONE, 10)]))
    rows = sessions(db)
    assert [r[3] for r in rows] == [True, False]


def test_outage_does_not_split_a_visit(store, db):
    refs = store.sync_inventory(CFG)
    ap1 = refs[("Sembalun", "ap1")]
    store.write_poll(ap1, ok(T0, [client(RANDOM)]))
    for i in range(1, 20):
        store.write_poll(ap1, fail(T0 + i * MIN))
    store.write_poll(ap1, ok(T0 + 20 * MIN, [client(RANDOM)]))
    rows = sessions(db)
    assert len(rows) == 1 and rows[0][2] == T0 + 20 * MIN and rows[0][7] is True  # randomized MAC


def test_down_up_and_reboot_events(store, db):
    refs = store.sync_inventory(CFG)
    ap1 = refs[("Sembalun", "ap1")]
    assert store.write_poll(ap1, ok(T0, uptime=500_000)) == []  # first contact: no "up" event
    kinds = []
    for i in range(1, 5):
        kinds += [c.kind for c in store.write_poll(ap1, fail(T0 + i * MIN))]
    assert kinds == ["down"]  # after the third failure, once
    assert db.execute("SELECT state, consecutive_failures FROM ap_status").fetchone() == ("down", 4)
    changes = store.write_poll(ap1, ok(T0 + 5 * MIN, uptime=3_000))
    assert [c.kind for c in changes] == ["reboot"]  # up again after two answered polls (snmp.up_after_successes)
    assert db.execute("SELECT state FROM ap_status").fetchone() == ("down",)
    changes = store.write_poll(ap1, ok(T0 + 6 * MIN, uptime=9_000))
    assert [c.kind for c in changes] == ["up"]
    events = db.execute("SELECT kind FROM ap_event ORDER BY time, kind").fetchall()
    assert [e[0] for e in events] == ["down", "reboot", "up"]
    assert db.execute("SELECT count(*), count(clients) FROM ap_sample").fetchone() == (7, 3)


def test_controller_aps_become_aps(store, db):
    refs = store.sync_inventory(CFG)
    wlc = refs[("Sembalun", "wlc")]
    aps = [ApRow(name="lantai-1", mac="00:11:22:33:44:01", clients=1, up=True),
           ApRow(name="lantai-2", mac="00:11:22:33:44:02", clients=0, up=True)]
    store.write_poll(wlc, ok(T0, [client(PHONE, ap="lantai-1")], aps=aps, ssids=[SsidRow("Perpus-Free", 1)]))
    aps[1] = ApRow(name="lantai-2", mac="00:11:22:33:44:02", clients=0, up=False)
    changes = store.write_poll(wlc, ok(T0 + MIN, [client(PHONE, ap="lantai-1")], aps=aps))
    assert [c.kind for c in changes] == ["controller_down"]
    rows = db.execute("SELECT name, controller_id, configured FROM ap WHERE NOT configured ORDER BY name").fetchall()
    assert rows == [("lantai-1", wlc.ap_id, False), ("lantai-2", wlc.ap_id, False)]
    lantai1 = db.execute("SELECT id FROM ap WHERE name = 'lantai-1'").fetchone()[0]
    assert sessions(db)[0][4] == [lantai1]
    assert db.execute("SELECT is_controller FROM ap WHERE id = %s", (wlc.ap_id,)).fetchone()[0] is True
    assert db.execute("SELECT clients, state FROM ap_status WHERE ap_id = %s", (lantai1,)).fetchone() == (1, "up")


def test_restart_continues_open_sessions(store, pg_dsn, db):
    refs = store.sync_inventory(CFG)
    ap1 = refs[("Sembalun", "ap1")]
    store.write_poll(ap1, ok(T0, [client(PHONE, 100)]))
    store.close()
    again = PollStore(pg_dsn, Pseudonymizer(KEY), session_gap_minutes=10)
    try:
        again.write_poll(ap1, ok(T0 + MIN, [client(PHONE, 250)]))
    finally:
        again.close()
    rows = sessions(db)
    assert len(rows) == 1 and rows[0][5] == 2 and rows[0][6] == 150


def test_no_raw_mac_is_stored(store, db):
    refs = store.sync_inventory(CFG)
    store.write_poll(refs[("Sembalun", "ap1")], ok(T0, [client(PHONE), client(RANDOM)]))
    dump = str(db.execute("SELECT * FROM client_session").fetchall())
    assert PHONE not in dump and RANDOM not in dump
    assert db.execute("SELECT count(*) FROM client_session WHERE mac_raw IS NOT NULL").fetchone()[0] == 0


def test_radios_named_alike_get_unique_keys(store, db):
    """A controller names each AP's radios after the AP: both are stored, not one batch lost."""
    from collector.snmp.model import RadioRow

    refs = store.sync_inventory(CFG)
    wlc = refs[("Sembalun", "wlc")]
    radios = (RadioRow("aula", "2.4GHz", 6, 3), RadioRow("aula", "5GHz", 36, 2), RadioRow("lobi", "2.4GHz", 1, 0))
    store.write_poll(wlc, dataclasses.replace(ok(T0), radios=radios))
    assert db.execute("SELECT radio, clients FROM ap_radio_sample ORDER BY radio").fetchall() == [
        ("aula 2.4GHz", 3), ("aula 5GHz", 2), ("lobi", 0)]

"""The SNMP writer: values PostgreSQL rejects are left out and noted in the
quarantine; a poll the server still rejects is isolated, the others stored."""

from __future__ import annotations

import dataclasses

from collector.db import writer as writer_mod
from collector.db.writer import PollStore
from collector.privacy import Pseudonymizer
from collector.snmp.model import ClientRow, IfRow, RadioRow, SsidRow
from tests.foundation.test_fnd003_writer import CFG, KEY, MIN, PHONE, T0, ok


def _store(pg_dsn):
    return PollStore(pg_dsn, Pseudonymizer(KEY), session_gap_minutes=10, down_after_failures=3)


def test_out_of_range_and_nul_values_do_not_block_the_batch(pg_dsn, db):
    with _store(pg_dsn) as store:
        refs = store.sync_inventory(CFG)
        ap1, ap2 = refs[("Sembalun", "ap1")], refs[("Sembalun", "ap2")]
        bad = dataclasses.replace(
            ok(T0, clients=[ClientRow(mac=PHONE, ssid="Perpus\x00Free", rssi_dbm=-40000, rx_bytes=-5, tx_bytes=2**63)],
               ssids=[SsidRow("Perpus\x00", 3)], uptime=2**63),
            sys_descr="RouterOS\x00", clients_total=2**31,
            radios=(RadioRow("wlan1", "2.4GHz", 2**40, 3),),
            interfaces=(IfRow(1, "ether1", 2**64 + 5, 10, 64, True), IfRow(2**40, "x", 1, 1, 32, True)))
        store.write_polls([(ap1, bad), (ap2, ok(T0, clients=[]))])
        store.write_polls([(ap1, ok(T0 + MIN)), (ap2, ok(T0 + MIN))])
    assert db.execute("SELECT count(*) FROM ap_sample").fetchone()[0] == 4
    assert db.execute("SELECT ssid FROM ap_ssid_sample").fetchone()[0] == "Perpus\ufffd"
    assert db.execute("SELECT in_octets, out_octets FROM if_sample").fetchall() == [(None, 10)]
    (reason,) = db.execute("SELECT reason FROM log_quarantine WHERE format = 'snmp'").fetchone()
    for what in ("clients_total", "sys_uptime_ticks", "rssi_dbm", "negative rx_bytes", "tx_bytes", "in_octets",
                 "channel", "interfaces[1].index", "sys_descr: NUL"):
        assert what in reason, (what, reason)
    assert db.execute("SELECT count(*) FROM client_session").fetchone()[0] == 1


def test_a_poll_the_server_rejects_is_isolated(pg_dsn, db, monkeypatch):
    """With the value checks off, the server's rejection splits the batch."""
    monkeypatch.setattr(writer_mod, "clean_poll", lambda r: (r, []))
    with _store(pg_dsn) as store:
        refs = store.sync_inventory(CFG)
        aps = [refs[("Sembalun", n)] for n in ("ap1", "ap2", "wlc")]
        bad = dataclasses.replace(ok(T0), interfaces=(IfRow(1, "e\x00", 1, 1, 64, True),))
        store.write_polls([(aps[0], ok(T0, clients=[ClientRow(mac=PHONE)])), (aps[1], bad), (aps[2], ok(T0))])
        store.write_polls([(a, ok(T0 + MIN, clients=[ClientRow(mac=PHONE)])) for a in aps])
    assert db.execute("SELECT count(*) FROM ap_sample").fetchone()[0] == 5
    (reason,) = db.execute("SELECT reason FROM log_quarantine").fetchone()
    assert reason.startswith("rejected by the database")
    # the session survived the split (reloaded, not written twice)
    assert db.execute("SELECT count(*), max(polls) FROM client_session").fetchone() == (1, 4)  # 1 + three APs at T0+1min; 5 if the rolled-back poll counted

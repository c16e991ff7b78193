"""Schema of the village edges (migration 0210_edge, collector/db/functions/edge.sql): site keys from
kunang.yaml, batches recorded once by message id, heartbeats, rejected batches, backfilled batches."""

from __future__ import annotations

import datetime as dt

import psycopg
import pytest

from collector.config import parse_config
from collector.db import inventory

UTC = dt.timezone.utc
T0 = dt.datetime(2026, 3, 10, 8, 0, tzinfo=UTC)


def _cfg(tmp_path, extra_sites: list | None = None):
    return parse_config({
        "snmp": {"credentials": {"c": {"community": "public"}}, "default": "c"},
        "sites": [{"name": "Perpustakaan Desa Sembalun", "edge": True, "aps": [{"name": "ap1", "address": "127.0.0.1"}]},
                  {"name": "Perpustakaan Kota", "key": "kota"}, *(extra_sites or [])]})


def test_sync_writes_keys_and_village_links(db, tmp_path):
    inventory.sync(db, _cfg(tmp_path))
    rows = db.execute("SELECT name, key, edge FROM site ORDER BY name").fetchall()
    assert rows == [("Perpustakaan Desa Sembalun", "perpustakaan-desa-sembalun", True),
                    ("Perpustakaan Kota", "kota", False)]
    # the village has its row before it ever reports: shown (and alerted) as silent
    assert db.execute("SELECT s.key, l.last_contact FROM edge_link l JOIN site s ON s.id = l.site_id").fetchall() \
        == [("perpustakaan-desa-sembalun", None)]


def test_duplicate_site_keys_are_a_config_error(tmp_path):
    with pytest.raises(Exception, match="site key 'kota' is used twice"):
        _cfg(tmp_path, [{"name": "Kota", "key": "kota"}])


def test_batch_recorded_once_and_contact(db, tmp_path):
    inventory.sync(db, _cfg(tmp_path))
    key = "perpustakaan-desa-sembalun"
    args = (key, "m-1", T0, T0 + dt.timedelta(minutes=5), 12, T0 + dt.timedelta(minutes=6))
    assert db.execute("SELECT kunang_edge_batch(%s, %s, %s, %s, %s, %s)", args).fetchone()[0] is True
    assert db.execute("SELECT kunang_edge_batch(%s, %s, %s, %s, %s, %s)", args).fetchone()[0] is False
    assert db.execute("SELECT count(*), sum(records) FROM edge_batch").fetchone() == (1, 12)
    assert db.execute("SELECT last_contact FROM edge_link").fetchone()[0] == T0 + dt.timedelta(minutes=6)
    with pytest.raises(psycopg.Error) as e:
        db.execute("SELECT kunang_edge_batch('nope', 'm-2', now(), now(), 1)")
    assert e.value.sqlstate == "KN001"


def test_heartbeat_keeps_the_newest_and_rejections_count(db, tmp_path):
    inventory.sync(db, _cfg(tmp_path))
    key = "perpustakaan-desa-sembalun"
    hb = "SELECT kunang_edge_heartbeat(%s, 'edge-1', %s, %s, %s, %s, %s)"
    db.execute(hb, (key, T0 - dt.timedelta(hours=30), 5000, 800_000, 7, T0))
    db.execute(hb, (key, T0 - dt.timedelta(hours=40), 9000, 900_000, 3, T0 - dt.timedelta(hours=1)))  # older: ignored
    db.execute("SELECT kunang_edge_rejected(%s)", (key,))
    db.execute("SELECT kunang_edge_rejected(%s, 2)", (key,))
    row = db.execute("SELECT edge_id, spool_oldest, spool_records, spool_bytes, spool_dropped, batches_rejected,"
                     " last_contact FROM edge_link").fetchone()
    assert row == ("edge-1", T0 - dt.timedelta(hours=30), 5000, 800_000, 7, 3, T0)


def test_backfilled_batches_by_record_time(db, tmp_path):
    db.execute("SELECT kunang_configure_district(6, 60)")  # the defaults (another test may have changed them)
    inventory.sync(db, _cfg(tmp_path))
    key = "perpustakaan-desa-sembalun"
    site = db.execute("SELECT kunang_edge_site(%s)", (key,)).fetchone()[0]
    # on time: received two minutes after its records
    db.execute("SELECT kunang_edge_batch(%s, 'a', %s, %s, 10, %s)", (key, T0, T0, T0 + dt.timedelta(minutes=2)))
    # late: records of 28 Feb received on 10 March (a link down for days)
    late = dt.datetime(2026, 2, 28, 9, tzinfo=UTC)
    db.execute("SELECT kunang_edge_batch(%s, 'b', %s, %s, 40, %s)", (key, late, late + dt.timedelta(hours=1), T0))
    assert [r[0] for r in db.execute("SELECT msg_id FROM edge_backfill")] == ["b"]
    feb = (dt.datetime(2026, 2, 1, tzinfo=UTC), dt.datetime(2026, 3, 1, tzinfo=UTC))
    mar = (dt.datetime(2026, 3, 1, tzinfo=UTC), dt.datetime(2026, 4, 1, tzinfo=UTC))
    assert db.execute("SELECT kunang_edge_backfilled(%s, %s, %s)", (site, *feb)).fetchone()[0] == 40
    assert db.execute("SELECT kunang_edge_backfilled(%s, %s, %s)", (site, *mar)).fetchone()[0] == 0
    # the threshold is a setting (kunang_meta is kept across tests: restored after)
    db.execute("SELECT kunang_configure_district(6, 1)")
    try:
        assert sorted(r[0] for r in db.execute("SELECT msg_id FROM edge_backfill")) == ["a", "b"]
    finally:
        db.execute("SELECT kunang_configure_district(6, 60)")

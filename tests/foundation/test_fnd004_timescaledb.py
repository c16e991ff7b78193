"""TimescaleDB mode: hypertables, continuous aggregates, compression.

These run only where the server has the TimescaleDB extension loaded
(shared_preload_libraries). It cannot be installed from this project's package
registries, so on the embedded PostgreSQL and on CI's PostgreSQL 15 they are
skipped with that reason; the mode-independent behaviour (same rollup rows) is
tested in test_fnd002_database.py in every mode.
"""

from __future__ import annotations

import datetime as dt
import re

import psycopg
import pytest

UTC = dt.timezone.utc

NO_TSDB = ("TimescaleDB extension not loaded on this server (it is not installable from this "
           "environment's package registries); point KUNANG_TEST_DSN at a PostgreSQL with "
           "shared_preload_libraries='timescaledb' to run these")


@pytest.fixture
def tsdb(db):
    mode = db.execute("SELECT value FROM kunang_meta WHERE key = 'storage_mode'").fetchone()[0]
    if mode != "timescaledb":
        pytest.skip(NO_TSDB)
    return db


def test_raw_tables_are_hypertables_with_one_day_chunks(tsdb):
    rows = tsdb.execute(
        "SELECT hypertable_name, d.time_interval::text FROM timescaledb_information.dimensions d"
        " WHERE d.hypertable_schema = 'public' ORDER BY hypertable_name").fetchall()
    assert {r[0] for r in rows} == {"ap_sample", "ap_ssid_sample", "ap_radio_sample", "if_sample", "portal_event"}
    assert {r[1] for r in rows} == {"1 day"}


def test_rollups_are_continuous_aggregates_with_policies(tsdb):
    views = dict(tsdb.execute("SELECT view_name, materialized_only FROM timescaledb_information.continuous_aggregates"
                              " WHERE view_schema = 'public'").fetchall())
    # materialized only: the collector refreshes them after each poll round, as plain mode does (0151)
    assert views == {"ap_hourly": True, "ssid_hourly": True}
    procs = [r[0] for r in tsdb.execute("SELECT proc_name FROM timescaledb_information.jobs")]
    assert procs.count("policy_refresh_continuous_aggregate") >= 2
    assert procs.count("policy_compression") >= 4


def test_compression_settings(tsdb):
    rows = tsdb.execute(
        "SELECT hypertable_name, attname, segmentby_column_index, orderby_column_index"
        " FROM timescaledb_information.compression_settings WHERE hypertable_schema = 'public'"
        " AND hypertable_name = 'ap_sample'").fetchall()
    seg = [r[1] for r in rows if r[2] is not None]
    order = [r[1] for r in rows if r[3] is not None]
    assert seg == ["ap_id"] and order == ["time"]
    # a series per SSID / radio / interface kept together inside the AP's segment (0151)
    for table, first in (("ap_ssid_sample", "ssid"), ("ap_radio_sample", "radio"), ("if_sample", "if_index")):
        rows = tsdb.execute(
            "SELECT attname FROM timescaledb_information.compression_settings WHERE hypertable_schema = 'public'"
            " AND hypertable_name = %s AND orderby_column_index IS NOT NULL ORDER BY orderby_column_index",
            (table,)).fetchall()
        assert [r[0] for r in rows] == [first, "time"], table


def test_visits_maybe_split_reads_only_the_days_chunks(tsdb, pg_dsn):
    """kunang_visits_maybe_split (visit_counting.sql) looks up a device's grants at each repeat visit of the day.
    Bounded by the visit alone, TimescaleDB excluded every other chunk of portal_event again at each look-up (all
    395 daily chunks of a year's retention: 0300 ran 11 min without ending on 3,950 site-days, plain 102 s); bounded
    by the day too, the chunks far from it go once per call, before the first look-up ("during startup")."""
    tsdb.execute("INSERT INTO site (id, name, timezone) VALUES (1, 'Labuhan Haji', 'Asia/Makassar')")
    day = dt.date(2026, 11, 2)
    for n in range(-6, 7):  # a grant every day for 13 days: 13 daily chunks
        tsdb.execute("INSERT INTO portal_event (time, site_id, source, kind, device, dedup)"
                     " VALUES (%s, 1, 'router', 'dhcp_assigned', 'g', %s)",
                     (dt.datetime(2026, 11, 2, 3, tzinfo=UTC) + dt.timedelta(days=n), f"g{n}".encode()))
    for dev, hh in (("a", 1), ("a", 4), ("g", 1), ("g", 4)):  # a, g: a repeat visit each (09:00, 12:00 WITA)
        start = dt.datetime(2026, 11, 2, hh, tzinfo=UTC)
        tsdb.execute("INSERT INTO visit (site_id, day, device, randomized, started_at, ended_at, dwell_s, source,"
                     " snmp_sessions, portal_sessions, ap_ids, snmp_bytes, portal_bytes, bytes)"
                     " VALUES (1, %s, %s, false, %s, %s, 3600, 'snmp', 1, 0, '{}', 0, 0, 0)",
                     (day, dev, start, start + dt.timedelta(hours=1)))
    notices: list[str] = []
    with psycopg.connect(pg_dsn) as conn:  # auto_explain's plans of the statement inside, as notices
        conn.add_notice_handler(lambda d: notices.append(d.message_primary or ""))
        for stmt in ("LOAD 'auto_explain'", "SET auto_explain.log_min_duration = 0",
                     "SET auto_explain.log_nested_statements = on", "SET auto_explain.log_analyze = on",
                     "SET client_min_messages = log"):
            conn.execute(stmt)
        # g was granted again (03:00 UTC) between its visits, a was not: a's repeat visit may be a split stay's part
        assert conn.execute("SELECT kunang_visits_maybe_split(1, %s, interval '180 s', true)",
                            (day,)).fetchone()[0] == 1
        conn.rollback()
    plans = [m for m in notices if "ChunkAppend" in m and "portal_event" in m]
    assert len(plans) == 1
    excluded = re.search(r"Chunks excluded during startup: (\d+)", plans[0])
    # the day's chunks and its neighbours' (UTC-12 to UTC+14) stay: at most 3 of the 13
    assert excluded is not None and int(excluded.group(1)) >= 10, plans[0]

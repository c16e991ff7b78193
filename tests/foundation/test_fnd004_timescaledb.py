"""TimescaleDB mode: hypertables, continuous aggregates, compression.

These run only where the server has the TimescaleDB extension loaded
(shared_preload_libraries). It cannot be installed from this project's package
registries, so on the embedded PostgreSQL and on CI's PostgreSQL 15 they are
skipped with that reason; the mode-independent behaviour (same rollup rows) is
tested in test_fnd002_database.py in every mode.
"""

from __future__ import annotations

import pytest

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

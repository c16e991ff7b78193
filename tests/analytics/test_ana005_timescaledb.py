"""TimescaleDB mode of retention and compression figures (collector/db/timescale.py).

Runs only where the server has TimescaleDB loaded; it is not installable from
this project's package registries, so on the embedded PostgreSQL and CI's
PostgreSQL these are skipped with that reason (as tests/foundation/test_fnd004).
Plain-mode retention is tested in test_ana003_privacy.py.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from collector import retention
from collector.db import timescale

NO_TSDB = ("TimescaleDB extension not loaded on this server (it is not installable from this "
           "environment's package registries); point KUNANG_TEST_DSN at a PostgreSQL with "
           "shared_preload_libraries='timescaledb' to run these")


@pytest.fixture
def tsdb(db):
    if not timescale.is_timescale(db):
        pytest.skip(NO_TSDB)
    return db


def test_retention_policies_from_the_configuration(tsdb):
    policy = SimpleNamespace(device_days=30, raw_samples_days=7, rollup_days=400)
    counts = retention.purge(tsdb, policy, now=dt.datetime(2026, 11, 2, tzinfo=dt.timezone.utc))
    assert "ap_sample" not in counts and "ap_hourly" not in counts  # dropped by policies, not DELETEs
    jobs = dict(tsdb.execute(
        "SELECT hypertable_name, config->>'drop_after' FROM timescaledb_information.jobs"
        " WHERE proc_name = 'policy_retention'").fetchall())
    assert jobs["ap_sample"] == "7 days" and jobs["portal_event"] == "30 days"
    assert retention.purge(tsdb, policy) is not None  # policies are replaced, not duplicated
    n = tsdb.execute("SELECT count(*) FROM timescaledb_information.jobs WHERE proc_name = 'policy_retention'"
                     ).fetchone()[0]
    assert n == len(timescale.RAW_TABLES + timescale.DEVICE_HYPERTABLES + timescale.CONTINUOUS_AGGREGATES)


def test_compression_stats_shape(tsdb):
    stats = timescale.compression_stats(tsdb)
    assert {s["table"] for s in stats} == set(timescale.RAW_TABLES + timescale.DEVICE_HYPERTABLES)

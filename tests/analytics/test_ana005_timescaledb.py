"""TimescaleDB mode of retention, policies, maintenance and `db info` (collector/db/timescale.py).

Runs only where the server has TimescaleDB loaded; it is not installable from
this project's package registries, so on the embedded PostgreSQL and CI's
PostgreSQL these are skipped with that reason (as tests/foundation/test_fnd004).
Plain-mode retention is tested in test_ana003_privacy.py.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import psycopg
import pytest

from collector import retention
from collector.db import info, timescale
from collector.db.connect import Database
from tests.conftest import _drop_database, _test_database

ROOT = Path(__file__).resolve().parents[2]
NO_TSDB = ("TimescaleDB extension not loaded on this server (it is not installable from this "
           "environment's package registries); point KUNANG_TEST_DSN at a PostgreSQL with "
           "shared_preload_libraries='timescaledb' to run these")
UTC = dt.timezone.utc


@pytest.fixture
def tsdb(db):
    if not timescale.is_timescale(db):
        pytest.skip(NO_TSDB)
    return db


def _policies(conn) -> dict[tuple[str, str], tuple[int, dict]]:
    rows = conn.execute(
        "SELECT j.job_id, j.proc_name, coalesce(ca.view_name, j.hypertable_name), j.config"
        " FROM timescaledb_information.jobs j LEFT JOIN timescaledb_information.continuous_aggregates ca"
        " ON ca.materialization_hypertable_name = j.hypertable_name WHERE j.proc_name LIKE 'policy_%'").fetchall()
    out = {}
    for job_id, proc, rel, config in rows:
        assert (proc, rel) not in out, f"two {proc} jobs on {rel}"
        out[(proc, rel)] = (job_id, config)
    return out


def test_retention_policies_from_the_configuration(tsdb):
    policy = SimpleNamespace(device_days=30, raw_samples_days=7, rollup_days=400)
    counts = retention.purge(tsdb, policy, now=dt.datetime(2026, 11, 2, tzinfo=UTC))
    # nothing was old enough: the chunk drops report 0 rows, as plain mode's DELETEs do
    assert counts["ap_sample"] == 0 and counts["ap_hourly"] == 0
    jobs = _policies(tsdb)
    assert jobs[("policy_retention", "ap_sample")][1]["drop_after"] == "7 days"
    assert jobs[("policy_retention", "portal_event")][1]["drop_after"] == "30 days"
    assert jobs[("policy_retention", "ap_hourly")][1]["drop_after"] == "400 days"
    before = {k: v[0] for k, v in jobs.items()}
    assert retention.purge(tsdb, policy) is not None
    # policies are kept, not duplicated or re-created (same job ids, so their history survives)
    assert {k: v[0] for k, v in _policies(tsdb).items()} == before


def test_purge_drops_old_chunks_and_reports_their_rows(tsdb):
    tsdb.execute("INSERT INTO site (name) VALUES ('s')")
    tsdb.execute("INSERT INTO ap (site_id, name) VALUES (1, 'a')")
    # the purge's "now" lies ahead of the clock: the retention policies just set (which the
    # background scheduler may run at once, relative to the clock) leave these rows alone
    now = tsdb.execute("SELECT now()").fetchone()[0] + dt.timedelta(days=200)
    old, recent = now - dt.timedelta(days=100), now - dt.timedelta(days=2)
    tsdb.execute("INSERT INTO ap_sample (time, ap_id, reachable, clients) SELECT t, 1, true, 3"
                 " FROM generate_series(%s::timestamptz, %s::timestamptz + interval '59 minutes', interval '1 minute') t",
                 (old, old))
    tsdb.execute("INSERT INTO ap_sample (time, ap_id, reachable, clients) VALUES (%s, 1, true, 4)", (recent,))
    counts = retention.purge(tsdb, SimpleNamespace(device_days=395, raw_samples_days=90, rollup_days=1830), now=now)
    assert counts["ap_sample"] == 60
    assert tsdb.execute("SELECT count(*) FROM ap_sample").fetchone()[0] == 1


def test_policy_descriptions_name_their_intervals():
    # what `kunang db upgrade` and the collector log when they set a policy (no server needed)
    refresh = [p.describe() for p in timescale.desired_policies(
        SimpleNamespace(device_days=395, raw_samples_days=3, rollup_days=1830), 1)
        if p.proc == "policy_refresh_continuous_aggregate"]
    assert refresh[0] == "policy_refresh_continuous_aggregate on ap_hourly (start_offset 70 hours, end_offset 1 hour)"
    compress = timescale.Policy("policy_compression", "ap_sample", (("compress_after", dt.timedelta(days=1)),))
    assert compress.describe() == "policy_compression on ap_sample (compress_after 1 day)"
    odd = timescale.Policy("policy_retention", "ap_sample", (("drop_after", dt.timedelta(minutes=90)),))
    assert odd.describe() == "policy_retention on ap_sample (drop_after 1:30:00)"


def test_policies_follow_the_configuration_idempotently(tsdb):
    cfg = SimpleNamespace(device_days=395, raw_samples_days=90, rollup_days=1830)
    timescale.apply_policies(tsdb, cfg, 7)
    assert timescale.apply_policies(tsdb, cfg, 7) == []  # nothing differs: nothing touched
    ids = {k: v[0] for k, v in _policies(tsdb).items()}
    changed = timescale.apply_policies(tsdb, SimpleNamespace(device_days=395, raw_samples_days=2, rollup_days=1830), 3)
    jobs = _policies(tsdb)
    # raw retention of 2 days: raw tables' retention, compression capped at 2 days, refresh window inside it
    assert len(changed) == 4 + 4 + 2, changed
    assert jobs[("policy_retention", "if_sample")][1]["drop_after"] == "2 days"
    assert jobs[("policy_compression", "ap_sample")][1]["compress_after"] == "2 days"
    assert jobs[("policy_compression", "ap_radio_sample")][1]["compress_after"] == "2 days"
    assert ("policy_compression", "portal_event") not in jobs
    start = tsdb.execute("SELECT %s::interval", (jobs[("policy_refresh_continuous_aggregate", "ap_hourly")][1]
                                                  ["start_offset"],)).fetchone()[0]
    assert start == dt.timedelta(days=2) - dt.timedelta(hours=2)
    # untouched policies kept their jobs
    assert jobs[("policy_retention", "portal_event")][0] == ids[("policy_retention", "portal_event")]
    assert jobs[("policy_retention", "ap_hourly")][0] == ids[("policy_retention", "ap_hourly")]


def _scheduler_running(conn) -> bool:
    return conn.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                        " AND backend_type = 'TimescaleDB Background Worker Scheduler'").fetchone()[0] > 0


def test_stalled_jobs_run_by_kunang_and_shown_by_db_info(tsdb, pg_dsn):
    tsdb.execute("INSERT INTO site (name) VALUES ('s')")
    tsdb.execute("INSERT INTO ap (site_id, name) VALUES (1, 'a')")
    now = tsdb.execute("SELECT now()").fetchone()[0]
    tsdb.execute("INSERT INTO ap_sample (time, ap_id, reachable, clients) SELECT t, 1, true, (random() * 5)::int"
                 " FROM generate_series(%s::timestamptz - interval '20 days', %s::timestamptz, interval '1 minute') t",
                 (now, now))
    # no background scheduler (as with timescaledb.max_background_workers = 0): jobs that never ran are stalled
    tsdb.execute("SELECT _timescaledb_functions.stop_background_workers()")
    try:
        for _ in range(100):
            if not _scheduler_running(tsdb):
                break
            time.sleep(0.1)
        changed = timescale.apply_policies(tsdb, SimpleNamespace(device_days=395, raw_samples_days=60,
                                                                 rollup_days=1830), 5)
        assert len(changed) >= 4 + 4  # raw retention and compression (at least): new jobs, never run
        ran = timescale.run_stalled_jobs(tsdb)
    finally:
        tsdb.execute("SELECT _timescaledb_functions.start_background_workers()")
    assert ran and all(j["ok"] for j in ran), ran
    assert {j["relation"] for j in ran if j["proc"] == "policy_compression"} == set(timescale.RAW_TABLES)
    assert {j["relation"] for j in ran if j["proc"] == "policy_retention"} >= set(timescale.RAW_TABLES)
    stats = {s["table"]: s for s in timescale.compression_stats(tsdb)}
    assert stats["ap_sample"]["compressed_chunks"] >= 12 and stats["ap_sample"]["ratio"] > 1
    d = info.collect(Database(dsn=pg_dsn, mode="external"))
    size = tsdb.execute("SELECT pg_database_size(current_database())").fetchone()[0]
    assert abs(d["database_bytes"] - size) < size * 0.05
    assert d["database_bytes"] > max(h["bytes"] for h in d["timescaledb"]["hypertables"].values())
    assert {c["view"] for c in d["timescaledb"]["continuous_aggregates"]} == {"ap_hourly", "ssid_hourly"}
    assert d["timescaledb"]["raw_compression_ratio"] > 1
    recorded = [j for j in d["timescaledb"]["jobs"] if j["kunang_run"]]
    assert len(recorded) == len(ran) and all(j["kunang_run"]["ok"] for j in recorded)
    text = info.render(d, "en")
    assert "continuous aggregates:" in text and "ap_hourly" in text and "run by Kunang at" in text
    assert "compression of raw samples:" in text
    assert "dijalankan Kunang pada" in info.render(d, "id")


def test_compression_stats_shape(tsdb):
    stats = timescale.compression_stats(tsdb)
    assert {s["table"] for s in stats} == set(timescale.RAW_TABLES + timescale.DEVICE_HYPERTABLES)


def test_db_upgrade_sets_the_configured_policies_once(tsdb, pg_server, tmp_path):
    name, dsn = _test_database(pg_server)
    try:
        cfg = tmp_path / "kunang.yaml"
        cfg.write_text(f"database:\n  dsn: {json.dumps(dsn)}\n  compress_after_days: 3\n"
                       "retention:\n  raw_samples_days: 30\n")
        cfg.chmod(0o600)
        cmd = [sys.executable, "-m", "collector", "--config", str(cfg), "db", "upgrade"]
        first = subprocess.run(cmd, capture_output=True, text=True, timeout=180, cwd=ROOT)
        assert first.returncode == 0, first.stderr
        assert "timescaledb policy set: policy_retention on ap_sample (drop_after 30 days" in first.stdout
        second = subprocess.run(cmd, capture_output=True, text=True, timeout=180, cwd=ROOT)
        assert second.returncode == 0 and second.stdout.strip() == "database is up to date", second.stdout
        with psycopg.connect(dsn) as conn:
            jobs = _policies(conn)
        assert jobs[("policy_compression", "ap_ssid_sample")][1]["compress_after"] == "3 days"
        assert jobs[("policy_retention", "ap_radio_sample")][1]["drop_after"] == "30 days"
    finally:
        _drop_database(pg_server, name)


def test_concurrent_rollup_refreshes_wait_for_each_other(tsdb, pg_dsn):
    """TimescaleDB refuses a refresh meeting another one; Kunang's refreshes wait (as plain mode's do)
    and retry past the policy's own refresh, so a collector's heartbeat does not fail on it."""
    import threading

    from collector.db import rollups

    tsdb.execute("INSERT INTO site (name) VALUES ('s')")
    tsdb.execute("INSERT INTO ap (site_id, name) VALUES (1, 'a')")
    now = tsdb.execute("SELECT now()").fetchone()[0]
    tsdb.execute("INSERT INTO ap_sample (time, ap_id, reachable, clients) SELECT t, 1, true, 2"
                 " FROM generate_series(%s::timestamptz - interval '2 days', %s::timestamptz, interval '1 minute') t",
                 (now, now))
    job = tsdb.execute("SELECT job_id FROM timescaledb_information.jobs WHERE proc_name ="
                       " 'policy_refresh_continuous_aggregate' AND hypertable_name = 'ap_hourly'").fetchone()[0]
    errors = []

    def kunang():
        try:
            with psycopg.connect(pg_dsn, autocommit=True) as conn:
                for _ in range(3):
                    rollups.refresh(conn, now - dt.timedelta(days=2), now)
        except Exception as exc:  # noqa: BLE001 - the test reports any failure
            errors.append(exc)

    def policy():
        with psycopg.connect(pg_dsn, autocommit=True) as conn:
            for _ in range(3):
                try:
                    conn.execute("CALL run_job(%s)", (job,))
                except psycopg.errors.LockNotAvailable:
                    pass  # the policy's own run may lose, as in the background ("concurrent refresh")

    threads = [threading.Thread(target=kunang) for _ in range(2)] + [threading.Thread(target=policy)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert tsdb.execute("SELECT sum(polls) FROM ap_hourly").fetchone()[0] == 2 * 1440 + 1

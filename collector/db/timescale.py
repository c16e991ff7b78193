"""The only module issuing TimescaleDB-specific calls (policies, compression stats).

Not exercised in CI: TimescaleDB is not installable on the machines this
project builds on (see /work/shared/TIMESCALEDB.md); plain PostgreSQL uses
`kunang_purge` for everything instead.
"""

from __future__ import annotations

import datetime as dt

from psycopg import sql

RAW_TABLES = ("ap_sample", "ap_ssid_sample", "ap_radio_sample", "if_sample")
DEVICE_HYPERTABLES = ("portal_event",)
CONTINUOUS_AGGREGATES = ("ap_hourly", "ssid_hourly")


def is_timescale(conn) -> bool:
    row = conn.execute("SELECT value FROM kunang_meta WHERE key = 'storage_mode'").fetchone()
    return bool(row) and row[0] == "timescaledb"


def _policy(conn, relation: str, keep: dt.timedelta) -> None:
    conn.execute("SELECT remove_retention_policy(%s, if_exists => true)", (relation,))
    conn.execute("SELECT add_retention_policy(%s, drop_after => %s)", (relation, keep))


def apply_retention_policies(conn, *, device_days: int, raw_samples_days: int, rollup_days: int) -> list[str]:
    """(Re)set retention policies from the configuration; returns the relations touched."""
    done = []
    for t in RAW_TABLES:
        _policy(conn, t, dt.timedelta(days=raw_samples_days))
        done.append(t)
    for t in DEVICE_HYPERTABLES:
        _policy(conn, t, dt.timedelta(days=device_days))
        done.append(t)
    for v in CONTINUOUS_AGGREGATES:
        _policy(conn, v, dt.timedelta(days=rollup_days))
        done.append(v)
    return done


def drop_old_chunks(conn, before: dict[str, dt.datetime]) -> dict[str, int]:
    """Drop whole chunks older than each relation's cutoff now; returns rows removed per relation.

    The retention policies do the same in the background, but TimescaleDB 2.28's
    job runner fails every job on PostgreSQL 15.20 ("cannot drop portal"), so the
    daily purge does not rely on them.
    """
    removed = {}
    for rel, cutoff in before.items():
        count = sql.SQL("SELECT count(*) FROM {} WHERE {} < %s").format(
            sql.Identifier(rel), sql.Identifier("bucket" if rel in CONTINUOUS_AGGREGATES else "time"))
        n0 = conn.execute(count, (cutoff,)).fetchone()[0]
        if n0:
            conn.execute("SELECT drop_chunks(%s, older_than => %s)", (rel, cutoff))
            removed[rel] = n0 - conn.execute(count, (cutoff,)).fetchone()[0]
        else:
            removed[rel] = 0
    return removed


def refresh_continuous_aggregates(dsn: str, start: dt.datetime, end: dt.datetime) -> None:
    """CALL refresh_continuous_aggregate outside a transaction (a backfill the policy's window misses).

    A continuous aggregate refreshes only buckets lying wholly inside the window,
    so the window is widened to whole hours (as the plain refresher does).
    """
    import psycopg

    hour = 3600
    lo = dt.datetime.fromtimestamp(start.timestamp() // hour * hour, dt.timezone.utc)
    hi = dt.datetime.fromtimestamp(end.timestamp() // hour * hour + hour, dt.timezone.utc)
    with psycopg.connect(dsn, autocommit=True) as conn:
        for v in CONTINUOUS_AGGREGATES:
            conn.execute("CALL refresh_continuous_aggregate(%s, %s, %s)", (v, lo, hi))


def compression_stats(conn) -> list[dict]:
    """Bytes before/after compression per hypertable (hypertable_compression_stats)."""
    out = []
    for t in RAW_TABLES + DEVICE_HYPERTABLES:
        row = conn.execute(
            sql.SQL("SELECT sum(before_compression_total_bytes), sum(after_compression_total_bytes)"
                    " FROM hypertable_compression_stats({})").format(sql.Literal(t))).fetchone()
        before, after = row if row else (None, None)
        out.append({"table": t, "before_bytes": before, "after_bytes": after,
                    "ratio": (before / after) if before and after else None})
    return out

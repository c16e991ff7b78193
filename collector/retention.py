"""Retention: purge per-device data after retention.device_days, raw samples
after retention.raw_samples_days, aggregates after retention.rollup_days.

On plain PostgreSQL everything is deleted by the SQL function `kunang_purge`
(collector/db/functions/retention.sql).
On TimescaleDB the raw hypertables and continuous aggregates have retention
policies (collector/db/timescale.py; reset here from the configuration) that drop
whole chunks in the background; the purge drops the chunks past the cutoffs
itself as well (background jobs fail on PostgreSQL 15.20) and reports the rows
they held, as plain mode reports its DELETEs. Plain tables are purged by
`kunang_purge` in both modes. Call `purge` once a day (and at startup).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from collector.db import timescale
from collector.db.queries import query


@dataclass(frozen=True)
class Cutoffs:
    device_before: dt.datetime
    raw_before: dt.datetime
    rollup_before: dt.datetime


def cutoffs(retention, now: dt.datetime | None = None) -> Cutoffs:
    """Timestamps before which rows go, from a config RetentionSection (or anything with its fields)."""
    now = now or dt.datetime.now(dt.timezone.utc)
    if now.tzinfo is None:
        raise ValueError("now must carry a time zone")
    return Cutoffs(now - dt.timedelta(days=retention.device_days),
                   now - dt.timedelta(days=retention.raw_samples_days),
                   now - dt.timedelta(days=retention.rollup_days))


def purge(conn, retention, now: dt.datetime | None = None) -> dict[str, int]:
    """Apply retention once; returns {table: rows deleted}. `conn` must be autocommit."""
    c = cutoffs(retention, now)
    tsdb = timescale.is_timescale(conn)
    dropped: dict[str, int] = {}
    if tsdb:
        timescale.apply_policies(conn, retention, compress_after_days=None)
        # whole chunks first: the DELETEs below then touch only the rows of partly old chunks
        cut = {t: c.raw_before for t in timescale.RAW_TABLES}
        cut |= {t: c.device_before for t in timescale.DEVICE_HYPERTABLES}
        cut |= {v: c.rollup_before for v in timescale.CONTINUOUS_AGGREGATES}
        dropped = timescale.drop_old_chunks(conn, cut)
    row = conn.execute(query("purge"),
                       (c.device_before, c.raw_before, c.rollup_before, not tsdb)).fetchone()
    out = {k: int(v) for k, v in row[0].items()}
    out["library_visit_hourly"] = conn.execute(query("purge_library_visits"), {"before": c.rollup_before}).rowcount
    out |= {k: int(v) for k, v in conn.execute(query("purge_probes"), {"before": c.rollup_before}).fetchone()[0].items()}
    for rel, n in dropped.items():
        out[rel] = out.get(rel, 0) + n
    return out

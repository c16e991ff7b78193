"""Late village data counted where it belongs: the rollups and analytics of the days a backfilled
batch's records are from are computed again once the batch is stored.

The collector's regular refresh covers the last two hours only; a village whose link was down for
days delivers records of those days now. `refresh_backfilled` (run by the collector's analytics job
after the regular refresh) takes the batches stored since its last run, and refreshes, once, the
span of their records that lies before the regular window. Figures therefore count by record
time: the monthly report of October counts October's records that arrived in November.
"""

from __future__ import annotations

import datetime as dt
import logging

from collector.db import rollups
from collector.db.queries import query

log = logging.getLogger(__name__)

BATCHES = 5000  # batches looked at per run (a long outage drains over a few runs)


def refresh_backfilled(conn, window_start: dt.datetime) -> tuple[dt.datetime, dt.datetime] | None:
    """Refresh [oldest record, window_start) of the batches stored since the last run; returns that
    span (None: nothing before the window). `conn` in autocommit mode (rollups.refresh needs it)."""
    rows = conn.execute(query("edge_backfill_pending"), {"limit": BATCHES}).fetchall()
    if not rows:
        return None
    lo = min(r[1] for r in rows)
    hi = min(max(r[2] or r[1] for r in rows) + dt.timedelta(hours=1), window_start)
    span = None
    if lo < window_start:
        lo = lo.replace(minute=0, second=0, microsecond=0)
        rollups.refresh(conn, lo, hi)
        conn.execute(query("refresh_analytics"), (lo, hi))
        span = (lo, hi)
        log.info("backfilled village data: analytics refreshed for %s .. %s (%d batches)", lo, hi, len(rows))
    conn.execute(query("edge_backfill_done"), {"ids": [r[0] for r in rows]})
    return span

"""Bring the hourly rollups (ap_hourly, ssid_hourly) up to date, in either storage mode.

Plain PostgreSQL: they are tables recomputed by the SQL function
`kunang_refresh_rollups`. TimescaleDB: they are continuous aggregates, refreshed
with `CALL refresh_continuous_aggregate`, which cannot run inside a transaction;
hence `conn` must be in autocommit mode (in both modes, so callers need not know).
"""

from __future__ import annotations

import datetime as dt

from collector.db import timescale
from collector.db.queries import query


def refresh(conn, start: dt.datetime, end: dt.datetime) -> None:
    """Recompute every hour bucket overlapping [start, end)."""
    if not conn.autocommit:
        raise ValueError("rollups.refresh needs an autocommit connection")
    if timescale.is_timescale(conn):
        timescale.refresh_continuous_aggregates(conn, start, end)
    else:
        conn.execute(query("refresh_rollups"), (start, end))

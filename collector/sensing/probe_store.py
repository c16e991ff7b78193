"""Storing probe sightings and summing them (the SQL is in collector/db/functions/probes.sql).

`ProbeStore(pool).write(records)` is the probe sensor's store (as `LanStore` is the LAN sensor's);
`store` adds a batch of `ProbeSighting`s in one transaction and returns how many were stored and how
many were refused (a site not in the database, or a day already summed and deleted); `refresh` runs
kunang_refresh_probes, which the collector's heartbeat calls after the analytics refresh.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import asdict

from collector.db.queries import query
from collector.sensing.probes import ProbeSighting

UTC = dt.timezone.utc
log = logging.getLogger(__name__)


def _ts(t: float | None) -> dt.datetime | None:
    return None if t is None else dt.datetime.fromtimestamp(t, UTC)


def store(conn, sightings: list[ProbeSighting], *, now: float | None = None) -> tuple[int, int]:
    """Add sightings (psycopg connection); `now` is the clock the lateness rule uses (replays pass theirs)."""
    if not sightings:
        return 0, 0
    at = _ts(time.time() if now is None else now)
    sql = query("add_probe_sighting")
    stored = 0
    with conn.transaction(), conn.cursor() as cur:
        for s in sightings:
            row = asdict(s)
            row.update(hour=_ts(s.hour), first_strong=_ts(s.first_strong), last_strong=_ts(s.last_strong), now=at)
            cur.execute(sql, row)
            stored += bool(cur.fetchone()[0])
    return stored, len(sightings) - stored


def refresh(conn, now: dt.datetime | None = None) -> int:
    """Sum the sightings into probe_hourly/probe_daily; returns the sightings deleted (days over)."""
    with conn.transaction():
        return conn.execute(query("refresh_probes"), {"now": now or dt.datetime.now(UTC)}).fetchone()[0]


class ProbeStore:
    """Probe sightings into probe_sighting; the collector's analytics refresh sums them."""

    def __init__(self, pool):
        self.pool = pool

    def write(self, records: list) -> None:
        with self.pool.connection() as conn:
            stored, refused = store(conn, records)
        if refused:
            log.warning("sensing: %d probe sighting(s) refused (site unknown or day already summed)", refused)

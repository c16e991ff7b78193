"""The PostgreSQL side: replace a window of hourly aggregates atomically, and
record the source's state (SQL in `collector/db/sql/`)."""

from __future__ import annotations

import datetime as dt
import psycopg

from collector.db.queries import query as _sql
from collector.inlislite.aggregate import Aggregates


def site_ids(conn: psycopg.Connection) -> dict[str, int]:
    return {name: sid for sid, name in conn.execute(_sql("site_ids"))}


def ensure_sites(conn: psycopg.Connection, cfg, names) -> None:
    """Sites a pull writes to exist even before the collector first synced its
    inventory (a backfill on a fresh database); the collector fills the rest."""
    zones = {s.name: s.timezone for s in cfg.sites}
    with conn.transaction():
        for n in names:
            conn.execute(_sql("ensure_site"), (n, zones.get(n, "Asia/Makassar")))


def replace_window(conn: psycopg.Connection, agg: Aggregates, sites: list[str], start: dt.datetime,
                   end: dt.datetime, *, source: str = "inlislite") -> int:
    """Make [start, end) of `sites` hold exactly `agg` (one transaction).
    Returns the rows written."""
    ids = site_ids(conn)
    missing = [s for s in sites if s not in ids]
    if missing:
        raise KeyError(f"site(s) not in the database: {', '.join(missing)}")
    rows = [(ids[site], hour, dim, cat, n, source)
            for (site, hour, dim, cat), n in sorted(agg.counts.items()) if n > 0 and start <= hour < end
            and site in sites]
    with conn.transaction():
        conn.execute(_sql("delete_library_visits"), {"sites": [ids[s] for s in sites], "start": start, "end": end})
        with conn.cursor() as cur:
            cur.executemany(_sql("insert_library_visit"), rows)
    return len(rows)


def record_state(conn: psycopg.Connection, state: str, detail: str | None, now: dt.datetime, *,
                 synced: tuple[dt.datetime, dt.datetime] | None = None, visits: int | None = None,
                 unmapped: int = 0, source: str = "inlislite") -> str | None:
    """Store the source's state; returns the previous state (to log transitions once)."""
    with conn.transaction():
        row = conn.execute(_sql("lock_library_visit_source"), (source,)).fetchone()
        conn.execute(_sql("upsert_library_visit_source"), {
            "source": source, "state": state, "detail": detail, "now": now,
            "from": synced[0] if synced else None, "until": synced[1] if synced else None,
            "visits": visits, "unmapped": unmapped})
    return row[0] if row else None

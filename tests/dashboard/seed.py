"""Seed the dashboard tests' database (tests/dashboard/seed.sql)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from collector.db import rollups

SEED = Path(__file__).with_name("seed.sql")


def seed(conn, now: dt.datetime | None = None) -> dt.datetime:
    """`conn` must be in autocommit mode."""
    now = now or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    with conn.transaction():
        for statement in SEED.read_text().split(";\n"):
            if statement.strip() and not all(l.startswith("--") or not l.strip() for l in statement.splitlines()):
                conn.execute(statement, {"now": now})
    # after the commit: a TimescaleDB continuous aggregate refreshes outside any transaction
    rollups.refresh(conn, now - dt.timedelta(days=9), now)
    conn.execute("SELECT kunang_refresh_analytics(%s, %s)", (now - dt.timedelta(days=9), now + dt.timedelta(hours=1)))
    return now

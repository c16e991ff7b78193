"""Seed the dashboard tests' database (tests/dashboard/seed.sql)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

SEED = Path(__file__).with_name("seed.sql")


def seed(conn, now: dt.datetime | None = None) -> dt.datetime:
    now = now or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    with conn.transaction():
        for statement in SEED.read_text().split(";\n"):
            if statement.strip() and not all(l.startswith("--") or not l.strip() for l in statement.splitlines()):
                conn.execute(statement, {"now": now})
    return now

"""Named SQL of the alerts package (`collector/alerts/sql/*.sql`)."""

from __future__ import annotations

from pathlib import Path

from collector.db.queries import named_sql

q = named_sql(Path(__file__).with_name("sql"))

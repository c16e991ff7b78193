"""The simulator's few SQL statements, from collector/simulator/sql/*.sql."""

from __future__ import annotations

from pathlib import Path

from collector.db.queries import named_sql

query = named_sql(Path(__file__).with_name("sql"))

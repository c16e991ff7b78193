"""The portal's SQL statements, one file each in `collector/portal/sql/`."""

from __future__ import annotations

from pathlib import Path

from collector.db.queries import named_sql

sql = named_sql(Path(__file__).with_name("sql"))

"""The monthly report's SQL statements, one file each in `dashboard/reports/sql/`."""

from __future__ import annotations

from pathlib import Path

from dashboard.analytics.db import named_sql

SQL_DIR = Path(__file__).with_name("sql")
query = named_sql(SQL_DIR)

"""Running the named queries of `dashboard/analytics/sql/*.sql` (psycopg 3)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any, Callable

from psycopg.rows import dict_row

SQL_DIR = Path(__file__).with_name("sql")


def named_sql(folder: Path) -> Callable[[str], str]:
    """The dashboard's one loader of named SQL: `load(name)` is the text of `folder/name.sql` (UTF-8),
    read once. The analytics layer's (`load_sql`), `dashboard/sql/`'s (`db.sql_text`) and the
    reports' (`reports/queries.query`)."""
    @cache
    def load(name: str) -> str:
        return (folder / f"{name}.sql").read_text(encoding="utf-8")
    return load


load_sql = named_sql(SQL_DIR)


def fetch(conn, name: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Rows of a named query as plain dicts."""
    with conn.cursor(row_factory=dict_row) as cur:
        cur.execute(load_sql(name), params or {})
        return cur.fetchall()


def fetch_one(conn, name: str, params: dict[str, Any] | None = None) -> dict[str, Any] | None:
    rows = fetch(conn, name, params)
    return rows[0] if rows else None


def to_frame(rows: list[dict[str, Any]] | dict[str, Any]):
    """A pandas DataFrame of query-layer rows (pandas imported only here)."""
    import pandas as pd

    if isinstance(rows, dict):
        rows = [rows]
    return pd.DataFrame.from_records(rows)

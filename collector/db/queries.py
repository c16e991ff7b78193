"""Named SQL files of the collector (`collector/db/sql/*.sql`), loaded once."""

from __future__ import annotations

from functools import cache
from pathlib import Path

SQL_DIR = Path(__file__).with_name("sql")


@cache
def query(name: str) -> str:
    return (SQL_DIR / f"{name}.sql").read_text()

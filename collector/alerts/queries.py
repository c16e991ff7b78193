"""Named SQL of the alerts package (`collector/alerts/sql/*.sql`)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

SQL_DIR = Path(__file__).with_name("sql")


@cache
def q(name: str) -> str:
    return (SQL_DIR / f"{name}.sql").read_text()

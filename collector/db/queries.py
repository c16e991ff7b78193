"""Named SQL statements, one `.sql` file each, read once: the collector's (`collector/db/sql/`,
`query`) and, through `named_sql`, a package's own `sql/` folder (alerts, portal, INLISLite,
simulator). SQL lives in those files only (STYLE.md)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Callable


def named_sql(folder: Path) -> Callable[[str], str]:
    """The loader of `folder`'s statements: `load(name)` is the text of `folder/name.sql`, cached."""
    @cache
    def load(name: str) -> str:
        return (folder / f"{name}.sql").read_text(encoding="utf-8")
    return load


SQL_DIR = Path(__file__).with_name("sql")
query = named_sql(SQL_DIR)

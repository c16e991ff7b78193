"""A report table's cell: its display text (PDF, in the report's language) and its raw value and number
format (XLSX, CSV). The one cell type of `tables.py` and of the sections' own tables (`footfall.py`,
`library.py`), which `tables.py` gathers: so they import this, never `tables.py`. Pure."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.reports import texts


@dataclass(frozen=True)
class Cell:
    text: str
    value: object = None  # raw value for XLSX/CSV (None = empty)
    numeric: bool = False
    fmt: str | None = None  # Excel number format

    @classmethod
    def head(cls, key: str, lang: str) -> "Cell":
        text = texts.t(key, lang)
        return cls(text, text)


def num(v, lang, digits=0) -> Cell:
    """A number, grouped in the report's language, `digits` after the decimal sign."""
    return Cell(texts.num(v, lang, digits), v, True, "#,##0" + ("." + "0" * digits if digits else ""))

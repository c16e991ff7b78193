"""One entry point for every output format."""

from __future__ import annotations

import re
import unicodedata

from dashboard.reports.model import ReportModel

FORMATS = ("pdf", "xlsx", "csv")
EXTENSIONS = {"pdf": "pdf", "xlsx": "xlsx", "csv": "csv.zip"}


def render(model: ReportModel, fmt: str, lang: str) -> bytes:
    if fmt == "pdf":
        from dashboard.reports.pdf import render_pdf
        return render_pdf(model, lang)
    if fmt == "xlsx":
        from dashboard.reports.xlsx import render_xlsx
        return render_xlsx(model, lang)
    if fmt == "csv":
        from dashboard.reports.csvout import render_csv_zip
        return render_csv_zip(model, lang)
    raise ValueError(f"unknown format {fmt!r} (use pdf, xlsx or csv)")


def slug(name: str) -> str:
    ascii_ = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-") or "report"


def filename(model: ReportModel, fmt: str, lang: str) -> str:
    """e.g. `kunang-2026-10-perpustakaan-desa-sukamulia-id.pdf`, `kunang-2026-10-district-en.xlsx`."""
    who = slug(model.name) if model.scope == "site" else "district"
    return f"kunang-{model.month}-{who}-{lang}.{EXTENSIONS[fmt]}"

"""CSV of the tables: a ZIP archive with one UTF-8 CSV file per table (raw
values, ISO dates, shares as fractions), readable by spreadsheets and scripts."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

from dashboard.reports import texts
from dashboard.reports.model import ReportModel
from dashboard.reports.tables import table_rows, tables_for

# fixed 1980-01-01 timestamps keep the archive byte-identical for identical reports
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _raw(v) -> str:
    if v is None:
        return ""
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    if isinstance(v, float):
        return repr(round(v, 6))
    return str(v)


def table_csv(name: str, model: ReportModel, lang: str) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    for row in table_rows(name, model, lang):
        w.writerow([_raw(c.value) for c in row])
    return out.getvalue()


def render_csv_zip(model: ReportModel, lang: str) -> bytes:
    buf = io.BytesIO()
    prefix = f"{model.month}"
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name in tables_for(model):
            info = zipfile.ZipInfo(f"{prefix}_{name}.csv", _ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, "\ufeff" + table_csv(name, model, lang))
        info = zipfile.ZipInfo(f"{prefix}_about.txt", _ZIP_TIME)
        about = [texts.t("title", lang), model.name, texts.month_name(model.month, lang), model.organisation]
        z.writestr(info, "\r\n".join(about) + "\r\n")
    return buf.getvalue()

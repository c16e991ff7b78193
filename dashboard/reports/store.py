"""Generated reports in the database (table `report_file`, migration 0050).

For the dashboard's Reports page: `list_reports(conn)` and `report_file(conn, id)`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

import psycopg
from psycopg.rows import dict_row

from dashboard.periods import Month
from dashboard.reports.builder import query

MEDIA_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "application/zip",
}


@dataclass(frozen=True)
class StoredReport:
    id: int
    month: dt.date
    scope: str  # site | district
    site_id: int | None
    name: str
    format: str  # pdf | xlsx | csv
    language: str  # id | en
    filename: str
    size_bytes: int
    sha256: str
    created_at: dt.datetime
    emailed_at: dt.datetime | None
    recipients: list[str]


def save_report(conn: psycopg.Connection, *, month: Month, scope: str, site_id: int | None, name: str, fmt: str,
                lang: str, filename: str, content: bytes, path: str | None = None) -> tuple[int, dt.datetime | None]:
    """Insert or replace; returns (id, emailed_at) (emailed_at kept only when the content is unchanged)."""
    row = conn.execute(query("report_save"), {
        "month": month.first, "scope": scope, "site_id": site_id, "name": name, "format": fmt, "language": lang,
        "filename": filename, "path": path, "content": content, "size_bytes": len(content),
        "sha256": hashlib.sha256(content).hexdigest(),
    }).fetchone()
    return row[0], row[1]


def list_reports(conn: psycopg.Connection, month: Month | None = None, limit: int = 500) -> list[StoredReport]:
    """Generated reports, newest month first, without their content."""
    with conn.cursor(row_factory=dict_row) as cur:
        cur.execute(query("report_list"), {"month": month.first if month else None, "limit": limit})
        return [StoredReport(**r) for r in cur.fetchall()]


def report_file(conn: psycopg.Connection, report_id: int) -> tuple[str, str, bytes] | None:
    """(filename, media type, content) of a generated report, or None."""
    row = conn.execute(query("report_file"), {"id": report_id}).fetchone()
    if row is None:
        return None
    filename, fmt, content = row
    return filename, MEDIA_TYPES[fmt], bytes(content)


def mark_emailed(conn: psycopg.Connection, ids: list[int], recipients: list[str], at: dt.datetime) -> None:
    conn.execute(query("report_emailed"), {"ids": ids, "recipients": recipients, "at": at})

"""Reports page: an administrator generates a report (the reports package's
generator) and downloads it through the dashboard; the list shows it."""

from __future__ import annotations

import psycopg

from tests.dashboard.conftest import login


def generate_payload(month: str, fmt: str) -> dict:
    return {
        "output": "report-result.children", "outputs": {"id": "report-result", "property": "children"},
        "inputs": [{"id": "report-generate", "property": "n_clicks", "value": 1}],
        "state": [{"id": "report-month", "property": "value", "value": month},
                  {"id": "report-site", "property": "value", "value": 1},
                  {"id": "report-format", "property": "value", "value": fmt}],
        "changedPropIds": ["report-generate.n_clicks"],
    }


def test_dash006_admin_generates_and_downloads(client, seeded_dsn):
    dsn, now = seeded_dsn
    month = now.strftime("%Y-%m")
    login(client, "admin")
    try:
        r = client.post("/_dash-update-component", json=generate_payload(month, "xlsx"))
        body = r.get_data(as_text=True)
        assert r.status_code == 200 and "report-done" in body, body[:500]
        with psycopg.connect(dsn) as c:
            rid, name, fmt, lang, size = c.execute(
                "SELECT id, name, format, language, size_bytes FROM report_file").fetchone()
        assert (name, fmt, lang) == ("Perpustakaan Desa Sembalun", "xlsx", "en")  # the admin's language
        r = client.get(f"/reports/file/{rid}")
        assert r.status_code == 200 and len(r.data) == size and r.data[:2] == b"PK"
        assert "attachment" in r.headers["Content-Disposition"] and r.headers["Content-Disposition"].endswith('.xlsx"')
        from dashboard.pages.reports import refresh_reports

        rows, status = refresh_reports({}, 0, None)  # outside a request: language from settings
    finally:
        with psycopg.connect(dsn) as c:
            c.execute("DELETE FROM report_file")
    assert [r["name"] for r in rows] == ["Perpustakaan Desa Sembalun"] and status is None
    assert client.get("/reports/file/999999").status_code == 404

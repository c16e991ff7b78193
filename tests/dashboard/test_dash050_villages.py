"""The district page's villages (issue 19): each village's state by the one rule (ok / late / silent,
kunang_edge_status), last contact, hours behind, dropped and rejected counts, backfilled data; only
sites reporting through an edge; both languages. Against a database of its own, at a fixed time."""

from __future__ import annotations

import datetime as dt

import pytest

UTC = dt.timezone.utc
NOW = dt.datetime(2026, 3, 10, 4, 0, tzinfo=UTC)  # 12:00 WITA


@pytest.fixture
def villages_db(pg_dsn, db, use_db):
    db.execute("SELECT kunang_configure_district(6, 60)")  # the defaults (kunang_meta outlives each test)
    db.execute("""INSERT INTO site (id, name, grp, key, edge) VALUES
        (1, 'Desa Ok', 'A', 'desa-ok', true), (2, 'Desa Late', 'A', 'desa-late', true),
        (3, 'Desa Silent', 'B', 'desa-silent', true), (4, 'Desa Never', 'B', 'desa-never', true),
        (5, 'Kota', 'A', 'kota', false)""")
    db.execute("INSERT INTO edge_link (site_id) VALUES (4)")  # configured, never reported
    hb = "SELECT kunang_edge_heartbeat(%s, 'e', %s, %s, 0, %s, %s)"
    db.execute(hb, ("desa-ok", None, 0, 0, NOW - dt.timedelta(minutes=5)))
    db.execute(hb, ("desa-late", NOW - dt.timedelta(hours=30), 9000, 120, NOW - dt.timedelta(minutes=2)))
    db.execute(hb, ("desa-silent", NOW - dt.timedelta(hours=8), 50, 0, NOW - dt.timedelta(hours=7)))
    db.execute("SELECT kunang_edge_rejected('desa-ok', 3)")
    # desa-late drains: 2,000 records of yesterday received now (backfilled); one batch on time
    db.execute("SELECT kunang_edge_batch('desa-late', 'l1', %s, %s, 2000, %s)",
               (NOW - dt.timedelta(hours=30), NOW - dt.timedelta(hours=29), NOW - dt.timedelta(minutes=2)))
    db.execute("SELECT kunang_edge_batch('desa-ok', 'o1', %s, %s, 40, %s)",
               (NOW - dt.timedelta(minutes=7), NOW - dt.timedelta(minutes=6), NOW - dt.timedelta(minutes=5)))
    use_db(pg_dsn)
    return db


def test_village_states_and_figures(villages_db):
    from dashboard.pages import district

    style, status, help_text, rows = district.villages_section(None, "en", now=NOW)
    assert style == {}
    by = {r["site"]: r for r in rows}
    assert list(by) == ["Desa Never", "Desa Silent", "Desa Late", "Desa Ok"]  # silent first, then late
    assert "Kota" not in by  # not an edge site
    assert {k: r["status"] for k, r in by.items()} == {
        "Desa Never": "silent", "Desa Silent": "silent", "Desa Late": "late", "Desa Ok": "ok"}
    assert by["Desa Late"]["behind"] == 30.0 and by["Desa Late"]["waiting"] == 9000
    assert by["Desa Late"]["dropped"] == 120
    assert by["Desa Late"]["backfilled"].startswith("backfilled: 2,000 (last 10 Mar 2026")
    assert by["Desa Ok"]["backfilled"] == "–" and by["Desa Ok"]["rejected"] == 3 and by["Desa Ok"]["behind"] == 0.0
    assert by["Desa Silent"]["behind"] == 8.0  # the spool's oldest record, from its last heartbeat
    assert by["Desa Silent"]["last_contact"].endswith("(7h 0m ago)"), by["Desa Silent"]["last_contact"]
    assert by["Desa Never"]["last_contact"] == "–"
    assert status.children == "Not reporting: Desa Never, Desa Silent"
    assert "more than 60 minutes" in help_text

    _, status_id, help_id, rows_id = district.villages_section("A", "id", now=NOW)
    assert [r["site"] for r in rows_id] == ["Desa Late", "Desa Ok"]  # the group filter
    assert [r["status_label"] for r in rows_id] == ["terlambat", "baik"]
    assert rows_id[0]["backfilled"].startswith("susulan: 2.000 (terakhir 10 Mar 2026")
    assert status_id.children == "Semua desa melapor." and "lebih dari 60 menit" in help_id

    # the thresholds are settings (kunang_configure_district, from kunang.yaml at the collector's start)
    villages_db.execute("SELECT kunang_configure_district(8, 2000)")
    try:
        _, _, help2, rows2 = district.villages_section(None, "en", now=NOW)
    finally:
        villages_db.execute("SELECT kunang_configure_district(6, 60)")  # kunang_meta outlives the test
    assert {r["site"]: r["status"] for r in rows2}["Desa Silent"] == "ok"  # 7 h < 8 h
    assert {r["site"]: r["status"] for r in rows2}["Desa Late"] == "ok"  # 30 h < 2,000 min
    assert "more than 2000 minutes" in help2 and {r["site"]: r for r in rows2}["Desa Late"]["backfilled"] == "–"


def test_no_villages_no_table(pg_dsn, db, use_db):
    from dashboard.pages import district

    db.execute("INSERT INTO site (id, name) VALUES (1, 'Kota')")
    use_db(pg_dsn)
    assert district.villages_section(None, "en", now=NOW) == ({"display": "none"}, None, "", [])

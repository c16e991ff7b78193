"""The INLISLite guest book on a real MariaDB: aggregates reach Kunang's store,
nothing personal does, faults are states, a missing column is named."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import psycopg
import pytest

from collector.config.model import Config
from collector.inlislite import schema, sync
from tests.inlislite.conftest import add_group, add_individual

WITA = dt.timezone(dt.timedelta(hours=8))
DAY = dt.datetime(2026, 11, 24, 0, 0)  # a Tuesday, local time
NOW = dt.datetime(2026, 11, 25, 4, 0, tzinfo=dt.timezone.utc)  # 12:00 local the day after


def config(dsn: str, **extra) -> Config:
    return Config.model_validate({
        "sites": [{"name": "desa-sembalun", "timezone": "Asia/Makassar"},
                  {"name": "desa-aikmel", "timezone": "Asia/Makassar"}],
        "inlislite": {"dsn": dsn, "sites": [{"site": "desa-sembalun", "libraries": ["PERPUSDES-SEMBALUN"]},
                                            {"site": "desa-aikmel", "locations": ["RB-A1"]}], **extra}})


def _sync_sites(db, cfg) -> None:
    for s in cfg.sites:
        db.execute("INSERT INTO site (name, timezone) VALUES (%s, %s) ON CONFLICT (name) DO NOTHING",
                   (s.name, s.timezone))


def _rows(db) -> dict:
    return {(site, hour.astimezone(WITA).strftime("%d %H"), dim, cat): n for site, hour, dim, cat, n in db.execute(
        "SELECT s.name, v.hour, v.dimension, v.category, v.visits FROM library_visit_hourly v"
        " JOIN site s ON s.id = v.site_id")}


def test_pull_stores_hourly_aggregates_by_every_dimension(inlis, db, pg_dsn):
    server, name = inlis
    at9, at14 = DAY.replace(hour=9, minute=12), DAY.replace(hour=14, minute=40)
    add_individual(server, name, at9, 1, 3, 2, 1, 3, n=3)        # 3 pupils studying, female, SMA, at RB-S1
    add_individual(server, name, at9.replace(minute=50), 2, 4, 1, 4, 4)  # an entrepreneur for the internet at RB-S2
    add_individual(server, name, at14, 3, 2, 2, 3, 4)            # a civil servant borrowing, at Aikmel
    add_individual(server, name, at14, 4, 1, 1, 5, 1, n=2)       # RB-X: mapped by no site
    add_individual(server, name, at14, 1, None, None, None, None)  # an incomplete guest-book row
    add_group(server, name, at9, 1, 1, CountPersonel=20, CountLaki=9, CountPerempuan=11, CountPelajar=18,
              CountGuru=2, CountSD=18, CountS1=2)
    cfg = config(server.dsn(name))
    _sync_sites(db, cfg)
    res = sync.pull(cfg, pg_dsn, NOW)
    assert (res.state, res.visits, res.unmapped) == ("ok", 3 + 1 + 1 + 1 + 20, 2), res.detail
    got = _rows(db)
    s, a = "desa-sembalun", "desa-aikmel"
    assert got[(s, "24 09", "kind", "individual")] == 4 and got[(s, "24 09", "kind", "group")] == 20
    assert got[(s, "24 09", "purpose", "Belajar / mengerjakan tugas")] == 3
    assert got[(s, "24 09", "purpose", "Internet / Wi-Fi")] == 1 and got[(s, "24 09", "purpose", "Membaca")] == 20
    assert got[(s, "24 09", "gender", "female")] == 3 + 11 and got[(s, "24 09", "gender", "male")] == 1 + 9
    assert got[(s, "24 09", "profession", "pupil")] == 3 + 18 and got[(s, "24 09", "profession", "teacher")] == 2
    assert got[(s, "24 09", "education", "sma")] == 3 and got[(s, "24 09", "education", "sd")] == 18
    assert got[(s, "24 14", "kind", "individual")] == 1 and got[(s, "24 14", "purpose", "unknown")] == 1
    assert got[(a, "24 14", "profession", "civil_servant")] == 1 and got[(a, "24 14", "education", "s1")] == 1
    for site in (s, a):  # every dimension of an hour adds up to the hour's visits
        for hour in {k[1] for k in got if k[0] == site}:
            totals = {d: sum(n for k, n in got.items() if k[:3] == (site, hour, d)) for d in
                      ("kind", "purpose", "gender", "profession", "education")}
            assert len(set(totals.values())) == 1, totals
    # the hours are UTC instants of the library's local hours
    assert db.execute("SELECT min(hour) FROM library_visit_hourly").fetchone()[0] == \
        dt.datetime(2026, 11, 24, 1, 0, tzinfo=dt.timezone.utc)
    state = db.execute("SELECT state, unmapped, detail FROM library_visit_source").fetchone()
    assert state[0] == "ok" and state[1] == 2 and "4" in state[2]


def test_a_pull_replaces_its_window_so_corrections_and_deletions_show(inlis, db, pg_dsn):
    server, name = inlis
    add_individual(server, name, DAY.replace(hour=10), 1, 1, 1, 1, 1, n=5)
    cfg = config(server.dsn(name))
    _sync_sites(db, cfg)
    assert sync.pull(cfg, pg_dsn, NOW).visits == 5
    with server.connect(name) as conn, conn.cursor() as cur:
        cur.execute("DELETE FROM memberguesses LIMIT 2")
    assert sync.pull(cfg, pg_dsn, NOW).visits == 3
    assert _rows(db)[("desa-sembalun", "24 10", "kind", "individual")] == 3


def test_no_personal_field_is_selected_or_stored(inlis, db, pg_dsn):
    sql_dir = Path(sync.__file__).with_name("sql")
    allowed = {"m": {c.lower() for c in schema.REQUIRED["memberguesses"]},
               "g": {c.lower() for c in schema.REQUIRED["groupguesses"]}}
    for path in sql_dir.glob("*.sql"):
        text = re.sub(r"--.*", "", path.read_text())
        for alias, cols in allowed.items():
            used = {c.lower() for c in re.findall(rf"\b{alias}\.(\w+)", text)}
            assert used <= cols, (path.name, used - cols)
        for personal in schema.PERSONAL:
            assert not re.search(rf"\b(m|g)\.{personal}\b", text), (path.name, personal)
    server, name = inlis
    add_individual(server, name, DAY.replace(hour=11), 1, 1, 1, 1, 1, n=2)
    add_group(server, name, DAY.replace(hour=11), 1, 2, CountPersonel=4)
    cfg = config(server.dsn(name))
    _sync_sites(db, cfg)
    assert sync.pull(cfg, pg_dsn, NOW).state == "ok"
    columns = {r[0] for r in db.execute("SELECT column_name FROM information_schema.columns"
                                        " WHERE table_name IN ('library_visit_hourly', 'library_visit_source')")}
    assert not columns & {"name", "nama", "address", "alamat", "member", "noanggota", "nopengunjung"}
    text = " ".join(str(v) for row in db.execute("SELECT * FROM library_visit_hourly") for v in row)
    for needle in ("Pengunjung Contoh", "Jalan", "AG-0", "V0000", "Ketua", "SDN 1", "0812"):
        assert needle not in text


def test_a_missing_column_is_a_clear_error_and_a_state(inlis, db, pg_dsn, capsys):
    server, name = inlis
    with server.connect(name) as conn, conn.cursor() as cur:
        cur.execute("ALTER TABLE memberguesses DROP COLUMN TujuanKunjungan_Id")
    cfg = config(server.dsn(name))
    _sync_sites(db, cfg)
    res = sync.pull(cfg, pg_dsn, NOW)
    assert res.state == "schema_error" and "memberguesses.TujuanKunjungan_Id" in res.detail
    state, detail = db.execute("SELECT state, detail FROM library_visit_source").fetchone()
    assert state == "schema_error" and "memberguesses.TujuanKunjungan_Id" in detail


def test_unreachable_inlislite_is_a_state_not_a_crash(db, pg_dsn, caplog):
    from tests.mariadb import free_port

    cfg = config(f"mysql://root:x@127.0.0.1:{free_port()}/inlislite", connect_timeout_s=2)
    _sync_sites(db, cfg)
    for _ in range(2):
        res = sync.pull(cfg, pg_dsn, NOW)
        assert res.state == "unreachable" and "not reachable" in res.detail
    assert db.execute("SELECT state FROM library_visit_source").fetchone()[0] == "unreachable"
    assert sum("INLISLite guest book" in r.getMessage() for r in caplog.records) == 1  # logged once


def test_library_visits_follow_the_aggregates_retention(db):
    from collector import retention
    from collector.config.model import RetentionSection

    sid = db.execute("INSERT INTO site (name) VALUES ('desa-sembalun') RETURNING id").fetchone()[0]
    for when in ("2020-01-06 02:00+00", "2026-11-24 02:00+00"):
        db.execute("INSERT INTO library_visit_hourly (site_id, hour, dimension, category, visits)"
                   " VALUES (%s, %s, 'kind', 'individual', 3)", (sid, when))
    deleted = retention.purge(db, RetentionSection(rollup_days=365), NOW)
    assert deleted["library_visit_hourly"] == 1
    assert db.execute("SELECT count(*) FROM library_visit_hourly").fetchone()[0] == 1

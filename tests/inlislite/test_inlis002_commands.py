"""`kunang visits import` (database backfill, CSV export), `kunang collect --once`
with an INLISLite source, and a MariaDB the test starts itself."""

from __future__ import annotations

import datetime as dt

import yaml

from collector.cli import main
from tests import mariadb
from tests.inlislite.conftest import SCHEMA, add_group, add_individual


def write_config(tmp_path, pg_dsn: str, inlis_dsn: str | None) -> str:
    cfg = {"database": {"dsn": pg_dsn},
           "sites": [{"name": "desa-sembalun", "timezone": "Asia/Makassar"},
                     {"name": "desa-aikmel", "timezone": "Asia/Makassar"}]}
    if inlis_dsn:
        cfg["inlislite"] = {"dsn": inlis_dsn, "sites": [
            {"site": "desa-sembalun", "libraries": ["PERPUSDES-SEMBALUN"]},
            {"site": "desa-aikmel", "libraries": ["PERPUSDES-AIKMEL"]}]}
    path = tmp_path / "kunang.yaml"
    path.write_text(yaml.safe_dump(cfg))
    return str(path)


def _visits(db, site: str) -> int:
    return db.execute("SELECT coalesce(sum(visits), 0) FROM library_visit_hourly v JOIN site s ON s.id = v.site_id"
                      " WHERE s.name = %s AND dimension = 'kind'", (site,)).fetchone()[0]


def test_backfill_by_month_and_status(inlis, db, pg_dsn, tmp_path, capsys):
    server, name = inlis
    for month in (8, 9, 10):
        add_individual(server, name, dt.datetime(2026, month, 15, 10), 1, 1, 1, 1, 1, n=month)
    add_group(server, name, dt.datetime(2026, 10, 2, 9), 3, 1, CountPersonel=12)
    cfg = write_config(tmp_path, pg_dsn, server.dsn(name))
    assert main(["-c", cfg, "visits", "import", "--from", "2026-08-01", "--to", "2026-10-31"]) == 0
    out = capsys.readouterr()
    assert "imported 39 visit(s)" in out.out and "2026-09-01 .. 2026-09-30: 9 visit(s)" in out.err
    assert _visits(db, "desa-sembalun") == 27 and _visits(db, "desa-aikmel") == 12
    assert main(["-c", cfg, "visits", "status"]) == 0
    assert "inlislite: ok" in capsys.readouterr().out


def test_backfill_names_a_missing_column(inlis, db, pg_dsn, tmp_path, capsys):
    server, name = inlis
    with server.connect(name) as conn, conn.cursor() as cur:
        cur.execute("ALTER TABLE groupguesses DROP COLUMN CountLaki")
    cfg = write_config(tmp_path, pg_dsn, server.dsn(name))
    assert main(["-c", cfg, "visits", "import", "--from", "2026-10-01", "--to", "2026-10-02"]) != 0
    assert "groupguesses.CountLaki" in capsys.readouterr().err


def test_csv_export_import(db, pg_dsn, tmp_path, capsys):
    f = tmp_path / "bukutamu.csv"
    f.write_text("No;Nama;Alamat;Tanggal;Lokasi;Tujuan Kunjungan;Jenis Kelamin;Pekerjaan;Pendidikan;Jenis;Jumlah\n"
                 "1;Siti;Jl. Mawar 1;24/11/2026 09:15;RB-S1;Membaca;Perempuan;Pelajar;SMP;;\n"
                 "2;Budi;Jl. Melati 2;24/11/2026 09:40;RB-S1;Belajar;Laki-laki;Mahasiswa;SMA;;\n"
                 "3;Rombongan SDN 2;Jl. Sekolah;24/11/2026 10:05;RB-S1;Membaca;;;;rombongan;25\n"
                 "4;Ani;Jl. Kenanga;25/11/2026 08:30;RB-ZZ;Membaca;Perempuan;Guru;S1;;\n")
    cfg = write_config(tmp_path, pg_dsn, None)
    assert main(["-c", cfg, "visits", "import", "--csv", str(f), "--site", "desa-sembalun"]) == 0
    assert "imported 28 visit(s) for desa-sembalun" in capsys.readouterr().out
    assert _visits(db, "desa-sembalun") == 28
    assert db.execute("SELECT visits FROM library_visit_hourly WHERE dimension = 'kind' AND category = 'group'"
                      ).fetchone()[0] == 25
    text = " ".join(str(v) for row in db.execute("SELECT * FROM library_visit_hourly") for v in row)
    assert "Siti" not in text and "Mawar" not in text


def test_collect_once_pulls_the_guest_book(inlis, db, pg_dsn, tmp_path, capsys):
    server, name = inlis
    today = dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).replace(tzinfo=None, minute=0, second=0)
    add_individual(server, name, today.replace(hour=0), 1, 2, 2, 1, 2, n=4)
    cfg = write_config(tmp_path, pg_dsn, server.dsn(name))
    assert main(["-c", cfg, "collect", "--once"]) == 0
    assert _visits(db, "desa-sembalun") == 4


def test_own_mariadb_server_when_none_runs(db, pg_dsn):
    """What a user's machine does: no MariaDB, so the test starts one on a free port."""
    from collector.config.model import Config
    from collector.inlislite import sync

    own = mariadb.OwnServer()
    try:
        name = mariadb.create_database(own.server, SCHEMA)
        with own.server.connect(name) as conn, conn.cursor() as cur:
            cur.execute("INSERT INTO location_library (ID, Code, Name) VALUES (1, 'L1', 'Perpustakaan')")
            cur.execute("INSERT INTO locations (ID, Code, Name, LocationLibrary_id) VALUES (7, 'R1', 'Ruang', 1)")
        add_individual(own.server, name, dt.datetime(2026, 11, 24, 10), 7, None, None, None, None, n=6)
        cfg = Config.model_validate({"sites": [{"name": "desa-sembalun"}], "inlislite": {
            "dsn": own.server.dsn(name), "sites": [{"site": "desa-sembalun", "libraries": ["L1"]}]}})
        now = dt.datetime(2026, 11, 24, 8, tzinfo=dt.timezone.utc)
        assert sync.pull(cfg, pg_dsn, now).visits == 6
        own.stop()  # the server goes away: a state, not a crash
        res = sync.pull(cfg, pg_dsn, now)
        assert res.state == "unreachable"
    finally:
        own.close()

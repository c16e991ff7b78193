"""A real MariaDB holding an INLISLite-shaped guest book with synthetic rows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests import mariadb

SCHEMA = (Path(__file__).resolve().parent.parent / "fixtures" / "inlislite" / "schema.sql").read_text()

# master data as an INLISLite installation might hold it
PURPOSES = [(1, "BACA", "Membaca"), (2, "PINJAM", "Meminjam buku"), (3, "BELAJAR", "Belajar / mengerjakan tugas"),
            (4, "INTERNET", "Internet / Wi-Fi")]
GENDERS = [(1, "Laki-laki"), (2, "Perempuan")]
PROFESSIONS = [(1, "Pelajar"), (2, "Mahasiswa"), (3, "PNS"), (4, "Wiraswasta"), (5, "Lainnya")]
EDUCATION = [(1, "SD"), (2, "SMP"), (3, "SMA/SMK"), (4, "S1")]
LIBRARIES = [(1, "PERPUSDES-SEMBALUN", "Perpustakaan Desa Sembalun"), (2, "PERPUSDES-AIKMEL", "Perpustakaan Desa Aikmel")]
# (ID, Code, LocationLibrary_id): RB-S2 is mapped by itself, RB-X by nobody
LOCATIONS = [(1, "RB-S1", 1), (2, "RB-S2", 1), (3, "RB-A1", 2), (4, "RB-X", None)]


@pytest.fixture(scope="session")
def mariadb_server():
    server, own = mariadb.server_or_own()
    try:
        yield server
    finally:
        if own is not None:
            own.close()


@pytest.fixture
def inlis(mariadb_server):
    """(server, database name) of a fresh INLISLite-shaped database with master data."""
    name = mariadb.create_database(mariadb_server, SCHEMA)
    with mariadb_server.connect(name) as conn, conn.cursor() as cur:
        cur.executemany("INSERT INTO tujuan_kunjungan (ID, Code, TujuanKunjungan) VALUES (%s, %s, %s)", PURPOSES)
        cur.executemany("INSERT INTO jenis_kelamin (ID, Name) VALUES (%s, %s)", GENDERS)
        cur.executemany("INSERT INTO master_pekerjaan (id, Pekerjaan) VALUES (%s, %s)", PROFESSIONS)
        cur.executemany("INSERT INTO master_pendidikan (id, Nama) VALUES (%s, %s)", EDUCATION)
        cur.executemany("INSERT INTO location_library (ID, Code, Name) VALUES (%s, %s, %s)", LIBRARIES)
        cur.executemany("INSERT INTO locations (ID, Code, Name, LocationLibrary_id) VALUES (%s, %s, %s, %s)",
                        [(i, c, f"Ruang {c}", lib) for i, c, lib in LOCATIONS])
    try:
        yield mariadb_server, name
    finally:
        mariadb.drop_database(mariadb_server, name)


def add_individual(server, db: str, when: dt.datetime, location: int, purpose: int | None, gender: int | None,
                   profession: int | None, education: int | None, n: int = 1) -> None:
    """`n` individual guest-book rows, each with a (synthetic) name, address and member number."""
    with server.connect(db) as conn, conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO memberguesses (NoAnggota, Nama, Alamat, NoPengunjung, CreateDate, Location_Id,"
            " TujuanKunjungan_Id, JenisKelamin_id, Profesi_id, PendidikanTerakhir_id)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            [(f"AG-{i:05d}", f"Pengunjung Contoh {i}", f"Jalan Contoh No. {i}", f"V{i:06d}", when, location,
              purpose, gender, profession, education) for i in range(n)])


GROUP_COUNTS = ("CountPersonel", "CountPNS", "CountPSwasta", "CountPeneliti", "CountGuru", "CountDosen",
                "CountPensiunan", "CountTNI", "CountWiraswasta", "CountPelajar", "CountMahasiswa", "CountLainnya",
                "CountSD", "CountSMP", "CountSMA", "CountD1", "CountD2", "CountD3", "CountS1", "CountS2", "CountS3",
                "CountLaki", "CountPerempuan")
INSERT_GROUP = (
    "INSERT INTO groupguesses (NamaKetua, AsalInstansi, AlamatInstansi, NomerTelponKetua, CreateDate, Location_ID,"
    " TujuanKunjungan_ID, CountPersonel, CountPNS, CountPSwasta, CountPeneliti, CountGuru, CountDosen,"
    " CountPensiunan, CountTNI, CountWiraswasta, CountPelajar, CountMahasiswa, CountLainnya, CountSD, CountSMP,"
    " CountSMA, CountD1, CountD2, CountD3, CountS1, CountS2, CountS3, CountLaki, CountPerempuan)"
    " VALUES ('Ketua Rombongan', 'SDN 1 Contoh', 'Jalan Sekolah 1', '0812000000', %(when)s, %(location)s,"
    " %(purpose)s, %(CountPersonel)s, %(CountPNS)s, %(CountPSwasta)s, %(CountPeneliti)s, %(CountGuru)s,"
    " %(CountDosen)s, %(CountPensiunan)s, %(CountTNI)s, %(CountWiraswasta)s, %(CountPelajar)s,"
    " %(CountMahasiswa)s, %(CountLainnya)s, %(CountSD)s, %(CountSMP)s, %(CountSMA)s, %(CountD1)s, %(CountD2)s,"
    " %(CountD3)s, %(CountS1)s, %(CountS2)s, %(CountS3)s, %(CountLaki)s, %(CountPerempuan)s)"
)


def add_group(server, db: str, when: dt.datetime, location: int, purpose: int, **counts) -> None:
    """A group visit; the counts not given stay NULL (as INLISLite leaves them)."""
    unknown = set(counts) - set(GROUP_COUNTS)
    if unknown:
        raise KeyError(f"not a groupguesses count column: {sorted(unknown)}")
    params = {c: counts.get(c) for c in GROUP_COUNTS} | {"when": when, "location": location, "purpose": purpose}
    with server.connect(db) as conn, conn.cursor() as cur:
        cur.execute(INSERT_GROUP, params)

"""The INLISLite tables and columns Kunang reads (facts from INLISLite 3's
models: common/models/base/Memberguesses.php, Groupguesses.php, Locations.php,
LocationLibrary.php, TujuanKunjungan.php, JenisKelamin.php,
MasterPekerjaan.php, MasterPendidikan.php). A database lacking one of them is
a clear error naming it; nothing else of the schema matters."""

from __future__ import annotations

from collector.errors import KunangError

GROUP_PROFESSIONS = ("CountPNS", "CountPSwasta", "CountPeneliti", "CountGuru", "CountDosen", "CountPensiunan",
                     "CountTNI", "CountWiraswasta", "CountPelajar", "CountMahasiswa", "CountLainnya")
GROUP_EDUCATION = ("CountSD", "CountSMP", "CountSMA", "CountD1", "CountD2", "CountD3", "CountS1", "CountS2", "CountS3")

REQUIRED: dict[str, tuple[str, ...]] = {
    "memberguesses": ("CreateDate", "Location_Id", "TujuanKunjungan_Id", "JenisKelamin_id", "Profesi_id",
                      "PendidikanTerakhir_id"),
    "groupguesses": ("CreateDate", "Location_ID", "TujuanKunjungan_ID", "CountPersonel", "CountLaki",
                     "CountPerempuan", *GROUP_PROFESSIONS, *GROUP_EDUCATION),
    "locations": ("ID", "Code", "LocationLibrary_id"),
    "location_library": ("ID", "Code"),
    "tujuan_kunjungan": ("ID", "TujuanKunjungan"),
    "jenis_kelamin": ("ID", "Name"),
    "master_pekerjaan": ("id", "Pekerjaan"),
    "master_pendidikan": ("id", "Nama"),
}

# Columns that hold people's identities. Kunang never selects them; a test
# checks that no query text names one.
PERSONAL = ("Nama", "NoAnggota", "NoPengunjung", "Alamat", "NamaKetua", "NomerTelponKetua", "AsalInstansi",
            "AlamatInstansi", "TeleponInstansi", "EmailInstansi", "Information", "Deskripsi")


class SchemaError(KunangError):
    """The INLISLite database lacks a table or column Kunang reads."""


def check(columns: set[tuple[str, str]]) -> None:
    """`columns`: (table, column) pairs present, lower-case. Raises SchemaError
    naming every missing table or column."""
    tables = {t for t, _ in columns}
    missing = []
    for table, cols in REQUIRED.items():
        if table not in tables:
            missing.append(f"table {table}")
            continue
        missing += [f"column {table}.{c}" for c in cols if (table, c.lower()) not in columns]
    if missing:
        raise SchemaError("INLISLite database lacks " + ", ".join(missing))

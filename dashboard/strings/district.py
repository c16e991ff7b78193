"""The district page.

key: (English, Bahasa Indonesia); merged into `dashboard.i18n.CATALOGUE`.
"""

STRINGS: dict[str, tuple[str, str]] = {
    "district.title": ("District", "Kabupaten"),
    "district.mtd": ("Month to date: {month}", "Bulan berjalan: {month}"),
    "district.ranking": ("Sites ranked by visitors (devices)", "Peringkat lokasi menurut pengunjung (perangkat)"),
    "district.table": ("Figures per site this month", "Angka per lokasi bulan ini"),
    "district.all_ok": ("Every site has data this month.", "Semua lokasi memiliki data bulan ini."),
    "district.sites": ("Sites", "Lokasi"),
    "district.total_visitors": ("Visitors, devices (month to date)", "Pengunjung, perangkat (bulan berjalan)"),
    "district.total_sessions": ("Wi-Fi sessions (month to date)", "Sesi Wi-Fi (bulan berjalan)"),
    "district.total_hours": ("Client-hours (month to date)", "Jam-klien (bulan berjalan)"),
    "district.never": ("never", "belum pernah"),
    "district.no_data_list": ("No data this month: {sites}", "Tidak ada data bulan ini: {sites}"),
    "district.total_data": ("Data (month to date)", "Data (bulan berjalan)"),
    # village libraries reporting through an edge (issue 19)
    "village.table": ("Village libraries (edges): link and backlog", "Perpustakaan desa (edge): tautan dan antrean"),
    "village.help": ("Each village's edge keeps its data until the district has it. Behind: how many hours the data "
                     "here lags. Backfilled: records that arrived more than {minutes} minutes after their time (30 "
                     "days); they are counted on the day and month they belong to.",
                     "Edge tiap desa menyimpan datanya sampai distrik menerimanya. Tertinggal: berapa jam data di sini "
                     "terlambat. Susulan: catatan yang tiba lebih dari {minutes} menit setelah waktunya (30 hari); "
                     "dihitung pada hari dan bulan asalnya."),
    "village.col.village": ("Village", "Desa"),
    "village.col.status": ("Status", "Status"),
    "village.col.last_contact": ("Last contact", "Kontak terakhir"),
    "village.col.behind": ("Behind (hours)", "Tertinggal (jam)"),
    "village.col.waiting": ("Waiting on the edge", "Menunggu di edge"),
    "village.col.dropped": ("Dropped (spool full)", "Dibuang (spool penuh)"),
    "village.col.rejected": ("Rejected batches", "Batch ditolak"),
    "village.col.backfilled": ("Backfilled (30 days)", "Susulan (30 hari)"),
    "village.status.ok": ("ok", "baik"),
    "village.status.late": ("late", "terlambat"),
    "village.status.silent": ("silent", "senyap"),
    "village.ago": ("{duration} ago", "{duration} lalu"),
    "village.backfilled": ("backfilled: {n} (last {when})", "susulan: {n} (terakhir {when})"),
    "village.silent_list": ("Not reporting: {sites}", "Tidak melapor: {sites}"),
    "village.all_reporting": ("Every village reports.", "Semua desa melapor."),
}

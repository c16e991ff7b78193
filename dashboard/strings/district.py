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
}

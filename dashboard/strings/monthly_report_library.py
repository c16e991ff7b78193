"""The monthly report's "Library visits and Wi-Fi" section (INLISLite guest book).

key: (English, Bahasa Indonesia); merged into the report's strings by `dashboard/reports/texts.py`.
"""

STRINGS: dict[str, tuple[str, str]] = {
    "s_library": ("Library visits and Wi-Fi", "Kunjungan perpustakaan dan Wi-Fi"),
    "lib_visits": ("Library visits (guest book)", "Kunjungan perpustakaan (buku tamu)"),
    "lib_individual": ("individual", "perorangan"),
    "lib_group": ("in groups", "dalam rombongan"),
    "lib_wifi_visitors": ("Wi-Fi visitors (devices, visitor-days)", "Pengunjung Wi-Fi (perangkat, hari-pengunjung)"),
    "lib_wifi_sessions": ("Wi-Fi sessions", "Sesi Wi-Fi"),
    "lib_share": ("Visitors using the Wi-Fi (estimate)", "Pengunjung yang memakai Wi-Fi (perkiraan)"),
    "lib_previous": ("Visits, previous month", "Kunjungan bulan sebelumnya"),
    "lib_summary": (
        "Of the {visits} visits recorded in the guest book this month, about {low} to {high} of the "
        "visitors used the library's Wi-Fi.",
        "Dari {visits} kunjungan yang tercatat di buku tamu bulan ini, sekitar {low} sampai {high} "
        "pengunjung memakai Wi-Fi perpustakaan."),
    "lib_capped": (
        "More Wi-Fi visitors than recorded visits: the guest book misses visitors, so the upper figure is "
        "capped at 100%.",
        "Pengunjung Wi-Fi lebih banyak daripada kunjungan yang tercatat: buku tamu tidak mencatat semua "
        "pengunjung, jadi angka atas dibatasi 100%."),
    "lib_note": (
        "An estimate: Wi-Fi visitors are devices (counted as {low} to {high} devices per person), not every "
        "visitor signs the guest book, and staff devices count too. Only days with guest-book entries are "
        "compared. Wi-Fi use per visit purpose is shared out hour by hour in proportion to each purpose's "
        "visits in that hour.",
        "Perkiraan: pengunjung Wi-Fi adalah perangkat (dihitung {low} sampai {high} perangkat per orang), "
        "tidak semua pengunjung mengisi buku tamu, dan perangkat petugas ikut terhitung. Hanya hari yang ada "
        "isian buku tamunya yang dibandingkan. Pemakaian Wi-Fi per tujuan kunjungan dibagi per jam menurut "
        "banyaknya kunjungan tiap tujuan pada jam itu."),
    "h_purpose": ("Visit purpose", "Tujuan kunjungan"),
    "h_visits": ("Visits", "Kunjungan"),
    "h_minutes_per_visit": ("Wi-Fi minutes per visit", "Menit Wi-Fi per kunjungan"),
    "h_share_range": ("Using the Wi-Fi (estimate)", "Memakai Wi-Fi (perkiraan)"),
    "h_rank_visits": ("Rank by visits", "Peringkat kunjungan"),
    "h_rank_wifi": ("Rank by Wi-Fi", "Peringkat Wi-Fi"),
    "h_wifi_visitor_days": ("Wi-Fi visitors (devices)", "Pengunjung Wi-Fi (perangkat)"),
    "h_figure": ("Figure", "Angka"),
    "unknown_purpose": ("not recorded", "tidak dicatat"),
}
SHEETS: dict[str, tuple[str, str]] = {
    "library": ("Library visits", "Kunjungan perpustakaan"),
    "library_purpose": ("Visit purposes", "Tujuan kunjungan"),
    "library_sites": ("Visits per library", "Kunjungan per perpustakaan"),
}

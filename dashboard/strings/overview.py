"""The overview page.

key: (English, Bahasa Indonesia); merged into `dashboard.i18n.CATALOGUE`.
"""

STRINGS: dict[str, tuple[str, str]] = {
    "ov.title": ("Overview", "Ringkasan"),
    "open.until": ("open until {time}", "buka sampai {time}"),
    "open.always": ("open", "buka"),
    "open.closed_opens": ("closed · opens {when}", "tutup · buka {when}"),
    "open.closed": ("closed", "tutup"),
    "open.last_peak": ("last opening ({day}): peak {n} clients", "saat buka terakhir ({day}): puncak {n} klien"),
    "ov.sites_now": ("Libraries now", "Perpustakaan saat ini"),
    "ov.all_closed": ("Every library is closed now: the figures above are today's so far, and each library's busiest "
                      "moment of its last opening is below.",
                      "Semua perpustakaan sedang tutup: angka di atas adalah angka hari ini sejauh ini, dan saat "
                      "tersibuk tiap perpustakaan pada jam buka terakhirnya ada di bawah."),
    "ov.history": ("Writing the simulated history of the past days in the background: {done} of {total} days. "
                   "The live figures are already real; past days fill in as it goes.",
                   "Riwayat simulasi hari-hari sebelumnya sedang ditulis di latar belakang: {done} dari {total} hari. "
                   "Angka langsung sudah nyata; hari-hari sebelumnya menyusul."),
    "ov.clients_now": ("Clients now", "Klien saat ini"),
    "ov.last_week": ("Same time last week", "Waktu yang sama minggu lalu"),
    "ov.visitors_today": ("Visitors today (devices)", "Pengunjung hari ini (perangkat)"),
    "ov.sessions_today": ("Wi-Fi sessions today", "Sesi Wi-Fi hari ini"),
    "ov.aps_up": ("Access points up", "Titik akses aktif"),
    "ov.occupancy_sites": ("Occupancy per site: now and same time last week",
                           "Okupansi per lokasi: sekarang dan waktu yang sama minggu lalu"),
    "ov.occupancy_aps": ("Clients per access point now", "Klien per titik akses saat ini"),
    "ov.status_board": ("Access point status", "Status titik akses"),
    "ov.stale": ("The newest poll is from {when}: the collector may have stopped, so these figures may be out of date.",
                 "Polling terbaru dari {when}: pengumpul mungkin berhenti, jadi angka ini mungkin sudah usang."),
    "ov.randomized_share": ("of which {share} with randomised MACs", "di antaranya {share} dengan MAC acak"),
}

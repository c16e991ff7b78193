"""The access-point list and detail pages.

key: (English, Bahasa Indonesia); merged into `dashboard.i18n.CATALOGUE`.
"""

STRINGS: dict[str, tuple[str, str]] = {
    "aps.title": ("Access points", "Titik akses"),
    "aps.all_sites": ("All sites", "Semua lokasi"),
    "ap.title": ("Access point {name}", "Titik akses {name}"),
    "ap.history": ("Clients (hourly)", "Klien (per jam)"),
    "ap.availability": ("Availability (share of successful polls per hour)",
                        "Ketersediaan (persentase polling berhasil per jam)"),
    "ap.events": ("Reboots and incidents", "Nyala ulang dan insiden"),
    "ap.no_events": ("No reboots or incidents in this period.", "Tidak ada nyala ulang atau insiden pada periode ini."),
    "ap.unknown": ("Unknown access point.", "Titik akses tidak dikenal."),
    "ap.info": ("Details", "Rincian"),
    "ap.address": ("Address", "Alamat"),
    "ap.since": ("since {when}", "sejak {when}"),
    "ap.restarted_short": ("restarted, too briefly to count as an outage",
                           "dinyalakan ulang, terlalu singkat untuk dihitung sebagai gangguan"),
    "ap.last_error": ("Last error", "Galat terakhir"),
    "ap.outages": ("{n} outage(s) in this period, {minutes} minutes down in total.",
                   "{n} gangguan pada periode ini, total {minutes} menit mati."),
}

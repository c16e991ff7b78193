"""The sensed-footfall strings (802.11 probe requests: passers-by, visitors, connected, conversion).

key: (English, Bahasa Indonesia); merged into `dashboard.i18n.CATALOGUE`.
"""

STRINGS: dict[str, tuple[str, str]] = {
    "footfall.title": ("Passers-by, visitors and connected (sensor estimates)",
                       "Orang lewat, pengunjung dan yang tersambung (perkiraan sensor)"),
    "footfall.passers_by": ("Passers-by (estimate)", "Orang lewat (perkiraan)"),
    "footfall.visitors": ("Visitors (estimate)", "Pengunjung (perkiraan)"),
    "footfall.connected": ("Connected (estimate)", "Tersambung (perkiraan)"),
    "footfall.conversion": ("Conversion (estimate)", "Konversi (perkiraan)"),
    "footfall.conversion_sub": ("visitors of everyone sensed nearby", "pengunjung dari semua yang terdeteksi di dekat"),
    "footfall.connected_sub": ("{share} of visitors", "{share} dari pengunjung"),
    "footfall.device_days": ("device-days over {days} days with the sensor", "hari-perangkat selama {days} hari dengan sensor"),
    "footfall.chart_daily": ("Passers-by, visitors and connected per day (estimates)",
                             "Orang lewat, pengunjung dan yang tersambung per hari (perkiraan)"),
    "footfall.chart_hours": ("Passers-by, visitors and connected by hour of day (average per hour, estimates)",
                             "Orang lewat, pengunjung dan yang tersambung per jam (rata-rata per jam, perkiraan)"),
    "footfall.hour_of_day": ("Hour of day", "Jam"),
    "footfall.per_hour": ("Devices per hour", "Perangkat per jam"),
    "footfall.col.hour_of_day": ("Hour of day", "Jam"),
    "footfall.none": ("No sensor data in this period.", "Tidak ada data sensor pada periode ini."),
    "footfall.note": (
        "Estimates from a Wi-Fi sensor hearing phones look for networks (probe requests) at {rssi} dBm or "
        "stronger for at least {dwell}. Most phones hide behind a random address that changes, so one phone may "
        "count as several passers-by, phones that stay silent are missed, walls and distance blur the line between "
        "outside and inside, and a visitor's phone is rarely recognised among the passers-by. Counts are devices "
        "per day, not persons. Network names phones look for are never stored.",
        "Perkiraan dari sensor Wi-Fi yang mendengar ponsel mencari jaringan (probe request) dengan sinyal {rssi} dBm "
        "atau lebih kuat selama paling sedikit {dwell}. Kebanyakan ponsel memakai alamat acak yang berganti, jadi "
        "satu ponsel bisa terhitung beberapa kali sebagai orang lewat, ponsel yang diam tidak terhitung, dinding dan "
        "jarak mengaburkan batas luar dan dalam, dan ponsel pengunjung jarang dikenali di antara orang lewat. "
        "Angkanya perangkat per hari, bukan orang. Nama jaringan yang dicari ponsel tidak pernah disimpan."),
    "footfall.randomized": ("{share} of the devices sensed nearby used a random address.",
                            "{share} perangkat yang terdeteksi di dekat memakai alamat acak."),
    "footfall.col.passers_by": ("Passers-by (estimate)", "Orang lewat (perkiraan)"),
    "footfall.col.visitors": ("Visitors (estimate)", "Pengunjung (perkiraan)"),
    "footfall.col.connected": ("Connected (estimate)", "Tersambung (perkiraan)"),
    "footfall.col.hours": ("Hours with sensor data", "Jam dengan data sensor"),
}

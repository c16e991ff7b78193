"""The monthly report's "Passers-by, visitors and connected" section (probe-request sensor).

key: (English, Bahasa Indonesia); merged into the report's strings by `dashboard/reports/texts.py`.
"""

STRINGS: dict[str, tuple[str, str]] = {
    "s_footfall": ("Passers-by, visitors and connected (sensor estimates)",
                   "Orang lewat, pengunjung dan yang tersambung (perkiraan sensor)"),
    "ff_passers_by": ("Passers-by (estimate, device-days)", "Orang lewat (perkiraan, hari-perangkat)"),
    "ff_visitors": ("Visitors (estimate, device-days)", "Pengunjung (perkiraan, hari-perangkat)"),
    "ff_connected": ("Connected to the Wi-Fi (estimate, device-days)",
                     "Tersambung ke Wi-Fi (perkiraan, hari-perangkat)"),
    "ff_conversion": ("Conversion: visitors of everyone sensed (estimate)",
                      "Konversi: pengunjung dari semua yang terdeteksi (perkiraan)"),
    "ff_days": ("Days with sensor data", "Hari dengan data sensor"),
    "ff_summary": (
        "The Wi-Fi sensor detected about {passers} passers-by and {visitors} visitors this month; about "
        "{conversion} of those sensed near the library came in.",
        "Sensor Wi-Fi mendeteksi sekitar {passers} orang lewat dan {visitors} pengunjung bulan ini; sekitar "
        "{conversion} dari yang terdeteksi di dekat perpustakaan masuk."),
    "ff_note": (
        "Estimates from phones looking for Wi-Fi networks (probe requests) heard at {rssi} dBm or stronger "
        "for at least {dwell} seconds. Most phones use a random address that changes, so one phone may count "
        "as several passers-by, silent phones are missed, and walls and distance blur the line between "
        "outside and inside. Counts are devices per day, not persons. The network names phones look for are "
        "never stored.",
        "Perkiraan dari ponsel yang mencari jaringan Wi-Fi (probe request) dengan sinyal {rssi} dBm atau lebih "
        "kuat selama paling sedikit {dwell} detik. Kebanyakan ponsel memakai alamat acak yang berganti, jadi "
        "satu ponsel bisa terhitung beberapa kali sebagai orang lewat, ponsel yang diam tidak terhitung, dan "
        "dinding serta jarak mengaburkan batas luar dan dalam. Angkanya perangkat per hari, bukan orang. Nama "
        "jaringan yang dicari ponsel tidak pernah disimpan."),
}
SHEETS: dict[str, tuple[str, str]] = {"footfall": ("Passers-by and visitors", "Orang lewat dan pengunjung")}

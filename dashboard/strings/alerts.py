"""The alerts page.

key: (English, Bahasa Indonesia); merged into `dashboard.i18n.CATALOGUE`.
"""

STRINGS: dict[str, tuple[str, str]] = {
    "alerts.title": ("Alerts", "Peringatan"),
    "alerts.active": ("Active alerts", "Peringatan aktif"),
    "alerts.history": ("History (30 days)", "Riwayat (30 hari)"),
    "alerts.none": ("No active alerts.", "Tidak ada peringatan aktif."),
    "alerts.unavailable": ("Alerts are not set up in this database yet (run `kunang db upgrade`).",
                           "Peringatan belum disiapkan di basis data ini (jalankan `kunang db upgrade`)."),
    "alerts.ack": ("Acknowledge", "Tandai diketahui"),
    "alerts.silence": ("Silence", "Senyapkan"),
    "alerts.silence_for": ("Silence for", "Senyapkan selama"),
    "alerts.acked": ("Alert acknowledged.", "Peringatan ditandai diketahui."),
    "alerts.silenced": ("Silenced for {hours} h.", "Disenyapkan selama {hours} jam."),
    "alerts.silenced_until": ("silenced until {until}", "disenyapkan sampai {until}"),
    "alerts.select": ("Select an alert in the table first.", "Pilih peringatan di tabel terlebih dahulu."),
    "alerts.hours": ("{n} h", "{n} jam"),
}

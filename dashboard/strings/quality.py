"""The data-quality page.

key: (English, Bahasa Indonesia); merged into `dashboard.i18n.CATALOGUE`.
"""

STRINGS: dict[str, tuple[str, str]] = {
    "dq.title": ("Data quality", "Kualitas data"),
    "dq.coverage": ("Poll coverage during opening hours (14 days)", "Cakupan polling selama jam buka (14 hari)"),
    "dq.coverage_help": ("Polls received / polls expected while the library is open. Figures computed over days below "
                         "90 % coverage are incomplete.",
                         "Polling diterima / polling diharapkan selama perpustakaan buka. Angka pada hari dengan cakupan "
                         "di bawah 90 % tidak lengkap."),
    "dq.gaps": ("Gaps (last 2 days): stretches without an answered poll",
                "Celah (2 hari terakhir): rentang tanpa polling yang terjawab"),
    "dq.no_gaps": ("No gaps in the last 2 days.", "Tidak ada celah dalam 2 hari terakhir."),
    "dq.quarantine": ("Quarantined log lines", "Baris log yang dikarantina"),
    "dq.quarantine_reasons": ("Quarantine by reason (30 days)", "Karantina per alasan (30 hari)"),
    "dq.no_quarantine": ("No quarantined lines.", "Tidak ada baris yang dikarantina."),
    "dq.intake": ("Log and poll intake by source (totals)", "Penerimaan log dan polling per sumber (total)"),
    "dq.intake_help": ("Every line the collector received, stored or set aside, and every line lost before it could be "
                       "kept: dropped by the kernel (UDP receive buffer full), dropped from a full spool, from an "
                       "unknown sender, or truncated.",
                       "Setiap baris yang diterima, disimpan atau disisihkan kolektor, dan setiap baris yang hilang "
                       "sebelum dapat disimpan: dibuang kernel (buffer terima UDP penuh), dibuang dari spool yang "
                       "penuh, dari pengirim tak dikenal, atau terpotong."),
    "dq.intake_lost": ("{n} line(s) lost before they could be kept (see the rows marked above).",
                       "{n} baris hilang sebelum dapat disimpan (lihat baris teratas)."),
    "dq.intake_none_lost": ("No line lost.", "Tidak ada baris yang hilang."),
    "intake.received": ("received", "diterima"),
    "intake.stored": ("stored (new events)", "disimpan (peristiwa baru)"),
    "intake.duplicates": ("already stored (repeats)", "sudah tersimpan (pengulangan)"),
    "intake.quarantined": ("quarantined", "dikarantina"),
    "intake.parse_errors": ("not understood (parse errors)", "tidak dipahami (galat parsing)"),
    "intake.unknown_peer": ("lost: from an unknown sender", "hilang: dari pengirim tak dikenal"),
    "intake.truncated": ("truncated (too long)", "terpotong (terlalu panjang)"),
    "intake.kernel_drops": ("lost: dropped by the kernel (UDP buffer full)", "hilang: dibuang kernel (buffer UDP penuh)"),
    "intake.spool_dropped": ("lost: dropped from the full spool", "hilang: dibuang dari spool yang penuh"),
    "dq.polling": ("Polling by collector (last 24 hours)", "Polling per kolektor (24 jam terakhir)"),
    "dq.polling_help": ("Skipped: poll slots not polled because the device's previous poll was still running "
                        "or no poll slot was free in time (raise snmp.concurrency or the poll interval).",
                        "Terlewat: jadwal polling yang tidak dijalankan karena polling sebelumnya masih berjalan "
                        "atau tidak ada slot polling yang bebas tepat waktu (naikkan snmp.concurrency atau interval polling)."),
    "dq.no_polling": ("No poll rounds recorded in the last 24 hours.", "Tidak ada putaran polling tercatat dalam 24 jam terakhir."),
    "dq.blind": ("Blind spots (30 days): APs without client rows", "Titik buta (30 hari): AP tanpa baris klien"),
    "dq.blind_row": ("{ap}: {kind} ({days} day(s) open): sessions, dwell time and visitors miss what happens there.",
                     "{ap}: {kind} ({days} hari buka): sesi, lama kunjungan dan pengunjung tidak melihat yang terjadi di sana."),
    "dq.blind_counts": ("client counts only", "hanya jumlah klien"),
    "dq.blind_none": ("no client data", "tanpa data klien"),
    "dq.blind_coverage": ("Coverage of the client-level figures: {cov} (below {min}: those days are incomplete).",
                          "Cakupan angka tingkat klien: {cov} (di bawah {min}: hari itu tidak lengkap)."),
    "dq.sessions_est": ("Wi-Fi sessions of these 30 days: {n} counted; {est}.",
                        "Sesi Wi-Fi 30 hari ini: {n} terhitung; {est}."),
    "dq.history_full": ("Returning share: every day of these 30 days has its {w} days of history behind it.",
                        "Pengunjung kembali: setiap hari dalam 30 hari ini memiliki riwayat {w} hari di belakangnya."),
    "dq.history_short": ("Returning share: not yet on {n} day(s) of these 30 days (monitoring began {began}; the "
                         "look-back needs {w} days of history, full from {full}).",
                         "Pengunjung kembali: belum pada {n} hari dalam 30 hari ini (pemantauan mulai {began}; "
                         "riwayat {w} hari diperlukan, lengkap mulai {full})."),
    "dq.dhcp_read": ("Router's DHCP log: read on {n} of these 30 days. It sees every device that joins, on any AP: "
                     "on those days the sessions estimate counts the visits the polls and the portal missed.",
                     "Log DHCP router: dibaca pada {n} dari 30 hari ini. Log itu melihat setiap perangkat yang "
                     "bergabung, di AP mana pun: pada hari itu perkiraan sesi menghitung kunjungan yang terlewat "
                     "oleh poll dan portal."),
    "dq.dhcp_not_read": ("Router's DHCP log: not read in these 30 days (the sessions estimate rests on the polls "
                         "and the portal; send the router's DHCP log to Kunang's syslog to have it read).",
                         "Log DHCP router: tidak dibaca dalam 30 hari ini (perkiraan sesi hanya berdasarkan poll dan "
                         "portal; kirim log DHCP router ke syslog Kunang agar dibaca)."),
    "dq.no_blind": ("Every AP of this site lists its clients.", "Setiap AP di lokasi ini mencantumkan kliennya."),
}

"""The site page.

key: (English, Bahasa Indonesia); merged into `dashboard.i18n.CATALOGUE`.
"""

STRINGS: dict[str, tuple[str, str]] = {
    "site.title": ("Site", "Lokasi"),
    "site.choose": ("Site", "Lokasi"),
    "site.range": ("Period", "Periode"),
    "site.occupancy": ("Occupancy over time (hourly; daily beyond 31 days)",
                       "Okupansi dari waktu ke waktu (per jam; per hari di atas 31 hari)"),
    "site.heatmap": ("Average occupancy by weekday and hour", "Rata-rata okupansi per hari dan jam"),
    "site.visitors": ("Visitors (devices) per day: new and returning",
                      "Pengunjung (perangkat) per hari: baru dan kembali"),
    "site.dwell": ("Dwell time per visit", "Lama kunjungan per kunjungan"),
    "site.dwell_stats": ("Median {median}, 90th percentile {p90}", "Median {median}, persentil ke-90 {p90}"),
    "site.usage_ap": ("Data used per access point (sessions that began there)",
                      "Data terpakai per titik akses (sesi yang dimulai di sana)"),
    "site.usage_ssid": ("Data used per SSID", "Data terpakai per SSID"),
    "site.portal": ("Portal logins vs associated devices", "Login portal vs perangkat terhubung"),
    "site.no_returning": ("Returning visitors are not computed: pseudonyms rotate daily (privacy.rotating_salt).",
                          "Pengunjung kembali tidak dihitung: pseudonim berganti setiap hari (privacy.rotating_salt)."),
    "site.randomized_note": ("{share} of visitors used randomised MAC addresses: unique visitors (devices) are an "
                             "upper bound.",
                             "{share} pengunjung memakai alamat MAC acak: pengunjung unik (perangkat) adalah batas "
                             "atas."),
    "site.randomized_returning": ("Returning devices per day are a lower bound where MACs rotate (a person back on a "
                                  "new MAC counts as new); returning persons are estimated for the whole period only: "
                                  "the \"{card}\" card.",
                                  "Perangkat kembali per hari adalah batas bawah bila MAC berganti (orang yang datang "
                                  "lagi dengan MAC baru terhitung baru); orang yang kembali hanya diperkirakan untuk "
                                  "seluruh periode: kartu \"{card}\"."),
    "site.source_note": ("Visitors and sessions come from SNMP presence; portal figures from portal logs.",
                         "Pengunjung dan sesi berasal dari kehadiran SNMP; angka portal dari log portal."),
    "site.incomplete": ("{days} day(s) of this period have incomplete data (poll coverage below the threshold): figures are lower bounds.",
                        "{days} hari dalam periode ini datanya tidak lengkap (cakupan polling di bawah ambang): angka adalah batas bawah."),
    "site.visitor_days": ("{n} visits (visitor-days)", "{n} kunjungan (hari-pengunjung)"),
    "site.persons": ("≈ {est} person-visits (estimate, range {low}–{high})",
                     "≈ {est} kunjungan orang (perkiraan, rentang {low}–{high})"),
    "site.devices_note": ("Visitors, new and returning, are counted as devices: a person with a phone and a laptop is "
                          "two. Persons are an estimate (devices of one portal user, devices arriving and leaving "
                          "together), shown with its range.",
                          "Pengunjung, baru dan kembali, dihitung sebagai perangkat: satu orang dengan ponsel dan "
                          "laptop terhitung dua. Jumlah orang adalah perkiraan (perangkat satu pengguna portal, "
                          "perangkat yang datang dan pergi bersama), ditampilkan dengan rentangnya."),
    # the card: the period's share of returning persons (an estimate on stable MACs), not the daily device counts
    "site.returning_share": ("Returning share (persons)", "Persentase kembali (orang)"),
    "site.returning_not_yet": ("not yet", "belum"),
    "site.returning_not_yet_note": ("The returning share needs {w} days of history before a day: not yet on {n} "
                                    "day(s) of this period, which are left out of it.",
                                    "Persentase pengunjung kembali memerlukan riwayat {w} hari sebelum suatu hari: "
                                    "belum tersedia pada {n} hari dalam periode ini, yang tidak dihitung."),
    "site.blind_note": ("Blind spots: {aps} list no clients (counts only or nothing). Sessions, dwell time and "
                        "visitors are incomplete on {n} day(s) (client coverage {cov}); sessions and persons "
                        "include an estimate of what no source saw. Portal logins there still count, and so does the "
                        "router's DHCP log where it is read: it sees every device that joins, on any AP.",
                        "Titik buta: {aps} tidak mencantumkan klien (hanya jumlah atau tidak ada). Sesi, lama "
                        "kunjungan dan pengunjung tidak lengkap pada {n} hari (cakupan klien {cov}); sesi dan orang "
                        "mencakup perkiraan yang tidak terlihat sumber mana pun. Login portal di sana tetap dihitung, "
                        "begitu pula log DHCP router bila dibaca: log itu melihat setiap perangkat yang bergabung, "
                        "di AP mana pun."),
    "site.dwell_resolution": ("± 1 poll ({p})", "± 1 poll ({p})"),
    "site.dwell_est": ("≈ {est} (estimate: a blind AP; measured {measured})",
                       "≈ {est} (perkiraan: ada AP buta; terukur {measured})"),
    "range.7d": ("Last 7 days", "7 hari terakhir"),
    "range.30d": ("Last 30 days", "30 hari terakhir"),
    "range.90d": ("Last 90 days", "90 hari terakhir"),
    "range.365d": ("Last 12 months", "12 bulan terakhir"),
    "range.custom": ("Chosen dates", "Tanggal pilihan"),
    "range.today": ("Today", "Hari ini"),
    "range.month": ("This month", "Bulan ini"),
    "range.last_month": ("Last month", "Bulan lalu"),
    "period.from": ("From", "Dari"),
    "period.to": ("To", "Sampai"),
    "period.day": ("Day of the month", "Tanggal"),
    "period.month": ("Month", "Bulan"),
    "period.year": ("Year", "Tahun"),
    "period.one_day": ("1 day", "1 hari"),
    "period.days": ("{n} days", "{n} hari"),
    "period.clamped": ("shortened to the last {n} days of the chosen dates",
                       "dipersingkat menjadi {n} hari terakhir dari tanggal yang dipilih"),
    "dwell.lt5": ("under 5 min (passers-by)", "di bawah 5 mnt (sekadar lewat)"),
    "dwell.m5_15": ("5–15 min", "5–15 mnt"),
    "dwell.m15_30": ("15–30 min", "15–30 mnt"),
    "dwell.m30_60": ("30–60 min", "30–60 mnt"),
    "dwell.m60_120": ("1–2 h", "1–2 jam"),
    "dwell.ge120": ("2 h or more", "2 jam atau lebih"),
    "usage.portal_only": ("(portal only)", "(hanya portal)"),
}

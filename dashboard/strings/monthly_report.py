"""The monthly report (PDF, XLSX, CSV and its e-mail): its strings in English and Bahasa Indonesia.

key: (English, Bahasa Indonesia); looked up with `t` of `dashboard/reports/texts.py`, which merges this
module with the strings of the report's optional sections (`monthly_report_library`,
`monthly_report_footfall`). The dashboard's own pages have theirs in the other modules here.

Size: a little over 300 lines: one entry per line, the report's core vocabulary (headline rows, footnotes,
the estimates' ranges in both languages); the optional sections already have modules of their own, and
splitting the core by letter or by table would split one document's wording across files.
"""

STRINGS: dict[str, tuple[str, str]] = {
    "title": ("Monthly Wi-Fi Usage Report", "Laporan Bulanan Penggunaan Wi-Fi"),
    "district": ("District roll-up, all libraries", "Rekap seluruh perpustakaan"),
    "period": ("Period", "Periode"),
    "generated": ("Generated", "Dibuat"),
    "page": ("Page {n} of {total}", "Halaman {n} dari {total}"),
    "libraries": ("{n} libraries", "{n} perpustakaan"),
    # sections
    "s_headline": ("Headline figures", "Angka utama"),
    "s_daily": ("Daily visitors (devices)", "Pengunjung harian (perangkat)"),
    "s_heatmap": ("Average connected clients by weekday and hour", "Rata-rata klien terhubung per hari dan jam"),
    "s_sites": ("Per library", "Per perpustakaan"),
    "s_aps": ("Per access point (AP)", "Per titik akses (AP)"),
    "s_portal": ("Portal logins and associated devices", "Login portal dan perangkat terhubung"),
    "s_alerts": ("Alert summary (downtime minutes per AP)", "Ringkasan gangguan (menit mati per AP)"),
    "s_quality": ("Data-quality notes", "Catatan kualitas data"),
    "s_definitions": ("Appendix: definitions", "Lampiran: definisi"),
    # headline metrics
    "sessions": ("Wi-Fi sessions", "Sesi Wi-Fi"),
    "visitors": ("Visitor devices", "Perangkat pengunjung"),
    "persons": ("Person-visits", "Kunjungan orang"),
    "sessions_est": ("Sessions with blind spots", "Sesi termasuk titik buta"),
    "median_dwell_est": ("Median dwell with blind spots", "Median lama kunjungan termasuk titik buta"),
    "returning_share": ("Returning share", "Pengunjung kembali"),
    "median_dwell": ("Median dwell", "Median lama kunjungan"),
    "total_bytes": ("Total data", "Total data"),
    "busiest_day": ("Busiest day", "Hari tersibuk"),
    "busiest_hour": ("Busiest hour", "Jam tersibuk"),
    "availability": ("AP availability", "Ketersediaan AP"),
    # table headers
    "h_metric": ("Metric", "Ukuran"),
    "h_month": ("This month", "Bulan ini"),
    "h_prev": ("Previous month", "Bulan lalu"),
    "h_change": ("Change", "Perubahan"),
    "h_last_year": ("Last year", "Tahun lalu"),
    "h_day": ("Date", "Tanggal"),
    "h_weekday": ("Weekday", "Hari"),
    "h_hour": ("Hour", "Jam"),
    "h_site": ("Library", "Perpustakaan"),
    "h_ap": ("AP", "AP"),
    "h_sessions": ("Sessions", "Sesi"),
    "h_visitors": ("Visitors (devices)", "Pengunjung (perangkat)"),
    "h_peak": ("Peak clients", "Puncak klien"),
    "h_data": ("Data", "Data"),
    "h_data_gb": ("Data (GB)", "Data (GB)"),
    "h_availability": ("Available %", "Tersedia %"),
    "h_coverage": ("Coverage %", "Cakupan %"),
    "h_outages": ("Outages", "Gangguan"),
    "h_downtime": ("Downtime min", "Menit mati"),
    "h_longest": ("Longest (min)", "Terlama (menit)"),
    "h_logins": ("Portal logins", "Login portal"),
    "h_users": ("Portal users", "Pengguna portal"),
    "h_devices": ("Associated devices", "Perangkat terhubung"),
    "h_portal_only": ("Portal only", "Hanya portal"),
    "h_clients": ("Average clients", "Rata-rata klien"),
    "h_total": ("Total", "Jumlah"),
    "h_sum_days": ("Sum of the days", "Jumlah harian sebulan"),
    "h_value": ("Value", "Nilai"),
    "h_term": ("Term", "Istilah"),
    "h_meaning": ("Meaning", "Arti"),
    # notes
    "no_data": ("no data", "tidak ada data"),
    "no_alerts": ("No AP was down this month.", "Tidak ada AP yang mati bulan ini."),
    "no_portal": ("No captive-portal data for this month.", "Tidak ada data portal untuk bulan ini."),
    "estimate_mark": ("≈ estimate (persons, blind spots; randomised MACs: lower/upper bound)",
                      "≈ perkiraan (orang, titik buta; MAC acak: batas bawah/atas)"),
    "limited_mark": ("‡ limited by a blind AP or a short history on some days (see the data-quality notes)",
                     "‡ dibatasi AP buta atau riwayat pendek pada beberapa hari (lihat catatan kualitas data)"),
    "incomplete_mark": ("† computed over incomplete data", "† dihitung dari data tidak lengkap"),
    "q_coverage": ("Monitoring coverage (polls received / expected during opening hours): {v}.",
                   "Cakupan pemantauan (poll diterima / diharapkan pada jam buka): {v}."),
    "q_random": ("Devices with a randomised MAC: {v} of visitors.", "Perangkat dengan MAC acak: {v} dari pengunjung."),
    "q_incomplete": ("Days with incomplete data: {v}.", "Hari dengan data tidak lengkap: {v}."),
    "q_unmonitored": (
        "Not monitored (before monitoring began, or still to come; counted neither in the "
        "coverage nor in any figure): {v}.",
        "Tidak dipantau (sebelum pemantauan dimulai atau belum terjadi; tidak dihitung dalam "
        "cakupan maupun angka): {v}."),
    "not_monitored": ("not monitored", "tidak dipantau"),
    "chart_unmonitored": ("Not monitored", "Tidak dipantau"),
    "ap_unassigned": ("Not assigned to an AP", "Tanpa AP tertentu"),
    "ap_counts_only": (
        "* This AP does not report which devices are connected (only how many, or nothing): its "
        "sessions and data cannot be credited to it (–) and are in the row \"Not assigned to an "
        "AP\".",
        "* AP ini tidak melaporkan perangkat mana yang terhubung (hanya jumlahnya, atau tidak sama "
        "sekali): sesi dan datanya tidak dapat dikaitkan dengannya (–) dan masuk ke baris "
        "\"Tanpa AP tertentu\"."),
    "ap_unassigned_note": (
        "\"Not assigned to an AP\": the site's sessions and data no single AP can be credited "
        "with (e.g. seen only in the portal logs); the rows add up to the site's figures.",
        "\"Tanpa AP tertentu\": sesi dan data lokasi yang tidak dapat dikaitkan dengan satu "
        "AP (mis. hanya dari log portal); baris-baris tabel berjumlah sama dengan angka lokasi."),
    "q_complete": ("Every opening day has complete data.", "Semua hari buka memiliki data lengkap."),
    "q_salt": ("Daily-rotating pseudonyms are on: returning visitors are not computed.",
               "Mode pseudonim harian aktif: pengunjung kembali tidak dihitung."),
    "q_estimates": ("Figures marked ≈ are estimates: {v}.", "Angka bertanda ≈ adalah perkiraan: {v}."),
    "q_sources": ("Data sources: {v}.", "Sumber data: {v}."),
    "q_backfilled": (
        "Backfilled data: {v} arrived late (after the village's link came back) and is counted "
        "on the days and in the month it belongs to.",
        "Data susulan: {v} tiba terlambat (setelah jaringan desa kembali) dan dihitung pada "
        "hari dan bulan asalnya."),
    "q_backfilled_site": ("{site}: {n} records", "{site}: {n} catatan"),
    "not_yet": ("not yet", "belum"),
    "q_persons": (
        "Visitors are counted as devices (a person with a phone and a laptop is two). Estimated "
        "persons: ≈ {est} person-visits (range {low}–{high}): devices of one portal user count once, "
        "devices arriving and leaving together count as one person.",
        "Pengunjung dihitung sebagai perangkat (satu orang dengan ponsel dan laptop terhitung dua). "
        "Perkiraan orang: ≈ {est} kunjungan orang (rentang {low}–{high}): perangkat satu pengguna "
        "portal dihitung sekali, perangkat yang datang dan pergi bersama dihitung satu orang."),
    "q_blind": (
        "Blind spots: {aps} list no clients (counts only, or nothing). Sessions, dwell time and "
        "visitors are incomplete on {n} day(s) ({days}); portal logins there still count. Persons "
        "include an estimate of those no source saw; sessions including that estimate: ≈ {sessions}{range}.",
        "Titik buta: {aps} tidak mencantumkan klien (hanya jumlah atau tidak ada). Sesi, lama "
        "kunjungan dan pengunjung tidak lengkap pada {n} hari ({days}); login portal di sana tetap "
        "dihitung. Orang mencakup perkiraan yang tidak terlihat sumber mana pun; sesi termasuk "
        "perkiraan itu: ≈ {sessions}{range}."),
    "q_sessions_range": (" (range {low}–{high}: ± 2 standard errors of the estimate, lower by the visits that "
                         "may be one stay counted twice, and higher by the short stays the AP polls and the portal "
                         "may both have missed)",
                         " (rentang {low}–{high}: ± 2 galat baku perkiraan, lebih rendah sebanyak kunjungan yang "
                         "mungkin satu kunjungan terhitung dua kali, dan lebih tinggi sebanyak kunjungan singkat yang "
                         "mungkin terlewat oleh poll AP maupun portal)"),
    "q_sessions_dhcp": (" (counted with the router's DHCP log: no sampling range)",
                        " (dihitung dengan log DHCP router: tanpa rentang sampel)"),
    "q_sessions_point": (" (no range can be computed: on every day one source saw no visit alone)",
                         " (rentang tidak dapat dihitung: setiap hari satu sumber tidak melihat kunjungan sendirian)"),
    "q_dhcp_read": (
        "The router's DHCP log was read on {n} day(s){sites}: there it counts the visits the polls and "
        "the portal missed.",
        "Log DHCP router dibaca pada {n} hari{sites}: di sana log itu menghitung kunjungan yang terlewat "
        "oleh poll dan portal."),
    "q_dhcp_not_read": (
        "The router's DHCP log was not read this month: the estimate rests on the polls and the portal alone.",
        "Log DHCP router tidak dibaca bulan ini: perkiraan hanya berdasarkan poll dan portal."),
    "est_dhcp": ("counted with the DHCP log", "dihitung dengan log DHCP"),
    "est_point": ("no range", "tanpa rentang"),
    "q_dwell_est": (
        "Median dwell time, estimated for the stays a blind AP cut short (their poll-only part is mapped "
        "to the stays portal logins bound): ≈ {est} (the table shows the measured {measured}).",
        "Median lama kunjungan, diperkirakan untuk kunjungan yang terpotong oleh AP buta (bagian yang "
        "hanya terlihat poll dipetakan ke kunjungan yang dibatasi login portal): ≈ {est} (tabel "
        "menunjukkan yang terukur, {measured})."),
    "q_not_yet": (
        "The returning share needs {R} days of history before a day: not yet on {n} day(s) "
        "({days}), which are left out of it.",
        "Pengunjung kembali memerlukan riwayat {R} hari sebelum suatu hari: belum tersedia pada {n} "
        "hari ({days}), yang tidak dihitung."),
    "q_resolution": ("Dwell time from the AP polls alone is resolved to ± 1 poll ({v}).",
                     "Lama kunjungan dari poll AP saja memiliki resolusi ± 1 poll ({v})."),
    "src_snmp": ("SNMP presence", "kehadiran SNMP"),
    "src_portal": ("portal logs", "log portal"),
    "chart_visitors": ("Visitors (devices)", "Pengunjung (perangkat)"),
    "chart_sessions": ("Sessions", "Sesi"),
    "weekdays": ("Mon,Tue,Wed,Thu,Fri,Sat,Sun", "Sen,Sel,Rab,Kam,Jum,Sab,Min"),
    # e-mail
    "mail_subject": ("Wi-Fi report {period}: {name}", "Laporan Wi-Fi {period}: {name}"),
    "mail_body": (
        "Attached is the monthly Wi-Fi usage report for {period}.\n\n{lines}\n\n"
        "The reports can also be downloaded from the Reports page of the Kunang dashboard.\n",
        "Terlampir laporan bulanan penggunaan Wi-Fi untuk {period}.\n\n{lines}\n\n"
        "Laporan juga dapat diunduh dari halaman Laporan di dasbor Kunang.\n"),
    "mail_not_attached": ("Not attached (too large), available on the dashboard: {v}",
                          "Tidak dilampirkan (terlalu besar), tersedia di dasbor: {v}"),
    # appendix
    "defs_source": ("Questions about these figures: ask the Kunang administrator of your office.",
                   "Pertanyaan tentang angka-angka ini: hubungi pengelola Kunang di kantor Anda."),
    "randomized": ("Randomised MAC", "MAC acak"),
}

# XLSX sheet names (<= 31 characters) and CSV file names
SHEETS: dict[str, tuple[str, str]] = {
    "info": ("Info", "Info"),
    "headline": ("Headline", "Angka utama"),
    "daily": ("Daily", "Harian"),
    "heatmap": ("Weekday x hour", "Hari x jam"),
    "sites": ("Libraries", "Perpustakaan"),
    "aps": ("Access points", "AP"),
    "portal": ("Portal", "Portal"),
    "alerts": ("Alerts", "Gangguan"),
    "quality": ("Data quality", "Kualitas data"),
    "definitions": ("Definitions", "Definisi"),
}

# definitions appendix: (term key, (English, Bahasa Indonesia) meaning); {G} {M} {R} are the deployment's settings
DEFINITIONS: list[tuple[str, tuple[str, str]]] = [
    ("sessions", (
        "One per connection of a device at a library, regardless of length (as the IMLS survey counts "
        "\"Wi-Fi sessions\"), from SNMP presence and portal logins joined per device. Roaming between APs or "
        "a drop of at most {G} minutes is the same session.",
        "Satu sesi per koneksi perangkat di satu perpustakaan, berapa pun lamanya (seperti \"Wi-Fi sessions\" "
        "survei IMLS), dari kehadiran SNMP dan login portal yang digabung per perangkat. Perpindahan antar-AP "
        "atau terputus paling lama {G} menit tetap satu sesi.")),
    ("sessions_est", (
        "Where an AP lists no clients (a blind AP), the sessions plus an estimate of the visits no source saw. "
        "Without the router's DHCP log: the AP polls and the portal logins that carry a MAC are two independent "
        "counts of the visits (capture-recapture, per day); range: ± 2 standard errors of that estimate (its "
        "days' variances added). The two counts are not quite independent: a stay too short to log in (under {M} "
        "minutes) never shows in the portal and seldom leaves the AP it joined, so the range reaches higher by "
        "the short visits that may have stayed on the blind AP (the short visits the polls saw, at the odds that "
        "a logged-in visit joined where no AP listed it). Where the router's DHCP log is read it is a third source: the router gives an "
        "address to every device that joins, on any AP and however short its stay, so the visits only the log "
        "shows are counted; only what the log itself missed (lost lines, a fixed address) is estimated, from the seen visits it has no grant for. With a complete log there is "
        "nothing to estimate. What no source shows is how visits are counted: a stay that spent more than {G} "
        "minutes on the blind AP without a portal session is counted as two visits; the range reaches lower by "
        "the visits that may be such a second part (a device's second visit of the day, where the DHCP log is "
        "read one without an address of its own). Where there is neither spread nor such a visit the figure is "
        "shown \"counted with the DHCP log\", without a range.",
        "Bila sebuah AP tidak mencantumkan klien (AP buta), sesi ditambah perkiraan kunjungan yang tidak "
        "terlihat sumber mana pun. Tanpa log DHCP router: poll AP dan login portal yang membawa MAC adalah dua "
        "hitungan kunjungan yang saling bebas (tangkap-ulang, per hari); rentang: ± 2 galat baku perkiraan itu "
        "(varians hariannya dijumlahkan). Kedua hitungan itu tidak sepenuhnya bebas: kunjungan yang terlalu "
        "singkat untuk login (kurang dari {M} menit) tidak pernah terlihat di portal dan jarang pindah dari AP "
        "tempat ia bergabung, sehingga rentang menjangkau lebih tinggi sebanyak kunjungan singkat yang mungkin "
        "tetap di AP buta (kunjungan singkat yang terlihat poll, dengan peluang bahwa kunjungan yang login "
        "bergabung di tempat yang tidak dicantumkan AP mana pun). Bila log DHCP router dibaca, log itu menjadi sumber ketiga: router "
        "memberi alamat kepada setiap perangkat yang bergabung, di AP mana pun dan sesingkat apa pun kunjungannya, "
        "sehingga kunjungan yang hanya terlihat di log dihitung; hanya yang terlewat oleh log itu sendiri "
        "(baris hilang, alamat tetap) yang diperkirakan, dari kunjungan terlihat yang tidak punya pemberian alamat. Dengan log lengkap tidak ada yang perlu diperkirakan. "
        "Yang tidak terlihat sumber mana pun adalah cara kunjungan dihitung: kunjungan yang lebih dari {G} menit "
        "berada di AP buta tanpa sesi portal terhitung dua kunjungan; rentang menjangkau lebih rendah sebanyak "
        "kunjungan yang mungkin bagian kedua seperti itu (kunjungan kedua sebuah perangkat pada hari itu, bila log "
        "DHCP dibaca yang tanpa pemberian alamatnya sendiri). Bila tidak ada sebaran maupun kunjungan seperti itu, "
        "angka ditampilkan \"dihitung dengan log DHCP\", tanpa rentang.")),
    ("visitors", (
        "Visitor: a distinct device present at a library on a day for at least {M} minutes (less: a "
        "passer-by). Unique visitors of the month: distinct devices that were a visitor on at least one day. "
        "District roll-up: the sum of the libraries' unique visitors.",
        "Pengunjung: perangkat berbeda yang hadir di perpustakaan pada suatu hari paling sedikit {M} menit "
        "(kurang dari itu: lewat). Pengunjung unik bulan ini: perangkat berbeda yang menjadi pengunjung pada "
        "sedikitnya satu hari. Rekap kabupaten: jumlah pengunjung unik semua perpustakaan.")),
    ("persons", (
        "Estimated persons among each day's visitors, summed over the month: the devices of one portal user "
        "are one person; two devices arriving and leaving within minutes of each other are probably one "
        "person (less the pairs expected by chance); plus an estimate of those no source saw. Range: from "
        "every such pair being one person to every device being one.",
        "Perkiraan jumlah orang di antara pengunjung per hari, dijumlah sebulan: perangkat satu pengguna portal "
        "adalah satu orang; dua perangkat yang datang dan pergi dalam beberapa menit satu sama lain "
        "kemungkinan satu orang (dikurangi pasangan kebetulan); ditambah perkiraan yang tidak terlihat "
        "sumber mana pun. Rentang: dari semua pasangan sebagai satu orang sampai setiap perangkat satu orang.")),
    ("returning_share", (
        "Returning visitor-days over all visitor-days, on devices with a stable (global) MAC (random MACs "
        "may rotate); two such devices arriving and leaving together count as one person. Returning: the "
        "device was also seen at the same library on one of the {R} days before; days without {R} days of "
        "history are left out (\"not yet\"). It is a sample of the visitors (those with a stable MAC): shown "
        "with its range (± 2 standard errors).",
        "Hari-kunjungan oleh pengunjung kembali dibagi semua hari-kunjungan, pada perangkat dengan MAC "
        "tetap (MAC acak bisa berganti); dua perangkat seperti itu yang datang dan pergi bersama dihitung satu "
        "orang. Kembali: perangkat yang juga terlihat di perpustakaan yang sama pada salah satu dari {R} hari "
        "sebelumnya; hari tanpa riwayat {R} hari tidak dihitung (\"belum\"). Ini sampel pengunjung (yang "
        "ber-MAC tetap): ditampilkan dengan rentangnya (± 2 galat baku).")),
    ("median_dwell", (
        "Median length of the sessions (end − start). With SNMP alone it is short of the true stay by "
        "at most one poll interval (± 1 poll).",
        "Median lama sesi (akhir − awal). Dengan SNMP saja, lebih pendek dari sebenarnya paling banyak "
        "satu interval poll.")),
    ("median_dwell_est", (
        "Where an AP lists no clients, the median dwell with the stays it cut short estimated: their part seen "
        "by the polls alone is mapped to the stays portal logins bound. No range is computed for it.",
        "Bila sebuah AP tidak mencantumkan klien, median lama kunjungan dengan kunjungan yang terpotong "
        "diperkirakan: bagian yang hanya terlihat poll dipetakan ke kunjungan yang dibatasi login portal. "
        "Rentangnya tidak dihitung.")),
    ("total_bytes", ("Bytes down + up per session: the larger of the AP counters (SNMP) and the portal accounting.",
                     "Data turun + naik per sesi: yang lebih besar dari penghitung AP (SNMP) dan akuntansi portal.")),
    ("busiest_day", ("The date with the most visitors (the earlier on a tie).",
                     "Tanggal dengan pengunjung terbanyak (yang lebih awal bila sama).")),
    ("busiest_hour", (
        "The local hour of day with the highest average of connected clients in the month (summed over "
        "the APs, controllers excluded).",
        "Jam (waktu setempat) dengan rata-rata klien terhubung tertinggi dalam bulan ini (jumlah semua AP, "
        "tanpa controller).")),
    ("availability", (
        "SNMP polls answered over polls attempted during opening hours, over the APs (controllers "
        "excluded).",
        "Poll SNMP yang dijawab dibagi poll yang dicoba selama jam buka, untuk AP (tanpa controller).")),
    ("h_peak", ("Highest number of clients associated at the same time with the AP in one poll.",
                "Jumlah klien terhubung bersamaan tertinggi pada AP dalam satu poll.")),
    ("h_outages", (
        "From an AP's down event (after consecutive failed polls) to its next up event, clipped to the "
        "month; downtime minutes are their total length.",
        "Dari kejadian AP mati (setelah beberapa poll gagal berturut-turut) sampai AP hidup lagi, dipotong "
        "pada batas bulan; menit mati adalah jumlah lamanya.")),
    ("h_coverage", (
        "Polls answered during opening hours over polls expected (opening seconds / poll interval). "
        "Days below {C}% coverage are marked incomplete, and so is every figure that includes them (†).",
        "Poll yang dijawab selama jam buka dibagi poll yang diharapkan (detik buka / interval poll). "
        "Hari dengan cakupan di bawah {C}% ditandai tidak lengkap, juga setiap angka yang mencakupnya (†).")),
    ("h_logins", (
        "Captive-portal sessions started; portal users: distinct user names (as pseudonyms). Associated "
        "devices: devices with SNMP presence.",
        "Sesi portal tawanan yang dimulai; pengguna portal: nama pengguna berbeda (sebagai pseudonim). "
        "Perangkat terhubung: perangkat dengan kehadiran SNMP.")),
    ("randomized", (
        "Locally administered MAC (second hex digit 2, 6, A or E). Rotating random MACs make unique "
        "visitors an upper bound and returning visitors a lower bound.",
        "MAC yang diatur lokal (digit heksadesimal kedua 2, 6, A atau E). MAC acak yang berganti "
        "membuat pengunjung unik lebih tinggi (batas atas) dan pengunjung kembali lebih rendah (batas bawah).")),
]

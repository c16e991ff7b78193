"""The library-visits strings (INLISLite guest book).

key: (English, Bahasa Indonesia); merged into `dashboard.i18n.CATALOGUE`.
"""

STRINGS: dict[str, tuple[str, str]] = {
    "visits.title": ("Library visits and Wi-Fi", "Kunjungan perpustakaan dan Wi-Fi"),
    "visits.visits": ("Library visits", "Kunjungan perpustakaan"),
    "visits.individual": ("Individual visits", "Kunjungan perorangan"),
    "visits.group": ("Group visitors", "Pengunjung rombongan"),
    "visits.split": ("{individual} individual, {group} in groups", "{individual} perorangan, {group} rombongan"),
    "visits.wifi_visitors": ("Wi-Fi visitors (devices)", "Pengunjung Wi-Fi (perangkat)"),
    "visits.wifi_visitors_est": ("Wi-Fi visitors (devices, estimate)", "Pengunjung Wi-Fi (perangkat, perkiraan)"),
    "visits.wifi_visitor_days": ("Wi-Fi visitors (devices, visitor-days)", "Pengunjung Wi-Fi (perangkat, hari-pengunjung)"),
    "visits.wifi_minutes": ("Wi-Fi minutes", "Menit Wi-Fi"),
    "visits.minutes_per_visit": ("Wi-Fi minutes per visit", "Menit Wi-Fi per kunjungan"),
    "visits.share": ("Visitors using the Wi-Fi", "Pengunjung yang memakai Wi-Fi"),
    "visits.estimate": ("estimate: a range", "perkiraan: rentang"),
    "visits.share_note": (
        "Library visits come from the INLISLite guest book. The share of visitors using the Wi-Fi is an estimate: "
        "Wi-Fi visitors are devices (counted as {low} to {high} devices per person), not everyone signs the guest "
        "book, and staff devices count too. Only days with guest-book entries are compared.",
        "Kunjungan perpustakaan berasal dari buku tamu INLISLite. Bagian pengunjung yang memakai Wi-Fi adalah "
        "perkiraan: pengunjung Wi-Fi adalah perangkat (dihitung {low} sampai {high} perangkat per orang), tidak "
        "semua pengunjung mengisi buku tamu, dan perangkat petugas ikut terhitung. Hanya hari yang ada isian buku "
        "tamunya yang dibandingkan."),
    "visits.capped": (
        "More Wi-Fi visitors than signed guest-book visits: the guest book misses visitors, so the share is shown "
        "as at least the lower figure.",
        "Pengunjung Wi-Fi lebih banyak daripada kunjungan di buku tamu: buku tamu tidak mencatat semua pengunjung, "
        "jadi bagian ditampilkan sebagai paling sedikit angka bawahnya."),
    "visits.none": (
        "No library visits for this period: connect the INLISLite guest book (inlislite: in kunang.yaml) or "
        "import an export with `kunang visits import --csv`.",
        "Tidak ada kunjungan perpustakaan untuk periode ini: hubungkan buku tamu INLISLite (inlislite: di "
        "kunang.yaml) atau impor ekspornya dengan `kunang visits import --csv`."),
    "visits.chart_daily": ("Library visits and Wi-Fi visitors (devices) per day", "Kunjungan perpustakaan dan pengunjung Wi-Fi (perangkat) per hari"),
    "visits.chart_purpose": ("Wi-Fi use by visit purpose (hours lined up)", "Pemakaian Wi-Fi menurut tujuan kunjungan (per jam)"),
    "visits.chart_trend": ("Library visits and Wi-Fi, last 12 months", "Kunjungan perpustakaan dan Wi-Fi, 12 bulan terakhir"),
    "visits.chart_profile": ("Visitors by gender, profession and education", "Pengunjung menurut jenis kelamin, pekerjaan dan pendidikan"),
    "visits.chart_ranking": ("Libraries by visits and by Wi-Fi visitors (devices)", "Perpustakaan menurut kunjungan dan pengunjung Wi-Fi (perangkat)"),
    "visits.purpose": ("Visit purpose", "Tujuan kunjungan"),
    "visits.dimension": ("Breakdown", "Rincian"),
    "visits.category": ("Category", "Kategori"),
    "visits.rank_visits": ("Rank by visits", "Peringkat kunjungan"),
    "visits.rank_wifi": ("Rank by Wi-Fi visitors (devices)", "Peringkat pengunjung Wi-Fi (perangkat)"),
    "visits.dim.gender": ("Gender", "Jenis kelamin"),
    "visits.dim.profession": ("Profession", "Pekerjaan"),
    "visits.dim.education": ("Education", "Pendidikan"),
    "visits.cat.unknown": ("not recorded", "tidak dicatat"),
    "visits.cat.individual": ("individual", "perorangan"),
    "visits.cat.group": ("group", "rombongan"),
    "visits.cat.male": ("male", "laki-laki"),
    "visits.cat.female": ("female", "perempuan"),
    "visits.cat.none": ("no schooling", "tidak sekolah"),
    "visits.cat.sd": ("primary (SD)", "SD"),
    "visits.cat.smp": ("junior secondary (SMP)", "SMP"),
    "visits.cat.sma": ("senior secondary (SMA)", "SMA"),
    "visits.cat.d1": ("diploma (D1)", "D1"),
    "visits.cat.d2": ("diploma (D2)", "D2"),
    "visits.cat.d3": ("diploma (D3)", "D3"),
    "visits.cat.d4": ("diploma (D4)", "D4"),
    "visits.cat.s1": ("bachelor (S1)", "S1"),
    "visits.cat.s2": ("master (S2)", "S2"),
    "visits.cat.s3": ("doctorate (S3)", "S3"),
    "visits.cat.civil_servant": ("civil servant", "PNS"),
    "visits.cat.private_employee": ("private employee", "pegawai swasta"),
    "visits.cat.researcher": ("researcher", "peneliti"),
    "visits.cat.teacher": ("teacher", "guru"),
    "visits.cat.lecturer": ("lecturer", "dosen"),
    "visits.cat.retired": ("retired", "pensiunan"),
    "visits.cat.military_police": ("military / police", "TNI/Polri"),
    "visits.cat.entrepreneur": ("self-employed", "wiraswasta"),
    "visits.cat.pupil": ("school pupil", "pelajar"),
    "visits.cat.student": ("university student", "mahasiswa"),
    "visits.cat.farmer_fisher": ("farmer / fisher", "petani / nelayan"),
    "visits.cat.homemaker": ("homemaker", "ibu rumah tangga"),
    "visits.cat.other": ("other", "lainnya"),
    "dq.inlislite": ("INLISLite guest book", "Buku tamu INLISLite"),
    "dq.inlislite.ok": ("Reachable; last pull {when}: {visits} visits in the window.",
                        "Terhubung; penarikan terakhir {when}: {visits} kunjungan dalam jendela."),
    "dq.inlislite.unreachable": ("Not reachable since {since} (last good pull: {last}). {detail}",
                                 "Tidak terhubung sejak {since} (penarikan berhasil terakhir: {last}). {detail}"),
    "dq.inlislite.schema_error": ("The database lacks what Kunang reads: {detail}",
                                  "Basis data tidak memiliki yang dibaca Kunang: {detail}"),
    "dq.inlislite.error": ("Pull failed: {detail}", "Penarikan gagal: {detail}"),
    "dq.inlislite.unmapped": ("{n} visits at INLISLite locations no site maps (inlislite.sites in kunang.yaml).",
                              "{n} kunjungan di lokasi INLISLite yang tidak dipetakan ke lokasi mana pun "
                              "(inlislite.sites di kunang.yaml)."),
    "dq.inlislite.never": ("never", "belum pernah"),
}

"""Every user-facing string of the reports, in Bahasa Indonesia and English,
and the number/date formats of each language (Babel locales `id` and `en`)."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal

LANGS = ("id", "en")

T: dict[str, dict[str, str]] = {
    "title": {"id": "Laporan Bulanan Penggunaan Wi-Fi", "en": "Monthly Wi-Fi Usage Report"},
    "district": {"id": "Rekap seluruh perpustakaan", "en": "District roll-up, all libraries"},
    "period": {"id": "Periode", "en": "Period"},
    "generated": {"id": "Dibuat", "en": "Generated"},
    "page": {"id": "Halaman {n} dari {total}", "en": "Page {n} of {total}"},
    "libraries": {"id": "{n} perpustakaan", "en": "{n} libraries"},
    # sections
    "s_headline": {"id": "Angka utama", "en": "Headline figures"},
    "s_daily": {"id": "Pengunjung harian", "en": "Daily visitors"},
    "s_heatmap": {"id": "Rata-rata klien terhubung per hari dan jam",
                  "en": "Average connected clients by weekday and hour"},
    "s_sites": {"id": "Per perpustakaan", "en": "Per library"},
    "s_aps": {"id": "Per titik akses (AP)", "en": "Per access point (AP)"},
    "s_portal": {"id": "Login portal dan perangkat terhubung", "en": "Portal logins and associated devices"},
    "s_alerts": {"id": "Ringkasan gangguan (menit mati per AP)", "en": "Alert summary (downtime minutes per AP)"},
    "s_quality": {"id": "Catatan kualitas data", "en": "Data-quality notes"},
    "s_definitions": {"id": "Lampiran: definisi", "en": "Appendix: definitions"},
    # headline metrics
    "sessions": {"id": "Sesi Wi-Fi", "en": "Wi-Fi sessions"},
    "visitors": {"id": "Pengunjung unik", "en": "Unique visitors"},
    "returning_share": {"id": "Pengunjung kembali", "en": "Returning share"},
    "median_dwell": {"id": "Median lama kunjungan", "en": "Median dwell"},
    "total_bytes": {"id": "Total data", "en": "Total data"},
    "busiest_day": {"id": "Hari tersibuk", "en": "Busiest day"},
    "busiest_hour": {"id": "Jam tersibuk", "en": "Busiest hour"},
    "availability": {"id": "Ketersediaan AP", "en": "AP availability"},
    # table headers
    "h_metric": {"id": "Ukuran", "en": "Metric"},
    "h_month": {"id": "Bulan ini", "en": "This month"},
    "h_prev": {"id": "Bulan lalu", "en": "Previous month"},
    "h_change": {"id": "Perubahan", "en": "Change"},
    "h_last_year": {"id": "Tahun lalu", "en": "Last year"},
    "h_day": {"id": "Tanggal", "en": "Date"},
    "h_weekday": {"id": "Hari", "en": "Weekday"},
    "h_hour": {"id": "Jam", "en": "Hour"},
    "h_site": {"id": "Perpustakaan", "en": "Library"},
    "h_ap": {"id": "AP", "en": "AP"},
    "h_sessions": {"id": "Sesi", "en": "Sessions"},
    "h_visitors": {"id": "Pengunjung", "en": "Visitors"},
    "h_peak": {"id": "Puncak klien", "en": "Peak clients"},
    "h_data": {"id": "Data", "en": "Data"},
    "h_data_gb": {"id": "Data (GB)", "en": "Data (GB)"},
    "h_availability": {"id": "Ketersediaan %", "en": "Availability %"},
    "h_coverage": {"id": "Cakupan %", "en": "Coverage %"},
    "h_outages": {"id": "Gangguan", "en": "Outages"},
    "h_downtime": {"id": "Menit mati", "en": "Downtime min"},
    "h_longest": {"id": "Terlama (menit)", "en": "Longest (min)"},
    "h_logins": {"id": "Login portal", "en": "Portal logins"},
    "h_users": {"id": "Pengguna portal", "en": "Portal users"},
    "h_devices": {"id": "Perangkat terhubung", "en": "Associated devices"},
    "h_portal_only": {"id": "Hanya portal", "en": "Portal only"},
    "h_clients": {"id": "Rata-rata klien", "en": "Average clients"},
    "h_total": {"id": "Jumlah", "en": "Total"},
    "h_value": {"id": "Nilai", "en": "Value"},
    "h_term": {"id": "Istilah", "en": "Term"},
    "h_meaning": {"id": "Arti", "en": "Meaning"},
    # notes
    "no_data": {"id": "tidak ada data", "en": "no data"},
    "no_alerts": {"id": "Tidak ada AP yang mati bulan ini.", "en": "No AP was down this month."},
    "no_portal": {"id": "Tidak ada data portal untuk bulan ini.", "en": "No captive-portal data for this month."},
    "estimate_mark": {"id": "≈ perkiraan (MAC acak: batas bawah/atas)",
                      "en": "≈ estimate (randomised MACs: lower/upper bound)"},
    "incomplete_mark": {"id": "† dihitung dari data tidak lengkap", "en": "† computed over incomplete data"},
    "q_coverage": {"id": "Cakupan pemantauan (poll diterima / diharapkan pada jam buka): {v}.",
                   "en": "Monitoring coverage (polls received / expected during opening hours): {v}."},
    "q_random": {"id": "Perangkat dengan MAC acak: {v} dari pengunjung.",
                 "en": "Devices with a randomised MAC: {v} of visitors."},
    "q_incomplete": {"id": "Hari dengan data tidak lengkap: {v}.", "en": "Days with incomplete data: {v}."},
    "q_complete": {"id": "Semua hari buka memiliki data lengkap.", "en": "Every opening day has complete data."},
    "q_salt": {"id": "Mode pseudonim harian aktif: pengunjung kembali tidak dihitung.",
               "en": "Daily-rotating pseudonyms are on: returning visitors are not computed."},
    "q_estimates": {"id": "Angka bertanda ≈ adalah perkiraan: {v}.", "en": "Figures marked ≈ are estimates: {v}."},
    "q_sources": {"id": "Sumber data: {v}.", "en": "Data sources: {v}."},
    "src_snmp": {"id": "kehadiran SNMP", "en": "SNMP presence"},
    "src_portal": {"id": "log portal", "en": "portal logs"},
    "chart_visitors": {"id": "Pengunjung", "en": "Visitors"},
    "chart_sessions": {"id": "Sesi", "en": "Sessions"},
    "weekdays": {"id": "Sen,Sel,Rab,Kam,Jum,Sab,Min", "en": "Mon,Tue,Wed,Thu,Fri,Sat,Sun"},
    # e-mail
    "mail_subject": {"id": "Laporan Wi-Fi {period}: {name}", "en": "Wi-Fi report {period}: {name}"},
    "mail_body": {
        "id": "Terlampir laporan bulanan penggunaan Wi-Fi untuk {period}.\n\n{lines}\n\n"
              "Laporan juga dapat diunduh dari halaman Laporan di dasbor Kunang.\n",
        "en": "Attached is the monthly Wi-Fi usage report for {period}.\n\n{lines}\n\n"
              "The reports can also be downloaded from the Reports page of the Kunang dashboard.\n",
    },
    "mail_not_attached": {"id": "Tidak dilampirkan (terlalu besar), tersedia di dasbor: {v}",
                          "en": "Not attached (too large), available on the dashboard: {v}"},
}

# XLSX sheet names (<= 31 characters) and CSV file names
SHEETS = {
    "info": {"id": "Info", "en": "Info"},
    "headline": {"id": "Angka utama", "en": "Headline"},
    "daily": {"id": "Harian", "en": "Daily"},
    "heatmap": {"id": "Hari x jam", "en": "Weekday x hour"},
    "sites": {"id": "Perpustakaan", "en": "Libraries"},
    "aps": {"id": "AP", "en": "Access points"},
    "portal": {"id": "Portal", "en": "Portal"},
    "alerts": {"id": "Gangguan", "en": "Alerts"},
    "quality": {"id": "Kualitas data", "en": "Data quality"},
    "definitions": {"id": "Definisi", "en": "Definitions"},
}

# definitions appendix: (term key, meaning) per language; {G} {M} {R} are the deployment's settings
DEFINITIONS: list[tuple[str, dict[str, str]]] = [
    ("sessions", {
        "id": "Satu sesi per koneksi perangkat, berapa pun lamanya (seperti \"Wi-Fi sessions\" survei IMLS). "
              "Perpindahan antar-AP di satu perpustakaan dengan jeda paling lama {G} menit tetap satu sesi.",
        "en": "One per device connection, regardless of length (as the IMLS survey counts \"Wi-Fi sessions\"). "
              "Roaming between APs of one library with a gap of at most {G} minutes is the same session."}),
    ("visitors", {
        "id": "Perangkat berbeda yang hadir di perpustakaan pada suatu hari paling sedikit {M} menit; "
              "yang kurang dari itu dianggap lewat dan tidak dihitung. Pengunjung unik bulan ini: perangkat "
              "berbeda yang menjadi pengunjung pada sedikitnya satu hari.",
        "en": "A distinct device present at a library on a day for at least {M} minutes; shorter presence "
              "is a passer-by and not counted. Unique visitors of the month: distinct devices that were "
              "a visitor on at least one day."}),
    ("returning_share", {
        "id": "Bagian kunjungan oleh perangkat yang juga terlihat di perpustakaan yang sama pada hari lain "
              "dalam {R} hari sebelumnya.",
        "en": "Share of visits by devices also seen at the same library on another day within the previous "
              "{R} days."}),
    ("median_dwell", {
        "id": "Median lama kehadiran per kunjungan (perangkat per hari).",
        "en": "Median presence time per visit (device per day)."}),
    ("total_bytes", {
        "id": "Jumlah data yang dikirim dan diterima perangkat klien (penghitung AP).",
        "en": "Bytes sent and received by client devices (AP counters)."}),
    ("busiest_day", {
        "id": "Tanggal dengan pengunjung terbanyak.", "en": "The date with the most visitors."}),
    ("busiest_hour", {
        "id": "Jam dengan rata-rata klien terhubung tertinggi.",
        "en": "The hour of day with the highest average of connected clients."}),
    ("availability", {
        "id": "Bagian poll SNMP yang dijawab AP (tanpa controller).",
        "en": "Share of SNMP polls the APs answered (controllers excluded)."}),
    ("h_peak", {
        "id": "Jumlah klien terhubung bersamaan tertinggi dalam satu poll.",
        "en": "Highest number of concurrently associated clients in one poll."}),
    ("h_outages", {
        "id": "Berapa kali AP dinyatakan mati (setelah beberapa poll gagal berturut-turut); menit mati "
              "dihitung sampai AP kembali hidup.",
        "en": "How many times an AP was declared down (after consecutive failed polls); downtime minutes "
              "run until it came back up."}),
    ("h_coverage", {
        "id": "Poll yang diterima dibanding yang diharapkan selama jam buka; hari di bawah 90% ditandai "
              "tidak lengkap.",
        "en": "Polls received over polls expected during opening hours; days below 90% are marked incomplete."}),
    ("h_logins", {
        "id": "Login berhasil di portal tawanan; pengguna portal: nama pengguna berbeda (dalam bentuk pseudonim).",
        "en": "Successful captive-portal logins; portal users: distinct user names (as pseudonyms)."}),
    ("randomized", {
        "id": "MAC yang diatur lokal (digit heksadesimal kedua 2, 6, A atau E). MAC acak yang berganti "
              "membuat pengunjung unik lebih tinggi dan pengunjung kembali lebih rendah dari sebenarnya.",
        "en": "Locally administered MAC (second hex digit 2, 6, A or E). Rotating random MACs inflate unique "
              "visitors and deflate returning visitors."}),
]
T["randomized"] = {"id": "MAC acak", "en": "Randomised MAC"}

LOCALE = {"id": "id_ID", "en": "en_GB"}


def t(key: str, lang: str, **kw) -> str:
    text = T[key][lang]
    return text.format(**kw) if kw else text


def weekdays(lang: str) -> list[str]:
    return T["weekdays"][lang].split(",")


def num(value, lang: str, digits: int = 0) -> str:
    if value is None:
        return "–"
    fmt = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=fmt, locale=LOCALE[lang])


def pct(value, lang: str, digits: int = 1) -> str:
    """`value` is a fraction (0.345 -> 34.5 %)."""
    if value is None:
        return "–"
    return num(value * 100, lang, digits) + "%"


def pct_points(value, lang: str, digits: int = 1) -> str:
    """`value` is already in percent (99.5 -> 99.5%)."""
    if value is None:
        return "–"
    return num(value, lang, digits) + "%"


def signed_pct(value, lang: str) -> str:
    if value is None:
        return "–"
    sign = "+" if value >= 0.0005 else ("−" if value <= -0.0005 else "±")
    return sign + num(abs(value) * 100, lang, 1) + "%"


def signed_points(value, lang: str) -> str:
    """A difference of percentages, in percentage points."""
    if value is None:
        return "–"
    sign = "+" if value > 0.05 else ("−" if value < -0.05 else "±")
    return sign + num(abs(value), lang, 1) + (" poin" if lang == "id" else " pp")


def data_size(nbytes, lang: str) -> str:
    if nbytes is None:
        return "–"
    for unit, size in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if nbytes >= size:
            return num(nbytes / size, lang, 1) + " " + unit
    return num(nbytes, lang) + " B"


def minutes(value, lang: str) -> str:
    if value is None:
        return "–"
    return num(value, lang, 1) + (" menit" if lang == "id" else " min")


def month_name(month, lang: str) -> str:
    return format_date(month.first, "LLLL yyyy", locale=LOCALE[lang])


def day(d: dt.date, lang: str) -> str:
    return format_date(d, "EEE d MMM yyyy", locale=LOCALE[lang])


def short_day(d: dt.date, lang: str) -> str:
    return format_date(d, "d MMM", locale=LOCALE[lang])


def hour(h: int | None, lang: str) -> str:
    if h is None:
        return "–"
    return f"{h:02d}:00–{(h + 1) % 24:02d}:00"


def stamp(when: dt.datetime, lang: str) -> str:
    return format_datetime(when, "d MMM yyyy HH:mm", locale=LOCALE[lang]) + " UTC"


def figure_value(f, lang: str, which: str = "value") -> str:
    """A headline figure's value (or `previous` / `last_year`) as text."""
    v = getattr(f, which)
    if v is None:
        return "–"
    if f.unit == "count":
        return num(v, lang)
    if f.unit == "share":
        return pct(v, lang)
    if f.unit == "pct":
        return pct_points(v, lang, 2)
    if f.unit == "minutes":
        return minutes(v, lang)
    if f.unit == "bytes":
        return data_size(v, lang)
    if f.unit == "date":
        return day(v, lang)
    if f.unit == "hour":
        return hour(v, lang)
    return str(v)

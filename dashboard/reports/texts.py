"""Every user-facing string of the reports, in Bahasa Indonesia and English,
and the number/date formats of each language (Babel locales `id` and `en`).

Size: a catalogue: every report string in two languages.
"""

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
    "s_daily": {"id": "Pengunjung harian (perangkat)", "en": "Daily visitors (devices)"},
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
    "visitors": {"id": "Perangkat pengunjung", "en": "Visitor devices"},
    "persons": {"id": "Kunjungan orang", "en": "Person-visits"},
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
    "h_visitors": {"id": "Pengunjung (perangkat)", "en": "Visitors (devices)"},
    "h_peak": {"id": "Puncak klien", "en": "Peak clients"},
    "h_data": {"id": "Data", "en": "Data"},
    "h_data_gb": {"id": "Data (GB)", "en": "Data (GB)"},
    "h_availability": {"id": "Tersedia %", "en": "Available %"},
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
    "h_sum_days": {"id": "Jumlah harian sebulan", "en": "Sum of the days"},
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
    "q_unmonitored": {"id": "Tidak dipantau (sebelum pemantauan dimulai atau belum terjadi; tidak dihitung dalam "
                            "cakupan maupun angka): {v}.",
                      "en": "Not monitored (before monitoring began, or still to come; counted neither in the "
                            "coverage nor in any figure): {v}."},
    "not_monitored": {"id": "tidak dipantau", "en": "not monitored"},
    "chart_unmonitored": {"id": "Tidak dipantau", "en": "Not monitored"},
    "ap_unassigned": {"id": "Tanpa AP tertentu", "en": "Not assigned to an AP"},
    "ap_counts_only": {"id": "* AP ini tidak melaporkan perangkat mana yang terhubung (hanya jumlahnya, atau tidak sama "
                             "sekali): sesi dan datanya tidak dapat dikaitkan dengannya (–) dan masuk ke baris "
                             "\"Tanpa AP tertentu\".",
                       "en": "* This AP does not report which devices are connected (only how many, or nothing): its "
                             "sessions and data cannot be credited to it (–) and are in the row \"Not assigned to an "
                             "AP\"."},
    "ap_unassigned_note": {"id": "\"Tanpa AP tertentu\": sesi dan data lokasi yang tidak dapat dikaitkan dengan satu "
                                 "AP (mis. hanya dari log portal); baris-baris tabel berjumlah sama dengan angka lokasi.",
                           "en": "\"Not assigned to an AP\": the site's sessions and data no single AP can be credited "
                                 "with (e.g. seen only in the portal logs); the rows add up to the site's figures."},
    "q_complete": {"id": "Semua hari buka memiliki data lengkap.", "en": "Every opening day has complete data."},
    "q_salt": {"id": "Mode pseudonim harian aktif: pengunjung kembali tidak dihitung.",
               "en": "Daily-rotating pseudonyms are on: returning visitors are not computed."},
    "q_estimates": {"id": "Angka bertanda ≈ adalah perkiraan: {v}.", "en": "Figures marked ≈ are estimates: {v}."},
    "q_sources": {"id": "Sumber data: {v}.", "en": "Data sources: {v}."},
    "q_backfilled": {"id": "Data susulan: {v} tiba terlambat (setelah jaringan desa kembali) dan dihitung pada "
                           "hari dan bulan asalnya.",
                     "en": "Backfilled data: {v} arrived late (after the village's link came back) and is counted "
                           "on the days and in the month it belongs to."},
    "q_backfilled_site": {"id": "{site}: {n} catatan", "en": "{site}: {n} records"},
    "not_yet": {"id": "belum", "en": "not yet"},
    "q_persons": {"id": "Pengunjung dihitung sebagai perangkat (satu orang dengan ponsel dan laptop terhitung dua). "
                        "Perkiraan orang: ≈ {est} kunjungan orang (rentang {low}–{high}): perangkat satu pengguna "
                        "portal dihitung sekali, perangkat yang datang dan pergi bersama dihitung satu orang.",
                  "en": "Visitors are counted as devices (a person with a phone and a laptop is two). Estimated "
                        "persons: ≈ {est} person-visits (range {low}–{high}): devices of one portal user count once, "
                        "devices arriving and leaving together count as one person."},
    "q_blind": {"id": "Titik buta: {aps} tidak mencantumkan klien (hanya jumlah atau tidak ada). Sesi, lama "
                      "kunjungan dan pengunjung tidak lengkap pada {n} hari ({days}); login portal di sana tetap "
                      "dihitung. Orang mencakup perkiraan yang tidak terlihat sumber mana pun; sesi termasuk "
                      "perkiraan itu: ≈ {sessions}.",
                "en": "Blind spots: {aps} list no clients (counts only, or nothing). Sessions, dwell time and "
                      "visitors are incomplete on {n} day(s) ({days}); portal logins there still count. Persons "
                      "include an estimate of those no source saw; sessions including that estimate: ≈ {sessions}."},
    "q_not_yet": {"id": "Pengunjung kembali memerlukan riwayat {R} hari sebelum suatu hari: belum tersedia pada {n} "
                        "hari ({days}), yang tidak dihitung.",
                  "en": "The returning share needs {R} days of history before a day: not yet on {n} day(s) "
                        "({days}), which are left out of it."},
    "q_resolution": {"id": "Lama kunjungan dari poll AP saja memiliki resolusi ± 1 poll ({v}).",
                     "en": "Dwell time from the AP polls alone is resolved to ± 1 poll ({v})."},
    "src_snmp": {"id": "kehadiran SNMP", "en": "SNMP presence"},
    "src_portal": {"id": "log portal", "en": "portal logs"},
    "chart_visitors": {"id": "Pengunjung (perangkat)", "en": "Visitors (devices)"},
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

T["defs_source"] = {"id": "Pertanyaan tentang angka-angka ini: hubungi pengelola Kunang di kantor Anda.",
                   "en": "Questions about these figures: ask the Kunang administrator of your office."}

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
        "id": "Satu sesi per koneksi perangkat di satu perpustakaan, berapa pun lamanya (seperti \"Wi-Fi sessions\" "
              "survei IMLS), dari kehadiran SNMP dan login portal yang digabung per perangkat. Perpindahan antar-AP "
              "atau terputus paling lama {G} menit tetap satu sesi.",
        "en": "One per connection of a device at a library, regardless of length (as the IMLS survey counts "
              "\"Wi-Fi sessions\"), from SNMP presence and portal logins joined per device. Roaming between APs or "
              "a drop of at most {G} minutes is the same session."}),
    ("visitors", {
        "id": "Pengunjung: perangkat berbeda yang hadir di perpustakaan pada suatu hari paling sedikit {M} menit "
              "(kurang dari itu: lewat). Pengunjung unik bulan ini: perangkat berbeda yang menjadi pengunjung pada "
              "sedikitnya satu hari. Rekap kabupaten: jumlah pengunjung unik semua perpustakaan.",
        "en": "Visitor: a distinct device present at a library on a day for at least {M} minutes (less: a "
              "passer-by). Unique visitors of the month: distinct devices that were a visitor on at least one day. "
              "District roll-up: the sum of the libraries' unique visitors."}),
    ("persons", {
        "id": "Perkiraan jumlah orang di antara pengunjung per hari, dijumlah sebulan: perangkat satu pengguna portal "
              "adalah satu orang; dua perangkat yang datang dan pergi dalam beberapa menit satu sama lain "
              "kemungkinan satu orang (dikurangi pasangan kebetulan); ditambah perkiraan yang tidak terlihat "
              "sumber mana pun. Rentang: dari semua pasangan sebagai satu orang sampai setiap perangkat satu orang.",
        "en": "Estimated persons among each day's visitors, summed over the month: the devices of one portal user "
              "are one person; two devices arriving and leaving within minutes of each other are probably one "
              "person (less the pairs expected by chance); plus an estimate of those no source saw. Range: from "
              "every such pair being one person to every device being one."}),
    ("returning_share", {
        "id": "Hari-kunjungan oleh pengunjung kembali dibagi semua hari-kunjungan, pada perangkat dengan MAC "
              "tetap (MAC acak bisa berganti). Kembali: perangkat yang juga terlihat di perpustakaan yang sama pada "
              "salah satu dari {R} hari sebelumnya; hari tanpa riwayat {R} hari tidak dihitung (\"belum\").",
        "en": "Returning visitor-days over all visitor-days, on devices with a stable (global) MAC (random MACs "
              "may rotate). Returning: the device was also seen at the same library on one of the {R} days before; "
              "days without {R} days of history are left out (\"not yet\")."}),
    ("median_dwell", {
        "id": "Median lama sesi (akhir − awal). Dengan SNMP saja, lebih pendek dari sebenarnya paling banyak "
              "satu interval poll.",
        "en": "Median length of the sessions (end − start). With SNMP alone it is short of the true stay by "
              "at most one poll interval (± 1 poll)."}),
    ("total_bytes", {
        "id": "Data turun + naik per sesi: yang lebih besar dari penghitung AP (SNMP) dan akuntansi portal.",
        "en": "Bytes down + up per session: the larger of the AP counters (SNMP) and the portal accounting."}),
    ("busiest_day", {
        "id": "Tanggal dengan pengunjung terbanyak (yang lebih awal bila sama).",
        "en": "The date with the most visitors (the earlier on a tie)."}),
    ("busiest_hour", {
        "id": "Jam (waktu setempat) dengan rata-rata klien terhubung tertinggi dalam bulan ini (jumlah semua AP, "
              "tanpa controller).",
        "en": "The local hour of day with the highest average of connected clients in the month (summed over "
              "the APs, controllers excluded)."}),
    ("availability", {
        "id": "Poll SNMP yang dijawab dibagi poll yang dicoba selama jam buka, untuk AP (tanpa controller).",
        "en": "SNMP polls answered over polls attempted during opening hours, over the APs (controllers "
              "excluded)."}),
    ("h_peak", {
        "id": "Jumlah klien terhubung bersamaan tertinggi pada AP dalam satu poll.",
        "en": "Highest number of clients associated at the same time with the AP in one poll."}),
    ("h_outages", {
        "id": "Dari kejadian AP mati (setelah beberapa poll gagal berturut-turut) sampai AP hidup lagi, dipotong "
              "pada batas bulan; menit mati adalah jumlah lamanya.",
        "en": "From an AP's down event (after consecutive failed polls) to its next up event, clipped to the "
              "month; downtime minutes are their total length."}),
    ("h_coverage", {
        "id": "Poll yang dijawab selama jam buka dibagi poll yang diharapkan (detik buka / interval poll). "
              "Hari dengan cakupan di bawah {C}% ditandai tidak lengkap, juga setiap angka yang mencakupnya (†).",
        "en": "Polls answered during opening hours over polls expected (opening seconds / poll interval). "
              "Days below {C}% coverage are marked incomplete, and so is every figure that includes them (†)."}),
    ("h_logins", {
        "id": "Sesi portal tawanan yang dimulai; pengguna portal: nama pengguna berbeda (sebagai pseudonim). "
              "Perangkat terhubung: perangkat dengan kehadiran SNMP.",
        "en": "Captive-portal sessions started; portal users: distinct user names (as pseudonyms). Associated "
              "devices: devices with SNMP presence."}),
    ("randomized", {
        "id": "MAC yang diatur lokal (digit heksadesimal kedua 2, 6, A atau E). MAC acak yang berganti "
              "membuat pengunjung unik lebih tinggi (batas atas) dan pengunjung kembali lebih rendah (batas bawah).",
        "en": "Locally administered MAC (second hex digit 2, 6, A or E). Rotating random MACs make unique "
              "visitors an upper bound and returning visitors a lower bound."}),
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


def stamp(when: dt.datetime, lang: str, zone: str | None = None) -> str:
    """A moment in the report's (first) time zone, with its abbreviation (WITA, WIB, ...); UTC without one."""
    from zoneinfo import ZoneInfo

    name = (zone or "UTC").split(",")[0].strip() or "UTC"
    try:
        local = when.astimezone(ZoneInfo(name))
    except (KeyError, ValueError):
        local = when.astimezone(dt.timezone.utc)
    abbr = local.strftime("%Z")
    if not abbr or abbr[0] in "+-":
        abbr = "UTC" + local.strftime("%z")[:3] if local.utcoffset() else "UTC"
    return format_datetime(local.replace(tzinfo=None), "d MMM yyyy HH:mm", locale=LOCALE[lang]) + " " + abbr


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

"""Alert messages in Bahasa Indonesia (`id`) and English (`en`). Pure.

`render(kind, event, lang, facts)` returns (subject, body). `facts` holds
plain values: ap, site, source, since/at (aware datetimes), tz (IANA name),
clients, minutes, transitions, aps (count), detail text.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

PREFIX = "[Kunang]"

# (kind, event) -> {lang: (subject, first line)}; event "firing" also serves "reminder".
TEXTS: dict[tuple[str, str], dict[str, tuple[str, str]]] = {
    ("ap_down", "firing"): {
        "en": ("DOWN: {ap} at {site}", "Access point {ap} at {site} is down since {since}."),
        "id": ("MATI: {ap} di {site}", "Access point {ap} di {site} mati (tidak terjangkau) sejak {since}."),
    },
    ("ap_down", "resolved"): {
        "en": ("UP: {ap} at {site}", "Access point {ap} at {site} is back up at {at} (down for {duration})."),
        "id": ("NYALA: {ap} di {site}", "Access point {ap} di {site} sudah menyala kembali pukul {at} (mati selama {duration})."),
    },
    ("site_down", "firing"): {
        "en": ("SITE OFFLINE: {site}", "Site {site} is offline since {since}: all {aps} access points are down{why}."),
        "id": ("LOKASI TERPUTUS: {site}", "Lokasi {site} terputus sejak {since}: semua {aps} access point mati{why}."),
    },
    ("site_down", "resolved"): {
        "en": ("SITE BACK: {site}", "Site {site} is reachable again at {at} (offline for {duration})."),
        "id": ("LOKASI PULIH: {site}", "Lokasi {site} sudah terhubung kembali pukul {at} (terputus selama {duration})."),
    },
    ("network_down", "firing"): {
        "en": ("ALL SITES UNREACHABLE",
               "All {sites} sites ({aps} access points) are unreachable since {since}: most likely the collector's "
               "own network or Internet link is down, not the libraries."),
        "id": ("SEMUA LOKASI TIDAK TERJANGKAU",
               "Semua {sites} lokasi ({aps} access point) tidak terjangkau sejak {since}: kemungkinan besar jaringan "
               "atau koneksi internet kolektor sendiri yang terputus, bukan perpustakaannya."),
    },
    ("network_down", "resolved"): {
        "en": ("SITES REACHABLE AGAIN", "The sites are reachable again at {at} (unreachable for {duration})."),
        "id": ("LOKASI TERJANGKAU KEMBALI", "Lokasi-lokasi sudah terjangkau kembali pukul {at} (terputus selama {duration})."),
    },
    ("ap_flapping", "firing"): {
        "en": ("FLAPPING: {ap} at {site}",
               "Access point {ap} at {site} is unstable: {transitions} changes between up and down within {minutes} minutes (since {since})."),
        "id": ("TIDAK STABIL: {ap} di {site}",
               "Access point {ap} di {site} tidak stabil: {transitions} kali berganti nyala/mati dalam {minutes} menit (sejak {since})."),
    },
    ("ap_flapping", "resolved"): {
        "en": ("STABLE: {ap} at {site}", "Access point {ap} at {site} is stable again at {at} ({state})."),
        "id": ("STABIL: {ap} di {site}", "Access point {ap} di {site} sudah stabil kembali pukul {at} ({state})."),
    },
    ("ap_reboot", "firing"): {
        "en": ("RESTARTED: {ap} at {site}", "Access point {ap} at {site} restarted (noticed at {since})."),
        "id": ("DINYALAKAN ULANG: {ap} di {site}", "Access point {ap} di {site} baru saja dinyalakan ulang (terdeteksi pukul {since})."),
    },
    ("high_load", "firing"): {
        "en": ("BUSY: {ap} at {site}", "Access point {ap} at {site} has {clients} clients for at least {minutes} minutes (since {since})."),
        "id": ("PADAT: {ap} di {site}", "Access point {ap} di {site} melayani {clients} pengguna selama setidaknya {minutes} menit (sejak {since})."),
    },
    ("high_load", "resolved"): {
        "en": ("LOAD NORMAL: {ap} at {site}", "Access point {ap} at {site} is back under its client threshold at {at}."),
        "id": ("BEBAN NORMAL: {ap} di {site}", "Access point {ap} di {site} sudah di bawah batas jumlah pengguna pukul {at}."),
    },
    ("collector_stalled", "firing"): {
        "en": ("COLLECTOR STALLED", "The Kunang collector has not completed a poll round since {since}."),
        "id": ("KOLEKTOR MACET", "Kolektor Kunang belum menyelesaikan satu putaran polling sejak {since}."),
    },
    ("collector_stalled", "resolved"): {
        "en": ("COLLECTOR RUNNING", "The Kunang collector completed a poll round again at {at} (stalled for {duration})."),
        "id": ("KOLEKTOR BERJALAN", "Kolektor Kunang kembali menyelesaikan putaran polling pukul {at} (macet selama {duration})."),
    },
    ("portal_silent", "firing"): {
        "en": ("PORTAL SILENT: {source} at {site}",
               "Captive portal source {source} at {site} has sent no events for {minutes} minutes during opening hours (last: {since})."),
        "id": ("PORTAL SENYAP: {source} di {site}",
               "Sumber portal {source} di {site} tidak mengirim data selama {minutes} menit pada jam buka (terakhir: {since})."),
    },
    ("lines_dropped", "firing"): {
        "en": ("LINES LOST: {source}",
               "Source {source} (collector {collector}) lost {lines} log line(s) before they could be kept "
               "({total} in all): UDP receive buffer or spool full. See the data-quality page."),
        "id": ("BARIS HILANG: {source}",
               "Sumber {source} (kolektor {collector}) kehilangan {lines} baris log sebelum dapat disimpan "
               "({total} seluruhnya): buffer terima UDP atau spool penuh. Lihat halaman kualitas data."),
    },
    ("lines_dropped", "resolved"): {
        "en": ("NO MORE LINES LOST: {source}", "Source {source} has lost no line for 30 minutes ({at})."),
        "id": ("TIDAK ADA BARIS HILANG: {source}", "Sumber {source} tidak kehilangan baris selama 30 menit ({at})."),
    },
    ("village_silent", "firing"): {
        "en": ("VILLAGE SILENT: {site}",
               "The edge of village library {site} has not reported for {hours} hours (last contact: {since}). "
               "Its data waits on the edge and is backfilled when the link returns."),
        "id": ("DESA SENYAP: {site}",
               "Edge perpustakaan desa {site} tidak melapor selama {hours} jam (kontak terakhir: {since}). "
               "Datanya menunggu di edge dan akan dikirim susulan saat jaringan kembali."),
    },
    ("village_silent", "resolved"): {
        "en": ("VILLAGE REPORTING: {site}", "The edge of village library {site} reports again ({at}; silent for {duration})."),
        "id": ("DESA MELAPOR: {site}", "Edge perpustakaan desa {site} kembali melapor ({at}; senyap selama {duration})."),
    },
    ("portal_silent", "resolved"): {
        "en": ("PORTAL ACTIVE: {source} at {site}", "Captive portal source {source} at {site} sends events again ({at})."),
        "id": ("PORTAL AKTIF: {source} di {site}", "Sumber portal {source} di {site} kembali mengirim data ({at})."),
    },
}

WORDS = {
    "en": {"reminder": "REMINDER", "held": "Held until the site opened; the problem started at {since}.",
           "ack": "Acknowledge: kunang alerts ack {id}", "up": "up", "down": "still down",
           "gateway": " (gateway {gateway} unreachable)", "h": "h", "min": "min", "d": "d",
           "test_subject": "Test message", "test_body": "This is a test message from Kunang on channel {channel}. If you read it, the channel works.",
           "digest_subject": "Daily alert summary {date}", "digest_open": "Open alerts ({n}):", "digest_day": "Alerts in the last 24 hours: {n}",
           "digest_none": "No open alerts.", "alert_no": "Alert #{id}"},
    "id": {"reminder": "PENGINGAT", "held": "Ditahan sampai lokasi buka; gangguan dimulai pukul {since}.",
           "ack": "Konfirmasi: kunang alerts ack {id}", "up": "menyala", "down": "masih mati",
           "gateway": " (gateway {gateway} tidak terjangkau)", "h": "jam", "min": "menit", "d": "hari",
           "test_subject": "Pesan uji", "test_body": "Ini pesan uji dari Kunang melalui kanal {channel}. Jika Anda membacanya, kanal berfungsi.",
           "digest_subject": "Ringkasan peringatan harian {date}", "digest_open": "Peringatan aktif ({n}):",
           "digest_day": "Peringatan dalam 24 jam terakhir: {n}", "digest_none": "Tidak ada peringatan aktif.",
           "alert_no": "Peringatan #{id}"},
}


def fmt_time(t: dt.datetime | None, tz: str = "Asia/Makassar") -> str:
    if t is None:
        return "?"
    local = t.astimezone(ZoneInfo(tz))
    return f"{local:%Y-%m-%d %H:%M} {local.tzname()}"


def fmt_duration(seconds: float, lang: str) -> str:
    w = WORDS[lang]
    minutes = max(int(round(seconds / 60)), 0)
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    parts = []
    if days:
        parts.append(f"{days} {w['d']}")
    if hours:
        parts.append(f"{hours} {w['h']}")
    if mins or not parts:
        parts.append(f"{mins} {w['min']}")
    return " ".join(parts)


def render(kind: str, event: str, lang: str, facts: dict) -> tuple[str, str]:
    """Subject and body of one notification. `facts` keys are documented in the module docstring."""
    w = WORDS[lang]
    tz = facts.get("tz") or "Asia/Makassar"
    since = facts.get("since")
    at = facts.get("at")
    values = {
        "ap": facts.get("ap", "?"), "site": facts.get("site", "?"), "source": facts.get("source", "?"),
        "since": fmt_time(since, tz), "at": fmt_time(at, tz), "aps": facts.get("aps", "?"),
        "clients": facts.get("clients", "?"), "minutes": facts.get("minutes", "?"), "sites": facts.get("sites", "?"),
        "transitions": facts.get("transitions", "?"), "collector": facts.get("collector", "?"),
        "lines": facts.get("lines", "?"), "total": facts.get("total", "?"), "hours": facts.get("hours", "?"),
        "duration": fmt_duration((at - since).total_seconds(), lang) if since and at else "?",
        "state": w["up"] if facts.get("state", "up") == "up" else w["down"],
        "why": w["gateway"].format(gateway=facts["gateway"]) if facts.get("gateway") else "",
    }
    texts = TEXTS[(kind, "resolved" if event == "resolved" else "firing")][lang]
    subject = f"{PREFIX} {texts[0].format(**values)}"
    if event == "reminder":
        subject = f"{PREFIX} {w['reminder']}: {texts[0].format(**values)}"
    lines = [texts[1].format(**values)]
    if facts.get("held") and event == "firing":
        lines.append(w["held"].format(since=values["since"]))
    if facts.get("detail"):
        lines.append(str(facts["detail"]))
    if facts.get("alert_id") is not None and event in ("firing", "reminder"):
        lines.append(w["ack"].format(id=facts["alert_id"]))
    return subject, "\n".join(lines)


def render_test(lang: str, channel: str) -> tuple[str, str]:
    w = WORDS[lang]
    return f"{PREFIX} {w['test_subject']}", w["test_body"].format(channel=channel)


def render_digest(lang: str, date: dt.date, opened_24h: int, open_alerts: list[tuple[int, str]]) -> tuple[str, str]:
    """`open_alerts`: (id, one-line subject in this language)."""
    w = WORDS[lang]
    lines = [w["digest_day"].format(n=opened_24h)]
    if open_alerts:
        lines.append(w["digest_open"].format(n=len(open_alerts)))
        lines += [f"- #{i} {s}" for i, s in open_alerts[:50]]
    else:
        lines.append(w["digest_none"])
    return f"{PREFIX} {w['digest_subject'].format(date=date.isoformat())}", "\n".join(lines)

"""A small, deterministic district for report tests: two libraries, five APs,
three months of presence (the report month, the month before, the same month
a year earlier), an AP outage, a collector gap and portal logins.

Rows go into the core tables the collector writes; rollups and analytics
tables are then refreshed by the database's own functions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from zoneinfo import ZoneInfo

import psycopg
from psycopg.types.json import Jsonb

from collector.db import rollups

TZ = ZoneInfo("Asia/Makassar")
HOURS = {"mon": [["08:00", "16:00"]], "tue": [["08:00", "16:00"]], "wed": [["08:00", "16:00"]],
         "thu": [["08:00", "16:00"]], "fri": [["08:00", "11:30"]], "sat": [["08:00", "12:00"]], "sun": []}
SITES = {
    "Perpustakaan Desa Sukamulia": ["AP-Ruang-Baca", "AP-Anak", "AP-Teras"],
    "Perpustakaan Desa Pringgasela": ["AP-Utama", "AP-Aula"],
}
HOLIDAY = dt.date(2026, 10, 2)  # closed
POLL_S = 300
OUTAGE = ("Perpustakaan Desa Sukamulia", "AP-Teras", dt.datetime(2026, 10, 14, 10, 0, tzinfo=TZ),
          dt.datetime(2026, 10, 14, 11, 30, tzinfo=TZ))
GAP = (dt.datetime(2026, 10, 20, 8, 0, tzinfo=TZ), dt.datetime(2026, 10, 20, 13, 0, tzinfo=TZ))  # collector down
MONTHS = [(2025, 10), (2026, 9), (2026, 10)]


def _dev(site: str, n: int) -> str:
    return hashlib.sha256(f"{site}/{n}".encode()).hexdigest()


def _open(day: dt.date) -> tuple[dt.datetime, dt.datetime] | None:
    if day == HOLIDAY:
        return None
    spans = HOURS[("mon", "tue", "wed", "thu", "fri", "sat", "sun")[day.weekday()]]
    if not spans:
        return None
    a, b = spans[0]
    t = lambda s: dt.datetime.combine(day, dt.time(*map(int, s.split(":"))), TZ)  # noqa: E731
    return t(a), t(b)


def _days(year: int, month: int):
    d = dt.date(year, month, 1)
    while d.month == month:
        yield d
        d += dt.timedelta(days=1)


def seed(conn: psycopg.Connection) -> dict:
    """Insert the district; returns {"sites": {name: id}, "aps": {(site, ap): id}}."""
    rnd = random.Random(8)
    site_ids, ap_ids = {}, {}
    for name, aps in SITES.items():
        sid = conn.execute(
            "INSERT INTO site (name, grp, timezone, opening_hours, holidays) VALUES (%s, 'Lombok Timur', %s, %s, %s)"
            " RETURNING id", (name, "Asia/Makassar", Jsonb(HOURS), [HOLIDAY])).fetchone()[0]
        site_ids[name] = sid
        for ap in aps:
            ap_ids[(name, ap)] = conn.execute(
                "INSERT INTO ap (site_id, name, address) VALUES (%s, %s, '127.0.0.1') RETURNING id",
                (sid, ap)).fetchone()[0]
    sessions, samples, logins = [], [], []
    for year, month in MONTHS:
        scale = {2025: 0.6, 2026: 1.0}[year] * (0.9 if month == 9 else 1.0)
        for day in _days(year, month):
            span = _open(day)
            if span is None:
                continue
            for name, aps in SITES.items():
                busy = 1.0 if name.endswith("Sukamulia") else 0.5
                active: dict[int, list[tuple[dt.datetime, dt.datetime]]] = {ap_ids[(name, a)]: [] for a in aps}
                n = int(rnd.randint(25, 45) * scale * busy)
                for _ in range(n):
                    dev_n = rnd.randint(0, 700)
                    start = span[0] + dt.timedelta(minutes=rnd.randint(0, int((span[1] - span[0]).seconds / 60) - 10))
                    minutes = rnd.choice([1, 2, 3, 8, 15, 25, 40, 60, 90, 120])
                    end = min(start + dt.timedelta(minutes=minutes), span[1])
                    ap = ap_ids[(name, rnd.choice(aps))]
                    active[ap].append((start, end))
                    rx, tx = rnd.randint(1, 400) * 1_000_000, rnd.randint(1, 80) * 1_000_000
                    sessions.append((site_ids[name], _dev(name, dev_n), dev_n % 5 == 0, start, end, ap, rx, tx))
                    if name.endswith("Sukamulia") and dev_n % 3 != 2:
                        logins.append((start + dt.timedelta(minutes=1), site_ids[name], _dev(name, dev_n),
                                       dev_n % 5 == 0, _dev("user", dev_n // 2), end))
                for ap, spans_ in active.items():
                    t = span[0]
                    while t < span[1]:
                        if not (GAP[0] <= t < GAP[1]):
                            down = ap == ap_ids[OUTAGE[:2]] and OUTAGE[2] <= t < OUTAGE[3]
                            clients = None if down else sum(1 for a, b in spans_ if a <= t <= b)
                            samples.append((t, ap, not down, clients))
                        t += dt.timedelta(seconds=POLL_S)
    # a portal login without SNMP presence
    t0 = dt.datetime(2026, 10, 7, 9, 0, tzinfo=TZ)
    logins.append((t0, site_ids["Perpustakaan Desa Sukamulia"], _dev("portal-only", 1), False, _dev("user", 9999),
                   t0 + dt.timedelta(minutes=30)))
    with conn.cursor() as cur:
        with cur.copy("COPY client_session (site_id, device, randomized, first_seen, last_seen, first_ap_id,"
                      " last_ap_id, ap_ids, closed, rx_bytes, tx_bytes) FROM STDIN") as cp:
            for site_id, dev, rnd_mac, a, b, ap, rx, tx in sessions:
                cp.write_row((site_id, dev, rnd_mac, a, b, ap, ap, [ap], True, rx, tx))
        with cur.copy("COPY ap_sample (time, ap_id, reachable, clients) FROM STDIN") as cp:
            for row in samples:
                cp.write_row(row)
        with cur.copy("COPY portal_event (time, site_id, source, kind, device, randomized, user_id, dedup)"
                      " FROM STDIN") as cp:
            for i, (t, site_id, dev, rnd_mac, user, _) in enumerate(logins):
                cp.write_row((t, site_id, "portal", "login", dev, rnd_mac, user, hashlib.sha256(str(i).encode()).digest()))
        with cur.copy("COPY portal_session (site_id, source, device, randomized, user_id, started_at, ended_at,"
                      " last_update, duration_s, open) FROM STDIN") as cp:
            for t, site_id, dev, rnd_mac, user, end in logins:
                cp.write_row((site_id, "portal", dev, rnd_mac, user, t, end, end, int((end - t).total_seconds()),
                              False))
    ap = ap_ids[OUTAGE[:2]]
    conn.execute("INSERT INTO ap_event (time, ap_id, kind) VALUES (%s, %s, 'down'), (%s, %s, 'up')",
                 (OUTAGE[2] + dt.timedelta(minutes=10), ap, OUTAGE[3], ap))
    refresh(conn)
    return {"sites": site_ids, "aps": ap_ids}


def refresh(conn: psycopg.Connection) -> None:
    lo, hi = dt.datetime(2025, 9, 1, tzinfo=dt.timezone.utc), dt.datetime(2026, 11, 2, tzinfo=dt.timezone.utc)
    rollups.refresh(conn, lo, hi)
    has = lambda f: conn.execute("SELECT to_regproc(%s) IS NOT NULL", (f,)).fetchone()[0]  # noqa: E731
    if has("kunang_configure_analytics"):
        conn.execute("SELECT kunang_configure_analytics(10, 5, 30, false, %s)", (POLL_S,))
    if has("kunang_refresh_analytics"):
        conn.execute("SELECT kunang_refresh_analytics(%s, %s)", (lo, hi))

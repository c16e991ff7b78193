"""The simulated libraries' INLISLite guest book, consistent with the simulated Wi-Fi visits.

Pure and deterministic per (seed, site, date), like `day.site_day`. Of the day's simulated
persons (`Visit.person`) those who stay at least `MIN_STAY_S` are library visitors; most sign
the guest book (`SIGN_SHARE`) as they arrive. Visitors without a device on the Wi-Fi come too
(`OTHERS_PER_WIFI_VISITOR` per Wi-Fi visitor, around the same times), and on some weekday
mornings a school group (a head count). Purposes follow the stay: long stays are mostly
studying or the internet, short ones borrowing and returning books, so the dashboard's "Wi-Fi
use by visit purpose" shows what a library would see. Regular members keep their gender,
profession and education across days.

`write(fleet, dsn, start_t, end_t)` stores the aggregates of the period through the same
aggregation and store as the collector's INLISLite pull (source `simulator`).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from collector.simulator.day import open_intervals, site_day
from collector.simulator.rand import poisson, stream

MIN_STAY_S = 5 * 60
SIGN_SHARE = 0.85
OTHERS_PER_WIFI_VISITOR = 0.9
GROUP_DAY_SHARE = 0.2  # weekdays with a school group
PURPOSE_LONG = (("Belajar / mengerjakan tugas", 0.50), ("Internet / Wi-Fi", 0.30), ("Membaca", 0.15),
                ("Meminjam / mengembalikan buku", 0.05))
PURPOSE_SHORT = (("Meminjam / mengembalikan buku", 0.55), ("Membaca", 0.25), ("Internet / Wi-Fi", 0.15),
                 ("Belajar / mengerjakan tugas", 0.05))
PURPOSE_OFFLINE = (("Membaca", 0.45), ("Meminjam / mengembalikan buku", 0.40), ("Belajar / mengerjakan tugas", 0.10),
                   ("Lainnya", 0.05))
PROFESSIONS = (("Pelajar", 0.42), ("Mahasiswa", 0.14), ("Wiraswasta", 0.10), ("Petani / Nelayan", 0.10),
               ("Guru", 0.06), ("PNS", 0.05), ("Ibu Rumah Tangga", 0.08), ("Lainnya", 0.05))
EDUCATION = {"Pelajar": (("SD", 0.35), ("SMP", 0.35), ("SMA/SMK", 0.30)), "Mahasiswa": (("SMA/SMK", 1.0),),
             "Guru": (("S1", 0.8), ("D3", 0.2)), "PNS": (("S1", 0.6), ("SMA/SMK", 0.3), ("S2", 0.1))}
EDUCATION_OTHER = (("SD", 0.2), ("SMP", 0.3), ("SMA/SMK", 0.4), ("S1", 0.1))


def _pick(rng, table) -> str:
    r, acc = rng.random(), 0.0
    for label, w in table:
        acc += w
        if r < acc:
            return label
    return table[-1][0]


def _person(seed: int, person: str) -> tuple[str, str, str]:
    """A person's gender, profession and education (stable for members across days)."""
    rng = stream(seed, "guest-person", person)
    prof = _pick(rng, PROFESSIONS)
    return ("Laki-laki" if rng.random() < 0.48 else "Perempuan"), prof, _pick(rng, EDUCATION.get(prof, EDUCATION_OTHER))


def _row(when: float, tz: ZoneInfo, purpose: str, who: tuple[str, str, str]) -> dict:
    hour = dt.datetime.fromtimestamp(when, tz).strftime("%Y-%m-%d %H:00:00")
    return {"location_id": 0, "hour": hour, "purpose": purpose, "gender": who[0], "profession": who[1],
            "education": who[2], "visits": 1, "_t": when}


def site_day_guests(fleet, site, date: dt.date) -> tuple[list[dict], list[dict]]:
    """(individual rows, group rows) of a site's local day, in the INLISLite query's shape, each
    with its time `_t` (POSIX seconds)."""
    tz = ZoneInfo(site.site.timezone)
    rng = stream(fleet.seed, "guestbook", site.index, date.isoformat())
    stays: dict[str, list[float]] = {}
    for v in site_day(fleet, site, date):
        a, b = stays.setdefault(v.person, [v.arrive, v.leave])
        stays[v.person] = [min(a, v.arrive), max(b, v.leave)]
    intervals = open_intervals(site.site, date)
    rows: list[dict] = []
    for person, (arrive, leave) in sorted(stays.items(), key=lambda kv: kv[1][0]):
        if leave - arrive < MIN_STAY_S:
            continue  # a passer-by: not a library visitor
        stay = leave - arrive
        if rng.random() < SIGN_SHARE:
            table = PURPOSE_LONG if stay >= 30 * 60 else PURPOSE_SHORT
            rows.append(_row(arrive + rng.random() * 120, tz, _pick(rng, table), _person(fleet.seed, person)))
        for k in range(poisson(rng, OTHERS_PER_WIFI_VISITOR)):  # visitors without a device on the Wi-Fi
            when = arrive + (rng.random() - 0.5) * 3600
            if not any(s <= when < e for s, e in intervals):
                continue
            rows.append(_row(when, tz, _pick(rng, PURPOSE_OFFLINE), _person(fleet.seed, f"{person}/o{k}")))
    groups: list[dict] = []
    if date.weekday() < 5 and intervals and rng.random() < GROUP_DAY_SHARE:
        start, end = intervals[0]
        when = min(end - 1, start + 3600 + rng.random() * 7200)
        size = rng.randint(15, 35)
        male = rng.randint(size // 3, 2 * size // 3)
        groups.append({"location_id": 0, "hour": dt.datetime.fromtimestamp(when, tz).strftime("%Y-%m-%d %H:00:00"),
                       "purpose": "Kunjungan rombongan sekolah", "personel": size, "male": male,
                       "female": size - male, "p_pupil": size - 2, "p_teacher": 2, "e_sd": size - 2, "e_s1": 2,
                       **{c: 0 for c in ("p_pns", "p_private", "p_researcher", "p_lecturer", "p_retired",
                                         "p_military", "p_entrepreneur", "p_student", "p_other", "e_smp", "e_sma",
                                         "e_d1", "e_d2", "e_d3", "e_s2", "e_s3")}, "_t": when})
    return rows, groups


def write(fleet, dsn: str, start_t: float, end_t: float) -> int:
    """Store the guest book of [start_t, end_t) for every simulated site (whole local days are
    replaced; entries after `end_t` are left for a later call). Returns the visits stored."""
    import psycopg

    from collector.inlislite import aggregate, store

    total = 0
    with psycopg.connect(dsn) as conn:
        for site in fleet.sites:
            tz = ZoneInfo(site.site.timezone)
            day = dt.datetime.fromtimestamp(start_t, tz).date()
            last = dt.datetime.fromtimestamp(max(start_t, end_t - 1), tz).date()
            agg = aggregate.Aggregates()
            while day <= last:
                rows, groups = site_day_guests(fleet, site, day)
                aggregate.add_individual(agg, [r for r in rows if r["_t"] < end_t], {0: site.name}, tz)
                aggregate.add_groups(agg, [g for g in groups if g["_t"] < end_t], {0: site.name}, tz)
                day += dt.timedelta(days=1)
            first = dt.datetime.combine(dt.datetime.fromtimestamp(start_t, tz).date(), dt.time(), tz)
            after = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tz)
            store.ensure_sites(conn, fleet.config, [site.name])
            store.replace_window(conn, agg, [site.name], first.astimezone(dt.timezone.utc),
                                 after.astimezone(dt.timezone.utc), source="simulator")
            total += agg.total()
    return total

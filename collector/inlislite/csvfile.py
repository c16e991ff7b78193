"""A guest-book CSV export (for a library whose INLISLite database Kunang
cannot reach) read into the same hourly aggregates.

One row per visit (or per group, with a head count). Headers are matched
case-insensitively, in English or Indonesian:

| field | headers | required |
|---|---|---|
| time | time, waktu, tanggal, createdate, date | yes (`YYYY-MM-DD HH:MM[:SS]`, `DD/MM/YYYY HH:MM[:SS]`, `DD-MM-YYYY HH:MM[:SS]`) |
| location | location, lokasi, location_code, kode_lokasi | unless `--site` |
| purpose | purpose, tujuan, tujuan_kunjungan | no |
| gender | gender, jenis_kelamin, jk | no |
| profession | profession, pekerjaan, profesi | no |
| education | education, pendidikan, pendidikan_terakhir | no |
| kind | kind, jenis (`group`/`rombongan` = a group) | no |
| count | count, jumlah (the group's head count) | no (1) |

Every other column (names, addresses, member numbers) is never read.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter
from pathlib import Path
from zoneinfo import ZoneInfo

from collector.errors import KunangError
from collector.inlislite import aggregate

FIELDS = {
    "time": ("time", "waktu", "tanggal", "createdate", "date"),
    "location": ("location", "lokasi", "location_code", "kode_lokasi"),
    "purpose": ("purpose", "tujuan", "tujuan_kunjungan"),
    "gender": ("gender", "jenis_kelamin", "jk"),
    "profession": ("profession", "pekerjaan", "profesi"),
    "education": ("education", "pendidikan", "pendidikan_terakhir"),
    "kind": ("kind", "jenis"),
    "count": ("count", "jumlah"),
}
_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d-%m-%Y %H:%M:%S",
            "%d-%m-%Y %H:%M", "%Y-%m-%dT%H:%M:%S")


def _columns(header: list[str]) -> dict[str, int]:
    norm = [h.strip().lower().replace(" ", "_") for h in header]
    out = {}
    for field, names in FIELDS.items():
        for i, h in enumerate(norm):
            if h in names:
                out[field] = i
                break
    return out


def _time(text: str, where: str) -> dt.datetime:
    text = text.strip()
    for f in _FORMATS:
        try:
            return dt.datetime.strptime(text, f)
        except ValueError:
            continue
    raise KunangError(f"{where}: unreadable time {text[:40]!r} (expected YYYY-MM-DD HH:MM)")


def read(path: str | Path, mapping: list, tz: ZoneInfo, *, site: str | None = None
         ) -> tuple[aggregate.Aggregates, set[str], tuple[dt.datetime, dt.datetime] | None]:
    """(aggregates, sites touched, naive local [first day, day after the last))."""
    by_code: dict[str, str] = {}
    for m in mapping:
        for x in [*m.libraries, *m.locations]:
            by_code[str(x).strip().lower()] = m.site
    agg = aggregate.Aggregates()
    individual: Counter = Counter()
    groups: list[dict] = []
    first = last = None
    try:
        f = open(path, newline="", encoding="utf-8-sig")
    except OSError as exc:
        raise KunangError(f"{path}: {exc.strerror or exc}") from None
    with f:
        sample = f.read(4096)
        f.seek(0)
        try:
            dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        rows = csv.reader(f, dialect)
        header = next(rows, None)
        if header is None:
            raise KunangError(f"{path}: empty file")
        cols = _columns(header)
        if "time" not in cols:
            raise KunangError(f"{path}: no time column (one of: {', '.join(FIELDS['time'])})")
        if "location" not in cols and site is None:
            raise KunangError(f"{path}: no location column: name the site with --site")

        def get(row, field):
            i = cols.get(field)
            return row[i].strip() if i is not None and i < len(row) and row[i].strip() else None

        for no, row in enumerate(rows, 2):
            if not any(c.strip() for c in row):
                continue
            where = f"{path}:{no}"
            when = _time(get(row, "time") or "", where)
            target = site or by_code.get((get(row, "location") or "").lower())
            n = 1
            if get(row, "count"):
                try:
                    n = int(get(row, "count"))
                except ValueError:
                    raise KunangError(f"{where}: count is not a number: {get(row, 'count')[:20]!r}") from None
            if target is None:
                agg.unmapped[get(row, "location")] += n
                continue
            first = when if first is None or when < first else first
            last = when if last is None or when > last else last
            hour = when.strftime("%Y-%m-%d %H:00:00")
            if (get(row, "kind") or "").lower() in ("group", "rombongan", "kelompok"):
                groups.append({"location_id": 0, "hour": hour, "purpose": get(row, "purpose"), "personel": n,
                               "male": 0, "female": 0, **{k: 0 for k in aggregate._GROUP_P},
                               **{k: 0 for k in aggregate._GROUP_E}, "_site": target})
            else:
                individual[(target, hour, get(row, "purpose"), get(row, "gender"), get(row, "profession"),
                            get(row, "education"))] += n
    touched = {k[0] for k in individual} | {g["_site"] for g in groups}
    for name in touched:  # one pass per site through the same aggregation as the database path
        aggregate.add_individual(agg, [{"location_id": 0, "hour": h, "purpose": p, "gender": g, "profession": pr,
                                        "education": e, "visits": n}
                                       for (s, h, p, g, pr, e), n in individual.items() if s == name], {0: name}, tz)
        aggregate.add_groups(agg, [g for g in groups if g["_site"] == name], {0: name}, tz)
    window = None
    if first is not None:
        window = (dt.datetime.combine(first.date(), dt.time()),
                  dt.datetime.combine(last.date() + dt.timedelta(days=1), dt.time()))
    return agg, touched, window

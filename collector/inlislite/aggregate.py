"""Guest-book query rows -> hourly aggregates per Kunang site (pure).

An aggregate is (site, hour in UTC, dimension, category) -> visits, where the
dimensions are `kind` (individual visits, group head count), `purpose`,
`gender`, `profession` and `education`. Each dimension of an hour adds up to
the same total (a group's head counts that its per-category columns leave
unexplained are `unknown`), so any one dimension gives the hour's visits.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from collector.inlislite import categories as C

DIMENSIONS = ("kind", "purpose", "gender", "profession", "education")
Key = tuple[str, dt.datetime, str, str]  # site, hour (UTC), dimension, category

_GROUP_P = {"p_pns": "CountPNS", "p_private": "CountPSwasta", "p_researcher": "CountPeneliti",
            "p_teacher": "CountGuru", "p_lecturer": "CountDosen", "p_retired": "CountPensiunan",
            "p_military": "CountTNI", "p_entrepreneur": "CountWiraswasta", "p_pupil": "CountPelajar",
            "p_student": "CountMahasiswa", "p_other": "CountLainnya"}
_GROUP_E = {"e_sd": "CountSD", "e_smp": "CountSMP", "e_sma": "CountSMA", "e_d1": "CountD1", "e_d2": "CountD2",
            "e_d3": "CountD3", "e_s1": "CountS1", "e_s2": "CountS2", "e_s3": "CountS3"}


@dataclass
class Aggregates:
    counts: Counter = field(default_factory=Counter)  # Key -> visits
    unmapped: Counter = field(default_factory=Counter)  # INLISLite location id -> visits not counted

    def total(self, site: str | None = None) -> int:
        return sum(v for (s, _h, d, _c), v in self.counts.items() if d == "kind" and (site is None or s == site))


def location_sites(locations: list[dict], mapping: list) -> dict[int, str]:
    """INLISLite location id -> Kunang site, from `locations.sql` rows and the
    configured `inlislite.sites` (a location named itself wins over its library)."""
    by_loc: dict[str, str] = {}
    by_lib: dict[str, str] = {}
    for m in mapping:
        for x in m.locations:
            by_loc[str(x)] = m.site
        for x in m.libraries:
            by_lib[str(x)] = m.site
    out: dict[int, str] = {}
    for row in locations:
        site = (by_loc.get(str(row["location_code"])) or by_loc.get(str(row["location_id"]))
                or by_lib.get(str(row["library_code"])) or by_lib.get(str(row["library_id"])))
        if site is not None:
            out[int(row["location_id"])] = site
    return out


def _hour(text, tz: ZoneInfo) -> dt.datetime:
    if isinstance(text, dt.datetime):
        local = text.replace(minute=0, second=0, microsecond=0, tzinfo=None)
    else:
        local = dt.datetime.strptime(str(text)[:13], "%Y-%m-%d %H")
    # an ambiguous local hour (a DST fold) takes the first; Indonesia has none
    return local.replace(tzinfo=tz).astimezone(dt.timezone.utc)


def _visits(agg: Aggregates, r: dict, n: int, kind: str, sites: dict[int, str],
            tz: ZoneInfo) -> tuple[str, dt.datetime] | None:
    """Count `n` visits of a row by kind and purpose at its site and hour; (site, hour), or None when its
    location is mapped to no site (counted as unmapped)."""
    loc = r["location_id"]
    site = sites.get(int(loc)) if loc is not None else None
    if site is None:
        agg.unmapped[loc] += n
        return None
    h = _hour(r["hour"], tz)
    agg.counts[(site, h, "kind", kind)] += n
    agg.counts[(site, h, "purpose", C.purpose(r["purpose"]))] += n
    return site, h


def add_individual(agg: Aggregates, rows: list[dict], sites: dict[int, str], tz: ZoneInfo) -> None:
    for r in rows:
        n = int(r["visits"] or 0)
        if n <= 0:
            continue
        where = _visits(agg, r, n, "individual", sites, tz)
        if where is None:
            continue
        site, h = where
        c = agg.counts
        c[(site, h, "gender", C.gender(r["gender"]))] += n
        c[(site, h, "profession", C.profession(r["profession"]))] += n
        c[(site, h, "education", C.education(r["education"]))] += n


def _split(c: Counter, site: str, h: dt.datetime, dim: str, parts: dict[str, int], head: int) -> None:
    """Add a group's per-category head counts, the rest as `unknown`; counts
    above the head count are scaled down so the dimension adds up to it."""
    given = sum(parts.values())
    if given > head > 0:
        scaled = {k: v * head // given for k, v in parts.items()}
        rest = head - sum(scaled.values())
        for k in sorted(parts, key=lambda k: -parts[k])[:rest]:  # largest remainders first, stable
            scaled[k] += 1
        parts, given = scaled, head
    for k, v in parts.items():
        if v > 0:
            c[(site, h, dim, k)] += v
    if head > given:
        c[(site, h, dim, C.UNKNOWN)] += head - given


def add_groups(agg: Aggregates, rows: list[dict], sites: dict[int, str], tz: ZoneInfo) -> None:
    for r in rows:
        gender = {"male": int(r["male"] or 0), "female": int(r["female"] or 0)}
        prof: Counter = Counter()
        for col, inlis in _GROUP_P.items():
            prof[C.GROUP_PROFESSION[inlis]] += int(r[col] or 0)
        edu: Counter = Counter()
        for col, inlis in _GROUP_E.items():
            edu[C.GROUP_EDUCATION[inlis]] += int(r[col] or 0)
        # the head count: CountPersonel, else what the per-category columns say
        head = int(r["personel"] or 0) or max(sum(gender.values()), sum(prof.values()), sum(edu.values()))
        if head <= 0:
            continue
        where = _visits(agg, r, head, "group", sites, tz)
        if where is None:
            continue
        site, h = where
        c = agg.counts
        _split(c, site, h, "gender", gender, head)
        _split(c, site, h, "profession", dict(prof), head)
        _split(c, site, h, "education", dict(edu), head)

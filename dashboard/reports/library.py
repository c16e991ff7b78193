"""The report's "Library visits and Wi-Fi" section (INLISLite guest book, issue 21):
its model part, its tables (XLSX sheets and CSV files through `tables.tables_for`)
and its PDF flowables. Present only when the month has guest-book visits."""

from __future__ import annotations

from dataclasses import dataclass, field

from dashboard.analytics import visits as V
from dashboard.reports import texts
from dashboard.reports.cells import Cell
from dashboard.reports.cells import num as _num


@dataclass(frozen=True)
class PurposeRow:
    purpose: str
    visits: int
    minutes_per_visit: float | None
    share_low: float | None
    share_high: float | None


@dataclass(frozen=True)
class LibrarySiteRow:
    site: str
    visits: int
    wifi_visitor_days: int
    rank_visits: int
    rank_wifi: int
    share_low: float | None
    share_high: float | None


@dataclass(frozen=True)
class LibraryVisits:
    visits: int
    individual: int
    group: int
    wifi_visitor_days: int
    wifi_sessions: int
    share_low: float | None
    share_high: float | None
    capped: bool
    previous_visits: int
    purposes: list[PurposeRow] = field(default_factory=list)
    sites: list[LibrarySiteRow] = field(default_factory=list)  # district scope


def build(conn, members: list[dict], month) -> LibraryVisits | None:
    """The section for a month (one library, or the district's libraries), or None
    when none of them has guest-book visits in the month."""
    first, last = month.first, month.last
    prev_first, prev_last = month.previous().first, month.previous().last
    per = [(s, V.library_wifi(conn, s["site_id"], first, last)) for s in members]
    visits = sum(f["visits"] for _, f in per)
    if not visits:
        return None
    individual = sum(r["individual"] for s, _ in per for r in V.library_visits(conn, s["site_id"], first, last,
                                                                               by="month"))
    vd_with = sum(f["wifi_visitor_days_with_visits"] for _, f in per)
    visits_with = sum(sum(d["visits"] for d in f["days"] if d["visits"] > 0) for _, f in per)
    share = V.share_range(vd_with, visits_with)
    purposes: dict[str, list[float]] = {}
    for s, _ in per:
        for r in V.wifi_by_purpose(conn, s["site_id"], first, last):
            acc = purposes.setdefault(r["purpose"], [0, 0.0, 0.0])
            acc[0] += r["visits"]
            acc[1] += r["wifi_minutes"]
            acc[2] += r["wifi_visitors"]
    prows = []
    for p, (n, minutes, devices) in sorted(purposes.items(), key=lambda kv: (-kv[1][0], kv[0])):
        sr = V.share_range(round(devices), n)
        prows.append(PurposeRow(p, int(n), minutes / n if n else None, sr["share_low"], sr["share_high"]))
    sites = []
    if len(members) > 1:
        for r in V.sites_ranking(conn, [s["site_id"] for s in members], first, last):
            sites.append(LibrarySiteRow(r["name"], r["visits"], r["wifi_visitor_days"], r["rank_visits"],
                                        r["rank_wifi"], r["share_low"], r["share_high"]))
    previous = sum(V.library_wifi(conn, s["site_id"], prev_first, prev_last)["visits"] for s in members)
    return LibraryVisits(visits, individual, visits - individual, sum(f["wifi_visitor_days"] for _, f in per),
                         sum(f["wifi_sessions"] for _, f in per), share["share_low"], share["share_high"],
                         share["capped"], previous, prows, sites)


# ----------------------------------------------------------------- texts and tables


def share_text(low, high, lang: str, capped: bool = False) -> str:
    if low is None:
        return "–"
    lo, hi = texts.pct(low, lang, 0), texts.pct(high, lang, 0)
    return ("≈ " + lo if lo == hi else f"≈ {lo}–{hi}") + ("+" if capped else "")


def summary_line(lib: LibraryVisits, lang: str) -> str:
    return texts.t("lib_summary", lang, visits=texts.num(lib.visits, lang), low=texts.pct(lib.share_low, lang, 0),
                   high=texts.pct(lib.share_high, lang, 0))


def note_line(lang: str) -> str:
    return texts.t("lib_note", lang, low=texts.num(V.DEVICES_PER_PERSON_LOW, lang, 1),
                   high=texts.num(V.DEVICES_PER_PERSON_HIGH, lang, 1))


def _purpose_label(p: str, lang: str) -> str:
    return texts.t("unknown_purpose", lang) if p == "unknown" else p


def table_library(model, lang: str):
    lib = model.library
    share = share_text(lib.share_low, lib.share_high, lang, lib.capped)
    return [
        [Cell.head("h_figure", lang), Cell.head("h_value", lang)],
        [Cell(texts.t("lib_visits", lang), texts.t("lib_visits", lang)), _num(lib.visits, lang)],
        [Cell("  " + texts.t("lib_individual", lang), texts.t("lib_individual", lang)), _num(lib.individual, lang)],
        [Cell("  " + texts.t("lib_group", lang), texts.t("lib_group", lang)), _num(lib.group, lang)],
        [Cell(texts.t("lib_previous", lang), texts.t("lib_previous", lang)), _num(lib.previous_visits, lang)],
        [Cell(texts.t("lib_wifi_visitors", lang), texts.t("lib_wifi_visitors", lang)),
         _num(lib.wifi_visitor_days, lang)],
        [Cell(texts.t("lib_wifi_sessions", lang), texts.t("lib_wifi_sessions", lang)), _num(lib.wifi_sessions, lang)],
        [Cell(texts.t("lib_share", lang), texts.t("lib_share", lang)), Cell(share, share, True)],
    ]


def table_purpose(model, lang: str):
    rows = [[Cell.head("h_purpose", lang), Cell.head("h_visits", lang), Cell.head("h_minutes_per_visit", lang),
             Cell.head("h_share_range", lang)]]
    for r in model.library.purposes:
        label = _purpose_label(r.purpose, lang)
        share = share_text(r.share_low, r.share_high, lang)
        rows.append([Cell(label, label), _num(r.visits, lang),
                     _num(None if r.minutes_per_visit is None else round(r.minutes_per_visit, 1), lang, 1),
                     Cell(share, share, True)])
    return rows


def table_sites(model, lang: str):
    rows = [[Cell.head("h_site", lang), Cell.head("h_visits", lang), Cell.head("h_rank_visits", lang),
             Cell.head("h_wifi_visitor_days", lang), Cell.head("h_rank_wifi", lang), Cell.head("h_share_range", lang)]]
    for r in model.library.sites:
        share = share_text(r.share_low, r.share_high, lang)
        rows.append([Cell(r.site, r.site), _num(r.visits, lang), _num(r.rank_visits, lang),
                     _num(r.wifi_visitor_days, lang), _num(r.rank_wifi, lang), Cell(share, share, True)])
    return rows


def tables(model) -> list[str]:
    """The section's tables present in this report."""
    if getattr(model, "library", None) is None:
        return []
    return ["library", "library_purpose"] + (["library_sites"] if model.library.sites else [])


def pdf_flowables(model, lang: str, st: dict, table, widths) -> list:
    """The PDF section's body: summary, tables, the estimate's note."""
    from reportlab.platypus import Paragraph

    lib = model.library
    out = [Paragraph(summary_line(lib, lang), st["base"])]
    if lib.capped:
        out.append(Paragraph(texts.t("lib_capped", lang), st["small"]))
    for name in tables(model):
        rows = TABLES[name](model, lang)
        out.append(table(rows, widths(len(rows[0]), 0.4 if name != "library_sites" else 0.3), st))
    out.append(Paragraph(note_line(lang), st["small"]))
    return out


TABLES = {"library": table_library, "library_purpose": table_purpose, "library_sites": table_sites}

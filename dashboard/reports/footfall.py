"""The report's "Passers-by, visitors and connected" section (probe-request sensor, issue 20): its model
part, its table (an XLSX sheet and a CSV file through `tables.tables_for`) and its PDF flowables. Present
only for libraries with a sensor (summed sensor days exist); every figure is an estimate
(docs/metrics.md, "Sensed footfall")."""

from __future__ import annotations

from dataclasses import dataclass, field

from dashboard.analytics import footfall as F
from dashboard.reports import texts
from dashboard.reports.cells import Cell
from dashboard.reports.cells import num as _num


@dataclass(frozen=True)
class FootfallSite:
    site: str
    days: int
    passers_by: int
    visitors: int
    connected: int
    conversion: float | None


@dataclass(frozen=True)
class Footfall:
    days: int
    passers_by: int
    visitors: int
    connected: int
    conversion: float | None
    connected_share: float | None
    rssi_threshold: int | None
    min_dwell_s: int | None
    sites: list[FootfallSite] = field(default_factory=list)  # district scope


def build(conn, members: list[dict], month) -> Footfall | None:
    """The section for a month (one library or the district's), or None when none of them has a sensor."""
    sensed = F.sensed_sites(conn, [s["site_id"] for s in members])
    if not sensed:
        return None
    first, last = month.first, month.last
    per = [(s, F.footfall_days(conn, s["site_id"], first, last)) for s in members if s["site_id"] in sensed]
    total = F.totals([d for _, days in per for d in sorted(days, key=lambda d: d["day"])])
    sites = []
    if len(members) > 1:
        for s, days in per:
            f = F.totals(days)
            sites.append(FootfallSite(s["name"], f["days"], f["passers_by"], f["visitors"], f["connected"],
                                      f["conversion"]))
    return Footfall(total["days"], total["passers_by"], total["visitors"], total["connected"], total["conversion"],
                    total["connected_share"], total["rssi_threshold"], total["min_dwell_s"], sites)


def table_footfall(model, lang: str):
    f = model.footfall
    conv = texts.pct(f.conversion, lang, 0)
    rows = [[Cell.head("h_site" if f.sites else "h_figure", lang)] + (
        [Cell.head(k, lang) for k in ("ff_days", "ff_passers_by", "ff_visitors", "ff_connected", "ff_conversion")]
        if f.sites else [Cell.head("h_value", lang)])]
    if f.sites:
        for s in f.sites:
            c = texts.pct(s.conversion, lang, 0)
            rows.append([Cell(s.site, s.site), _num(s.days, lang), _num(s.passers_by, lang), _num(s.visitors, lang),
                         _num(s.connected, lang), Cell(c, s.conversion, True, "0%")])
        return rows
    for key, value in (("ff_days", f.days), ("ff_passers_by", f.passers_by), ("ff_visitors", f.visitors),
                       ("ff_connected", f.connected)):
        rows.append([Cell(texts.t(key, lang), texts.t(key, lang)), _num(value, lang)])
    rows.append([Cell(texts.t("ff_conversion", lang), texts.t("ff_conversion", lang)),
                 Cell(conv, f.conversion, True, "0%")])
    return rows


def tables(model) -> list[str]:
    return [] if getattr(model, "footfall", None) is None else ["footfall"]


def summary_line(f: Footfall, lang: str) -> str:
    return texts.t("ff_summary", lang, passers=texts.num(f.passers_by, lang), visitors=texts.num(f.visitors, lang),
                   conversion=texts.pct(f.conversion, lang, 0))


def note_line(f: Footfall, lang: str) -> str:
    return texts.t("ff_note", lang, rssi=texts.num(f.rssi_threshold, lang), dwell=texts.num(f.min_dwell_s, lang))


def pdf_flowables(model, lang: str, st: dict, table, widths) -> list:
    from reportlab.platypus import Paragraph

    f = model.footfall
    rows = table_footfall(model, lang)
    return [Paragraph(summary_line(f, lang), st["base"]), table(rows, widths(len(rows[0]), 0.4 if not f.sites else 0.3), st),
            Paragraph(note_line(f, lang), st["small"])]

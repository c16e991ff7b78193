"""The report's tables, once for every renderer: each cell has its display
text (PDF, in the report's language) and its raw value and number format
(XLSX, CSV). Pure."""

from __future__ import annotations

import datetime as dt
from dashboard import analytics as A
from dashboard.reports import footfall, library, texts
from dashboard.reports.cells import Cell
from dashboard.reports.cells import num as _num
from dashboard.reports.model import Figure, ReportModel

GB = 1e9


def _pct_points(v, lang, digits=1) -> Cell:
    return Cell(texts.pct_points(v, lang, digits), None if v is None else round(v / 100, 6), True,
                "0." + "0" * digits + "%")


def _gb(v, lang) -> Cell:
    return Cell(texts.data_size(v, lang), None if v is None else round(v / GB, 3), True, "#,##0.000")


def _day(d: dt.date, lang) -> Cell:
    return Cell(texts.day(d, lang), d, False, "yyyy-mm-dd")


def _figure_raw(f: Figure, which: str):
    v = getattr(f, which)
    if v is None:
        return None
    if f.unit == "bytes":
        return round(v / GB, 3)
    if f.unit == "pct":
        return round(v / 100, 6)
    if f.unit in ("minutes",):
        return round(v, 2)
    return v


_FIG_FMT = {"count": "#,##0", "share": "0.0%", "pct": "0.00%", "minutes": "0.0", "bytes": "#,##0.000",
            "date": "yyyy-mm-dd", "hour": "0"}


def _figure_cell(f: Figure, which: str, lang: str) -> Cell:
    text = texts.figure_value(f, lang, which)
    if which == "value" and f.note == "not_yet":
        text = texts.t("not_yet", lang)
    elif which == "value" and f.note and f.note.startswith("range:") and f.value is not None:
        low, high = f.note.split(":")[1:]
        if f.unit == "share":  # a share's range (the returning share) in whole percent: "≈ 68.1% (66–70%)"
            text = f"≈ {text} ({texts.num(100 * float(low), lang)}–{texts.pct(float(high), lang, 0)})"
        else:
            text = f"≈ {text} ({texts.num(int(low), lang)}–{texts.num(int(high), lang)})"
    elif which == "value" and f.note and f.note.startswith("form:") and f.value is not None:
        text = f"≈ {text} ({texts.t('est_' + f.note[5:], lang)})"  # a collapsed range: what the figure is instead
    return Cell(text, _figure_raw(f, which), f.unit not in ("date",), _FIG_FMT[f.unit])


def _change(f: Figure, other: str, lang: str) -> Cell:
    """Relative change; for shares and percentages the difference in percentage points."""
    if not f.comparable:
        return Cell("")
    o = getattr(f, other)
    if f.unit in ("share", "pct"):
        if f.value is None or o is None:
            return Cell("–", None, True)
        d = (f.value - o) * (100 if f.unit == "share" else 1)
        return Cell(texts.signed_points(d, lang), round(d, 2), True, "+0.0;-0.0;0.0")
    c = Figure.change(f.value, o)
    return Cell(texts.signed_pct(c, lang), None if c is None else round(c, 4), True, "+0.0%;-0.0%;0.0%")


def headline(model: ReportModel, lang: str) -> list[list[Cell]]:
    rows = [[Cell.head(k, lang) for k in ("h_metric", "h_month", "h_prev", "h_change", "h_last_year", "h_change")]]
    for f in model.headline:
        marks = (" ≈" if f.estimate else "") + (" †" if f.incomplete else "") + (" ‡" if f.limited else "")
        unit = {"bytes": " (GB)", "minutes": " (min)"}.get(f.unit, "")
        rows.append([
            Cell(texts.t(f.key, lang) + marks, texts.t(f.key, lang) + unit + marks),
            _figure_cell(f, "value", lang),
            _figure_cell(f, "previous", lang) if f.comparable else Cell(""),
            _change(f, "previous", lang),
            _figure_cell(f, "last_year", lang) if f.comparable else Cell(""),
            _change(f, "last_year", lang),
        ])
    return rows


def daily(model: ReportModel, lang: str) -> list[list[Cell]]:
    rows = [[Cell.head(k, lang) for k in ("h_day", "h_visitors", "h_sessions", "h_data_gb", "h_coverage")]]
    for r in model.daily:
        if not r.monitored:
            said = texts.t("not_monitored", lang)
            # an empty cell for the spreadsheet's chart (a gap, not a zero); the words where they can be read
            rows.append([_day(r.day, lang), Cell(said, None), Cell(""), Cell(""), Cell("", said)])
            continue
        rows.append([_day(r.day, lang), _num(r.visitors, lang), _num(r.sessions, lang), _gb(r.total_bytes, lang),
                     _pct_points(r.coverage_pct, lang)])
    return rows


def heatmap(model: ReportModel, lang: str) -> list[list[Cell]]:
    rows = [[Cell.head("h_weekday", lang)] + [Cell(f"{h:02d}", f"{h:02d}") for h in range(24)]]
    for name, row in zip(texts.weekdays(lang), model.heatmap):
        rows.append([Cell(name, name)] + [_num(None if v is None else round(v, 2), lang, 1) for v in row])
    return rows


def sites(model: ReportModel, lang: str) -> list[list[Cell]]:
    rows = [[Cell.head(k, lang) for k in ("h_site", "h_sessions", "h_visitors", "h_data_gb", "h_availability",
                                          "h_coverage")]]
    for r in model.site_rows:
        rows.append([Cell(r.site, r.site), _num(r.sessions, lang), _num(r.visitors, lang), _gb(r.total_bytes, lang),
                     _pct_points(r.availability_pct, lang, 2), _pct_points(r.coverage_pct, lang)])
    return rows


def aps(model: ReportModel, lang: str) -> list[list[Cell]]:
    keys = ("h_ap", "h_sessions", "h_peak", "h_data_gb", "h_availability", "h_outages", "h_downtime")
    district = model.scope == "district"
    rows = [([Cell.head("h_site", lang)] if district else []) + [Cell.head(k, lang) for k in keys]]
    for r in model.aps:
        name = texts.t("ap_unassigned", lang) if r.unassigned else r.ap + (" *" if r.counts_only else "")
        rows.append(([Cell(r.site, r.site)] if district else []) + [
            Cell(name, name), _num(r.sessions, lang), _num(r.peak_clients, lang), _gb(r.total_bytes, lang),
            _pct_points(r.availability_pct, lang, 2), _num(r.outages, lang), _num(r.downtime_minutes, lang, 1)])
    return rows


def aps_notes(model: ReportModel, lang: str) -> list[str]:
    """The footnotes of the per-AP table: why a figure is "–", what the extra row holds."""
    notes = []
    if any(r.counts_only for r in model.aps):
        notes.append(texts.t("ap_counts_only", lang))
    if any(r.unassigned for r in model.aps):
        notes.append(texts.t("ap_unassigned_note", lang))
    return notes


def portal(model: ReportModel, lang: str) -> list[list[Cell]]:
    rows = [[Cell.head(k, lang) for k in ("h_day", "h_logins", "h_users", "h_devices", "h_portal_only")]]
    for r in model.portal:
        rows.append([_day(r.day, lang), _num(r.logins, lang), _num(r.portal_users, lang),
                     _num(r.associated_devices, lang), _num(r.portal_only, lang)])
    return rows


def portal_summary(model: ReportModel, lang: str) -> list[list[Cell]]:
    """Month totals of the daily portal figures (sums of daily distinct counts)."""
    rows = [[Cell.head("h_metric", lang), Cell.head("h_sum_days", lang)]]
    for key, attr in (("h_logins", "logins"), ("h_users", "portal_users"), ("h_devices", "associated_devices"),
                      ("h_portal_only", "portal_only")):
        rows.append([Cell.head(key, lang), _num(sum(getattr(p, attr) for p in model.portal), lang)])
    return rows


def alerts(model: ReportModel, lang: str) -> list[list[Cell]]:
    rows = [[Cell.head(k, lang) for k in ("h_site", "h_ap", "h_outages", "h_downtime", "h_longest")]]
    for r in model.alerts:
        rows.append([Cell(r.site, r.site), Cell(r.ap, r.ap), _num(r.outages, lang), _num(r.downtime_minutes, lang, 1),
                     _num(r.longest_minutes, lang, 1)])
    return rows


def definitions(model: ReportModel, lang: str) -> list[list[Cell]]:
    rows = [[Cell.head("h_term", lang), Cell.head("h_meaning", lang)]]
    for key, meaning in texts.DEFINITIONS:
        text = meaning[lang].format(**model.settings) if model.settings else meaning[lang]
        rows.append([Cell.head(key, lang), Cell(text, text)])
    return rows


# sheet/file name, builder, applies to ("site", "district")
TABLES = {
    "headline": headline,
    "daily": daily,
    "heatmap": heatmap,
    "sites": sites,
    "aps": aps,
    "portal": portal,
    "alerts": alerts,
    "definitions": definitions,
}


def table_rows(name: str, model: ReportModel, lang: str) -> list[list[Cell]]:
    if name == "portal_summary":
        return portal_summary(model, lang)
    if name in LIBRARY_TABLES:
        return LIBRARY_TABLES[name](model, lang)
    if name == "footfall":
        return footfall.table_footfall(model, lang)
    return TABLES[name](model, lang)


def tables_for(model: ReportModel) -> list[str]:
    return ([n for n in TABLES if n != "sites" or model.scope == "district"] + library.tables(model)
            + footfall.tables(model))


def quality_lines(model: ReportModel, lang: str) -> list[str]:
    q = model.quality
    lines = [texts.t("q_coverage", lang, v=texts.pct_points(q.coverage_pct, lang))]
    if q.unmonitored_days:
        lines.append(texts.t("q_unmonitored", lang, v=_day_ranges(q.unmonitored_days, lang)))
    if q.incomplete_days:
        lines.append(texts.t("q_incomplete", lang, v=", ".join(texts.short_day(d, lang) for d in q.incomplete_days)))
    else:
        lines.append(texts.t("q_complete", lang))
    lines.append(texts.t("q_random", lang, v=texts.pct(q.randomized_share, lang)))
    if q.estimate_keys:
        lines.append(texts.t("q_estimates", lang, v=", ".join(texts.t(k, lang) for k in q.estimate_keys)))
    if q.rotating_salt:
        lines.append(texts.t("q_salt", lang))
    lines += limit_lines(q, lang)
    if q.backfilled:
        lines.append(texts.t("q_backfilled", lang, v="; ".join(
            texts.t("q_backfilled_site", lang, site=s, n=texts.num(n, lang)) for s, n in q.backfilled)))
    lines.append(texts.t("q_sources", lang, v=", ".join(texts.t("src_" + s, lang) for s in q.sources)))
    return lines


def _day_ranges(days: list[dt.date], lang: str) -> str:
    """1-5, 28-30 Nov style: consecutive days as ranges."""
    runs: list[list[dt.date]] = []
    for d in sorted(days):
        if runs and (d - runs[-1][-1]).days == 1:
            runs[-1].append(d)
        else:
            runs.append([d])
    return ", ".join(texts.short_day(r[0], lang) if len(r) == 1 else
                     f"{texts.short_day(r[0], lang)} – {texts.short_day(r[-1], lang)}" for r in runs)


def limit_lines(q, lang: str) -> list[str]:
    """Footnotes on what limits the client-level figures: devices vs persons, blind APs (and the median
    dwell they shorten, estimated), the returning look-back window, the dwell resolution."""
    out = []
    if q.persons is not None:
        est, low, high = q.persons
        out.append(texts.t("q_persons", lang, est=texts.num(est, lang), low=texts.num(low, lang),
                           high=texts.num(high, lang)))
    def days(ds) -> str:
        return ", ".join(texts.short_day(d, lang) for d in ds) or "–"

    def per_site(i: int) -> tuple[int, str]:  # district: (site-days, "Library: days; ...")
        rows = [(site, ds[i]) for site, *ds in q.site_days if ds[i]]
        return sum(len(d) for _s, d in rows), "; ".join(f"{site}: {days(d)}" for site, d in rows)

    if q.blind_aps:
        n, said = per_site(0) if q.site_days else (len(q.blind_days), days(q.blind_days))
        out.append(texts.t("q_blind", lang, aps=", ".join(q.blind_aps), n=texts.num(n, lang), days=said,
                           sessions=texts.num(q.sessions_est, lang) if q.sessions_est is not None else "–",
                           range=_sessions_range_note(q, lang)))
        out.append(dhcp_line(q, lang))
    if q.dwell_est:
        out.append(texts.t("q_dwell_est", lang, est=texts.minutes(q.dwell_est[0] / 60, lang),
                           measured=texts.minutes(q.dwell_est[1] / 60, lang)))
    if q.short_history_days and not q.rotating_salt:
        n, said = per_site(1) if q.site_days else (len(q.short_history_days), days(q.short_history_days))
        out.append(texts.t("q_not_yet", lang, R=q.returning_window, n=texts.num(n, lang), days=said))
    if q.dwell_resolution_s:
        out.append(texts.t("q_resolution", lang, v=texts.minutes(q.dwell_resolution_s / 60, lang)))
    return out


def _sessions_range_note(q, lang: str) -> str:
    """The blind-spot footnote's words after the sessions estimate: its range, or where the range collapsed
    what the figure is instead (the rule: analytics.sessions_est_form); empty without an estimate."""
    if q.sessions_range is None:
        return ""
    low, high = q.sessions_range
    form = A.sessions_est_form({"sessions_est_low": low, "sessions_est_high": high,
                                "dhcp_days": sum(n for _s, n in q.dhcp_days)})
    if form == "range":
        return texts.t("q_sessions_range", lang, low=texts.num(low, lang), high=texts.num(high, lang))
    return texts.t(f"q_sessions_{form}", lang)


def dhcp_line(q, lang: str) -> str:
    """Whether the router's DHCP log was read for the sessions estimate: on how many days (per library in the
    district report), or that it was not."""
    if not q.dhcp_days:
        return texts.t("q_dhcp_not_read", lang)
    if len(q.dhcp_days) == 1 and not q.site_days:
        return texts.t("q_dhcp_read", lang, n=texts.num(q.dhcp_days[0][1], lang), sites="")
    return texts.t("q_dhcp_read", lang, n=texts.num(sum(n for _s, n in q.dhcp_days), lang),
                   sites=" (" + "; ".join(f"{s}: {texts.num(n, lang)}" for s, n in q.dhcp_days) + ")")


LIBRARY_TABLES = library.TABLES  # the library-visits section's tables (INLISLite guest book), kept apart

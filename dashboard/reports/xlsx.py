"""XLSX rendering with openpyxl: an info sheet, then one formatted sheet per
table, with native Excel charts (daily visitors, portal) and a colour scale on
the weekday x hour table."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from dashboard.reports import texts
from dashboard.reports.model import ReportModel
from dashboard.reports.tables import aps_notes, quality_lines, table_rows, tables_for

HEAD_FILL = PatternFill("solid", fgColor="1F3B57")
HEAD_FONT = Font(bold=True, color="FFFFFF")


def _header_footer(ws, model: ReportModel, lang: str) -> None:
    ws.oddHeader.left.text = model.name
    ws.oddHeader.right.text = f"{texts.t('period', lang)}: {texts.month_name(model.month, lang)}"
    ws.oddFooter.left.text = model.organisation
    ws.oddFooter.right.text = "&P / &N"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _info_sheet(ws, model: ReportModel, lang: str) -> None:
    rows = [
        (texts.t("title", lang), None),
        (texts.t("h_site", lang) if model.scope == "site" else texts.t("district", lang), model.name),
        (texts.t("period", lang), texts.month_name(model.month, lang)),
        ("", str(model.month)),
        (texts.t("generated", lang), texts.stamp(model.generated_at, lang, model.timezone)),
        ("", model.organisation),
    ]
    if model.scope == "district":
        rows.append((texts.t("libraries", lang, n=len(model.sites)), ", ".join(model.sites)))
    rows.append((None, None))
    rows.append((texts.t("s_quality", lang), None))
    rows += [(None, line) for line in quality_lines(model, lang)]
    for r in rows:
        ws.append(list(r))
    ws["A1"].font = Font(bold=True, size=14, color="1F3B57")
    ws.cell(row=rows.index((texts.t("s_quality", lang), None)) + 1, column=1).font = Font(bold=True)
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 90


def _table_sheet(ws, rows, numeric_width: int = 14) -> None:
    for r_i, row in enumerate(rows, start=1):
        for c_i, cell in enumerate(row, start=1):
            c = ws.cell(row=r_i, column=c_i, value=cell.value)
            if r_i == 1:
                c.fill, c.font = HEAD_FILL, HEAD_FONT
                c.alignment = Alignment(wrap_text=True, vertical="center")
            elif cell.fmt and cell.value is not None:
                c.number_format = cell.fmt
            if r_i > 1 and isinstance(cell.value, str) and len(cell.value) > 60:
                c.alignment = Alignment(wrap_text=True, vertical="top")
    for c_i in range(1, len(rows[0]) + 1):
        longest = max((len(str(r[c_i - 1].value or "")) for r in rows[:200]), default=8)
        ws.column_dimensions[get_column_letter(c_i)].width = min(90, max(numeric_width, longest + 2))
    ws.freeze_panes = "B2"
    if len(rows) > 2:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(rows[0]))}{len(rows)}"


def _daily_chart(ws, n: int, lang: str) -> None:
    bar = BarChart()
    bar.title = texts.t("s_daily", lang)
    bar.y_axis.title = texts.t("h_visitors", lang)
    bar.add_data(Reference(ws, min_col=2, min_row=1, max_row=n + 1), titles_from_data=True)
    bar.set_categories(Reference(ws, min_col=1, min_row=2, max_row=n + 1))
    line = LineChart()
    line.add_data(Reference(ws, min_col=3, min_row=1, max_row=n + 1), titles_from_data=True)
    bar += line
    bar.width, bar.height = 24, 9
    ws.add_chart(bar, "G2")


def _portal_chart(ws, n: int, lang: str) -> None:
    ch = LineChart()
    ch.title = texts.t("s_portal", lang)
    ch.add_data(Reference(ws, min_col=2, max_col=4, min_row=1, max_row=n + 1), titles_from_data=True)
    ch.set_categories(Reference(ws, min_col=1, min_row=2, max_row=n + 1))
    ch.width, ch.height = 24, 9
    ws.add_chart(ch, "G2")


def render_xlsx(model: ReportModel, lang: str) -> bytes:
    wb = Workbook()
    info = wb.active
    info.title = texts.SHEETS["info"][lang]
    _info_sheet(info, model, lang)
    _header_footer(info, model, lang)
    for name in tables_for(model):
        rows = table_rows(name, model, lang)
        ws = wb.create_sheet(texts.SHEETS[name][lang][:31])
        _table_sheet(ws, rows, 8 if name == "heatmap" else 14)
        _header_footer(ws, model, lang)
        n = len(rows) - 1
        if name == "daily" and n:
            _daily_chart(ws, n, lang)
        elif name == "portal" and n:
            _portal_chart(ws, n, lang)
        elif name == "heatmap":
            ws.conditional_formatting.add("B2:Y8", ColorScaleRule(start_type="min", start_color="F7FBFF",
                                                                    end_type="max", end_color="08519C"))
        elif name == "aps":
            notes = aps_notes(model, lang)
            for note in [""] + notes if notes else []:
                ws.append([note or None])
        elif name == "definitions":
            ws.column_dimensions["A"].width = 26
            ws.column_dimensions["B"].width = 110
    wb.properties.title = f"{texts.t('title', lang)} {model.name} {model.month}"
    wb.properties.creator = "Kunang"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()

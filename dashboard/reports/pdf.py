"""PDF rendering with reportlab (platypus) and vector charts; no browser."""

from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak, KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle,
)

from dashboard.reports import charts, footfall, library, texts
from dashboard.reports.model import ReportModel
from dashboard.reports.tables import Cell, aps_notes, quality_lines, table_rows

MARGIN = 16 * mm
WIDTH = A4[0] - 2 * MARGIN
DARK = colors.HexColor("#1f3b57")
ZEBRA = colors.HexColor("#f1f5f9")


def _styles() -> dict[str, ParagraphStyle]:
    font, bold = charts.register_fonts()
    base = ParagraphStyle("base", fontName=font, fontSize=8.5, leading=11)
    return {
        "base": base,
        "title": ParagraphStyle("title", base, fontName=bold, fontSize=17, leading=21, textColor=DARK),
        "subtitle": ParagraphStyle("subtitle", base, fontSize=11, leading=14, textColor=DARK),
        "h2": ParagraphStyle("h2", base, fontName=bold, fontSize=11.5, leading=14, spaceBefore=8, spaceAfter=4,
                             textColor=DARK),
        "small": ParagraphStyle("small", base, fontSize=7, leading=9, textColor=colors.HexColor("#555555")),
        "cell": ParagraphStyle("cell", base, fontSize=7.5, leading=9),
        "cellr": ParagraphStyle("cellr", base, fontSize=7.5, leading=9, alignment=TA_RIGHT),
        "head": ParagraphStyle("head", base, fontName=bold, fontSize=7.5, leading=9, textColor=colors.white),
    }


class _NumberedCanvas(Canvas):
    """Draws the header and footer once the page count is known ("page n of N")."""

    model: ReportModel
    lang: str

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self._pages: list[dict] = []

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._decorate(total)
            super().showPage()
        super().save()

    def _decorate(self, total: int) -> None:
        m, lang = self.model, self.lang
        font, bold = charts.register_fonts()
        w, h = A4
        self.setStrokeColor(DARK)
        self.setLineWidth(0.6)
        self.line(MARGIN, h - 12 * mm, w - MARGIN, h - 12 * mm)
        self.setFont(bold, 8)
        self.setFillColor(DARK)
        self.drawString(MARGIN, h - 10.5 * mm, m.name)
        self.setFont(font, 8)
        self.drawRightString(w - MARGIN, h - 10.5 * mm,
                             f"{texts.t('title', lang)} · {texts.t('period', lang)}: {texts.month_name(m.month, lang)}")
        self.line(MARGIN, 12 * mm, w - MARGIN, 12 * mm)
        self.setFont(font, 7)
        self.drawString(MARGIN, 8.5 * mm, f"{m.organisation} · {texts.t('generated', lang)} {texts.stamp(m.generated_at, lang, m.timezone)}")
        self.drawRightString(w - MARGIN, 8.5 * mm, texts.t("page", lang, n=self._pageNumber, total=total))


def _table(rows: list[list[Cell]], widths: list[float], st: dict) -> Table:
    data = []
    for i, row in enumerate(rows):
        if i == 0:
            data.append([Paragraph(c.text, st["head"]) for c in row])
        else:
            data.append([Paragraph(c.text, st["cellr"] if c.numeric else st["cell"]) for c in row])
    tbl = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    style = [
        ("BACKGROUND", (0, 0), (-1, 0), DARK),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LINEBELOW", (0, -1), (-1, -1), 0.5, DARK),
    ]
    for i in range(2, len(data), 2):
        style.append(("BACKGROUND", (0, i), (-1, i), ZEBRA))
    tbl.setStyle(TableStyle(style))
    return tbl


def _widths(n: int, first: float) -> list[float]:
    return [WIDTH * first] + [WIDTH * (1 - first) / (n - 1)] * (n - 1)


def _headline(model: ReportModel, lang: str, st: dict) -> list:
    rows = table_rows("headline", model, lang)
    out = [_table(rows, [WIDTH * 0.25, WIDTH * 0.19, WIDTH * 0.16, WIDTH * 0.12, WIDTH * 0.16, WIDTH * 0.12], st)]
    marks = []
    if any(f.estimate for f in model.headline):
        marks.append(texts.t("estimate_mark", lang))
    if any(f.incomplete for f in model.headline):
        marks.append(texts.t("incomplete_mark", lang))
    if any(f.limited for f in model.headline):
        marks.append(texts.t("limited_mark", lang))
    if marks:
        out.append(Paragraph(" · ".join(marks), st["small"]))
    return out


def _section(title: str, st: dict, *flowables, keep: bool = True) -> list:
    head = Paragraph(title, st["h2"])
    if keep:
        return [KeepTogether([head, *flowables])]
    return [CondPageBreak(40 * mm), head, *flowables]


def render_pdf(model: ReportModel, lang: str) -> bytes:
    st = _styles()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=18 * mm, bottomMargin=17 * mm,
        title=f"{texts.t('title', lang)} {model.name} {model.month}", author=model.organisation,
        subject=texts.month_name(model.month, lang), creator="Kunang",
    )
    story: list = [
        Paragraph(texts.t("title", lang), st["title"]),
        Paragraph(f"{model.name} · {texts.month_name(model.month, lang)}", st["subtitle"]),
    ]
    if model.scope == "district":
        story.append(Paragraph(texts.t("district", lang) + " · " + texts.t("libraries", lang, n=len(model.sites)),
                               st["small"]))
    story.append(Spacer(1, 4 * mm))
    story += _section(texts.t("s_headline", lang), st, *_headline(model, lang, st))
    story += _section(texts.t("s_daily", lang), st, charts.to_drawing(charts.daily_chart(model, lang), WIDTH))
    story += _section(texts.t("s_heatmap", lang), st, charts.to_drawing(charts.heatmap_chart(model, lang), WIDTH))
    if model.library is not None:  # guest-book visits beside Wi-Fi use
        story += _section(texts.t("s_library", lang), st, *library.pdf_flowables(model, lang, st, _table, _widths),
                          keep=False)
    if model.footfall is not None:  # sensed passers-by, visitors, connected (estimates)
        story += _section(texts.t("s_footfall", lang), st, *footfall.pdf_flowables(model, lang, st, _table, _widths),
                          keep=False)
    if model.scope == "district":
        rows = table_rows("sites", model, lang)
        story += _section(texts.t("s_sites", lang), st, _table(rows, _widths(len(rows[0]), 0.3), st), keep=False)
    rows = table_rows("aps", model, lang)
    first = 0.2
    notes = [Paragraph(n, st["small"]) for n in aps_notes(model, lang)]
    story += _section(texts.t("s_aps", lang), st, _table(rows, _widths(len(rows[0]), first), st), *notes,
                      keep=len(rows) < 25)
    if any(p.logins or p.associated_devices for p in model.portal):
        rows = table_rows("portal_summary", model, lang)
        story += _section(texts.t("s_portal", lang), st,
                          charts.to_drawing(charts.portal_chart(model, lang), WIDTH),
                          _table(rows, [WIDTH * 0.35, WIDTH * 0.15], st))
    else:
        story += _section(texts.t("s_portal", lang), st, Paragraph(texts.t("no_portal", lang), st["base"]))
    if model.alerts:
        rows = table_rows("alerts", model, lang)
        story += _section(texts.t("s_alerts", lang), st, _table(rows, _widths(len(rows[0]), 0.3), st),
                          keep=len(rows) < 25)
    else:
        story += _section(texts.t("s_alerts", lang), st, Paragraph(texts.t("no_alerts", lang), st["base"]))
    story += _section(texts.t("s_quality", lang), st,
                      *[Paragraph("• " + line, st["base"]) for line in quality_lines(model, lang)])
    story.append(PageBreak())
    rows = table_rows("definitions", model, lang)
    story += _section(texts.t("s_definitions", lang), st, _table(rows, [WIDTH * 0.22, WIDTH * 0.78], st), keep=False)
    story.append(Paragraph(texts.t("defs_source", lang), st["small"]))

    canvas_cls = type("ReportCanvas", (_NumberedCanvas,), {"model": model, "lang": lang})
    doc.build(story, canvasmaker=canvas_cls)
    return buf.getvalue()

"""Vector charts: matplotlib figures (no pyplot, no browser) as SVG, turned
into reportlab drawings by svglib so they stay vector graphics in the PDF."""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

import matplotlib
from matplotlib.figure import Figure as MplFigure

from dashboard.reports import texts
from dashboard.reports.model import ReportModel

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
BLUE, ORANGE, GREY = "#1f5f8b", "#e07b39", "#888888"

matplotlib.rcParams.update({
    "svg.fonttype": "none",  # text stays text (searchable in the PDF)
    "font.family": "DejaVu Sans",
    "font.size": 7.5,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.hashsalt": "kunang",  # stable ids: identical input gives identical output
})


@cache
def register_fonts() -> tuple[str, str]:
    """Register matplotlib's DejaVu Sans with reportlab and svglib (full Unicode, embedded)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from svglib.fonts import register_font

    ttf = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    pdfmetrics.registerFont(TTFont(FONT, str(ttf / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(ttf / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)
    for family in ("DejaVu Sans", "DejaVuSans", "sans-serif"):
        register_font(family, rlgFontName=FONT)
        register_font(family, weight="bold", rlgFontName=FONT_BOLD)
    return FONT, FONT_BOLD


def to_drawing(fig: MplFigure, width_pt: float):
    """SVG of the figure as a reportlab Drawing scaled to `width_pt`."""
    from svglib.svglib import svg2rlg

    register_fonts()
    buf = io.BytesIO()
    fig.savefig(buf, format="svg", metadata={"Date": None})
    buf.seek(0)
    drawing = svg2rlg(buf)
    scale = width_pt / drawing.width
    drawing.width, drawing.height = drawing.width * scale, drawing.height * scale
    drawing.scale(scale, scale)
    return drawing


def _fig(width_in: float, height_in: float, left: float = 0.55, right: float = 0.15, top: float = 0.3,
         bottom: float = 0.45) -> MplFigure:
    """A figure with fixed margins in inches (constrained layout costs a third of the chart time)."""
    fig = MplFigure(figsize=(width_in, height_in))
    fig.subplots_adjust(left=left / width_in, right=1 - right / width_in, top=1 - top / height_in,
                        bottom=bottom / height_in)
    return fig


def daily_chart(model: ReportModel, lang: str, width_in: float = 7.1) -> MplFigure:
    fig = _fig(width_in, 2.4)
    ax = fig.add_subplot()
    from matplotlib.ticker import MaxNLocator

    days = [r.day.day for r in model.daily]
    seen = [r for r in model.daily if r.monitored]  # days not monitored are shaded, never drawn as zero
    ax.bar([r.day.day for r in seen], [r.visitors for r in seen], color=BLUE, label=texts.t("chart_visitors", lang))
    ax.plot(days, [float("nan") if not r.monitored else r.sessions for r in model.daily], color=ORANGE, marker="o",
            markersize=2.5, linewidth=1.2, label=texts.t("chart_sessions", lang))
    shaded = False
    for r in model.daily:
        if not r.monitored:
            ax.axvspan(r.day.day - 0.5, r.day.day + 0.5, color="#eeeeee", linewidth=0,
                       label=None if shaded else texts.t("chart_unmonitored", lang))
            shaded = True
    incomplete = set(model.quality.incomplete_days)
    for r in seen:
        if r.day in incomplete:
            ax.annotate("†", (r.day.day, r.visitors), ha="center", va="bottom", color=GREY)
    ax.set_ylim(0, max([1] + [r.visitors for r in seen] + [r.sessions for r in seen]) * 1.08)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # counts: whole numbers on the axis
    ax.set_xticks(days[::2] if len(days) > 20 else days)
    ax.set_xlim(0.3, len(days) + 0.7)
    ax.set_xlabel(texts.month_name(model.month, lang))
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1), frameon=False, ncols=3)
    ax.grid(axis="y", color="#dddddd", linewidth=0.5)
    ax.set_axisbelow(True)
    return fig


def heatmap_chart(model: ReportModel, lang: str, width_in: float = 7.1) -> MplFigure:
    import numpy as np

    fig = _fig(width_in, 2.5, top=0.1, right=0.05)
    ax = fig.add_subplot()
    data = np.array([[float("nan") if v is None else v for v in row] for row in model.heatmap])
    cols = np.where((np.nan_to_num(data) > 0).any(axis=0))[0]
    h0, h1 = (max(0, cols.min() - 1), min(24, cols.max() + 2)) if len(cols) else (0, 24)
    data = data[:, h0:h1]
    mesh = ax.pcolormesh(np.arange(h0, h1 + 1), np.arange(8), np.ma.masked_invalid(data), cmap="Blues",
                         edgecolors="white", linewidth=0.4)
    top = np.nanmax(data) if np.isfinite(data).any() else 0
    for w in range(7):
        for h in range(h0, h1):
            v = data[w, h - h0]
            if np.isfinite(v) and v >= 0.05:
                ax.text(h + 0.5, w + 0.5, texts.num(v, lang, 0 if v >= 10 else 1), ha="center", va="center",
                        fontsize=6 if h1 - h0 <= 14 else 5, color="white" if v > top * 0.6 else "#333333")
    ax.set_yticks(np.arange(7) + 0.5, texts.weekdays(lang))
    step = 1 if h1 - h0 <= 14 else 2
    ax.set_xticks(np.arange(h0, h1, step) + 0.5, [f"{h:02d}" for h in range(h0, h1, step)])
    ax.invert_yaxis()
    ax.set_xlabel(texts.t("h_hour", lang))
    ax.tick_params(length=0)
    for s in ax.spines.values():
        s.set_visible(False)
    if np.isfinite(data).any():
        fig.colorbar(mesh, ax=ax, fraction=0.04, pad=0.015, label=texts.t("h_clients", lang))
    else:
        ax.text((h0 + h1) / 2, 3.5, texts.t("no_data", lang), ha="center", va="center", color=GREY)
    return fig


def portal_chart(model: ReportModel, lang: str, width_in: float = 7.1) -> MplFigure:
    fig = _fig(width_in, 2.1)
    ax = fig.add_subplot()
    days = [r.day.day for r in model.portal]
    ax.plot(days, [r.associated_devices for r in model.portal], color=BLUE, linewidth=1.4,
            label=texts.t("h_devices", lang))
    ax.plot(days, [r.logins for r in model.portal], color=ORANGE, linewidth=1.4, label=texts.t("h_logins", lang))
    ax.plot(days, [r.portal_users for r in model.portal], color=GREY, linewidth=1.0, linestyle="--",
            label=texts.t("h_users", lang))
    ax.set_xlim(0.5, model.month.days + 0.5)
    ax.set_ylim(bottom=0)
    ax.set_xlabel(texts.month_name(model.month, lang))
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1), frameon=False, ncols=3)
    ax.grid(axis="y", color="#dddddd", linewidth=0.5)
    return fig

"""Shared look of every chart, and the "nothing to show" figure."""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard.i18n import t

COLORS = {"now": "#0d6efd", "last_week": "#adb5bd", "new": "#20c997", "returning": "#6610f2",
          "avg": "#0d6efd", "peak": "#fd7e14", "portal": "#d63384", "assoc": "#0d6efd",
          "up": "#198754", "down": "#dc3545", "unknown": "#adb5bd"}
SEPARATORS = {"id": ",.", "en": ".,"}  # plotly: decimal point, then thousands separator


def base(fig: go.Figure, lang: str, *, height: int | None = 320, legend: bool = True) -> go.Figure:
    fig.update_layout(
        template="plotly_white",
        separators=SEPARATORS.get(lang, ",."),
        margin=dict(l=8, r=8, t=8, b=8),
        height=height,
        showlegend=legend,
        legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="left", x=0),
        hoverlabel=dict(namelength=-1),
        font=dict(size=12),
    )
    fig.update_xaxes(automargin=True)
    fig.update_yaxes(automargin=True)
    return fig


def empty(message: str, lang: str = "id", height: int = 200) -> go.Figure:
    """A figure without axes that says why it is empty and what to do."""
    fig = go.Figure()
    fig.add_annotation(text=message, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False,
                       font=dict(size=14, color="#6c757d"))
    base(fig, lang, height=height, legend=False)
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.update_layout(meta={"empty": True})
    return fig


def is_empty(fig: go.Figure) -> bool:
    meta = fig.layout.meta
    return bool(meta and isinstance(meta, dict) and meta.get("empty"))


def empty_chart(lang: str) -> go.Figure:
    return empty(t("empty.chart", lang), lang)

"""Shared look of every chart, and the "nothing to show" figure.

Figures are assembled as plain layout dicts and wrapped in a Figure without
plotly's property validation: validation (mostly of the template) cost 50-70 ms
per chart. Hover texts use plotly's own date formats and the locale's
separators (layout.separators) instead of per-point Babel strings, which cost
~0.3 ms a point on year-long series.
"""

from __future__ import annotations

from functools import cache

import plotly.graph_objects as go
import plotly.io as pio

from dashboard.i18n import t

COLORS = {"now": "#0d6efd", "last_week": "#adb5bd", "new": "#20c997", "returning": "#6610f2",
          "avg": "#0d6efd", "peak": "#fd7e14", "portal": "#d63384", "assoc": "#0d6efd",
          "up": "#198754", "down": "#dc3545", "unknown": "#adb5bd"}
SEPARATORS = {"id": ",.", "en": ".,"}  # plotly: decimal point, then thousands separator
HOVER_DAY = "%{x|%d/%m/%Y}"
HOVER_HOUR = "%{x|%d/%m/%Y %H:%M}"


@cache
def _template() -> dict:
    return pio.templates["plotly_white"].to_plotly_json()


def figure(data=None, layout: dict | None = None) -> go.Figure:
    """A Figure that skips plotly's property validation (the traces are still
    validated graph objects)."""
    return go.Figure(data, layout=layout, _validate=False)


def _merge(a: dict, b: dict) -> dict:
    out = dict(a)
    for k, v in b.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def layout(lang: str, *, height: int | None = 320, legend: bool = True, **extra) -> dict:
    base = {
        "template": _template(),
        "separators": SEPARATORS.get(lang, ",."),
        "margin": {"l": 8, "r": 8, "t": 8, "b": 8},
        "height": height,
        "showlegend": legend,
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "left", "x": 0},
        "hoverlabel": {"namelength": -1},
        "font": {"size": 12},
        "xaxis": {"automargin": True},
        "yaxis": {"automargin": True},
    }
    return _merge(base, extra)


def make(data, lang: str, *, counts: str | None = None, **kw) -> go.Figure:
    """`counts` ("x" or "y"): that axis counts people or sessions: from 0, whole numbers on its ticks."""
    if counts:
        key = f"{counts}axis"
        kw[key] = _merge(count_axis(data, counts, stacked=kw.get("barmode") == "stack"), kw.get(key, {}))
    return figure(data, layout(lang, **kw))


def _numbers(values) -> list[float]:
    out = []
    for v in values if values is not None else ():
        try:
            f = float(v)
        except (TypeError, ValueError):
            f = 0.0
        out.append(f if f == f else 0.0)
    return out


def count_axis(data, axis: str, *, stacked: bool = False) -> dict:
    """An axis of counts: never below 0, never a fractional tick (an all-zero chart reads 0 to 1, not -1 to 1)."""
    top = 0.0
    stack: list[float] = []
    for trace in data:
        values = _numbers(getattr(trace, axis, None))
        if stacked and trace.type == "bar":
            stack = [a + b for a, b in zip(stack, values)] + stack[len(values):] + values[len(stack):] \
                if stack else values
        else:
            top = max([top, *values])
    top = max([top, *stack])
    if top < 5:
        return {"range": [0, max(1.0, top) * 1.08], "dtick": 1, "tick0": 0, "tickformat": ",d"}
    return {"rangemode": "nonnegative", "tickformat": ",d"}


def empty(message: str, lang: str = "id", height: int = 200) -> go.Figure:
    """A figure without axes that says why it is empty and what to do."""
    return make([], lang, height=height, legend=False, xaxis={"visible": False}, yaxis={"visible": False},
                meta={"empty": True},
                annotations=[{"text": message, "x": 0.5, "y": 0.5, "xref": "paper", "yref": "paper",
                              "showarrow": False, "font": {"size": 14, "color": "#6c757d"}}])


def is_empty(fig: go.Figure) -> bool:
    meta = fig.layout.meta
    return bool(meta and isinstance(meta, dict) and meta.get("empty"))


def empty_chart(lang: str) -> go.Figure:
    return empty(t("empty.chart", lang), lang)

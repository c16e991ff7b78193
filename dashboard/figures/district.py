"""District charts: many sites at once."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.common import COLORS, empty_chart, make


def ranking(sites: pd.DataFrame, lang: str, value: str = "unique_visitors", top: int = 60) -> go.Figure:
    if sites.empty or not pd.to_numeric(sites[value], errors="coerce").fillna(0.0).any():
        return empty_chart(lang)
    d = sites.sort_values(value, ascending=False).head(top).iloc[::-1]
    return make([go.Bar(y=d["site"], x=d[value], orientation="h", marker_color=COLORS["avg"],
                        hovertemplate="%{y}: %{x:,.0f}<extra></extra>")],
                lang, height=max(220, 40 + 22 * len(d)), legend=False, counts="x")

"""District charts: many sites at once."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import fmt
from dashboard.figures.common import COLORS, base, empty_chart


def ranking(sites: pd.DataFrame, lang: str, value: str = "unique_visitors", top: int = 60) -> go.Figure:
    if sites.empty or not sites[value].fillna(0).any():
        return empty_chart(lang)
    d = sites.sort_values(value, ascending=False).head(top).iloc[::-1]
    fig = go.Figure(go.Bar(y=d["site"], x=d[value], orientation="h", marker_color=COLORS["avg"],
                           customdata=[fmt.num(v, lang) for v in d[value]],
                           hovertemplate="%{y}: %{customdata}<extra></extra>"))
    return base(fig, lang, height=max(220, 40 + 22 * len(d)), legend=False)

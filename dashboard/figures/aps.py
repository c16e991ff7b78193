"""Charts of one access point."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.common import COLORS, HOVER_HOUR, empty_chart, make
from dashboard.figures.occupancy import local_axis, over_time


def history(hist: pd.DataFrame, lang: str, tz: str) -> go.Figure:
    """An AP's hourly peak and average clients: the site chart's figure."""
    return over_time(hist, lang, tz)


def availability(hist: pd.DataFrame, lang: str, tz: str) -> go.Figure:
    if hist.empty:
        return empty_chart(lang)
    local = local_axis(hist["bucket"], tz)
    share = hist["reachable_polls"].astype(float) / hist["polls"].where(hist["polls"] > 0)
    return make([go.Scatter(x=local, y=share, mode="lines", line=dict(color=COLORS["up"], shape="hv"),
                            hovertemplate=HOVER_HOUR + ": %{y:.0%}<extra></extra>")],
                lang, height=200, legend=False, yaxis={"range": [0, 1.05], "tickformat": ".0%"},
                xaxis={"tickformat": "%d/%m\n%H:%M"})

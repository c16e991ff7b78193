"""Data-quality charts."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import fmt
from dashboard.figures.common import empty_chart, make


def coverage_heatmap(cov: pd.DataFrame, lang: str) -> go.Figure:
    """Coverage (0..1) per AP (rows) and local day (columns); days the site is closed are blank."""
    if cov.empty or cov["coverage"].isna().all():
        return empty_chart(lang)
    # the AP's name alone when there is one site (the page's site): long labels crowd the chart on a phone
    d = cov.assign(label=cov["ap"] if cov["site"].nunique() == 1 else cov["site"] + " / " + cov["ap"])
    grid = d.pivot_table(index="label", columns="day", values="coverage", aggfunc="mean", dropna=False)
    grid = grid.sort_index(ascending=False)
    days = [fmt.date(c, lang, "d MMM") for c in grid.columns]
    return make([go.Heatmap(
        z=grid.values, x=days, y=list(grid.index), zmin=0, zmax=1,
        colorscale=[[0, "#dc3545"], [0.8, "#ffc107"], [0.9, "#d1e7dd"], [1, "#198754"]],
        hovertemplate="%{y} %{x}: %{z:.0%}<extra></extra>", hoverongaps=False,
        colorbar=dict(thickness=10, tickformat=".0%"),
    )], lang, height=max(220, 60 + 22 * len(grid)), legend=False)

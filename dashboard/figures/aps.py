"""Charts of one access point."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import fmt
from dashboard.figures.common import COLORS, base, empty_chart
from dashboard.i18n import t


def history(hist: pd.DataFrame, lang: str, tz: str) -> go.Figure:
    if hist.empty:
        return empty_chart(lang)
    b = pd.to_datetime(hist["bucket"], utc=True)
    local = b.dt.tz_convert(tz).dt.tz_localize(None)
    labels = [fmt.datetime(x, lang, tz) for x in b]
    fig = go.Figure([
        go.Scatter(x=local, y=hist["clients_max"], name=t("col.clients_peak", lang), mode="lines",
                   line=dict(color=COLORS["peak"], width=1), customdata=labels,
                   hovertemplate="%{customdata}: %{y:,.0f}<extra></extra>"),
        go.Scatter(x=local, y=hist["clients_avg"], name=t("col.clients_avg", lang), mode="lines",
                   line=dict(color=COLORS["avg"], width=2), fill="tozeroy", customdata=labels,
                   hovertemplate="%{customdata}: %{y:,.1f}<extra></extra>"),
    ])
    fig.update_xaxes(tickformat="%d/%m\n%H:%M")
    fig.update_yaxes(rangemode="tozero")
    return base(fig, lang)


def availability(hist: pd.DataFrame, lang: str, tz: str) -> go.Figure:
    if hist.empty:
        return empty_chart(lang)
    b = pd.to_datetime(hist["bucket"], utc=True)
    local = b.dt.tz_convert(tz).dt.tz_localize(None)
    share = hist["reachable_polls"].astype(float) / hist["polls"].where(hist["polls"] > 0)
    labels = [f"{fmt.datetime(x, lang, tz)}: {fmt.pct(v, lang)}" for x, v in zip(b, share)]
    fig = go.Figure(go.Scatter(x=local, y=share, mode="lines", line=dict(color=COLORS["up"], shape="hv"),
                               customdata=labels, hovertemplate="%{customdata}<extra></extra>"))
    fig.update_yaxes(range=[0, 1.05], tickformat=".0%")
    fig.update_xaxes(tickformat="%d/%m\n%H:%M")
    return base(fig, lang, height=200, legend=False)

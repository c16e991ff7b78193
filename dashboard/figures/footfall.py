"""Sensed footfall (probe requests): pure DataFrame -> figure."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.common import HOVER_DAY, empty_chart, make
from dashboard.i18n import t

FOOTFALL_COLORS = {"passers_by": "#adb5bd", "visitors": "#198754", "connected": "#0d6efd"}


def daily(df: pd.DataFrame, lang: str) -> go.Figure:
    """Per day: passers-by, visitors and connected side by side (device-days, estimates)."""
    if df.empty or not df[["passers_by", "visitors", "connected"]].fillna(0).to_numpy().any():
        return empty_chart(lang)
    hover = HOVER_DAY + ": %{y:,.0f}<extra>%{fullData.name}</extra>"
    return make([go.Bar(x=df["day"], y=df[col], name=t(f"footfall.{col}", lang), marker_color=color,
                        hovertemplate=hover) for col, color in FOOTFALL_COLORS.items()],
                lang, barmode="group", xaxis={"tickformat": "%d/%m"},
                yaxis={"rangemode": "tozero", "tickformat": ",d"})


def by_hour(df: pd.DataFrame, lang: str) -> go.Figure:
    """By local hour of day: the average passers-by, visitors and connected per hour with sensor data."""
    if df.empty or not df[["passers_by", "visitors", "connected"]].fillna(0).to_numpy().any():
        return empty_chart(lang)
    hover = "%{x}:00: %{y:,.1f}<extra>%{fullData.name}</extra>"
    return make([go.Scatter(x=df["hour_of_day"], y=df[col], name=t(f"footfall.{col}", lang), mode="lines+markers",
                            line={"color": color}, hovertemplate=hover) for col, color in FOOTFALL_COLORS.items()],
                lang, xaxis={"dtick": 2, "range": [-0.5, 23.5], "title": {"text": t("footfall.hour_of_day", lang)}},
                yaxis={"rangemode": "tozero", "title": {"text": t("footfall.per_hour", lang)}})

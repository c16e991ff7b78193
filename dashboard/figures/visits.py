"""Library visits (guest book) beside Wi-Fi use: pure DataFrame -> figure."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.figures.common import COLORS, HOVER_DAY, empty_chart, make
from dashboard.i18n import t

VISIT_COLORS = {"individual": "#198754", "group": "#20c997", "wifi": COLORS["avg"], "minutes": COLORS["peak"]}


def visits_vs_wifi(df: pd.DataFrame, lang: str) -> go.Figure:
    """Per day: guest-book visits (individual, group stacked) and Wi-Fi visitors (line)."""
    if df.empty or not (df["visits"].fillna(0).any() or df["wifi_visitors"].fillna(0).any()):
        return empty_chart(lang)
    hover = HOVER_DAY + ": %{y:,.0f}<extra>%{fullData.name}</extra>"
    return make([
        go.Bar(x=df["day"], y=df["individual"], name=t("visits.individual", lang),
               marker_color=VISIT_COLORS["individual"], hovertemplate=hover),
        go.Bar(x=df["day"], y=df["group"], name=t("visits.group", lang), marker_color=VISIT_COLORS["group"],
               hovertemplate=hover),
        go.Scatter(x=df["day"], y=df["wifi_visitors"], name=t("visits.wifi_visitors", lang), mode="lines+markers",
                   line={"color": VISIT_COLORS["wifi"]}, hovertemplate=hover, connectgaps=False),
    ], lang, barmode="stack", xaxis={"tickformat": "%d/%m"}, yaxis={"rangemode": "tozero", "tickformat": ",d"})


def by_purpose(df: pd.DataFrame, lang: str) -> go.Figure:
    """Per visit purpose: visits (bars) and Wi-Fi minutes per visit (markers, right axis)."""
    if df.empty or not df["visits"].fillna(0).any():
        return empty_chart(lang)
    d = df.sort_values("visits")
    return make([
        go.Bar(y=d["label"], x=d["visits"], orientation="h", name=t("visits.visits", lang),
               marker_color=VISIT_COLORS["individual"], hovertemplate="%{y}: %{x:,.0f}<extra></extra>"),
        go.Scatter(y=d["label"], x=d["minutes_per_visit"], mode="markers", xaxis="x2",
                   name=t("visits.minutes_per_visit", lang), marker={"color": VISIT_COLORS["minutes"], "size": 11},
                   hovertemplate="%{y}: %{x:,.1f} min<extra></extra>"),
    ], lang, height=max(240, 60 + 34 * len(d)),
        xaxis={"title": {"text": t("visits.visits", lang)}, "rangemode": "tozero"},
        xaxis2={"overlaying": "x", "side": "top", "rangemode": "tozero",
                "title": {"text": t("visits.minutes_per_visit", lang)}, "showgrid": False})


def trend(df: pd.DataFrame, lang: str) -> go.Figure:
    """Per month: library visits and Wi-Fi visitor-days."""
    if df.empty or not (df["visits"].fillna(0).any() or df["wifi_visitor_days"].fillna(0).any()):
        return empty_chart(lang)
    hover = "%{x|%m/%Y}: %{y:,.0f}<extra>%{fullData.name}</extra>"
    return make([
        go.Bar(x=df["month"], y=df["visits"], name=t("visits.visits", lang), marker_color=VISIT_COLORS["individual"],
               hovertemplate=hover),
        go.Scatter(x=df["month"], y=df["wifi_visitor_days"], name=t("visits.wifi_visitor_days", lang),
                   mode="lines+markers", line={"color": VISIT_COLORS["wifi"]}, hovertemplate=hover),
    ], lang, xaxis={"tickformat": "%m/%Y", "dtick": "M1"}, yaxis={"rangemode": "tozero", "tickformat": ",d"})


def ranking(df: pd.DataFrame, lang: str, top: int = 60) -> go.Figure:
    """Libraries by guest-book visits and by Wi-Fi visitor-days, side by side."""
    if df.empty or not (df["visits"].fillna(0).any() or df["wifi_visitor_days"].fillna(0).any()):
        return empty_chart(lang)
    d = df.sort_values("visits", ascending=False).head(top).iloc[::-1]
    return make([
        go.Bar(y=d["name"], x=d["visits"], orientation="h", name=t("visits.visits", lang),
               marker_color=VISIT_COLORS["individual"], hovertemplate="%{y}: %{x:,.0f}<extra></extra>"),
        go.Bar(y=d["name"], x=d["wifi_visitor_days"], orientation="h", name=t("visits.wifi_visitor_days", lang),
               marker_color=VISIT_COLORS["wifi"], hovertemplate="%{y}: %{x:,.0f}<extra></extra>"),
    ], lang, barmode="group", height=max(240, 60 + 44 * len(d)))

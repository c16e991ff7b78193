"""Occupancy charts: now vs last week, per AP, over time, weekday x hour."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import fmt
from dashboard.figures.common import COLORS, HOVER_DAY, HOVER_HOUR, empty_chart, make
from dashboard.i18n import t


def now_vs_last_week(sites: pd.DataFrame, lang: str) -> go.Figure:
    """Horizontal bars per site: clients now and the hourly average one week earlier."""
    if sites.empty or (sites["clients_now"].isna().all() and sites["clients_last_week"].isna().all()):
        return empty_chart(lang)
    df = sites.sort_values("site", ascending=False)
    now = pd.to_numeric(df["clients_now"], errors="coerce").fillna(0.0)
    week = pd.to_numeric(df["clients_last_week"], errors="coerce").fillna(0.0)
    return make([
        go.Bar(y=df["site"], x=week, orientation="h", name=t("col.clients_last_week", lang),
               marker_color=COLORS["last_week"], hovertemplate="%{y}: %{x:,.1f}<extra></extra>"),
        go.Bar(y=df["site"], x=now, orientation="h", name=t("col.clients_now", lang),
               marker_color=COLORS["now"], hovertemplate="%{y}: %{x:,.0f}<extra></extra>"),
    ], lang, height=max(220, 60 + 36 * len(df)), barmode="group", counts="x")


def clients_per_ap(board: pd.DataFrame, lang: str, top: int = 30) -> go.Figure:
    """Clients now on the busiest APs (controllers excluded), coloured by state."""
    df = board[~board["is_controller"].astype(bool)] if not board.empty else board
    if df.empty or df["clients"].isna().all():
        return empty_chart(lang)
    df = df.assign(clients=pd.to_numeric(df["clients"], errors="coerce").fillna(0.0)).sort_values("clients", ascending=False).head(top)
    df = df.iloc[::-1]
    labels = df["site"] + " / " + df["ap"]
    week = pd.to_numeric(df["clients_last_week"], errors="coerce").fillna(0.0) if "clients_last_week" in df else None
    bars = [go.Bar(
        y=labels, x=df["clients"], orientation="h", name=t("col.clients_now", lang),
        marker_color=[COLORS.get(s, COLORS["unknown"]) for s in df["state"]],
        customdata=[t(f"state.{s}", lang) for s in df["state"]],
        hovertemplate="%{y}: %{x:,.0f} (%{customdata})<extra></extra>",
    )]
    if week is not None:
        bars.insert(0, go.Bar(y=labels, x=week, orientation="h", name=t("col.clients_last_week", lang),
                              marker_color=COLORS["last_week"], hovertemplate="%{y}: %{x:,.1f}<extra></extra>"))
    return make(bars, lang, height=max(220, 40 + 34 * len(df)), legend=week is not None, barmode="group",
                counts="x")


def local_axis(buckets: pd.Series, tz: str) -> pd.Series:
    """UTC buckets as naive local times (the chart's axis is the site's wall clock)."""
    return pd.to_datetime(buckets, utc=True).dt.tz_convert(tz).dt.tz_localize(None)


def over_time(occ: pd.DataFrame, lang: str, tz: str) -> go.Figure:
    """Hourly average and peak clients of a site (or of one AP), on the site's local time axis."""
    if occ.empty:
        return empty_chart(lang)
    return _peak_and_average(local_axis(occ["bucket"], tz), occ, lang, ("col.clients_peak", "col.clients_avg"),
                             HOVER_HOUR, "%d/%m\n%H:%M")


def per_day(occ: pd.DataFrame, lang: str) -> go.Figure:
    """Daily peak and average clients of a site (long ranges)."""
    if occ.empty:
        return empty_chart(lang)
    return _peak_and_average(pd.to_datetime(occ["day"]), occ, lang, ("col.clients_peak_day", "col.clients_avg_day"),
                             HOVER_DAY, "%d/%m/%y")


def _peak_and_average(x: pd.Series, df: pd.DataFrame, lang: str, names: tuple[str, str], hover: str,
                      tickformat: str) -> go.Figure:
    return make([
        go.Scatter(x=x, y=df["clients_max"], name=t(names[0], lang), mode="lines",
                   line=dict(color=COLORS["peak"], width=1), hovertemplate=hover + ": %{y:,.0f}<extra></extra>"),
        go.Scatter(x=x, y=df["clients_avg"], name=t(names[1], lang), mode="lines",
                   line=dict(color=COLORS["avg"], width=2), fill="tozeroy",
                   hovertemplate=hover + ": %{y:,.1f}<extra></extra>"),
    ], lang, xaxis={"tickformat": tickformat}, counts="y")


def weekday_hour(heat: pd.DataFrame, lang: str) -> go.Figure:
    """Average clients by local weekday (rows, 0 = Monday first) and hour (columns)."""
    if heat.empty or heat["clients_avg"].isna().all():
        return empty_chart(lang)
    grid = heat.pivot_table(index="weekday", columns="hour", values="clients_avg", aggfunc="mean", dropna=False)
    grid = grid.reindex(index=range(7), columns=range(24))
    names = fmt.weekday_names(lang)
    return make([go.Heatmap(
        z=grid.values, x=[f"{h:02d}" for h in range(24)], y=names, colorscale="Blues",
        hovertemplate="%{y} %{x}:00 — %{z:,.1f}<extra></extra>", hoverongaps=False, colorbar=dict(thickness=10),
    )], lang, height=300, legend=False, yaxis={"autorange": "reversed"})

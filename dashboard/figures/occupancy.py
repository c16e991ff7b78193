"""Occupancy charts: now vs last week, per AP, over time, weekday x hour."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import fmt
from dashboard.figures.common import COLORS, base, empty_chart
from dashboard.i18n import t


def now_vs_last_week(sites: pd.DataFrame, lang: str) -> go.Figure:
    """Horizontal bars per site: clients now and the hourly average one week earlier."""
    if sites.empty or (sites["clients_now"].isna().all() and sites["clients_last_week"].isna().all()):
        return empty_chart(lang)
    df = sites.sort_values("site", ascending=False)
    now = df["clients_now"].fillna(0).astype(float)
    week = df["clients_last_week"].fillna(0).astype(float)
    fig = go.Figure([
        go.Bar(y=df["site"], x=week, orientation="h", name=t("col.clients_last_week", lang),
               marker_color=COLORS["last_week"], customdata=[fmt.num(v, lang, 1) for v in week],
               hovertemplate="%{y}: %{customdata}<extra></extra>"),
        go.Bar(y=df["site"], x=now, orientation="h", name=t("col.clients_now", lang),
               marker_color=COLORS["now"], customdata=[fmt.num(v, lang) for v in now],
               hovertemplate="%{y}: %{customdata}<extra></extra>"),
    ])
    fig.update_layout(barmode="group")
    return base(fig, lang, height=max(220, 60 + 36 * len(df)))


def clients_per_ap(board: pd.DataFrame, lang: str, top: int = 30) -> go.Figure:
    """Clients now on the busiest APs (controllers excluded), coloured by state."""
    df = board[~board["is_controller"]] if not board.empty else board
    if df.empty or df["clients"].isna().all():
        return empty_chart(lang)
    df = df.assign(clients=df["clients"].fillna(0)).sort_values("clients", ascending=False).head(top)
    df = df.iloc[::-1]
    labels = df["site"] + " / " + df["ap"]
    fig = go.Figure(go.Bar(
        y=labels, x=df["clients"], orientation="h",
        marker_color=[COLORS.get(s, COLORS["unknown"]) for s in df["state"]],
        customdata=[[fmt.num(c, lang), t(f"state.{s}", lang)] for c, s in zip(df["clients"], df["state"])],
        hovertemplate="%{y}: %{customdata[0]} (%{customdata[1]})<extra></extra>",
    ))
    return base(fig, lang, height=max(220, 40 + 24 * len(df)), legend=False)


def over_time(occ: pd.DataFrame, lang: str, tz: str) -> go.Figure:
    """Hourly average and peak clients of a site, on the site's local time axis."""
    if occ.empty:
        return empty_chart(lang)
    local = pd.to_datetime(occ["bucket"], utc=True).dt.tz_convert(tz).dt.tz_localize(None)
    labels = [fmt.datetime(b, lang, tz) for b in pd.to_datetime(occ["bucket"], utc=True)]
    fig = go.Figure([
        go.Scatter(x=local, y=occ["clients_max"], name=t("col.clients_peak", lang), mode="lines",
                   line=dict(color=COLORS["peak"], width=1), customdata=labels,
                   hovertemplate="%{customdata}: %{y:,.0f}<extra></extra>"),
        go.Scatter(x=local, y=occ["clients_avg"], name=t("col.clients_avg", lang), mode="lines",
                   line=dict(color=COLORS["avg"], width=2), fill="tozeroy", customdata=labels,
                   hovertemplate="%{customdata}: %{y:,.1f}<extra></extra>"),
    ])
    fig.update_xaxes(tickformat="%d/%m\n%H:%M")
    fig.update_yaxes(rangemode="tozero")
    return base(fig, lang)


def weekday_hour(heat: pd.DataFrame, lang: str) -> go.Figure:
    """Average clients by local weekday (rows, 0 = Monday first) and hour (columns)."""
    if heat.empty or heat["clients_avg"].isna().all():
        return empty_chart(lang)
    grid = heat.pivot_table(index="weekday", columns="hour", values="clients_avg", aggfunc="mean", dropna=False)
    grid = grid.reindex(index=range(7), columns=range(24))
    names = fmt.weekday_names(lang)
    text = [[fmt.num(v, lang, 1) if v == v else "–" for v in row] for row in grid.values]
    fig = go.Figure(go.Heatmap(
        z=grid.values, x=[f"{h:02d}" for h in range(24)], y=names, colorscale="Blues", text=text,
        hovertemplate="%{y} %{x}:00 — %{text}<extra></extra>", hoverongaps=False,
        colorbar=dict(thickness=10),
    ))
    fig.update_yaxes(autorange="reversed")
    return base(fig, lang, height=300, legend=False)

"""Usage charts: visitors per day, dwell time, usage by AP and SSID, portal vs association."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import fmt
from dashboard.figures.common import COLORS, base, empty_chart
from dashboard.i18n import t



def _days(df: pd.DataFrame, lang: str) -> tuple[list, list[str]]:
    days = pd.to_datetime(df["day"])
    return list(days), [fmt.date(d.date(), lang) for d in days]


def visitors_daily(daily: pd.DataFrame, lang: str, *, returning: bool = True) -> go.Figure:
    """Stacked bars of new and returning visitors per day (or all visitors when
    returning visitors are not computed), sessions as a line."""
    if daily.empty:
        return empty_chart(lang)
    x, labels = _days(daily, lang)
    if returning:
        bars = [
            go.Bar(x=x, y=daily["new_visitors"], name=t("col.new", lang), marker_color=COLORS["new"],
                   customdata=labels, hovertemplate="%{customdata}: %{y:,.0f}<extra></extra>"),
            go.Bar(x=x, y=daily["returning_visitors"], name=t("col.returning", lang),
                   marker_color=COLORS["returning"], customdata=labels,
                   hovertemplate="%{customdata}: %{y:,.0f}<extra></extra>"),
        ]
    else:
        bars = [go.Bar(x=x, y=daily["visitors"], name=t("col.visitors", lang), marker_color=COLORS["new"],
                       customdata=labels, hovertemplate="%{customdata}: %{y:,.0f}<extra></extra>")]
    line = go.Scatter(x=x, y=daily["sessions"], name=t("col.sessions", lang), mode="lines+markers",
                      line=dict(color=COLORS["peak"]), customdata=labels,
                      hovertemplate="%{customdata}: %{y:,.0f}<extra></extra>")
    fig = go.Figure([*bars, line])
    fig.update_layout(barmode="stack")
    fig.update_xaxes(tickformat="%d/%m")
    return base(fig, lang)


def dwell_table(dist: dict, lang: str) -> pd.DataFrame:
    """Visits per engagement bucket of `analytics.dwell_distribution` (pure; also the CSV)."""
    buckets = dist.get("buckets", []) if dist else []
    return pd.DataFrame({
        t("col.duration", lang): [t(f"dwell.{b['bucket']}", lang) for b in buckets],
        t("col.visits", lang): [int(b["visits"] or 0) for b in buckets],
        t("col.share", lang): [b["share"] for b in buckets],
    })


def dwell(dist: dict, lang: str) -> go.Figure:
    """Bars of visits per dwell bucket; median and 90th percentile in the title line."""
    if not dist or not dist.get("visits"):
        return empty_chart(lang)
    table = dwell_table(dist, lang)
    cols = list(table.columns)
    fig = go.Figure(go.Bar(x=table[cols[0]], y=table[cols[1]], marker_color=COLORS["avg"],
                           customdata=[fmt.pct(v, lang) for v in table[cols[2]]],
                           hovertemplate="%{x}: %{y:,.0f} (%{customdata})<extra></extra>"))
    fig.add_annotation(text=t("site.dwell_stats", lang, median=fmt.duration(dist.get("median_s"), lang),
                              p90=fmt.duration(dist.get("p90_s"), lang)),
                       x=1, y=1.0, xref="paper", yref="paper", xanchor="right", yanchor="bottom", showarrow=False,
                       font=dict(size=12, color="#495057"))
    fig = base(fig, lang, legend=False)
    fig.update_layout(margin=dict(t=28))
    return fig


def horizontal(df: pd.DataFrame, category: str, value: str, lang: str, digits: int = 1,
               kind: str = "number") -> go.Figure:
    """Bars of `value` per `category`, largest on top."""
    if df.empty or not df[value].fillna(0).astype(float).any():
        return empty_chart(lang)
    d = df.sort_values(value, ascending=True)
    label = (lambda v: fmt.bytes_(v, lang)) if kind == "bytes" else (lambda v: fmt.num(v, lang, digits))
    fig = go.Figure(go.Bar(y=d[category].astype(str), x=d[value], orientation="h", marker_color=COLORS["avg"],
                           customdata=[label(v) for v in d[value]],
                           hovertemplate="%{y}: %{customdata}<extra></extra>"))
    return base(fig, lang, height=max(200, 60 + 28 * len(d)), legend=False)


def portal_vs_associated(daily: pd.DataFrame, lang: str) -> go.Figure:
    if daily.empty:
        return empty_chart(lang)
    x, labels = _days(daily, lang)
    fig = go.Figure([
        go.Bar(x=x, y=daily["associated_devices"], name=t("col.associated", lang), marker_color=COLORS["assoc"],
               customdata=labels, hovertemplate="%{customdata}: %{y:,.0f}<extra></extra>"),
        go.Bar(x=x, y=daily["portal_logins"], name=t("col.portal_logins", lang), marker_color=COLORS["portal"],
               customdata=labels, hovertemplate="%{customdata}: %{y:,.0f}<extra></extra>"),
    ])
    fig.update_layout(barmode="group")
    fig.update_xaxes(tickformat="%d/%m")
    return base(fig, lang)

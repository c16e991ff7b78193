"""Usage charts: visitors per day, dwell time, usage by AP and SSID, portal vs association."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard import fmt
from dashboard.figures.common import COLORS, HOVER_DAY, empty_chart, make
from dashboard.i18n import t


def _days(df: pd.DataFrame) -> pd.Series:
    return pd.to_datetime(df["day"])


def visitors_daily(daily: pd.DataFrame, lang: str, *, returning: bool = True) -> go.Figure:
    """Stacked bars of new and returning visitors per day (or all visitors when
    returning visitors are not computed), sessions as a line."""
    if daily.empty:
        return empty_chart(lang)
    x = _days(daily)
    def named(key: str) -> dict:  # the hover names the series too: "New (devices)", never a bare count
        return {"name": t(key, lang), "hovertemplate": HOVER_DAY + f" · {t(key, lang)}: %{{y:,.0f}}<extra></extra>"}

    if returning:
        bars = [
            go.Bar(x=x, y=daily["new_visitors"], marker_color=COLORS["new"], **named("col.new")),
            go.Bar(x=x, y=daily["returning_visitors"], marker_color=COLORS["returning"], **named("col.returning")),
        ]
    else:
        bars = [go.Bar(x=x, y=daily["visitors"], marker_color=COLORS["new"], **named("col.visitors"))]
    line = go.Scatter(x=x, y=daily["sessions"], mode="lines+markers", line=dict(color=COLORS["peak"]),
                      **named("col.sessions"))
    return make([*bars, line, *_limit_marks(daily, x, lang)], lang, barmode="stack", xaxis={"tickformat": "%d/%m"},
                counts="y")


def _limit_marks(daily: pd.DataFrame, x, lang: str) -> list[go.Scatter]:
    """A mark above each day a blind AP or a short history limits (issue 22: every such site-day flagged where
    it is shown), its hover saying what (the `limits` text); none where nothing limits a day."""
    if "limits" not in daily.columns:
        return []
    top = [max(float(v or 0), float(s or 0)) for v, s in zip(daily["visitors"], daily["sessions"])]
    peak = max(top) if top else 0.0
    out = []
    for col, key, symbol, color, lift in (("limit_blind", "limits.mark_blind", "triangle-down", COLORS["down"], 0.06),
                                         ("limit_not_yet", "limits.mark_not_yet", "circle-open", COLORS["unknown"],
                                          0.12)):
        on = [bool(v) for v in daily[col]]
        if not any(on):
            continue
        xs = [d for d, k in zip(x, on) if k]
        out.append(go.Scatter(
            x=xs, y=[tp + lift * peak + 1 for tp, k in zip(top, on) if k], mode="markers", name=t(key, lang),
            marker=dict(symbol=symbol, size=9, color=color),
            customdata=[lim for lim, k in zip(daily["limits"], on) if k],
            hovertemplate=HOVER_DAY + ": %{customdata}<extra></extra>"))
    return out


def dwell_table(dist: dict, lang: str) -> pd.DataFrame:
    """Visits per engagement bucket of `analytics.dwell_distribution` (pure; also the CSV)."""
    buckets = dist.get("buckets", []) if dist else []
    return pd.DataFrame({
        t("col.duration", lang): [t(f"dwell.{b['bucket']}", lang) for b in buckets],
        t("col.visits", lang): [int(b["visits"] or 0) for b in buckets],
        t("col.share", lang): [b["share"] for b in buckets],
    })


def dwell(dist: dict, lang: str) -> go.Figure:
    """Bars of visits per dwell bucket; median and 90th percentile above the chart."""
    if not dist or not dist.get("visits"):
        return empty_chart(lang)
    table = dwell_table(dist, lang)
    cols = list(table.columns)
    note = t("site.dwell_stats", lang, median=fmt.duration(dist.get("median_s"), lang),
             p90=fmt.duration(dist.get("p90_s"), lang))
    return make([go.Bar(x=table[cols[0]], y=table[cols[1]], marker_color=COLORS["avg"],
                        customdata=[fmt.pct(v, lang) for v in table[cols[2]]],
                        hovertemplate="%{x}: %{y:,.0f} (%{customdata})<extra></extra>")],
                lang, legend=False, margin={"t": 28}, counts="y",
                annotations=[{"text": note, "x": 1, "y": 1.0, "xref": "paper", "yref": "paper", "xanchor": "right",
                              "yanchor": "bottom", "showarrow": False, "font": {"size": 12, "color": "#495057"}}])


def horizontal(df: pd.DataFrame, category: str, value: str, lang: str, digits: int = 1,
               kind: str = "number") -> go.Figure:
    """Bars of `value` per `category`, largest on top."""
    if df.empty or not pd.to_numeric(df[value], errors="coerce").fillna(0.0).any():
        return empty_chart(lang)
    d = df.sort_values(value, ascending=True)
    label = (lambda v: fmt.bytes_(v, lang)) if kind == "bytes" else (lambda v: fmt.num(v, lang, digits))
    return make([go.Bar(y=d[category].astype(str), x=d[value], orientation="h", marker_color=COLORS["avg"],
                        customdata=[label(v) for v in d[value]], hovertemplate="%{y}: %{customdata}<extra></extra>")],
                lang, height=max(200, 60 + 28 * len(d)), legend=False,
                xaxis={"tickformat": "~s", "ticksuffix": "B"} if kind == "bytes" else {})


def portal_vs_associated(daily: pd.DataFrame, lang: str) -> go.Figure:
    if daily.empty:
        return empty_chart(lang)
    x = _days(daily)
    hover = HOVER_DAY + ": %{y:,.0f}<extra></extra>"
    return make([
        go.Bar(x=x, y=daily["associated_devices"], name=t("col.associated", lang), marker_color=COLORS["assoc"],
               hovertemplate=hover),
        go.Bar(x=x, y=daily["portal_logins"], name=t("col.portal_logins", lang), marker_color=COLORS["portal"],
               hovertemplate=hover),
    ], lang, barmode="group", xaxis={"tickformat": "%d/%m"}, counts="y")

"""Chart builders: DataFrame in, plotly Figure out. No streamlit, no duckdb."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.formatting import format_month, format_value
from dashboard.i18n import t

FONT = "Noto Sans, DejaVu Sans, Arial, sans-serif"  # local fonts with Vietnamese glyphs
LINE_COLOUR = "#1f5fa8"
TARGET_COLOUR = "#c0392b"


def province_trend(
    series: pd.DataFrame, targets: pd.DataFrame, kind: str, name: str, lang: str, sample: bool
) -> go.Figure:
    """Monthly province line; `series` has period, value; `targets` has year, value, source."""
    hover = [
        f"{format_month(p.date(), lang)}: {format_value(v, kind, lang)}"
        for p, v in zip(series["period"], series["value"], strict=True)
    ]
    figure = go.Figure(
        go.Scatter(
            x=series["period"],
            y=series["value"],
            mode="lines+markers",
            name=t("province", lang),
            line={"color": LINE_COLOUR, "width": 2},
            marker={"size": 4},
            hovertext=hover,
            hoverinfo="text",
        )
    )
    if not targets.empty:
        _add_targets(figure, targets, series, lang)
    title = t("trend_title", lang, name=name)
    if sample:
        title += f"  ·  {t('sample_badge', lang)}"
    figure.update_layout(
        title={"text": title, "x": 0},
        font={"family": FONT},
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        height=360,
        legend={"orientation": "h", "y": -0.15},
        separators=",." if lang == "vi" else ".,",
        xaxis={"title": t("month_axis", lang), "range": [series["period"].min(), series["period"].max()]},
        yaxis={
            "tickformat": ".0%" if kind == "rate" else ",d",
            "rangemode": "tozero" if kind == "count" else None,
        },
    )
    return figure


def _add_targets(figure: go.Figure, targets: pd.DataFrame, series: pd.DataFrame, lang: str) -> None:
    """Each year's target as a step across that year's months within the series' range."""
    first, last = series["period"].min(), series["period"].max()
    xs: list[pd.Timestamp | None] = []
    ys: list[float | None] = []
    for year, value in zip(targets["year"], targets["value"], strict=True):
        start = max(pd.Timestamp(year=int(year), month=1, day=1), first)
        end = min(pd.Timestamp(year=int(year), month=12, day=1), last)
        if start > end:
            continue
        xs += [start, end, None]
        ys += [value, value, None]
    if not xs:
        return
    example = (targets["source"] == "example").all()
    figure.add_trace(
        go.Scatter(
            x=xs,
            y=ys,
            mode="lines",
            name=t("target_example" if example else "target", lang),
            line={"color": TARGET_COLOUR, "dash": "dash", "width": 1.5},
            hoverinfo="skip",
        )
    )

"""Chart builders: DataFrame in, plotly Figure out. No streamlit, no duckdb."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import qualitative
from plotly.subplots import make_subplots

from core.formats import (
    format_month,
    format_value,
    plotly_separators,
    value_tickformat,
)
from core.messages import t
from core.missing import CARRIED, COMPLETE, INCOMPLETE
from dashboard import style
from dashboard.captions import month_notes, month_states

FONT = style.SCREEN_FONT
LINE_COLOUR = style.BLUE
# Hollow circles mean "estimate" on every chart; a month with missing reports gets its own mark.
MISSING_REPORTS = "diamond-open"
CARRIED_FIGURES = "square-open"  # a month whose total keeps some units' last reported stock
TARGET_COLOUR = style.TARGET_RED


def _layout(title: str, lang: str, height: int, **extra: object) -> dict:
    """What every chart shares: title, local fonts, margins, and the language's number separators."""
    return {
        "title": {"text": title, "x": 0},
        "font": {"family": FONT},
        "margin": {"l": 10, "r": 10, "t": 50, "b": 10},
        "height": height,
        "separators": plotly_separators(lang),
        **extra,
    }


def _month_axis(lang: str, **extra: object) -> dict:
    """Month ticks as the language writes them ("03/2026", "Mar 2026"), years alone once ticks are a year apart.

    Without this plotly labels dates with English month names whatever the page's language."""
    month = "%m/%Y" if lang == "vi" else "%b %Y"
    return {
        "tickformatstops": [
            {"dtickrange": [None, "M1"], "value": "%d/%m/%Y" if lang == "vi" else "%d %b %Y"},
            {"dtickrange": ["M1", "M12"], "value": month},
            {"dtickrange": ["M12", None], "value": "%Y"},
        ],
        **extra,
    }


def _padded_months(periods: pd.Series) -> list[pd.Timestamp]:
    """The series' first and last month with half a month either side, so the end markers are not cut."""
    periods = pd.to_datetime(periods)
    return [periods.min() - pd.Timedelta(days=15), periods.max() + pd.Timedelta(days=15)]


def _titled(title: str, lang: str, sample: bool) -> str:
    return f"{title}  ·  {t('sample_badge', lang)}" if sample else title


def province_trend(
    series: pd.DataFrame,
    targets: pd.DataFrame,
    kind: str,
    name: str,
    lang: str,
    sample: bool,
    others: Sequence[tuple[str, pd.DataFrame]] = (),
) -> go.Figure:
    """Monthly province line; `series` has period, value and, optionally, the missing-report columns of
    `province_series` (units_reporting, units_carried, units_in_force, complete); `targets` has year,
    value, source; `others` are further named lines (period, value, estimate), such as a district's.

    A month that rests on carried stocks, or in which some unit has no figure at all, gets a hollow
    marker of its own and says so on hover (`core.missing`): never drawn as a plain fall or rise."""
    figure = go.Figure(_line(series, t("province", lang), kind, lang, colour=LINE_COLOUR, width=2, named=False))
    _explain_marks(figure, [series, *(line for _, line in others)], lang)
    for label, line in others:
        figure.add_trace(_line(line, str(label), kind, lang))
    if not targets.empty:
        _add_targets(figure, targets, series, lang)
    figure.update_layout(
        **_layout(_titled(t("trend_title", lang, name=name), lang, sample), lang, 380),
        legend={"orientation": "h", "y": -0.28},
        xaxis=_month_axis(lang, title=t("month_axis", lang), range=_padded_months(series["period"])),
        yaxis={
            "tickformat": value_tickformat(kind),
            "rangemode": "tozero" if kind == "count" else None,
        },
    )
    return figure


def _add_targets(figure: go.Figure, targets: pd.DataFrame, series: pd.DataFrame, lang: str) -> None:
    """Each year's target as a step across that year's months within the series' range."""
    series = series.assign(period=pd.to_datetime(series["period"]))
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


def trend_lines(
    frame: pd.DataFrame, targets: pd.DataFrame, *, kind: str, title: str, lang: str, sample: bool
) -> go.Figure:
    """One line per key (province, district or unit), each point marked as `_line` marks it."""
    figure = go.Figure()
    lines = [rows for _, rows in frame.groupby("key", sort=False)]
    for rows in lines:
        figure.add_trace(_line(rows, str(rows["key"].iloc[0]), kind, lang))
    _explain_marks(figure, lines, lang)
    if not targets.empty and not frame.empty:
        _add_targets(figure, targets, frame, lang)
    figure.update_layout(
        **_layout(_titled(title, lang, sample), lang, 460),
        # Thirteen districts need thirteen colours: plotly's default ten would repeat.
        colorway=qualitative.Dark24 if frame["key"].nunique() > 10 else None,
        legend={"orientation": "h", "y": -0.15},
        xaxis=_month_axis(lang),
        yaxis={"tickformat": value_tickformat(kind)},
    )
    return figure


ESTIMATE = "circle-open"
POINT_MARKERS = {COMPLETE: "circle", CARRIED: CARRIED_FIGURES, INCOMPLETE: MISSING_REPORTS}
MARK_LEGENDS = {
    ESTIMATE: "estimate_legend",
    CARRIED_FIGURES: "trend_carried_legend",
    MISSING_REPORTS: "trend_incomplete_legend",
}


def _marks(rows: pd.DataFrame) -> list[str]:
    """Each point's marker: a month resting on carried stocks or with units missing (`core.missing`,
    from the line's unit counts) before an estimate through a reform, else a plain dot."""
    estimates = rows["estimate"] if "estimate" in rows else [False] * len(rows)
    return [
        POINT_MARKERS[state] if state != COMPLETE else (ESTIMATE if estimate else "circle")
        for state, estimate in zip(month_states(rows), estimates, strict=True)
    ]


def _line(
    rows: pd.DataFrame,
    key: str,
    kind: str,
    lang: str,
    *,
    colour: str | None = None,
    width: float = 2,
    named: bool = True,
) -> go.Scatter:
    """One named line (period, value, optionally estimate and the unit counts of `province_series`): a
    month that is an estimate, rests on carried stocks or lacks some unit's figure gets a hollow marker
    of its own and says so on hover, never drawn as a plain fall or rise."""
    marks = _marks(rows)
    notes = month_notes(rows, lang)
    estimates = rows["estimate"] if "estimate" in rows else [False] * len(rows)
    hover = [
        (f"{key}<br>" if named else "")
        + f"{format_month(pd.Timestamp(p).date(), lang)}: {format_value(v, kind, lang)}"
        + (f"<br>{note}" if note else "")
        + (f"<br>{t('estimate_note', lang)}" if e else "")
        for p, v, note, e in zip(rows["period"], rows["value"], notes, estimates, strict=True)
    ]
    return go.Scatter(
        x=rows["period"],
        y=rows["value"],
        mode="lines+markers",
        name=key,
        line={"color": colour, "width": width},
        marker={"symbol": marks, "size": [5 if m == "circle" else 8 for m in marks]},
        hovertext=hover,
        hoverinfo="text",
    )


def _explain_marks(figure: go.Figure, lines: Sequence[pd.DataFrame], lang: str) -> None:
    """A legend entry for each kind of hollow point the lines use: print and phones have no hover."""
    used = {mark for rows in lines for mark in _marks(rows)}
    for mark, legend in MARK_LEGENDS.items():
        if mark in used:
            figure.add_trace(
                go.Scatter(
                    x=[None],
                    y=[None],
                    mode="markers",
                    name=t(legend, lang),
                    marker={"symbol": mark, "size": 8, "color": style.DARK},
                    hoverinfo="skip",
                )
            )


LIGHT_COLOURS = style.LIGHT_COLOURS


def ranking_bars(table: pd.DataFrame, *, kind: str, title: str, lang: str, target: float | None) -> go.Figure:
    """Units best first as horizontal bars coloured by their light against the target."""
    shown = table.dropna(subset=["value"]).iloc[::-1]  # plotly draws the first bar at the bottom
    figure = go.Figure(
        go.Bar(
            x=shown["value"],
            y=shown["name"],
            orientation="h",
            marker={"color": [LIGHT_COLOURS[light] for light in shown["light"]]},
            # Each bar's value at its end: near the top of a rate scale bars differ by a few pixels only.
            text=[format_value(v, kind, lang) for v in shown["value"]],
            textposition="outside",
            cliponaxis=False,
            textfont={"size": 11, "color": style.DARK},
            hovertext=[
                f"{n}: {format_value(v, kind, lang)} · {t('rank', lang)} {int(r)}"
                for n, v, r in zip(shown["name"], shown["value"], shown["rank"], strict=True)
            ],
            hoverinfo="text",
        )
    )
    if target is not None:
        # Under the bars and their labels, so that it never strikes through a value.
        figure.add_vline(x=target, line={"color": TARGET_COLOUR, "dash": "dash"}, layer="below")
    figure.update_layout(
        **_layout(title, lang, max(360, 16 * len(shown) + 80)),
        xaxis={
            "tickformat": value_tickformat(kind),
            "range": [0, 1.12 * max(shown["value"].max() if len(shown) else 0, target or 0, 1e-9)],
        },
        showlegend=False,
    )
    return figure


def small_multiples(panels: list[tuple[str, str, pd.DataFrame]], *, title: str, lang: str) -> go.Figure:
    """One small chart per indicator: (name, kind, frame with period, value, estimate and, optionally,
    the unit counts of `core.missing.unit_lines`); each point marked and explained as on the trends."""
    rows = math.ceil(len(panels) / 2)
    figure = make_subplots(rows=rows, cols=2, subplot_titles=[name for name, _, _ in panels], vertical_spacing=0.08)
    for index, (name, kind, frame) in enumerate(panels):
        row, col = index // 2 + 1, index % 2 + 1
        figure.add_trace(
            go.Scatter(
                x=frame["period"],
                y=frame["value"],
                mode="lines+markers",
                name=name,
                line={"color": LINE_COLOUR, "width": 1.5},
                marker={"size": 5, "symbol": _marks(frame)},
                hovertext=[
                    f"{format_month(p, lang)}: {format_value(v, kind, lang)}" + (f"<br>{note}" if note else "")
                    for p, v, note in zip(frame["period"], frame["value"], month_notes(frame, lang), strict=True)
                ],
                hoverinfo="text",
                showlegend=False,
            ),
            row=row,
            col=col,
        )
        figure.update_yaxes(tickformat=value_tickformat(kind), row=row, col=col)
        figure.update_xaxes(**_month_axis(lang), row=row, col=col)
    figure.update_layout(
        title={"text": title, "x": 0},
        font={"family": FONT, "size": 11},
        margin={"l": 10, "r": 10, "t": 70, "b": 10},
        height=230 * rows + 80,
        separators=plotly_separators(lang),
    )
    return figure


def reporting_heatmap(grid: pd.DataFrame, *, indicators: int, title: str, lang: str) -> go.Figure:
    """Units down, months across: how many of the indicators each unit reported."""
    figure = go.Figure(
        go.Heatmap(
            z=grid.to_numpy(),
            x=[format_month(m, lang) for m in grid.columns],
            y=list(grid.index),
            zmin=0,
            zmax=indicators,
            colorscale=[[0, LIGHT_COLOURS["red"]], [0.5, LIGHT_COLOURS["amber"]], [1, LIGHT_COLOURS["green"]]],
            colorbar={"title": {"text": f"/{indicators}"}},
            hovertemplate="%{y} · %{x}: %{z}/" + str(indicators) + "<extra></extra>",
        )
    )
    figure.update_layout(
        title={"text": title, "x": 0},
        font={"family": FONT, "size": 10},
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        height=max(360, 14 * len(grid) + 120),
        # Every row named: left to itself plotly names every other row once there are many.
        yaxis={"autorange": "reversed", "tickmode": "array", "tickvals": list(grid.index), "dtick": 1},
    )
    return figure

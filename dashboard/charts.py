"""Chart builders: DataFrame in, plotly Figure out. No streamlit, no duckdb."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import qualitative
from plotly.subplots import make_subplots

from core.formats import (
    format_month,
    format_percent,
    format_points,
    format_value,
    plotly_separators,
    value_tickformat,
)
from core.messages import t
from core.missing import CARRIED, COMPLETE, INCOMPLETE
from dashboard import style
from dashboard.captions import month_notes, month_states, step_label

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
    if xs:
        figure.add_trace(_target_trace(xs, ys, targets, lang, width=1.5))


def _target_trace(
    xs: list, ys: list, targets: pd.DataFrame, lang: str, width: float, hover: list[str | None] | None = None
) -> go.Scatter:
    """Targets as dashed segments (None between them), named "target (example)" while they are examples."""
    example = (targets["source"] == "example").all()
    return go.Scatter(
        x=xs,
        y=ys,
        mode="lines",
        name=t("target_example" if example else "target", lang),
        line={"color": TARGET_COLOUR, "dash": "dash", "width": width},
        hovertext=hover,
        hoverinfo="text" if hover else "skip",
    )


def trend_lines(
    frame: pd.DataFrame,
    targets: pd.DataFrame,
    *,
    kind: str,
    title: str,
    lang: str,
    sample: bool,
    frequency: str = "month",
    highlight: str | None = None,
) -> go.Figure:
    """One line per key (province, district or unit) at `frequency` steps, each point marked as `_line`
    marks it. With `highlight` (a key), that line is drawn in colour over the others in grey: thirteen
    coloured districts cannot be told apart, one against grey can, on a phone too."""
    figure = go.Figure()
    lines = [rows for _, rows in frame.groupby("key", sort=False)]
    if highlight not in {str(rows["key"].iloc[0]) for rows in lines}:
        highlight = None
    lines.sort(key=lambda rows: str(rows["key"].iloc[0]) == highlight)  # the highlighted line last, on top
    for rows in lines:
        figure.add_trace(_trend_line(rows, kind, lang, frequency, highlight))
    if highlight is not None:  # one legend entry for all the grey lines: the hover still names each
        for trace in [trace for trace in figure.data if trace.legendgroup == OTHERS][1:]:
            trace.showlegend = False
    _explain_marks(figure, lines, lang)
    if not targets.empty and not frame.empty:
        if frequency == "year":
            _year_targets(figure, targets, frame, kind, lang)
        else:
            _add_targets(figure, targets, frame, lang)
    figure.update_layout(
        **_layout(_titled(title, lang, sample), lang, 460),
        # Thirteen districts need thirteen colours: plotly's default ten would repeat.
        colorway=qualitative.Dark24 if highlight is None and frame["key"].nunique() > 10 else None,
        legend={"orientation": "h", "y": -0.15},
        xaxis=_step_axis(frame, frequency, lang),
        yaxis={"tickformat": value_tickformat(kind)},
    )
    return figure


def _trend_line(rows: pd.DataFrame, kind: str, lang: str, frequency: str, highlight: str | None) -> go.Scatter:
    """`_line` of one key, hovered with its steps' names; against a highlighted line, a thin grey one whose
    plain dots are left out but whose hollow marks stay (the missing-report rule holds on every line)."""
    key = str(rows["key"].iloc[0])
    months = rows["months"] if "months" in rows else [1] * len(rows)
    labels = [step_label(p, m, frequency, lang) for p, m in zip(rows["period"], months, strict=True)]
    if highlight is None:
        return _line(rows, key, kind, lang, labels=labels)
    if key == highlight:
        line = _line(rows, key, kind, lang, labels=labels, colour=LINE_COLOUR, width=3)
        return line.update(legendrank=1)
    grey = _line(rows, key, kind, lang, labels=labels, colour=style.OTHER_LINES_GREY, width=1.2, dot=0)
    return grey.update(name=t("trends_others", lang), legendgroup=OTHERS, legendrank=2)


OTHERS = "others"  # the legend group of the lines a highlighted line stands out from


def _step_axis(frame: pd.DataFrame, frequency: str, lang: str) -> dict:
    """Months as the language writes them; quarters ticked by year; years labelled by year ("2024", "2026
    (10 tháng)" for a year not yet over) with room either side for each year's target."""
    if frequency == "month":
        return _month_axis(lang)
    if frequency == "quarter":
        periods = pd.to_datetime(frame["period"])
        return {
            "tickformat": "%Y",
            "dtick": "M12",
            "range": [periods.min() - QUARTER_HALF, periods.max() + QUARTER_HALF],
        }
    steps = frame.drop_duplicates("period").sort_values("period")
    months = steps["months"] if "months" in steps else [12] * len(steps)
    labels = [step_label(p, m, "year", lang) for p, m in zip(steps["period"], months, strict=True)]
    periods = pd.to_datetime(steps["period"])
    return {
        "tickmode": "array",
        "tickvals": list(periods),
        "ticktext": [label.replace(" (", "<br>(") for label in labels],  # a phone has room for "2026" only
        "range": [periods.min() - YEAR_HALF, periods.max() + YEAR_HALF],
    }


QUARTER_HALF = pd.Timedelta(days=45)  # room for the end markers, not a year's tick beyond the last quarter
YEAR_HALF = pd.Timedelta(days=200)  # a year's slot either side of its point: its target's dash fits inside
YEAR_TARGET = pd.Timedelta(days=120)  # half a year's target dash: wide enough to read, clear of the next year


def _year_targets(figure: go.Figure, targets: pd.DataFrame, frame: pd.DataFrame, kind: str, lang: str) -> None:
    """Each year's own target as a dash across that year's point: a yearly chart has one point a year, so
    the months' step from January to December would be a dot."""
    years = sorted({pd.Timestamp(p).year for p in frame["period"]})
    wanted = targets[targets["year"].isin(years)]
    xs: list[pd.Timestamp | None] = []
    ys: list[float | None] = []
    hover: list[str | None] = []
    for year, value in zip(wanted["year"], wanted["value"], strict=True):
        middle = pd.Timestamp(year=int(year), month=1, day=1)
        said = t("rankings_target", lang, year=int(year), target=format_value(value, kind, lang), example="")
        xs += [middle - YEAR_TARGET, middle + YEAR_TARGET, None]
        ys += [value, value, None]
        hover += [said, said, None]
    if xs:
        figure.add_trace(_target_trace(xs, ys, targets, lang, width=2, hover=hover))


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
    labels: Sequence[str] | None = None,
    dot: float = 5,
) -> go.Scatter:
    """One named line (period, value, optionally estimate and the unit counts of `province_series`): a
    month that is an estimate, rests on carried stocks or lacks some unit's figure gets a hollow marker
    of its own and says so on hover, never drawn as a plain fall or rise. `labels` name the points on
    hover (default: their months); `dot` is the size of a plain point."""
    marks = _marks(rows)
    notes = month_notes(rows, lang)
    estimates = rows["estimate"] if "estimate" in rows else [False] * len(rows)
    steps = labels if labels is not None else [format_month(pd.Timestamp(p).date(), lang) for p in rows["period"]]
    hover = [
        (f"{key}<br>" if named else "")
        + f"{step}: {format_value(v, kind, lang)}"
        + (f"<br>{note}" if note else "")
        + (f"<br>{t('estimate_note', lang)}" if e else "")
        for step, v, note, e in zip(steps, rows["value"], notes, estimates, strict=True)
    ]
    return go.Scatter(
        x=rows["period"],
        y=rows["value"],
        mode="lines+markers",
        name=key,
        line={"color": colour, "width": width},
        marker={"symbol": marks, "size": [dot if m == "circle" else 8 for m in marks]},
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
LIGHT_ORDER = ("green", "amber", "red", "none")  # the legend reads from on target to behind
ROW_HEIGHT = 20  # pixels per unit: 11 px names and values never touch, on a phone as on a laptop
TITLE_SPACE = 40  # the top margin a chart's own title takes (a page's `chart_block` gives it back)
LEGEND_SPACE = 44  # two rows of legend: a phone wraps the statuses onto a second row
TARGET_LABEL_SPACE = 22  # the target's label, between the legend and the first unit


def ranking_dots(table: pd.DataFrame, *, kind: str, title: str, lang: str, target: float | None) -> go.Figure:
    """Units best first, one dot each, on a value axis zoomed to the units' spread.

    A 0–100% axis makes 92% and 98% look equal; here the axis starts near the lowest unit (and says it
    does not start at 0). The light is told by shape and colour (`style.LIGHT_SYMBOLS`), explained in the
    legend; a hollow dot is an estimate or a carried figure. Names stand left of the plot and values in a
    column right of it, so nothing written crosses the target's dashed line, whose own label sits above
    the plot."""
    shown = table.dropna(subset=["value"])
    shown = shown.assign(label=_distinct_names(shown))
    statuses = [light for light in LIGHT_ORDER if (shown["light"] == light).any()]
    judged = statuses != ["none"]  # without a target every dot is grey: nothing to explain
    figure = go.Figure(
        [_light_dots(shown[shown["light"] == light], light, kind, lang, judged, target) for light in statuses]
    )
    figure.add_trace(_value_column(shown))
    if _hollow(shown).any():
        figure.add_trace(_legend_only("circle-open", t("ranking_hollow_legend", lang)))
    low, high = _zoomed(shown["value"], target)
    if target is not None:
        _target_line(figure, target, (low, high), kind, lang)
    plot_height = ROW_HEIGHT * len(shown) + 20
    layout = _layout(title, lang, plot_height + TITLE_SPACE + LEGEND_SPACE + TARGET_LABEL_SPACE + 50)
    layout["margin"].update(t=TITLE_SPACE + LEGEND_SPACE + TARGET_LABEL_SPACE, b=50)
    figure.update_layout(
        **layout,
        showlegend=judged or bool(_hollow(shown).any()),
        # Above the target's label, in paper units of a plot whose height is known here.
        legend={"orientation": "h", "x": 0, "y": 1 + TARGET_LABEL_SPACE / plot_height, "yanchor": "bottom"},
        xaxis={
            "range": [low, high],
            "tickformat": _ranking_tickformat(kind, low, high),
            "title": {"text": t("ranking_axis_zoomed", lang, value=t("col_value", lang)), "font": {"size": 12}},
            "zeroline": False,
        },
        **_unit_axes(shown["label"].tolist(), [format_value(v, kind, lang) for v in shown["value"]]),
    )
    return figure


def _unit_axes(names: list[str], values: list[str]) -> dict:
    """The units down both sides, in rank order: names on the left axis, their values as the right axis's
    labels (a column beside the plot, like a table's). Plotly draws the first category at the bottom."""
    rows = {
        "type": "category",
        "categoryorder": "array",
        "categoryarray": names[::-1],
        "range": [-0.6, len(names) - 0.4],  # half a row around the units, no more
        "tickmode": "array",
        "tickvals": names,
        "tickfont": {"size": 11},
        "automargin": True,
    }
    return {
        "yaxis": {**rows, "showgrid": True, "gridcolor": "#eeeeee"},
        "yaxis2": {**rows, "overlaying": "y", "side": "right", "ticktext": values, "tickfont": {"size": 11}},
    }


def _value_column(shown: pd.DataFrame) -> go.Scatter:
    """Nothing drawn: plotly shows an axis only with a trace on it, and the right axis holds the values."""
    return go.Scatter(
        x=shown["value"], y=shown["label"], yaxis="y2", mode="markers", opacity=0, showlegend=False, hoverinfo="skip"
    )


def _light_dots(rows: pd.DataFrame, light: str, kind: str, lang: str, named: bool, target: float | None) -> go.Scatter:
    """The units of one light: its shape and colour, hollow where the figure is an estimate or carried."""
    symbol = style.LIGHT_SYMBOLS[light]
    return go.Scatter(
        x=rows["value"],
        y=rows["label"],
        mode="markers",
        name=t(f"light_{light}", lang) if light != "amber" else _amber_legend(kind, lang),
        showlegend=named,
        marker={
            "symbol": [f"{symbol}-open" if h else symbol for h in _hollow(rows)],
            "color": LIGHT_COLOURS[light],
            "size": 11,
            "line": {"width": 2, "color": LIGHT_COLOURS[light]},
        },
        cliponaxis=False,
        hovertext=[_ranking_hover(row, kind, lang, target) for row in rows.itertuples(index=False)],
        hoverinfo="text",
    )


def _amber_legend(kind: str, lang: str) -> str:
    """ "close (at most 5 pp short)": the legend says how close is close (`dashboard.rankings.light`)."""
    margin = format_points(0.05, lang, 0, sign=False) if kind == "rate" else format_percent(0.10, lang, 0)
    return t("light_legend_amber", lang, margin=margin)


def _hollow(rows: pd.DataFrame) -> pd.Series:
    """Units whose figure is an estimate through a reform or a stock carried from an earlier report."""
    none = pd.Series(False, index=rows.index)
    return rows.get("estimate", none).astype(bool) | rows.get("carried", none).astype(bool)


def _ranking_hover(row, kind: str, lang: str, target: float | None) -> str:
    """Name, value and rank, the light, and why a dot may differ: its own target, an estimate, a carried figure."""
    lines = [f"<b>{row.name}</b>", f"{format_value(row.value, kind, lang)} · {t('rank', lang)} {int(row.rank)}"]
    if row.light != "none":
        lines.append(f"{t('col_light', lang)}: {t(f'light_{row.light}', lang)}")
    own = getattr(row, "target", None)
    if own is not None and not pd.isna(own) and own != target:  # set on the admin page for this unit
        lines.append(t("ranking_own_target", lang, target=format_value(own, kind, lang)))
    if getattr(row, "estimate", False):
        lines.append(t("estimate_note", lang))
    if getattr(row, "carried", False):
        lines.append(t("carried_note", lang))
    return "<br>".join(lines)


def _legend_only(symbol: str, name: str) -> go.Scatter:
    """A legend entry with no point of its own: what a kind of mark means (print and phones have no hover)."""
    return go.Scatter(
        x=[None],
        y=[None],
        mode="markers",
        name=name,
        marker={"symbol": symbol, "size": 10, "color": style.DARK},
        hoverinfo="skip",
    )


def _zoomed(values: pd.Series, target: float | None) -> tuple[float, float]:
    """The value axis: from a little below the lowest unit (or the target) to a little above the highest,
    never below zero when every value is at or above it."""
    points = [float(v) for v in values] + ([] if target is None else [target])
    if not points:
        return 0.0, 1.0
    low, high = min(points), max(points)
    pad = 0.06 * (high - low) if high > low else max(abs(high) * 0.05, 0.01)
    return (max(low - pad, 0.0) if low >= 0 else low - pad), high + pad


def _ranking_tickformat(kind: str, low: float, high: float) -> str:
    """Whole percents, or tenths over a range under ten points (else half-point ticks repeat: 93%, 93%, 94%)."""
    if kind == "rate" and high - low < 0.1:
        return ".1%"
    return value_tickformat(kind)


def _target_line(figure: go.Figure, target: float, axis: tuple[float, float], kind: str, lang: str) -> None:
    """The target as a dashed line through the plot, labelled above the first unit: the label lies in the
    margin (no name, dot or value can cross it), on the side of the line where there is room."""
    figure.add_shape(
        type="line",
        x0=target,
        x1=target,
        xref="x",
        y0=0,
        y1=1,
        yref="paper",
        line={"color": TARGET_COLOUR, "dash": "dash", "width": 1.5},
        layer="between",  # over the grid (a gridline at the same value would hide it), under the dots
    )
    right_half = target > (axis[0] + axis[1]) / 2
    figure.add_annotation(
        x=target,
        xref="x",
        y=1,
        yref="paper",
        yanchor="bottom",
        xanchor="right" if right_half else "left",
        text=t("ranking_target_label", lang, target=format_value(target, kind, lang)),
        showarrow=False,
        font={"size": 12, "color": TARGET_COLOUR},
        name=TARGET_LABEL,
    )


TARGET_LABEL = "target_label"  # the annotation's name: tests and print find it by it


def _distinct_names(shown: pd.DataFrame) -> list[str]:
    """Each unit's name as its axis label; a name two units share gets its code, so neither hides the other."""
    names = shown["name"].astype(str)
    twice = names.duplicated(keep=False)
    return [f"{n} ({c})" if d else n for n, c, d in zip(names, shown["code"], twice, strict=True)]


PANEL_TITLE_CHARACTERS = 20  # a panel's name wraps at this length: half a phone's width at the title's size
PANEL_GAP = 72  # pixels between rows of panels: a two-line name and the month ticks above it


def small_multiples(panels: list[tuple[str, str, pd.DataFrame]], *, title: str, lang: str) -> go.Figure:
    """One small chart per indicator: (name, kind, frame with period, value, estimate and, optionally,
    the unit counts of `core.missing.unit_lines`); each point marked and explained as on the trends.
    Rates share one 0–100 % axis; counts start at zero."""
    rows = math.ceil(len(panels) / 2)
    names = ["<br>".join(textwrap.wrap(name, PANEL_TITLE_CHARACTERS)) for name, _, _ in panels]
    height = 250 * rows + 80
    figure = make_subplots(rows=rows, cols=2, subplot_titles=names, vertical_spacing=PANEL_GAP / (height - 90))
    # Every rate panel on one scale from 0 to 100 % (or the highest rate, if above), so panels compare.
    rates = [frame["value"].max() for _, kind, frame in panels if kind == "rate" and len(frame)]
    rate_range = [0, 1.04 * max([1.0, *(float(v) for v in rates if pd.notna(v))])]
    figure.update_annotations(font={"size": 12})  # the panels' names: under the page's title, above its axes
    for index, (name, kind, frame) in enumerate(panels):
        row, col = index // 2 + 1, index % 2 + 1
        figure.add_trace(_panel_line(name, kind, frame, lang), row=row, col=col)
        scale = {"range": rate_range} if kind == "rate" else {"rangemode": "tozero"}
        figure.update_yaxes(tickformat=value_tickformat(kind), row=row, col=col, **scale)
        figure.update_xaxes(**_month_axis(lang), row=row, col=col)
    figure.update_layout(
        title={"text": title, "x": 0},
        font={"family": FONT, "size": 11},
        margin={"l": 10, "r": 10, "t": 80, "b": 10},
        height=height,
        separators=plotly_separators(lang),
    )
    return figure


def _panel_line(name: str, kind: str, frame: pd.DataFrame, lang: str) -> go.Scatter:
    return go.Scatter(
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
    )


# Lightness, not hue, says how much a unit sent: pale for all indicators, dark for none, so it reads for
# colour-blind eyes and in grey print; every cell short of all says its count in figures too.
# A full month is light but not white, so that a grid of complete reports does not look empty.
REPORTING_SCALE = [[0, "#3f007d"], [0.5, "#807dba"], [1, "#dadaeb"]]


def reporting_heatmap(grid: pd.DataFrame, *, indicators: int, title: str, lang: str) -> go.Figure:
    """Units down (names as the rows' labels), months across: how many of the indicators each unit reported."""
    values = grid.to_numpy()
    months = [pd.Timestamp(m) for m in grid.columns]
    counted = t("reporting_cell", lang, total=indicators)
    figure = go.Figure(
        go.Heatmap(
            z=values,
            x=months,
            y=list(grid.index),
            zmin=0,
            zmax=indicators,
            colorscale=REPORTING_SCALE,
            text=[["" if v == indicators else str(v) for v in row] for row in values],
            texttemplate="%{text}",
            textfont={"size": 9},
            customdata=[[format_month(m, lang) for m in months] for _ in range(len(grid))],
            colorbar={
                "title": {"text": t("reporting_scale", lang, total=indicators), "side": "top"},
                "orientation": "h",
                "x": 0,
                "xanchor": "left",
                "y": 0,
                "yanchor": "top",
                "ypad": 12,
                "thickness": 10,
                "len": 1,
                "lenmode": "fraction",
                "dtick": 1,
            },
            hovertemplate="%{y} · %{customdata}: %{z}" + counted + "<extra></extra>",
            xgap=1,
            ygap=1,
        )
    )
    figure.update_layout(
        title={"text": title, "x": 0},
        font={"family": FONT, "size": 10},
        margin={"l": 10, "r": 10, "t": 80, "b": 80},
        height=max(360, 14 * len(grid) + 200),
        # Every row named: left to itself plotly names every other row once there are many.
        yaxis={"autorange": "reversed", "tickmode": "array", "tickvals": list(grid.index), "dtick": 1},
        # Months along the top, as on a calendar, level and a quarter apart so that a phone has room;
        # the colour bar's key under the grid.
        xaxis=_month_axis(lang, side="top", dtick="M1" if len(months) <= 6 else "M3", tickangle=0),
        separators=plotly_separators(lang),
    )
    return figure

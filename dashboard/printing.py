"""A chart dressed for print: A4 landscape, title and period line on top, source and the sample-data
notice at the foot, white background, local fonts. Maps are SVG shapes already (`dashboard.mapchart`), so
an SVG or PDF of one stays vector."""

from __future__ import annotations

import plotly.graph_objects as go

from core.messages import t
from dashboard import style

A4_WIDTH, A4_HEIGHT = 1123, 794  # A4 landscape in CSS pixels (96 per inch): 297 × 210 mm
BAR_HEIGHT = 15
MARGIN = {"l": 60, "r": 50, "t": 120, "b": 150}


def print_size(fig: go.Figure) -> tuple[int, int]:
    """A4 landscape; a chart with many rows (bars, or the units of a dot plot) gets a longer page, 15 px a
    row (labels of 10 px, 7.5 pt)."""
    rows = _rows(fig)
    return A4_WIDTH, max(A4_HEIGHT, BAR_HEIGHT * rows + MARGIN["t"] + MARGIN["b"] + 40)


def _rows(fig: go.Figure) -> int:
    """How many rows the chart names down its side: horizontal bars, or the categories of its y axis."""
    labels = [trace.y for trace in fig.data if trace.type == "bar" and trace.orientation == "h"]
    bars = max((len(y) for y in labels if y is not None), default=0)
    return max(bars, len(fig.layout.yaxis.categoryarray or ()))


def _foot_line(text: str, below: int, colour: str) -> dict:
    """A line of small print `below` pixels under the plot, at the left edge."""
    return {
        "text": text,
        "xref": "paper",
        "yref": "paper",
        "x": 0,
        "y": 0,
        "xanchor": "left",
        "yanchor": "bottom",
        "yshift": -below,
        "showarrow": False,
        "align": "left",
        "font": {"size": 12, "color": colour},
    }


def for_print(
    fig: go.Figure,
    *,
    title: str,
    period_text: str,
    source: str,
    sample: bool,
    lang: str,
    width: int | None = None,
    height: int | None = None,
    key: str = "",
    side_key: tuple[str, ...] = (),
) -> go.Figure:
    """A copy of `fig` dressed for print: title and period on top, source (and the `key` to the marks) at
    the foot, the sample-data
    notice when the figures are sample data, white background, local fonts, A4 landscape size.
    """
    spec = fig.to_dict()  # plain dicts: an order of magnitude faster than graph objects
    default_width, default_height = print_size(fig)
    width, height = width or default_width, height or default_height
    layout = spec["layout"]
    # The page's own footnote (below the plot) is replaced by the print footer.
    notes = [a for a in layout.get("annotations", []) if not _is_footnote(a)]
    footer = source + (f"  ·  {_sample_text(lang)}" if sample else "")
    if key:  # what the marks mean (grey units, outlines), on its own line above the source
        notes.append(_foot_line(key, MARGIN["b"] - 32, style.DARK))
    notes.append(_foot_line(footer, MARGIN["b"] - 14, style.GREY))
    if sample:
        notes.append(
            {
                "text": f"<b>{_sample_text(lang)}</b>",
                "xref": "paper",
                "yref": "paper",
                "x": 1,
                "y": 1,
                "xanchor": "right",
                "yanchor": "top",
                "yshift": MARGIN["t"] - 62,  # on the period line, clear of a long title
                "showarrow": False,
                "font": {"size": 16, "color": style.SAMPLE_RED},
                "bordercolor": style.SAMPLE_RED,
                "borderwidth": 2,
                "borderpad": 6,
                "bgcolor": "white",
            }
        )
    for trace in spec["data"]:  # a colour bar across the top of a page's map goes under it in print
        colorbar = trace.get("marker", {}).get("colorbar", {})
        if colorbar.get("orientation") == "h":
            colorbar.update(y=0, yanchor="top", ypad=6)
    if side_key:
        notes += _side_columns(layout, side_key)
    layout.pop("template", None)
    layout.update(
        annotations=notes,
        width=width,
        height=height,
        autosize=False,
        paper_bgcolor="white",
        plot_bgcolor="white",
        font={"family": style.PRINT_FONT, "size": 13, "color": style.DARK},
        margin=MARGIN,
        title={
            "text": f"<b>{title}</b>",
            "subtitle": {"text": period_text, "font": {"size": 15, "color": "#444444"}},
            "x": MARGIN["l"] / width,
            "xanchor": "left",
            "xref": "container",
            "y": 1 - 24 / height,
            "yanchor": "top",
            "yref": "container",
            "font": {"size": 22},
        },
        legend={
            **layout.get("legend", {}),
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "yref": "container",
            "y": 56 / height,
            "yanchor": "bottom",
        },
        hovermode=False,
    )
    for name in {"xaxis", "yaxis"} | {key for key in layout if key.startswith(("xaxis", "yaxis"))}:
        axis = layout.setdefault(name, {})
        axis.setdefault("gridcolor", "#e3e3e3")
        axis.setdefault("linecolor", "#999999")
        axis.setdefault("zerolinecolor", "#bbbbbb")
        if name.startswith("xaxis"):
            axis["automargin"] = False  # the footer sits at a fixed distance below the plot
            axis.setdefault("title", {}).setdefault("standoff", 8)
    if _rows(fig):
        layout["yaxis"].update(tickfont={"size": 10}, automargin=True)  # every unit named, one per row
    return go.Figure(spec)


SIDE_KEY_FROM = 0.66  # share of the page's width the chart keeps when a key is printed beside it
SIDE_KEY_LINES = 50  # lines of the key per column (8 px type, 10 px apart, in the plot's height)


def _side_columns(layout: dict, lines: tuple[str, ...]) -> list[dict]:
    """The key beside the chart, in as many columns as it needs; the chart keeps the left part."""
    layout.setdefault("xaxis", {})["domain"] = [0, SIDE_KEY_FROM - 0.02]
    columns = [lines[i : i + SIDE_KEY_LINES] for i in range(0, len(lines), SIDE_KEY_LINES)]
    width = (1 - SIDE_KEY_FROM) / max(len(columns), 1)
    return [
        {
            "text": "<br>".join(column),
            "xref": "paper",
            "yref": "paper",
            "x": SIDE_KEY_FROM + index * width,
            "y": 1,
            "xanchor": "left",
            "yanchor": "top",
            "align": "left",
            "showarrow": False,
            "font": {"size": 8, "color": style.DARK},
        }
        for index, column in enumerate(columns)
    ]


def _sample_text(lang: str) -> str:
    """Both languages, whatever the interface language: the notice must be read by anyone."""
    return t("briefing_sample_mark", lang)


FOOTNOTE = "footnote"  # the name of a page chart's note under the plot, which print replaces


def _is_footnote(annotation: dict) -> bool:
    if annotation.get("name") == FOOTNOTE:
        return True
    return annotation.get("yref") == "paper" and annotation.get("y") is not None and annotation["y"] < 0

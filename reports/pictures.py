"""The pack's pictures: a view model's chart drawn bare, for the box it fills on a page or a slide.

Bare because the page around a picture already says what it is (the indicator's heading), where and when
(the heading, the footer) and that the figures are sample data (banner and watermark on every page): a
title, period line, source and sample box inside the picture would name the chart a second and a third
time and take a fifth of its height. Drawn at the box's size in CSS pixels (96 to the inch, divided by the
box's text scale), so the chart's 13-pixel text prints at about 10 pt, larger on a slide.
"""

from __future__ import annotations

import struct

import plotly.graph_objects as go

from dashboard.images import image_bytes
from dashboard.model import Chart
from dashboard.printing import for_print
from reports.pack import Box, Picture

CSS_DPI = 96
PRINT_DPI = 200  # pixels per inch on paper: sharp in print, a few hundred KB a map
MAP_MARGIN = {"l": 4, "r": 4, "t": 4, "b": 4}  # the colour scale makes room for itself below
TREND_MARGIN = {"l": 56, "r": 12, "t": 8, "b": 44}  # tick labels and the month axis' title
WIDE = 2.4  # a box this many times wider than tall takes its legend at the side
SCALE_PIXELS = 52  # the colour scale under a map, with its labels
MAP_MIN_PIXELS = 760  # CSS pixels: about the width the map page gives a map on a laptop
OUTLINE = {"color": "#d81b60", "width": 4}  # the unit of a unit's pack, on the province map


def css_size(box: Box) -> tuple[int, int]:
    """The box in CSS pixels: text of a fixed pixel size then prints at size × text_scale."""
    return round(box.width * CSS_DPI / box.text_scale), round(box.height * CSS_DPI / box.text_scale)


def bare(chart: Chart, box: Box, margin: dict[str, int]) -> go.Figure:
    """The chart dressed for print (white, local fonts, maps as vector shapes) without the print frame."""
    width, height = css_size(box)
    printed = for_print(
        chart.figure, title="", period_text="", source="", sample=False, lang=chart.lang, width=width, height=height
    )
    # `for_print` adds a foot line of the (empty) source: only the chart's own notes are kept.
    printed.layout.annotations = [a for a in printed.layout.annotations if a.text]
    printed.update_layout(title=None, margin=margin, legend=_legend(box))
    return printed


def _legend(box: Box) -> dict:
    """Above the plot in a box of ordinary proportions; beside it in a long flat one (a slide's trend), where
    a legend on top would take a third of the height and none of the spare width."""
    if box.width / box.height > WIDE:
        return {"orientation": "v", "x": 1.01, "xanchor": "left", "y": 0.5, "yref": "paper", "yanchor": "middle"}
    return {"orientation": "h", "x": 0, "xanchor": "left", "y": 1.0, "yref": "paper", "yanchor": "bottom"}


def picture(figure: go.Figure, box: Box) -> Picture:
    """The figure as a PNG of PRINT_DPI pixels to the inch at the box's size."""
    width, height = css_size(box)
    png = image_bytes(figure, "png", width, height, PRINT_DPI / CSS_DPI * box.text_scale)
    return Picture(png, *png_size(png))


def map_picture(chart: Chart, box: Box, outline: tuple[dict, str] | None = None) -> Picture:
    """`outline` (shapes, unit code) draws that unit's border on the map. Drawn at least MAP_MIN_PIXELS wide
    (its text then prints smaller): the units' labels have a fixed size, and a map drawn narrower than a
    laptop's would run the 177 hexagons' labels into each other."""
    box = Box(box.width, box.height, min(box.text_scale, box.width * CSS_DPI / MAP_MIN_PIXELS))
    figure = bare(chart, box, MAP_MARGIN)
    _scale_below(figure)
    box = _fitted(figure, box)
    figure.update_layout(dict(zip(("width", "height"), css_size(box), strict=True)))
    if outline is not None:
        _outline(figure, *outline)
    return picture(figure, box)


def trend_picture(chart: Chart, box: Box) -> Picture:
    return picture(bare(chart, box, TREND_MARGIN), box)


def _fitted(figure: go.Figure, box: Box) -> Box:
    """The box cut to the map's own proportions (and the colour scale under it): a map wider than its box
    would otherwise be drawn between two bands of white. A flat map's axes say its proportions."""
    x, y = figure.layout.xaxis, figure.layout.yaxis
    if not (x.range and y.range and y.scaleratio):
        return box
    aspect = (x.range[1] - x.range[0]) / ((y.range[1] - y.range[0]) * y.scaleratio)
    width, _ = css_size(box)
    needed = (width - MAP_MARGIN["l"] - MAP_MARGIN["r"]) / aspect + SCALE_PIXELS + MAP_MARGIN["t"] + MAP_MARGIN["b"]
    return Box(box.width, min(box.height, needed * box.text_scale / CSS_DPI), box.text_scale)


def _scale_below(figure: go.Figure) -> None:
    """The colour scale lies under the map, not beside it: the province is wider than it is tall (about
    3:2), so a scale at the side would take the width the map needs and leave bands of white above and
    below it."""
    for trace in figure.data:
        marker = getattr(trace, "marker", None)
        if marker is not None and marker.showscale:
            marker.colorbar.update(
                orientation="h", x=0.5, xanchor="center", y=-0.02, yanchor="top", len=0.6, thickness=12
            )


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height from the PNG's header (its first chunk, IHDR, always at byte 16)."""
    width, height = struct.unpack(">II", png[16:24])
    return int(width), int(height)


def _outline(printed: go.Figure, shapes: dict, code: str) -> None:
    """Draws one unit's border thick, so a unit's pack shows where it is on the province map.

    The printed map is flat: longitude on x, latitude on y (see `dashboard.printing.for_print`)."""
    for feature in shapes["features"]:
        if feature["id"] != code:
            continue
        geometry = feature["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        for polygon in polygons:
            ring = polygon[0]
            printed.add_trace(
                go.Scatter(
                    x=[p[0] for p in ring],
                    y=[p[1] for p in ring],
                    mode="lines",
                    line=OUTLINE,
                    hoverinfo="skip",
                    showlegend=False,
                )
            )

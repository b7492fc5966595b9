"""Interactive maps (MapLibre, drawn with WebGL) as filled polygons of the same colours on hidden,
equally scaled axes, so that a printed map is vector in SVG and PDF and needs no WebGL or tiles."""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable
from typing import Any

import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from dashboard import style


def flatten_maps(fig: go.Figure, spec: dict) -> dict:
    """Choroplethmap traces → filled polygons on equal-scaled hidden axes (same shapes and colours).

    `spec` is `fig` as a dict; arrays are read from `fig`, where they are not packed as binary."""
    if not any(trace.type == "choroplethmap" for trace in fig.data):
        return spec
    data: list[dict] = []
    lons: list[float] = []
    lats: list[float] = []
    for original, trace in zip(fig.data, spec["data"], strict=True):
        if original.type != "choroplethmap":
            data.append(trace)
            continue
        features = {feature["id"]: feature for feature in original.geojson["features"]}
        z = [] if original.z is None else list(original.z)
        low, high = _range(trace, z)
        scale = [[position, _rgb(colour)] for position, colour in original.colorscale]
        line = trace.get("marker", {}).get("line", {})
        units = []
        for code, value in zip(original.locations, z, strict=False):
            feature = features.get(code)
            if feature is not None:
                rings = list(_outer_rings(feature["geometry"]))
                units.append((sum(_area(ring) for ring in rings), code, _colour(value, low, high, scale), rings))
        for _size, code, colour, rings in sorted(units, key=lambda unit: -unit[0]):  # enclosed units on top
            xs: list[float | None] = []
            ys: list[float | None] = []
            for ring in rings:
                xs += [point[0] for point in ring] + [None]
                ys += [point[1] for point in ring] + [None]
                lons += [point[0] for point in ring]
                lats += [point[1] for point in ring]
            data.append(
                {
                    "type": "scatter",
                    "x": xs,
                    "y": ys,
                    "mode": "lines",
                    "fill": "toself",
                    "fillcolor": colour,
                    "line": {"color": line.get("color", "white"), "width": line.get("width", 0.6)},
                    "name": str(code),
                    "hoverinfo": "skip",
                    "showlegend": False,
                }
            )
        if trace.get("showscale", True) and z:
            data.append(
                {
                    "type": "scatter",
                    "x": [None],
                    "y": [None],
                    "mode": "markers",
                    "showlegend": False,
                    "hoverinfo": "skip",
                    "marker": {
                        "color": [low, high],
                        "colorscale": scale,
                        "cmin": low,
                        "cmax": high,
                        "showscale": True,
                        "colorbar": trace.get("colorbar", {}),
                    },
                }
            )
    layout = {key: value for key, value in spec["layout"].items() if key != "map"}
    if lons:
        pad_x = (max(lons) - min(lons)) * 0.03 or 0.01
        pad_y = (max(lats) - min(lats)) * 0.03 or 0.01
        middle = math.radians((max(lats) + min(lats)) / 2)
        layout["xaxis"] = {"visible": False, "range": [min(lons) - pad_x, max(lons) + pad_x], "constrain": "domain"}
        layout["yaxis"] = {
            "visible": False,
            "range": [min(lats) - pad_y, max(lats) + pad_y],
            "scaleanchor": "x",
            "scaleratio": 1 / math.cos(middle),  # as on a Mercator map at the province's latitude
            "constrain": "domain",
        }
    return {**spec, "data": data, "layout": layout}


def _range(trace: dict, z: list) -> tuple[float, float]:
    values = [float(v) for v in z if v is not None and not _isnan(v)]
    low = trace.get("zmin", min(values, default=0.0))
    high = trace.get("zmax", max(values, default=1.0))
    middle = trace.get("zmid")
    if middle is not None and ("zmin" not in trace or "zmax" not in trace):
        half = max(abs(low - middle), abs(high - middle))
        low, high = middle - half, middle + half
    return float(low), float(high)


def _colour(value: Any, low: float, high: float, scale: list) -> str:
    """The colour plotly gives `value` on the trace's colour scale; missing values grey."""
    if len({colour for _, colour in scale}) == 1:
        return str(scale[0][1])  # a flat colour (the grey of "no figure", an outline's transparent fill)
    if value is None or _isnan(value):
        return style.NO_FIGURE_GREY
    position = 0.5 if high == low else min(1.0, max(0.0, (float(value) - low) / (high - low)))
    return sample_colorscale(scale, [position])[0]


def _rgb(colour: str) -> str:
    if colour.startswith("#") and len(colour) == 7:
        return f"rgb({int(colour[1:3], 16)},{int(colour[3:5], 16)},{int(colour[5:7], 16)})"
    return colour


def _isnan(value: Any) -> bool:
    return isinstance(value, float) and math.isnan(value)


def _outer_rings(geometry: dict) -> Iterable[list]:
    if geometry["type"] == "Polygon":
        yield geometry["coordinates"][0]
    elif geometry["type"] == "MultiPolygon":
        for polygon in geometry["coordinates"]:
            yield polygon[0]


def _area(ring: list) -> float:
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0, *_), (x1, y1, *_) in itertools.pairwise(ring))) / 2

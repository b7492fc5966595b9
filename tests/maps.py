"""Reading a drawn map back (a figure's dict, or the JSON spec a page sends to the browser): which units
have which fill, what is written on them, what the colour bar and the legend say. Shared by the tests
of the map's figure, the map page and the exports."""

from __future__ import annotations

import json

import plotly.graph_objects as go


def spec_of(figure: go.Figure | dict | str) -> dict:
    if isinstance(figure, go.Figure):
        return json.loads(figure.to_json())
    return json.loads(figure) if isinstance(figure, str) else figure


def units(figure: go.Figure | dict | str) -> list[dict]:
    """The units' polygons: the filled paths among the layout's shapes."""
    shapes = spec_of(figure)["layout"].get("shapes", [])
    return [shape for shape in shapes if shape.get("type") == "path" and shape.get("fillcolor")]


def fills(figure: go.Figure | dict | str) -> dict[str, str]:
    """Unit code → fill colour of its polygon."""
    return {shape["name"]: shape["fillcolor"] for shape in units(figure)}


def edges(figure: go.Figure | dict | str) -> dict[str, tuple[str, float]]:
    """Unit code → (outline colour, width) of its polygon."""
    return {shape["name"]: (shape["line"]["color"], shape["line"]["width"]) for shape in units(figure)}


def named(figure: go.Figure | dict | str, name: str) -> dict:
    (trace,) = [trace for trace in spec_of(figure)["data"] if trace.get("name") == name]
    return trace


def written(figure: go.Figure | dict | str) -> dict[str, str]:
    """Unit code → the text written on it."""
    trace = named(figure, "labels")
    return dict(zip(trace["customdata"], trace["text"], strict=True))


def colour_bar(figure: go.Figure | dict | str) -> dict:
    """The marker that carries the colour bar: colorscale, cmin, cmax, colorbar."""
    (marker,) = [trace["marker"] for trace in spec_of(figure)["data"] if trace.get("marker", {}).get("showscale")]
    return marker


def legend(figure: go.Figure | dict | str) -> list[str]:
    return [trace["name"] for trace in spec_of(figure)["data"] if trace.get("showlegend", True) is not False]

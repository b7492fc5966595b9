"""Reading a drawn map back (a figure's dict, or the JSON spec a page sends to the browser): which units
have which fill, what is written on them, what the colour bar and the legend say. Shared by the tests
of the map's figure, the map page and the exports."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from urllib.parse import unquote

import plotly.graph_objects as go

SVG = "{http://www.w3.org/2000/svg}"


def spec_of(figure: go.Figure | dict | str) -> dict:
    if isinstance(figure, go.Figure):
        return json.loads(figure.to_json())
    return json.loads(figure) if isinstance(figure, str) else figure


def units(figure: go.Figure | dict | str) -> list[dict]:
    """The units' polygons: the filled paths among the layout's shapes (print, exports), or the paths of the
    units' picture (a page), in the shapes' form."""
    layout = spec_of(figure)["layout"]
    shapes = [shape for shape in layout.get("shapes", []) if shape.get("type") == "path" and shape.get("fillcolor")]
    return shapes + [unit for image in pictures(figure) for unit in _picture_units(image["source"])]


def pictures(figure: go.Figure | dict | str) -> list[dict]:
    """The layout's pictures of units (see `mapchart.as_picture`)."""
    return [image for image in spec_of(figure)["layout"].get("images", []) if image.get("name") == "units"]


def picture_svg(source: str) -> ET.Element:
    """The SVG document of a picture's data address."""
    kind, _, text = source.partition(",")
    assert kind == "data:image/svg+xml", kind  # written out, not base64
    return ET.fromstring(unquote(text))


def _picture_units(source: str) -> list[dict]:
    return [
        {
            "type": "path",
            "name": path.get("id"),
            "path": path.get("d"),
            "fillcolor": path.get("fill"),
            "line": {"color": path.get("stroke"), "width": float(path.get("stroke-width", "0"))},
        }
        for path in picture_svg(source).iter(f"{SVG}path")
    ]


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

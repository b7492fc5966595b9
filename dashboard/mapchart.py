"""The unit map as a plotly figure: DataFrame and shapes in, Figure out. No streamlit, no duckdb.

Drawn as filled SVG polygons on hidden axes of equal scale, not as a WebGL map: the same figure then
carries its labels (plain SVG text, no map fonts fetched from anywhere), its district outlines and its
key on the page, in a PNG/SVG/PDF export and in the briefing pack, and it needs no tiles or WebGL.

The units are shapes of the layout (SVG paths under the traces), not a filled trace each: plotly draws a
shape as one path, where each of 54 traces went through its whole trace machinery, about 170 ms of a
viewer's first map. Hover and clicks go to the labels' trace, as they did. On a page the shapes become one
picture (`as_picture`); prints and exports keep them as shapes.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from html import escape
from itertools import pairwise
from urllib.parse import quote

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import make_colorscale, sample_colorscale, sequential

from core.formats import format_change, format_number, format_value, plotly_separators, value_tickformat
from core.messages import t
from core.unit_types import district_short_name
from dashboard import style
from dashboard.maplabels import Label
from dashboard.printing import FOOTNOTE

FONT = style.SCREEN_FONT
# plotly's Blues without its two palest steps: the lowest unit must not vanish into the white page,
# and must stay distinct from the light grey of "no figure".
SEQUENTIAL = sequential.Blues[2:]
DIVERGING = "RdBu"
HEIGHT = 600
LABEL_PX = 9  # the labels' font size on screen (a phone's stylesheet makes them smaller)
TITLE_PX = 40  # room for the figure's title (a page shows it above the figure, print in its own header)
COLOUR_BAR_PX = 62  # room for the colour bar, its title and ticks
LEGEND_PX = 24
CARRIED_WIDTH = 2.5
# Between two rows of hexagons, as a share of a hexagon's width: where a district's name is written.
ROW_GAP = 0.433
DISTRICT_WIDTH = 1.8
DISTRICT_PX = 11
HALO = "0 0 2px white, 0 0 2px white, 0 0 3px white"  # CSS text-shadow: a white rim around dark letters


@dataclass(frozen=True)
class Plane:
    """How the shapes' coordinates are drawn: hexagon units are square; degrees of longitude are
    squeezed by the latitude's cosine, as on a map."""

    y_per_x: float = 1.0

    @staticmethod
    def of(shapes: dict, geographic: bool) -> Plane:
        if not geographic:
            return Plane(1.0)
        _, lat_min, _, lat_max = bounds(shapes)
        return Plane(1 / math.cos(math.radians((lat_min + lat_max) / 2)))


@dataclass(frozen=True)
class Outline:
    """A line drawn over the units (a district's edge) and the name written at `at`."""

    name: str
    segments: list[tuple[tuple[float, float], tuple[float, float]]]
    at: tuple[float, float]


def unit_map(
    values: pd.DataFrame,
    shapes: dict,
    *,
    column: str,
    kind: str,
    title: str,
    note: str,
    lang: str,
    labels: Sequence[Label] = (),
    outlines: Sequence[Outline] = (),
    scale: str = "data",
    legend_title: str = "",
    plane: Plane | None = None,
) -> go.Figure:
    """The map of `values[column]` by unit code on `shapes` (hexagons or boundaries).

    `scale`: "data" (fitted), "fixed" (0–100% for rates) or "quantiles" (five classes with as many units
    each); changes always diverge from 0. Units without a figure are grey, units whose figure is carried
    from an earlier report have a bold outline, and both are in the legend.
    """
    z = values[column]
    colouring = colour_scale(z, kind, "change" if column == "change" else scale, lang)
    colours = colouring.colours(z)
    features = {feature["id"]: feature for feature in shapes["features"]}
    carried = _carried(values)
    units = [
        _polygon(features[code], colour, style.DARK if code in carried else "white")
        for code, colour in _largest_first(values["code"], colours, features)
    ]
    traces = [_outline(outline) for outline in outlines]
    if any(label.anchor for label in labels):
        traces.append(_leaders(labels))
    traces.append(_labels(values, labels, colours, kind, lang))
    if outlines:
        traces.append(_district_names(outlines))
    traces.append(colouring.bar(legend_title))
    traces += _legend(values, z, lang)
    # Built as plain data and not validated trace by trace: plotly's checks cost a second for the 177
    # polygons of a map; the tests check what is drawn.
    layout = _layout(shapes, plane or Plane(), title, note, lang) | {"shapes": units}
    return go.Figure(data=traces, layout=layout, _validate=False)


# --- colours ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Colouring:
    """A colour scale over some values: the colour of each unit and the bar that explains them."""

    scale: list
    low: float
    high: float
    classes: pd.Series | None  # the quantile class of each unit, when the scale has classes
    tickformat: str
    ticks: dict
    z: pd.Series  # the values as coloured (a rate's change in points)

    def colours(self, z: pd.Series) -> list[str]:
        """Each unit's fill; grey where it has no figure."""
        shown = (self.classes if self.classes is not None else self.z).astype(float)
        spread = self.high - self.low
        shares = (shown - self.low) / spread if spread else shown * 0 + 0.5
        known = shares.notna()
        sampled = iter(sample_colorscale(self.scale, shares[known].clip(0.0, 1.0).tolist()))  # one call for all
        return [next(sampled) if is_known else style.NO_FIGURE_GREY for is_known in known]

    def pairs(self) -> list:
        """The scale as (position, colour) pairs, the form a page's validated copy of the figure takes."""
        return self.scale if isinstance(self.scale[0], list) else make_colorscale(self.scale)

    def bar(self, title: str) -> dict:
        """An invisible trace that carries the colour bar."""
        return _scatter(
            x=[None],
            y=[None],
            mode="markers",
            showlegend=False,
            hoverinfo="skip",
            marker={
                "color": [self.low, self.high],
                "colorscale": self.pairs(),
                "cmin": self.low,
                "cmax": self.high,
                "showscale": True,
                # Above the map, across: beside it, it would take a third of a phone's width, and under
                # it, a phone would show it far below the map (print puts it under the map).
                "colorbar": {
                    "title": {"text": title, "side": "top"},
                    "tickformat": self.tickformat,
                    "orientation": "h",
                    "x": 0,
                    "xanchor": "left",
                    "y": 1,
                    "yanchor": "bottom",
                    "ypad": 2,
                    "len": 0.6,
                    "thickness": 12,
                    **self.ticks,
                },
            },
        )


def colour_scale(z: pd.Series, kind: str, scale: str, lang: str) -> Colouring:
    """The colours of a map: fitted to the data, fixed at 0–100%, in five classes, or around zero for a
    change."""
    tickformat = value_tickformat(kind)
    if kind == "rate" and scale == "data" and z.notna().any() and z.max() - z.min() < 0.1:
        tickformat = ".1%"  # a fitted scale over a few points: whole percents would repeat (93%, 93%, 92%…)
    if scale == "change":
        # A rate's change is in percentage points, as the hover and the tables say: 0.02 → "+2,0".
        z = z * 100 if kind == "rate" else z
        limit = float(z.abs().max()) if z.notna().any() and z.abs().max() > 0 else 1.0
        return Colouring(_diverging(), -limit, limit, None, "+.1f" if kind == "rate" else "+,d", {}, z.astype(float))
    if scale == "quantiles" and z.nunique() >= 2:
        classes = quantile_classes(z)
        groups = z.groupby(classes)
        labels = [
            f"{format_value(low, kind, lang)} – {format_value(high, kind, lang)}"
            for low, high in zip(groups.min(), groups.max(), strict=True)
        ]
        ticks = {"tickvals": list(range(1, len(labels) + 1)), "ticktext": labels}
        return Colouring(SEQUENTIAL, 0.5, len(labels) + 0.5, classes, "", ticks, z.astype(float))
    single = z.nunique() == 1  # one value everywhere: no range to spread colours over
    if kind == "rate" and (scale == "fixed" or single):
        low, high = 0.0, 1.0
    elif z.notna().any():
        low, high = float(z.min()), float(z.max())
    else:
        low, high = 0.0, 1.0
    return Colouring(SEQUENTIAL, low, high, None, tickformat, {}, z.astype(float))


def _diverging() -> list:
    # Red for falls, blue for rises, white at zero (plotly's RdBu, as a list so it can be sampled).
    colours = ["#b2182b", "#d6604d", "#f4a582", "#fddbc7", "#f7f7f7", "#d1e5f0", "#92c5de", "#4393c3", "#2166ac"]
    return [[index / (len(colours) - 1), colour] for index, colour in enumerate(colours)]


def quantile_classes(z: pd.Series, count: int = 5) -> pd.Series:
    """Classes 1..n (n ≤ count) with about as many units each; equal values always share a class.

    Where ties make equal-count classes impossible (many units at 100%), the classes split the distinct
    values evenly instead, so that different values never share a colour only because of the ties."""
    wanted = min(count, z.nunique())
    classes = pd.qcut(z, wanted, labels=False, duplicates="drop")
    if classes.nunique() < wanted:
        return np.ceil(z.rank(method="dense") * wanted / z.nunique())
    return classes + 1


# --- shapes ------------------------------------------------------------------------------------------


def _scatter(**properties: object) -> dict:
    return {"type": "scatter", **properties}


def _largest_first(codes: pd.Series, colours: list[str], features: dict) -> Iterable[tuple[str, str]]:
    """Units in drawing order: the largest first, so a unit enclosed by another is drawn over it."""
    drawn = [(code, colour) for code, colour in zip(codes, colours, strict=True) if code in features]
    return sorted(drawn, key=lambda item: -_area(features[item[0]]["geometry"]))


def _polygon(feature: dict, colour: str, edge: str) -> dict:
    """A unit as a shape of the layout, in the axes' coordinates, drawn under every trace."""
    carried = edge != "white"
    return {
        "type": "path",
        "path": svg_path(outer_rings(feature["geometry"])),
        "xref": "x",
        "yref": "y",
        "layer": "below",
        "fillcolor": colour,
        "line": {"color": edge, "width": CARRIED_WIDTH if carried else 0.6},
        "name": str(feature["id"]),
    }


def svg_path(rings: Iterable[list]) -> str:
    """Closed rings as an SVG path ("M x,y L x,y … Z" each). Five decimals: about a metre in degrees."""
    return "".join("M" + "L".join(f"{_short(x)},{_short(y)}" for x, y, *_ in ring) + "Z" for ring in rings)


def path_rings(path: str) -> list[list[tuple[float, float]]]:
    """The rings of a path written by `svg_path`, as (x, y) points."""
    return [
        [(float(x), float(y)) for x, y in (point.split(",") for point in ring.removeprefix("M").split("L"))]
        for ring in path.split("Z")
        if ring
    ]


def _short(number: float) -> str:
    text = f"{number:.5f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


# --- the units as one picture, on a page ----------------------------------------------------------------

PICTURE_WIDTH = 4000  # the picture's units across: a third of a pixel on a map shown full screen


def as_picture(layout: dict) -> dict:
    """The layout with its units' shapes drawn as one SVG picture under the traces, in the same place.

    Why, on a page only: Streamlit hands a new figure to plotly twice as a map first appears, and plotly parses
    and places every point of every shape each time; as one picture the browser draws them itself. Measured:
    the map's first chart 1.06–1.09× a one-chart page with shapes, 1.03× with the picture. Prints and exports
    keep the shapes (vector SVG and PDF, no picture inside). Hover and clicks go to the labels' trace either way.
    """
    shapes = layout.get("shapes") or []
    units = [shape for shape in shapes if _is_unit(shape)]
    if not units:
        return layout
    (x_min, x_max), (y_min, y_max) = layout["xaxis"]["range"], layout["yaxis"]["range"]
    # As wide as it is drawn high on the screen (the axes keep `scaleratio`), so a unit of the picture is
    # square and the outlines keep their width in pixels (non-scaling strokes).
    ratio = layout["yaxis"].get("scaleratio", 1.0)
    width = PICTURE_WIDTH
    height = max(1, round(width * (y_max - y_min) * ratio / (x_max - x_min)))

    def at(x: float, y: float) -> tuple[int, int]:
        return round((x - x_min) / (x_max - x_min) * width), round((y_max - y) / (y_max - y_min) * height)

    paths = "".join(_svg_unit(unit, at) for unit in units)
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" preserveAspectRatio="none" '
        f'stroke-linejoin="round">{paths}</svg>'
    )
    picture = {
        # Written out, not base64: a third smaller, and the proxy's compression still works on it. Only what a
        # data address cannot carry is escaped (# of a colour, %).
        "source": "data:image/svg+xml," + quote(svg, safe=" <>/=\"':;,.()-"),
        "xref": "x",
        "yref": "y",
        "x": x_min,
        "y": y_max,
        "sizex": x_max - x_min,
        "sizey": y_max - y_min,
        "xanchor": "left",
        "yanchor": "top",
        "sizing": "stretch",
        "layer": "below",
        "name": "units",
    }
    others = [shape for shape in shapes if not _is_unit(shape)]
    return layout | {"shapes": others, "images": [*layout.get("images", []), picture]}


def _is_unit(shape: dict) -> bool:
    return shape.get("type") == "path" and bool(shape.get("fillcolor")) and shape.get("xref") == "x"


def _svg_unit(shape: dict, at: Callable[[float, float], tuple[int, int]]) -> str:
    """One unit as an SVG path: its rings in the picture's whole units, a point that rounds onto the one
    before it left out."""
    rings = []
    for ring in path_rings(shape["path"]):
        points: list[tuple[int, int]] = []
        for x, y in ring:
            point = at(x, y)
            if not points or point != points[-1]:
                points.append(point)
        rings.append("M" + " ".join(f"{x},{y}" for x, y in points) + "Z")
    line = shape.get("line", {})
    return (
        f'<path id="{escape(str(shape.get("name", "")))}" d="{"".join(rings)}" fill="{escape(shape["fillcolor"])}" '
        f'stroke="{escape(line.get("color", "white"))}" stroke-width="{line.get("width", 0.6)}" '
        'vector-effect="non-scaling-stroke"/>'
    )


def _carried(values: pd.DataFrame) -> set[str]:
    return set(values.loc[values["carried"], "code"]) if "carried" in values else set()


def outer_rings(geometry: dict) -> Iterable[list]:
    if geometry["type"] == "Polygon":
        yield geometry["coordinates"][0]
    elif geometry["type"] == "MultiPolygon":
        for polygon in geometry["coordinates"]:
            yield polygon[0]


def _area(geometry: dict) -> float:
    return sum(abs(_ring_area(ring)) for ring in outer_rings(geometry))


def _ring_area(ring: list) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in pairwise(ring)) / 2


def bounds(shapes: dict) -> tuple[float, float, float, float]:
    xs = [point[0] for feature in shapes["features"] for ring in outer_rings(feature["geometry"]) for point in ring]
    ys = [point[1] for feature in shapes["features"] for ring in outer_rings(feature["geometry"]) for point in ring]
    return min(xs), min(ys), max(xs), max(ys)


def hexagon_outlines(units: pd.DataFrame, shapes: dict) -> list[Outline]:
    """Each district's edge on a hexagon map: the sides of its hexagons whose neighbouring cell (found on
    the grid, `hex_col`/`hex_row`, never by comparing float corners) is not a unit of the same district;
    its name under the hexagon nearest the middle of its hexagons."""
    rings = {feature["id"]: feature["geometry"]["coordinates"][0] for feature in shapes["features"]}
    cells = {
        (int(col), int(row)): district
        for col, row, district in units[["hex_col", "hex_row", "district_code"]].itertuples(index=False)
    }
    outlines = []
    for (code, name), group in units.dropna(subset=["district_code"]).groupby(["district_code", "district_name"]):
        edge = []
        for unit, col, row in group[["code", "hex_col", "hex_row"]].itertuples(index=False):
            ring = rings.get(unit)
            for side, (d_col, d_row) in enumerate(_neighbours(int(row))):
                if ring and cells.get((int(col) + d_col, int(row) + d_row)) != code:
                    edge.append((tuple(ring[side]), tuple(ring[side + 1])))
        centres = [ring_centre(rings[unit]) for unit in group["code"] if unit in rings]
        if edge and centres:
            middle = (float(np.mean([c[0] for c in centres])), float(np.mean([c[1] for c in centres])))
            x, y = _nearest(centres, middle)
            # Written in the gap under that hexagon's row, between its label and the next row's labels.
            gap = ROW_GAP * _width(rings[group["code"].iloc[0]])
            outlines.append(Outline(district_short_name(str(name)), edge, (x, y - gap)))
    return outlines


def _neighbours(row: int) -> list[tuple[int, int]]:
    """The cells across each side of a pointy-top hexagon in an odd-r grid, in the order of its ring's
    sides (clockwise from the top corner: north-east, east, south-east, south-west, west, north-west)."""
    shift = row % 2  # odd rows sit half a cell to the east
    return [(shift, 1), (1, 0), (shift, -1), (shift - 1, -1), (-1, 0), (shift - 1, 1)]


def _width(ring: list) -> float:
    return max(point[0] for point in ring) - min(point[0] for point in ring)


def ring_centre(ring: list) -> tuple[float, float]:
    points = ring[:-1]
    return sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)


def _nearest(points: list[tuple[float, float]], to: tuple[float, float]) -> tuple[float, float]:
    # The district's name sits on one of its own hexagons, the one nearest the middle of them all.
    return min(points, key=lambda p: (p[0] - to[0]) ** 2 + (p[1] - to[1]) ** 2)


def _outline(outline: Outline) -> dict:
    xs: list[float | None] = []
    ys: list[float | None] = []
    for (x1, y1), (x2, y2) in outline.segments:
        xs += [x1, x2, None]
        ys += [y1, y2, None]
    return _scatter(
        x=xs,
        y=ys,
        mode="lines",
        line={"color": style.DARK, "width": DISTRICT_WIDTH},
        hoverinfo="skip",
        showlegend=False,
        name=outline.name,
    )


def _district_names(outlines: Sequence[Outline]) -> dict:
    """District names in bold with a white halo, readable over any fill and over the unit labels."""
    return _scatter(
        x=[outline.at[0] for outline in outlines],
        y=[outline.at[1] for outline in outlines],
        mode="text",
        text=[outline.name for outline in outlines],
        textposition="middle center",
        textfont={"size": DISTRICT_PX, "color": style.DARK, "weight": "bold", "shadow": HALO},
        hoverinfo="skip",
        showlegend=False,
        name="districts",
    )


# --- labels, hover and legend ---------------------------------------------------------------------------


def _labels(values: pd.DataFrame, labels: Sequence[Label], colours: list[str], kind: str, lang: str) -> dict:
    """The text on each unit, which is also where hover and a click find it (customdata: the unit code)."""
    at = {label.code: label for label in labels}
    rows = {row["code"]: row for row in values.to_dict("records")}
    fill = dict(zip(values["code"], colours, strict=True))
    codes = [code for code in values["code"] if code in at]
    # A label moved off its unit (see `_leaders`) sits on the sea or a neighbour: dark text, with a halo.
    dark = [_is_dark_colour(fill[code]) and at[code].anchor is None for code in codes]
    return _scatter(
        x=[at[code].x for code in codes],
        y=[at[code].y for code in codes],
        mode="markers+text",
        text=[at[code].text for code in codes],
        textposition="middle center",
        textfont={"size": LABEL_PX, "color": ["white" if d else style.DARK for d in dark]},
        marker={"size": 22, "color": style.TRANSPARENT},
        customdata=codes,
        hovertext=[_hover(rows[code], kind, lang) for code in codes],
        hoverinfo="text",
        showlegend=False,
        name="labels",
    )


def _leaders(labels: Sequence[Label]) -> dict:
    """A thin line from each small unit to its number where the number had to move off it."""
    xs: list[float | None] = []
    ys: list[float | None] = []
    for label in labels:
        if label.anchor:
            xs += [label.anchor[0], label.x, None]
            ys += [label.anchor[1], label.y, None]
    return _scatter(
        x=xs,
        y=ys,
        mode="lines",
        line={"color": style.GREY, "width": 0.6},
        hoverinfo="skip",
        showlegend=False,
        name="leaders",
    )


def _is_dark_colour(colour: str) -> bool:
    """Whether white text reads better than dark text on this fill (by its relative luminance)."""
    if colour.startswith("#"):
        red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    else:
        red, green, blue = (int(float(part)) for part in colour[colour.index("(") + 1 : -1].split(",")[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue < 165


def _hover(row: dict, kind: str, lang: str) -> str:
    if pd.isna(row["value"]):
        return f"<b>{row['name']}</b><br>{t('no_figure', lang)}"
    lines = [f"<b>{row['name']}</b>", f"{t('col_value', lang)}: {format_value(row['value'], kind, lang)}"]
    if kind == "rate":
        lines.append(
            f"{t('col_numerator', lang)}: {format_number(row['numerator'], lang)} / "
            f"{t('col_denominator', lang)}: {format_number(row['denominator'], lang)}"
        )
    rank = "–" if pd.isna(row["rank"]) else str(int(row["rank"]))
    lines.append(f"{t('rank', lang)}: {rank}")
    lines.append(f"{t('col_vs_previous', lang)}: {format_change(row['change'], kind, lang)}")
    if row.get("estimate", False) or row.get("change_estimate", False):
        lines.append(t("estimate_note", lang))
    if row.get("carried", False):
        lines.append(t("carried_note", lang))
    return "<br>".join(lines)


def _legend(values: pd.DataFrame, z: pd.Series, lang: str) -> list[dict]:
    """Legend entries for what the colour bar cannot say: grey units, outlined units."""
    entries = []
    if z.isna().any():
        entries.append(_legend_entry(t("map_legend_no_figure", lang), style.NO_FIGURE_GREY, "white"))
    if _carried(values):
        entries.append(_legend_entry(t("map_legend_carried", lang), "white", style.DARK))
    return entries


def _legend_entry(name: str, fill: str, edge: str) -> dict:
    return _scatter(
        x=[None],
        y=[None],
        mode="markers",
        name=name,
        marker={"symbol": "square", "size": 14, "color": fill, "line": {"color": edge, "width": 2}},
        hoverinfo="skip",
    )


def _layout(shapes: dict, plane: Plane, title: str, note: str, lang: str) -> dict:
    x_min, y_min, x_max, y_max = bounds(shapes)
    pad_x, pad_y = (x_max - x_min) * 0.02 or 0.01, (y_max - y_min) * 0.02 or 0.01
    hidden = {"visible": False, "fixedrange": True, "constrain": "domain"}
    return {
        "title": {"text": title, "x": 0},
        "font": {"family": FONT},
        "margin": {"l": 0, "r": 0, "t": TITLE_PX + COLOUR_BAR_PX + LEGEND_PX, "b": 60 if "<br>" in note else 40},
        "height": HEIGHT,
        "separators": plotly_separators(lang),
        "plot_bgcolor": "white",
        "xaxis": {**hidden, "range": [x_min - pad_x, x_max + pad_x]},
        # A phone's narrow map sits at the top, under its colour bar, the spare height below it.
        "yaxis": {
            **hidden,
            "range": [y_min - pad_y, y_max + pad_y],
            "scaleanchor": "x",
            "scaleratio": plane.y_per_x,
            "constraintoward": "top",
        },
        "dragmode": False,
        "hovermode": "closest",
        "hoverdistance": 30,
        "legend": {
            "orientation": "h",
            "x": 0,
            "y": 1 + (COLOUR_BAR_PX + 4) / (HEIGHT - TITLE_PX - COLOUR_BAR_PX - LEGEND_PX - 40),
            "yanchor": "bottom",
            "bgcolor": "rgba(255,255,255,0)",
        },
        "annotations": [
            {
                "name": FOOTNOTE,
                "text": note,
                "showarrow": False,
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": 0,
                "yanchor": "top",
                "yshift": -6,
                "align": "left",
            }
        ],
    }

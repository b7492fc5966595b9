"""dashboard.mapchart: the map as SVG shapes with its labels, district edges, colour bar and legend."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard import style
from dashboard.mapchart import Outline, as_picture, hexagon_outlines, path_rings, quantile_classes, svg_path, unit_map
from dashboard.mapdata import hexagons
from dashboard.maplabels import Label
from tests.maps import SVG, colour_bar, edges, fills, legend, named, picture_svg, pictures, spec_of, units, written


@pytest.mark.parametrize(
    ("values", "classes"),
    [
        ([0.1 * i for i in range(10)], [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]),  # as many units in each class
        ([0.5, 0.5, 0.5, 0.5, 0.9, 0.9], [1, 1, 1, 1, 2, 2]),  # ties: 50% and 90% never share a colour
        ([1.0] * 6 + [0.5, 0.6], [3, 3, 3, 3, 3, 3, 1, 2]),  # most units at 100%
        ([0.5, None, 0.7], [1, None, 2]),
    ],
)
def test_quantile_classes(values, classes):
    got = quantile_classes(pd.Series(values, dtype=float)).tolist()
    assert [None if pd.isna(c) else int(c) for c in got] == classes


def _values(values: list[float | None], change: list[float | None] | None = None, carried=None) -> pd.DataFrame:
    count = len(values)
    return pd.DataFrame(
        {
            "code": [f"U{i}" for i in range(count)],
            "name": [f"Xã {i}" for i in range(count)],
            "value": values,
            "numerator": [1.0] * count,
            "denominator": [2.0] * count,
            "rank": range(1, count + 1),
            "change": change or [0.0] * count,
            "estimate": [False] * count,
            "carried": carried or [False] * count,
        }
    )


def _squares(count: int) -> dict:
    features = []
    for i in range(count):
        ring = [[i, 0], [i, 1], [i + 1, 1], [i + 1, 0], [i, 0]]
        features.append({"type": "Feature", "id": f"U{i}", "geometry": {"type": "Polygon", "coordinates": [ring]}})
    return {"type": "FeatureCollection", "features": features}


def _labels(count: int) -> list[Label]:
    return [Label(f"U{i}", i + 0.5, 0.5, f"L{i}", True) for i in range(count)]


def _map(values: pd.DataFrame, **options) -> dict:
    count = len(values)
    options = {"column": "value", "kind": "rate", "title": "T", "note": "N", "lang": "vi", **options}
    return spec_of(unit_map(values, _squares(count), labels=_labels(count), **options))


def test_a_unit_is_drawn_as_its_outer_rings_under_the_labels():
    spec = _map(_values([0.2, 0.5, 0.9]))
    shape = next(shape for shape in units(spec) if shape["name"] == "U1")
    assert shape["path"] == "M1,0L1,1L2,1L2,0L1,0Z"  # the square of unit 1, closed
    assert (shape["xref"], shape["yref"], shape["layer"]) == ("x", "y", "below")  # hover and clicks reach the labels
    assert not [trace for trace in spec["data"] if trace.get("fill")]  # one path per unit, no filled trace


def test_an_svg_path_keeps_every_ring_to_five_decimals():
    rings = [[[107.123456789, 21.0], [107.2, -0.000001], [107.123456789, 21.0]], [[1.5, 2.25, 0.0], [3, 4, 0.0]]]
    assert svg_path(rings) == "M107.12346,21L107.2,0L107.12346,21ZM1.5,2.25L3,4Z"
    assert path_rings(svg_path(rings)) == [[(107.12346, 21), (107.2, 0), (107.12346, 21)], [(1.5, 2.25), (3, 4)]]


def test_on_a_page_the_units_are_one_picture_in_the_same_place_and_colours():
    spec = _map(_values([0.2, 0.5, None], carried=[False, True, False]))
    shown = {**spec, "layout": as_picture(spec["layout"])}
    assert [shape for shape in shown["layout"]["shapes"] if shape.get("fillcolor")] == []
    (picture,) = pictures(shown)
    (x_min, x_max), (y_min, y_max) = spec["layout"]["xaxis"]["range"], spec["layout"]["yaxis"]["range"]
    placed = (picture["x"], picture["y"], picture["sizex"], picture["sizey"])
    assert placed == (x_min, y_max, x_max - x_min, y_max - y_min)
    assert (picture["xref"], picture["yref"], picture["layer"], picture["sizing"]) == ("x", "y", "below", "stretch")
    assert fills(shown) == fills(spec) and edges(shown) == edges(spec)  # grey, carried outline and all
    # Unit 1's corners, read back from the picture's units, are where its shape had them.
    _, _, width, height = (float(n) for n in picture_svg(picture["source"]).get("viewBox").split())
    path = next(unit["path"] for unit in units(shown) if unit["name"] == "U1")
    points = [[float(n) for n in point.split(",")] for point in path.strip("MZ").split()]
    corners = {
        (round(x_min + x / width * (x_max - x_min), 2), round(y_max - y / height * (y_max - y_min), 2))
        for x, y in points
    }
    assert corners == {(1.0, 0.0), (1.0, 1.0), (2.0, 1.0), (2.0, 0.0)}


def test_a_picture_leaves_out_points_that_round_onto_the_one_before_and_escapes_names():
    layout = {
        "xaxis": {"range": [0, 4000]},
        "yaxis": {"range": [0, 4000]},
        "shapes": [{"type": "path", "xref": "x", "path": "M0,0L0.1,0L1,0L1,1Z", "fillcolor": "#abc", "name": 'a"<&'}],
    }
    (path,) = picture_svg(pictures({"layout": as_picture(layout)})[0]["source"]).iter(f"{SVG}path")
    assert path.get("d") == "M0,4000 1,4000 1,3999Z"
    assert (path.get("id"), path.get("fill")) == ('a"<&', "#abc")


def test_a_chart_without_units_is_left_as_it_is():
    layout = {"shapes": [{"type": "line", "x0": 0, "x1": 1, "y0": 0, "y1": 1}], "xaxis": {}}
    assert as_picture(layout) is layout
    assert as_picture({}) == {}


def test_every_unit_is_a_filled_shape_named_by_its_label_and_found_by_its_code():
    spec = _map(_values([0.2, 0.5, 0.9]))
    assert set(fills(spec)) == {"U0", "U1", "U2"}
    assert written(spec) == {"U0": "L0", "U1": "L1", "U2": "L2"}  # what a printed page or a phone shows
    hover = named(spec, "labels")["hovertext"]
    assert "Xã 1" in hover[1] and "Xếp hạng: 2" in hover[1]
    layout = spec["layout"]
    assert not {"map", "mapbox", "geo"} & set(layout)  # no tiles, no map fonts: nothing fetched
    assert layout["xaxis"]["visible"] is False and layout["yaxis"]["scaleanchor"] == "x"


def test_higher_values_are_darker_and_the_lowest_is_not_white():
    spec = _map(_values([0.1, 0.5, 0.9]))
    colour = fills(spec)
    brightness = {code: sum(int(part) for part in value[4:-1].split(",")) for code, value in colour.items()}
    assert brightness["U0"] > brightness["U1"] > brightness["U2"]
    assert brightness["U0"] < 3 * 240  # the palest unit still stands out from the white page


def test_a_unit_without_a_figure_is_grey_and_the_legend_says_so():
    spec = _map(_values([0.5, None, 0.7]))
    assert fills(spec)["U1"] == style.NO_FIGURE_GREY
    assert "Chưa có số liệu" in legend(spec)


def test_a_carried_unit_has_a_bold_outline_and_the_legend_says_so():
    spec = _map(_values([0.5, 0.6], carried=[False, True]))
    assert edges(spec)["U1"][1] > edges(spec)["U0"][1]
    assert any("giữ số liệu" in name for name in legend(spec))
    assert not [name for name in legend(_map(_values([0.5, 0.6]))) if "giữ số liệu" in name]


def test_equal_values_all_get_one_colour_on_a_full_scale():
    spec = _map(_values([1.0] * 4), scale="quantiles")
    assert len(set(fills(spec).values())) == 1 and style.NO_FIGURE_GREY not in fills(spec).values()
    bar = colour_bar(spec)
    assert (bar["cmin"], bar["cmax"]) == (0, 1)  # not a range plotly invents (60%–140%)


@pytest.mark.parametrize(("lang", "unit"), [("vi", "điểm %"), ("en", "pp")])
def test_a_change_of_a_rate_is_coloured_in_points_around_zero(lang, unit):
    spec = _map(_values([0.9, 0.8], change=[0.02, -0.01]), column="change", lang=lang, legend_title=unit)
    bar = colour_bar(spec)
    assert (bar["cmin"], bar["cmax"]) == (-2.0, 2.0) and bar["colorbar"]["tickformat"] == "+.1f"
    assert bar["colorbar"]["title"]["text"] == unit
    fall, rise = fills(spec)["U1"], fills(spec)["U0"]
    assert int(fall[4:-1].split(",")[0]) > int(fall[4:-1].split(",")[2])  # red
    assert int(rise[4:-1].split(",")[2]) > int(rise[4:-1].split(",")[0])  # blue


def test_a_fitted_scale_over_a_few_points_shows_decimals_and_is_titled():
    spec = _map(_values([0.905, 0.93]), legend_title="Hồ sơ (%)")
    bar = colour_bar(spec)
    assert bar["colorbar"]["tickformat"] == ".1%" and bar["colorbar"]["title"]["text"] == "Hồ sơ (%)"
    assert bar["colorbar"]["orientation"] == "h"  # under the map: a phone keeps its width for the map


def test_quantile_classes_are_labelled_with_their_ranges():
    spec = _map(_values([i / 10 for i in range(10)]), scale="quantiles")
    ticks = colour_bar(spec)["colorbar"]["ticktext"]
    assert ticks[0] == "0,0% – 10,0%" and ticks[-1] == "80,0% – 90,0%"
    assert len(set(fills(spec).values())) == 5


def test_district_names_are_written_on_the_map():
    outline = Outline("Hạ Long", [((0.0, 0.0), (1.0, 0.0))], (0.5, 0.5))
    spec = _map(_values([0.5, 0.6]), outlines=[outline])
    assert named(spec, "districts")["text"] == ["Hạ Long"]
    assert named(spec, "Hạ Long")["mode"] == "lines"


def test_district_edges_are_the_sides_not_shared_within_the_district():
    # Three hexagons in a row: two of district A side by side, then one of B.
    units = pd.DataFrame(
        {
            "code": ["a1", "a2", "b1"],
            "hex_col": [0, 1, 2],
            "hex_row": [0, 0, 0],
            "district_code": ["A", "A", "B"],
            "district_name": ["Huyện An", "Huyện An", "Thành phố Bình"],
        }
    )
    outlines = {outline.name: outline for outline in hexagon_outlines(units, hexagons(units))}
    assert len(outlines["An"].segments) == 10  # 12 sides less the one they share, counted once each side
    assert len(outlines["Bình"].segments) == 6


def test_a_label_moved_off_its_unit_has_a_leader_line_from_the_unit_and_dark_text():
    values = _values([0.2, 0.9])
    labels = [Label("U0", 0.5, 0.5, "1", True), Label("U1", 1.5, -1.0, "2", True, anchor=(1.5, 0.5))]
    spec = spec_of(
        unit_map(values, _squares(2), labels=labels, column="value", kind="rate", title="T", note="N", lang="vi")
    )
    leaders = named(spec, "leaders")
    assert leaders["x"] == [1.5, 1.5, None] and leaders["y"] == [0.5, -1.0, None]
    text_colours = named(spec, "labels")["textfont"]["color"]
    assert text_colours[1] == style.DARK  # on the sea, whatever its unit's fill
    no_leaders = _map(_values([0.2, 0.9]))
    assert not [trace for trace in no_leaders["data"] if trace.get("name") == "leaders"]

import math
from itertools import pairwise

import numpy as np
import pandas as pd
import pytest

from geo import hexmap, reference


def _signed_area(ring):
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in pairwise(ring)) / 2


@pytest.mark.parametrize("edition_id", ["2020", "2024", "2025"])
def test_one_distinct_hexagon_per_unit(edition_id):
    units = reference.units(edition_id)
    layout = hexmap.hex_layout(units)
    assert sorted(layout["code"]) == sorted(units["code"])
    assert not layout.duplicated(["hex_col", "hex_row"]).any()


def test_layout_is_deterministic():
    units = reference.units("2024")
    first = hexmap.hex_layout(units)
    second = hexmap.hex_layout(units.sample(frac=1.0, random_state=7))
    pd.testing.assert_frame_equal(first, second)


@pytest.mark.parametrize("edition_id", ["2020", "2024", "2025"])
def test_neighbours_stay_close(edition_id):
    """Each unit's nearest geographic neighbour sits within two hexagons of it, for most units."""
    units = reference.units(edition_id).merge(hexmap.hex_layout(reference.units(edition_id)), on="code")
    points = np.column_stack([units["lon"] * math.cos(math.radians(21.1)), units["lat"]])
    distances = ((points[:, None, :] - points[None, :, :]) ** 2).sum(axis=2)
    np.fill_diagonal(distances, np.inf)
    nearest = distances.argmin(axis=1)
    x, y = hexmap.cell_centre(units["hex_col"].to_numpy(), units["hex_row"].to_numpy())
    hex_gap = np.hypot(x - x[nearest], y - y[nearest])
    assert np.mean(hex_gap <= 2.01) >= 0.85


def test_hexagons_are_clockwise_and_equal():
    rings = [hexmap.hexagon_ring(c, r) for c, r in [(0, 0), (3, 1), (5, 4)]]
    areas = [_signed_area(ring) for ring in rings]
    assert all(area < 0 for area in areas), "plotly wants clockwise exterior rings"
    assert max(areas) - min(areas) < 1e-12
    assert all(ring[0] == ring[-1] and len(ring) == 7 for ring in rings)


def test_neighbouring_cells_touch():
    # In an odd-r layout, (0, 0) and (0, 1) are neighbours: their centres are one inner diameter apart.
    x0, y0 = hexmap.cell_centre(0, 0)
    x1, y1 = hexmap.cell_centre(0, 1)
    assert math.hypot(x1 - x0, y1 - y0) == pytest.approx(1.0)


def test_hexagon_geojson_has_a_feature_per_unit():
    layout = pd.DataFrame({"code": ["06649", "06652"], "hex_col": [0, 1], "hex_row": [0, 0]})
    collection = hexmap.hexagon_geojson(layout)
    assert [f["id"] for f in collection["features"]] == ["06649", "06652"]
    assert collection["features"][0]["geometry"]["type"] == "Polygon"

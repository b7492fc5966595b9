"""Equal-area hexagon layout: one hexagon per unit, placed near its centroid.

Units are assigned to cells of a pointy-top hexagon grid laid over the province by solving an
assignment problem (least total squared distance between centroid and cell), which is exact,
deterministic and keeps neighbours next to each other as far as the grid allows.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment
from scipy.spatial import cKDTree

# Cells offered per unit: enough room to keep the shape, few enough to keep the map compact.
_SPARE_CELLS = 1.6
SQRT3 = math.sqrt(3.0)


def _projected(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    # Equirectangular at the province's latitude: distances within a province are close enough.
    scale = math.cos(math.radians(float(np.mean(lat))))
    return np.column_stack([lon * scale, lat])


def cell_centre(col: int | np.ndarray, row: int | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Centre of an odd-r offset cell in units where the hexagon's inner radius is 0.5."""
    col = np.asarray(col, dtype=float)
    row = np.asarray(row, dtype=float)
    x = col + 0.5 * (np.asarray(row, dtype=int) % 2)
    y = row * SQRT3 / 2
    return x, y


def hex_layout(units: pd.DataFrame) -> pd.DataFrame:
    """Columns code, hex_col, hex_row for `units` (columns code, lat, lon)."""
    points = _projected(units["lat"].to_numpy(float), units["lon"].to_numpy(float))
    count = len(points)
    span = points.max(axis=0) - points.min(axis=0)
    # Choose the cell size so that the bounding box holds about count * _SPARE_CELLS cells.
    cell = math.sqrt(span[0] * span[1] * SQRT3 / 2 / (count * _SPARE_CELLS)) or 1.0
    normalised = (points - points.min(axis=0)) / cell
    cols = math.ceil(normalised[:, 0].max()) + 2
    rows = math.ceil(normalised[:, 1].max() / (SQRT3 / 2)) + 2
    mesh_col, mesh_row = np.meshgrid(np.arange(-1, cols), np.arange(-1, rows))
    grid_col, grid_row = mesh_col.ravel(), mesh_row.ravel()
    cx, cy = cell_centre(grid_col, grid_row)
    centres = np.column_stack([cx, cy])
    # Offer only the cells closest to some centroid, so the layout keeps the province's outline.
    nearest = min(len(centres), 12)
    _, candidate_idx = cKDTree(centres).query(normalised, k=nearest)
    candidates = np.unique(candidate_idx.ravel())
    cost = ((normalised[:, None, :] - centres[candidates][None, :, :]) ** 2).sum(axis=2)
    unit_idx, chosen = linear_sum_assignment(cost)
    cells = candidates[chosen]
    layout = pd.DataFrame(
        {
            "code": units["code"].to_numpy()[unit_idx],
            "hex_col": grid_col[cells] + 1,
            "hex_row": grid_row[cells] + 1,
        }
    )
    return layout.sort_values("code", ignore_index=True)


def hexagon_ring(col: int, row: int) -> list[tuple[float, float]]:
    """Clockwise corners (x, y) of a cell, closed, in the layout's own plane."""
    x, y = cell_centre(col, row)
    radius = 1 / SQRT3  # circumradius for an inner radius of 0.5
    angles = [math.radians(90 - 60 * k) for k in range(6)]  # clockwise from the top corner
    ring = [(float(x) + radius * math.cos(a), float(y) + radius * math.sin(a)) for a in angles]
    return [*ring, ring[0]]


def hexagon_geojson(layout: pd.DataFrame) -> dict:
    """FeatureCollection of hexagons with `id` = unit code, for plotly's white-bg maps."""
    features = [
        {
            "type": "Feature",
            "id": code,
            "properties": {"code": code},
            "geometry": {"type": "Polygon", "coordinates": [hexagon_ring(col, row)]},
        }
        for code, col, row in layout[["code", "hex_col", "hex_row"]].itertuples(index=False)
    ]
    return {"type": "FeatureCollection", "features": features}

"""Boundary geometry: repaired, oriented as plotly fills it, and simplified for the browser along shared
borders. Pure shapely; nothing is read or stored here."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from geo.findings import Finding, finding, label

WEB_MAX_BYTES = 250_000  # the web FeatureCollection of a whole edition, as served to plotly
# Simplification tolerances (degrees), finest first; the first whose FeatureCollection fits
# WEB_MAX_BYTES is kept. One pixel of a province-wide map ~800 px wide is ~0.002° (~250 m),
# which is what the 2025 file needs; coarser steps are for heavier files.
WEB_TOLERANCES = (0.0015, 0.002, 0.0025, 0.003, 0.004, 0.005, 0.0075, 0.01, 0.015, 0.02)
WEB_DECIMALS = 5


def polygonal(geom: BaseGeometry | None) -> BaseGeometry | None:
    """Only the polygon parts of a geometry (make_valid may leave lines and points behind)."""
    if geom is None or geom.is_empty:
        return None
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    parts = [q for p in parts for q in shapely.get_parts(p)]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else shapely.MultiPolygon(parts)


def repair_geometry(geom: BaseGeometry | None) -> tuple[BaseGeometry | None, str | None]:
    """(valid polygonal geometry or None, the reason it was invalid or None)."""
    if geom is None or geom.is_empty:
        return None, None
    geom = shapely.force_2d(geom)
    if geom.is_valid:
        return polygonal(geom), None
    reason = shapely.is_valid_reason(geom)
    return polygonal(shapely.make_valid(geom)), reason


def oriented(geom: BaseGeometry) -> BaseGeometry:
    """Exterior rings clockwise, holes anticlockwise: the winding plotly's fill expects."""
    return shapely.orient_polygons(geom, exterior_cw=True)


def as_multipolygon(geom: BaseGeometry) -> shapely.MultiPolygon:
    if geom.geom_type == "MultiPolygon":
        return geom
    return shapely.MultiPolygon([geom])


def unit_geometries(matched: gpd.GeoDataFrame) -> tuple[dict[str, shapely.MultiPolygon], list[Finding]]:
    """Repaired, dissolved and oriented MultiPolygon of every matched unit (see match_features)."""
    report: list[Finding] = []
    pieces: dict[str, list[BaseGeometry]] = defaultdict(list)
    columns = ["feature", "unit_code", "code", "name", matched.geometry.name]
    for position, unit_code, code, name, original in matched[columns].itertuples(index=False):
        geom, reason = repair_geometry(original)
        where: dict[str, Any] = {"i": position, "label": label(code, name)}
        if reason is not None and geom is not None:
            report.append(finding("invalid_geometry_repaired", position, unit_code, reason=reason, **where))
        if geom is None:
            report.append(finding("empty_geometry", position, unit_code, **where))
            continue
        pieces[unit_code].append(geom)
    shapes = {}
    for unit_code, geoms in sorted(pieces.items()):
        # Several features of one unit touch along their common edge: union makes one shape.
        merged = geoms[0] if len(geoms) == 1 else polygonal(shapely.make_valid(shapely.union_all(geoms)))
        if merged is not None:
            shapes[unit_code] = as_multipolygon(oriented(merged))
    return shapes, report


def drop_islets(geoms: Sequence[BaseGeometry], min_area: float) -> list[BaseGeometry]:
    """Without the parts smaller than `min_area` (square degrees) that touch no other unit.

    Hạ Long Bay puts over a thousand islets in the province; the smallest cost bytes but show
    as less than a pixel. Parts touching a neighbour stay (dropping one would open a gap), and
    so does each unit's largest part.
    """
    tree = shapely.STRtree(geoms)
    result = []
    for own, geom in enumerate(geoms):
        parts = list(shapely.get_parts(geom))
        largest = max(range(len(parts)), key=lambda k: parts[k].area)
        kept = [
            part
            for k, part in enumerate(parts)
            if k == largest
            or part.area >= min_area
            or any(other != own for other in tree.query(part, predicate="intersects"))
        ]
        result.append(geom if len(kept) == len(parts) else shapely.MultiPolygon(kept))
    return result


def _rounded(geom: BaseGeometry) -> BaseGeometry | None:
    # Snapping every vertex to the same 1e-5° grid keeps shared borders shared.
    return polygonal(shapely.set_precision(geom, 10**-WEB_DECIMALS))


def simplify_coverage(geoms: Sequence[BaseGeometry], tolerance: float) -> list[shapely.MultiPolygon]:
    """Simplify all units together so that neighbours keep one common border, then round.

    Isolated islets under half the tolerance across go first: simplification would shrink them
    to triangles anyway. A unit whose shape would vanish keeps its largest full-resolution part.
    """
    kept = drop_islets(geoms, (tolerance / 2) ** 2)
    simplified = shapely.coverage_simplify(np.asarray(kept, dtype=object), tolerance)
    result = []
    for original, geom in zip(geoms, simplified, strict=True):
        web = None if geom is None or geom.is_empty else _rounded(geom)
        if web is not None and not web.is_valid:
            web = polygonal(shapely.make_valid(web))
        if web is None:
            largest = max(shapely.get_parts(original), key=lambda p: p.area)
            web = _rounded(largest) or largest
        result.append(as_multipolygon(oriented(web)))
    return result


def geometry_json(geom: BaseGeometry, decimals: int | None = None) -> dict[str, Any]:
    """GeoJSON geometry; coordinates rounded to `decimals` so that the JSON text stays short."""
    mapping = shapely.geometry.mapping(geom)

    def walk(value):
        if isinstance(value, (list, tuple)) and value and isinstance(value[0], (int, float)):
            return [round(float(v), decimals) if decimals is not None else float(v) for v in value[:2]]
        return [walk(v) for v in value]

    return {"type": mapping["type"], "coordinates": walk(mapping["coordinates"])}


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def feature_collection(rows: Iterable[tuple[str, str, dict[str, Any]]]) -> dict[str, Any]:
    """FeatureCollection for plotly from (code, name, geometry dict): `id` is the unit code."""
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "id": code, "properties": {"code": code, "name": name}, "geometry": geometry}
            for code, name, geometry in rows
        ],
    }


def web_geometries(
    shapes: dict[str, BaseGeometry], names: dict[str, str], max_bytes: int = WEB_MAX_BYTES
) -> tuple[dict[str, dict[str, Any]], int, float]:
    """Web geometry dicts by unit code, the size of their FeatureCollection and the tolerance used.

    The finest tolerance whose FeatureCollection fits `max_bytes` wins; past the coarsest one,
    the coarsest is kept (the map still works, only heavier).
    """
    codes = sorted(shapes)
    originals = [shapes[c] for c in codes]
    chosen: tuple[dict[str, dict[str, Any]], int, float] | None = None
    for tolerance in WEB_TOLERANCES:
        simplified = simplify_coverage(originals, tolerance)
        geometries = {c: geometry_json(g, WEB_DECIMALS) for c, g in zip(codes, simplified, strict=True)}
        collection = feature_collection((c, names.get(c, c), geometries[c]) for c in codes)
        size = len(dumps(collection).encode("utf-8"))
        chosen = (geometries, size, tolerance)
        if size <= max_bytes:
            break
    assert chosen is not None  # WEB_TOLERANCES is not empty
    return chosen

"""Official commune boundaries: read a GIS file, match its features to the units of an edition,
repair and simplify the shapes, and store them in the warehouse.

Two geometries are kept per unit. `original_geojson` is the file's shape, repaired and oriented
but not simplified, so nothing of the official file is lost. `web_geojson` is what the browser
draws: simplified along shared borders (neighbours keep exactly the same border, so the map
shows no gaps or slivers), rounded to 5 decimals (about 1 m) and small enough that plotly draws
the whole province quickly.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from shapely.geometry.base import BaseGeometry

from geo.names import ascii_word, normalise_code, split_ascii_name, split_name

Finding = dict[str, Any]

FID_COLUMN = "__fid__"  # the file's own feature id (GeoJSON integer `id`, shapefile/GPKG FID)
WEB_MAX_BYTES = 250_000  # the web FeatureCollection of a whole edition, as served to plotly
# Simplification tolerances (degrees), finest first; the first whose FeatureCollection fits
# WEB_MAX_BYTES is kept. One pixel of a province-wide map ~800 px wide is ~0.002° (~250 m),
# which is what the 2025 file needs; coarser steps are for heavier files.
WEB_TOLERANCES = (0.0015, 0.002, 0.0025, 0.003, 0.004, 0.005, 0.0075, 0.01, 0.015, 0.02)
WEB_DECIMALS = 5
# Column names that usually hold the unit code, most telling first; used only to break ties.
CODE_COLUMN_HINTS = ("ma_xa", "maxa", "ward_code", "wardcode", "ma_dvhc", "madvhc", "code", "ma", "id")
SUPPORTED_SUFFIXES = (".geojson", ".json", ".shp", ".gpkg", ".zip")
_INSIDE_ZIP_SUFFIXES = (".shp", ".geojson", ".json", ".gpkg")


class BoundaryImportError(Exception):
    """The file cannot be imported at all; nothing was written."""

    def __init__(self, code: str, message_vi: str, message_en: str, findings: Sequence[Finding] = ()):
        super().__init__(f"{message_vi} / {message_en}")
        self.code = code
        self.message_vi = message_vi
        self.message_en = message_en
        self.findings = list(findings)


@dataclass
class ImportResult:
    edition: str
    matched: int  # units that now have a boundary
    unmatched: int  # features of the file that matched no unit
    findings: list[Finding]
    web_bytes: int
    unit_count: int = 0  # units of the edition
    missing: list[str] = field(default_factory=list)  # codes of units without a boundary
    import_id: int | None = None
    tolerance: float | None = None  # degrees, of the web simplification that was kept
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "edition": self.edition,
            "import_id": self.import_id,
            "units": self.unit_count,
            "matched": self.matched,
            "missing": self.missing,
            "unmatched": self.unmatched,
            "web_bytes": self.web_bytes,
            "tolerance": self.tolerance,
            "seconds": round(self.seconds, 3),
            "findings": self.findings,
        }


def finding(
    severity: str,
    code: str,
    message_vi: str,
    message_en: str,
    feature: int | None = None,
    unit_code: str | None = None,
) -> Finding:
    return {
        "severity": severity,
        "code": code,
        "message_vi": message_vi,
        "message_en": message_en,
        "feature": feature,
        "unit_code": unit_code,
    }


def detect_code_column(features: pd.DataFrame, unit_codes: Iterable[str]) -> str | None:
    """The column whose values are most often a unit code, if at least half its values are."""
    codes = set(unit_codes)
    best: tuple[int, int, int] | None = None
    best_column: str | None = None
    for position, column in enumerate(_property_columns(features)):
        values = features[column].dropna()
        if values.empty:
            continue
        hits = sum(normalise_code(v) in codes for v in values)
        if hits == 0 or hits * 2 < len(values):
            continue  # a population or area column that happens to hit a code now and then
        hint = _hint_rank(str(column))
        score = (hits, -hint, -position)
        if best is None or score > best:
            best, best_column = score, str(column)
    return best_column


def _hint_rank(column: str) -> int:
    key = column.casefold().replace(" ", "_")
    if column == FID_COLUMN:
        return len(CODE_COLUMN_HINTS) + 1  # the file's row id: only when nothing else holds codes
    return CODE_COLUMN_HINTS.index(key) if key in CODE_COLUMN_HINTS else len(CODE_COLUMN_HINTS)


def _property_columns(features: pd.DataFrame) -> list[str]:
    geometry = features.geometry.name if isinstance(features, gpd.GeoDataFrame) else "geometry"
    return [c for c in features.columns if c != geometry]


class _NameIndex:
    """Units of an edition looked up by folded name, with the type prefix to tell twins apart."""

    def __init__(self, units: pd.DataFrame):
        self.canonical: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self.ascii: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for code, name, unit_type in units[["code", "name", "type"]].itertuples(index=False):
            self.canonical[split_name(name)[1]].append((unit_type, code))
            self.ascii[split_ascii_name(name)[1]].append((unit_type, code))

    def resolve(self, name: object) -> tuple[str | None, list[str]]:
        """(the one matching code or None, every candidate code)."""
        if not isinstance(name, str) or not name.strip():
            return None, []
        for table, split in ((self.canonical, split_name), (self.ascii, split_ascii_name)):
            unit_type, bare = split(name)
            candidates = table.get(bare, [])
            if unit_type is not None:
                candidates = [c for c in candidates if c[0] == unit_type]
            if candidates:
                codes = [code for _, code in candidates]
                return (codes[0] if len(codes) == 1 else None), codes
        return None, []


def detect_name_column(features: pd.DataFrame, units: pd.DataFrame) -> str | None:
    """The text column that names the most units unambiguously (accented names before ASCII)."""
    index = _NameIndex(units)
    best: tuple[int, int, int] | None = None
    best_column: str | None = None
    for position, column in enumerate(_property_columns(features)):
        values = [v for v in features[column] if isinstance(v, str) and v.strip()]
        if not values:
            continue
        resolved = [index.resolve(v)[0] for v in values]
        unique = sum(code is not None for code in resolved)
        pairs = zip(values, resolved, strict=True)
        accented = sum(code is not None and v != ascii_word(v) for v, code in pairs)
        score = (unique, accented, -position)
        if unique and (best is None or score > best):
            best, best_column = score, str(column)
    return best_column


# --- reading ---------------------------------------------------------------------------------


def read_features(path: str | Path) -> gpd.GeoDataFrame:
    """Features of a GeoJSON, shapefile (.shp, or a .zip holding one) or GeoPackage, in WGS84.

    The result has a positional index (the feature number used in findings), the file's own
    feature id in column `__fid__`, and `attrs["crs_assumed"]` set when the file declared no CRS
    but its coordinates look like longitude/latitude.
    """
    path = Path(path)
    if not path.is_file():
        raise _unreadable(path, "không tìm thấy tệp", "file not found")
    if path.suffix.casefold() not in SUPPORTED_SUFFIXES:
        raise _unreadable(path, "định dạng không được hỗ trợ", "unsupported format")
    source = _source_inside(path)
    try:
        layer = _polygon_layer(source)
        frame = gpd.read_file(source, layer=layer, engine="pyogrio", fid_as_index=True)
    except Exception as exc:  # any failure to parse means the same thing to the user
        raise _unreadable(path, str(exc), str(exc)) from exc
    frame = frame.reset_index(names=FID_COLUMN)
    if frame.empty:
        raise BoundaryImportError(
            "no_features",
            f"Tệp {path.name} không có đối tượng nào.",
            f"The file {path.name} contains no features.",
        )
    return _to_wgs84(frame, path)


def _source_inside(path: Path) -> str:
    if path.suffix.casefold() != ".zip":
        return str(path)
    try:
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if not n.startswith("__MACOSX/")]
    except zipfile.BadZipFile as exc:
        raise _unreadable(path, "tệp zip hỏng", "corrupt zip archive") from exc
    inside = [n for n in names if n.casefold().endswith(_INSIDE_ZIP_SUFFIXES)]
    # A shapefile is the usual reason to zip; prefer it over a stray .json of metadata.
    inside.sort(key=lambda n: (not n.casefold().endswith(".shp"), n))
    if not inside:
        raise _unreadable(
            path,
            "tệp zip không chứa shapefile (.shp), GeoJSON hay GeoPackage",
            "the zip archive holds no shapefile (.shp), GeoJSON or GeoPackage",
        )
    return f"/vsizip/{path.resolve()}/{inside[0]}"


def _polygon_layer(source: str) -> str | None:
    if not source.casefold().endswith(".gpkg"):
        return None  # GeoJSON and shapefiles hold one layer
    # A GeoPackage may hold several layers (styles, points of interest): take the first polygon one.
    layers = pyogrio.list_layers(source)
    for name, geometry_type in layers:
        if geometry_type and "polygon" in str(geometry_type).casefold():
            return str(name)
    return None  # let GDAL take the first layer; matching will report what it finds


def _to_wgs84(frame: gpd.GeoDataFrame, path: Path) -> gpd.GeoDataFrame:
    if frame.crs is None:
        minx, miny, maxx, maxy = frame.total_bounds
        if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
            raise BoundaryImportError(
                "unknown_crs",
                f"Tệp {path.name} không khai báo hệ tọa độ và tọa độ không phải kinh độ/vĩ độ; "
                "hãy xuất lại tệp kèm hệ tọa độ (ví dụ tệp .prj của shapefile).",
                f"The file {path.name} declares no coordinate reference system and its coordinates are "
                "not longitude/latitude; export it again with its CRS (e.g. the shapefile's .prj).",
            )
        frame = frame.set_crs(4326)
        frame.attrs["crs_assumed"] = True
    elif frame.crs.to_epsg() != 4326:
        try:
            frame = frame.to_crs(4326)
        except Exception as exc:  # pyproj cannot place this CRS: the file is unusable as it is
            detail_vi, detail_en = f"không chuyển được hệ tọa độ ({exc})", f"cannot convert its CRS ({exc})"
            raise _unreadable(path, detail_vi, detail_en) from exc
    return frame


def _unreadable(path: Path, detail_vi: str, detail_en: str) -> BoundaryImportError:
    return BoundaryImportError(
        "unreadable_file",
        f"Không đọc được tệp ranh giới {path.name}: {detail_vi}. Hỗ trợ GeoJSON, shapefile (.shp hoặc .zip) "
        "và GeoPackage (.gpkg).",
        f"Cannot read the boundary file {path.name}: {detail_en}. Supported: GeoJSON, shapefile (.shp or "
        ".zip) and GeoPackage (.gpkg).",
    )


# --- matching --------------------------------------------------------------------------------


def match_features(features: gpd.GeoDataFrame, units: pd.DataFrame) -> tuple[gpd.GeoDataFrame, list[Finding]]:
    """Pair features with units (columns code, name, type): by code, else by folded name.

    Returns the matched features (columns feature, unit_code, matched_by, label_vi, label_en,
    geometry; a unit may appear more than once) and the findings.
    """
    unit_names = dict(zip(units["code"], units["name"], strict=True))
    code_column = detect_code_column(features, unit_names)
    name_column = detect_name_column(features, units)
    index = _NameIndex(units)
    report: list[Finding] = []
    if code_column is None and name_column is not None:
        report.append(
            finding(
                "warning",
                "no_code_column",
                "Tệp không có cột mã đơn vị hành chính; các đối tượng được khớp theo tên.",
                "The file has no unit-code column; features were matched by name.",
            )
        )
    rows = []
    for position in range(len(features)):
        feature = _Feature(
            position,
            _text(features[code_column].iloc[position]) if code_column else None,
            _text(features[name_column].iloc[position]) if name_column else None,
        )
        unit_code, matched_by, found = _match_one(feature, unit_names, index)
        report += found
        if unit_code is not None:
            rows.append((position, unit_code, matched_by, *feature.labels()))
    frame = pd.DataFrame(rows, columns=["feature", "unit_code", "matched_by", "label_vi", "label_en"])
    geometry = list(features.geometry.iloc[frame["feature"].to_list()]) if rows else []
    matched = gpd.GeoDataFrame(frame, geometry=geometry, crs=features.crs)
    report += _duplicates(matched, unit_names) + _missing(matched, unit_names)
    return matched, report


def _text(value: object) -> str | None:
    """A property value as written, or None when blank (None, NaN, empty string)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        value = int(value)  # 6970.0 read from a numeric column was written 6970
    text = str(value).strip()
    return text or None


@dataclass(frozen=True)
class _Feature:
    position: int
    code: str | None  # as written in the file
    name: str | None

    def labels(self) -> tuple[str, str]:
        """How a finding names this feature to the user: its name, else its code."""
        if self.name:
            return f"“{self.name}”", f"“{self.name}”"
        if self.code:
            return f"mã {self.code}", f"code {self.code}"
        return "không mã, không tên", "no code, no name"


def _match_one(
    feature: _Feature, unit_names: dict[str, str], index: _NameIndex
) -> tuple[str | None, str | None, list[Finding]]:
    """(unit code or None, "code" or "name" or None, findings) for one feature."""
    code = normalise_code(feature.code)
    by_code = code if code in unit_names else None
    by_name, candidates = index.resolve(feature.name)
    i, (label_vi, label_en) = feature.position, feature.labels()
    if by_code is not None and by_name is not None and by_name != by_code:
        note = finding(
            "warning",
            "code_name_conflict",
            f"Đối tượng {i} ({label_vi}): mã {by_code} là của {unit_names[by_code]}, còn tên là của "
            f"{unit_names[by_name]} ({by_name}); đã khớp theo mã, hãy kiểm tra lại.",
            f"Feature {i} ({label_en}): code {by_code} belongs to {unit_names[by_code]} but the name "
            f"to {unit_names[by_name]} ({by_name}); matched by code, please check.",
            i,
            by_code,
        )
        return by_code, "code", [note]
    if by_code is not None and feature.name and not candidates:
        note = finding(
            "warning",
            "name_mismatch",
            f"Đối tượng {i}: tên {label_vi} không khớp với {unit_names[by_code]}; đã khớp theo mã {by_code}.",
            f"Feature {i}: name {label_en} differs from {unit_names[by_code]}; matched by code {by_code}.",
            i,
            by_code,
        )
        return by_code, "code", [note]
    if by_code is not None:
        return by_code, "code", []
    if by_name is not None and feature.code is None:
        return by_name, "name", []
    if by_name is not None:
        note = finding(
            "warning",
            "code_mismatch",
            f"Đối tượng {i} ({label_vi}) mang mã {feature.code}, không phải mã của đơn vị nào trong "
            f"danh mục; đã khớp theo tên với {unit_names[by_name]}, mã chính thức {by_name}.",
            f"Feature {i} ({label_en}) carries code {feature.code}, which is not the code of any unit of "
            f"this edition; matched by name to {unit_names[by_name]}, official code {by_name}.",
            i,
            by_name,
        )
        return by_name, "name", [note]
    if len(candidates) > 1:
        listed = ", ".join(f"{unit_names[c]} ({c})" for c in candidates)
        note = finding(
            "warning",
            "ambiguous_name",
            f"Đối tượng {i} ({label_vi}): tên trùng với nhiều đơn vị ({listed}); không khớp được. "
            "Hãy thêm mã đơn vị, hoặc loại đơn vị (Phường/Xã/Thị trấn) vào tên.",
            f"Feature {i} ({label_en}): the name fits several units ({listed}); not matched. "
            "Add the unit code, or the unit type (Phường/Xã/Thị trấn) to the name.",
            i,
        )
        return None, None, [note]
    note = finding(
        "warning",
        "unmatched_feature",
        f"Đối tượng {i} ({label_vi}) không khớp với đơn vị nào theo mã hoặc tên; đã bỏ qua.",
        f"Feature {i} ({label_en}) matches no unit by code or name; skipped.",
        i,
    )
    return None, None, [note]


def edition_agreement(features: pd.DataFrame, units: pd.DataFrame) -> int:
    """How many features carry both the code and the name of one same unit of `units`.

    Codes are reused across editions (06799 is Xã Cộng Hòa in 2020 and Xã Hải Hòa in 2024), so
    a file of another edition matches plenty of codes; code and name together tell editions apart.
    """
    code_column = detect_code_column(features, units["code"])
    name_column = detect_name_column(features, units)
    if code_column is None or name_column is None:
        return 0
    index = _NameIndex(units)
    return sum(
        normalise_code(code) is not None and normalise_code(code) == index.resolve(name)[0]
        for code, name in zip(features[code_column], features[name_column], strict=True)
    )


def _duplicates(matched: gpd.GeoDataFrame, unit_names: dict[str, str]) -> list[Finding]:
    report = []
    for unit_code, group in matched.groupby("unit_code", sort=True):
        if len(group) > 1:
            listed = ", ".join(str(f) for f in group["feature"])
            report.append(
                finding(
                    "warning",
                    "duplicate_unit",
                    f"{unit_names[unit_code]} ({unit_code}) có {len(group)} đối tượng ({listed}); "
                    "đã gộp thành một vùng.",
                    f"{unit_names[unit_code]} ({unit_code}) has {len(group)} features ({listed}); "
                    "they were merged into one shape.",
                    int(group["feature"].iloc[0]),
                    str(unit_code),
                )
            )
    return report


def _missing(matched: gpd.GeoDataFrame, unit_names: dict[str, str]) -> list[Finding]:
    present = set(matched["unit_code"])
    return [
        finding(
            "warning",
            "missing_unit",
            f"{name} ({code}) không có ranh giới trong tệp; bản đồ sẽ để trống đơn vị này.",
            f"{name} ({code}) has no boundary in the file; the map will leave it blank.",
            None,
            code,
        )
        for code, name in sorted(unit_names.items())
        if code not in present
    ]


# --- geometry --------------------------------------------------------------------------------


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
    columns = ["feature", "unit_code", "label_vi", "label_en", matched.geometry.name]
    for position, unit_code, label_vi, label_en, original in matched[columns].itertuples(index=False):
        geom, reason = repair_geometry(original)
        if reason is not None and geom is not None:
            report.append(
                finding(
                    "warning",
                    "invalid_geometry_repaired",
                    f"Đối tượng {position} ({label_vi}) có hình học không hợp lệ ({reason}); đã sửa tự động.",
                    f"Feature {position} ({label_en}) had invalid geometry ({reason}); repaired.",
                    position,
                    unit_code,
                )
            )
        if geom is None:
            report.append(
                finding(
                    "warning",
                    "empty_geometry",
                    f"Đối tượng {position} ({label_vi}) không có hình vùng (polygon); đã bỏ qua.",
                    f"Feature {position} ({label_en}) has no polygon geometry; skipped.",
                    position,
                    unit_code,
                )
            )
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


# --- warehouse -------------------------------------------------------------------------------


def edition_units(con: duckdb.DuckDBPyConnection, edition: str) -> pd.DataFrame:
    return con.execute("SELECT code, name, type FROM unit WHERE edition = ? ORDER BY code", [edition]).df()


def import_boundaries(con: duckdb.DuckDBPyConnection, path: str | Path, edition: str) -> ImportResult:
    """Read, match, repair and simplify `path`, then replace the edition's boundaries in one go.

    Raises BoundaryImportError (and writes nothing) when the file cannot be read or no feature
    matches a unit. Units that match are stored even when other features are reported.
    """
    started = datetime.now()
    path = Path(path)
    units = edition_units(con, edition)
    if units.empty:
        raise BoundaryImportError(
            "no_units",
            f"Kho dữ liệu chưa có danh mục đơn vị của bản đồ {edition}; hãy chạy `python -m etl init`.",
            f"The warehouse has no units for the {edition} map; run `python -m etl init` first.",
        )
    features = read_features(path)
    report: list[Finding] = []
    if features.attrs.get("crs_assumed"):
        report.append(
            finding(
                "warning",
                "crs_missing",
                "Tệp không khai báo hệ tọa độ; tọa độ được coi là kinh độ/vĩ độ WGS84.",
                "The file declares no coordinate system; its coordinates were read as WGS84 lon/lat.",
            )
        )
    _check_edition(con, features, units, edition, path)
    matched, found = match_features(features, units)
    report += found
    shapes, found = unit_geometries(matched)
    report += found
    names = dict(zip(units["code"], units["name"], strict=True))
    # A unit whose only feature had no polygon is missing too, though the matcher found it.
    report += _missing_after_repair(set(matched["unit_code"]), shapes, names)
    if not shapes:
        error = finding(
            "error",
            "no_match",
            f"Không đối tượng nào trong tệp {path.name} khớp với đơn vị hành chính của bản đồ {edition} "
            "(theo mã hoặc tên); không có gì được nhập.",
            f"No feature of {path.name} matches a {edition} unit by code or name; nothing was imported.",
        )
        raise BoundaryImportError("no_match", error["message_vi"], error["message_en"], [*report, error])
    web, web_bytes, tolerance = web_geometries(shapes, names)
    result = ImportResult(
        edition=edition,
        matched=len(shapes),
        unmatched=sum(f["code"] in ("unmatched_feature", "ambiguous_name") for f in report),
        findings=report,
        web_bytes=web_bytes,
        unit_count=len(units),
        missing=sorted(set(units["code"]) - set(shapes)),
        tolerance=tolerance,
    )
    rows = [(edition, code, shapely.to_geojson(shapes[code]), dumps(web[code])) for code in sorted(shapes)]
    result.import_id = _store(con, edition, path, rows, result)
    result.seconds = (datetime.now() - started).total_seconds()
    return result


def _check_edition(
    con: duckdb.DuckDBPyConnection, features: gpd.GeoDataFrame, units: pd.DataFrame, edition: str, path: Path
) -> None:
    """Refuse a file that fits another edition better than the one it is imported as."""
    here = edition_agreement(features, units)
    others = con.execute("SELECT DISTINCT edition FROM unit WHERE edition <> ?", [edition]).fetchall()
    scores = {other: edition_agreement(features, edition_units(con, other)) for (other,) in sorted(others)}
    best = max(scores, key=lambda other: scores[other], default=None)
    if best is None or scores[best] <= here:
        return
    total = len(features)
    raise BoundaryImportError(
        "wrong_edition",
        f"Tệp {path.name} có vẻ là bản đồ {best} ({scores[best]}/{total} đối tượng khớp cả mã lẫn tên), "
        f"không phải bản đồ {edition} ({here}/{total}); không có gì được nhập. Hãy chọn đúng phiên bản "
        f"(--edition {best}).",
        f"The file {path.name} looks like the {best} map ({scores[best]}/{total} features match both code "
        f"and name), not the {edition} map ({here}/{total}); nothing was imported. Choose the right edition "
        f"(--edition {best}).",
    )


def _missing_after_repair(
    feature_codes: set[str], shapes: dict[str, BaseGeometry], names: dict[str, str]
) -> list[Finding]:
    return [
        finding(
            "warning",
            "missing_unit",
            f"{names[code]} ({code}) không có ranh giới dùng được trong tệp; bản đồ sẽ để trống đơn vị này.",
            f"{names[code]} ({code}) has no usable boundary in the file; the map will leave it blank.",
            None,
            code,
        )
        for code in sorted(feature_codes - set(shapes))
    ]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _store(
    con: duckdb.DuckDBPyConnection,
    edition: str,
    path: Path,
    rows: list[tuple[str, str, str, str]],
    result: ImportResult,
) -> int:
    report = {k: v for k, v in result.as_dict().items() if k not in ("import_id", "seconds")}
    con.execute("BEGIN TRANSACTION")
    try:
        import_id = con.execute(
            "INSERT INTO boundary_import (edition, file_name, sha256, imported_at, report_json)"
            " VALUES (?, ?, ?, ?, ?) RETURNING import_id",
            [edition, path.name, _sha256(path), datetime.now(), dumps(report)],
        ).fetchone()[0]
        con.execute("DELETE FROM boundary WHERE edition = ?", [edition])
        con.executemany(
            "INSERT INTO boundary (edition, unit_code, original_geojson, web_geojson, import_id)"
            " VALUES (?, ?, ?, ?, ?)",
            [(*row, import_id) for row in rows],
        )
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return int(import_id)


def edition_geojson(con: duckdb.DuckDBPyConnection, edition: str) -> dict[str, Any] | None:
    """The edition's web boundaries as a FeatureCollection for plotly, or None if none imported."""
    try:
        rows = con.execute(
            "SELECT b.unit_code, coalesce(u.name, b.unit_code), b.web_geojson FROM boundary AS b"
            " LEFT JOIN unit AS u ON u.edition = b.edition AND u.code = b.unit_code"
            " WHERE b.edition = ? ORDER BY b.unit_code",
            [edition],
        ).fetchall()
    except duckdb.CatalogException:  # a warehouse created before boundaries existed
        return None
    if not rows:
        return None
    return feature_collection((code, name, json.loads(web)) for code, name, web in rows)

"""Reading an official boundary file: GeoJSON, a shapefile (.shp, or a .zip holding one) or a GeoPackage,
into features in WGS84 longitude/latitude."""

from __future__ import annotations

import zipfile
from pathlib import Path

import geopandas as gpd
import pyogrio

from core.errors import EXIT_USAGE
from core.messages import Text
from geo.findings import BoundaryImportError

FID_COLUMN = "__fid__"  # the file's own feature id (GeoJSON integer `id`, shapefile/GPKG FID)
SUPPORTED_SUFFIXES = (".geojson", ".json", ".shp", ".gpkg", ".zip")
_INSIDE_ZIP_SUFFIXES = (".shp", ".geojson", ".json", ".gpkg")


def read_features(path: str | Path) -> gpd.GeoDataFrame:
    """Features of a GeoJSON, shapefile (.shp, or a .zip holding one) or GeoPackage, in WGS84.

    The result has a positional index (the feature number used in findings), the file's own
    feature id in column `__fid__`, and `attrs["crs_assumed"]` set when the file declared no CRS
    but its coordinates look like longitude/latitude.
    """
    path = Path(path)
    if not path.is_file():
        raise _unreadable(path, "not_found")
    if path.suffix.casefold() not in SUPPORTED_SUFFIXES:
        raise _unreadable(path, "unsupported")
    source = _source_inside(path)
    try:
        layer = _polygon_layer(source)
        frame = gpd.read_file(source, layer=layer, engine="pyogrio", fid_as_index=True)
    except Exception as exc:  # any failure to parse means the same thing to the user
        raise _unreadable(path, "parse", error=str(exc)) from exc
    frame = frame.reset_index(names=FID_COLUMN)
    if frame.empty:
        raise BoundaryImportError("no_features", file=path.name)
    return _to_wgs84(frame, path)


def _source_inside(path: Path) -> str:
    if path.suffix.casefold() != ".zip":
        return str(path)
    try:
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if not n.startswith("__MACOSX/")]
    except zipfile.BadZipFile as exc:
        raise _unreadable(path, "corrupt_zip") from exc
    inside = [n for n in names if n.casefold().endswith(_INSIDE_ZIP_SUFFIXES)]
    # A shapefile is the usual reason to zip; prefer it over a stray .json of metadata.
    inside.sort(key=lambda n: (not n.casefold().endswith(".shp"), n))
    if not inside:
        raise _unreadable(path, "empty_zip")
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
            raise BoundaryImportError("unknown_crs", file=path.name)
        frame = frame.set_crs(4326)
        frame.attrs["crs_assumed"] = True
    elif frame.crs.to_epsg() != 4326:
        try:
            frame = frame.to_crs(4326)
        except Exception as exc:  # pyproj cannot place this CRS: the file is unusable as it is
            raise _unreadable(path, "crs", error=str(exc)) from exc
    return frame


def _unreadable(path: Path, reason: str, **values: object) -> BoundaryImportError:
    detail = Text(f"boundary.unreadable.{reason}", **values)
    return BoundaryImportError("unreadable_file", exit_status=EXIT_USAGE, file=path.name, detail=detail)

"""The month's map: built here for the map page, `python -m reports chart --kind map` and the briefing
pack. Reads what it needs through the typed reader, then shapes it with `dashboard.mapdata`, labels it
with `dashboard.maplabels` and draws it with `dashboard.mapchart.unit_map`."""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import pandas as pd

from core.editions import edition_in_force
from core.errors import UsageError
from core.missing import CARRY_MONTHS
from core.months import add_months, month_key
from dashboard import captions, mapchart
from dashboard.mapchart import Outline, Plane, hexagon_outlines
from dashboard.mapdata import boundaries, district_values, hexagons, unit_values
from dashboard.maplabels import Label, boundary_labels, hexagon_labels, key_entries, printed_key
from dashboard.model import Chart, indicator
from dashboard.tables import map_data
from warehouse.reader import Reader

SHAPES = ("hexagons", "geographic")
MODES = ("value", "change")
LEVELS = ("units", "districts")
SCALES = ("data", "quantiles", "fixed")
# A boundary map is about this wide on a laptop (and on an A4 page): a name is written inside a unit when
# it fits at this width, the rest are numbered.
BOUNDARY_MAP_PX = 820


@dataclass(frozen=True)
class MapView:
    chart: Chart
    values: pd.DataFrame  # one row per unit (or per district's first unit at level "districts")
    shapes: dict  # the FeatureCollection drawn (hexagons or boundaries), ids = unit codes
    edition: str
    key: pd.DataFrame  # label, name, district_name of each unit whose label is an abbreviation or number


@dataclass(frozen=True)
class MapOptions:
    """What the month's map can show: boundaries only where imported, districts only before 2025."""

    shapes: tuple[str, ...]
    levels: tuple[str, ...]
    edition: str


def map_options(source: Reader, month: date) -> MapOptions:
    """The first shape is the default: the real map where the edition has boundaries (SPEC: maps),
    hexagons otherwise, and always one click away."""
    edition = edition_in_force(month)
    shapes = ("geographic", "hexagons") if not source.boundaries(edition).empty else ("hexagons",)
    levels = LEVELS if source.units(edition)["district_code"].notna().any() else ("units",)
    return MapOptions(shapes, levels, edition)


def _check(option: str, value: str, known: Iterable[str]) -> None:
    if value not in known:
        raise UsageError("export_bad_option", option=option, value=value, known=", ".join(known))


def map_view(
    source: Reader,
    month: date,
    kpi: str,
    lang: str,
    *,
    shape: str | None = None,
    mode: str = "value",
    level: str = "units",
    scale: str = "data",
    within: Iterable[str] | None = None,
) -> MapView:
    """The map of one indicator in `month` on the edition in force; `within` keeps only some units (a
    district's pack). `shape` None: the map's default (boundaries where the edition has them). UsageError
    for an option the month's map cannot show."""
    shape = shape or map_options(source, month).shapes[0]
    for option, value, known in (("shape", shape, SHAPES), ("mode", mode, MODES), ("level", level, LEVELS)):
        _check(option, value, known)
    _check("scale", scale, SCALES)
    about = indicator(source.indicators(), kpi, lang)
    edition = edition_in_force(month)
    units = source.units(edition)
    if within is not None:
        units = units[units["code"].isin(set(within))].reset_index(drop=True)
    if level == "districts" and not units["district_code"].notna().any():
        raise UsageError("export_no_districts", edition=edition)
    if shape == "geographic":
        shapes = boundaries(source.boundaries(edition))
        if shapes is None:
            raise UsageError("export_no_boundaries", edition=edition)
    else:
        shapes = hexagons(units)
    if within is not None:
        shapes = {**shapes, "features": [f for f in shapes["features"] if f["id"] in set(units["code"])]}
    sample = source.sample_in_view(month)
    # From far enough back for the missing-report rule to carry last month's stocks too.
    series = source.unit_series(kpi, edition, add_months(month, -1 - CARRY_MONTHS), month)
    values = unit_values(units, series, month, about.kind, about.aggregation)
    if level == "districts":
        values = district_values(values, about.kind)
    title = captions.map_title(about.name, month, mode, lang)
    labels = _labels(units, shapes, shape)
    key = key_entries(units, labels)
    figure = mapchart.unit_map(
        values,
        shapes,
        column="change" if mode == "change" else "value",
        kind=about.kind,
        title=title,
        note=captions.map_note(month, edition, sample, lang),
        lang=lang,
        labels=labels,
        outlines=_outlines(units, shapes, shape, level),
        scale=scale,
        legend_title=captions.map_legend_title(about, mode, lang),
        plane=Plane.of(shapes, geographic=shape == "geographic"),
    )
    chart = Chart(
        figure=figure,
        data=map_data(values, about.kind, lang, sample=sample, level=level),
        title=title,
        period_text=captions.map_period_text(month, edition, len(units), lang),
        sample=sample,
        stem=f"map-{kpi}-{month_key(month)}-{mode}-{level}",
        lang=lang,
        side_key=printed_key(key),  # the legend says what grey and a bold outline mean
    )
    return MapView(chart, values, shapes, edition, key)


_PLACED: dict[str, list[Label]] = {}  # boundary labels by what they were placed from (see `_labels`)
_PLACED_AT_MOST = 16


def _labels(units: pd.DataFrame, shapes: dict, shape: str) -> list[Label]:
    if shape == "geographic":
        # Placing labels inside boundaries costs a few hundred milliseconds and depends only on the
        # units' names and shapes: placed once per edition's boundaries and kept (a digest is the key,
        # so a province's new import gets new labels).
        digest = hashlib.sha1(
            json.dumps([units[["code", "name"]].values.tolist(), shapes], sort_keys=True).encode(),
            usedforsecurity=False,
        ).hexdigest()
        if digest not in _PLACED:
            if len(_PLACED) >= _PLACED_AT_MOST:
                _PLACED.pop(next(iter(_PLACED)))
            _PLACED[digest] = _boundary_labels(units, shapes)
        return _PLACED[digest]
    centres = {f["id"]: mapchart.ring_centre(f["geometry"]["coordinates"][0]) for f in shapes["features"]}
    return hexagon_labels(units, centres)


def _boundary_labels(units: pd.DataFrame, shapes: dict) -> list[Label]:
    lon_min, lat_min, lon_max, _ = mapchart.bounds(shapes)
    squeeze = math.cos(math.radians(lat_min))
    return boundary_labels(units, shapes, mapchart.LABEL_PX, BOUNDARY_MAP_PX / ((lon_max - lon_min) * squeeze))


def _outlines(units: pd.DataFrame, shapes: dict, shape: str, level: str) -> list[Outline]:
    """District edges and names where the map has districts (2020 and 2024) and hexagons to draw them on;
    at the district level every unit has its district's colour, and the edges say where they meet."""
    if shape != "hexagons" or not units["district_code"].notna().any():
        return []
    return hexagon_outlines(units, shapes)

"""The month's map: built here for the map page, `python -m reports chart --kind map` and the briefing
pack. Reads what it needs through the typed reader, then shapes it with `dashboard.mapdata` and draws it
with `dashboard.charts.unit_map`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import pandas as pd

from core.editions import edition_in_force
from core.errors import UsageError
from core.missing import CARRY_MONTHS
from core.months import add_months, month_key
from dashboard import captions, charts
from dashboard.mapdata import boundaries, district_values, hexagons, unit_values
from dashboard.model import Chart, indicator
from dashboard.tables import map_data
from warehouse.reader import Reader

SHAPES = ("hexagons", "geographic")
MODES = ("value", "change")
LEVELS = ("units", "districts")
SCALES = ("data", "quantiles", "fixed")


@dataclass(frozen=True)
class MapView:
    chart: Chart
    values: pd.DataFrame  # one row per unit (or per district's first unit at level "districts")
    shapes: dict  # the FeatureCollection drawn (hexagons or boundaries), ids = unit codes
    edition: str


@dataclass(frozen=True)
class MapOptions:
    """What the month's map can show: boundaries only where imported, districts only before 2025."""

    shapes: tuple[str, ...]
    levels: tuple[str, ...]
    edition: str


def map_options(source: Reader, month: date) -> MapOptions:
    edition = edition_in_force(month)
    shapes = SHAPES if not source.boundaries(edition).empty else ("hexagons",)
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
    shape: str = "hexagons",
    mode: str = "value",
    level: str = "units",
    scale: str = "data",
    within: Iterable[str] | None = None,
) -> MapView:
    """The map of one indicator in `month` on the edition in force; `within` keeps only some units (a
    district's pack). UsageError for an option the month's map cannot show."""
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
    figure = charts.unit_map(
        values,
        shapes,
        column="change" if mode == "change" else "value",
        kind=about.kind,
        title=title,
        note=captions.map_note(month, edition, sample, lang),
        lang=lang,
        scale=scale,
    )
    chart = Chart(
        figure=figure,
        data=map_data(values, about.kind, lang, sample=sample, level=level),
        title=title,
        period_text=captions.map_period_text(month, edition, len(units), lang),
        sample=sample,
        stem=f"map-{kpi}-{month_key(month)}-{mode}-{level}",
        lang=lang,
        key=captions.map_key(values, "change" if mode == "change" else "value", lang),
    )
    return MapView(chart, values, shapes, edition)

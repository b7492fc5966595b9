"""The month's map as the map page shows it and the exports print it: one function for both.

From what a caller has read (the edition's units, the indicator's unit series, the shapes) to the
figure, the export frame behind it and the words printed with it. Pure: no streamlit, no duckdb.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from dashboard import captions, charts
from dashboard.mapdata import district_values, unit_values
from dashboard.tables import map_data

MODES = ("value", "change")
LEVELS = ("units", "districts")
SCALES = ("data", "quantiles", "fixed")


@dataclass(frozen=True)
class MapView:
    figure: go.Figure
    values: pd.DataFrame  # one row per unit (or per district's first unit at level "districts")
    data: pd.DataFrame  # the export frame: translated headers, number formats in attrs
    title: str
    period_text: str


def map_view(
    units: pd.DataFrame,
    series: pd.DataFrame,
    shapes: dict,
    *,
    month: date,
    kind: str,
    name: str,
    edition: str,
    sample: bool,
    lang: str,
    mode: str = "value",
    level: str = "units",
    scale: str = "data",
) -> MapView:
    """`series` holds the month and the month before, carried into the edition of `units`."""
    values = unit_values(units, series, month, kind)
    if level == "districts":
        values = district_values(values, kind)
    title = captions.map_title(name, month, mode, lang)
    figure = charts.unit_map(
        values,
        shapes,
        column="change" if mode == "change" else "value",
        kind=kind,
        title=title,
        note=captions.map_note(month, edition, sample, lang),
        lang=lang,
        scale=scale,
    )
    return MapView(
        figure=figure,
        values=values,
        data=map_data(values, kind, lang, sample=sample, level=level),
        title=title,
        period_text=captions.map_period_text(month, edition, len(units), lang),
    )

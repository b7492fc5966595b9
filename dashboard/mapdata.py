"""What the map shows for each unit, and the shapes it is drawn with. Pure pandas, no streamlit."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd

from core.figures import values_of
from core.missing import month_with_carried
from core.months import previous_month
from geo.hexmap import hexagon_geojson

# Hexagon cells placed on a small patch of lon/lat so that plotly's white-background map can draw
# them; the patch sits on the province so the map opens where the province is.
HEX_ORIGIN = (106.45, 20.75)
HEX_STEP = 0.065


def unit_values(
    units: pd.DataFrame, series: pd.DataFrame, month: date, kind: str, aggregation: str = "flow"
) -> pd.DataFrame:
    """One row per unit of the edition: value, numerator, denominator, rank, change since last month.

    `series` has period, unit_code, numerator, denominator, estimate for (at least) the month and
    the month before, already carried into the units' edition; for a stock (`aggregation`), the months
    the missing-report rule looks back over too: a unit that did not report keeps its last figure,
    marked `carried`.
    """
    current = month_with_carried(series, month, aggregation).set_index("unit_code")
    before = month_with_carried(series, previous_month(month), aggregation).set_index("unit_code")
    frame = units[["code", "name", "type", "district_code", "district_name"]].copy()
    frame["numerator"] = frame["code"].map(current["numerator"])
    frame["denominator"] = frame["code"].map(current["denominator"])
    frame["value"] = values_of(frame["numerator"], frame["denominator"], kind)
    frame["numerator_before"] = frame["code"].map(before["numerator"])
    frame["denominator_before"] = frame["code"].map(before["denominator"])
    frame["change"] = frame["value"] - values_of(frame["numerator_before"], frame["denominator_before"], kind)
    frame["estimate"] = _flags(frame["code"], current)
    frame["carried"] = frame["code"].map(current["carried"]).astype("boolean").fillna(False).astype(bool)
    frame["change_estimate"] = frame["estimate"] | _flags(frame["code"], before)
    frame["rank"] = frame["value"].rank(ascending=False, method="min").astype("Int64")
    return frame


def _flags(codes: pd.Series, figures: pd.DataFrame) -> pd.Series:
    return codes.map(figures["estimate"]).astype("boolean").fillna(False).astype(bool)


def district_values(values: pd.DataFrame, kind: str) -> pd.DataFrame:
    """Each unit coloured by its district's figure (sums of numerators over sums of denominators),
    so that the district level needs no shapes of its own."""
    reported = values.dropna(subset=["numerator"])
    sums = reported.groupby("district_code")[["numerator", "denominator"]].sum(min_count=1)
    sums["value"] = values_of(sums["numerator"], sums["denominator"], kind)
    sums["rank"] = sums["value"].rank(ascending=False, method="min").astype("Int64")
    frame = values[["code", "district_code", "district_name"]].copy()
    for column in ("numerator", "denominator", "value", "rank"):
        frame[column] = frame["district_code"].map(sums[column])
    frame["name"] = frame["district_name"]
    frame["change"] = frame["district_code"].map(_district_changes(values, kind))
    by_district = values["district_code"]
    frame["estimate"] = values["estimate"].groupby(by_district).transform("any")
    frame["change_estimate"] = values["change_estimate"].groupby(by_district).transform("any")
    return frame


def _district_changes(values: pd.DataFrame, kind: str) -> pd.Series:
    """Each district's change since last month over its units that have a figure in both months (like for
    like), so that a unit missing one month's report does not show as a fall of its district."""
    both = values[(values["change"].notna())]
    sums = both.groupby("district_code")[["numerator", "denominator", "numerator_before", "denominator_before"]].sum(
        min_count=1
    )
    now = values_of(sums["numerator"], sums["denominator"], kind)
    before = values_of(sums["numerator_before"], sums["denominator_before"], kind)
    return now - before


def hexagons(units: pd.DataFrame) -> dict:
    """Hexagon shapes of the units (`code`, `hex_col`, `hex_row`) in lon/lat, rings clockwise."""
    collection = hexagon_geojson(units[["code", "hex_col", "hex_row"]])
    lon0, lat0 = HEX_ORIGIN
    for feature in collection["features"]:
        ring = feature["geometry"]["coordinates"][0]
        feature["geometry"]["coordinates"][0] = [
            [round(lon0 + x * HEX_STEP, 5), round(lat0 + y * HEX_STEP, 5)] for x, y in ring
        ]
    return collection


def boundaries(frame: pd.DataFrame) -> dict | None:
    """FeatureCollection of imported web boundaries (`unit_code`, `web_geojson`), or None."""
    if frame.empty:
        return None
    features = [
        {"type": "Feature", "id": code, "properties": {"code": code}, "geometry": json.loads(geometry)}
        for code, geometry in zip(frame["unit_code"], frame["web_geojson"], strict=True)
    ]
    return {"type": "FeatureCollection", "features": features}

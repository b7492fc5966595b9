"""Map data and the map figure: pure functions on small inline frames, and the carried-forward series."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

import pandas as pd
import pytest

from dashboard.mapdata import boundaries, district_values, hexagons, unit_values
from warehouse.reader import ConnectionReader

UNITS = pd.DataFrame(
    {
        "code": ["A", "B", "C"],
        "name": ["Phường A", "Xã B", "Xã C"],
        "type": ["phuong", "xa", "xa"],
        "district_code": ["1", "1", "2"],
        "district_name": ["TP Một", "TP Một", "Huyện Hai"],
        "hex_col": [0, 1, 2],
        "hex_row": [0, 0, 1],
    }
)
MARCH, FEBRUARY = date(2024, 3, 1), date(2024, 2, 1)


def _series(rows):
    return pd.DataFrame(rows, columns=["period", "unit_code", "numerator", "denominator", "estimate"])


SERIES = _series(
    [
        (MARCH, "A", 90, 100, False),
        (MARCH, "B", 40, 80, True),
        (FEBRUARY, "A", 80, 100, False),
        (FEBRUARY, "B", 40, 100, False),
    ]
)


def test_unit_values_rank_and_change():
    values = unit_values(UNITS, SERIES, MARCH, "rate").set_index("code")
    assert values.loc["A", "value"] == pytest.approx(0.9) and values.loc["A", "rank"] == 1
    assert values.loc["B", "change"] == pytest.approx(0.1)
    assert values.loc["B", "estimate"] and values.loc["B", "change_estimate"]
    assert pd.isna(values.loc["C", "value"]) and pd.isna(values.loc["C", "rank"])


def test_district_values_sum_numerators_and_denominators():
    values = district_values(unit_values(UNITS, SERIES, MARCH, "rate"), "rate").set_index("code")
    assert values.loc["A", "value"] == pytest.approx(130 / 180)  # not the mean of 90% and 50%
    assert values.loc["A", "name"] == "TP Một" and values.loc["B", "value"] == values.loc["A", "value"]
    assert pd.isna(values.loc["C", "value"])


@pytest.mark.parametrize(
    ("rows", "change"),
    [
        # Both units of district 1 reported both months: 130/180 now against 120/200 before.
        ([], 130 / 180 - 120 / 200),
        # B missed February: the district compares A with A only, 90/100 against 80/100.
        ([(FEBRUARY, "B")], 0.9 - 0.8),
    ],
)
def test_district_change_compares_the_same_units(rows, change):
    missing = set(rows)
    series = SERIES[[(p, u) not in missing for p, u in zip(SERIES["period"], SERIES["unit_code"], strict=True)]]
    values = district_values(unit_values(UNITS, series, MARCH, "rate"), "rate").set_index("code")
    assert values.loc["A", "change"] == pytest.approx(change)
    assert values.loc["A", "change_estimate"]  # B's March figure is an estimate
    assert pd.isna(values.loc["C", "change"])


def test_hexagons_are_closed_clockwise_rings_in_lon_lat():
    collection = hexagons(UNITS)
    ring = collection["features"][0]["geometry"]["coordinates"][0]
    assert ring[0] == ring[-1] and len(ring) == 7
    assert all(105 < lon < 109 and 20 < lat < 23 for lon, lat in ring)
    area = sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in pairwise(ring))
    assert area < 0


def test_boundaries_from_stored_web_geometries():
    frame = pd.DataFrame(
        {"unit_code": ["A"], "web_geojson": ['{"type": "Polygon", "coordinates": [[[1,1],[1,2],[2,2],[1,1]]]}']}
    )
    assert boundaries(frame)["features"][0]["id"] == "A"
    assert boundaries(frame.iloc[0:0]) is None


def test_series_carried_through_the_2025_reform(sample_con):
    june, july = date(2025, 6, 1), date(2025, 7, 1)
    carried = ConnectionReader(sample_con).unit_series("online_dossier_rate", "2025", june, july)
    province = carried.groupby("period")["numerator"].sum()
    direct = sample_con.execute(
        "SELECT sum(numerator) FROM observation_current WHERE kpi = 'online_dossier_rate' AND period = ?", [june]
    ).fetchone()[0]
    assert province[june] == pytest.approx(direct)  # apportioning keeps the province total
    assert carried.loc[carried["period"] == june, "estimate"].any()
    assert not carried.loc[carried["period"] == july, "estimate"].any()
    assert set(carried["unit_code"]) <= set(ConnectionReader(sample_con).units("2025")["code"])

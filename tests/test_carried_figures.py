"""Figures carried into a later map (warehouse/sql/unit_figures.sql) on a temporary warehouse.

2025 unit 07135 was formed from 2024 units 07135 and 07138. Its figure for a 2024 month is known only
when both reported; a rate over the part that did is an estimate, a count over it is no figure."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from warehouse import connect
from warehouse.reader import ConnectionReader
from warehouse.uploads import UploadMeta, record_upload, sha256_of

MONTH = date(2025, 6, 1)  # on the 2024 map


def _load(db: Path, rows: list[tuple]) -> None:
    figures = pd.DataFrame(rows, columns=["period", "edition", "unit_code", "kpi", "numerator", "denominator"])
    meta = UploadMeta(file_name="t.xlsx", uploaded_by="test", file_bytes=b"t", sha256=sha256_of(b"t"))
    with connect(db) as con:
        record_upload(con, meta, figures)


def _carried(db: Path, kpi: str) -> pd.DataFrame:
    with connect(db, read_only=True) as con:
        series = ConnectionReader(con).unit_series(kpi, "2025", MONTH, MONTH)
    return series[series["unit_code"] == "07135"]


@pytest.mark.parametrize(
    ("reported", "kpi", "expected"),
    [
        # Both parts reported: whole, exact.
        ({"07135": (10, None), "07138": (4, None)}, "dx_teams", (14.0, None, False)),
        ({"07135": (60, 100), "07138": (30, 50)}, "online_dossier_rate", (90.0, 150.0, False)),
        # One part missing: a count would be too low, so there is no figure ...
        ({"07135": (10, None)}, "dx_teams", None),
        # ... while the rate of the part that reported stands, as an estimate.
        ({"07135": (60, 100)}, "online_dossier_rate", (60.0, 100.0, True)),
    ],
)
def test_a_merged_unit_is_complete_only_when_every_part_reported(empty_db, reported, kpi, expected):
    _load(empty_db, [(MONTH, "2024", code, kpi, n, d) for code, (n, d) in reported.items()])
    carried = _carried(empty_db, kpi)
    if expected is None:
        assert carried.empty
        return
    numerator, denominator, estimate = expected
    row = carried.iloc[0]
    assert row["numerator"] == numerator
    assert (denominator is None and pd.isna(row["denominator"])) or row["denominator"] == denominator
    assert bool(row["estimate"]) is estimate


def test_unit_figures_answers_every_indicator_of_the_months_asked(empty_db):
    _load(
        empty_db,
        [
            (MONTH, "2024", "07135", "dx_teams", 10, None),
            (MONTH, "2024", "07138", "dx_teams", 4, None),
            (date(2025, 5, 1), "2024", "07135", "dx_teams", 9, None),
        ],
    )
    with connect(empty_db, read_only=True) as con:
        figures = ConnectionReader(con).unit_figures("2025", [MONTH])
    assert figures[["period", "kpi", "unit_code", "numerator"]].values.tolist() == [[MONTH, "dx_teams", "07135", 14.0]]

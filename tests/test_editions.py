"""Editions, generated reference tables, and a row-for-row check against the team's reference data."""

from datetime import date

import pandas as pd
import pytest

from core.editions import edition, edition_in_force
from geo import reference

# Both spellings are valid Vietnamese: the reference data and the packages disagree on some names.
_TONE_PLACEMENT = {
    "oà": "òa",
    "oá": "óa",
    "oả": "ỏa",
    "oã": "õa",
    "oạ": "ọa",
    "uỳ": "ùy",
    "uý": "úy",
    "uỷ": "ủy",
    "uỹ": "ũy",
    "uỵ": "ụy",
    "oè": "òe",
    "oé": "óe",
    "oẻ": "ỏe",
}


def fold_tone(name: str) -> str:
    for old, new in _TONE_PLACEMENT.items():
        name = name.replace(old, new)
    return name


@pytest.mark.parametrize(
    ("month", "expected"),
    [
        (date(2022, 1, 1), "2020"),
        (date(2024, 10, 1), "2020"),
        (date(2024, 11, 1), "2024"),
        (date(2025, 6, 1), "2024"),
        (date(2025, 7, 1), "2025"),
        (date(2026, 10, 1), "2025"),
    ],
)
def test_edition_in_force(month, expected):
    assert edition_in_force(month) == expected


def test_unknown_edition_is_named():
    with pytest.raises(ValueError, match="2019"):
        edition("2019")


@pytest.mark.parametrize(("edition_id", "count"), [("2020", 177), ("2024", 171), ("2025", 54)])
def test_unit_counts(edition_id, count):
    units = reference.units(edition_id)
    assert len(units) == count == edition(edition_id).unit_count
    assert units["code"].is_unique
    assert units["code"].str.fullmatch(r"\d{5}").all()
    assert units[["lat", "lon"]].notna().all().all()


def test_2020_types_match_the_published_counts():
    counts = reference.units("2020")["type"].value_counts().to_dict()
    assert counts == {"xa": 98, "phuong": 72, "thi_tran": 7}


def test_2025_has_no_districts_and_two_special_zones():
    units = reference.units("2025")
    assert units["district_code"].isna().all()
    assert units["type"].value_counts().to_dict() == {"phuong": 30, "xa": 22, "dac_khu": 2}


def test_crosswalk_2024_shares_add_up_and_splits_are_flagged():
    crosswalk = reference.crosswalk_2024_to_2025()
    assert crosswalk.groupby("from_code")["share"].sum().round(9).eq(1.0).all()
    split_units = crosswalk.loc[crosswalk["split"], "from_code"].unique()
    assert len(split_units) == 13
    assert set(crosswalk.loc[crosswalk["split"], "share_method"]) <= {"equal", "population"}
    assert set(crosswalk.loc[~crosswalk["split"], "share_method"]) == {"whole"}


def _normalised(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    frame = frame[columns].copy()
    for column in columns:
        if frame[column].dtype == object:
            frame[column] = frame[column].map(lambda v: fold_tone(v) if isinstance(v, str) else v)
    return frame.sort_values(columns[:2], ignore_index=True)


@pytest.mark.shared
@pytest.mark.parametrize("edition_id", ["2020", "2024", "2025"])
def test_units_match_reference_row_for_row(shared_geo, edition_id):
    expected = pd.read_csv(shared_geo / f"units_{edition_id}.csv", dtype={"code": str, "district_code": str})
    ours = reference.units(edition_id)
    columns = ["code", "name", "type"] + (["district_code", "district_name"] if edition_id != "2025" else [])
    pd.testing.assert_frame_equal(_normalised(ours, columns), _normalised(expected, columns))
    if "lat" in expected:
        merged = ours.merge(expected, on="code", suffixes=("", "_ref"))
        assert (merged["lat"] - merged["lat_ref"]).abs().max() < 1e-4
        assert (merged["lon"] - merged["lon_ref"]).abs().max() < 1e-4
    if "area_km2" in expected:
        merged = ours.merge(expected, on="code", suffixes=("", "_ref"))
        assert (merged["area_km2"] - merged["area_km2_ref"]).abs().max() < 0.01


@pytest.mark.shared
def test_crosswalk_2020_matches_reference(shared_geo):
    expected = pd.read_csv(shared_geo / "crosswalk_2020_to_2024.csv", dtype=str)
    ours = reference.crosswalk_2020_to_2024()
    pairs = set(zip(ours["from_code"], ours["to_code"], strict=True))
    assert pairs == set(zip(expected["code_2020"], expected["code_2024"], strict=True))
    assert len(ours) == 177


@pytest.mark.shared
def test_crosswalk_2025_matches_reference(shared_geo):
    expected = pd.read_csv(shared_geo / "crosswalk_2024_to_2025.csv", dtype=str)
    ours = reference.crosswalk_2024_to_2025()
    rows = set(zip(ours["from_code"], ours["to_code"], ours["split"], strict=True))
    expected_split = expected["split"].str.lower() == "true"
    assert rows == set(zip(expected["code_2024"], expected["code_2025"], expected_split, strict=True))
    assert len(ours) == 184

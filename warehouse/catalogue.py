"""The indicator catalogue and targets, read from the data files in `data/`."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from core.figures import KINDS
from core.paths import DATA_DIR

AGGREGATIONS = {"flow", "stock"}


def load_indicators(path: Path = DATA_DIR / "indicators.csv") -> pd.DataFrame:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame["sort_order"] = frame["sort_order"].astype(int)
    assert "max_per_unit" in frame and (frame["max_per_unit"] != "").all(), (
        f"{path.name}: every indicator needs max_per_unit (the most one unit can report)"
    )
    frame["max_per_unit"] = frame["max_per_unit"].astype(float)  # a bound on figures, not a target
    for column in ("denominator_vi", "denominator_en"):
        frame[column] = frame[column].replace("", None)
    bad_kind = set(frame["kind"]) - set(KINDS)
    assert not bad_kind, f"{path.name}: kind must be one of {sorted(KINDS)}, found {sorted(bad_kind)}"
    bad_aggregation = set(frame["aggregation"]) - AGGREGATIONS
    assert not bad_aggregation, f"{path.name}: aggregation must be flow or stock, found {sorted(bad_aggregation)}"
    assert frame["kpi"].is_unique, f"{path.name}: indicator ids must be unique"
    rates_without_denominator = frame[(frame["kind"] == "rate") & frame["denominator_vi"].isna()]["kpi"]
    assert rates_without_denominator.empty, f"{path.name}: rates need a denominator: {list(rates_without_denominator)}"
    return frame.sort_values("sort_order", ignore_index=True)


def load_targets(path: Path = DATA_DIR / "targets.csv") -> pd.DataFrame:
    frame = pd.read_csv(path, dtype={"unit_code": str, "edition": str}, comment="#")
    frame["year"] = frame["year"].astype(int)
    frame["value"] = frame["value"].astype(float)
    frame = frame.astype({"edition": object, "unit_code": object})
    frame = frame.where(frame.notna(), None)
    return frame[["kpi", "year", "edition", "unit_code", "value", "source"]]

"""The value of a figure, the one rule behind every number shown: a rate is numerator ÷ denominator
(summed first, never an average of rates), a count is its numerator. The SQL view `observation_current`
states the same rule for analysts' queries."""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import pandas as pd

KINDS = ("rate", "count")


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def value_of(numerator: object, denominator: object, kind: str) -> float:
    """NaN when there is no figure, or a rate's denominator is missing or 0."""
    if _missing(numerator):
        return math.nan
    if kind == "count":
        return float(numerator)  # type: ignore[arg-type]
    if _missing(denominator) or denominator == 0:
        return math.nan
    return float(numerator) / float(denominator)  # type: ignore[arg-type]


def values_of(numerators: pd.Series, denominators: pd.Series, kind: str | pd.Series) -> pd.Series:
    """`value_of` row by row; `kind` is one kind for all rows, or a Series of kinds beside them."""
    kinds: Iterable[str] = [kind] * len(numerators) if isinstance(kind, str) else kind
    return pd.Series(
        [value_of(n, d, k) for n, d, k in zip(numerators, denominators, kinds, strict=True)],
        index=numerators.index,
        dtype=float,
    )


def with_values(frame: pd.DataFrame, kind: str) -> pd.DataFrame:
    """A copy of `frame` (numerator, denominator) with its `value` column."""
    return frame.assign(value=values_of(frame["numerator"], frame["denominator"], kind))


def summed(values: pd.Series) -> float:
    """The sum of some figures; no figure at all stays no figure (NaN), never 0."""
    return float(values.sum(min_count=1))


def total_value(frame: pd.DataFrame, kind: str) -> float:
    """The value of some units together: their numerators summed over their denominators summed."""
    denominators = summed(frame["denominator"]) if "denominator" in frame else np.nan
    return value_of(summed(frame["numerator"]), denominators, kind)

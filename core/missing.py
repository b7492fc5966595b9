"""The rule for months in which a unit sent no figure (SPEC §8), in one place.

A missing report must never look like a fall:

- a stock (cards, accounts, teams: a level at the month's end) that a unit did not report is carried
  forward from its last report on the same map, for at most CARRY_MONTHS months, and marked as carried;
  after that it is left out;
- a flow (dossiers, payments: what happened within the month) is never carried: the province's rate is
  over the units that reported, and a month in which some unit's flow is missing is incomplete.

A month is complete for an indicator when every unit of the map in force has a figure, reported or
carried. The warehouse view `province_figures` states the same rule in SQL; `warehouse.init` writes
CARRY_MONTHS into the warehouse so that the view and this module cannot disagree.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from core.editions import edition_in_force
from core.months import add_months

CARRY_MONTHS = 3  # a quarter: long enough for a late report, short enough not to hide a unit that stopped


def carries(aggregation: str) -> bool:
    """Whether a missing figure of an indicator of this aggregation is carried from the last report."""
    return aggregation == "stock"


COMPLETE, CARRIED, INCOMPLETE = "complete", "carried", "incomplete"


def month_state(reported: int, carried: int, expected: int, complete: bool | None = None) -> str:
    """What a province month of one indicator rests on: every unit's own report ("complete"), some
    stocks carried from an earlier report ("carried"), or some unit with no figure at all ("incomplete")."""
    if complete is None:
        complete = reported + carried >= expected
    if not complete:
        return INCOMPLETE
    return CARRIED if carried else COMPLETE


def month_with_carried(figures: pd.DataFrame, month: date, aggregation: str) -> pd.DataFrame:
    """Each unit's figure of `month` (`figures`: period, unit_code, numerator, denominator, …, on one map),
    with, for a stock, the units that did not report carried from their latest report of the last
    CARRY_MONTHS months on the same map; a `carried` column marks them."""
    now = figures[figures["period"] == month].assign(carried=False)
    if not carries(aggregation):
        return now
    edition = edition_in_force(month)
    first = add_months(month, -CARRY_MONTHS)
    earlier = figures[(figures["period"] < month) & (figures["period"] >= first)]
    same_map = pd.Series([edition_in_force(p) == edition for p in earlier["period"]], index=earlier.index, dtype=bool)
    earlier = earlier[same_map]  # never across a reform
    earlier = earlier[~earlier["unit_code"].isin(set(now["unit_code"]))]
    latest = earlier.sort_values("period").groupby("unit_code", sort=False).tail(1)
    return pd.concat([now, latest.assign(period=month, carried=True)], ignore_index=True)

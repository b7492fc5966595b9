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

from collections.abc import Iterable, Mapping
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


def carry_window(months: Iterable[date]) -> list[date]:
    """`months` and the CARRY_MONTHS before each: the months whose figures `carried_forward` may need."""
    wanted = {add_months(month, -back) for month in months for back in range(CARRY_MONTHS + 1)}
    return sorted(wanted)


def carried_forward(figures: pd.DataFrame, months: Iterable[date], aggregations: Mapping[str, str]) -> pd.DataFrame:
    """The units' figures of each of `months` (`figures`: period, kpi, unit_code, numerator, denominator,
    …, on one map, covering `carry_window(months)`), with each stock a unit did not report carried from
    its latest report of the last CARRY_MONTHS months on the same map; a `carried` column marks them.
    `aggregations`: kpi → "stock" or "flow"."""
    months = sorted(set(months))
    periods = pd.to_datetime(figures["period"]).dt.date
    reported = figures[periods.isin(months)].assign(carried=False)
    stocks = figures[figures["kpi"].map(aggregations).map(carries).fillna(False).astype(bool)]
    stock_periods = periods[stocks.index]
    stock_maps = stock_periods.map(edition_in_force)
    filled = []
    for month in months:
        edition = edition_in_force(month)
        window = (stock_periods < month) & (stock_periods >= add_months(month, -CARRY_MONTHS))
        earlier = stocks[window & (stock_maps == edition)]  # never across a reform
        here = reported[pd.to_datetime(reported["period"]).dt.date == month]
        known = pd.MultiIndex.from_frame(here[["kpi", "unit_code"]])
        earlier = earlier[~pd.MultiIndex.from_frame(earlier[["kpi", "unit_code"]]).isin(known)]
        latest = earlier.sort_values("period").groupby(["kpi", "unit_code"], sort=False).tail(1)
        filled.append(latest.assign(period=_like(figures["period"], month), carried=True))
    return pd.concat([reported, *filled], ignore_index=True)


def _like(periods: pd.Series, month: date) -> object:
    """`month` in the type the frame's periods have (dates from SQL, timestamps from pandas)."""
    return pd.Timestamp(month) if pd.api.types.is_datetime64_any_dtype(periods) else month


def month_with_carried(figures: pd.DataFrame, month: date, aggregation: str) -> pd.DataFrame:
    """Each unit's figure of `month` of one indicator, with a stock's missing figures carried
    (`carried_forward` for one indicator; `figures` need no kpi column)."""
    frame = figures if "kpi" in figures else figures.assign(kpi="")
    kpis = {kpi: aggregation for kpi in frame["kpi"].unique()}
    result = carried_forward(frame, [month], kpis)
    return result if "kpi" in figures else result.drop(columns="kpi")


def unit_lines(
    series: pd.DataFrame, codes: Iterable[str], kpi: str, aggregation: str, months: Iterable[date] | None = None
) -> pd.DataFrame:
    """The units `codes`' own lines of one indicator, from `series` (every unit of one map: period,
    unit_code, numerator, denominator, estimate), in every month in which some unit reported: a stock a
    unit did not report is carried (`carried`), and each point counts its one unit as a province month
    counts its units (units_reporting, units_carried, units_in_force, complete), so that a unit's line is
    marked as the province's is. `months`: those in which some unit reported, when `series` holds only
    the units wanted (else read from it)."""
    months = sorted(series["period"].unique()) if months is None else sorted(months)
    mine = series[series["unit_code"].isin(set(codes))].assign(kpi=kpi)
    frame = carried_forward(mine, months, {kpi: aggregation}).sort_values(["unit_code", "period"], ignore_index=True)
    frame["units_carried"] = frame["carried"].astype(int)
    frame["units_reporting"] = 1 - frame["units_carried"]
    frame["units_in_force"] = 1
    frame["complete"] = True  # a unit with no figure has no point to mark
    return frame

"""The overview's figures: province value per indicator and its changes. Pure pandas."""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard.formatting import format_change, format_number, format_value
from dashboard.i18n import t


def previous_month(month: date) -> date:
    return date(month.year - 1, 12, 1) if month.month == 1 else date(month.year, month.month - 1, 1)


def same_month_last_year(month: date) -> date:
    return date(month.year - 1, month.month, 1)


def comparison_months(month: date) -> list[date]:
    return [month, previous_month(month), same_month_last_year(month)]


def province_value(numerator: float, denominator: float | None, kind: str) -> float:
    if kind == "count":
        return numerator
    if denominator is None or pd.isna(denominator) or denominator == 0:
        return float("nan")
    return numerator / denominator


def matched_changes(figures: pd.DataFrame, month: date, indicators: pd.DataFrame) -> pd.DataFrame:
    """Like-for-like changes: per indicator, the change on last month and on the same month a year
    earlier, each over the units that have a figure in both months, and how many units that is.

    A unit that misses one month's report would otherwise show as a fall in a province total (a count
    loses its teams, a rate its population). `figures` has period, kpi, unit_code, numerator and
    denominator (`unit_figures.sql`), carried into one edition so that the units are the same."""
    kinds = dict(zip(indicators["kpi"], indicators["kind"], strict=True))
    is_rate = figures["kpi"].map(kinds).eq("rate")
    usable = figures[figures["numerator"].notna() & (~is_rate | figures["denominator"].notna())]
    by_key = {key: frame.set_index("unit_code") for key, frame in usable.groupby(["kpi", "period"])}
    rows = []
    for kpi, kind in kinds.items():
        row: dict[str, object] = {"kpi": kpi}
        now = by_key.get((kpi, month))
        for name, other in (("previous", previous_month(month)), ("last_year", same_month_last_year(month))):
            before = by_key.get((kpi, other))
            common = now.index.intersection(before.index) if now is not None and before is not None else []
            row[f"compared_{name}"] = len(common)
            row[f"change_{name}"] = (
                _value(now.loc[common], kind) - _value(before.loc[common], kind) if len(common) else float("nan")
            )
        rows.append(row)
    return pd.DataFrame(rows)


def _value(units: pd.DataFrame, kind: str) -> float:
    return province_value(units["numerator"].sum(), units["denominator"].sum(min_count=1), kind)


def summarise(
    month: date, by_month: pd.DataFrame, indicators: pd.DataFrame, matched: pd.DataFrame | None = None
) -> pd.DataFrame:
    """One row per indicator: value, numerator, denominator, changes, units reporting.

    `by_month` has the columns of `province_by_month.sql` for `comparison_months(month)`. With
    `matched` (see `matched_changes`) the changes are like for like, and the rows say over how many
    units; without it they are differences of the totals.
    """
    figures = by_month.copy()
    figures = figures.merge(indicators[["kpi", "kind"]], on="kpi", how="inner")
    figures["value"] = [
        province_value(n, d, k)
        for n, d, k in zip(figures["numerator"], figures["denominator"], figures["kind"], strict=True)
    ]
    values = figures.pivot_table(index="kpi", columns="period", values="value", aggfunc="first")
    current = figures[figures["period"] == month].set_index("kpi")
    rows = []
    for indicator in indicators.itertuples(index=False):
        kpi = indicator.kpi
        value = _lookup(values, kpi, month)
        rows.append(
            {
                "kpi": kpi,
                "kind": indicator.kind,
                "value": value,
                "numerator": current["numerator"].get(kpi, float("nan")),
                "denominator": current["denominator"].get(kpi, float("nan")),
                "change_previous": value - _lookup(values, kpi, previous_month(month)),
                "change_last_year": value - _lookup(values, kpi, same_month_last_year(month)),
                "units_reporting": int(current["units_reporting"].get(kpi, 0)),
            }
        )
    summary = pd.DataFrame(rows)
    if matched is not None:
        like_for_like = matched.set_index("kpi").reindex(summary["kpi"])
        for column in ("change_previous", "change_last_year", "compared_previous", "compared_last_year"):
            summary[column] = like_for_like[column].to_numpy()
    return summary


def _lookup(values: pd.DataFrame, kpi: str, month: date) -> float:
    if kpi not in values.index or month not in values.columns:
        return float("nan")
    return float(values.at[kpi, month])


def overview_table(summary: pd.DataFrame, names: dict[str, str], unit_count: int, lang: str) -> pd.DataFrame:
    """The summary as the committee reads it: formatted text, headers in the chosen language."""

    def each(column: str, render) -> list[str]:
        return [render(value, kind) for value, kind in zip(summary[column], summary["kind"], strict=True)]

    return pd.DataFrame(
        {
            t("col_indicator", lang): summary["kpi"].map(names),
            t("col_value", lang): each("value", lambda v, k: format_value(v, k, lang)),
            t("col_vs_previous", lang): each("change_previous", lambda v, k: format_change(v, k, lang)),
            t("col_vs_last_year", lang): each("change_last_year", lambda v, k: format_change(v, k, lang)),
            t("col_numerator", lang): each("numerator", lambda v, _: format_number(v, lang)),
            t("col_denominator", lang): each("denominator", lambda v, _: format_number(v, lang)),
            t("col_reporting", lang): [
                t("reporting_of", lang, n=n, total=unit_count) for n in summary["units_reporting"]
            ],
        }
    )


def with_values(series: pd.DataFrame, kind: str) -> pd.DataFrame:
    """Adds the province value to a series of summed numerators and denominators."""
    series = series.copy()
    series["value"] = [
        province_value(n, d, kind) for n, d in zip(series["numerator"], series["denominator"], strict=True)
    ]
    return series

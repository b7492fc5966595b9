"""Series over time at monthly, quarterly or yearly steps. Pure pandas.

Flows (dossiers, payments) add up over the months of a period; stocks (cards, accounts, teams) take
the last month of the period. Rates are always sums of numerators over sums of denominators.
"""

from __future__ import annotations

import pandas as pd

from dashboard.formatting import format_month, format_number, format_quarter, format_value
from dashboard.i18n import t
from dashboard.overview import province_value

FREQUENCIES = {"month": "MS", "quarter": "QS", "year": "YS"}


def aggregate(series: pd.DataFrame, frequency: str, aggregation: str, kind: str) -> pd.DataFrame:
    """`series`: period, key, numerator, denominator, estimate → the same at `frequency` steps."""
    frame = series.copy()
    frame["period"] = pd.to_datetime(frame["period"])
    frame["step"] = frame["period"].dt.to_period(FREQUENCIES[frequency][0]).dt.start_time
    # Counted before a stock keeps only its last month: how many months of figures the step holds.
    frame["months"] = frame.groupby(["key", "step"])["period"].transform("nunique")
    if aggregation == "stock":
        last = frame.groupby(["key", "step"])["period"].transform("max")
        frame = frame[frame["period"] == last]
    grouped = frame.groupby(["key", "step"], as_index=False).agg(
        numerator=("numerator", "sum"),
        denominator=("denominator", lambda d: d.sum(min_count=1)),
        estimate=("estimate", "any"),
        months=("months", "first"),
    )
    grouped["value"] = [
        province_value(n, d, kind) for n, d in zip(grouped["numerator"], grouped["denominator"], strict=True)
    ]
    return grouped.rename(columns={"step": "period"})


def partial_label(label: str, months: int, frequency: str, lang: str) -> str:
    """ "2026 (10 tháng)": a quarter or year with fewer months of figures says how many it holds."""
    full = 3 if frequency == "quarter" else 12
    return label if months >= full else t("partial_period", lang, label=label, n=months)


def province_frame(series: pd.DataFrame, label: str) -> pd.DataFrame:
    return series.assign(key=label, estimate=False)[["period", "key", "numerator", "denominator", "estimate"]]


def district_frame(series: pd.DataFrame) -> pd.DataFrame:
    # A district keeps its code when it changes type ("Thị xã" → "Thành phố Đông Triều"): one line.
    latest = series.sort_values("period").groupby("district_code")["district_name"].last()
    frame = series.assign(key=series["district_code"].map(latest), estimate=False)
    return frame[["period", "key", "numerator", "denominator", "estimate"]]


def unit_frame(series: pd.DataFrame, names: dict[str, str], codes: list[str]) -> pd.DataFrame:
    frame = series[series["unit_code"].isin(codes)].copy()
    frame["key"] = frame["unit_code"].map(names)
    return frame[["period", "key", "numerator", "denominator", "estimate"]]


def trend_table(steps: pd.DataFrame, kind: str, frequency: str, lang: str) -> pd.DataFrame:
    """The chart's data as the committee reads it, with estimates named."""

    def step_label(period: pd.Timestamp, months: int) -> str:
        if frequency == "month":
            return format_month(period.date(), lang)
        label = str(period.year) if frequency == "year" else format_quarter(period.date(), lang)
        return partial_label(label, months, frequency, lang)

    return pd.DataFrame(
        {
            t("trends_series", lang): steps["key"],
            t(f"step_{frequency}", lang).capitalize(): [
                step_label(p, m) for p, m in zip(steps["period"], steps["months"], strict=True)
            ],
            t("col_value", lang): [format_value(v, kind, lang) for v in steps["value"]],
            t("col_numerator", lang): [format_number(v, lang) for v in steps["numerator"]],
            t("col_denominator", lang): [format_number(v, lang) for v in steps["denominator"]],
            t("trends_estimate", lang): [t("yes", lang) if e else "" for e in steps["estimate"]],
        }
    )

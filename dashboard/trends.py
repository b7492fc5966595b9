"""Trends: the province, its districts or chosen units over time at monthly, quarterly or yearly steps.
`trend_view` builds the trends page's chart and table.

Flows (dossiers, payments) add up over the months of a period; stocks (cards, accounts, teams) take
the last month of the period. Rates are always sums of numerators over sums of denominators.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import pandas as pd

from core.editions import edition_in_force, months_into
from core.figures import summed, values_of
from core.formats import format_number, format_value
from core.messages import t
from core.missing import unit_lines
from core.text import fold
from dashboard import captions, charts, tables
from dashboard.captions import step_label
from dashboard.model import Chart, indicator
from warehouse.reader import Reader

FREQUENCIES = {"month": "MS", "quarter": "QS", "year": "YS"}


COUNTS = ["units_reporting", "units_carried", "units_in_force", "complete"]  # of `province_series`
UNCOUNTED = {"units_reporting": 1, "units_carried": 0, "units_in_force": 1, "complete": True}
LINE = ["period", "key", "numerator", "denominator", "estimate", *COUNTS]


def aggregate(series: pd.DataFrame, frequency: str, aggregation: str, kind: str) -> pd.DataFrame:
    """`series`: period, key, numerator, denominator, estimate and the unit counts → the same at
    `frequency` steps. A stock's step is its last month, counts included; a flow's step sums its
    months and is as complete as its worst month (fewest units reporting, most carried)."""
    frame = _counted(series)
    frame["period"] = pd.to_datetime(frame["period"])
    frame["step"] = frame["period"].dt.to_period(FREQUENCIES[frequency][0]).dt.start_time
    # Counted before a stock keeps only its last month: how many months of figures the step holds.
    frame["months"] = frame.groupby(["key", "step"])["period"].transform("nunique")
    if aggregation == "stock":
        last = frame.groupby(["key", "step"])["period"].transform("max")
        frame = frame[frame["period"] == last]
    grouped = frame.groupby(["key", "step"], as_index=False, sort=False).agg(
        numerator=("numerator", "sum"),
        denominator=("denominator", summed),
        estimate=("estimate", "any"),
        months=("months", "first"),
        units_reporting=("units_reporting", "min"),
        units_carried=("units_carried", "max"),
        units_in_force=("units_in_force", "max"),
        complete=("complete", "all"),
    )
    grouped["value"] = values_of(grouped["numerator"], grouped["denominator"], kind)
    return grouped.rename(columns={"step": "period"})


def _counted(series: pd.DataFrame) -> pd.DataFrame:
    """The series with its unit counts; one that does not count its units is one complete line."""
    return series.assign(**{c: v for c, v in UNCOUNTED.items() if c not in series})


def province_frame(series: pd.DataFrame, label: str) -> pd.DataFrame:
    return _counted(series).assign(key=label, estimate=False)[LINE]


def district_names(series: pd.DataFrame) -> pd.Series:
    """Each district's latest name by its code: a district keeps its code when it changes type ("Thị xã" →
    "Thành phố Đông Triều"), so it stays one line under its newest name."""
    return series.sort_values("period").groupby("district_code")["district_name"].last()


def district_frame(series: pd.DataFrame) -> pd.DataFrame:
    frame = _counted(series).assign(key=series["district_code"].map(district_names(series)), estimate=False)
    return frame[LINE]


def districts(source: Reader, kpi: str) -> dict[str, str]:
    """The districts the trends can highlight, code → name, in the order of their names."""
    names = district_names(source.district_series(kpi))
    return dict(sorted(names.items(), key=lambda item: fold(item[1])))  # "Đầm Hà" among the D's


def unit_frame(
    series: pd.DataFrame, names: dict[str, str], codes: list[str], aggregation: str, months: list | None = None
) -> pd.DataFrame:
    """The units `codes`' lines; a stock a unit did not report is carried (`core.missing`), so that
    each unit's line reads like the province's: one unit in force, reported or carried. `months`: those
    in which any unit reported, when `series` holds only these units."""
    frame = unit_lines(series, codes, "", aggregation, months)
    frame["key"] = frame["unit_code"].map(names)
    return frame[LINE]


def trend_table(steps: pd.DataFrame, kind: str, frequency: str, lang: str) -> pd.DataFrame:
    """The chart's data as the committee reads it, with estimates named."""

    return pd.DataFrame(
        {
            t("trends_series", lang): steps["key"],
            t(f"step_{frequency}", lang).capitalize(): [
                step_label(p, m, frequency, lang) for p, m in zip(steps["period"], steps["months"], strict=True)
            ],
            t("col_value", lang): [format_value(v, kind, lang) for v in steps["value"]],
            t("col_numerator", lang): [format_number(v, lang) for v in steps["numerator"]],
            t("col_denominator", lang): [format_number(v, lang) for v in steps["denominator"]],
            t("trends_estimate", lang): [t("yes", lang) if e else "" for e in steps["estimate"]],
            t("col_note", lang): captions.month_notes(steps, lang, short=True),
        }
    )


LEVELS = ("province", "districts", "units")


@dataclass(frozen=True)
class TrendView:
    chart: Chart
    steps: pd.DataFrame  # key, period, numerator, denominator, estimate, months, value at the chosen step
    table: pd.DataFrame  # the steps as the committee reads them
    level: str
    frequency: str

    @property
    def has_estimates(self) -> bool:
        return bool(self.steps["estimate"].any())


def trend_view(
    source: Reader,
    month: date,
    kpi: str,
    lang: str,
    *,
    level: str = "province",
    frequency: str = "month",
    codes: Iterable[str] = (),
    highlight: str | None = None,
) -> TrendView:
    """Lines of one indicator: the province, the districts (the district `highlight`, a code, in colour
    against the others in grey), or the units `codes` of the map in force in `month`, aggregated to
    `frequency` (flows add up, stocks take the last month)."""
    about = indicator(source.indicators(), kpi, lang)
    chosen = None
    if level == "province":
        frame = province_frame(source.province_series(kpi), t("trends_province", lang))
    elif level == "districts":
        series = source.district_series(kpi)
        frame = district_frame(series)
        chosen = district_names(series).get(highlight)
    else:
        edition = edition_in_force(month)
        units = source.units(edition)
        names = dict(zip(units["code"], units["name"], strict=True))
        # Only the chosen units' figures are read; the months any unit reported say where a stock is carried.
        months = months_into(edition, source.periods())
        series = source.unit_series(kpi, edition, codes=list(codes))
        frame = unit_frame(series, names, list(codes), about.aggregation, months)
    steps = aggregate(frame, frequency, about.aggregation, about.kind)
    targets = source.province_targets(kpi) if level == "province" else None
    sample = source.sample_in_view(None)
    title = t("trends_title", lang, name=about.name, step=t(f"step_{frequency}", lang))
    chart = Chart(
        figure=charts.trend_lines(
            steps,
            steps.iloc[0:0] if targets is None else targets,
            kind=about.kind,
            title=title,
            lang=lang,
            sample=sample,
            frequency=frequency,
            highlight=chosen,
        ),
        data=tables.trend_data(steps, about.kind, frequency, lang, sample=sample),
        title=title,
        period_text=f"{captions.span_text(frame['period'], lang)} · {t(f'trends_{level}', lang)}",  # months, not steps
        sample=sample,
        stem=f"trends-{kpi}-{level}-{frequency}",
        lang=lang,
    )
    return TrendView(chart, steps, trend_table(steps, about.kind, frequency, lang), level, frequency)

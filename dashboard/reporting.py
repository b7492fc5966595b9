"""Who has reported: which units of the map in force sent which indicators for a month, and a heatmap
of the last twelve months. `reporting_view` builds the reporting page and the briefing's completeness."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import pandas as pd

from core.editions import edition_in_force
from core.formats import format_month
from core.messages import t
from core.months import add_months, month_key
from core.text import fold
from core.unit_types import short_name
from dashboard import charts, tables
from dashboard.model import Chart
from warehouse.reader import Reader


def units_in_force(source: Reader, month: date) -> pd.DataFrame:
    """The units of the map in force in `month`, district by district (by code within a district)."""
    units = source.units(edition_in_force(month))
    return units.sort_values(["district_code", "code"], na_position="last", ignore_index=True)


def reporting_grid(reporting: pd.DataFrame, units: pd.DataFrame, months: list) -> pd.DataFrame:
    """Unit × month, indexed by unit code: how many indicators the unit reported (0 where it sent
    nothing). The units that reported least come first, where the committee looks."""
    grid = reporting.pivot_table(index="unit_code", columns="period", values="indicators", aggfunc="sum")
    grid = grid.reindex(index=units["code"], columns=months).fillna(0).astype(int)
    names = dict(zip(units["code"], units["name"], strict=True))
    # Names in the alphabet's order ("Đầm Hà" with the D's, not after "Yên Tử"), marks aside.
    order = sorted(grid.index, key=lambda code: (int(grid.loc[code].sum()), fold(str(names[code]))))
    return grid.loc[order]


def row_names(names: dict[str, str]) -> dict[str, str]:
    """The heatmap's row labels: names without their type ("Hà Tu"), which leave a phone room for the
    months; the full name where two units would otherwise share a label (a row each, never merged)."""
    short = {code: short_name(name) for code, name in names.items()}
    shared = {label for label, count in Counter(short.values()).items() if count > 1}
    return {code: names[code] if label in shared else label for code, label in short.items()}


def missing_units(figures: pd.DataFrame, units: pd.DataFrame, catalogue: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Who is missing what in a month: one row per unit that lacks at least one indicator."""
    names = dict(zip(catalogue["kpi"], catalogue[f"short_{lang}"], strict=True))
    reported = figures.groupby("unit_code")["kpi"].agg(set)
    rows = []
    for code, name, district in zip(units["code"], units["name"], units["district_name"], strict=True):
        lacking = [names[k] for k in catalogue["kpi"] if k not in reported.get(code, set())]
        if lacking:
            text = t("missing_all", lang, n=len(lacking)) if len(lacking) == len(names) else ", ".join(lacking)
            rows.append({"code": code, "name": name, "district": district, "missing": text})
    return pd.DataFrame(rows, columns=["code", "name", "district", "missing"])


def missing_table(missing: pd.DataFrame, lang: str) -> pd.DataFrame:
    """`missing_units` as people read it: headers in the language, no district column on a map without them."""
    if not missing["district"].notna().any():
        missing = missing.drop(columns="district")  # the 2025 map has no districts
    headers = {"code": "col_code", "name": "col_unit", "district": "col_district", "missing": "col_missing"}
    return missing.rename(columns={column: t(key, lang) for column, key in headers.items()})


@dataclass(frozen=True)
class ReportingView:
    month: date
    edition: str
    reported: int  # units with at least one figure this month
    total: int  # units of the map in force (of the scope)
    missing: pd.DataFrame  # `missing_table`: who is missing what
    chart: Chart  # the heatmap of the last twelve months of this map


def reporting_view(source: Reader, month: date, lang: str, within: Iterable[str] | None = None) -> ReportingView:
    """Who reported in `month` (among the units `within`, or all) and over the year before it."""
    edition = edition_in_force(month)
    units = units_in_force(source, month)
    if within is not None:
        units = units[units["code"].isin(set(within))].reset_index(drop=True)
    catalogue = source.indicators()
    figures = source.reported_figures(month)
    reported = int(figures.loc[figures["unit_code"].isin(set(units["code"])), "unit_code"].nunique())
    # The last twelve months on this month's map: months of an earlier map had other units.
    months = [m for m in source.periods() if add_months(month, -11) <= m <= month and edition_in_force(m) == edition][
        ::-1
    ]
    grid = reporting_grid(source.reporting_by_month(edition), units, months)
    first, last = format_month(months[0], lang), format_month(month, lang)
    title = t("completeness_heatmap", lang, first=first, month=last, edition=edition)
    names = dict(zip(units["code"], units["name"], strict=True))
    sample = source.sample_in_view(month)
    rows = grid.rename(index=row_names(names))
    chart = Chart(
        figure=charts.reporting_heatmap(rows, indicators=len(catalogue), title=title, lang=lang),
        data=tables.reporting_data(grid, names, len(catalogue), lang, sample=sample),
        title=title,
        period_text=f"{first} – {last}",
        sample=sample,
        stem=f"reporting-{month_key(month)}",
        lang=lang,
    )
    missing = missing_table(missing_units(figures, units, catalogue, lang), lang)
    return ReportingView(month, edition, reported, len(units), missing, chart)

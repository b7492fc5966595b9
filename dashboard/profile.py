"""A unit's profile: every indicator over time, its rank among units of its type, and what it came from
and became across the reforms. `profile_view` builds the profile page's model."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from core.editions import edition_in_force, months_into
from core.figures import values_of, with_values
from core.formats import format_month, format_value
from core.messages import indicator_name, t
from core.missing import unit_lines
from core.months import month_key
from core.unit_types import type_label
from dashboard import charts, tables
from dashboard.captions import span_text
from dashboard.model import Chart
from warehouse.reader import Reader


def ranks_within_type(month_figures: pd.DataFrame, units: pd.DataFrame, catalogue: pd.DataFrame) -> pd.DataFrame:
    """kpi, unit_code, value, rank (1 = best) and peers (how many units of the same type reported)."""
    kinds = dict(zip(catalogue["kpi"], catalogue["kind"], strict=True))
    frame = month_figures.merge(units[["code", "type"]], left_on="unit_code", right_on="code")
    frame["value"] = values_of(frame["numerator"], frame["denominator"], frame["kpi"].map(kinds))
    grouped = frame.groupby(["kpi", "type"])["value"]
    frame["rank"] = grouped.rank(ascending=False, method="min")
    frame["peers"] = grouped.transform("count")
    return frame[["kpi", "unit_code", "type", "value", "rank", "peers"]]


def _marked(panels: list[tuple[str, str, pd.DataFrame]]) -> bool:
    """Whether some point of the panels is drawn hollow (carried or an estimate) and needs the key."""
    return any(
        frame["estimate"].any() or frame.get("carried", frame["estimate"] & False).any() for _, _, frame in panels
    )


def lineage_lines(lineage: pd.DataFrame, edition: str, code: str, lang: str) -> tuple[list[str], list[str]]:
    """(what it came from, what it became), as sentences."""
    came, became = [], []
    for row in lineage.itertuples(index=False):
        share = f" ({row.share:.0%}, {t('estimate_short', lang)})" if row.estimate and row.share < 1 else ""
        if row.to_edition == edition and row.to_code == code:
            came.append(f"{row.from_name} ({row.from_edition}, {row.from_code}){share}")
        else:
            became.append(f"{row.to_name} ({row.to_edition}, {row.to_code}){share}")
    return came, became


@dataclass(frozen=True)
class Metric:
    """One indicator's figure of the month for the unit, and its rank among units of the same type."""

    kpi: str
    label: str
    value: str
    rank_line: str


@dataclass(frozen=True)
class ProfileView:
    code: str
    name: str
    heading: str
    metrics: list[Metric]  # indicators with a figure this month, reported or carried; empty when none
    reported: bool  # the unit reported some figure this month
    chart: Chart
    has_series: bool  # some indicator has figures up to the month (else there is nothing to download)
    came_from: list[str]
    became: list[str]


def profile_view(source: Reader, month: date, code: str, lang: str) -> ProfileView:
    """Unit `code` of the map in force in `month`."""
    edition = edition_in_force(month)
    units = source.units(edition)
    unit = units.set_index("code").loc[code]
    catalogue = source.indicators()
    ranks = ranks_within_type(source.unit_figures(edition, [month]), units, catalogue)
    mine = ranks[ranks["unit_code"] == code].set_index("kpi")
    metrics = []
    for row in catalogue.itertuples(index=False):
        if row.kpi not in mine.index:
            continue
        figure = mine.loc[row.kpi]
        # A rate of 0/0 (no dossiers at all that month) has no value and so no rank.
        rank = "–" if pd.isna(figure["rank"]) else f"{int(figure['rank'])}/{int(figure['peers'])}"
        line = t("profile_rank_line", lang, rank=rank, type=type_label(str(unit["type"]), lang))
        metrics.append(
            Metric(row.kpi, indicator_name(row, lang, short=True), format_value(figure["value"], row.kind, lang), line)
        )
    panels = []
    # One unit's history, read once (not every unit's, once per indicator); the months in which any unit
    # reported, up to this one, say where a stock it did not report is carried.
    history = source.unit_history(edition, code, month)
    months = [m for m in months_into(edition, source.periods()) if m <= month]
    for row in catalogue.itertuples(index=False):
        own = history[history["kpi"] == row.kpi].drop(columns="kpi")
        series = unit_lines(own, [code], row.kpi, row.aggregation, months)
        if series.empty:
            continue
        panels.append((indicator_name(row, lang, short=True), row.kind, with_values(series, row.kind)))
        kept = series[series["carried"] & (series["period"] == month)]
        if row.kpi not in mine.index and len(kept):  # a stock not reported this month: its carried figure
            value = format_value(with_values(kept, row.kind)["value"].iloc[0], row.kind, lang)
            metrics.append(Metric(row.kpi, indicator_name(row, lang, short=True), value, t("carried_unit_note", lang)))
    order = list(catalogue["kpi"])
    metrics.sort(key=lambda metric: order.index(metric.kpi))
    sample = source.sample_in_view(None)
    title = t("profile_all_indicators", lang, name=unit["name"]) + f" · {format_month(month, lang)}"
    data = tables.profile_data(panels, lang, sample=sample)
    chart = Chart(
        figure=charts.small_multiples(panels, title=title, lang=lang),
        data=data,
        title=title,
        period_text=f"{unit['name']} · {span_text(data[t('month_axis', lang)], lang)}",
        sample=sample,
        stem=f"profile-{code}-{month_key(month)}",
        lang=lang,
        key=t("profile_key", lang) if _marked(panels) else "",
    )
    came, became = lineage_lines(source.lineage(edition, code), edition, code, lang)
    return ProfileView(
        code=code,
        name=str(unit["name"]),
        heading=t(
            "profile_heading",
            lang,
            name=unit["name"],
            district=unit["district_name"] or t("map_of_edition", lang, edition=edition),
        ),
        metrics=metrics,
        reported=not mine.empty,
        chart=chart,
        has_series=bool(panels),
        came_from=came,
        became=became,
    )

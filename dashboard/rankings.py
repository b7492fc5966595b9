"""Rankings against the target: traffic light, gap, change, most improved, and when the target is
reached at the current pace. The rankings page, `python -m reports chart --kind ranking` and the
briefing pack's top and bottom units all come from `ranking_view`."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
from pandas.io.formats.style import Styler

from core.editions import edition_in_force
from core.figures import values_of
from core.formats import format_change, format_month, format_value
from core.messages import t
from core.months import add_months, month_key
from core.targets import status, target_for
from dashboard import captions, charts, style, tables
from dashboard.mapdata import unit_values
from dashboard.model import Chart, indicator
from dashboard.tables import any_estimate
from warehouse.reader import Reader

PACE_MONTHS = 6  # the pace is the average monthly change over the last six months
# The traffic lights of the rankings are the statuses of core.targets (one rule for every page), by colour.
LIGHTS = {"met": "green", "close": "amber", "behind": "red", "none": "none"}


def light(value: float, target: float | None, kind: str) -> str:
    """ "green", "amber", "red" or "none": `core.targets.status` in the rankings' words."""
    return LIGHTS[status(value, target, kind)]


FLAT = 1e-9  # a least-squares slope of equal values is a rounding error away from 0, not progress
HORIZON_MONTHS = 10 * 12  # beyond ten years "at this pace" means nothing to a committee


def pace(values: pd.Series) -> float:
    """Average monthly change of the last PACE_MONTHS months (a least-squares slope)."""
    recent = values.dropna().iloc[-PACE_MONTHS:]
    if len(recent) < 3:
        return float("nan")
    x = np.arange(len(recent), dtype=float)
    return float(np.polyfit(x, recent.to_numpy(float), 1)[0])


def reached_by(value: float, target: float | None, slope: float, month: date) -> date | str | None:
    """The month the target is reached at this pace: "met", a date, "never" (not at this pace), or None."""
    if target is None or pd.isna(value):
        return None
    if value >= target:
        return "met"
    if pd.isna(slope) or slope <= FLAT:
        return "never"
    months = math.ceil((target - value) / slope)
    return add_months(month, months) if months <= HORIZON_MONTHS else "never"


def rankings(
    units: pd.DataFrame,
    series: pd.DataFrame,
    month: date,
    kind: str,
    target: float | None,
    aggregation: str = "flow",
    unit_targets: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """One row per unit, best first: value, rank, target, gap, light, change, change over a year, pace.
    A unit's own target (`unit_targets`, set on the admin page) replaces the province's for that unit."""
    frame = unit_values(units, series, month, kind, aggregation)
    monthly = series.assign(value=values_of(series["numerator"], series["denominator"], kind))
    history = monthly.pivot_table(index="period", columns="unit_code", values="value", aggfunc="first").sort_index()
    year_ago = add_months(month, -12)
    frame["change_year"] = [
        value - history.at[year_ago, code] if year_ago in history.index and code in history.columns else np.nan
        for code, value in zip(frame["code"], frame["value"], strict=True)
    ]
    flagged = set(series.loc[(series["period"] == year_ago) & series["estimate"].astype(bool), "unit_code"])
    frame["change_year_estimate"] = frame["estimate"] | frame["code"].isin(flagged)
    frame["pace"] = [pace(history[code]) if code in history.columns else np.nan for code in frame["code"]]
    own = unit_targets or {}
    wanted = [own.get(code, target) for code in frame["code"]]
    frame["target"] = [np.nan if w is None else w for w in wanted]
    frame["gap"] = frame["value"] - frame["target"]
    frame["light"] = [light(v, w, kind) for v, w in zip(frame["value"], wanted, strict=True)]
    frame["reached"] = [
        reached_by(v, w, p, month) for v, w, p in zip(frame["value"], wanted, frame["pace"], strict=True)
    ]
    return frame.sort_values(["rank", "name"], na_position="last", ignore_index=True)


def most_improved(table: pd.DataFrame, count: int = 5) -> pd.DataFrame:
    """The units that rose most over twelve months; none when nobody rose (no arbitrary "winners")."""
    return table[table["change_year"] > 0].nlargest(count, "change_year")


def _notes(estimates: pd.Series, carried: pd.Series | None, lang: str) -> list[str]:
    kept = carried if carried is not None else [False] * len(estimates)
    return [
        "; ".join(([t("estimate_short", lang)] if e else []) + ([t("carried_short", lang)] if c else []))
        for e, c in zip(estimates, kept, strict=True)
    ]


def light_text(light: str, lang: str) -> str:
    """ "▼ chưa đạt": the light's shape (the chart's marker) and its words, never its colour alone."""
    return f"{style.LIGHT_GLYPHS[light]} {t(f'light_{light}', lang)}" if light != "none" else t("light_none", lang)


def light_styles(table: pd.DataFrame, readable: pd.DataFrame, lang: str) -> Styler:
    """The readable ranking with each light written in its colour (the shape says it without colour)."""
    colours = [f"color: {style.LIGHT_TEXT_COLOURS[light]}" for light in table["light"]]
    column = t("col_light", lang)
    return readable.style.apply(lambda _: colours, subset=[column], axis=0)


def ranking_table(table: pd.DataFrame, kind: str, lang: str) -> pd.DataFrame:
    """The ranking as the committee reads it."""

    def reached(value: object) -> str:
        if value is None:
            return "–"
        if isinstance(value, str):
            return t(f"reached_{value}", lang)
        assert isinstance(value, date)
        return format_month(value, lang)

    return pd.DataFrame(
        {
            t("rank", lang): ["–" if pd.isna(r) else str(int(r)) for r in table["rank"]],
            t("col_unit", lang): table["name"],
            t("col_value", lang): [format_value(v, kind, lang) for v in table["value"]],
            t("col_light", lang): [light_text(light, lang) for light in table["light"]],
            t("col_gap", lang): [format_change(g, kind, lang) for g in table["gap"]],
            t("col_vs_previous", lang): [format_change(c, kind, lang) for c in table["change"]],
            t("col_change_year", lang): [format_change(c, kind, lang) for c in table["change_year"]],
            t("col_reached", lang): [reached(v) for v in table["reached"]],
            t("col_note", lang): _notes(any_estimate(table), table.get("carried"), lang),
        }
    )


@dataclass(frozen=True)
class RankingView:
    chart: Chart
    table: pd.DataFrame  # `rankings`: one row per unit, best first
    target: float | None
    target_text: str
    unranked: list[str]  # names of the units without a figure this month
    improved: pd.DataFrame  # `most_improved`
    kind: str

    @property
    def readable(self) -> pd.DataFrame:
        """The ranking as the committee reads it."""
        return ranking_table(self.table, self.kind, self.chart.lang)

    @property
    def readable_improved(self) -> pd.DataFrame:
        return ranking_table(self.improved, self.kind, self.chart.lang)

    def styled(self, improved: bool = False) -> Styler:
        """`readable` (or `readable_improved`) with the lights in their colours, for the page."""
        table = self.improved if improved else self.table
        return light_styles(table, ranking_table(table, self.kind, self.chart.lang), self.chart.lang)


def ranking_view(source: Reader, month: date, kpi: str, lang: str, within: Iterable[str] | None = None) -> RankingView:
    """Units of the map in force (or only those `within`) ranked on one indicator in `month`."""
    about = indicator(source.indicators(), kpi, lang)
    edition = edition_in_force(month)
    targets = source.province_targets(kpi)
    target = target_for(targets, month.year)
    sample = source.sample_in_view(month)
    units = source.units(edition)
    if within is not None:
        units = units[units["code"].isin(set(within))].reset_index(drop=True)
    series = source.unit_series(kpi, edition, add_months(month, -12), month)
    own = source.unit_targets(kpi, edition, month.year)
    table = rankings(units, series, month, about.kind, target, about.aggregation, own)
    title = t("rankings_title", lang, name=about.name, month=format_month(month, lang))
    chart = Chart(
        figure=charts.ranking_dots(table, kind=about.kind, title=title, lang=lang, target=target),
        data=tables.ranking_data(table, about.kind, lang, sample=sample),
        title=title,
        period_text=captions.ranking_period_text(month, targets, target, about.kind, lang),
        sample=sample,
        stem=f"ranking-{kpi}-{month_key(month)}",
        lang=lang,
    )
    return RankingView(
        chart=chart,
        table=table,
        target=target,
        target_text=captions.target_text(month, targets, target, about.kind, lang),
        unranked=table.loc[table["value"].isna(), "name"].tolist(),
        improved=most_improved(table),
        kind=about.kind,
    )

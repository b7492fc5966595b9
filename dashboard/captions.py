"""The words printed with a chart: titles, notes and the period line under an exported image."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import pandas as pd

from core.formats import format_month, format_quarter, format_value
from core.messages import t
from core.missing import CARRIED, COMPLETE, INCOMPLETE, month_state
from dashboard.model import Indicator


def map_title(name: str, month: date, mode: str, lang: str) -> str:
    key = "map_change_title" if mode == "change" else "map_title"
    return t(key, lang, name=name, month=format_month(month, lang))


def map_legend_title(about: Indicator, mode: str, lang: str) -> str:
    """What the colour bar measures: the indicator's short name, or its change (in points for a rate)."""
    if mode == "change":
        unit = t("export_points", lang) if about.kind == "rate" else "±"
        return t("map_legend_change", lang, unit=unit)
    return f"{about.short} (%)" if about.kind == "rate" else about.short


def map_note(month: date, edition: str, sample: bool, lang: str) -> str:
    badge = f" · {t('sample_badge', lang)}" if sample else ""
    return t("map_note", lang, month=format_month(month, lang), edition=edition, sample=badge)


def map_period_text(month: date, edition: str, units: int, lang: str) -> str:
    return t("export_map_period", lang, month=format_month(month, lang), edition=edition, units=units)


def span_text(periods: Iterable[object], lang: str) -> str:
    """ "01/2022 – 10/2026": the first and last of some months; empty when there are none."""
    months = pd.to_datetime(pd.Series(list(periods), dtype="object"))
    if months.empty:
        return ""
    return f"{format_month(months.min().date(), lang)} – {format_month(months.max().date(), lang)}"


def month_note(state: str, reported: int, carried: int, expected: int, lang: str, short: bool = False) -> str:
    """What a province month rests on, in words ("" for a month every unit reported): for a hover, or
    `short` for an export's note."""
    if state == INCOMPLETE:
        return t("trend_incomplete_short" if short else "trend_incomplete", lang, n=reported, total=expected)
    if state == CARRIED and expected == 1:
        return t("carried_unit_note", lang)  # one unit's own line: its figure is the carried one
    if state == CARRIED:
        return t("trend_carried_short" if short else "trend_carried", lang, n=reported, k=carried, total=expected)
    return ""


def _month_counts(series: pd.DataFrame) -> list[tuple[int, int, int, bool | None]] | None:
    """(reporting, carried, in force, complete) of every month of a province series; None without the
    columns (a series that does not count its units)."""
    if "units_reporting" not in series or "units_in_force" not in series:
        return None
    carried = series["units_carried"] if "units_carried" in series else [0] * len(series)
    complete = series["complete"] if "complete" in series else [None] * len(series)
    columns = (series["units_reporting"], carried, series["units_in_force"], complete)
    return [
        (int(n), int(k), int(total), None if c is None else bool(c)) for n, k, total, c in zip(*columns, strict=True)
    ]


def month_states(series: pd.DataFrame) -> list[str]:
    """`core.missing.month_state` of every month of a province series (all complete without the columns)."""
    counts = _month_counts(series)
    return [COMPLETE] * len(series) if counts is None else [month_state(*count) for count in counts]


def month_notes(series: pd.DataFrame, lang: str, short: bool = False) -> list[str]:
    """`month_note` of every month of a province series ("" where every unit reported)."""
    counts = _month_counts(series)
    if counts is None:
        return [""] * len(series)
    return [
        month_note(month_state(n, k, total, complete), n, k, total, lang, short) for n, k, total, complete in counts
    ]


def target_text(month: date, targets: pd.DataFrame, target: float | None, kind: str, lang: str) -> str:
    """ "Mục tiêu năm 2026: 95,0% (ví dụ)", or that the indicator has no target."""
    if target is None:
        return t("rankings_no_target", lang)
    example = t("example_suffix", lang) if (targets["source"] == "example").all() else ""
    return t("rankings_target", lang, year=month.year, target=format_value(target, kind, lang), example=example)


def ranking_period_text(month: date, targets: pd.DataFrame, target: float | None, kind: str, lang: str) -> str:
    return f"{format_month(month, lang)} · {target_text(month, targets, target, kind, lang)}"


def partial_label(label: str, months: int, frequency: str, lang: str) -> str:
    """ "2026 (10 tháng)": a quarter or year with fewer months of figures says how many it holds."""
    full = 3 if frequency == "quarter" else 12
    return label if months >= full else t("partial_period", lang, label=label, n=months)


def step_label(period: object, months: int, frequency: str, lang: str) -> str:
    """A step of a trend as people name it: "Tháng 03/2024", "Quý 1/2024", "2024", "2026 (10 tháng)"."""
    month = pd.Timestamp(period).date()
    if frequency == "month":
        return format_month(month, lang)
    label = str(month.year) if frequency == "year" else format_quarter(month, lang)
    return partial_label(label, months, frequency, lang)

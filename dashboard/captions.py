"""The words printed with a chart: titles, notes and the period line under an exported image."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import pandas as pd

from core.formats import format_month, format_value
from core.messages import t


def map_title(name: str, month: date, mode: str, lang: str) -> str:
    key = "map_change_title" if mode == "change" else "map_title"
    return t(key, lang, name=name, month=format_month(month, lang))


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

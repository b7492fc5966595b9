"""Numbers and months as each language writes them: 75,4%; 459.326; Tháng 03/2026 in Vietnamese,
75.4%; 459,326; Mar 2026 in English. Every number on a page, in an export or in a briefing goes
through here."""

from __future__ import annotations

import math
from datetime import date

from core.messages import t

_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
NO_FIGURE = "–"


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def separators(lang: str) -> tuple[str, str]:
    """(thousands, decimal) separators."""
    return (".", ",") if lang == "vi" else (",", ".")


def plotly_separators(lang: str) -> str:
    """plotly's `separators` layout setting: decimal mark first, then the thousands separator."""
    thousands, decimal = separators(lang)
    return decimal + thousands


def format_number(value: float | None, lang: str, decimals: int = 0, sign: bool = False) -> str:
    if _missing(value):
        return NO_FIGURE
    thousands, decimal = separators(lang)
    value = round(value, decimals) + 0.0  # type: ignore[arg-type]  # -0.0004 shows as "+0,0", never "-0,0"
    text = f"{value:{'+' if sign else ''},.{decimals}f}"
    # Swap through a placeholder so "," and "." do not overwrite each other.
    return text.replace(",", "\0").replace(".", decimal).replace("\0", thousands)


def format_percent(fraction: float | None, lang: str, decimals: int = 1) -> str:
    if _missing(fraction):
        return NO_FIGURE
    return format_number(fraction * 100, lang, decimals) + "%"  # type: ignore[operator]


def points_unit(lang: str) -> str:
    """What a change of a rate is counted in: "điểm %" / "pp"."""
    return t("export_points", lang)


def format_points(delta: float | None, lang: str, decimals: int = 1, sign: bool = True) -> str:
    """A change of a rate, in percentage points ("+1,2 điểm %" / "+1.2 pp")."""
    if _missing(delta):
        return NO_FIGURE
    return f"{format_number(delta * 100, lang, decimals, sign=sign)} {points_unit(lang)}"  # type: ignore[operator]


def format_month(month: date, lang: str) -> str:
    if lang == "vi":
        return f"Tháng {month.month:02d}/{month.year}"
    return f"{_MONTHS_EN[month.month - 1]} {month.year}"


def format_quarter(month: date, lang: str) -> str:
    """The quarter a month falls in: "Quý 1/2024", "Q1 2024"."""
    quarter = (month.month - 1) // 3 + 1
    return f"Quý {quarter}/{month.year}" if lang == "vi" else f"Q{quarter} {month.year}"


def format_value(value: float | None, kind: str, lang: str) -> str:
    return format_percent(value, lang) if kind == "rate" else format_number(value, lang)


def format_change(delta: float | None, kind: str, lang: str) -> str:
    return format_points(delta, lang) if kind == "rate" else format_number(delta, lang, sign=True)


class Number:
    """A number inside a message, written the way each language writes it when the message is said
    (`core.messages.t` asks it `in_language`): a rate as a percentage, a whole number grouped, any other
    number with up to three decimals."""

    def __init__(self, value: float, kind: str = "count") -> None:
        self.value, self.kind = float(value), kind

    def in_language(self, lang: str) -> str:
        if self.kind == "rate":
            return format_percent(self.value, lang)
        if self.value.is_integer():
            return format_number(self.value, lang)
        return format_number(self.value, lang, 3).rstrip("0")


class Month:
    """A month inside a message, written each language's way when the message is said."""

    def __init__(self, month: date) -> None:
        self.month = month

    def in_language(self, lang: str) -> str:
        return format_month(self.month, lang)


def value_tickformat(kind: str) -> str:
    """The d3 format of a value axis: whole percents for rates, grouped whole numbers for counts."""
    return ".0%" if kind == "rate" else ",d"

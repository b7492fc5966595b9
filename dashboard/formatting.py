"""Numbers and months the Vietnamese way (75,4%; 459.326) or the English way (75.4%; 459,326)."""

from __future__ import annotations

import math
from datetime import date

LANGUAGES = ("vi", "en")
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _separators(lang: str) -> tuple[str, str]:
    """(thousands, decimal) separators."""
    return (".", ",") if lang == "vi" else (",", ".")


def format_number(value: float | None, lang: str, decimals: int = 0, sign: bool = False) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    thousands, decimal = _separators(lang)
    value = round(value, decimals) + 0.0  # -0.0004 shows as "+0,0", never as "-0,0"
    text = f"{value:{'+' if sign else ''},.{decimals}f}"
    # Swap through a placeholder so "," and "." do not overwrite each other.
    return text.replace(",", "\0").replace(".", decimal).replace("\0", thousands)


def format_percent(fraction: float | None, lang: str, decimals: int = 1) -> str:
    if fraction is None or (isinstance(fraction, float) and math.isnan(fraction)):
        return "–"
    return format_number(fraction * 100, lang, decimals) + "%"


def format_points(delta: float | None, lang: str, decimals: int = 1) -> str:
    """A change of a rate, in percentage points ("+1,2 điểm %" / "+1.2 pp")."""
    if delta is None or (isinstance(delta, float) and math.isnan(delta)):
        return "–"
    unit = " điểm %" if lang == "vi" else " pp"
    return format_number(delta * 100, lang, decimals, sign=True) + unit


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

"""A short narrative per indicator, written from the figures only: level, changes, target, units behind.

Pure: numbers in, two or three sentences out, in the project's number formatting (75,4%; 459.326 in
Vietnamese, 75.4%; 459,326 in English). Nothing is said that the figures do not show.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from dashboard.formatting import format_month, format_number, format_value


@dataclass(frozen=True)
class Facts:
    """What the narrative may speak of, for one indicator in one month and one place."""

    name: str  # indicator name in the narrative's language
    kind: str  # "rate" (a fraction) or "count"
    month: date
    place: str  # "Toàn tỉnh", a district's or a unit's name
    value: float
    change_previous: float = math.nan
    change_last_year: float = math.nan
    target: float | None = None
    example_target: bool = False
    units_below: int | None = None  # units of the place below the target (None: not counted)
    units_total: int = 0  # units of the place with a figure this month
    rank: tuple[int, int] | None = None  # (rank, of how many) for a single unit


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _rounded(delta: float, kind: str) -> float:
    """The change as it is printed (a tenth of a point, or a whole count), so "unchanged" matches the text."""
    return round(delta * 100, 1) if kind == "rate" else round(delta)


def _amount(delta: float, kind: str, lang: str) -> str:
    """The size of a change without its sign: "1,2 điểm %" / "1.2 pp", or a count."""
    if kind == "rate":
        return format_number(abs(delta) * 100, lang, 1) + (" điểm %" if lang == "vi" else " pp")
    return format_number(abs(delta), lang)


def _change(delta: float, kind: str, lang: str, against: str) -> str | None:
    """ "tăng 1,2 điểm % so với tháng trước" / "up 1.2 pp on the previous month"; None without a figure."""
    if _missing(delta):
        return None
    vi = lang == "vi"
    rounded = _rounded(delta, kind)
    if rounded == 0:
        return f"không đổi so với {against}" if vi else f"unchanged on {against}"
    if vi:
        return f"{'tăng' if rounded > 0 else 'giảm'} {_amount(delta, kind, lang)} so với {against}"
    return f"{'up' if rounded > 0 else 'down'} {_amount(delta, kind, lang)} on {against}"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def _level(facts: Facts, lang: str) -> str:
    month = format_month(facts.month, lang)
    month = _lower_first(month) if lang == "vi" else month
    value = format_value(facts.value, facts.kind, lang)
    previous = "tháng trước" if lang == "vi" else "the previous month"
    last_year = "cùng kỳ năm trước" if lang == "vi" else "the same month last year"
    changes = [
        text
        for text in (
            _change(facts.change_previous, facts.kind, lang, previous),
            _change(facts.change_last_year, facts.kind, lang, last_year),
        )
        if text
    ]
    joined = (" và " if lang == "vi" else " and ").join(changes)
    if lang == "vi":
        return f"{facts.place}, {month}: {_lower_first(facts.name)} đạt {value}" + (f", {joined}." if joined else ".")
    return f"{facts.place}, {month}: {facts.name} stood at {value}" + (f", {joined}." if joined else ".")


def _target(facts: Facts, lang: str) -> str:
    if facts.target is None:
        return "Chưa có mục tiêu cho chỉ tiêu này." if lang == "vi" else "No target is set for this indicator."
    year = facts.month.year
    target = format_value(facts.target, facts.kind, lang)
    if facts.example_target:
        target += " – mục tiêu ví dụ" if lang == "vi" else ", an example target"
    if facts.value >= facts.target:
        return (
            f"Đã đạt mục tiêu năm {year} ({target})." if lang == "vi" else f"That meets the {year} target ({target})."
        )
    gap = _amount(facts.target - facts.value, facts.kind, lang)
    if gap == _amount(0.0, facts.kind, lang):  # short by less than the figures show: never "0,0 điểm % short"
        smallest = _amount(0.001 if facts.kind == "rate" else 1.0, facts.kind, lang)
        if lang == "vi":
            return f"Sát mục tiêu năm {year} ({target}): còn thiếu chưa đến {smallest}."
        return f"Just short of the {year} target ({target}): less than {smallest} to go."
    if lang == "vi":
        return f"Còn thiếu {gap} so với mục tiêu năm {year} ({target})."
    return f"That is {gap} short of the {year} target ({target})."


def _units(facts: Facts, lang: str) -> str | None:
    """How many units are behind, or a single unit's rank; None when neither is known."""
    if facts.rank is not None:
        rank, total = facts.rank
        return f"Xếp thứ {rank}/{total} đơn vị trong tỉnh." if lang == "vi" else f"It ranks {rank} of {total} units."
    if facts.target is None or facts.units_below is None or facts.units_total == 0:
        return None
    total = format_number(facts.units_total, lang)
    if facts.units_below == 0:
        if lang == "vi":
            return f"Tất cả {total} đơn vị có số liệu đều đạt mục tiêu."
        return f"All {total} units with a figure meet the target."
    below = format_number(facts.units_below, lang)
    return f"{below}/{total} đơn vị chưa đạt mục tiêu." if lang == "vi" else f"{below} of {total} units are below it."


def narrative(facts: Facts, lang: str) -> str:
    """Two or three sentences: the level and its changes; the target; the units behind (or the rank)."""
    if _missing(facts.value):
        month = format_month(facts.month, lang)
        if lang == "vi":
            return f"{facts.place}: chưa có số liệu {_lower_first(facts.name)} {_lower_first(month)}."
        return f"{facts.place}: no figure for {facts.name} in {month}."
    sentences = [_level(facts, lang), _target(facts, lang), _units(facts, lang)]
    return " ".join(s for s in sentences if s)

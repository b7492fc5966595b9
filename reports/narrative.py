"""A short narrative per indicator, written from the figures only: level, changes, target, units behind.

Pure: numbers in, two or three sentences out, in the project's number formatting (75,4%; 459.326 in
Vietnamese, 75.4%; 459,326 in English); the sentences are the `narrative.*` entries of
core/messages.toml. Nothing is said that the figures do not show.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from core.formats import format_month, format_number, format_points, format_value
from core.messages import t


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
    not_reported: tuple[str, ...] = ()  # names of the place's units that sent no figure this month
    carried: bool = False  # their last reported figure is kept (a stock), rather than left out (a flow)


NAMED = 5  # units named in a sentence before "and N more"


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _inside(text: str, lang: str) -> str:
    """A name or month inside a Vietnamese sentence starts lower-case ("tháng 06/2023"); English keeps it."""
    return text[:1].lower() + text[1:] if text and lang == "vi" else text


def _rounded(delta: float, kind: str) -> float:
    """The change as it is printed (a tenth of a point, or a whole count), so "unchanged" matches the text."""
    return round(delta * 100, 1) if kind == "rate" else round(delta)


def _amount(delta: float, kind: str, lang: str) -> str:
    """The size of a change without its sign: "1,2 điểm %" / "1.2 pp", or a count."""
    return format_points(abs(delta), lang, sign=False) if kind == "rate" else format_number(abs(delta), lang)


def _change(delta: float, kind: str, lang: str, against: str) -> str | None:
    """ "tăng 1,2 điểm % so với tháng trước" / "up 1.2 pp on the previous month"; None without a figure."""
    if _missing(delta):
        return None
    rounded = _rounded(delta, kind)
    if rounded == 0:
        return t("narrative.unchanged", lang, against=against)
    key = "narrative.up" if rounded > 0 else "narrative.down"
    return t(key, lang, amount=_amount(delta, kind, lang), against=against)


def _level(facts: Facts, lang: str) -> str:
    changes = [
        text
        for text in (
            _change(facts.change_previous, facts.kind, lang, t("narrative.previous", lang)),
            _change(facts.change_last_year, facts.kind, lang, t("narrative.last_year", lang)),
        )
        if text
    ]
    level = t(
        "narrative.level",
        lang,
        place=facts.place,
        month=_inside(format_month(facts.month, lang), lang),
        name=_inside(facts.name, lang),
        value=format_value(facts.value, facts.kind, lang),
    )
    joined = t("narrative.and", lang).join(changes)
    return f"{level}, {joined}." if joined else f"{level}."


def _target(facts: Facts, lang: str) -> str:
    if facts.target is None:
        return t("narrative.no_target", lang)
    year = facts.month.year
    target = format_value(facts.target, facts.kind, lang)
    if facts.example_target:
        target += t("narrative.example_target", lang)
    if facts.value >= facts.target:
        return t("narrative.target_met", lang, year=year, target=target)
    gap = _amount(facts.target - facts.value, facts.kind, lang)
    if gap == _amount(0.0, facts.kind, lang):  # short by less than the figures show: never "0,0 điểm % short"
        smallest = _amount(0.001 if facts.kind == "rate" else 1.0, facts.kind, lang)
        return t("narrative.target_close", lang, year=year, target=target, smallest=smallest)
    return t("narrative.target_gap", lang, gap=gap, year=year, target=target)


def _units(facts: Facts, lang: str) -> str | None:
    """How many units are behind, or a single unit's rank; None when neither is known."""
    if facts.rank is not None:
        rank, total = facts.rank
        return t("narrative.rank", lang, rank=rank, total=total)
    if facts.target is None or facts.units_below is None or facts.units_total == 0:
        return None
    units = format_number(facts.units_total, lang)
    if facts.units_below == 0:
        return t("narrative.all_meet", lang, total=units)
    return t("narrative.below", lang, below=format_number(facts.units_below, lang), total=units)


def _not_reported(facts: Facts, lang: str) -> str | None:
    """Who sent no figure, and what that does to the figure above; None when everyone reported."""
    if not facts.not_reported:
        return None
    names = ", ".join(facts.not_reported[:NAMED])
    if len(facts.not_reported) > NAMED:
        names += t("narrative.more", lang, n=len(facts.not_reported) - NAMED)
    return t(
        "narrative.not_reported_carried" if facts.carried else "narrative.not_reported_left_out", lang, names=names
    )


def sentences(facts: Facts, lang: str) -> list[str]:
    """Up to four sentences: the level and its changes; the target; the units behind (or the rank); the
    units that did not report. A slide shows them as bullets, the PDF as one paragraph."""
    if _missing(facts.value):
        month = _inside(format_month(facts.month, lang), lang)
        return [t("narrative.no_figure", lang, place=facts.place, name=_inside(facts.name, lang), month=month)]
    said = [_level(facts, lang), _target(facts, lang), _units(facts, lang), _not_reported(facts, lang)]
    return [s for s in said if s]


def narrative(facts: Facts, lang: str) -> str:
    """The sentences as one paragraph."""
    return " ".join(sentences(facts, lang))

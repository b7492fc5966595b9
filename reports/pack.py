"""What a briefing pack shows, already in its language: `reports.briefing` fills it, `reports.pdf` and
`reports.pptx` only lay it out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

import pandas as pd

from core.formats import format_month
from core.messages import t


@dataclass(frozen=True)
class Scope:
    """What the pack covers: the province, a district or a unit, and its units on the map in force."""

    level: str  # "province" | "district" | "unit"
    code: str | None
    name: str
    codes: tuple[str, ...]


@dataclass(frozen=True)
class Ranked:
    rank: int
    name: str
    value: str


@dataclass(frozen=True)
class RankedList:
    """A titled list of units (the top five, or the lowest five below their target); `empty` says why
    there are none ("every unit met the target"), so a layout never shows a bare heading."""

    title: str
    rows: list[Ranked]
    empty: str = ""


@dataclass(frozen=True)
class Picture:
    """A chart rendered as PNG for one box of the page; the layout fits it by its own proportions."""

    png: bytes
    width: int  # pixels
    height: int

    @property
    def aspect(self) -> float:
        return self.width / self.height


@dataclass(frozen=True)
class Box:
    """Where a picture goes, in inches on the page or slide. `text_scale` > 1 draws the chart's text larger
    than print size (a slide is read from across a room)."""

    width: float
    height: float
    text_scale: float = 1.0


@dataclass(frozen=True)
class Boxes:
    """The boxes a layout keeps for the map and the trend: the pictures are drawn to fit them."""

    map: Box
    trend: Box


@dataclass
class Section:
    """One indicator: its narrative, map and trend pictures and the top and lowest units.

    Each chart is named once, by the page: the pictures carry no title, period or source of their own."""

    kpi: str
    name: str
    sentences: list[str]  # the narrative, a sentence each (bullets on a slide, a paragraph in the PDF)
    map: Picture
    trend: Picture
    key: str  # what the map's marks mean (grey: no figure…), said under it
    top: RankedList
    lowest: RankedList  # below target when the indicator has one; else simply the lowest
    own: Ranked | None  # a unit's own place, when the pack is about one unit
    ranked: int  # how many units the ranking has
    map_key: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)  # see Briefing.map_key

    @property
    def narrative(self) -> str:
        return " ".join(self.sentences)


@dataclass
class Briefing:
    """Everything a pack shows, in its language."""

    lang: str
    month: date
    scope: Scope
    edition: str
    sample: bool
    summary: pd.DataFrame  # formatted text, headers in the pack's language
    sections: list[Section]
    reported: int  # units of the scope with at least one figure this month
    missing: pd.DataFrame  # who is missing what, headers in the pack's language
    notes: list[str]
    # The map's key: per district (an empty name when the map has none), each unit's label and name, for
    # the labels that are abbreviations or numbers; printed once, on its own page, for every map
    map_key: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)
    produced: datetime = field(default_factory=datetime.now)

    def text(self, key: str, **values: object) -> str:
        return t(key, self.lang, **values)

    @property
    def month_text(self) -> str:
        return format_month(self.month, self.lang)

    @property
    def sample_mark(self) -> str:
        return self.text("briefing_sample_mark")

    @property
    def running_title(self) -> str:
        """The line at the foot of every page or slide."""
        return f"{self.text('briefing_title')} · {self.scope.name} · {self.month_text}"


HEADER_LINES = 2  # a header wraps to about this many lines ("Đơn vị / báo cáo", not a word a line)


def column_widths(
    frame: pd.DataFrame, total: float, measure: Callable[[str, bool], float], padding: float
) -> list[float]:
    """Each column's width in a table `total` wide, so the PDF and the slides lay out any table without
    knowing its columns: as wide as its longest value, its header's longest word and half its header
    (`measure` gives a text's width in the layout's unit and font, bold for the header), so short figures
    never break; when that is too wide, only the widest columns (indicator names, the missing indicators)
    are narrowed to wrap; any room left over is shared in proportion."""
    need = []
    for column in frame.columns:
        value = max((measure(str(v), False) for v in frame[column]), default=0.0)
        word = max((measure(w, True) for w in str(column).split()), default=0.0)
        header = measure(str(column), True) / HEADER_LINES
        need.append(max(value, word, header) + padding)
    if sum(need) <= total:
        return [n * total / sum(need) for n in need]
    cap = _level(need, total)
    return [min(n, cap) for n in need]


def _level(need: list[float], total: float) -> float:
    """The width above which columns are cut so that all of them add up to `total` (water-filling)."""
    remaining, left = total, len(need)
    for width in sorted(need):
        if width * left > remaining:
            return remaining / left
        remaining, left = remaining - width, left - 1
    return max(need)

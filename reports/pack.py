"""What a briefing pack shows, already in its language: `reports.briefing` fills it, `reports.pdf` and
`reports.pptx` only lay it out."""

from __future__ import annotations

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


@dataclass
class Section:
    """One indicator: its narrative, map and trend pictures and the top and bottom units."""

    kpi: str
    name: str
    narrative: str
    map_png: bytes
    trend_png: bytes
    top: list[Ranked]
    bottom: list[Ranked]
    own: Ranked | None  # a unit's own place, when the pack is about one unit
    ranked: int  # how many units the ranking has


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


def column_shares(frame: pd.DataFrame) -> list[float]:
    """Each column's share of a table's width, from what it holds (a header wraps, so it counts less than
    a value), so the PDF and the slides lay out any table without knowing its columns."""
    weights = []
    for column in frame.columns:
        longest = max((len(str(v)) for v in frame[column]), default=0)
        weights.append(min(60, max(9, min(len(str(column)), 14), longest)))
    total = sum(weights)
    return [w / total for w in weights]

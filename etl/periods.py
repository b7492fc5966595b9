"""Finding the report month in a title, a period line or a file name.

Analysts' files name their month in many ways ("Tháng 3 năm 2024", "tháng 03/2024", "T3/2024",
"03/2024", "2024-03", "BC_CDS_202403.xlsx", "tháng 12.2023"). A text can hold several dates, so every
candidate gets a rank and the best-ranked one wins; within a rank the first one in the text wins:

1. explicit month words: "tháng 3 năm 2024", "tháng 03/2024", "tháng 12.2023", "tháng III năm 2024",
   "T3/2024", "T03-2024";
2. month and year alone: "03/2024", "3-2024", "2024-03", "2024/3";
3. a compact year-month in a file name: "202403";
4. a full date, taken as its month: "31/3/2024", "2024-03-31", and "ngày 31 tháng 3 năm 2024" (the
   date a report was signed, which is usually the month after the period it reports).

So "BÁO CÁO ... THÁNG 3 NĂM 2024 (số liệu đến 31/3/2024)" is March 2024 through rule 1, and a
signature line "Hạ Long, ngày 05 tháng 4 năm 2024" loses to any period line when the caller ranks
several cells by their `PeriodMatch.rank`.

Never a period: a legal document number "Quyết định số 12/2024/QĐ-UBND" (number/year/type code, or
a number/year right after "số"), a quarter "quý 1/2024", a month outside 1–12, a year outside
2000–2100, a day that does not exist ("31/2/2024"). A candidate that fails these checks is dropped and
the other candidates in the text still count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from core.months import valid_month
from core.text import fold

RANK_MONTH_WORD, RANK_MONTH_YEAR, RANK_COMPACT, RANK_FULL_DATE = 1, 2, 3, 4

_ROMAN = {
    "i": 1,
    "ii": 2,
    "iii": 3,
    "iv": 4,
    "v": 5,
    "vi": 6,
    "vii": 7,
    "viii": 8,
    "ix": 9,
    "x": 10,
    "xi": 11,
    "xii": 12,
}
_MONTH = r"(?P<month>\d{1,2}|xii|xi|ix|x|viii|vii|vi|iv|v|iii|ii|i)"
_YEAR = r"(?P<year>\d{4})"
# Not the tail of a longer number or date ("31/3/2024" holds no month "3/2024").
_FREE = r"(?<!\d)(?<!\d[/.\-])"

# Patterns run on folded text: no diacritics, lower case ("THÁNG" → "thang", "NĂM" → "nam").
# Order matters: a span read by an earlier pattern is not read again by a later one.
_PATTERNS: tuple[tuple[int, re.Pattern[str]], ...] = (
    # "ngày 31 tháng 3 năm 2024" first, so its "tháng 3 năm 2024" is not read as a period line.
    (RANK_FULL_DATE, re.compile(rf"ngay\s*(?P<day>\d{{1,2}})\s*,?\s*thang\s*{_MONTH}\s*(?:,?\s*nam|[/.\-])\s*{_YEAR}")),
    (RANK_MONTH_WORD, re.compile(rf"thang\s*{_MONTH}(?![a-z])\s*(?:,?\s*nam|[/.\-,]|\s)\s*{_YEAR}(?!\d)")),
    (RANK_MONTH_WORD, re.compile(rf"(?<![a-z0-9])t\s*(?P<month>\d{{1,2}})\s*[/.\-_]\s*{_YEAR}(?!\d)")),
    # Full dates before month/year, so "31/3/2024" is not read again as "3/2024".
    (RANK_FULL_DATE, re.compile(rf"{_FREE}(?P<day>\d{{1,2}})\s*([/.\-])\s*(?P<month>\d{{1,2}})\s*\2\s*{_YEAR}(?!\d)")),
    (RANK_FULL_DATE, re.compile(r"(?<!\d)(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?!\d)")),
    (RANK_FULL_DATE, re.compile(r"(?<!\d)(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})(?!\d)")),
    # "/" right after the year ("12/2024/QĐ-UBND") is a document number; "03/2024.xlsx" is fine.
    (RANK_MONTH_YEAR, re.compile(rf"{_FREE}(?P<month>\d{{1,2}})\s*[/\-]\s*{_YEAR}(?!\d|\s*/|\s*[.\-]\s*\d)")),
    (RANK_MONTH_YEAR, re.compile(rf"{_FREE}{_YEAR}\s*[/\-]\s*(?P<month>\d{{1,2}})(?!\d|\s*[/.\-]\s*\d)")),
    (RANK_COMPACT, re.compile(r"(?<!\d)(?P<year>\d{4})_?(?P<month>\d{2})(?!\d)")),
)
# "số 12/2024" is a document number and "quý 1/2024" a quarter: checked on the text just before a candidate.
_NOT_A_MONTH_BEFORE = re.compile(r"(?:^|[^a-z])(?:so|quy)\s*:?\s*$")


@dataclass(frozen=True)
class PeriodMatch:
    period: date  # first day of the month
    rank: int  # 1 best … 4 weakest (see the module docstring)
    position: int  # where in the text the candidate starts
    source: str  # the words that named it, as folded text


def find_period(text: str | date) -> date | None:
    """First day of the month a text names, or None. See the module docstring for the rules."""
    if isinstance(text, datetime):
        return date(text.year, text.month, 1)
    if isinstance(text, date):
        return date(text.year, text.month, 1)
    match = find_period_match(text)
    return match.period if match else None


def find_period_match(text: str) -> PeriodMatch | None:
    """The best candidate in a text, with its rank so a caller can weigh several cells."""
    candidates = period_candidates(text)
    return min(candidates, key=lambda c: (c.rank, c.position)) if candidates else None


def period_candidates(text: str) -> list[PeriodMatch]:
    """Every valid month named in the text, with the rank of the form that named it."""
    if not isinstance(text, str) or not text.strip():
        return []
    folded = fold(text)
    taken: list[tuple[int, int]] = []  # spans already read, so "tháng 3/2024" is not read again as "3/2024"
    found: list[PeriodMatch] = []
    for rank, pattern in _PATTERNS:
        for m in pattern.finditer(folded):
            if any(m.start() < end and start < m.end() for start, end in taken):
                continue
            taken.append(m.span())
            if rank in (RANK_MONTH_YEAR, RANK_COMPACT) and _NOT_A_MONTH_BEFORE.search(folded[: m.start()]):
                continue
            period = _month_start(m.group("year"), m.group("month"), m.groupdict().get("day"))
            if period is not None:
                found.append(PeriodMatch(period, rank, m.start(), m.group(0)))
    return found


def _month_start(year_text: str, month_text: str, day_text: str | None = None) -> date | None:
    month = valid_month(int(year_text), _ROMAN.get(month_text) or (int(month_text) if month_text.isdigit() else 0))
    if month is None:
        return None
    if day_text is not None:
        try:  # a full date must be a real one: 31/2/2024 is nothing
            date(month.year, month.month, int(day_text))
        except ValueError:
            return None
    return month

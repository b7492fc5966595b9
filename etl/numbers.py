"""Reading analysts' numbers: numeric cells, or text in the Vietnamese or the English convention.

Vietnamese writes 459.326 and 75,4 (dot groups thousands, comma marks decimals); English writes
459,326 and 75.4. Most texts say which convention they follow:

- both separators: the last one is the decimal mark ("1.234,5" vi, "1,234.5" en);
- one separator repeated: it groups thousands ("1.234.567" vi, "1,234,567" en);
- one separator that cannot group thousands (not followed by exactly 3 digits, or after a leading 0
  or more than 3 digits): it is the decimal mark ("75,4" vi, "75.4" en, "0.754" en).

Only one shape is ambiguous: a single separator followed by exactly three digits ("459.326",
"1,234"). A file's other values settle it (`infer_convention`); when nothing does, the Vietnamese
reading is taken, since this is a Vietnamese province, and the figure is flagged `ambiguous` so the
caller can warn. A text whose shape is decisive is read by its shape even in a file of the other
convention: it has only one possible reading.

Blanks, dashes ("-", "–", "—") and "x" mean "no figure" (value None, no error). Spaces of any kind
are ignored around signs, separators and "%"; between digits they must group thousands ("459 326").
Negative numbers are read as such: refusing them is the checks' job, with a message of their own.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

VI, EN = "vi", "en"
CONVENTIONS = (VI, EN)
NOT_A_NUMBER = "not_a_number"

# What people write for "no figure": nothing, a dash of any length, an "x".
_NO_VALUE = {"", "-", "--", "–", "—", "‒", "―", "−", "x", "X"}
# Spaces people (and Excel exports) leave inside numbers: regular, non-breaking, thin, narrow.
_SPACES = re.compile(r"[\s\u00a0\u2007\u2009\u202f]+")
_LOOSE_SPACE = re.compile(rf"(?<!\d){_SPACES.pattern}|{_SPACES.pattern}(?!\d)")  # not between two digits
_SPACE_GROUPED = re.compile(rf"[+\-−–]?\d{{1,3}}(?:{_SPACES.pattern}\d{{3}})+(?:[.,]\d+)?%?")
_NUMBER_SHAPE = re.compile(r"[+-]?[\d.,]*\d[\d.,]*")


@dataclass(frozen=True)
class ParsedNumber:
    value: float | None  # None: no figure (blank, dash) or not a number (see `error`)
    is_percent: bool = False  # written with "%": value is in percent (75,4% → 75.4)
    ambiguous: bool = False  # read by the Vietnamese default, the text allowed another reading
    error: str | None = None  # "not_a_number"


@dataclass(frozen=True)
class ConventionEvidence:
    """How many text values of a file can only be read one way, per convention."""

    vi: int
    en: int
    ambiguous: int  # "459.326"-shaped: readable both ways

    @property
    def convention(self) -> str | None:
        """The majority; None when there is no decisive value or a tie."""
        if self.vi > self.en:
            return VI
        if self.en > self.vi:
            return EN
        return None

    @property
    def conflicting(self) -> bool:
        """Both conventions occur in one file: worth a warning even when the majority decides."""
        return self.vi > 0 and self.en > 0


def infer_convention(texts: Iterable[str]) -> str | None:
    """The convention of one file's text values: "vi", "en" or None (undecidable); see `convention_evidence`."""
    return convention_evidence(texts).convention


def convention_evidence(texts: Iterable[str]) -> ConventionEvidence:
    """Count the decisive values of each convention; a caller reports `conflicting` evidence."""
    vi = en = ambiguous = 0
    for text in texts:
        if not isinstance(text, str):
            continue  # numeric cells carry no separators
        core = _core(text)[0]
        if core is None:
            continue
        vi_value, en_value = _read(core, group=".", decimal=","), _read(core, group=",", decimal=".")
        if vi_value is not None and en_value is None:
            vi += 1
        elif en_value is not None and vi_value is None:
            en += 1
        elif vi_value is not None and en_value is not None and vi_value != en_value:
            ambiguous += 1
    return ConventionEvidence(vi, en, ambiguous)


def parse_number(value: object, convention: str | None) -> ParsedNumber:
    """One cell → a number. `convention` ("vi", "en" or None) settles "459.326"-shaped text."""
    if convention not in (None, *CONVENTIONS):
        raise ValueError(f"convention must be 'vi', 'en' or None, not {convention!r}")
    if value is None:
        return ParsedNumber(None)
    if isinstance(value, bool):  # a TRUE/FALSE cell is not a figure, although bool is an int
        return ParsedNumber(None, error=NOT_A_NUMBER)
    if isinstance(value, int | float | Decimal):
        number = float(value)
        # An empty cell reaches here as None: a NaN or an infinity is a value that is not a number.
        return ParsedNumber(number) if math.isfinite(number) else ParsedNumber(None, error=NOT_A_NUMBER)
    if not isinstance(value, str):
        return ParsedNumber(None, error=NOT_A_NUMBER)  # a date, a time: not a figure
    return _parse_text(value, convention)


def _parse_text(text: str, convention: str | None) -> ParsedNumber:
    compact = _SPACES.sub("", text)
    if compact in _NO_VALUE:
        return ParsedNumber(None)
    core, sign, is_percent = _core(text)
    if core is None:
        return ParsedNumber(None, error=NOT_A_NUMBER)
    vi_value, en_value = _read(core, group=".", decimal=","), _read(core, group=",", decimal=".")
    ambiguous = False
    if vi_value is None and en_value is None:
        return ParsedNumber(None, error=NOT_A_NUMBER)
    if vi_value is None or en_value is None or vi_value == en_value:
        number = vi_value if vi_value is not None else en_value  # the shape allows one reading
    elif convention == EN:
        number = en_value
    else:
        number, ambiguous = vi_value, convention is None
    assert number is not None
    return ParsedNumber(sign * number, is_percent=is_percent, ambiguous=ambiguous)


def _core(text: str) -> tuple[str | None, int, bool]:
    """(digits and separators, sign, had a % sign); core None when the text is not number-shaped."""
    compact = _drop_spaces(text.strip())
    if compact is None:
        return None, 1, False
    compact = compact.replace("−", "-").replace("–", "-")  # a minus sign or an en dash before digits: minus
    is_percent = compact.endswith("%")
    if is_percent:
        compact = compact[:-1]
    if not _NUMBER_SHAPE.fullmatch(compact):
        return None, 1, is_percent
    sign = -1 if compact.startswith("-") else 1
    return compact.lstrip("+-"), sign, is_percent


def _drop_spaces(text: str) -> str | None:
    """Spaces go, but a space between digits must group thousands ("459 326"); "75 4" is no number."""
    text = _LOOSE_SPACE.sub("", text)
    if _SPACES.search(text) is None:
        return text
    return _SPACES.sub("", text) if _SPACE_GROUPED.fullmatch(text) else None


def _read(core: str, *, group: str, decimal: str) -> float | None:
    """The value under one convention, or None when the text is malformed in it."""
    if core.count(decimal) > 1:
        return None
    whole, _, fraction = core.partition(decimal)
    if group in fraction:
        return None  # a thousands separator after the decimal mark
    if group in whole:
        groups = whole.split(group)
        first_ok = 1 <= len(groups[0]) <= 3 and not groups[0].startswith("0")
        if not first_ok or any(len(g) != 3 for g in groups[1:]):
            return None
        whole = "".join(groups)
    if not whole and not fraction:
        return None
    return float(f"{whole or '0'}.{fraction or '0'}")

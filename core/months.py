"""Months: every figure belongs to a month, held as the date of its first day ("period" in the SQL)."""

from __future__ import annotations

import re
from datetime import date, datetime

from core.errors import UsageError

FIRST_YEAR, LAST_YEAR = 2000, 2100  # a month outside these years is a typo, not a report


def first_of_month(value: date | datetime) -> date:
    return date(value.year, value.month, 1)


def add_months(month: date, months: int) -> date:
    """The first day of the month `months` after (or, negative, before) `month`."""
    index = month.year * 12 + month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def previous_month(month: date) -> date:
    return add_months(month, -1)


def same_month_last_year(month: date) -> date:
    return add_months(month, -12)


def comparison_months(month: date) -> list[date]:
    """The month and the two it is compared with: the month before and the same month a year earlier."""
    return [month, previous_month(month), same_month_last_year(month)]


def months_of_year(month: date, through: bool = True) -> list[date]:
    """January to `month` of its year (the year to date), or, with `through` False, the whole year."""
    last = month.month if through else 12
    return [date(month.year, m, 1) for m in range(1, last + 1)]


def month_key(month: date) -> str:
    """ "2026-10": a month as the command line, file names and addresses write it."""
    return f"{month:%Y-%m}"


def valid_month(year: int, month: int) -> date | None:
    """The month, or None when it cannot be a report's month (month outside 1–12, year outside the range)."""
    if FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12:
        return date(year, month, 1)
    return None


def parse_month(text: object) -> date:
    """ "YYYY-MM" → the first day of that month; UsageError (both languages) for anything else."""
    cleaned = text.strip() if isinstance(text, str) else ""
    match = re.fullmatch(r"(\d{4})-(\d{2})", cleaned)
    month = valid_month(int(match.group(1)), int(match.group(2))) if match else None
    if month is None:
        raise UsageError("bad_month", value=text, first=FIRST_YEAR, last=LAST_YEAR)
    return month


FIRST_MONTH = date(2020, 1, 1)  # the first month of the first map (the 2020 edition); no report is older


def current_month(today: date | None = None) -> date:
    """The month we are in: the latest a report can be for (a report of a later month is a typo)."""
    today = today or date.today()
    return date(today.year, today.month, 1)

"""The three editions of the commune map and which one is in force in a month."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Edition:
    id: str
    unit_count: int
    valid_from: date | None
    valid_to: date | None
    legal_basis: str
    has_districts: bool


EDITIONS: tuple[Edition, ...] = (
    Edition("2020", 177, None, date(2024, 10, 31), "state after the 2019–2020 mergers", True),
    Edition("2024", 171, date(2024, 11, 1), date(2025, 6, 30), "Resolution 1199/NQ-UBTVQH15", True),
    Edition("2025", 54, date(2025, 7, 1), None, "Resolution 1679/NQ-UBTVQH15", False),
)
EDITION_IDS: tuple[str, ...] = tuple(e.id for e in EDITIONS)


def edition(edition_id: str) -> Edition:
    for candidate in EDITIONS:
        if candidate.id == edition_id:
            return candidate
    raise ValueError(f"unknown edition {edition_id!r}; expected one of {', '.join(EDITION_IDS)}")


def months_into(edition_id: str, months: Iterable[date]) -> list[date]:
    """Of `months`, those whose figures reach the map `edition_id`: its own and every earlier map's (figures
    are carried forward through the crosswalks, never back)."""
    end = edition(edition_id).valid_to
    return [month for month in months if end is None or month <= end]


def edition_in_force(month: date) -> str:
    """Edition whose map applies to figures of the month starting on `month`."""
    for candidate in EDITIONS:
        starts_ok = candidate.valid_from is None or month >= candidate.valid_from
        ends_ok = candidate.valid_to is None or month <= candidate.valid_to
        if starts_ok and ends_ok:
            return candidate.id
    raise AssertionError(f"no edition covers {month}")  # the editions tile the calendar

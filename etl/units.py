"""Recognising a unit from what a person wrote: a code, or a name in any spelling.

A name is looked up within the edition in force. Names that occur twice in an edition are settled
by the type prefix or the district; otherwise the match is ambiguous and never guessed. A name
that belongs only to another edition is reported with that edition.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass, field

import pandas as pd

from geo.names import fold_district, normalise_code, split_ascii_name, split_name

UNIT_FIELDS = ["edition", "code", "name", "type", "district_code", "district_name"]


@dataclass(frozen=True)
class Unit:
    edition: str
    code: str
    name: str
    type: str
    district_code: str | None
    district_name: str | None


@dataclass
class UnitMatch:
    """`unit` when recognised; otherwise `problem` says why, with candidates or suggestions."""

    unit: Unit | None = None
    problem: str | None = None  # "unknown", "ambiguous", "other_edition", "outside_district"
    candidates: list[Unit] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    how: str | None = None  # how `unit` was recognised: "code", "name", "alias" or "unaccented" (a fallback)


class UnitIndex:
    """All units of all editions, indexed by code and by folded name."""

    def __init__(self, units: pd.DataFrame) -> None:
        # Column by column: to_dict("records") built a dictionary per row, a third of the index's 0.5 s.
        self.units = [Unit(*row) for row in zip(*(units[name].tolist() for name in UNIT_FIELDS), strict=True)]
        self._by_code: dict[tuple[str, str], Unit] = {(u.edition, u.code): u for u in self.units}
        # Every edition's units by code alone: a file's cells are asked about one by one, and at national
        # scale (24,000 units) a scan per cell made matching a 3,321-unit report take most of a minute.
        self._any_edition: dict[str, list[Unit]] = defaultdict(list)
        for unit in self.units:
            self._any_edition[unit.code].append(unit)
        self._districts: dict[str | None, set[str]] = defaultdict(set)
        for unit in self.units:
            if unit.district_name:
                self._districts[unit.edition].add(fold_district(unit.district_name))
                self._districts[None].add(fold_district(unit.district_name))
        self._aliases: dict[tuple[str, str], Unit] = {}
        self._editions: dict[str, list[Unit]] = {}
        self._by_name: dict[str, list[Unit]] = defaultdict(list)
        self._by_ascii: dict[str, list[Unit]] = defaultdict(list)
        for unit in self.units:
            self._by_name[split_name(unit.name)[1]].append(unit)
            self._by_ascii[split_ascii_name(unit.name)[1]].append(unit)

    def add_alias(self, edition: str, written: str, code: str) -> None:
        """Remember that `written` means unit `code` of `edition` (chosen by an analyst)."""
        self._aliases[(edition, split_name(written)[1])] = self._by_code[(edition, code)]

    def has_code(self, code: str | None) -> bool:
        """Whether some edition has a unit of this (normalised) code."""
        return code is not None and code in self._any_edition

    def district_keys(self, edition: str | None = None) -> set[str]:
        """Folded district names (of one edition, or of all)."""
        return self._districts.get(edition, set())

    def in_edition(self, edition: str) -> list[Unit]:
        if edition not in self._editions:
            self._editions[edition] = [u for u in self.units if u.edition == edition]
        return self._editions[edition]

    def match(self, written: object, edition: str, district: str | None = None) -> UnitMatch:
        """The unit `written` names in `edition` ("*": any edition, for telling names from other text)."""
        if edition == "*":
            return self._match_any(written)
        code = normalise_code(written) if _looks_like_code(written) else None
        if code is not None:
            return self._match_code(code, edition)
        text = str(written).strip()
        prefix_type, folded = split_name(text)
        if (edition, folded) in self._aliases:
            return UnitMatch(unit=self._aliases[(edition, folded)], how="alias")
        candidates, how = self._by_name.get(folded, []), "name"
        if not candidates:
            prefix_type, folded_ascii = split_ascii_name(text)
            candidates, how = self._by_ascii.get(folded_ascii, []), "unaccented"
        if prefix_type is not None:
            # A written type is part of the name: "Xã Hải Hòa" is not "Phường Hải Hoà".
            candidates = [u for u in candidates if u.type == prefix_type]
        here = [u for u in candidates if u.edition == edition]
        if not here:
            if candidates:
                return UnitMatch(problem="other_edition", candidates=_unique_names(candidates))
            return UnitMatch(problem="unknown")  # close names are searched later, for a bounded number of rows
        narrowed = _in_district(here, district)
        if len(narrowed) == 1:
            return UnitMatch(unit=narrowed[0], how=how)
        return UnitMatch(problem="ambiguous", candidates=narrowed)

    def _match_any(self, written: object) -> UnitMatch:
        text = str(written).strip()
        if _looks_like_code(written):
            units = self._any_edition.get(normalise_code(written) or "", [])
        else:
            units = self._by_name.get(split_name(text)[1]) or self._by_ascii.get(split_ascii_name(text)[1], [])
        return UnitMatch(unit=units[0]) if units else UnitMatch(problem="unknown")

    def _match_code(self, code: str, edition: str) -> UnitMatch:
        unit = self._by_code.get((edition, code))
        if unit is not None:
            return UnitMatch(unit=unit, how="code")
        elsewhere = self._any_edition.get(code, [])
        if elsewhere:
            return UnitMatch(problem="other_edition", candidates=elsewhere)
        return UnitMatch(problem="unknown", suggestions=[])

    def suggest(self, text: str, edition: str, limit: int = 3, district_code: str | None = None) -> list[str]:
        """Names of the edition (of one district, if given) closest to `text`, best first."""
        folded = split_ascii_name(text)[1]
        units = [u for u in self.in_edition(edition) if district_code is None or u.district_code == district_code]
        names = {split_ascii_name(u.name)[1]: u.name for u in units}
        close = difflib.get_close_matches(folded, list(names), n=limit, cutoff=0.6)
        return [names[key] for key in close]


def _looks_like_code(written: object) -> bool:
    if isinstance(written, (int, float)) and not isinstance(written, bool):
        return True
    return isinstance(written, str) and written.strip().isdigit()


def _in_district(units: list[Unit], district: str | None) -> list[Unit]:
    if district and len(units) > 1:
        wanted = fold_district(district)
        in_district = [u for u in units if u.district_name and fold_district(u.district_name) == wanted]
        units = in_district or units
    return units


def _unique_names(units: list[Unit]) -> list[Unit]:
    seen: dict[tuple[str, str], Unit] = {}
    for unit in units:
        seen.setdefault((unit.edition, unit.code), unit)
    return list(seen.values())

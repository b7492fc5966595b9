"""Which indicator figure a column holds, from its header read together with its group header.

Two sources, both data files: the catalogue's own labels (`data/indicators.csv`, exact after
folding; what the project's template writes) and the patterns of `data/header_patterns.csv` for
the abbreviations people use (HS, TTHC, CCCD, ĐDĐT/VNeID, ĐTTM, TT, KH ...).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from core.paths import DATA_DIR
from core.text import strip_marks
from warehouse.catalogue import load_indicators

ROLES = ("numerator", "denominator", "rate", "count")
CATALOGUE_SCORE = 100.0  # the catalogue's own label, as the project's template writes it: above any pattern
# How much a pattern's words explaining all of the header adds: below the 2 points between priorities,
# so it only orders the matches of one priority.
EXPLAINED = 0.5


@dataclass(frozen=True)
class Role:
    kpi: str
    role: str  # numerator, denominator, rate (a given percentage) or count


@dataclass(frozen=True)
class Candidate:
    role: Role
    score: float


@dataclass(frozen=True)
class _Pattern:
    role: Role
    priority: int
    all_of: tuple[tuple[str, ...], ...]
    none_of: tuple[str, ...]


def fold_header(text: object) -> str:
    """Lower case, no accents, single spaces, punctuation kept only where it means something (%)."""
    if text is None:
        return ""
    words = unicodedata.normalize("NFC", str(text)).casefold().replace("%", " % ").split()
    folded = " ".join(strip_marks(w) for w in words)
    return re.sub(r"[^a-z0-9% ]+", " ", folded).strip()


def _has(text: str, phrase: str) -> bool:
    if phrase == "%":
        return "%" in text
    return re.search(rf"(?<![a-z0-9]){re.escape(phrase)}(?![a-z0-9])", text) is not None


@cache
def _patterns(path: Path = DATA_DIR / "header_patterns.csv") -> tuple[_Pattern, ...]:
    frame = pd.read_csv(path, comment="#", dtype=str, keep_default_na=False)
    patterns = []
    for row in frame.itertuples(index=False):
        assert row.role in ROLES, f"{path.name}: unknown role {row.role!r}"
        groups = tuple(tuple(a.strip() for a in group.split("|")) for group in row.all_of.split(";"))
        none_of = tuple(a.strip() for a in row.none_of.split("|") if a.strip())
        patterns.append(_Pattern(Role(row.kpi, row.role), int(row.priority), groups, none_of))
    return tuple(patterns)


@cache
def _catalogue_labels() -> tuple[dict[str, str], dict[str, list[Role]]]:
    """(folded indicator name → kpi, folded numerator/denominator label → roles)."""
    names: dict[str, str] = {}
    labels: dict[str, list[Role]] = {}
    for row in _catalogue().itertuples(index=False):
        names[fold_header(row.name_vi)] = row.kpi
        names[fold_header(row.name_en)] = row.kpi
        numerator_role = "count" if row.kind == "count" else "numerator"
        for label, role in (
            (row.numerator_vi, numerator_role),
            (row.numerator_en, numerator_role),
            (row.denominator_vi, "denominator"),
            (row.denominator_en, "denominator"),
        ):
            if label:
                labels.setdefault(fold_header(label), []).append(Role(row.kpi, role))
    return names, labels


def candidates(group: str, sub: str) -> list[Candidate]:
    """Every figure a column whose merged group header is `group` and own header is `sub` could hold, best
    first: the catalogue's own label above any pattern, then each matching pattern (a role keeps its best)."""
    group_folded, sub_folded = fold_header(group), fold_header(sub)
    full = f"{group_folded} {sub_folded}".strip()
    own = sub_folded or full
    scored = [Candidate(role, CATALOGUE_SCORE) for role in _from_catalogue(group_folded, sub_folded)]
    scored += [Candidate(p.role, _score(p, own)) for p in _patterns() if _pattern_matches(p, full, own)]
    best: dict[Role, Candidate] = {}
    for candidate in scored:
        if candidate.role not in best or candidate.score > best[candidate.role].score:
            best[candidate.role] = candidate
    return sorted(best.values(), key=lambda c: -c.score)  # stable: equal scores keep the file's order


def _score(pattern: _Pattern, own: str) -> float:
    """The pattern's priority, and a little more the more of the column's own header its words explain:
    "HS trực tuyến" is the online dossiers more surely than "HS trực tuyến toàn trình" (a part of them)."""
    words = own.split()
    explained = [False] * len(words)
    for phrase in (alt for group in pattern.all_of for alt in group):
        size = len(phrase.split())
        for start in range(len(words) - size + 1):
            if " ".join(words[start : start + size]) == phrase:
                explained[start : start + size] = [True] * size
    return round(pattern.priority + EXPLAINED * sum(explained) / max(len(words), 1), 6)


@cache
def shared_roles() -> tuple[frozenset[Role], ...]:
    """Figures the catalogue names with one label (the citizens aged 14+ of both ID indicators): one column
    holds them all."""
    return tuple({frozenset(roles) for roles in _catalogue_labels()[1].values() if len(roles) > 1})


def _from_catalogue(group: str, sub: str) -> list[Role]:
    names, labels = _catalogue_labels()
    if group in names and sub in labels:
        return [r for r in labels[sub] if r.kpi == names[group]] or labels[sub]
    if not group and sub in names:
        return []  # a bare indicator name says which indicator, not which figure
    return list(labels.get(sub, []))


def _pattern_matches(pattern: _Pattern, full: str, own: str) -> bool:
    # The column's own header must carry the last (most specific) group and none of the exclusions;
    # the merged group header may supply the rest ("Hồ sơ TTHC" over "Trực tuyến").
    *context, specific = pattern.all_of
    if not any(_has(own, alt) for alt in specific):
        return False
    if not all(any(_has(full, alt) for alt in group) for group in context):
        return False
    return not any(_has(own, alt) for alt in pattern.none_of)


@cache
def _catalogue() -> pd.DataFrame:
    return load_indicators()  # the validated catalogue, read once per process


@cache  # asked once per row of a report: built once per process (callers only read it)
def indicator_kinds() -> dict[str, str]:
    catalogue = _catalogue()
    return dict(zip(catalogue["kpi"], catalogue["kind"], strict=True))


@cache  # asked once per row of a report (26,568 rows of a national report took 2 s to rebuild it)
def indicator_limits() -> dict[str, float]:
    """kpi → the most one unit can plausibly report of its numerator, denominator or count (the catalogue's
    max_per_unit): above it a value is a typo or a planted number, never a figure."""
    catalogue = _catalogue()
    return dict(zip(catalogue["kpi"], catalogue["max_per_unit"].astype(float), strict=True))


def indicator_names() -> dict[str, str]:
    """Folded id, names and short names of every indicator → its id (for long layouts)."""
    names: dict[str, str] = {}
    for row in _catalogue().itertuples(index=False):
        for text in (row.kpi, row.name_vi, row.name_en, row.short_vi, row.short_en):
            names[fold_header(text)] = row.kpi
        names[row.kpi] = row.kpi
    return names

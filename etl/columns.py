"""Which figure each column holds, decided for the whole table rather than column by column.

`etl.headers.candidates` scores each column on its own. The table then settles them together: a figure
(indicator and role) is held by one column at most, except figures the catalogue names with one label
(the citizens aged 14+, the denominator of both ID indicators), which one column holds together; a
reading that agrees with the rest of the table scores a little more; and the readings with the highest
total win, so a column whose best reading another column holds better falls back to its next one. A
column the best total leaves open (two columns equally good for one figure, or two equally good readings
of one column) is not guessed: it is left for the analyst, with its candidates.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import groupby

from etl.headers import Candidate, Role, shared_roles

# Agreement with the table: below the 2 points between priorities, so it settles ties and nothing more.
COMPLETES = 0.25  # the table carries the indicator's other figures ("Tỷ lệ" beside its numerator and denominator)
AGREES = 0.25  # the indicator is the one the other columns under the same group header name
SHARED = 0.01  # one column holding a shared figure for all its indicators, rather than for one of them
EPSILON = 1e-6  # scores this close are equal
_PARTNERS = {"rate": ("numerator", "denominator"), "numerator": ("denominator",), "denominator": ("numerator",)}


@dataclass(frozen=True)
class Reading:
    roles: frozenset[Role]
    score: float
    alone: bool = False  # one of a shared figure's roles on its own: only where the group header says so


@dataclass(frozen=True)
class Assigned:
    roles: list[Role]
    unsure: bool = False  # the best total does not settle this column: the analyst chooses


def assign(
    ranked: Sequence[Sequence[Candidate]],
    groups: Sequence[str] = (),
    pinned: Mapping[int, Sequence[Role]] | None = None,
) -> list[Assigned]:
    """What each column holds, from its ranked candidates and its group header (by position); `pinned`
    columns hold what the analyst mapped them to, and no other column holds that."""
    pinned = pinned or {}
    taken = {role for roles in pinned.values() for role in roles}
    options = [
        [] if col in pinned else [r for r in _readings(candidates) if not r.roles & taken]
        for col, candidates in enumerate(ranked)
    ]
    options = _in_context(options, ranked, groups)
    chosen: dict[int, Assigned] = {col: Assigned(list(roles)) for col, roles in pinned.items()}
    for component in _components(options):
        chosen |= _settle(component, options)
    return [chosen.get(col, Assigned([])) for col in range(len(ranked))]


def _readings(candidates: Sequence[Candidate]) -> list[Reading]:
    """A column's readings, best first: roles of one score that the catalogue names with one label are one
    reading, a little above each of them alone (one "Từ 14 tuổi" column serves both ID indicators; two,
    each under its own indicator's group header, serve one each); any other role is a reading of its own."""
    readings = []
    for score, tier in groupby(candidates, key=lambda c: c.score):
        roles = [c.role for c in tier]
        while roles:
            shared = next((s for s in shared_roles() if roles[0] in s), frozenset())
            together = frozenset(r for r in roles if r in shared) or frozenset(roles[:1])
            if len(together) > 1:
                readings.append(Reading(together, score + SHARED))
                readings += [Reading(frozenset([role]), score, alone=True) for role in sorted(together, key=str)]
            else:
                readings.append(Reading(together, score))
            roles = [r for r in roles if r not in together]
    return readings


def _in_context(
    options: list[list[Reading]], ranked: Sequence[Sequence[Candidate]], groups: Sequence[str]
) -> list[list[Reading]]:
    """Each reading scored with what the rest of the table says about it; a shared figure's role alone
    only where the column's group header names that indicator."""
    return [
        [
            Reading(r.roles, r.score + max(_agreement(role, col, ranked, groups) for role in r.roles))
            for r in readings
            if not r.alone or all(_named_by_group(role, col, ranked, groups) for role in r.roles)
        ]
        for col, readings in enumerate(options)
    ]


def _agreement(role: Role, col: int, ranked: Sequence[Sequence[Candidate]], groups: Sequence[str]) -> float:
    """COMPLETES when other columns could hold the indicator's other figures; AGREES when the other columns
    under the same group header are read first as this indicator."""
    offered = {c.role for other, candidates in enumerate(ranked) if other != col for c in candidates}
    partners = _PARTNERS.get(role.role, ())
    completes = bool(partners) and all(Role(role.kpi, p) in offered for p in partners)
    return COMPLETES * completes + AGREES * _named_by_group(role, col, ranked, groups)


def _named_by_group(role: Role, col: int, ranked: Sequence[Sequence[Candidate]], groups: Sequence[str]) -> bool:
    """The other columns under this column's group header are read first as `role`'s indicator."""
    group = _group(groups, col)
    named = {c[0].role.kpi for other, c in enumerate(ranked) if other != col and c and group == _group(groups, other)}
    return bool(group) and role.kpi in named


def _group(groups: Sequence[str], col: int) -> str:
    return groups[col] if col < len(groups) else ""


def _components(options: list[list[Reading]]) -> list[list[int]]:
    """Columns that could hold a figure in common, together; each group is settled on its own."""
    components: list[tuple[set[Role], list[int]]] = []
    for col, readings in enumerate(options):
        roles = {role for r in readings for role in r.roles}
        if not roles:
            continue
        joined = [c for c in components if c[0] & roles]
        merged = (roles.union(*(c[0] for c in joined)), [i for c in joined for i in c[1]] + [col])
        components = [c for c in components if c not in joined] + [merged]
    return [sorted(cols) for _, cols in components]


def _settle(cols: list[int], options: list[list[Reading]]) -> dict[int, Assigned]:
    """The columns' readings of the best total; a column read differently by two best choices is unsure."""
    best = _best_readings([options[col] for col in cols])
    if best is None:  # too many columns competing for the same figures to settle: the analyst decides
        return {col: Assigned([], unsure=True) for col in cols}
    settled = {}
    for position, col in enumerate(cols):
        readings = best[position]
        if len(readings) > 1:
            settled[col] = Assigned([], unsure=True)
        else:
            reading = next(iter(readings), None)
            settled[col] = Assigned(sorted(reading.roles, key=lambda r: (r.kpi, r.role)) if reading else [])
    return settled


def _most(options: list[list[Reading]]) -> float:
    """The most these columns could still add: each column's best reading, and no more than each figure's
    best holder. A branch that cannot reach the best total so far is cut."""
    by_column = sum(max((r.score for r in readings), default=0.0) for readings in options)
    holders: dict[Role, float] = {}
    for reading in (r for readings in options for r in readings):
        for role in reading.roles:
            holders[role] = max(holders.get(role, 0.0), reading.score)
    return min(by_column, sum(holders.values()))


MAX_STEPS = 50_000  # a real table settles in a few hundred; a crafted one must not hang the upload


def _best_readings(options: list[list[Reading]]) -> list[set[Reading | None]] | None:
    """Per column, its readings (None: nothing) in the choices of one reading or none per column, no figure
    held twice, that reach the best total; None when the search passes MAX_STEPS."""
    bound = [_most(options[i:]) for i in range(len(options) + 1)]
    best: list[set[Reading | None]] = [set() for _ in options]
    top = -1.0
    steps = 0

    def walk(i: int, held: frozenset[Role], total: float, chosen: tuple[Reading | None, ...]) -> None:
        nonlocal top, best, steps
        steps += 1
        if steps > MAX_STEPS or total + bound[i] < top - EPSILON:
            return
        if i == len(options):
            if total > top + EPSILON:
                top, best = total, [set() for _ in options]
            for position, reading in enumerate(chosen):
                best[position].add(reading)
            return
        for reading in options[i]:
            if not reading.roles & held:
                walk(i + 1, held | reading.roles, total + reading.score, (*chosen, reading))
        walk(i + 1, held, total, (*chosen, None))

    walk(0, frozenset(), 0.0, ())
    return None if steps > MAX_STEPS else best

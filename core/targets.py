"""Where a figure stands against its target: one rule for the overview, the rankings and the briefing.

A status is said with a shape and a word as well as a colour (never colour alone, and never an emoji,
which many office machines draw grey): ● met, ◆ close, ▼ behind, as the rankings' dots are drawn.
"""

from __future__ import annotations

import pandas as pd

CLOSE_RATE = 0.05  # a rate within five percentage points of its target is "close"
CLOSE_COUNT = 0.10  # a count within ten per cent of its target is "close"
STATUSES = ("met", "close", "behind", "none")  # "none": no target, or no figure


def target_for(targets: pd.DataFrame, year: int) -> float | None:
    """The target of `year` (columns year, value), else the latest earlier one; None when there is none."""
    earlier = targets[targets["year"] <= year]
    return None if earlier.empty else float(earlier.sort_values("year")["value"].iloc[-1])


def status(value: float, target: float | None, kind: str) -> str:
    """ "met", "close", "behind" or "none" (see STATUSES)."""
    if target is None or pd.isna(target) or pd.isna(value):
        return "none"
    if value >= target:
        return "met"
    margin = CLOSE_RATE if kind == "rate" else CLOSE_COUNT * abs(target)
    return "close" if value >= target - margin else "behind"

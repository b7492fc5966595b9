"""Whole numbers that add up exactly to a published total."""

from __future__ import annotations

import numpy as np


def apportion(weights: np.ndarray, total: int, caps: np.ndarray | None = None) -> np.ndarray:
    """Split `total` into integers proportional to `weights` (largest remainder), never above `caps`."""
    weights = np.asarray(weights, dtype=float)
    assert (weights >= 0).all(), "weights must not be negative"
    caps_array = (
        np.full(weights.shape, int(total), dtype=np.int64) if caps is None else np.asarray(caps, dtype=np.int64)
    )
    assert caps_array.sum() >= total, f"caps add up to {caps_array.sum()}, below the total {total}"
    result = np.zeros(weights.shape, dtype=np.int64)
    open_slots = (weights > 0) & (caps_array > 0)
    remaining = int(total)
    # Each pass fills the uncapped units proportionally; units pushed past their cap are pinned there.
    while remaining > 0:
        assert open_slots.any(), "no unit can take the rest of the total"
        share = np.where(open_slots, weights, 0.0)
        exact = share / share.sum() * remaining
        room = caps_array - result
        over = open_slots & (exact >= room)
        if over.any():
            remaining -= int(room[over].sum())
            result[over] = caps_array[over]
            open_slots &= ~over
            continue
        floors = np.floor(exact).astype(np.int64)
        leftover = remaining - int(floors.sum())
        order = np.argsort(-(exact - floors), kind="stable")
        floors[order[:leftover]] += 1
        result += floors
        remaining = 0
    return result

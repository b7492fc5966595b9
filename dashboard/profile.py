"""A unit's profile: rank among units of its type for each indicator, and its lineage. Pure pandas."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.i18n import t

UNIT_TYPES = {
    "vi": {"phuong": "phường", "xa": "xã", "thi_tran": "thị trấn", "dac_khu": "đặc khu"},
    "en": {"phuong": "wards", "xa": "communes", "thi_tran": "townships", "dac_khu": "special zones"},
}


def ranks_within_type(month_figures: pd.DataFrame, units: pd.DataFrame, catalogue: pd.DataFrame) -> pd.DataFrame:
    """kpi, unit_code, value, rank (1 = best) and peers (how many units of the same type reported)."""
    kinds = dict(zip(catalogue["kpi"], catalogue["kind"], strict=True))
    frame = month_figures.merge(units[["code", "type"]], left_on="unit_code", right_on="code")
    is_rate = frame["kpi"].map(kinds).eq("rate")
    frame["value"] = np.where(
        is_rate, frame["numerator"] / frame["denominator"].where(frame["denominator"] != 0), frame["numerator"]
    )
    grouped = frame.groupby(["kpi", "type"])["value"]
    frame["rank"] = grouped.rank(ascending=False, method="min")
    frame["peers"] = grouped.transform("count")
    return frame[["kpi", "unit_code", "type", "value", "rank", "peers"]]


def lineage_lines(lineage: pd.DataFrame, edition: str, code: str, lang: str) -> tuple[list[str], list[str]]:
    """(what it came from, what it became), as sentences."""
    came, became = [], []
    for row in lineage.itertuples(index=False):
        share = f" ({row.share:.0%}, {t('estimate_short', lang)})" if row.estimate and row.share < 1 else ""
        if row.to_edition == edition and row.to_code == code:
            came.append(f"{row.from_name} ({row.from_edition}, {row.from_code}){share}")
        else:
            became.append(f"{row.to_name} ({row.to_edition}, {row.to_code}){share}")
    return came, became

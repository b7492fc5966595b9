"""The four types of commune-level unit and the prefixes their names are written with."""

from __future__ import annotations

from core.messages import t

# Official prefix first, then the abbreviations people write.
PREFIXES: dict[str, tuple[str, ...]] = {
    "phuong": ("Phường", "P."),
    "thi_tran": ("Thị trấn", "TT.", "TT"),
    "xa": ("Xã", "X."),
    "dac_khu": ("Đặc khu",),
}


def type_from_official_name(name: str) -> str:
    """The type an official name starts with ("Phường Hà Tu" → "phuong")."""
    for unit_type, prefixes in PREFIXES.items():
        if name.startswith(prefixes[0] + " "):
            return unit_type
    raise ValueError(f"unit name {name!r} has no known type prefix")


def type_label(unit_type: str, lang: str) -> str:
    """The type in words, plural ("phường" / "wards"), as in "rank 3 among wards"."""
    return t(f"unit_type.{unit_type}", lang)

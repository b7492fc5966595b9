"""The four types of commune-level unit and the prefixes their names are written with."""

from __future__ import annotations

from collections.abc import Iterable

from core.messages import t

# Official prefix first, then the abbreviations people write.
PREFIXES: dict[str, tuple[str, ...]] = {
    "phuong": ("Phường", "P."),
    "thi_tran": ("Thị trấn", "TT.", "TT"),
    "xa": ("Xã", "X."),
    "dac_khu": ("Đặc khu",),
}

# The official prefixes of district names (2020 and 2024 maps; 2025 has no districts).
DISTRICT_PREFIXES = ("Thành phố", "Thị xã", "Huyện")


def short_name(name: str) -> str:
    """A unit's name without its type: "Phường Hà Khánh" → "Hà Khánh", "Thị trấn Tiên Yên" → "Tiên Yên"."""
    return _without(name, [prefixes[0] for prefixes in PREFIXES.values()])


def district_short_name(name: str) -> str:
    """A district's name without its type: "Thành phố Hạ Long" → "Hạ Long"."""
    return _without(name, DISTRICT_PREFIXES)


def _without(name: str, prefixes: Iterable[str]) -> str:
    for prefix in prefixes:
        if name.startswith(prefix + " "):
            return name[len(prefix) + 1 :]
    return name


def type_from_official_name(name: str) -> str:
    """The type an official name starts with ("Phường Hà Tu" → "phuong")."""
    for unit_type, prefixes in PREFIXES.items():
        if name.startswith(prefixes[0] + " "):
            return unit_type
    raise ValueError(f"unit name {name!r} has no known type prefix")


def type_label(unit_type: str, lang: str) -> str:
    """The type in words, plural ("phường" / "wards"), as in "rank 3 among wards"."""
    return t(f"unit_type.{unit_type}", lang)

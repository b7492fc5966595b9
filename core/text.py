"""Folding text so that two spellings of one thing compare equal: Vietnamese with or without its marks,
upper or lower case, composed or decomposed Unicode, any run of spaces."""

from __future__ import annotations

import re
import unicodedata


def strip_marks(text: str) -> str:
    """The text without diacritics ("Đầm Hà" → "Dam Ha"); case is kept."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """Lower-case ASCII with single spaces: "THÁNG  3" and "tháng 3" both give "thang 3"."""
    return re.sub(r"\s+", " ", strip_marks(text)).casefold()

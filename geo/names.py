"""Unit names and codes as people write them, folded to keys that two spellings of a unit share.

Tolerant of case, spacing, composed or decomposed Unicode, the type prefix (Phường/P./Thị trấn/TT/
Xã/X./Đặc khu) and either tone-mark placement ("Hòa"/"Hoà"), which Unicode NFC does not unify.
"""

from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache

import numpy as np

from core.text import strip_marks
from core.unit_types import PREFIXES

# Vietnamese tone marks (combining characters after NFD). Other marks (circumflex, breve, horn)
# change the vowel itself and are kept.
_TONE_DIGITS = {"\u0301": "1", "\u0300": "2", "\u0309": "3", "\u0303": "4", "\u0323": "5"}
_PUNCTUATION = re.compile(r"[,;:()\[\]\"'“”‘’_\-–]")


# The folds below are cached: a national index folds 24,521 names (and a report's cells as many again)
# from a few thousand distinct words and names, and folding each again made building it take 0.5 s.
@lru_cache(maxsize=65536)
def _tone_canonical_word(word: str) -> str:
    # "hoà" and "hòa" differ only in where the tone mark sits: drop the mark and append its
    # digit, so both placements (and composed/decomposed input) give the same key.
    decomposed = unicodedata.normalize("NFD", word)
    tones = [_TONE_DIGITS[ch] for ch in decomposed if ch in _TONE_DIGITS]
    base = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONE_DIGITS))
    return base + "".join(tones)


def _words(name: str) -> list[str]:
    text = unicodedata.normalize("NFC", name).casefold()
    # A dot is a word of its own so that "P.Hà Tu" and "P. Hà Tu" both start with ["p", "."].
    text = _PUNCTUATION.sub(" ", text).replace(".", " . ")
    return text.split()


def _prefix_table(to_key) -> list[tuple[list[str], str]]:
    table = [
        ([to_key(w) for w in _words(prefix)], unit_type)
        for unit_type, prefixes in PREFIXES.items()
        for prefix in prefixes
    ]
    return sorted(table, key=lambda item: -len(item[0]))  # "Thị trấn" before a shorter prefix


_CANONICAL_PREFIXES = _prefix_table(_tone_canonical_word)
_ASCII_PREFIXES = _prefix_table(strip_marks)


def _split_prefix(words: list[str], prefixes: list[tuple[list[str], str]]) -> tuple[str | None, str]:
    unit_type, rest = None, words
    for prefix, candidate in prefixes:
        # Keep at least one word: "Xã" alone is not a name.
        if len(words) > len(prefix) and words[: len(prefix)] == prefix:
            unit_type, rest = candidate, words[len(prefix) :]
            break
    # Dots matter only in abbreviated prefixes ("P.", "TT."), which are gone by now.
    return unit_type, " ".join(w for w in rest if w != ".")


_ascii_word = lru_cache(maxsize=65536)(strip_marks)


@lru_cache(maxsize=65536)
def split_name(name: str) -> tuple[str | None, str]:
    """(type from the prefix or None, folded bare name); tolerant of case, spacing, Unicode form
    and tone-mark placement, so "Xã Hải Hoà", "XÃ HẢI HÒA" and "hải  hòa" share a bare name."""
    return _split_prefix([_tone_canonical_word(w) for w in _words(name)], _CANONICAL_PREFIXES)


@lru_cache(maxsize=65536)
def split_ascii_name(name: str) -> tuple[str | None, str]:
    """As split_name, but without any diacritics: the fallback for names typed without accents."""
    return _split_prefix([_ascii_word(w) for w in _words(name)], _ASCII_PREFIXES)


def normalise_code(value: object) -> str | None:
    """A 5-digit unit code from a property value: 6970, 6970.0, "6970" and "06970" give "06970"."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, np.integer)):
        number = int(value)
    elif isinstance(value, (float, np.floating)):
        if not math.isfinite(value) or not float(value).is_integer():
            return None
        number = int(value)
    else:
        text = str(value).strip()
        match = re.fullmatch(r"(\d{1,5})(?:\.0+)?", text)
        if not match:
            return None
        return match.group(1).zfill(5)
    return str(number).zfill(5) if 0 < number < 100_000 else None


_DISTRICT_PREFIX = re.compile(
    r"^(?:[ivxlc]+\s*[.)]\s*|\d+\s*[.)]\s*)?(?:thanh pho|tp\s*\.?|huyen|h\s*\.|thi xa|tx\s*\.?|quan)\s+"
)
_PLAIN_NUMBER = re.compile(r"[0-9.]+")


def fold_district(name: str) -> str:
    """A district name without its list number or type: "I. Thành phố Hạ Long", "TP. Hạ Long" → "ha long"."""
    if _PLAIN_NUMBER.fullmatch(name):
        # What folding gives a plain number, without the work: a report's rows are asked whether they head
        # a district, cell by cell, and most cells are numbers (50,000 in a national report).
        return name.strip(".")
    return _fold_district(name)


@lru_cache(maxsize=4096)
def _fold_district(name: str) -> str:
    words = [strip_marks(w) for w in unicodedata.normalize("NFC", name).casefold().split()]
    text = " ".join(words)
    return _DISTRICT_PREFIX.sub("", text).strip(" .")

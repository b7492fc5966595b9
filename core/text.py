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


_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|:~$<>&=])")


_AUTOLINK = re.compile(r"(?i)((?:https?|ftp)(?=\\:)|www(?=\\\.))")


def plain(text: object) -> str:
    """Text from a file or a person (a file, sheet, column or unit name) made safe to show where Streamlit
    renders markdown (labels, messages, headings): every markdown character is escaped, so a planted
    `![](http://…)`, a link or a `:red[…]` badge shows as the characters it is, and nothing is fetched."""
    escaped = _MARKDOWN.sub(r"\\\1", str(text))
    # Escapes do not stop GitHub-style autolinks ("http://…", "www.…"): an invisible word joiner inside
    # each keeps the characters as they are and the text from becoming a link (an e-mail address, which
    # fetches nothing and opens nothing by itself, is left as it is).
    return _AUTOLINK.sub(lambda match: match.group(1) + "\u2060", escaped)

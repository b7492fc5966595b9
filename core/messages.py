"""Every message the project shows, Vietnamese first, English second: `core/messages.toml` is the one
place a text is written or translated; this module only looks them up."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

LANGUAGES = ("vi", "en")
LANGUAGE_LABELS = {"vi": "Tiếng Việt", "en": "English"}
MESSAGES_FILE = Path(__file__).with_name("messages.toml")


@cache
def _messages() -> dict[str, dict[str, str]]:
    """{key: {"vi": …, "en": …, …}}; nested tables ([finding.x]) become dotted keys ("finding.x")."""
    flat: dict[str, dict[str, str]] = {}

    def walk(prefix: str, table: dict[str, Any]) -> None:
        if "vi" in table:
            flat[prefix] = table
            return
        for key, value in table.items():
            walk(f"{prefix}.{key}" if prefix else key, value)

    walk("", tomllib.loads(MESSAGES_FILE.read_text("utf-8")))
    for key, entry in flat.items():
        assert set(LANGUAGES) <= set(entry), f"{MESSAGES_FILE.name}: [{key}] needs both vi and en"
    return flat


def language(lang: object) -> str:
    """A language the project speaks: the given one, else Vietnamese."""
    return str(lang) if lang in LANGUAGES else "vi"


def has(key: str) -> bool:
    return key in _messages()


def entry(key: str) -> dict[str, str]:
    """The message's table as written in the file (both texts and any extra field such as severity)."""
    return _messages()[key]


def t(key: str, lang: str, **values: object) -> str:
    """The message `key` in `lang`, its {placeholders} filled from `values`."""
    entry = _messages()[key]
    lang = language(lang)
    # A count of one may have a form of its own ("1 error", not "1 errors"): `<lang>_one`, for `n` = 1.
    text = entry[f"{lang}_one"] if values.get("n") == 1 and f"{lang}_one" in entry else entry[lang]
    said = {name: _said(value, lang) for name, value in values.items()}
    return text.format(**said) if values else text


def _said(value: object, lang: str) -> object:
    in_language = getattr(value, "in_language", None)
    return in_language(lang) if callable(in_language) else value


def both(key: str, **values: object) -> tuple[str, str]:
    """(Vietnamese, English) of one message: for errors and files read by either."""
    return t(key, "vi", **values), t(key, "en", **values)


class Text:
    """A message not yet said in a language: a value inside another message ("the file cannot be read:
    {reason}") that each language fills with its own words. Any value with an `in_language` method (a
    `core.formats.Number`, say) is said the same way."""

    def __init__(self, key: str, **values: object) -> None:
        self.key, self.values = key, values

    def in_language(self, lang: str) -> str:
        return t(self.key, lang, **self.values)


class Words:
    """The same thing named in each language (an indicator's name inside a finding, say)."""

    def __init__(self, vi: str, en: str) -> None:
        self.vi, self.en = vi, en

    def in_language(self, lang: str) -> str:
        return self.en if lang == "en" else self.vi


def indicator_name(row: object, lang: str, short: bool = False) -> str:
    """Name of an indicator row of the catalogue (a mapping, a namedtuple or a Series)."""
    field = f"{'short' if short else 'name'}_{language(lang)}"
    return str(row[field] if isinstance(row, dict) else getattr(row, field))

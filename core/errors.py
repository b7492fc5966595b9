"""The one error class the project catches: a problem the user can act on, said in both languages.

Anything else is a programming error and is left to reach a traceback (command line) or Streamlit's
error box (pages) with its real message, rather than being dressed up as "usage error".
"""

from __future__ import annotations

from datetime import date

from core.formats import Month
from core.messages import both, t
from core.text import plain

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _months(values: dict[str, object]) -> dict[str, object]:
    """A date in a message is a month ("Tháng 06/2023", "Jun 2023"); `t` says it, and any `Text`, per language."""
    return {key: Month(value) if isinstance(value, date) else value for key, value in values.items()}


class DxError(Exception):
    """`code` names the problem (a message key or a finding code), `message_vi`/`message_en` say it, and
    `exit_status` is what a command line returns for it: 2 for a usage error, 1 for work that failed."""

    exit_status = EXIT_USAGE

    def __init__(self, key: str, *, code: str | None = None, exit_status: int | None = None, **values: object) -> None:
        self.code = code or key
        self.key, self.values = key, values  # what the message was made of (to rebuild it elsewhere)
        self.message_vi, self.message_en = both(key, **_months(values))
        if exit_status is not None:
            self.exit_status = exit_status
        super().__init__(f"{self.message_vi} / {self.message_en}")

    def message(self, lang: str) -> str:
        return self.message_en if lang == "en" else self.message_vi

    def shown(self, lang: str) -> str:
        """The message for a page, which renders markdown: the values in it (a file name, a name someone
        typed) escaped with `core.text.plain`, the message's own words as they are."""
        values = {k: plain(v) if isinstance(v, str) else v for k, v in _months(self.values).items()}
        return t(self.key, lang, **values)


class UsageError(DxError):
    """A request that cannot be served as asked: a bad argument, a month without figures, no warehouse."""

    exit_status = EXIT_USAGE


class FailedError(DxError):
    """A request that was right but could not be carried out: no browser, no font, a full disk."""

    exit_status = EXIT_FAILED

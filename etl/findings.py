"""Findings of the upload check, each naming sheet, row and column as Excel shows them, in both languages
(the texts and severities are the `finding.*` entries of core/messages.toml)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.messages import both, entry
from etl.sheet import column_letter


@dataclass(frozen=True)
class Finding:
    severity: str
    code: str
    sheet: str | None
    row: int | None  # as Excel numbers it (1-based)
    column: str | None  # as Excel names it ("B")
    message_vi: str
    message_en: str

    def as_dict(self, lang: str = "vi") -> dict[str, Any]:
        return {
            "severity": self.severity,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "code": self.code,
            "message": self.message_en if lang == "en" else self.message_vi,
        }

    def message(self, lang: str) -> str:
        return self.message_en if lang == "en" else self.message_vi


def finding(
    code: str, sheet: str | None = None, row: int | None = None, col: int | None = None, **values: Any
) -> Finding:
    """A finding at 0-based (row, col) of a sheet; `values` fill the message templates."""
    key = f"finding.{code}"
    message_vi, message_en = both(key, **values)
    return Finding(
        severity=entry(key)["severity"],
        code=code,
        sheet=sheet,
        row=None if row is None else row + 1,
        column=None if col is None else column_letter(col),
        message_vi=message_vi,
        message_en=message_en,
    )

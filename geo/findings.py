"""What a boundary import reports: findings as plain dicts (they go into JSON and the import log as they
are), each said in both languages from the `boundary.*` entries of core/messages.toml, and the error that
refuses a file."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from core.errors import EXIT_FAILED, DxError
from core.messages import Text, both, entry

Finding = dict[str, Any]


def finding(kind: str, feature: int | None = None, unit_code: str | None = None, **values: Any) -> Finding:
    """A finding of `kind` (a `boundary.<kind>` message, which names its severity) about a feature or unit."""
    key = f"boundary.{kind}"
    message_vi, message_en = both(key, **values)
    return {
        "severity": entry(key)["severity"],
        "code": kind,
        "message_vi": message_vi,
        "message_en": message_en,
        "feature": feature,
        "unit_code": unit_code,
    }


def label(code: object, name: object) -> Text:
    """How a finding names a feature: its name, else its code."""
    if name:
        return Text("boundary.label_name", name=name)
    if code:
        return Text("boundary.label_code", code=code)
    return Text("boundary.label_none")


class BoundaryImportError(DxError):
    """The file cannot be imported at all; nothing was written. Refused files exit 1, unreadable ones 2."""

    exit_status = EXIT_FAILED

    def __init__(self, kind: str, *, findings: Sequence[Finding] = (), **values: Any) -> None:
        super().__init__(f"boundary.{kind}", code=kind, **values)
        self.findings = list(findings)

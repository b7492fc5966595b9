"""Reading back the `_meta` sheet a template carries: what the template promises, checked by the tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from openpyxl import load_workbook

from etl.template import META_SHEET


@dataclass(frozen=True)
class TemplateMeta:
    """What `_meta` holds, read back from a filled template."""

    version: str
    period: date
    edition: str
    sheet: str
    first_data_row: int
    last_data_row: int
    columns: dict[str, str]  # column letter → "kpi:role" (and "unit:code", "unit:name", "unit:district")


def read_meta(path: Path) -> TemplateMeta | None:
    """The `_meta` of a template written by `write_template`; None for any other workbook."""
    workbook = load_workbook(path, read_only=True)
    try:
        if META_SHEET not in workbook.sheetnames:
            return None
        rows = workbook[META_SHEET].iter_rows(min_row=2, values_only=True)
        pairs = [(str(key), "" if value is None else str(value)) for key, value, *_ in rows if key is not None]
    finally:
        workbook.close()
    values = dict(pairs)
    return TemplateMeta(
        version=values["template_version"],
        period=date.fromisoformat(values["period"] + "-01"),
        edition=values["edition"],
        sheet=values["sheet"],
        first_data_row=int(values["first_data_row"]),
        last_data_row=int(values["last_data_row"]),
        columns={key: value for key, value in pairs if key.isalpha() and key.isupper()},
    )

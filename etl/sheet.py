"""What every reader hands on: a sheet as a grid of plain cell values."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

# The template's hidden sheet of what it is (etl/template.py): read by nothing as figures. At national scale
# its "template_version 1" named unit 00001.
TEMPLATE_META_SHEET = "_meta"

Cell = str | float | int | bool | date | datetime | None


@dataclass
class Sheet:
    """One sheet (or a whole CSV file) as the analyst sees it in Excel.

    `rows[r][c]` is the cell in Excel row r + 1 and column c + 1 (column letters by `column_letter`).
    Merged ranges are listed as (first_row, first_col, last_row, last_col), 0-based and inclusive;
    only their top-left cell holds the value, as in Excel.
    """

    name: str
    rows: list[list[Cell]]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    # Cells that hold a formula or a number but no saved value (a workbook saved without recalculating,
    # a NaN written by a program): blank to the reader, but not empty to whoever filled the report.
    valueless: set[tuple[int, int]] = field(default_factory=set)

    @property
    def width(self) -> int:
        return max((len(row) for row in self.rows), default=0)

    def cell(self, row: int, col: int) -> Cell:
        if row >= len(self.rows) or col >= len(self.rows[row]):
            return None
        return self.rows[row][col]


def column_letter(col: int) -> str:
    """0 → A, 25 → Z, 26 → AA: how Excel names a column."""
    letters = ""
    col += 1
    while col:
        col, remainder = divmod(col - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters

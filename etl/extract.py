"""Finding the table in a free-form sheet and reading its figures, wide or long.

A sheet's table is found from its units: the column where most cells name a unit is the unit
column, the first such row starts the data, and the rows just above it (less a row of column
numbers and district headers) are the header. Totals, subtotals, district headers, notes and
signatures are recognised and skipped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from etl.columns import assign
from etl.headers import Candidate, Role, candidates, fold_header, indicator_kinds, indicator_names
from etl.numbers import ParsedNumber, parse_number
from etl.periods import find_period
from etl.sheet import Cell, Sheet
from etl.units import Unit, UnitIndex
from geo.names import fold_district, normalise_code

MAX_HEADER_ROWS = 3
# "(1)", "2", "A", "(5)=(4)/(3)", "(8) = (7)x100/(6)": numbers the columns, names nothing.
_COLUMN_NUMBER = re.compile(r"^(?:\(\w{1,3}\)|\w{1,2})(?:[=*/+x:-](?:\(\w{1,3}\)|\d+))*$", re.IGNORECASE)
_TOTAL = re.compile(r"^(?:tong cong|tong so|tong|cong|toan tinh|cong huyen|cong thanh pho|cong thi xa|total)\b")
_LONG_VALUE_HEADERS = {
    "numerator": ("tu so", "numerator"),
    "denominator": ("mau so", "denominator"),
    "value": ("gia tri", "so lieu", "so luong", "value"),
}
_INDICATOR_HEADERS = ("chi tieu", "ma chi tieu", "indicator", "kpi")
# A column that says each row's month, as system exports have ("ky_bao_cao" = "08/2025").
PERIOD_HEADERS = ("ky bao cao", "ky bc", "ky", "thang bao cao", "thang", "period", "month", "reporting month")


@dataclass
class Column:
    index: int
    group: str
    header: str
    candidates: list[Candidate]  # what the header alone could mean, best first
    roles: list[Role] = field(default_factory=list)  # what the column holds, settled for the whole table
    unsure: bool = False  # equally good readings: the analyst chooses among the candidates

    @property
    def key(self) -> str:
        """What identifies the column across files of the same shape."""
        return f"{fold_header(self.group)} | {fold_header(self.header)}".strip(" |")


@dataclass
class Cellref:
    sheet: str
    row: int  # 0-based
    col: int

    @property
    def place(self) -> tuple[str, int, int]:
        """(sheet, row, col): where a finding about this cell points."""
        return self.sheet, self.row, self.col


@dataclass
class RawFigure:
    """One number read from a cell, before checks: which unit, which indicator figure, where."""

    unit: Unit
    role: Role
    parsed: ParsedNumber
    text: str
    at: Cellref


@dataclass
class UnitRow:
    """A row naming a unit, or failing to."""

    text: str
    at: Cellref
    unit: Unit | None
    problem: str | None
    candidates: list[Unit]
    suggestions: list[str]
    has_numbers: bool
    kpi: str | None = None  # in a long layout, the indicator the row is about
    how: str | None = None  # how the unit was recognised (see etl.units.UnitMatch)
    district: str | None = None  # the district the row names, in a column or a heading row above it


@dataclass
class Table:
    sheet: str
    layout: str  # "wide" or "long"
    unit_col: int
    district_col: int | None
    header_rows: list[int]
    first_data_row: int
    columns: list[Column]
    title_text: str  # the text above the header, where the period usually is
    period_col: int | None = None  # a column naming each row's month, where the table has one
    rows: list[UnitRow] = field(default_factory=list)
    figures: list[RawFigure] = field(default_factory=list)


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        # 1e308 as "1e+308", not its 309 digits: the cell is named in a finding, which must stay short
        return str(int(cell)) if abs(cell) < 1e15 else f"{cell:.6g}"
    return str(cell).strip()


def _is_number_like(cell: Cell) -> bool:
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return True
    text = _text(cell)
    return bool(text) and re.fullmatch(r"[-+]?[\d.,\s%]+", text) is not None


def find_table(sheet: Sheet, index: UnitIndex, edition: str) -> Table | None:
    unit_col = _unit_column(sheet, index)
    if unit_col is None:
        return None
    first = next(r for r in range(len(sheet.rows)) if _names_a_unit(index, sheet.cell(r, unit_col)))
    header_rows = _header_rows(sheet, first, index)
    columns = _columns(sheet, header_rows, skip={unit_col})
    assign_roles(columns)
    title_end = header_rows[0] if header_rows else first
    title_text = " ".join(_text(c) for r in range(title_end) for c in sheet.rows[r] if _text(c))
    district_col = _district_column(sheet, first, unit_col, index, edition)
    layout = "long" if _long_indicator_column(columns) is not None else "wide"
    period_col = next((c.index for c in columns if fold_header(c.header) in PERIOD_HEADERS), None)
    return Table(sheet.name, layout, unit_col, district_col, header_rows, first, columns, title_text, period_col)


def _names_a_unit(index: UnitIndex, cell: Cell) -> bool:
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        # A number names a unit only as its code. Asked first because the unit column is found by asking
        # every cell (53,000 in a national report, most of them figures): the general path spent 0.4 s
        # folding each figure's digits as if they were a name.
        return index.has_code(normalise_code(cell))
    text = _text(cell)
    if not text or len(text) > 60:
        return False
    match = index.match(text, edition="*")  # any edition: is this a unit name at all?
    return match.problem in ("other_edition", "ambiguous") or match.unit is not None


def _unit_column(sheet: Sheet, index: UnitIndex) -> int | None:
    counts = [0] * sheet.width
    for row in sheet.rows:  # row by row, each cell once: 53,000 cells in a national report
        for col, cell in enumerate(row):
            if cell is not None and _names_a_unit(index, cell):
                counts[col] += 1
    if not counts or max(counts) == 0:
        return None
    best = max(counts)
    # Codes identify a unit better than names: prefer a code column that covers the table.
    for col, hits in enumerate(counts):
        if hits >= 0.8 * best and _mostly_codes(sheet, col):
            return col
    return counts.index(best)


def _mostly_codes(sheet: Sheet, col: int) -> bool:
    values = [_text(sheet.cell(r, col)) for r in range(len(sheet.rows))]
    codes = [v for v in values if re.fullmatch(r"\d{4,5}", v)]
    return len(codes) >= 3


def _header_rows(sheet: Sheet, first_data_row: int, index: UnitIndex) -> list[int]:
    rows: list[int] = []
    r = first_data_row - 1
    while r >= 0 and len(rows) < MAX_HEADER_ROWS:
        texts = [_text(c) for c in sheet.rows[r]] if r < len(sheet.rows) else []
        filled = [t for t in texts if t]
        if not filled:
            if rows:
                break
        elif all(_COLUMN_NUMBER.match(re.sub(r"\s+", "", t)) for t in filled):
            pass  # "(1) (2) (3)": numbers the columns, names nothing
        elif _is_district_row(filled, index) and not rows:
            pass
        elif _is_total_row(filled) and not rows:
            pass  # the province's total printed first, under the headers
        elif len(filled) < 2 and (not _covered_by_merge(sheet, r) or _is_title(filled[0], sheet, r)):
            break
        else:
            rows.insert(0, r)
        r -= 1
    return rows


_LIST_MARKER = re.compile(r"^(?:[ivxlc]+|[a-z]|\d+)[.)]?$")


def _is_district_row(filled: list[str], index: UnitIndex) -> bool:
    """ "I. Thành phố Hạ Long", or "I" and "Thành phố Hạ Long" in two cells: a district's heading."""
    districts = [t for t in filled if _is_district_header(t, index)]
    others = [t for t in filled if t not in districts]
    return len(districts) == 1 and all(_LIST_MARKER.match(fold_header(t)) for t in others)


def _is_total_row(filled: list[str]) -> bool:
    """ "Tổng cộng toàn tỉnh" (or "Cộng", "Toàn tỉnh") beside numbers only: a total, not a header."""
    words = [t for t in filled if not _is_number_like(t)]
    return len(words) == 1 and _TOTAL.match(fold_header(words[0])) is not None and len(filled) > 2


def _is_title(text: str, sheet: Sheet, row: int) -> bool:
    """A single merged line naming the month, or spanning the whole table, is a title, not a group header."""
    if find_period(text) is not None:
        return True
    widest = max((c2 - c1 + 1 for r1, c1, r2, c2 in sheet.merged if r1 <= row <= r2), default=0)
    return widest >= 0.8 * sheet.width


def _covered_by_merge(sheet: Sheet, row: int) -> bool:
    return any(r1 <= row <= r2 and c2 > c1 for r1, c1, r2, c2 in sheet.merged)


def _is_district_header(text: str, index: UnitIndex) -> bool:
    folded = fold_district(text)
    return bool(folded) and folded in index.district_keys()


def _merged_value(sheet: Sheet, row: int, col: int) -> Cell:
    value = sheet.cell(row, col)
    if _text(value):
        return value
    for r1, c1, r2, c2 in sheet.merged:
        if r1 <= row <= r2 and c1 <= col <= c2:
            return sheet.cell(r1, c1)
    return None


def _columns(sheet: Sheet, header_rows: list[int], skip: set[int]) -> list[Column]:
    columns = []
    for col in range(sheet.width):
        if col in skip:
            continue
        parts = [_text(_merged_value(sheet, r, col)) for r in header_rows]
        header = parts[-1] if parts else ""
        group = " ".join(dict.fromkeys(p for p in parts[:-1] if p and p != header))
        columns.append(Column(col, group, header, candidates(group, header)))
    return columns


def assign_roles(columns: list[Column], mapping: Mapping[str, list[Role]] | None = None) -> None:
    """Settle what every column holds, for the whole table at once (etl.columns); a column the analyst
    mapped (`mapping`: column key → roles) holds what they chose, and no other column holds that."""
    mapping = mapping or {}
    pinned = {position: mapping[c.key] for position, c in enumerate(columns) if c.key in mapping}
    settled = assign([c.candidates for c in columns], [c.group for c in columns], pinned)
    for column, assigned in zip(columns, settled, strict=True):
        column.roles, column.unsure = assigned.roles, assigned.unsure
    _bare_rates_follow_their_counts(columns)


def _bare_rates_follow_their_counts(columns: list[Column]) -> None:
    """A bare "Tỷ lệ (%)" right after a numerator and denominator is their rate ("(5)=(4)/(3)"); one whose
    group header names two indicators equally (unsure) stays the analyst's to settle."""
    for position, column in enumerate(columns):
        if column.roles or column.unsure or fold_header(column.header).replace("%", "").strip() != "ty le":
            continue
        before = [c for c in columns[:position] if c.roles][-1:]
        if before and before[0].roles[0].role in ("numerator", "denominator"):
            column.roles = [Role(before[0].roles[0].kpi, "rate")]


def _district_column(sheet: Sheet, first: int, unit_col: int, index: UnitIndex, edition: str) -> int | None:
    keys = index.district_keys(None if edition == "*" else edition)
    if not keys:
        return None
    for col in range(sheet.width):
        if col == unit_col:
            continue
        values = [fold_district(_text(sheet.cell(r, col))) for r in range(first, len(sheet.rows))]
        filled = [v for v in values if v]
        if filled and sum(v in keys for v in filled) >= 0.6 * len(filled) and len(filled) >= 2:
            return col
    return None


def _long_indicator_column(columns: list[Column]) -> Column | None:
    for column in columns:
        if fold_header(column.header) in _INDICATOR_HEADERS:
            return column
    return None


def read_rows(table: Table, sheet: Sheet, index: UnitIndex, edition: str, convention: str | None) -> None:
    """Fill `table.rows` and `table.figures` from the data rows."""
    district: str | None = None
    for r in range(table.first_data_row, len(sheet.rows)):
        texts = [_text(c) for c in sheet.rows[r]]
        filled = [t for t in texts if t]
        if not filled:
            continue
        unit_text = _text(sheet.cell(r, table.unit_col))
        if _is_district_row(filled, index):
            district = next(t for t in filled if _is_district_header(t, index))
            continue
        names_unit = _names_a_unit(index, unit_text)
        # "Cộng Hòa" is a commune, "Cộng TP Hạ Long" a subtotal: a unit name is never a total.
        if not names_unit and any(_TOTAL.match(fold_header(t)) for t in filled if not _is_number_like(t)):
            continue
        value_columns = [c for c in table.columns if c.roles or table.layout == "long"]
        has_numbers = any(_is_number_like(sheet.cell(r, c.index)) for c in value_columns)
        if not unit_text:
            continue
        row_district = _text(sheet.cell(r, table.district_col)) if table.district_col is not None else district
        match = index.match(unit_text, edition, row_district or district)
        at = Cellref(table.sheet, r, table.unit_col)
        if match.unit is None and match.problem == "unknown" and not has_numbers:
            continue  # notes and signatures below the table
        row_kpi = None
        if table.layout == "long":
            indicator_col = _long_indicator_column(table.columns)
            row_kpi = kpi_from_text(_text(sheet.cell(r, indicator_col.index))) if indicator_col else None
        table.rows.append(
            UnitRow(
                unit_text,
                at,
                match.unit,
                match.problem,
                match.candidates,
                match.suggestions,
                has_numbers,
                row_kpi,
                match.how,
                row_district or district,
            )
        )
        if match.unit is not None:
            _read_figures(table, sheet, r, match.unit, convention)


def _read_figures(table: Table, sheet: Sheet, r: int, unit: Unit, convention: str | None) -> None:
    if table.layout == "long":
        _read_long(table, sheet, r, unit, convention)
        return
    for column in table.columns:
        cell = sheet.cell(r, column.index)
        for role in column.roles:
            parsed = parse_number(cell, convention)
            if parsed.value is None and parsed.error is None:
                continue  # blank or dash: no figure
            table.figures.append(RawFigure(unit, role, parsed, _text(cell), Cellref(table.sheet, r, column.index)))


def _read_long(table: Table, sheet: Sheet, r: int, unit: Unit, convention: str | None) -> None:
    indicator_col = _long_indicator_column(table.columns)
    assert indicator_col is not None
    kpi = kpi_from_text(_text(sheet.cell(r, indicator_col.index)))
    if kpi is None:
        return
    for column in table.columns:
        folded = fold_header(column.header)
        value_role = next((k for k, names in _LONG_VALUE_HEADERS.items() if folded in names), None)
        if value_role is None:
            continue
        cell = sheet.cell(r, column.index)
        parsed = parse_number(cell, convention)
        if parsed.value is None and parsed.error is None:
            continue
        role = _long_role(kpi, value_role, parsed)
        table.figures.append(RawFigure(unit, role, parsed, _text(cell), Cellref(table.sheet, r, column.index)))


def _long_role(kpi: str, value_role: str, parsed: ParsedNumber) -> Role:
    """The figure a long layout's value column holds ("value", "numerator", "denominator"), for this indicator."""
    if value_role == "value":
        return Role(kpi, "count" if indicator_kinds()[kpi] == "count" else "rate")
    if value_role == "numerator" and indicator_kinds()[kpi] == "count":
        return Role(kpi, "count")
    return Role(kpi, value_role)


def kpi_from_text(text: str) -> str | None:
    folded = fold_header(text)
    names = indicator_names()
    if text.strip() in names.values():
        return text.strip()
    return names.get(folded)


def period_cells(sheet: Sheet, table: Table) -> list[Cell]:
    """What the table's period column says below its header (nothing without such a column)."""
    if table.period_col is None:
        return []
    cells = (sheet.cell(r, table.period_col) for r in range(table.first_data_row, len(sheet.rows)))
    return [cell for cell in cells if cell is not None and _text(cell)]


def all_texts(sheet: Sheet, table: Table) -> list[str]:
    """Text values of the table's figure cells, for inferring the number convention."""
    figure_cols = [c.index for c in table.columns if c.roles] or [c.index for c in table.columns]
    return [
        str(sheet.cell(r, col))
        for r in range(table.first_data_row, len(sheet.rows))
        for col in figure_cols
        if isinstance(sheet.cell(r, col), str)
    ]

"""The project's own monthly report template (SPEC §4, §5 `etl template`).

One sheet, pre-filled with the units of the edition in force in the month, one column per figure
under a merged header per indicator. Officers can only type whole numbers ≥ 0 into the figure cells
(numerators no larger than their denominators); everything else is locked. The sheet protection
has no password on purpose: it prevents accidental edits, it is not a security control, and a
password that ships in the source code would protect nothing anyway.

A hidden sheet "_meta" says what the template is (period, edition, version) and which figure each
column holds ("kpi:role" per column letter), so a loader reads a filled template without guessing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from core.editions import edition, edition_in_force
from core.errors import UsageError
from core.files import atomic_path
from core.messages import t
from etl.sheet import TEMPLATE_META_SHEET
from warehouse.reader import ConnectionReader, Reader

TEMPLATE_VERSION = "1"
SHEET_NAME = "Báo cáo"
META_SHEET = TEMPLATE_META_SHEET
TITLE_ROW, NOTE_ROW, GROUP_ROW, SUB_ROW = 1, 2, 4, 5
FIRST_DATA_ROW = SUB_ROW + 1
UNIT_HEADERS = {key: t(f"template.{key}", "vi") for key in ("code", "name", "district")}  # the template is Vietnamese

_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_LOCKED_FILL = PatternFill("solid", fgColor="F2F2F2")
_WRAP = Alignment(wrap_text=True, vertical="center", horizontal="center")


@dataclass(frozen=True)
class FigureColumn:
    kpi: str
    role: str  # "numerator", "denominator" or "count", as the loader's header roles
    label: str  # the sub-header
    group: str  # the indicator's name, the merged group header


def write_template(con: duckdb.DuckDBPyConnection, period: date, out: Path) -> Path:
    """Write the template for `period` (any day of the month) to `out`; returns the path written."""
    period = period.replace(day=1)
    edition_id = edition_in_force(period)
    has_districts = edition(edition_id).has_districts
    source = ConnectionReader(con)
    units = _units(source, edition_id)
    figures = _figure_columns(source)
    unit_keys = ["code", "name", "district"] if has_districts else ["code", "name"]

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET_NAME
    width = len(unit_keys) + len(figures)
    _write_title(sheet, period, edition_id, len(units), width)
    _write_header(sheet, unit_keys, figures)
    last_row = _write_units(sheet, units, unit_keys, len(figures))
    first_figure_col = len(unit_keys) + 1
    if units:
        _add_validations(sheet, figures, first_figure_col, last_row)
    _finish_layout(sheet, unit_keys, first_figure_col, width)

    columns = {get_column_letter(i + 1): f"unit:{key}" for i, key in enumerate(unit_keys)}
    columns |= {get_column_letter(first_figure_col + i): f"{f.kpi}:{f.role}" for i, f in enumerate(figures)}
    _write_meta(workbook, period, edition_id, last_row, columns)
    # Structure locked: the hidden _meta sheet cannot be unhidden, renamed or deleted by accident.
    workbook.security = WorkbookProtection(lockStructure=True)

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(out) as partial:  # never leave a half-written template under the requested name
        workbook.save(partial)
    return out


def title_text(period: date) -> str:
    """The title row: `etl.periods.find_period` reads the month back from it."""
    return t("template.title", "vi", month=period.month, year=period.year)


def _units(source: Reader, edition_id: str) -> list[tuple[str, str, str | None]]:
    """(code, name, district) of the edition's units, district by district."""
    units = source.units(edition_id).sort_values(["district_code", "code"], na_position="first")
    if units.empty:
        raise UsageError("no_units", edition=edition_id)
    district = units["district_name"].astype(object).where(units["district_name"].notna(), None)
    return list(zip(units["code"], units["name"], district, strict=True))


def _figure_columns(source: Reader) -> list[FigureColumn]:
    """The template's figure columns: numerator and denominator of a rate, the count of a count."""
    columns = []
    indicators = source.indicators()[["kpi", "name_vi", "kind", "numerator_vi", "denominator_vi"]]
    for kpi, name_vi, kind, numerator_vi, denominator_vi in indicators.itertuples(index=False):
        if kind == "rate":
            columns.append(FigureColumn(kpi, "numerator", numerator_vi, name_vi))
            columns.append(FigureColumn(kpi, "denominator", denominator_vi, name_vi))
        else:
            columns.append(FigureColumn(kpi, "count", numerator_vi, name_vi))
    return columns


def _write_title(sheet: Worksheet, period: date, edition_id: str, unit_count: int, width: int) -> None:
    sheet.cell(TITLE_ROW, 1, title_text(period)).font = Font(bold=True, size=14)
    # No other date in the note: the title must be the only period a reader can find.
    district_hint = "" if edition(edition_id).has_districts else t("template.no_districts", "vi")
    note = t("template.instructions", "vi", edition=edition_id, units=unit_count, districts=district_hint)
    sheet.cell(NOTE_ROW, 1, note).font = Font(italic=True)
    sheet.cell(NOTE_ROW, 1).alignment = Alignment(wrap_text=True, vertical="top")
    for row in (TITLE_ROW, NOTE_ROW):
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    sheet.row_dimensions[NOTE_ROW].height = 32


def _write_header(sheet: Worksheet, unit_keys: list[str], figures: list[FigureColumn]) -> None:
    for col, key in enumerate(unit_keys, start=1):
        sheet.cell(GROUP_ROW, col, UNIT_HEADERS[key])
        sheet.merge_cells(start_row=GROUP_ROW, start_column=col, end_row=SUB_ROW, end_column=col)
    col = len(unit_keys) + 1
    for i, figure in enumerate(figures):
        sheet.cell(SUB_ROW, col + i, figure.label)
        starts_group = i == 0 or figures[i - 1].kpi != figure.kpi
        if starts_group:
            sheet.cell(GROUP_ROW, col + i, figure.group)
            last = col + i + sum(1 for f in figures if f.kpi == figure.kpi) - 1
            if last > col + i:
                sheet.merge_cells(start_row=GROUP_ROW, start_column=col + i, end_row=GROUP_ROW, end_column=last)
    for row in (GROUP_ROW, SUB_ROW):
        for c in range(1, col + len(figures)):
            cell = sheet.cell(row, c)
            cell.font, cell.fill, cell.alignment, cell.border = Font(bold=True), _HEADER_FILL, _WRAP, _BORDER
    sheet.row_dimensions[GROUP_ROW].height = 48
    sheet.row_dimensions[SUB_ROW].height = 48


def _write_units(
    sheet: Worksheet, units: list[tuple[str, str, str | None]], unit_keys: list[str], figure_count: int
) -> int:
    """One row per unit; returns the last data row."""
    row = FIRST_DATA_ROW - 1
    for row, (code, name, district) in enumerate(units, start=FIRST_DATA_ROW):
        values = {"code": code, "name": name, "district": district}
        for col, key in enumerate(unit_keys, start=1):
            cell = sheet.cell(row, col, values[key])
            cell.fill, cell.border = _LOCKED_FILL, _BORDER
            if key == "code":
                cell.number_format = "@"  # text: "06649" keeps its leading zero
        for col in range(len(unit_keys) + 1, len(unit_keys) + figure_count + 1):
            cell = sheet.cell(row, col)
            cell.protection = Protection(locked=False)  # the only cells an officer can type into
            cell.number_format = "#,##0"
            cell.border = _BORDER
    return row


def _add_validations(sheet: Worksheet, figures: list[FigureColumn], first_col: int, last_row: int) -> None:
    """Whole numbers ≥ 0 everywhere; a numerator also no larger than its denominator.

    Excel applies one validation per cell, so numerator columns get a custom rule that includes the
    whole-number check instead of overlapping two rules.
    """
    whole = DataValidation(
        type="whole",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle=t("template.invalid", "vi"),
        error=t("template.whole_number", "vi"),
        showInputMessage=True,
        promptTitle=t("template.enter_figure", "vi"),
        prompt=t("template.figure_prompt", "vi"),
    )
    sheet.add_data_validation(whole)
    for i, figure in enumerate(figures):
        letter = get_column_letter(first_col + i)
        cells = f"{letter}{FIRST_DATA_ROW}:{letter}{last_row}"
        has_denominator = figure.role == "numerator" and i + 1 < len(figures) and figures[i + 1].role == "denominator"
        if not has_denominator:
            whole.add(cells)
            continue
        own, other = f"{letter}{FIRST_DATA_ROW}", f"{get_column_letter(first_col + i + 1)}{FIRST_DATA_ROW}"
        bounded = DataValidation(
            type="custom",
            # Relative to the range's first cell, as Excel reads it; no leading "=" in the file format.
            formula1=f"AND(ISNUMBER({own}),{own}=INT({own}),{own}>=0,OR(ISBLANK({other}),{own}<={other}))",
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="stop",
            errorTitle=t("template.invalid", "vi"),
            error=t("template.numerator_error", "vi", denominator=figures[i + 1].label),
            showInputMessage=True,
            promptTitle=t("template.enter_numerator", "vi"),
            prompt=t("template.numerator_prompt", "vi"),
        )
        bounded.add(cells)
        sheet.add_data_validation(bounded)


def _finish_layout(sheet: Worksheet, unit_keys: list[str], first_figure_col: int, width: int) -> None:
    sheet.freeze_panes = sheet.cell(FIRST_DATA_ROW, first_figure_col)  # header rows and unit columns stay
    widths = {"code": 11, "name": 26, "district": 24}
    for col, key in enumerate(unit_keys, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = widths[key]
    for col in range(first_figure_col, width + 1):
        sheet.column_dimensions[get_column_letter(col)].width = 18
    sheet.print_title_rows = f"{GROUP_ROW}:{SUB_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    # No password (see the module docstring). Officers may still resize rows and columns.
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False


def _write_meta(workbook: Workbook, period: date, edition_id: str, last_row: int, columns: dict[str, str]) -> None:
    meta = workbook.create_sheet(META_SHEET)
    rows = [
        ("key", "value"),
        ("template_version", TEMPLATE_VERSION),
        ("period", f"{period:%Y-%m}"),
        ("edition", edition_id),
        ("sheet", SHEET_NAME),
        ("header_rows", f"{GROUP_ROW}-{SUB_ROW}"),
        ("first_data_row", FIRST_DATA_ROW),
        ("last_data_row", last_row),
        *columns.items(),  # column letter → "kpi:role"
    ]
    for row in rows:
        meta.append(row)
    meta.sheet_state = "hidden"
    meta.protection.sheet = True

"""The monthly report template (etl/template.py): units of the edition in force, locked headers, validation."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.worksheet.worksheet import Worksheet

from core.errors import DxError
from etl.periods import find_period
from etl.template import FIRST_DATA_ROW, GROUP_ROW, META_SHEET, SHEET_NAME, SUB_ROW, write_template
from tests.template_meta import read_meta
from warehouse import connect
from warehouse.init import SCHEMA, init_warehouse

# (period, edition, units, has a district column)
CASES = [
    (date(2024, 3, 1), "2020", 177, True),
    (date(2025, 1, 1), "2024", 171, True),
    (date(2026, 10, 1), "2025", 54, False),
]
RATES = ["online_dossier_rate", "chip_id_coverage", "eid_level2_rate", "smartphone_adult_rate", "cashless_utility_rate"]
FIGURE_COLUMNS = 2 * 6 + 2  # six rates with numerator and denominator, two counts


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    with connect(tmp_path_factory.mktemp("template") / "warehouse.duckdb") as con:
        init_warehouse(con)
        yield con


@pytest.fixture(scope="module")
def templates(warehouse: duckdb.DuckDBPyConnection, tmp_path_factory: pytest.TempPathFactory) -> dict[date, Path]:
    folder = tmp_path_factory.mktemp("out")
    return {period: write_template(warehouse, period, folder / f"{period:%Y-%m}.xlsx") for period, *_ in CASES}


def _sheet(path: Path) -> Worksheet:
    return load_workbook(path)[SHEET_NAME]


def _unit_columns(has_districts: bool) -> int:
    return 3 if has_districts else 2


@pytest.mark.parametrize(("period", "edition", "units", "has_districts"), CASES)
def test_one_prefilled_row_per_unit(templates, warehouse, period, edition, units, has_districts):
    sheet = _sheet(templates[period])
    last = FIRST_DATA_ROW + units - 1
    assert sheet.max_row == last
    codes = [sheet.cell(r, 1).value for r in range(FIRST_DATA_ROW, last + 1)]
    names = [sheet.cell(r, 2).value for r in range(FIRST_DATA_ROW, last + 1)]
    expected = warehouse.execute(
        "SELECT code, name FROM unit WHERE edition = ? ORDER BY district_code NULLS FIRST, code", [edition]
    ).fetchall()
    assert list(zip(codes, names, strict=True)) == expected
    assert all(isinstance(c, str) and len(c) == 5 for c in codes)  # text, leading zeros kept
    if has_districts:
        assert sheet.cell(GROUP_ROW, 3).value == "Huyện/thị xã/thành phố"
        districts = {sheet.cell(r, 3).value for r in range(FIRST_DATA_ROW, last + 1)}
        assert None not in districts and len(districts) > 1
    else:
        assert sheet.cell(GROUP_ROW, 3).value != "Huyện/thị xã/thành phố"
        assert sheet.max_column == 2 + FIGURE_COLUMNS
    assert sheet.cell(GROUP_ROW, 1).value == "Mã đơn vị" and sheet.cell(GROUP_ROW, 2).value == "Tên đơn vị"
    # Figure cells start empty.
    first_figure = _unit_columns(has_districts) + 1
    assert all(
        sheet.cell(r, c).value is None
        for r in range(FIRST_DATA_ROW, last + 1)
        for c in range(first_figure, first_figure + FIGURE_COLUMNS)
    )


def test_rows_sorted_by_district_then_code(templates):
    sheet = _sheet(templates[date(2024, 3, 1)])
    districts = [sheet.cell(r, 3).value for r in range(FIRST_DATA_ROW, sheet.max_row + 1)]
    # Each district is one contiguous block, codes ascending inside it.
    blocks = [d for i, d in enumerate(districts) if i == 0 or districts[i - 1] != d]
    assert len(blocks) == len(set(blocks)) == 13
    for district in blocks:
        codes = [
            sheet.cell(r, 1).value
            for r in range(FIRST_DATA_ROW, sheet.max_row + 1)
            if districts[r - FIRST_DATA_ROW] == district
        ]
        assert codes == sorted(codes)


@pytest.mark.parametrize(("period", "edition", "units", "has_districts"), CASES)
def test_title_names_the_period_and_notes_the_edition(templates, period, edition, units, has_districts):
    sheet = _sheet(templates[period])
    title = sheet.cell(1, 1).value
    assert title == f"BÁO CÁO SỐ LIỆU CHUYỂN ĐỔI SỐ THÁNG {period.month} NĂM {period.year}"
    assert find_period(title) == period
    note = sheet.cell(2, 1).value
    assert f"phiên bản {edition}" in note and f"{units} đơn vị" in note
    assert find_period(note) is None  # the title is the only period in the sheet


@pytest.mark.parametrize(("period", "edition", "units", "has_districts"), CASES)
def test_two_row_header_with_merged_indicator_groups(templates, warehouse, period, edition, units, has_districts):
    sheet = _sheet(templates[period])
    merged = {str(r) for r in sheet.merged_cells.ranges}
    first = _unit_columns(has_districts) + 1
    indicators = warehouse.execute(
        "SELECT kpi, name_vi, kind, numerator_vi, denominator_vi FROM indicator ORDER BY sort_order"
    ).fetchall()
    col = first
    for _kpi, name_vi, kind, numerator_vi, denominator_vi in indicators:
        assert sheet.cell(GROUP_ROW, col).value == name_vi
        assert sheet.cell(SUB_ROW, col).value == numerator_vi
        if kind == "rate":
            assert sheet.cell(SUB_ROW, col + 1).value == denominator_vi
            letters = get_column_letter(col), get_column_letter(col + 1)
            assert f"{letters[0]}{GROUP_ROW}:{letters[1]}{GROUP_ROW}" in merged
            col += 2
        else:
            col += 1
    assert col == first + FIGURE_COLUMNS
    for c in range(1, first):  # unit headers span both header rows
        letter = get_column_letter(c)
        assert f"{letter}{GROUP_ROW}:{letter}{SUB_ROW}" in merged
    assert sheet.freeze_panes == f"{get_column_letter(first)}{FIRST_DATA_ROW}"


@pytest.mark.parametrize(("period", "edition", "units", "has_districts"), CASES)
def test_every_figure_cell_is_validated_once(templates, period, edition, units, has_districts):
    sheet = _sheet(templates[period])
    first, last_row = _unit_columns(has_districts) + 1, FIRST_DATA_ROW + units - 1
    covered: dict[tuple[int, int], str] = {}
    for validation in sheet.data_validations.dataValidation:
        assert validation.showErrorMessage and validation.errorStyle == "stop"
        assert "số nguyên không âm" in validation.error  # Vietnamese message
        for cell_range in validation.sqref.ranges:
            min_col, min_row, max_col, max_row = range_boundaries(str(cell_range))
            assert (min_row, max_row) == (FIRST_DATA_ROW, last_row)
            for c in range(min_col, max_col + 1):
                for r in range(min_row, max_row + 1):
                    assert (r, c) not in covered  # Excel honours one validation per cell
                    covered[(r, c)] = validation.type
    expected = {(r, c) for r in range(FIRST_DATA_ROW, last_row + 1) for c in range(first, first + FIGURE_COLUMNS)}
    assert set(covered) == expected
    whole = [v for v in sheet.data_validations.dataValidation if v.type == "whole"]
    assert len(whole) == 1
    assert (whole[0].operator, whole[0].formula1) == ("greaterThanOrEqual", "0")
    # Numerators of the six rates: whole ≥ 0 and no larger than the denominator beside them.
    custom = [v for v in sheet.data_validations.dataValidation if v.type == "custom"]
    assert len(custom) == 6
    numerator = get_column_letter(first)
    denominator = get_column_letter(first + 1)
    rule = next(v for v in custom if str(v.sqref) == f"{numerator}{FIRST_DATA_ROW}:{numerator}{last_row}")
    assert rule.formula1 == (
        f"AND(ISNUMBER({numerator}6),{numerator}6=INT({numerator}6),{numerator}6>=0,"
        f"OR(ISBLANK({denominator}6),{numerator}6<={denominator}6))"
    )


@pytest.mark.parametrize(("period", "edition", "units", "has_districts"), CASES)
def test_sheet_protected_with_only_figure_cells_unlocked(templates, period, edition, units, has_districts):
    sheet = _sheet(templates[period])
    assert sheet.protection.sheet
    assert not sheet.protection.password  # documented: no password
    first, last_row = _unit_columns(has_districts) + 1, FIRST_DATA_ROW + units - 1
    for r in (FIRST_DATA_ROW, FIRST_DATA_ROW + units // 2, last_row):
        for c in range(first, first + FIGURE_COLUMNS):
            assert sheet.cell(r, c).protection.locked is False
        for c in range(1, first):
            assert sheet.cell(r, c).protection.locked is True
    for r in (1, 2, GROUP_ROW, SUB_ROW):
        assert sheet.cell(r, first).protection.locked is True


@pytest.mark.parametrize(("period", "edition", "units", "has_districts"), CASES)
def test_hidden_meta_maps_every_column(templates, period, edition, units, has_districts):
    workbook = load_workbook(templates[period])
    assert workbook.sheetnames == [SHEET_NAME, META_SHEET]
    assert workbook[META_SHEET].sheet_state == "hidden"
    assert workbook.security is not None and workbook.security.lockStructure
    meta = read_meta(templates[period])
    assert meta is not None
    assert (meta.version, meta.period, meta.edition, meta.sheet) == ("1", period, edition, SHEET_NAME)
    assert (meta.first_data_row, meta.last_data_row) == (FIRST_DATA_ROW, FIRST_DATA_ROW + units - 1)
    unit_keys = ["unit:code", "unit:name", "unit:district"][: _unit_columns(has_districts)]
    first = len(unit_keys) + 1
    assert list(meta.columns.values())[: len(unit_keys)] == unit_keys
    figures = {meta.columns[get_column_letter(c)] for c in range(first, first + FIGURE_COLUMNS)}
    assert figures == (
        {f"{kpi}:{role}" for kpi in [*RATES, "village_team_coverage"] for role in ("numerator", "denominator")}
        | {"dx_teams:count", "dx_team_members:count"}
    )
    assert len(meta.columns) == len(unit_keys) + FIGURE_COLUMNS
    # The mapping agrees with the visible headers.
    sheet = workbook[SHEET_NAME]
    assert sheet.cell(SUB_ROW, first).value == "Hồ sơ tiếp nhận trực tuyến"
    assert meta.columns[get_column_letter(first)] == "online_dossier_rate:numerator"


def test_any_day_of_the_month_and_edition_boundaries(warehouse, tmp_path):
    out = write_template(warehouse, date(2024, 10, 31), tmp_path / "sub" / "oct.xlsx")
    assert out.exists() and not list(out.parent.glob("*.partial"))
    meta = read_meta(out)
    assert meta is not None and (meta.period, meta.edition) == (date(2024, 10, 1), "2020")
    meta = read_meta(write_template(warehouse, date(2025, 7, 1), tmp_path / "jul.xlsx"))
    assert meta is not None and meta.edition == "2025" and meta.last_data_row == FIRST_DATA_ROW + 54 - 1


def test_read_meta_of_another_workbook_is_none(tmp_path):
    from openpyxl import Workbook

    path = tmp_path / "other.xlsx"
    Workbook().save(path)
    assert read_meta(path) is None


def test_uninitialised_warehouse_is_refused(tmp_path):
    with connect(tmp_path / "bare.duckdb") as con:
        con.execute(SCHEMA.read_text("utf-8"))  # tables, but no units or indicators
        with pytest.raises(DxError, match="etl init"):
            write_template(con, date(2024, 3, 1), tmp_path / "t.xlsx")
    assert not (tmp_path / "t.xlsx").exists()

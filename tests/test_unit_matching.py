"""The right commune every time: a name that matches a unit outside the district a file belongs to is a
question for the analyst, never a silent answer (issue 10, item 4)."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from etl.load import Choices, build_context, check_upload
from etl.pipeline import check_file
from tests.corpus import code_of
from warehouse import connect

TIEN_YEN = ["Thị trấn Tiên Yên", "Xã Hà Lâu", "Xã Đại Dực", "Xã Phong Dụ", "Xã Điền Xá", "Xã Đông Ngũ"]


def tien_yen_report(typo: str, district_column: str | None = None) -> bytes:
    """Tiên Yên's March 2024 teams, one row written `typo` (meant: Xã Yên Than); with `district_column`,
    a district column that names that row's district so."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["BÁO CÁO THÁNG 3 NĂM 2024 - HUYỆN TIÊN YÊN"])
    district = ["Huyện"] if district_column else []
    sheet.append(["STT", "Tên đơn vị", *district, "Số tổ công nghệ số cộng đồng", "Số thành viên"])
    for number, name in enumerate([*TIEN_YEN, typo], start=1):
        if district_column:
            district = [district_column if name == typo else "Huyện Tiên Yên"]
        sheet.append([number, name, *district, 5 + number, 40 + number])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def context(empty_db_template: Path):
    with connect(empty_db_template, read_only=True) as con:
        yield build_context(con)


@pytest.mark.parametrize("typo", ["Yên Thanh", "YÊN THANH", "Yen Thanh", "P. Yên Thanh"])
def test_a_name_of_another_district_is_a_question_not_an_answer(context, typo):
    result = check_file(tien_yen_report(typo), "tien_yen_T3.xlsx", context)
    (error,) = [f for f in result.errors]
    assert error.code == "outside_district" and error.row == 9 and error.column == "B"
    assert "Phường Yên Thanh" in error.message_vi and "Xã Yên Than" in error.message_vi  # the suggestion
    assert "06826" not in set(result.observations["unit_code"])  # nothing lands on Uông Bí's ward
    assert len(set(result.observations["unit_code"])) == len(TIEN_YEN)


def test_a_row_whose_district_is_written_keeps_its_match(context):
    result = check_file(tien_yen_report("Phường Yên Thanh", "Thành phố Uông Bí"), "t3.xlsx", context)
    assert result.errors == []
    assert "06826" in set(result.observations["unit_code"])


def test_a_code_is_never_questioned(context):
    result = check_file(tien_yen_report("06826"), "tien_yen_T3.xlsx", context)
    assert result.errors == [] and "06826" in set(result.observations["unit_code"])


def test_the_analysts_choice_settles_it(empty_db):
    data = tien_yen_report("Yên Thanh")
    choices = Choices(units={("2020", "Yên Thanh"): "06880"})  # Xã Yên Than, picked on the upload page
    result, _ = check_upload(empty_db, data, "tien_yen_T3.xlsx", choices=choices)
    assert result.errors == []
    teams = result.observations.set_index(["unit_code", "kpi"])
    assert teams.at[("06880", "dx_teams"), "numerator"] == 5 + len(TIEN_YEN) + 1


def test_findings_name_a_unit_as_the_months_own_map_does(sample_db_template: Path):
    """Code 06862 is "Thị trấn Tiên Yên" on the 2020 map and "Xã Tiên Yên" on the 2025 one: a 2023
    report's finding about it uses the 2020 name (issue 10, item 9)."""
    rows = ["Mã đơn vị,Tên đơn vị,Số tổ công nghệ số"]
    with connect(sample_db_template, read_only=True) as con:
        units = con.execute("SELECT code, name FROM unit WHERE edition = '2020' AND district_code = '199'").fetchall()
        rows += [f"{code},{name},{500 if code == '06862' else 5}" for code, name in units]
        result = check_file("\n".join(rows).encode(), "tien-yen-2023-06.csv", build_context(con))
    jumps = [f for f in result.findings if f.code == "unusual_jump"]
    assert jumps and all("Thị trấn Tiên Yên" in f.message(lang) for f in jumps for lang in ("vi", "en"))
    assert not any("Xã Tiên Yên" in f.message(lang) for f in result.findings for lang in ("vi", "en"))


def _with_row_written(name: str, written: str) -> bytes:
    """Tiên Yên's report with the row of `name` written `written`."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["BÁO CÁO THÁNG 3 NĂM 2024 - HUYỆN TIÊN YÊN"])
    sheet.append(["STT", "Tên đơn vị", "Số tổ công nghệ số cộng đồng"])
    for number, unit in enumerate(TIEN_YEN, start=1):
        sheet.append([number, written if unit == name else unit, 5 + number])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "written", "questioned"),
    [
        ("Xã Đông Ngũ", "Xã Đồng Ngũ", True),  # other accents: read as the closest name, and said so
        ("Xã Hà Lâu", "Xã Hà Lau", True),
        ("Xã Phong Dụ", "Phong Du", False),  # no accents at all (typed without them): the usual spelling
        ("Xã Điền Xá", "XA DIEN XA", False),
    ],
)
def test_a_name_read_despite_other_accents_is_never_silent(context, name, written, questioned):
    result = check_file(_with_row_written(name, written), "tien_yen_T3.xlsx", context)
    assert result.errors == []
    row = next(r for t in result.tables for r in t.rows if r.text == written)
    assert row.unit is not None and row.unit.name == name and row.how == "unaccented"
    warned = [f for f in result.findings if f.code == "accents_differ"]
    assert len(warned) == int(questioned)
    if questioned:
        assert warned[0].row == TIEN_YEN.index(name) + 3 and all(name in warned[0].message(x) for x in ("vi", "en"))
    teams = result.observations.set_index("unit_code")["numerator"]
    assert teams[row.unit.code] == 5 + TIEN_YEN.index(name) + 1  # the figure is the row's


def _teams_report(values: list[object], title: str = "BÁO CÁO THÁNG 3 NĂM 2024 - HUYỆN TIÊN YÊN") -> bytes:
    """Tiên Yên's teams and members, the first commune's teams written as `values[0]`, its members `values[1]`."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([title])
    sheet.append(["STT", "Tên đơn vị", "Số tổ công nghệ số cộng đồng", "Số thành viên"])
    for number, name in enumerate(TIEN_YEN, start=1):
        teams, members = (values[0], values[1]) if number == 1 else (5, 40)
        sheet.append([number, name, teams, members])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("teams", "members", "code"),
    [
        (1e308, 40, "implausible_value"),  # a count of 1e308 would crash the briefing's narrative
        (5, 1e20, "implausible_value"),
        (0.5, 40, "fractional_count"),  # half a team
        (float("inf"), 40, "formula_without_value"),  # a program's infinity: saved as a number with no value
        ("=1/0", 40, "formula_without_value"),
        ("=2+3", 40, "formula_without_value"),  # openpyxl saves a formula without computing it
    ],
)
def test_an_impossible_value_is_a_finding_on_its_cell_never_a_figure(context, teams, members, code):
    result = check_file(_teams_report([teams, members]), "tien_yen_T3.xlsx", context)
    (error,) = [f for f in result.errors]
    assert error.code == code and error.row == 3
    first = code_of(TIEN_YEN[0])
    assert first not in set(result.observations.loc[result.observations["numerator"] > 1e6, "unit_code"])
    assert not result.observations["numerator"].isin([0.5, 1e308, 1e20]).any()


def _teams_xls(first_teams: object) -> bytes:
    """The same report as a legacy .xls written by xlwt, which saves formulas without computing them."""
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("BC")
    rows = [["BÁO CÁO THÁNG 3 NĂM 2024 - HUYỆN TIÊN YÊN"], ["STT", "Tên đơn vị", "Số tổ công nghệ số cộng đồng"]]
    rows += [[number, name, first_teams if number == 1 else 5] for number, name in enumerate(TIEN_YEN, start=1)]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, xlwt.Formula(value[1:]) if str(value).startswith("=") else value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _teams_ods(first_teams: object) -> bytes:
    """The same report as .ods; a formula cell carries the value only when `first_teams` is a number."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    def cell(value: object) -> TableCell:
        if isinstance(value, str) and value.startswith("="):
            return TableCell(formula=f"of:{value}")  # written without computing it: no office:value
        if isinstance(value, (int, float)):
            made = TableCell(valuetype="float", value=value)
        else:
            made = TableCell(valuetype="string")
        made.addElement(P(text=str(value)))
        return made

    document = OpenDocumentSpreadsheet()
    table = Table(name="BC")
    rows = [["BÁO CÁO THÁNG 3 NĂM 2024 - HUYỆN TIÊN YÊN"], ["STT", "Tên đơn vị", "Số tổ công nghệ số cộng đồng"]]
    rows += [[number, name, first_teams if number == 1 else 5] for number, name in enumerate(TIEN_YEN, start=1)]
    for row in rows:
        table_row = TableRow()
        for value in row:
            table_row.addElement(cell(value))
        table.addElement(table_row)
    document.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(("make", "name"), [(_teams_xls, "tien_yen_T3.xls"), (_teams_ods, "tien_yen_T3.ods")])
@pytest.mark.parametrize("formula", ["=2+3", "=1/0"])
def test_a_formula_saved_without_a_value_is_a_finding_in_xls_and_ods_too(context, make, name, formula):
    result = check_file(make(formula), name, context)
    assert [(f.code, f.row) for f in result.errors] == [("formula_without_value", 3)]
    assert code_of(TIEN_YEN[0]) not in set(result.observations["unit_code"])


@pytest.mark.parametrize(("make", "name"), [(_teams_xls, "tien_yen_T3.xls"), (_teams_ods, "tien_yen_T3.ods")])
def test_the_same_xls_and_ods_with_values_load_every_commune(context, make, name):
    result = check_file(make(7), name, context)
    assert result.errors == []
    teams = result.observations.set_index("unit_code")["numerator"]
    assert teams[code_of(TIEN_YEN[0])] == 7 and len(teams) == len(TIEN_YEN)


@pytest.mark.parametrize("title", ["BÁO CÁO THÁNG 12 NĂM 2099", "BÁO CÁO THÁNG 1 NĂM 2000"])
def test_a_month_in_the_future_or_before_the_first_map_is_refused(context, title):
    result = check_file(_teams_report([5, 40], title=title), "tien_yen.xlsx", context)
    assert [f.code for f in result.errors] == ["period_out_of_range"]
    assert result.period is None and result.observations.empty


def test_a_file_of_junk_names_is_answered_quickly_with_a_capped_list(context):
    import time

    rows = ["Tên đơn vị,Số tổ công nghệ số"] + [f"{name},5" for name in TIEN_YEN]
    rows += [f"Không phải xã số {i},5" for i in range(20_000)]
    started = time.perf_counter()
    result = check_file("\n".join(rows).encode(), "rac_T3_2024.csv", context)
    seconds = time.perf_counter() - started
    unknown = [f for f in result.findings if f.code == "unknown_unit"]
    more = [f for f in result.findings if f.code == "more_errors"]
    assert len(unknown) == 200 and len(more) == 1 and "19.800" in more[0].message("vi")
    assert "19,800" in more[0].message("en")
    assert set(result.observations["unit_code"]) <= {code_of(name) for name in TIEN_YEN}
    print(f"20,000 unknown names checked in {seconds:.1f} s")  # bounded: close names for 300 rows only


@pytest.mark.parametrize(
    "cell", [6652, 6652.0, 6970, 99999, 0, -6652, 6652.5, 0.85, 1e20, 123456, 1e15, float("nan"), float("inf")]
)
def test_a_number_names_a_unit_exactly_when_its_digits_do(context, cell):
    """The unit column is found by asking every cell; a number takes a shorter way than text, and must
    answer as the same digits written as text do."""
    from etl.extract import _names_a_unit, _text

    assert _names_a_unit(context.index, cell) == _names_a_unit(context.index, _text(cell))


def test_a_code_cell_names_a_unit_and_a_figure_does_not(context):
    from etl.extract import _names_a_unit

    code = int(code_of("Xã Hà Lâu"))
    assert _names_a_unit(context.index, code) and _names_a_unit(context.index, float(code))
    assert not _names_a_unit(context.index, 0.85) and not _names_a_unit(context.index, True)

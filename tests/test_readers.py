"""etl.readers: every format of the corpus reads back as the exact cells that were written."""

from __future__ import annotations

import io
import random
import struct
import unicodedata
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from etl import readers
from etl.isolation import read_safely
from etl.readers import MAX_BYTES, ReadError, detect_delimiter, read_workbook
from etl.sheet import Sheet
from tests import corpus
from tests.corpus import CorpusFile


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, CorpusFile]:
    return corpus.write_all(tmp_path_factory.mktemp("corpus"))


def read(written: CorpusFile, file_name: str | None = None) -> list[Sheet]:
    return read_workbook(written.path.read_bytes(), file_name or written.path.name)


def by_name(sheets: list[Sheet]) -> dict[str, Sheet]:
    return {sheet.name: sheet for sheet in sheets}


def unit_figures(period: str = corpus.PERIOD) -> pd.DataFrame:
    return corpus.expected_figures(period).set_index("unit_code", drop=False)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# --- every corpus file ---------------------------------------------------------------------------

CORPUS_KEYS = [
    "free_form",
    "vocabulary_hanh_chinh",
    "vocabulary_can_cuoc",
    "vocabulary_to_dan_pho",
    "whole_table_dossier_parts",
    "whole_table_teams_in_villages",
    "whole_table_dossier_levels",
    "whole_table_joint_id_rate",
    "whole_table_joint_id_rate_settled",
    "period_cell_0",
    "period_cell_1",
    "period_sheet_name_2",
    "period_file_name_3",
    "percent_and_text",
    "long_layout",
    "period_column_ky_bao_cao",
    "period_column_ky_bao_cao_words",
    "period_column_period_iso",
    "period_column_date_cells",
    "period_column_two_months",
    "csv_comma_utf8",
    "csv_comma_utf8_bom",
    "csv_semicolon_cp1258",
    "csv_tab_utf16",
    "csv_english_cp1252",
    "legacy_xls",
    "ods",
    "multi_sheet",
    "names_district_column",
    "names_type_prefix",
    "names_bare",
    "bad",
    "other_edition",
]


def test_corpus_keys_are_all_listed(files: dict[str, CorpusFile]) -> None:
    assert sorted(files) == sorted(CORPUS_KEYS)


NOT_FIGURES = {"name", "code", "district", "indicator", "numerator", "denominator"}  # the last three: long layout


@pytest.mark.parametrize("key", CORPUS_KEYS)
def test_every_unit_row_reads_back_exactly(files: dict[str, CorpusFile], key: str) -> None:
    written = files[key]
    sheets = by_name(read(written))
    figures = unit_figures(written.figures_period)
    for code in written.units:
        sheet_name, row = written.unit_rows[code]
        sheet = sheets[sheet_name]
        if "name" in written.columns:
            assert sheet.cell(row, written.columns["name"]) == nfc(written.written_names[code])
        for key_, col in written.columns.items():
            if key_ in NOT_FIGURES:
                continue
            value = sheet.cell(row, col)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                assert value == corpus.figure(figures.loc[[code]], key_), (key, code, key_)


def test_figures_are_realistic_and_consistent() -> None:
    figures = corpus.expected_figures()
    assert len(figures) == 177
    for kpi in corpus.rate_kpis():
        assert (figures[f"{kpi}_numerator"] <= figures[f"{kpi}_denominator"]).all(), kpi
        assert (figures[f"{kpi}_numerator"] >= 0).all(), kpi
    assert figures["online_dossier_rate_denominator"].between(100, 2_000).all()
    share = figures["online_dossier_rate_numerator"] / figures["online_dossier_rate_denominator"]
    assert share.between(0.5, 0.95).all()
    assert figures["chip_id_coverage_denominator"].between(3_000, 20_000).all()
    assert corpus.expected_figures().equals(figures), "figures must be deterministic"


# --- the free-form report ------------------------------------------------------------------------


def test_free_form_merged_ranges_and_layout(files: dict[str, CorpusFile]) -> None:
    written = files["free_form"]
    (sheet,) = read(written)
    assert sheet.name == "Báo cáo"
    assert set(sheet.merged) == set(written.merged["Báo cáo"])
    top, _ = written.notes["header_rows"]
    assert sheet.cell(top, 2) == "Hồ sơ TTHC"
    assert (top, 2, top, 4) in sheet.merged  # group header over its three sub-headers
    assert (top, 0, top + 1, 0) in sheet.merged  # "STT" over both header rows
    assert sheet.cell(top + 1, 3) == "HS trực tuyến"
    assert sheet.rows[top + 2][:5] == ["(1)", "(2)", "(3)", "(4)", "(5)=(4)/(3)"]
    assert sheet.cell(written.notes["period_row"], 0) == "Tháng 3 năm 2024"
    assert sheet.cell(0, 0) == "UBND TỈNH QUẢNG NINH"
    assert sheet.cell(0, 9) == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"


def test_free_form_totals_and_districts(files: dict[str, CorpusFile]) -> None:
    written = files["free_form"]
    (sheet,) = read(written)
    figures = corpus.expected_figures()
    total_row = written.notes["total_row"]
    assert sheet.cell(total_row, 1) == "Tổng cộng"
    assert sheet.cell(total_row, 2) == figures["online_dossier_rate_denominator"].sum()
    ha_long = written.notes["subtotal_rows"]["193"]
    assert sheet.cell(ha_long, 1) == "Cộng thành phố Hạ Long"
    in_ha_long = figures[figures["district_code"] == "193"]
    assert sheet.cell(ha_long, 3) == in_ha_long["online_dossier_rate_numerator"].sum()
    assert sheet.rows[written.notes["district_rows"]["193"]] == ["I", "Thành phố Hạ Long"]


def test_free_form_names_keep_their_spelling_but_are_composed(files: dict[str, CorpusFile]) -> None:
    written = files["free_form"]
    (sheet,) = read(written)
    names = {code: sheet.cell(row, 1) for code, (_, row) in written.unit_rows.items()}
    decomposed = [code for code, text in written.written_names.items() if text != nfc(text)]
    assert decomposed, "the corpus writes some names decomposed"
    assert all(names[code] == nfc(written.written_names[code]) for code in decomposed)
    assert names[corpus.code_of("Phường Hà Khẩu")] == "Phường  Hà  Khẩu "  # inner and trailing spaces kept
    assert names[corpus.code_of("Phường Hà Phong")] == "PHƯỜNG HÀ PHONG"
    assert names[corpus.code_of("Xã Hòa Bình")] == "Xã Hoà Bình"  # the other tone placement, as written
    assert names[corpus.code_of("Phường Giếng Đáy")] == "P. Giếng Đáy"


# --- percent cells, text numbers, blanks, dashes -------------------------------------------------


def test_percent_cell_is_a_fraction_and_text_numbers_stay_text(files: dict[str, CorpusFile]) -> None:
    written = files["percent_and_text"]
    (sheet,) = read(written)
    _, ka_long = written.unit_rows[written.notes["percent_unit"]]
    share = sheet.cell(ka_long, written.columns["smartphone_adult_rate.share"])
    assert isinstance(share, float)
    assert share == 0.754
    text_cells = written.notes["text_cells"]
    assert "10.569" in text_cells.values()
    for (row, col), text in text_cells.items():
        assert sheet.cell(row, col) == text
    assert any(text.endswith("%") for text in text_cells.values())


def test_blanks_are_none_and_dashes_stay_text(files: dict[str, CorpusFile]) -> None:
    written = files["percent_and_text"]
    (sheet,) = read(written)
    cells = {}
    for code, kpi in written.missing:
        row = written.unit_rows[code][1]
        cells[kpi, code] = [sheet.cell(row, written.columns[f"{kpi}.{part}"]) for part in ("denominator", "numerator")]
    blank = [v for (kpi, _), v in cells.items() if kpi == "smartphone_adult_rate"]
    dashes = sorted(v[0] for (kpi, _), v in cells.items() if kpi == "cashless_utility_rate")
    assert blank == [[None, None]]
    assert dashes == ["-", "–"]


# --- CSV: encodings and delimiters ---------------------------------------------------------------

VIETNAMESE_CSV = ["csv_comma_utf8", "csv_comma_utf8_bom", "csv_semicolon_cp1258", "csv_tab_utf16"]


@pytest.mark.parametrize("key", VIETNAMESE_CSV)
def test_csv_encodings_give_the_same_composed_names(files: dict[str, CorpusFile], key: str) -> None:
    written = files[key]
    (sheet,) = read(written)
    assert sheet.name == written.path.stem
    for name in ("Phường Hà Khánh", "Xã Hòa Bình"):
        _, row = written.unit_rows[corpus.code_of(name)]
        cell = sheet.cell(row, written.columns["name"])
        assert cell == name
        assert cell == nfc(cell)


def test_csv_variants_read_to_identical_tables(files: dict[str, CorpusFile]) -> None:
    tables = []
    for key in VIETNAMESE_CSV:
        written = files[key]
        (sheet,) = read(written)
        first = min(row for _, row in written.unit_rows.values())
        tables.append(sheet.rows[first - 1 :])  # from the header row on
    assert all(table == tables[0] for table in tables)
    assert tables[0][1] == ["1", "Phường Hà Khánh", "1.163", "1.020", "87,7"]


def test_cp1258_file_holds_decomposed_tone_marks(files: dict[str, CorpusFile]) -> None:
    raw = files["csv_semicolon_cp1258"].path.read_bytes()
    assert corpus.to_cp1258("Hòa") == b"Ho\xcca"  # o + combining grave (0xCC)
    assert b"Ho\xcca" in raw
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")


@pytest.mark.parametrize(
    ("key", "delimiter", "cell"),
    [
        ("csv_comma_utf8", ",", "87,7"),
        ("csv_semicolon_cp1258", ";", "87,7"),
        ("csv_tab_utf16", "\t", "87,7"),
        ("csv_english_cp1252", ",", "87.7"),
    ],
)
def test_csv_delimiter_is_detected(files: dict[str, CorpusFile], key: str, delimiter: str, cell: str) -> None:
    written = files[key]
    assert written.notes["delimiter"] == delimiter
    (sheet,) = read(written)
    _, row = written.unit_rows[corpus.code_of("Phường Hà Khánh")]
    assert len(sheet.rows[row]) == 5
    assert sheet.cell(row, 4) == cell


def test_english_csv_keeps_thousands_commas_inside_quotes(files: dict[str, CorpusFile]) -> None:
    written = files["csv_english_cp1252"]
    (sheet,) = read(written)
    _, row = written.unit_rows[corpus.code_of("Phường Hà Khánh")]
    assert sheet.rows[row] == ["06649", "Phuong Ha Khanh", "1,163", "1,020", "87.7"]
    assert sheet.rows[-1] == ["Source: provincial public-service portal – provisional figures"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a,b,c\n1,2,3\n", ","),
        ("a;b;c\n1;2,5;3\n4;5,5;6\n", ";"),
        ("a\tb\tc\n1\t2\t3\n", "\t"),
        ('Tên,"Tỷ lệ"\n"Hà Khánh","75,4"\n"Hà Tu","80,1"\n', ","),
        ("Hạ Long, ngày 5 tháng 4\nSTT;Tên;a\n1;x;2,5\n2;y;3,5\n", ";"),
        # A decimal comma in every line, header included: csv.Sniffer alone would pick the comma.
        ("STT;Tên;Tỷ lệ, %\n1;Hà Khánh;87,7\n2;Hà Phong;88,3\n", ";"),
        ("Tên,Số\nHà Khánh,1\nHà Phong;Hà Tu,2\n", ","),
        ("just one column\nno delimiters\n", ","),
    ],
)
def test_detect_delimiter(text: str, expected: str) -> None:
    assert detect_delimiter(text) == expected


def test_csv_values_stay_strings_and_empty_fields_are_none() -> None:
    data = "Mã;Tên;Tử số;Mẫu số\n06649;Phường Hà Khánh;459.326;\n".encode()
    (sheet,) = read_workbook(data, "du_lieu.csv")
    assert sheet.rows[1] == ["06649", "Phường Hà Khánh", "459.326"]
    assert sheet.cell(1, 3) is None


def test_long_layout_csv(files: dict[str, CorpusFile]) -> None:
    written = files["long_layout"]
    (sheet,) = read(written)
    assert sheet.rows[0] == ["Mã đơn vị", "Tên đơn vị", "Chỉ tiêu", "Tử số", "Mẫu số"]
    assert len(sheet.rows) == 1 + 33 * 8
    row = written.notes["rows"][("06649", "online_dossier_rate")]
    unit = unit_figures().loc[["06649"]]
    assert sheet.rows[row] == [
        "06649",
        "Phường Hà Khánh",
        "Tỷ lệ hồ sơ TTHC tiếp nhận trực tuyến",
        str(corpus.figure(unit, "online_dossier_rate.numerator")),
        str(corpus.figure(unit, "online_dossier_rate.denominator")),
    ]
    teams = written.notes["rows"][("06649", "dx_teams")]
    assert sheet.cell(teams, 4) is None


# --- .xls, .ods and several sheets ---------------------------------------------------------------


def test_legacy_xls(files: dict[str, CorpusFile]) -> None:
    written = files["legacy_xls"]
    (sheet,) = read(written)
    assert sheet.name == "CCCD-VNeID"
    assert set(sheet.merged) == set(written.merged["CCCD-VNeID"])
    assert (3, 2, 3, 4) in sheet.merged  # "CCCD gắn chip" over three columns
    code = corpus.code_of("Phường Bắc Sơn")
    _, row = written.unit_rows[code]
    assert sheet.cell(row, 1) == "Phường Bắc Sơn"
    share = sheet.cell(row, written.columns["chip_id_coverage.share"])
    assert share == corpus.figure(unit_figures().loc[[code]], "chip_id_coverage.share")


def test_ods_with_codes_as_numbers(files: dict[str, CorpusFile]) -> None:
    written = files["ods"]
    (sheet,) = read(written)
    assert sheet.name == "Cẩm Phả"
    assert set(sheet.merged) == set(written.merged["Cẩm Phả"])
    assert (2, 0, 3, 0) in sheet.merged and (2, 1, 2, 3) in sheet.merged
    assert sheet.cell(1, 0) == "Tháng 03 năm 2024"
    for code, (_, row) in written.unit_rows.items():
        assert sheet.cell(row, 0) == float(int(code))  # the leading zero is lost, as in a real file
        share = sheet.cell(row, written.columns["cashless_utility_rate.share"])
        assert share == corpus.figure(unit_figures().loc[[code]], "cashless_utility_rate.share")


def test_multi_sheet_keeps_instructions_and_drops_empty_sheet(files: dict[str, CorpusFile]) -> None:
    written = files["multi_sheet"]
    sheets = read(written)
    assert [s.name for s in sheets] == ["Hướng dẫn", "Miền núi", "Vùng ven biển"]
    instructions = sheets[0]
    assert instructions.rows[0] == ["HƯỚNG DẪN NHẬP SỐ LIỆU"]
    mountains = sheets[1]
    assert mountains.rows[0] == []  # the table starts at B2: the empty area before it is kept
    assert mountains.cell(2, 0) is None and mountains.cell(2, 1) == "Tháng 3 năm 2024"
    sheet_name, row = written.unit_rows[corpus.code_of("Thị trấn Đầm Hà")]
    assert sheet_name == "Vùng ven biển"
    assert by_name(sheets)[sheet_name].cell(row, 2) == "Thị trấn Đầm Hà"


def test_bad_file_cells_are_read_as_written(files: dict[str, CorpusFile]) -> None:
    written = files["bad"]
    (sheet,) = read(written)
    planted = {issue.kind: issue for issue in written.issues}
    non_numeric = planted["non_numeric"]
    assert sheet.cell(non_numeric.row - 1, ord(non_numeric.column) - ord("A")) == "abc"
    negative = planted["negative_value"]
    assert sheet.cell(negative.row - 1, ord(negative.column) - ord("A")) == -3
    assert sheet.cell(planted["unknown_unit"].row - 1, 1) == "Xã Hải Long"


def test_hidden_sheets_are_kept_and_values_keep_their_type(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    visible = workbook.active
    visible.title = "Số liệu"
    visible.append(["Phường Hà Khánh", 12, 0.5, True, date(2024, 3, 31), datetime(2024, 3, 31, 8, 30), "  x  "])
    hidden = workbook.create_sheet("Danh mục")
    hidden.append(["Xã Hòa Bình"])
    hidden.sheet_state = "hidden"
    workbook.create_sheet("Trống")
    path = tmp_path / "types.xlsx"
    workbook.save(path)
    sheets = read_workbook(path.read_bytes(), path.name)
    assert [s.name for s in sheets] == ["Số liệu", "Danh mục"]
    assert sheets[0].rows[0] == [
        "Phường Hà Khánh",
        12,
        0.5,
        True,
        date(2024, 3, 31),
        datetime(2024, 3, 31, 8, 30),
        "  x  ",
    ]
    assert isinstance(sheets[0].rows[0][3], bool)


# --- format detection ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "wrong_name"),
    [("free_form", "bao_cao.csv"), ("free_form", "bao_cao.xls"), ("legacy_xls", "cccd.xlsx"), ("ods", "kdtm.xlsx")],
)
def test_wrong_extension_still_reads(files: dict[str, CorpusFile], key: str, wrong_name: str) -> None:
    written = files[key]
    assert read(written, wrong_name) == read(written)


def test_csv_with_a_workbook_extension_reads_as_csv(files: dict[str, CorpusFile]) -> None:
    written = files["csv_comma_utf8"]
    (sheet,) = read(written, "ho_so.xlsx")
    assert sheet.name == "ho_so"
    assert sheet.rows == read(written)[0].rows


def test_too_large_is_refused_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def must_not_parse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a file over the limit must not be parsed")

    monkeypatch.setattr(readers, "detect_format", must_not_parse)
    monkeypatch.setattr(readers, "read_csv", must_not_parse)
    monkeypatch.setattr(readers, "_read_with_calamine", must_not_parse)
    data = b"PK\x03\x04" + b"\x00" * (21 * 1024 * 1024)  # not a valid archive: parsing would fail
    assert len(data) > MAX_BYTES
    with pytest.raises(ReadError) as caught:
        read_workbook(data, "bao_cao_lon.xlsx")
    assert caught.value.code == "too_large"
    assert "bao_cao_lon.xlsx" in caught.value.message_vi and "bao_cao_lon.xlsx" in caught.value.message_en
    assert "22,0 MB" in caught.value.message_vi and "22.0 MB" in caught.value.message_en  # 22,020,100 bytes


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _garbage() -> bytes:
    return random.Random(7).randbytes(4096)


@pytest.mark.parametrize(
    ("data", "file_name"),
    [
        (b"", "empty.csv"),
        (b"  \r\n\r\n", "blank.csv"),
        (b",,,\r\n,,,\r\n", "only_delimiters.csv"),
        (_garbage(), "garbage.xlsx"),
        (_garbage(), "garbage.csv"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + _garbage(), "broken.xls"),
        (_zip({"xl/workbook.xml": b"<not xml"}), "broken.xlsx"),
        (b"PK\x03\x04" + _garbage(), "truncated.xlsx"),
    ],
)
def test_unreadable_files(data: bytes, file_name: str) -> None:
    with pytest.raises(ReadError) as caught:
        read_workbook(data, file_name)
    assert caught.value.code == "unreadable"
    assert file_name in caught.value.message_vi and file_name in caught.value.message_en


def test_truncated_workbook_is_unreadable(files: dict[str, CorpusFile]) -> None:
    data = files["free_form"].path.read_bytes()
    with pytest.raises(ReadError) as caught:
        read_workbook(data[: len(data) // 2], "bao_cao.xlsx")
    assert caught.value.code == "unreadable"


def test_empty_workbook_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "trong.xlsx"
    openpyxl.Workbook().save(path)
    with pytest.raises(ReadError) as caught:
        read_workbook(path.read_bytes(), path.name)
    assert caught.value.code == "unreadable"


@pytest.mark.parametrize(
    ("data", "file_name"),
    [
        (b"%PDF-1.7\n%binary", "bao_cao.pdf"),
        (b"<html><body><table><tr><td>1</td></tr></table></body></html>", "xuat_tu_web.xls"),
        (b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>', "xml2003.xls"),
        (_zip({"word/document.xml": b"<w/>", "[Content_Types].xml": b"<c/>"}), "cong_van.docx"),
        (_zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}), "van_ban.odt"),
    ],
)
def test_unsupported_formats(data: bytes, file_name: str) -> None:
    with pytest.raises(ReadError) as caught:
        read_workbook(data, file_name)
    assert caught.value.code == "unsupported_format"
    assert file_name in caught.value.message_vi and file_name in caught.value.message_en


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("free_form", "xlsx"),
        ("legacy_xls", "xls"),
        ("ods", "ods"),
        ("csv_comma_utf8", "csv"),
        ("csv_tab_utf16", "csv"),
    ],
)
def test_detect_format_from_content(files: dict[str, CorpusFile], key: str, expected: str) -> None:
    assert readers.detect_format(files[key].path.read_bytes(), "whatever.dat") == expected


def test_unclosed_quote_is_unreadable() -> None:
    data = ('Tên,Số\n"Phường Hà Khánh,1\n' + "x" * 200_000 + "\n").encode()
    with pytest.raises(ReadError) as caught:
        read_workbook(data, "ngoac_kep.csv")
    assert caught.value.code == "unreadable"


def test_password_protected_workbook_is_named_as_such() -> None:
    # What Excel writes for a password-protected .xlsx: an OLE2 container with an EncryptedPackage stream.
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512 + "EncryptedPackage".encode("utf-16-le")
    with pytest.raises(ReadError) as caught:
        read_workbook(data, "mat_khau.xlsx")
    assert caught.value.code == "unreadable"
    assert "password" in caught.value.message_en and "mật khẩu" in caught.value.message_vi


# --- hostile files (issue 12): refused unread, or read where a crash cannot reach the server --------------


def _xlsx_with_part(name: str, content: bytes) -> bytes:
    """A minimal .xlsx directory holding `content` as `name`, deflated."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr(name, content)
    return buffer.getvalue()


def test_a_part_that_expands_like_a_bomb_is_refused_unread(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("etl.isolation.read_isolated", lambda *a: pytest.fail("a bomb must not be parsed"))
    data = _xlsx_with_part("xl/worksheets/sheet1.xml", b"<c/>" * 5_000_000)  # 20 MB of XML in ~20 KB
    assert len(data) < 100_000
    with pytest.raises(ReadError) as caught:
        read_safely(data, "bom.xlsx")
    assert caught.value.code == "expands_too_much"
    assert "bom.xlsx" in caught.value.message_vi and "bom.xlsx" in caught.value.message_en


def test_a_reader_that_dies_is_an_unreadable_file_not_a_dead_server(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    dying = tmp_path / "python"
    dying.write_text("#!/bin/sh\nkill -ABRT $$\n")  # as calamine's native panic ends a process
    dying.chmod(0o755)
    monkeypatch.setattr("etl.isolation.sys.executable", str(dying))
    data = _xlsx_with_part("xl/worksheets/sheet1.xml", b"<worksheet/>")
    with pytest.raises(ReadError) as caught:
        read_safely(data, "bao_cao.xlsx")
    assert caught.value.code == "unreadable" and "bao_cao.xlsx" in caught.value.message_en


def test_more_rows_than_a_report_can_have_are_refused() -> None:
    data = ("Tên đơn vị,Số tổ\n" + "Xã Hà Lâu,1\n" * 60_000).encode()
    with pytest.raises(ReadError) as caught:
        read_workbook(data, "dai.csv")
    assert caught.value.code == "too_many_cells"


def test_a_crafted_xls_directory_ends_the_formula_walk_instead_of_looping() -> None:
    from etl import biff
    from tests.test_unit_matching import _teams_xls

    data = bytearray(_teams_xls("=2+3"))
    assert biff.valueless_cells(bytes(data)) == {"BC": {(2, 2)}}
    sector_size = 1 << struct.unpack_from("<H", data, 0x1E)[0]
    first_fat = struct.unpack_from("<I", data, 0x4C)[0]
    fat_at = (first_fat + 1) * sector_size
    for entry in range(sector_size // 4):  # every sector's next is itself: each chain is a loop
        struct.pack_into("<I", data, fat_at + 4 * entry, entry)
    for crafted in (bytes(data), bytes(data[:700]), b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\xff" * 600):
        try:
            found = biff.valueless_cells(crafted)
        except (ValueError, IndexError, struct.error):
            continue  # the reader treats these as "no such cells"
        assert all(isinstance(cells, set) for cells in found.values())

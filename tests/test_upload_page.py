"""The upload page through AppTest: check, map, load, receipt, history, revert, completeness."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import duckdb
import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from core.access import Actor
from core.messages import t
from tests.conftest import REPO, open_app

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def monthly_reports(folder: Path, months: int) -> list[tuple[Path, str]]:
    """`report()` saved once per month of 2024, from January: each file with the month to load it as."""
    files = []
    for month in range(1, months + 1):
        path = folder / f"bao_cao_{month}.xlsx"
        path.write_bytes(report())
        files.append((path, f"2024-{month:02d}"))
    return files


def report(bac_son: str = "Phường Bắc Sơn", extra_column: str | None = None, ha_khanh_online: int = 754) -> bytes:
    """A small free-form March 2024 report: title, merged two-row header, column numbers, district rows."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "BC"
    sheet.append(["UBND TỈNH QUẢNG NINH"])
    sheet.append(["BÁO CÁO KẾT QUẢ CHUYỂN ĐỔI SỐ THÁNG 3 NĂM 2024"])
    sheet.append([])
    sheet.append(["STT", "Tên đơn vị", "Hồ sơ TTHC", None, None, "Tổ công nghệ số cộng đồng", None, extra_column])
    sheet.append([None, None, "Tổng số HS tiếp nhận", "HS trực tuyến", "Tỷ lệ (%)", "Số tổ", "Số thành viên"])
    for cells in ("C4:E4", "F4:G4", "A4:A5", "B4:B5", "H4:H5"):
        sheet.merge_cells(cells)
    sheet.append(["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)"])
    sheet.append(["I", "Thành phố Hạ Long"])
    sheet.append([1, "Phường Hà Khánh", 1000, ha_khanh_online, ha_khanh_online / 10, 8, 60, 5])
    sheet.append([2, "P. HÀ  PHONG", "1.200", "900", "75,0", 9, 70, 6])
    sheet.append([3, bac_son, 100, 50, 50, 1, 5, 7])
    sheet.append([None, "Tổng cộng", 2300, 1704, None, 18, 135, 18])
    sheet.append([])
    sheet.append([None, "Người lập biểu", None, None, "KT. CHỦ TỊCH"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


ANALYST = Actor("an", "analyst")


def _page(monkeypatch, db, actor: Actor | None = ANALYST) -> AppTest:
    """The upload page as `actor` would see it once signed in (None: a visitor)."""
    monkeypatch.setenv("DX_WAREHOUSE", str(db))
    monkeypatch.chdir(REPO)
    app = AppTest.from_file(str(REPO / "views" / "upload.py"), default_timeout=30)
    if actor is not None:
        app.session_state["actor"] = actor
    return app.run()


def _upload(app: AppTest, data: bytes, name: str = "bao_cao_T3.xlsx") -> AppTest:
    app.file_uploader(key="upload_files").set_value([(name, data, XLSX)])
    return app.run()


def _uploads(db) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT upload_id, file_name, uploaded_by, reverted_at IS NULL FROM upload").fetchall()


def test_a_valid_report_loads_with_a_receipt(monkeypatch, empty_db):
    app = _upload(_page(monkeypatch, empty_db), report())
    assert not app.exception
    assert "2024" in app.markdown[0].value and "0 lỗi" in app.markdown[0].value
    units, read = app.dataframe[0].value, app.dataframe[1].value  # before the findings
    phong = units[units[t("col_written", "vi")] == "P. HÀ  PHONG"].iloc[0]  # as written, spaces and all
    assert (phong[t("col_code", "vi")], phong[t("col_matched_by", "vi")]) == ("06652", t("matched_by.name", "vi"))
    assert list(read[t("col_column", "vi")]) == ["C", "D", "E", "F", "G"]
    app.button(key="load_0").click().run()
    assert not app.exception
    assert "Đã nạp lần #" in app.success[0].value
    assert _uploads(empty_db) == [(1, "bao_cao_T3.xlsx", "an", True)]
    with duckdb.connect(str(empty_db), read_only=True) as con:
        figure = con.execute(
            "SELECT numerator, denominator FROM observation_current"
            " WHERE unit_code = '06652' AND kpi = 'online_dossier_rate'"
        ).fetchone()
    assert figure == (900.0, 1200.0)


def test_an_ambiguous_name_blocks_loading_until_matched_by_hand(monkeypatch, empty_db):
    app = _upload(_page(monkeypatch, empty_db), report(bac_son="Bắc Sơn"))
    assert not app.exception
    assert app.button(key="load_0").disabled
    assert any("Bắc Sơn" in w.value for w in app.warning) or "1 lỗi" in app.markdown[0].value
    matcher = next(s for s in app.selectbox if s.key and s.key.startswith("unit_0_"))
    assert matcher.options[1:3] != []  # ranked suggestions after "(bỏ qua)"
    matcher.set_value("06814").run()
    assert not app.exception
    assert not app.button(key="load_0").disabled
    app.button(key="load_0").click().run()
    assert "Đã nạp" in app.success[0].value
    with duckdb.connect(str(empty_db), read_only=True) as con:
        assert con.execute("SELECT alias, unit_code FROM unit_alias").fetchall() == [("Bắc Sơn", "06814")]


def test_an_unrecognised_column_can_be_mapped_and_is_remembered(monkeypatch, empty_db):
    app = _upload(_page(monkeypatch, empty_db), report(extra_column="Số điểm wifi công cộng"))
    mapper = next(s for s in app.selectbox if s.key and s.key.startswith("map_0_"))
    assert "wifi" in mapper.label
    mapper.set_value(mapper.options[1]).run()  # the best-ranked suggestion
    assert not app.exception
    app.button(key="load_0").click().run()
    assert "Đã nạp" in app.success[0].value
    with duckdb.connect(str(empty_db), read_only=True) as con:
        remembered = con.execute("SELECT column_key FROM column_mapping").fetchall()
    assert remembered == [("so diem wifi cong cong",)]


@pytest.mark.parametrize("actor", [None, Actor("xem", "viewer")])
def test_a_visitor_or_a_viewer_finds_the_upload_closed(monkeypatch, empty_db, actor):
    app = _page(monkeypatch, empty_db, actor)
    assert not app.exception
    assert not app.get("file_uploader") and not [b for b in app.button if b.key == "revert_button"]
    assert app.info  # says who may upload, and how to sign in
    assert "etl users add" in app.markdown[0].value  # no account yet: how to create the first administrator


def test_an_unreadable_file_is_explained_and_changes_nothing(monkeypatch, empty_db):
    before = empty_db.read_bytes()
    app = _upload(_page(monkeypatch, empty_db), b"\x00\x01 not a spreadsheet", name="rac.xlsx")
    assert not app.exception
    assert "rac.xlsx" in app.error[0].value.replace("\\", "")  # shown escaped: the page reads "rac.xlsx"
    assert empty_db.read_bytes() == before


def test_history_and_revert(monkeypatch, empty_db):
    app = _upload(_page(monkeypatch, empty_db), report())
    app.button(key="load_0").click().run()
    assert app.button(key="revert_button").disabled  # until confirmed
    app.checkbox(key="revert_confirm").check().run()
    app.button(key="revert_button").click().run()
    assert not app.exception
    assert _uploads(empty_db) == [(1, "bao_cao_T3.xlsx", "an", False)]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_completeness_lists_who_reported(monkeypatch, sample_db, lang):
    monkeypatch.setenv("DX_WAREHOUSE", str(sample_db))
    monkeypatch.chdir(REPO)
    app = AppTest.from_file(str(REPO / "views" / "upload.py"), default_timeout=30)
    app.session_state["lang"] = lang
    app.session_state["actor"] = ANALYST
    app.run()
    assert not app.exception
    caption = app.caption[-1].value
    assert ("52/54" in caption) if lang == "vi" else ("52 of 54" in caption)
    table = app.dataframe[-1].value
    assert len(table) == 54
    assert (table == "–").any(axis=1).sum() == 2


def test_a_remembered_mapping_applies_to_the_next_file_of_the_same_shape(monkeypatch, empty_db):
    data = report(extra_column="Số điểm wifi công cộng")
    first = _upload(_page(monkeypatch, empty_db), data)
    next(s for s in first.selectbox if s.key and s.key.startswith("map_0_")).set_value("__ignore__").run()
    mapper = next(s for s in first.selectbox if s.key and s.key.startswith("map_0_"))
    mapper.set_value(mapper.options[1]).run()
    first.button(key="load_0").click().run()
    second = _upload(_page(monkeypatch, empty_db), data)
    assert not [s for s in second.selectbox if s.key and s.key.startswith("map_0_")]


def test_reported_units_open_on_the_sidebar_month(monkeypatch, sample_db_template):
    app = open_app(monkeypatch, sample_db_template, "views/upload.py", actor=ANALYST, period="2023-06")
    assert not app.exception
    assert app.selectbox(key="complete_month_vi").value == date(2023, 6, 1)


def test_reported_units_month_survives_a_language_switch(monkeypatch, sample_db_template):
    app = open_app(monkeypatch, sample_db_template, "views/upload.py", actor=ANALYST)
    app.selectbox(key="complete_month_vi").set_value(date(2023, 3, 1)).run()
    app.sidebar.radio(key="lang").set_value("en").run()
    assert not app.exception
    assert app.selectbox(key="complete_month_en").value == date(2023, 3, 1)


def test_a_month_loaded_again_is_confirmed_before_it_becomes_a_new_revision(monkeypatch, empty_db):
    app = _upload(_page(monkeypatch, empty_db), report())
    app.button(key="load_0").click().run()
    assert len(_uploads(empty_db)) == 1
    app = _upload(_page(monkeypatch, empty_db), report(), name="bao_cao_T3_sua.xlsx")  # the same month again
    assert not app.exception
    assert app.button(key="load_0").disabled
    app.checkbox(key="confirm_0").check().run()
    assert not app.button(key="load_0").disabled
    app.button(key="load_0").click().run()
    assert [row[0] for row in _uploads(empty_db)] == [1, 2]


def test_a_revert_forgets_the_mapping_and_the_name_saved_with_that_upload(monkeypatch, empty_db):
    app = _upload(_page(monkeypatch, empty_db), report(bac_son="Bắc Sơn", extra_column="Số điểm wifi công cộng"))
    next(s for s in app.selectbox if s.key and s.key.startswith("unit_0_")).set_value("06814").run()
    mapper = next(s for s in app.selectbox if s.key and s.key.startswith("map_0_"))
    mapper.set_value(mapper.options[1]).run()
    app.button(key="load_0").click().run()
    with duckdb.connect(str(empty_db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM column_mapping").fetchone() == (1,)
        assert con.execute("SELECT count(*) FROM unit_alias").fetchone() == (1,)
    app.checkbox(key="revert_confirm").check().run()
    app.button(key="revert_button").click().run()
    assert not app.exception
    with duckdb.connect(str(empty_db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM column_mapping").fetchone() == (0,)
        assert con.execute("SELECT count(*) FROM unit_alias").fetchone() == (0,)
        (detail,) = con.execute("SELECT detail FROM audit WHERE action = 'revert'").fetchone()
    assert "Bắc Sơn" in detail and "wifi" in detail  # the trail says what the revert undid

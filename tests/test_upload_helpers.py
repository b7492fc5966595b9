"""Pure helpers of the upload page, and the history-based warning of the check."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dashboard.reporting import missing_table
from dashboard.upload import (
    findings_table,
    history_table,
    preview,
    ranked_roles,
    ranked_units,
    role_choices,
    who_reported,
)
from etl.findings import finding
from etl.headers import Role
from etl.load import build_context
from etl.pipeline import check_file
from etl.sheet import Sheet
from tests.test_upload_page import report
from warehouse import connect
from warehouse.catalogue import load_indicators


def test_preview_marks_each_finding_on_its_cell():
    sheet = Sheet("BC", [["a", "b"], ["c", "d"], ["e", "f"]])
    findings = [finding("not_a_number", "BC", 1, 1, text="d", unit="Xã A"), finding("missing_unit", unit="X")]
    frame, colours = preview(sheet, findings)
    assert list(frame.columns) == ["A", "B"] and list(frame.index) == [1, 2, 3]
    assert "f8d7da" in colours.loc[2, "B"]  # Excel row 2, column B: an error
    assert colours.loc[2, "A"] == "" and (colours.loc[[1, 3]] == "").all().all()


def test_ranked_roles_put_the_likeliest_first():
    catalogue = load_indicators()
    assert ranked_roles("Số thành viên tổ", catalogue)[0].kpi == "dx_team_members"
    assert ranked_roles("Tổng số hồ sơ tiếp nhận", catalogue)[0].role == "denominator"


def test_ranked_roles_put_the_header_vocabularys_candidates_first_and_keep_every_role_once():
    catalogue = load_indicators()
    likely = [Role("eid_level2_rate", "rate"), Role("chip_id_coverage", "rate")]
    ranked = ranked_roles("Tỷ lệ (%)", catalogue, likely)
    assert ranked[:2] == likely
    assert sorted(ranked, key=str) == sorted(role_choices(catalogue), key=str)


def test_ranked_units_suggest_close_names_first(empty_db):
    with connect(empty_db, read_only=True) as con:
        index = build_context(con).index
    assert ranked_units("Ha Khanh", index, "2020")[0].code == "06649"
    assert len(ranked_units("zzz", index, "2025")) == 54


def test_completeness_marks_who_reported_what():
    units = pd.DataFrame({"code": ["1", "2"], "name": ["A", "B"]})
    figures = pd.DataFrame({"unit_code": ["1"], "kpi": ["dx_teams"]})
    table = who_reported(figures, units, load_indicators(), "vi")
    assert table.loc["A", "Tổ công nghệ số"] == "✓"
    assert table.loc["B", "Tổ công nghệ số"] == "–"
    assert table.index[0] == "B"  # who is missing comes first


def test_a_figure_far_from_the_units_history_is_a_warning_not_an_error(sample_db):
    # Phường Hà Khánh's sample dossiers run at ~85% online; the report says 30%.
    with connect(sample_db, read_only=True) as con:
        result = check_file(report(ha_khanh_online=300), "bao_cao.xlsx", build_context(con))
    jumps = [f for f in result.findings if f.code == "unusual_jump"]
    assert result.period == date(2024, 3, 1)
    assert any("Hà Khánh" in f.message_vi for f in jumps)
    assert all(f.severity == "warning" for f in jumps)
    assert not result.errors


def test_a_figure_in_line_with_history_raises_no_warning(sample_db):
    with connect(sample_db, read_only=True) as con:
        result = check_file(report(ha_khanh_online=860), "bao_cao.xlsx", build_context(con))
    assert not [f for f in result.findings if f.code == "unusual_jump" and "Hà Khánh" in f.message_vi]


def test_the_page_and_the_reader_share_one_size_limit():
    import tomllib

    from core.limits import MEGABYTE
    from etl.readers import MAX_BYTES
    from tests.conftest import REPO

    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text("utf-8"))
    assert config["server"]["maxUploadSize"] * MEGABYTE == MAX_BYTES  # Streamlit's megabyte is 10^6 bytes


def test_findings_table_puts_errors_first_and_folds_missing_units():
    findings = [
        finding("missing_unit", unit="X"),
        finding("ambiguous_number", "BC", 4, 2, text="1.234", value="1.234", unit="Xã A"),
        finding("missing_unit", unit="Y"),
        finding("not_a_number", "BC", 6, 3, text="abc", unit="Xã B"),
    ]
    table = findings_table(findings, "vi")
    assert table["Mức"].tolist() == ["lỗi", "cảnh báo", "cảnh báo"]
    assert table["Ô"].tolist() == ["D7", "C5", ""]
    assert "2 đơn vị" in table["Nội dung"].iloc[-1]


def test_history_table_is_readable(empty_db):
    from datetime import datetime

    uploads = pd.DataFrame(
        {
            "upload_id": [2, 1],
            "uploaded_at": [datetime(2024, 4, 5, 9, 30), datetime(2024, 4, 1, 8, 0)],
            "uploaded_by": ["an", "etl sample"],
            "file_name": ["bc.xlsx", "sample"],
            "period": [date(2024, 3, 1), None],
            "is_sample": [False, True],
            "skip_invalid": [True, False],
            "rows_loaded": [1200, 65480],
            "figures_current": [1200, 65000],
            "reverted_at": [None, None],
            "reverted_by": [None, None],
            "first_period": [date(2024, 3, 1), date(2022, 1, 1)],
            "last_period": [date(2024, 3, 1), date(2026, 10, 1)],
        }
    )
    table = history_table(uploads, "vi")
    assert table.iloc[0].tolist() == [
        "#2",
        "05/04/2024 09:30",
        "an",
        "bc.xlsx",
        "Tháng 03/2024",
        "1.200",
        "1.200",
        "chỉ nạp số liệu hợp lệ",
    ]
    assert table.iloc[1]["Trạng thái"] == "dữ liệu mẫu"
    assert table.iloc[1]["Tệp"] == "Bộ dữ liệu mẫu"  # named in the page's language, not the stored file name
    assert table.iloc[1]["Kỳ"] == "Tháng 01/2022 – Tháng 10/2026"  # a multi-month upload shows its span


def test_an_ambiguous_names_candidates_come_first(empty_db):
    with connect(empty_db, read_only=True) as con:
        index = build_context(con).index
    match = index.match("Bắc Sơn", "2020")
    ranked = ranked_units("Bắc Sơn", index, "2020", match.candidates)
    assert {u.code for u in ranked[:2]} == {"06727", "06814"}


@pytest.mark.parametrize(
    ("district", "lang", "headers"),
    [
        ("Huyện Ba Chẽ", "vi", ["Mã", "Đơn vị", "Huyện", "Còn thiếu"]),
        (None, "vi", ["Mã", "Đơn vị", "Còn thiếu"]),  # the 2025 map: no district column, no "None"
        (None, "en", ["Code", "Unit", "Missing"]),
    ],
)
def test_missing_table_shows_districts_only_where_the_map_has_them(district, lang, headers):
    missing = pd.DataFrame([{"code": "06673", "name": "Xã Đồn Đạc", "district": district, "missing": "Tổ CNS"}])
    table = missing_table(missing, lang)
    assert list(table.columns) == headers
    assert "None" not in table.astype(str).to_numpy().ravel().tolist()


def test_the_shipped_config_shows_visitors_no_traceback():
    import tomllib

    from tests.conftest import REPO

    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text("utf-8"))
    assert config["client"]["showErrorDetails"] == "none"


def test_make_sample_never_deletes_a_warehouse():
    from tests.conftest import REPO

    recipe = (REPO / "Makefile").read_text("utf-8").split("\nsample:")[1].split("\n\n")[0]
    assert "rm " not in recipe and "etl sample" in recipe  # etl sample refuses a warehouse with real uploads

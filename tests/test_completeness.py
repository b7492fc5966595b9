"""Reporting completeness: the grid, the list of who is missing, and the page."""

from __future__ import annotations

import json
from datetime import date

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.reporting import missing_units, reporting_grid, row_names
from tests.conftest import REPO, open_app
from warehouse.catalogue import load_indicators

UNITS = pd.DataFrame({"code": ["A", "B"], "name": ["Xã A", "Xã B"], "district_name": ["H1", "H2"]})


def test_reporting_grid_counts_indicators_and_fills_gaps_with_zero():
    months = [date(2024, 1, 1), date(2024, 2, 1)]
    reporting = pd.DataFrame({"period": [months[0], months[1]], "unit_code": ["A", "A"], "indicators": [8, 5]})
    grid = reporting_grid(reporting, UNITS, months)
    assert grid.loc["A"].tolist() == [8, 5]
    assert grid.loc["B"].tolist() == [0, 0]
    assert list(grid.index) == ["B", "A"]  # who reported least comes first


def test_heatmap_rows_drop_the_unit_type_unless_two_units_would_share_a_row():
    names = {"1": "Phường Hà Tu", "2": "Xã Hải Hòa", "3": "Phường Hải Hòa", "4": "Đặc khu Cô Tô"}
    assert row_names(names) == {"1": "Hà Tu", "2": "Xã Hải Hòa", "3": "Phường Hải Hòa", "4": "Cô Tô"}


def test_missing_units_name_what_is_missing():
    catalogue = load_indicators()
    figures = pd.DataFrame({"unit_code": ["A"] * 7, "kpi": catalogue["kpi"].tolist()[:7]})
    missing = missing_units(figures, UNITS, catalogue, "vi").set_index("code")
    assert missing.loc["A", "missing"] == "Thôn có tổ CNS"
    assert missing.loc["B", "missing"] == "Cả 8 chỉ tiêu (chưa gửi báo cáo)"


def test_completeness_page(monkeypatch, sample_db_template):
    app = open_app(monkeypatch, sample_db_template, "views/completeness.py")
    assert not app.exception
    assert app.caption[0].value.startswith("52/54")
    assert len(app.dataframe[0].value) == 2  # the two communes that have not reported
    assert len(app.get("plotly_chart")) == 1
    assert "Dữ liệu mẫu" in app.warning[0].value
    assert list(app.dataframe[0].value.columns) == ["Mã", "Đơn vị", "Còn thiếu"]  # no district on the 2025 map


def test_heatmap_covers_only_months_of_the_map_in_force(monkeypatch, sample_db_template):
    """In 09/2025 the 2025 map is three months old: earlier months had other units, not zero reports."""
    app = open_app(monkeypatch, sample_db_template, "views/completeness.py", period="2025-09")
    assert not app.exception
    spec = json.loads(app.get("plotly_chart")[0].proto.spec)
    assert [month[:7] for month in spec["data"][0]["x"]] == ["2025-07", "2025-08", "2025-09"]


PAGES = [
    "views/overview.py",
    "views/map.py",
    "views/trends.py",
    "views/rankings.py",
    "views/profile.py",
    "views/completeness.py",
]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_on_an_empty_warehouse_points_to_the_upload_page(monkeypatch, empty_db, page):
    monkeypatch.setenv("DX_WAREHOUSE", str(empty_db))
    monkeypatch.chdir(REPO)
    app = AppTest.from_file(str(REPO / "app.py"), default_timeout=30).run()
    app.switch_page(page).run()
    assert not app.exception
    assert "chưa có số liệu" in app.info[0].value
    links = app.get("page_link")
    assert links and "upload" in links[0].proto.page


def test_reporting_export_pairs_each_code_with_its_own_unit(monkeypatch, sample_db_template):
    exported = []
    monkeypatch.setattr("dashboard.downloads.download_row", lambda chart: exported.append(chart.data))
    app = open_app(monkeypatch, sample_db_template, "views/completeness.py")
    assert not app.exception
    with duckdb.connect(str(sample_db_template), read_only=True) as con:
        names = dict(con.execute("SELECT code, name FROM unit WHERE edition = '2025'").fetchall())
    frame = exported[-1]
    assert len(frame) == 54
    assert all(names[code] == name for code, name in zip(frame["Mã"], frame["Đơn vị"], strict=True))

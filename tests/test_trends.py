"""Trend aggregation (flows add up, stocks take the last month) and the trends page."""

from __future__ import annotations

import base64
import json
from datetime import date

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import style
from dashboard.captions import partial_label
from dashboard.trends import aggregate, district_frame, trend_table
from tests.conftest import REPO, open_app
from warehouse import connect
from warehouse.reader import ConnectionReader

MONTHS = [date(2024, 1, 1), date(2024, 2, 1), date(2024, 3, 1), date(2024, 4, 1)]
SERIES = pd.DataFrame(
    {
        "period": MONTHS,
        "key": ["P"] * 4,
        "numerator": [10.0, 20.0, 30.0, 40.0],
        "denominator": [100.0, 100.0, 100.0, 100.0],
        "estimate": [False, True, False, False],
    }
)


@pytest.mark.parametrize(
    ("aggregation", "expected_q1"),
    [("flow", 60 / 300), ("stock", 30 / 100)],
)
def test_quarters_add_flows_and_take_the_last_month_of_stocks(aggregation, expected_q1):
    quarters = aggregate(SERIES, "quarter", aggregation, "rate")
    assert quarters["value"].iloc[0] == pytest.approx(expected_q1)
    assert quarters["estimate"].iloc[0] == (aggregation == "flow")  # February's estimate is part of Q1's sum
    assert len(quarters) == 2


def test_counts_have_no_denominator():
    counts = SERIES.assign(denominator=float("nan"))
    years = aggregate(counts, "year", "stock", "count")
    assert years["value"].tolist() == [40.0] and pd.isna(years["denominator"].iloc[0])


def test_a_district_that_changed_type_stays_one_line():
    series = pd.DataFrame(
        {
            "period": [date(2024, 10, 1), date(2024, 11, 1)],
            "district_code": ["205", "205"],
            "district_name": ["Thị xã Đông Triều", "Thành phố Đông Triều"],
            "numerator": [1.0, 2.0],
            "denominator": [2.0, 2.0],
        }
    )
    assert set(district_frame(series)["key"]) == {"Thành phố Đông Triều"}


@pytest.mark.parametrize(
    ("frequency", "label"), [("quarter", "Quý 1/2024"), ("year", "2024 (4 tháng)"), ("month", "Tháng 01/2024")]
)
def test_trend_table_labels(frequency, label):
    table = trend_table(aggregate(SERIES, frequency, "flow", "rate"), "rate", frequency, "vi")
    assert table.iloc[0, 1] == label
    assert table.columns[2] == "Giá trị"


def _trends(monkeypatch, db) -> AppTest:
    monkeypatch.setenv("DX_WAREHOUSE", str(db))
    monkeypatch.chdir(REPO)
    app = AppTest.from_file(str(REPO / "app.py"), default_timeout=30).run()
    app.switch_page("views/trends.py").run()
    return app


def _drawn(spec: dict) -> list[dict]:
    """The chart's lines, without the legend-only traces that explain hollow points."""
    return [d for d in spec["data"] if any(x is not None for x in d["x"])]


def test_province_trend_with_targets(monkeypatch, sample_db_template):
    app = _trends(monkeypatch, sample_db_template)
    assert not app.exception
    spec = json.loads(app.get("plotly_chart")[0].proto.spec)
    assert [d["name"] for d in _drawn(spec)] == ["Toàn tỉnh", "Mục tiêu (ví dụ)"]
    assert len(spec["data"][0]["x"]) == 58
    assert "Dữ liệu mẫu" in app.warning[0].value


@pytest.mark.parametrize(("level", "lines"), [("districts", 13), ("units", 3)])
def test_districts_and_chosen_units(monkeypatch, sample_db_template, level, lines):
    app = _trends(monkeypatch, sample_db_template)
    app.radio(key="trends_level_vi").set_value(level).run()
    assert not app.exception
    spec = json.loads(app.get("plotly_chart")[0].proto.spec)
    assert len(_drawn(spec)) == lines
    if level == "districts":  # one district in colour against twelve in grey, and why the lines end in 2025
        colours = [d["line"]["color"] for d in _drawn(spec)]
        assert colours.count(style.OTHER_LINES_GREY) == 12 and colours[-1] == style.BLUE
        assert any("01/07/2025" in caption.value for caption in app.caption)


def _shown(app: AppTest) -> dict:
    """The trends chart as the page sent it."""
    return json.loads(app.get("plotly_chart")[0].proto.spec)


def test_chosen_communes_are_kept_in_the_link(monkeypatch, sample_db_template):
    """A shared link reopens its communes; what the link holds that is not a commune is dropped."""
    app = open_app(monkeypatch, sample_db_template, "views/trends.py", trends_level="units", units="06661,nope,06652")
    assert not app.exception
    assert app.multiselect(key="trends_units_2025_vi").value == ["06661", "06652"]
    assert app.query_params["units"] == "06661,06652"
    names = dict(zip(*_unit_names(sample_db_template), strict=True))
    assert [d["name"] for d in _drawn(_shown(app))] == [names["06652"], names["06661"]]  # in the map's order
    app.multiselect(key="trends_units_2025_vi").set_value(["06652"]).run()
    assert app.query_params["units"] == "06652"  # a change goes back into the link


@pytest.mark.parametrize("units", ["", "garbage", ",,,", "06661;06652"])
def test_a_link_with_no_commune_of_the_map_opens_the_first_three(monkeypatch, sample_db_template, units):
    app = open_app(monkeypatch, sample_db_template, "views/trends.py", trends_level="units", units=units)
    assert not app.exception
    codes, _ = _unit_names(sample_db_template)
    assert app.multiselect(key="trends_units_2025_vi").value == codes[:3]
    assert app.query_params["units"] == ",".join(codes[:3])


def test_chosen_communes_survive_the_language_switch(monkeypatch, sample_db_template):
    app = open_app(monkeypatch, sample_db_template, "views/trends.py", trends_level="units", units="06661")
    app.session_state["lang"] = "en"
    app.run()
    assert not app.exception
    assert app.multiselect(key="trends_units_2025_en").value == ["06661"]
    assert app.query_params["units"] == "06661"


def test_a_link_names_the_highlighted_district(monkeypatch, sample_db_template):
    app = open_app(monkeypatch, sample_db_template, "views/trends.py", trends_level="districts", district="206")
    assert not app.exception
    assert app.selectbox(key="district_vi").value == "206"
    coloured = [d for d in _drawn(_shown(app)) if d["line"]["color"] == style.BLUE]
    assert [d["name"] for d in coloured] == ["Thị xã Quảng Yên"]
    app.selectbox(key="district_vi").set_value("193").run()
    assert app.query_params["district"] == "193"
    assert [d["name"] for d in _drawn(_shown(app)) if d["line"]["color"] == style.BLUE] == ["Thành phố Hạ Long"]


def test_a_link_with_an_unknown_district_highlights_the_first(monkeypatch, sample_db_template):
    app = open_app(monkeypatch, sample_db_template, "views/trends.py", trends_level="districts", district="<b>x")
    assert not app.exception
    assert app.selectbox(key="district_vi").value == "202"  # Huyện Ba Chẽ, first by name
    assert app.query_params["district"] == "202"


def test_the_page_writes_the_chart_title_above_the_chart(monkeypatch, sample_db_template):
    app = _trends(monkeypatch, sample_db_template)
    assert _shown(app)["layout"]["title"]["text"] == ""  # plotly cuts a long title on a phone
    assert any("theo tháng" in m.value for m in app.markdown)


def _unit_names(db) -> tuple[list[str], list[str]]:
    """Codes and names of the 2025 map, in the order the page lists them."""
    with connect(db, read_only=True) as con:
        units = ConnectionReader(con).units("2025")
    return list(units["code"]), list(units["name"])


def test_units_carried_across_the_reform_are_marked_as_estimates(monkeypatch, sample_db_template):
    app = _trends(monkeypatch, sample_db_template)
    app.radio(key="trends_level_vi").set_value("units").run()
    app.multiselect(key="trends_units_2025_vi").set_value(["06661"]).run()  # Việt Hưng took part of Hà Khẩu
    assert not app.exception
    spec = json.loads(app.get("plotly_chart")[0].proto.spec)
    symbols = spec["data"][0]["marker"]["symbol"]
    assert "circle-open" in symbols and symbols[-1] == "circle"
    assert any("Điểm rỗng" in c.value for c in app.caption)


def test_yearly_flows(monkeypatch, sample_db_template):
    app = _trends(monkeypatch, sample_db_template)
    app.radio(key="trends_frequency_vi").set_value("year").run()
    spec = json.loads(app.get("plotly_chart")[0].proto.spec)
    assert round(_numbers(spec["data"][0]["y"])[0], 3) == 0.754  # 2022: 459.326 / 609.186


def _numbers(encoded) -> list[float]:
    """Plotly sends numeric arrays as typed binary ({"dtype", "bdata"}) or as plain lists."""
    if isinstance(encoded, dict):
        return np.frombuffer(base64.b64decode(encoded["bdata"]), dtype=encoded["dtype"]).tolist()
    return list(encoded)


@pytest.mark.parametrize("aggregation", ["flow", "stock"])
def test_steps_count_their_months_for_flows_and_stocks(aggregation):
    quarters = aggregate(SERIES, "quarter", aggregation, "rate")
    assert quarters["months"].tolist() == [3, 1]  # SERIES: January to April


@pytest.mark.parametrize(
    ("label", "months", "frequency", "lang", "expected"),
    [
        ("Quý 4/2026", 1, "quarter", "vi", "Quý 4/2026 (1 tháng)"),
        ("Q1 2024", 3, "quarter", "en", "Q1 2024"),
        ("2026", 10, "year", "en", "2026 (10 months)"),
        ("2025", 12, "year", "vi", "2025"),
    ],
)
def test_a_period_with_fewer_months_says_so(label, months, frequency, lang, expected):
    assert partial_label(label, months, frequency, lang) == expected


def test_the_figures_table_is_sent_once_opened_with_a_row_per_month(monkeypatch, sample_db_template):
    app = _trends(monkeypatch, sample_db_template)
    assert not app.exception and not app.dataframe  # closed: the data grid is not loaded before the chart
    app.session_state["trends_table"] = True
    app.run()
    assert not app.exception
    assert len(app.dataframe[0].value) == 58  # the province line's months, as drawn

"""Rankings against the target: lights, pace, the month the target is reached; and the page."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.rankings import (
    add_months,
    light,
    light_styles,
    light_text,
    most_improved,
    pace,
    ranking_table,
    rankings,
    reached_by,
    target_for,
)
from tests.conftest import REPO, open_app


@pytest.mark.parametrize(
    ("value", "target", "kind", "expected"),
    [
        (0.96, 0.95, "rate", "green"),
        (0.92, 0.95, "rate", "amber"),
        (0.80, 0.95, "rate", "red"),
        (95, 100, "count", "amber"),
        (0.5, None, "rate", "none"),
    ],
)
def test_light(value, target, kind, expected):
    assert light(value, target, kind) == expected


@pytest.mark.parametrize(
    ("value", "target", "slope", "expected"),
    [
        (0.96, 0.95, 0.01, "met"),
        (0.90, 0.95, 0.01, date(2024, 8, 1)),  # five more months at one point a month
        (0.90, 0.95, 0.0, "never"),
        (0.90, 0.95, -0.01, "never"),
        (0.90, None, 0.01, None),
        (0.80, 0.99, 1.85e-17, "never"),  # the slope numpy fits to six equal values
        (0.80, 0.99, 0.001, "never"),  # 190 months away: beyond any plan
        (0.80, 0.99, 0.002, date(2032, 2, 1)),  # 95 months away
    ],
)
def test_reached_by(value, target, slope, expected):
    assert reached_by(value, target, slope, date(2024, 3, 1)) == expected


def test_a_flat_unit_below_target_is_never_reached_not_an_overflow():
    slope = pace(pd.Series([0.8] * 6))
    assert reached_by(0.8, 0.99, slope, date(2026, 10, 1)) == "never"


def test_pace_is_the_recent_monthly_slope():
    assert pace(pd.Series([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8])) == pytest.approx(0.1)
    assert pd.isna(pace(pd.Series([0.5, 0.6])))


def test_add_months_and_targets():
    assert add_months(date(2024, 11, 1), 3) == date(2025, 2, 1)
    assert add_months(date(2024, 1, 1), -12) == date(2023, 1, 1)
    targets = pd.DataFrame({"year": [2023, 2025], "value": [0.8, 0.9]})
    assert target_for(targets, 2024) == 0.8 and target_for(targets, 2026) == 0.9 and target_for(targets, 2022) is None


def test_rankings_order_gap_and_change_over_a_year():
    units = pd.DataFrame(
        {"code": ["A", "B"], "name": ["A", "B"], "type": "xa", "district_code": None, "district_name": None}
    )
    months = [add_months(date(2023, 3, 1), i) for i in range(13)]
    rows = [(m, "A", 50 + i, 100, False) for i, m in enumerate(months)]
    rows += [(m, "B", 90, 100, False) for m in months]
    series = pd.DataFrame(rows, columns=["period", "unit_code", "numerator", "denominator", "estimate"])
    table = rankings(units, series, date(2024, 3, 1), "rate", 0.85).set_index("code")
    assert table.loc["B", "rank"] == 1 and table.loc["B", "light"] == "green"
    assert table.loc["A", "gap"] == pytest.approx(0.62 - 0.85)
    assert table.loc["A", "change_year"] == pytest.approx(0.12)
    assert table.loc["A", "reached"] == date(2026, 2, 1)  # 23 points at one point a month
    assert table.loc["B", "reached"] == "met"


def test_a_change_over_a_year_from_an_estimate_is_marked_as_one():
    """A's figure a year ago was carried through a divided unit: its 12-month change is an estimate too."""
    units = pd.DataFrame(
        {"code": ["A", "B"], "name": ["A", "B"], "type": "xa", "district_code": None, "district_name": None}
    )
    months = [add_months(date(2023, 3, 1), i) for i in range(13)]
    rows = [(m, code, 80, 100, code == "A" and i == 0) for i, m in enumerate(months) for code in "AB"]
    series = pd.DataFrame(rows, columns=["period", "unit_code", "numerator", "denominator", "estimate"])
    table = rankings(units, series, date(2024, 3, 1), "rate", 0.85)
    notes = dict(zip(table["code"], ranking_table(table, "rate", "vi")["Ghi chú"], strict=True))
    assert notes == {"A": "ước tính", "B": ""}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_rankings_page(monkeypatch, sample_db_template, lang):
    monkeypatch.setenv("DX_WAREHOUSE", str(sample_db_template))
    monkeypatch.chdir(REPO)
    app = AppTest.from_file(str(REPO / "app.py"), default_timeout=30)
    app.session_state["lang"] = lang
    app.run()
    app.switch_page("views/rankings.py").run()
    assert not app.exception
    table = app.dataframe[0].value
    assert len(table) == 54
    assert table.iloc[0, 0] == "1"
    assert table.iloc[0, 3] == light_text("green", lang)  # the key columns first: rank, unit, value, light
    assert app.markdown[0].value.startswith("**")  # the chart's title as text, wrapping on a phone
    spec = json.loads(app.get("plotly_chart")[0].proto.spec)
    assert spec["layout"]["title"]["text"] == "" and len(spec["layout"]["yaxis"]["categoryarray"]) == 52
    assert ("(ví dụ)" if lang == "vi" else "(example)") in app.caption[0].value
    assert len(app.dataframe[1].value) == 5  # most improved


def test_most_improved_lists_only_units_that_rose():
    table = pd.DataFrame({"code": ["A", "B", "C"], "change_year": [0.0, 0.02, None]})
    assert most_improved(table)["code"].tolist() == ["B"]
    assert most_improved(table.assign(change_year=0.0)).empty  # nobody rose: no arbitrary "winners"


def test_rankings_page_names_the_units_without_a_figure(monkeypatch, sample_db_template):
    app = open_app(monkeypatch, sample_db_template, "views/rankings.py")
    assert not app.exception
    assert any(c.value.startswith("2 đơn vị chưa có số liệu tháng này") for c in app.caption)


@pytest.mark.parametrize(
    ("light", "lang", "text"),
    [("green", "vi", "● Đạt mục tiêu"), ("amber", "en", "◆ Close to target"), ("red", "vi", "▼ Chưa đạt")],
)
def test_a_light_is_written_with_the_shape_of_its_dot(light, lang, text):
    assert light_text(light, lang) == text
    assert light_text("none", lang) == "–"


def test_the_table_writes_each_light_in_its_colour():
    table = pd.DataFrame({"light": ["green", "amber"]})
    readable = pd.DataFrame({"Đánh giá": [light_text("green", "vi"), light_text("amber", "vi")], "Đơn vị": ["A", "B"]})
    html = light_styles(table, readable, "vi").to_html()
    assert "color: #2e7d32" in html and "color: #a86b00" in html  # a darker amber: letters on white need contrast

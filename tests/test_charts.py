from datetime import date

import pandas as pd
import pytest

from dashboard.charts import province_trend, ranking_bars, reporting_heatmap

SERIES = pd.DataFrame(
    {"period": pd.to_datetime(["2023-11-01", "2023-12-01", "2024-01-01"]), "value": [0.8, 0.82, 0.83]}
)
TARGETS = pd.DataFrame({"year": [2023, 2024, 2030], "value": [0.8, 0.85, 0.99], "source": ["example"] * 3})


@pytest.mark.parametrize(("lang", "separators"), [("vi", ",."), ("en", ".,")])
def test_trend_uses_the_language_number_format(lang, separators):
    figure = province_trend(SERIES, TARGETS, "rate", "X", lang, sample=False)
    assert figure.layout.separators == separators
    assert figure.layout.yaxis.tickformat == ".0%"


def test_targets_are_drawn_only_within_the_series():
    figure = province_trend(SERIES, TARGETS, "rate", "X", "vi", sample=False)
    target = figure.data[1]
    assert target.name == "Mục tiêu (ví dụ)"
    assert [y for y in target.y if y is not None] == [0.8, 0.8, 0.85, 0.85]


def test_sample_data_is_named_in_the_title():
    assert "Dữ liệu mẫu" in province_trend(SERIES, TARGETS, "rate", "X", "vi", sample=True).layout.title.text
    assert "Sample data" in province_trend(SERIES, TARGETS, "rate", "X", "en", sample=True).layout.title.text
    assert "Sample" not in province_trend(SERIES, TARGETS, "rate", "X", "en", sample=False).layout.title.text


def test_hover_shows_formatted_values():
    figure = province_trend(SERIES, TARGETS.iloc[0:0], "rate", "X", "vi", sample=False)
    assert figure.data[0].hovertext[0] == "Tháng 11/2023: 80,0%"
    assert len(figure.data) == 1


@pytest.mark.parametrize(("lang", "month_format"), [("vi", "%m/%Y"), ("en", "%b %Y")])
def test_month_ticks_are_written_in_the_page_language(lang, month_format):
    axis = province_trend(SERIES, TARGETS, "rate", "X", lang, sample=False).layout.xaxis
    stops = {tuple(stop.dtickrange): stop.value for stop in axis.tickformatstops}
    assert stops[("M1", "M12")] == month_format
    assert stops[("M12", None)] == "%Y"


def test_the_last_month_is_inside_the_axis_not_on_its_edge():
    low, high = province_trend(SERIES, TARGETS, "rate", "X", "vi", sample=False).layout.xaxis.range
    assert pd.Timestamp(low) < SERIES["period"].min() and pd.Timestamp(high) > SERIES["period"].max()


@pytest.mark.parametrize(("kind", "lang", "label"), [("rate", "vi", "96,5%"), ("count", "en", "1,234")])
def test_ranking_bars_carry_their_value(kind, lang, label):
    table = pd.DataFrame(
        {"name": ["A", "B"], "value": [0.965 if kind == "rate" else 1234, 0.95], "rank": [1, 2], "light": ["green"] * 2}
    )
    figure = ranking_bars(table, kind=kind, title="T", lang=lang, target=None)
    assert figure.data[0].text[-1] == label  # bars are drawn bottom-up: the best unit last
    assert figure.layout.xaxis.range[0] == 0  # bars start at zero; the labels carry the differences


def test_months_with_missing_reports_are_drawn_hollow_and_say_so():
    series = SERIES.assign(units_reporting=[54, 52, 54], units_in_force=[54, 54, 54])
    line = province_trend(series, TARGETS.iloc[0:0], "count", "X", "vi", sample=False).data[0]
    assert list(line.marker.symbol) == ["circle", "diamond-open", "circle"]  # hollow circles mean estimates
    assert "52/54" in line.hovertext[1] and "52/54" not in line.hovertext[0]
    assert "đơn vị báo cáo" not in line.hovertext[0]
    figure = province_trend(series, TARGETS.iloc[0:0], "count", "X", "vi", sample=False)
    assert [trace.name for trace in figure.data] == ["Toàn tỉnh", "Tháng thiếu báo cáo"]  # the legend says why


def test_reporting_heatmap_names_every_unit():
    grid = pd.DataFrame({date(2026, 10, 1): range(60)}, index=[f"Xã {i}" for i in range(60)])
    figure = reporting_heatmap(grid, indicators=8, title="T", lang="vi")
    assert list(figure.layout.yaxis.tickvals) == list(grid.index)

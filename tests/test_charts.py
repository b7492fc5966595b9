from datetime import date

import pandas as pd
import pytest

from dashboard.charts import province_trend, quantile_classes, ranking_bars, reporting_heatmap, unit_map

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


@pytest.mark.parametrize(
    ("values", "classes"),
    [
        ([0.1 * i for i in range(10)], [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]),  # as many units in each class
        ([0.5, 0.5, 0.5, 0.5, 0.9, 0.9], [1, 1, 1, 1, 2, 2]),  # ties: 50% and 90% never share a colour
        ([1.0] * 6 + [0.5, 0.6], [3, 3, 3, 3, 3, 3, 1, 2]),  # most units at 100%
        ([0.5, None, 0.7], [1, None, 2]),
    ],
)
def test_quantile_classes(values, classes):
    got = quantile_classes(pd.Series(values, dtype=float)).tolist()
    assert [None if pd.isna(c) else int(c) for c in got] == classes


def _map_values(values: list[float | None], change: list[float | None]) -> pd.DataFrame:
    count = len(values)
    return pd.DataFrame(
        {
            "code": [f"U{i}" for i in range(count)],
            "name": [f"Xã {i}" for i in range(count)],
            "value": values,
            "numerator": [1.0] * count,
            "denominator": [2.0] * count,
            "rank": range(1, count + 1),
            "change": change,
            "estimate": [False] * count,
        }
    )


def _hexes(count: int) -> dict:
    square = [[[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]]]
    features = [
        {"type": "Feature", "id": f"U{i}", "geometry": {"type": "Polygon", "coordinates": square}} for i in range(count)
    ]
    return {"type": "FeatureCollection", "features": features}


def test_quantile_map_of_equal_values_falls_back_to_one_colour_not_grey():
    figure = unit_map(
        _map_values([1.0] * 4, [0.0] * 4),
        _hexes(4),
        column="value",
        kind="rate",
        title="T",
        note="",
        lang="vi",
        scale="quantiles",
    )
    assert list(figure.data[0].z) == [1.0] * 4  # the values themselves: every unit coloured
    assert (figure.data[0].zmin, figure.data[0].zmax) == (0, 1)  # not a range plotly invents (60%–140%)
    assert len(figure.data) == 1  # and none drawn as "no figure"


@pytest.mark.parametrize(("lang", "title"), [("vi", "điểm %"), ("en", "pp")])
def test_change_map_of_a_rate_is_coloured_in_points(lang, title):
    figure = unit_map(
        _map_values([0.9, 0.8], [0.02, -0.01]), _hexes(2), column="change", kind="rate", title="T", note="", lang=lang
    )
    trace = figure.data[0]
    assert list(trace.z) == pytest.approx([2.0, -1.0])
    assert trace.colorbar.title.text == title and trace.colorbar.tickformat == "+.1f"


def test_months_with_missing_reports_are_drawn_hollow_and_say_so():
    series = SERIES.assign(units_reporting=[54, 52, 54], units_in_force=[54, 54, 54])
    line = province_trend(series, TARGETS.iloc[0:0], "count", "X", "vi", sample=False).data[0]
    assert list(line.marker.symbol) == ["circle", "diamond-open", "circle"]  # hollow circles mean estimates
    assert "52/54" in line.hovertext[1] and "52/54" not in line.hovertext[0]
    assert "đơn vị báo cáo" not in line.hovertext[0]
    figure = province_trend(series, TARGETS.iloc[0:0], "count", "X", "vi", sample=False)
    assert [trace.name for trace in figure.data] == ["Toàn tỉnh", "Tháng thiếu báo cáo"]  # the legend says why


def test_fitted_scale_over_a_narrow_range_shows_decimals():
    figure = unit_map(
        _map_values([0.905, 0.93], [0, 0]), _hexes(2), column="value", kind="rate", title="T", note="", lang="vi"
    )
    assert figure.data[0].colorbar.tickformat == ".1%"


def test_reporting_heatmap_names_every_unit():
    grid = pd.DataFrame({date(2026, 10, 1): range(60)}, index=[f"Xã {i}" for i in range(60)])
    figure = reporting_heatmap(grid, indicators=8, title="T", lang="vi")
    assert list(figure.layout.yaxis.tickvals) == list(grid.index)


def test_lowest_unit_is_not_drawn_white():
    figure = unit_map(
        _map_values([0.1, 0.9], [0, 0]), _hexes(2), column="value", kind="rate", title="T", note="", lang="vi"
    )
    palest = figure.data[0].colorscale[0][1]
    assert palest.lower() not in {"rgb(247,251,255)", "#f7fbff", "rgb(222,235,247)", "#deebf7"}

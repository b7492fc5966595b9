from datetime import date

import pandas as pd
import pytest

from dashboard import style
from dashboard.charts import (
    MISSING_REPORTS,
    ROW_HEIGHT,
    TARGET_LABEL,
    province_trend,
    ranking_dots,
    reporting_heatmap,
    small_multiples,
    trend_lines,
)

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


def _ranked(values: list[float], lights: list[str], **extra: list) -> pd.DataFrame:
    """A ranking as `dashboard.rankings.rankings` returns it, best first."""
    count = len(values)
    return pd.DataFrame(
        {
            "code": [f"{i:05d}" for i in range(count)],
            "name": [f"Xã {i}" for i in range(count)],
            "value": values,
            "rank": range(1, count + 1),
            "light": lights,
            "target": [0.95] * count,
            "estimate": [False] * count,
            "carried": [False] * count,
            **extra,
        }
    )


RANKED = _ranked([0.979, 0.96, 0.949, 0.931, 0.921], ["green", "green", "amber", "amber", "red"])


def test_ranking_dots_zoom_the_value_axis_to_the_units():
    """92% and 98% on a 0–100% axis look equal: the axis starts just below the lowest unit, and says so."""
    figure = ranking_dots(RANKED, kind="rate", title="T", lang="vi", target=0.95)
    low, high = figure.layout.xaxis.range
    assert 0.88 < low < 0.921 and 0.979 < high < 1.0
    assert figure.layout.xaxis.tickformat == ".1%"  # a few points wide: whole percents would repeat
    assert "không bắt đầu từ 0" in figure.layout.xaxis.title.text


@pytest.mark.parametrize(("kind", "lang", "label"), [("rate", "vi", "97,9%"), ("count", "en", "1,234")])
def test_ranking_dots_write_each_value_in_a_column_beside_the_plot(kind, lang, label):
    table = RANKED.assign(value=[1234, 1000, 900, 800, 700] if kind == "count" else RANKED["value"])
    figure = ranking_dots(table, kind=kind, title="T", lang=lang, target=None)
    names, values = figure.layout.yaxis2.tickvals, figure.layout.yaxis2.ticktext
    assert names[0] == "Xã 0" and values[0] == label  # best first, its value on its row
    assert figure.layout.yaxis2.side == "right" and all(trace.mode == "markers" for trace in figure.data)
    assert list(figure.layout.yaxis.categoryarray) == list(names)[::-1]  # plotly's first category is at the bottom


def test_the_target_is_a_line_labelled_above_the_units():
    figure = ranking_dots(RANKED, kind="rate", title="T", lang="en", target=0.95)
    (line,) = figure.layout.shapes
    assert (line.x0, line.x1, line.yref, line.y0, line.y1) == (0.95, 0.95, "paper", 0, 1)
    (label,) = [a for a in figure.layout.annotations if a.name == TARGET_LABEL]
    assert label.text == "Target 95.0%"
    # Above the plot, where the units' names, dots and values never reach: nothing crosses it.
    assert (label.yref, label.y, label.yanchor) == ("paper", 1, "bottom")
    legend_bottom = figure.layout.legend.y
    assert legend_bottom > 1 and figure.layout.legend.yanchor == "bottom"  # the legend above the label


def test_each_light_has_its_own_shape_and_colour_in_the_legend():
    figure = ranking_dots(RANKED, kind="rate", title="T", lang="vi", target=0.95)
    shown = [trace for trace in figure.data if trace.showlegend is not False and trace.name]
    assert [trace.name for trace in shown] == ["Đạt mục tiêu", "Gần đạt (thiếu không quá 5 điểm %)", "Chưa đạt"]
    symbols = [trace.marker.symbol[0] for trace in shown]
    assert symbols == ["circle", "diamond", "triangle-down"]  # not colour alone
    assert len({trace.marker.color for trace in shown}) == 3
    assert all(max(trace.name) < "\U0001f300" for trace in shown)  # words, no emoji


def test_a_ranking_without_a_target_has_grey_dots_and_no_legend_to_read():
    figure = ranking_dots(RANKED.assign(light="none"), kind="count", title="T", lang="vi", target=None)
    assert figure.layout.showlegend is False and not figure.layout.shapes
    assert figure.layout.xaxis.range[0] > 0  # counts are zoomed too


def test_estimates_and_carried_figures_are_hollow_and_explained():
    table = RANKED.assign(carried=[False, True, False, False, False], estimate=[False] * 4 + [True])
    figure = ranking_dots(table, kind="rate", title="T", lang="vi", target=0.95)
    green, _, red = figure.data[:3]
    assert list(green.marker.symbol) == ["circle", "circle-open"] and list(red.marker.symbol) == ["triangle-down-open"]
    assert "Điểm rỗng: ước tính hoặc chuyển tiếp" in [trace.name for trace in figure.data]
    assert "chuyển tiếp" in green.hovertext[1]


def test_the_dot_plot_grows_with_its_units_and_names_each_once():
    few = ranking_dots(RANKED, kind="rate", title="T", lang="vi", target=0.95)
    many = _ranked([0.9] * 50, ["red"] * 50)
    tall = ranking_dots(many.assign(name=["Xã A"] * 50), kind="rate", title="T", lang="vi", target=0.95)
    assert tall.layout.height - few.layout.height == ROW_HEIGHT * 45
    assert len(set(tall.layout.yaxis.categoryarray)) == 50  # two units of one name never share a row


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


def test_reporting_heatmap_writes_the_count_where_indicators_are_missing_and_reads_without_hue():
    grid = pd.DataFrame({date(2026, 9, 1): [8, 3], date(2026, 10, 1): [0, 8]}, index=["Hà Tu", "Hà Lầm"])
    heatmap = reporting_heatmap(grid, indicators=8, title="T", lang="vi").data[0]
    assert [list(row) for row in heatmap.text] == [["", "0"], ["3", ""]]  # said in figures, not only in colour
    lightness = [_luminance(colour) for _, colour in heatmap.colorscale]
    assert lightness == sorted(lightness) and lightness[-1] - lightness[0] > 150  # none dark, all pale
    assert heatmap.colorbar.title.text.startswith("Số chỉ tiêu đã gửi (trên 8)")


def _luminance(colour: str) -> float:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def test_small_multiples_put_every_rate_on_one_scale_and_wrap_long_names():
    periods = pd.to_datetime(["2026-09-01", "2026-10-01"])

    def frame(values):
        return pd.DataFrame({"period": periods, "value": values, "estimate": False})

    panels = [
        ("Thanh toán không tiền mặt", "rate", frame([0.95, 0.97])),
        ("Hồ sơ trực tuyến", "rate", frame([0.2, 0.3])),
        ("Tổ công nghệ số", "count", frame([10, 12])),
    ]
    figure = small_multiples(panels, title="T", lang="vi")
    assert list(figure.layout.yaxis.range) == list(figure.layout.yaxis2.range)
    assert figure.layout.yaxis.range[0] == 0 and figure.layout.yaxis.range[1] >= 1
    assert figure.layout.yaxis3.rangemode == "tozero"
    titles = [annotation.text for annotation in figure.layout.annotations]
    assert titles[0] == "Thanh toán không<br>tiền mặt" and titles[1] == "Hồ sơ trực tuyến"


def _district_lines(count: int = 13) -> pd.DataFrame:
    """`count` district lines over three months; the second district misses a report in the last one."""
    periods = pd.to_datetime(["2025-04-01", "2025-05-01", "2025-06-01"])
    rows = [
        {
            "key": f"Huyện {i}",
            "period": p,
            "value": 0.8 + 0.01 * i,
            "estimate": False,
            "months": 1,
            "units_reporting": 9 if (i == 1 and p == periods[-1]) else 10,
            "units_carried": 0,
            "units_in_force": 10,
            "complete": not (i == 1 and p == periods[-1]),
        }
        for i in range(count)
        for p in periods
    ]
    return pd.DataFrame(rows)


def test_one_district_stands_out_against_the_others_in_grey():
    figure = trend_lines(
        _district_lines(), TARGETS.iloc[0:0], kind="rate", title="T", lang="vi", sample=False, highlight="Huyện 5"
    )
    lines = [trace for trace in figure.data if trace.x[0] is not None]
    assert [trace.line.color for trace in lines] == [style.OTHER_LINES_GREY] * 12 + [style.BLUE]
    assert lines[-1].name == "Huyện 5" and lines[-1].line.width > lines[0].line.width  # drawn last, on top
    legend = [trace.name for trace in figure.data if trace.showlegend is not False]
    assert legend == ["Các huyện, thị xã, thành phố khác", "Huyện 5", "Tháng thiếu báo cáo"]  # grey once
    assert lines[-1].legendrank < lines[0].legendrank  # the highlighted district first in the legend
    assert figure.layout.colorway is None


def test_grey_lines_keep_their_missing_report_marks_as_on_the_overview():
    figure = trend_lines(
        _district_lines(), TARGETS.iloc[0:0], kind="rate", title="T", lang="vi", sample=False, highlight="Huyện 5"
    )
    late = next(trace for trace in figure.data if trace.hovertext and trace.hovertext[0].startswith("Huyện 1<br>"))
    assert list(late.marker.symbol) == ["circle", "circle", MISSING_REPORTS]  # the overview's own mark
    assert list(late.marker.size) == [0, 0, 8]  # plain points of a grey line left out, the hollow mark kept
    overview = province_trend(_district_lines(2).query("key == 'Huyện 1'"), TARGETS.iloc[0:0], "rate", "X", "vi", False)
    assert list(overview.data[0].marker.symbol) == list(late.marker.symbol)


def test_without_a_highlight_thirteen_lines_get_thirteen_colours():
    figure = trend_lines(_district_lines(), TARGETS.iloc[0:0], kind="rate", title="T", lang="vi", sample=False)
    assert len(set(figure.layout.colorway)) >= 13


def _years() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "key": "Toàn tỉnh",
            "period": pd.to_datetime(["2023-01-01", "2024-01-01", "2025-01-01"]),
            "value": [0.8, 0.84, 0.9],
            "estimate": False,
            "months": [12, 12, 10],
        }
    )


@pytest.mark.parametrize(("lang", "last"), [("vi", "2025<br>(10 tháng)"), ("en", "2025<br>(10 months)")])
def test_a_yearly_trend_is_labelled_by_year(lang, last):
    figure = trend_lines(_years(), TARGETS, kind="rate", title="T", lang=lang, sample=False, frequency="year")
    axis = figure.layout.xaxis
    assert list(axis.ticktext) == ["2023", "2024", last]  # "2024", never "01/2024"
    assert [pd.Timestamp(v).year for v in axis.tickvals] == [2023, 2024, 2025]
    assert figure.data[0].hovertext[0] == f"Toàn tỉnh<br>2023: {'80,0%' if lang == 'vi' else '80.0%'}"


def test_a_yearly_trend_draws_each_years_target_at_that_year():
    figure = trend_lines(_years(), TARGETS, kind="rate", title="T", lang="vi", sample=False, frequency="year")
    target = next(trace for trace in figure.data if trace.name == "Mục tiêu (ví dụ)")
    dashes = [(target.x[i], target.x[i + 1], target.y[i]) for i in range(0, len(target.x), 3)]
    assert [y for _, _, y in dashes] == [0.8, 0.85]  # 2023 and 2024: the years with a target (2030's is not shown)
    for (start, end, _), year in zip(dashes, [2023, 2024], strict=True):
        assert pd.Timestamp(start) < pd.Timestamp(year=year, month=1, day=1) < pd.Timestamp(end)  # across its point
        assert pd.Timestamp(end) - pd.Timestamp(start) < pd.Timedelta(days=365)  # never into the next year
    assert target.hovertext[0] == "Mục tiêu năm 2023: 80,0%"
    low, high = figure.layout.xaxis.range
    assert pd.Timestamp(low) < pd.Timestamp(dashes[0][0]) and pd.Timestamp(high) > pd.Timestamp("2025-01-01")


def test_a_quarterly_trend_is_ticked_by_year_and_hovered_by_quarter():
    quarters = _years().assign(period=pd.to_datetime(["2024-01-01", "2024-04-01", "2024-07-01"]), months=3)
    figure = trend_lines(
        quarters, TARGETS.iloc[0:0], kind="rate", title="T", lang="vi", sample=False, frequency="quarter"
    )
    assert (figure.layout.xaxis.tickformat, figure.layout.xaxis.dtick) == ("%Y", "M12")
    low, high = (pd.Timestamp(x) for x in figure.layout.xaxis.range)
    assert low < pd.Timestamp("2024-01-01") and pd.Timestamp("2024-07-01") < high < pd.Timestamp("2025-01-01")
    assert figure.data[0].hovertext[1] == "Toàn tỉnh<br>Quý 2/2024: 84,0%"

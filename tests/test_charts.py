import pandas as pd
import pytest

from dashboard.charts import province_trend

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

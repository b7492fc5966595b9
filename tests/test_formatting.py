from datetime import date

import pytest

from core.formats import (
    format_change,
    format_month,
    format_number,
    format_percent,
    format_points,
    format_quarter,
)


@pytest.mark.parametrize(
    ("value", "lang", "decimals", "expected"),
    [
        (459326, "vi", 0, "459.326"),
        (459326, "en", 0, "459,326"),
        (1473, "vi", 0, "1.473"),
        (75.4, "vi", 1, "75,4"),
        (1234567.891, "en", 2, "1,234,567.89"),
        (1234567.891, "vi", 2, "1.234.567,89"),
        (-31, "vi", 0, "-31"),
        (None, "vi", 0, "–"),
        (float("nan"), "en", 0, "–"),
    ],
)
def test_format_number(value, lang, decimals, expected):
    assert format_number(value, lang, decimals) == expected


@pytest.mark.parametrize(
    ("fraction", "lang", "expected"),
    [(0.754, "vi", "75,4%"), (0.754, "en", "75.4%"), (1.0, "vi", "100,0%"), (0.95999, "en", "96.0%")],
)
def test_format_percent(fraction, lang, expected):
    assert format_percent(fraction, lang) == expected


@pytest.mark.parametrize(
    ("delta", "lang", "expected"),
    [(0.012, "vi", "+1,2 điểm %"), (-0.0051, "en", "-0.5 pp"), (0.0, "en", "+0.0 pp")],
)
def test_format_points(delta, lang, expected):
    assert format_points(delta, lang) == expected


@pytest.mark.parametrize(
    ("delta", "kind", "lang", "expected"),
    [(-31.0, "count", "vi", "-31"), (1200.0, "count", "vi", "+1.200"), (0.02, "rate", "en", "+2.0 pp")],
)
def test_format_change(delta, kind, lang, expected):
    assert format_change(delta, kind, lang) == expected


@pytest.mark.parametrize(
    ("month", "lang", "expected"),
    [(date(2024, 3, 1), "vi", "Tháng 03/2024"), (date(2024, 3, 1), "en", "Mar 2024")],
)
def test_format_month(month, lang, expected):
    assert format_month(month, lang) == expected


@pytest.mark.parametrize(
    ("month", "lang", "expected"),
    [
        (date(2024, 1, 1), "vi", "Quý 1/2024"),
        (date(2024, 12, 1), "vi", "Quý 4/2024"),
        (date(2025, 7, 1), "en", "Q3 2025"),
    ],
)
def test_format_quarter(month, lang, expected):
    assert format_quarter(month, lang) == expected


@pytest.mark.parametrize(("delta", "lang", "expected"), [(-0.000004, "vi", "+0,0 điểm %"), (-0.0004, "en", "+0.0 pp")])
def test_a_change_that_rounds_to_zero_has_no_minus_sign(delta, lang, expected):
    assert format_points(delta, lang) == expected

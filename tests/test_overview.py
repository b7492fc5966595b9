from datetime import date

import pandas as pd
import pytest

from dashboard.overview import (
    comparison_months,
    previous_month,
    province_value,
    same_month_last_year,
    summarise,
)

INDICATORS = pd.DataFrame({"kpi": ["online_dossier_rate", "dx_teams"], "kind": ["rate", "count"]})


@pytest.mark.parametrize(
    ("month", "previous", "last_year"),
    [
        (date(2024, 3, 1), date(2024, 2, 1), date(2023, 3, 1)),
        (date(2024, 1, 1), date(2023, 12, 1), date(2023, 1, 1)),
    ],
)
def test_comparison_months(month, previous, last_year):
    assert previous_month(month) == previous
    assert same_month_last_year(month) == last_year
    assert comparison_months(month) == [month, previous, last_year]


@pytest.mark.parametrize(
    ("numerator", "denominator", "kind", "expected"),
    [(754, 1000, "rate", 0.754), (7, None, "count", 7), (0, 0, "rate", None)],
)
def test_province_value(numerator, denominator, kind, expected):
    value = province_value(numerator, denominator, kind)
    assert (pd.isna(value) and expected is None) or value == pytest.approx(expected)


def _by_month(rows):
    return pd.DataFrame(rows, columns=["period", "kpi", "numerator", "denominator", "units_reporting", "edition"])


def test_summary_takes_sums_not_averages_and_computes_changes():
    march, february, last_march = date(2024, 3, 1), date(2024, 2, 1), date(2023, 3, 1)
    frame = _by_month(
        [
            (march, "online_dossier_rate", 900.0, 1000.0, 170, "2020"),
            (february, "online_dossier_rate", 850.0, 1000.0, 177, "2020"),
            (last_march, "online_dossier_rate", 1400.0, 2000.0, 177, "2020"),
            (march, "dx_teams", 1480.0, None, 170, "2020"),
            (february, "dx_teams", 1473.0, None, 177, "2020"),
        ]
    )
    summary = summarise(march, frame, INDICATORS).set_index("kpi")
    assert summary.loc["online_dossier_rate", "value"] == pytest.approx(0.9)
    assert summary.loc["online_dossier_rate", "change_previous"] == pytest.approx(0.05)
    assert summary.loc["online_dossier_rate", "change_last_year"] == pytest.approx(0.2)
    assert summary.loc["dx_teams", "change_previous"] == 7
    assert pd.isna(summary.loc["dx_teams", "change_last_year"])  # no figure a year earlier
    assert summary.loc["dx_teams", "units_reporting"] == 170


def test_summary_lists_indicators_without_figures():
    frame = _by_month([(date(2024, 3, 1), "dx_teams", 5.0, None, 1, "2020")])
    summary = summarise(date(2024, 3, 1), frame, INDICATORS)
    assert summary["kpi"].tolist() == ["online_dossier_rate", "dx_teams"]
    assert summary.loc[0, "units_reporting"] == 0 and pd.isna(summary.loc[0, "value"])

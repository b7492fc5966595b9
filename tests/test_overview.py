from datetime import date

import pandas as pd
import pytest

from dashboard.overview import card_reporting_text, matched_changes, summarise

INDICATORS = pd.DataFrame({"kpi": ["online_dossier_rate", "dx_teams"], "kind": ["rate", "count"]})


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


MARCH, FEBRUARY, LAST_MARCH = date(2024, 3, 1), date(2024, 2, 1), date(2023, 3, 1)


def _units(rows):
    return pd.DataFrame(rows, columns=["period", "kpi", "unit_code", "numerator", "denominator"])


@pytest.mark.parametrize(
    ("rows", "change", "compared"),
    [
        # Unit B did not report in March: teams compare A with A, not 10 with 10 + 31.
        ([(MARCH, "A", 12.0), (FEBRUARY, "A", 10.0), (FEBRUARY, "B", 31.0)], 2.0, 1),
        # Both reported both months: the plain difference of totals.
        ([(MARCH, "A", 12.0), (MARCH, "B", 30.0), (FEBRUARY, "A", 10.0), (FEBRUARY, "B", 31.0)], 1.0, 2),
        # Nobody reported last month: no change to show.
        ([(MARCH, "A", 12.0)], None, 0),
    ],
)
def test_matched_changes_of_a_count_compare_the_same_units(rows, change, compared):
    figures = _units([(period, "dx_teams", code, value, None) for period, code, value in rows])
    teams = matched_changes(figures, MARCH, INDICATORS).set_index("kpi").loc["dx_teams"]
    assert teams["compared_previous"] == compared
    assert (change is None and pd.isna(teams["change_previous"])) or teams["change_previous"] == change


def test_matched_changes_of_a_rate_use_sums_of_the_common_units():
    figures = _units(
        [
            (MARCH, "online_dossier_rate", "A", 90.0, 100.0),
            (LAST_MARCH, "online_dossier_rate", "A", 60.0, 100.0),
            (LAST_MARCH, "online_dossier_rate", "B", 10.0, 100.0),  # B is missing in March
            (MARCH, "online_dossier_rate", "C", 5.0, None),  # no denominator: not a usable rate
            (LAST_MARCH, "online_dossier_rate", "C", 5.0, 10.0),
        ]
    )
    rate = matched_changes(figures, MARCH, INDICATORS).set_index("kpi").loc["online_dossier_rate"]
    assert rate["change_last_year"] == pytest.approx(0.9 - 0.6)
    assert rate["compared_last_year"] == 1


def test_summary_takes_like_for_like_changes_when_given():
    frame = _by_month([(MARCH, "dx_teams", 12.0, None, 1, "2020"), (FEBRUARY, "dx_teams", 41.0, None, 2, "2020")])
    figures = _units([(MARCH, "dx_teams", "A", 12.0, None), (FEBRUARY, "dx_teams", "A", 10.0, None)])
    figures = pd.concat([figures, _units([(FEBRUARY, "dx_teams", "B", 31.0, None)])], ignore_index=True)
    plain = summarise(MARCH, frame, INDICATORS).set_index("kpi").loc["dx_teams"]
    matched = summarise(MARCH, frame, INDICATORS, matched_changes(figures, MARCH, INDICATORS)).set_index("kpi")
    assert plain["change_previous"] == -29
    assert matched.loc["dx_teams", "change_previous"] == 2
    assert matched.loc["dx_teams", "value"] == 12  # the level stays the total of the units that reported


def test_matched_changes_of_a_scope_without_figures_are_empty_not_an_error():
    nothing = _units([])
    changes = matched_changes(nothing, MARCH, INDICATORS)
    assert changes["kpi"].tolist() == ["online_dossier_rate", "dx_teams"]
    assert changes["change_previous"].isna().all() and (changes["compared_previous"] == 0).all()


# --- are we on target? -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "target", "kind", "expected"),
    [
        (0.96, 0.95, "rate", "met"),
        (0.95, 0.95, "rate", "met"),
        (0.92, 0.95, "rate", "close"),  # within five points
        (0.89, 0.95, "rate", "behind"),
        (950, 1000, "count", "close"),  # within ten per cent
        (800, 1000, "count", "behind"),
        (0.9, None, "rate", "none"),
        (float("nan"), 0.95, "rate", "none"),
    ],
)
def test_status_against_the_target(value, target, kind, expected):
    from core.targets import status

    assert status(value, target, kind) == expected


def _summary() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "kpi": ["a", "b", "c"],
            "kind": ["rate", "count", "rate"],
            "value": [0.921, 1200.0, 0.5],
            "change_previous": [0.01, -5.0, float("nan")],
            "change_last_year": [0.05, 100.0, float("nan")],
            "units_reporting": [52, 54, 0],
            "units_carried": [0, 2, 0],
        }
    )


def test_cards_say_the_target_the_gap_and_the_status_in_words_and_shapes():
    from dashboard.overview import cards, with_targets

    targets = {
        "a": pd.DataFrame({"year": [2025, 2026], "value": [0.9, 0.95], "source": ["province", "example"]}),
        "b": pd.DataFrame({"year": [2024], "value": [1000.0], "source": ["province"]}),
    }
    summary = with_targets(_summary(), targets, 2026)
    assert summary["status"].tolist() == ["close", "met", "none"]
    assert summary["gap"].iloc[0] == pytest.approx(-0.029)
    made = cards(summary, {"a": "A", "b": "B", "c": "C"}, 54, 2026, "vi")
    assert [card.status_text[0] for card in made] == ["◆", "●", "C"]  # a shape, not only a colour
    assert made[0].target_line == "Mục tiêu 2026 (ví dụ): 95,0% · còn thiếu 2,9 điểm %"
    assert made[1].target_line == "Mục tiêu 2026: 1.000 · vượt 200"  # 2024's target still applies in 2026
    assert made[2].target_line == "" and made[2].value == "50,0%"
    assert made[1].reporting_line == "Đơn vị báo cáo: 54/54; 2 đơn vị chưa báo cáo, số liệu chuyển tiếp từ lần trước"
    english = cards(summary, {"a": "A", "b": "B", "c": "C"}, 54, 2026, "en")
    assert english[0].status_text == "◆ Close to target" and "short by 2.9 pp" in english[0].target_line


def test_the_cards_are_one_block_with_every_text_escaped_in_the_indicators_order():
    from html.parser import HTMLParser

    from dashboard.overview import Card, cards_html

    plain = Card("a", "Tỷ lệ A", "95,0%", "met", "● Đạt", "Mục tiêu 2026: 95,0%", "So với tháng trước: +1,0", "54/54")
    hostile = Card("b", "<script>x</script> & <b>B</b>", "1.000", "behind", "▼ Chưa đạt", "", "", "52/54")

    class Read(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.tags: list[str] = []
            self.kpis: list[str | None] = []
            self.text: list[str] = []

        def handle_starttag(self, tag: str, attrs: list) -> None:
            self.tags.append(tag)
            if tag == "section":
                self.kpis.append(dict(attrs).get("data-kpi"))

        def handle_data(self, data: str) -> None:
            self.text.append(data)

    read = Read()
    read.feed(cards_html([plain, hostile]))
    assert read.kpis == ["a", "b"]  # one card each, in order
    assert "script" not in read.tags and read.tags.count("b") == 0  # a name is text, never markup
    assert "<script>x</script> & <b>B</b>" in read.text  # … shown as written
    assert read.tags.count("h3") == 2 and read.tags.count("p") == 3 + 3 + 2  # notes only where there are some
    assert "95,0%" in read.text and "▼ Chưa đạt" in read.text


def test_a_card_exactly_on_target_says_so_and_one_without_a_figure_does_not_fail():
    from dashboard.overview import cards, with_targets

    summary = _summary().assign(value=[0.95, float("nan"), 0.5])
    targets = {
        "a": pd.DataFrame({"year": [2026], "value": [0.95], "source": ["province"]}),
        "b": pd.DataFrame({"year": [2026], "value": [1000.0], "source": ["province"]}),
    }
    made = cards(with_targets(summary, targets, 2026), {"a": "A", "b": "B", "c": "C"}, 54, 2026, "vi")
    assert made[0].target_line == "Mục tiêu 2026: 95,0% · đạt đúng mục tiêu"
    assert made[1].status == "none" and made[1].value == "–"


def test_a_card_says_what_a_carried_figure_is():
    assert card_reporting_text(54, 0, 54, "vi") == "Đơn vị báo cáo: 54/54"
    text = card_reporting_text(52, 2, 54, "vi")
    assert "52/54" in text and "2 đơn vị chưa báo cáo" in text
    assert "2 units not reported" in card_reporting_text(52, 2, 54, "en")

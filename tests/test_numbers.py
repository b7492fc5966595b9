"""Analysts' numbers in the Vietnamese or the English convention (etl/numbers.py)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from etl.numbers import NOT_A_NUMBER, ParsedNumber, convention_evidence, infer_convention, parse_number


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (["1.234,5"], "vi"),
        (["1,234.5"], "en"),
        (["75,4"], "vi"),
        (["75.4"], "en"),
        (["0,754"], "vi"),
        (["0.754"], "en"),
        (["1.234.567"], "vi"),  # a repeated separator groups thousands
        (["1,234,567"], "en"),
        (["75,4%"], "vi"),
        (["75.4 %"], "en"),
        (["459.326"], None),  # ambiguous alone
        (["459,326"], None),
        (["459.326", "75,4"], "vi"),  # the other values decide
        (["459,326", "75.4%"], "en"),
        (["459.326", "1.473", "11.255", "1.452"], None),
        (["12", "0", "-", "", "x"], None),  # nothing decisive
        ([], None),
        (["75,4", "88,1", "75.4"], "vi"),  # conflicting: the majority
        (["75.4", "1,234.5", "75,4"], "en"),
        (["75,4", "75.4"], None),  # a tie is undecidable
        (["abc", "Tổng cộng", "75,4"], "vi"),  # words are no evidence
    ],
)
def test_infer_convention(texts, expected):
    assert infer_convention(texts) == expected


def test_infer_convention_skips_non_text_cells():
    assert infer_convention([75.4, None, 12, "75,4"]) == "vi"  # type: ignore[list-item]


def test_convention_evidence_reports_conflicts():
    evidence = convention_evidence(["75,4", "88,1", "75.4", "459.326", "12"])
    assert (evidence.vi, evidence.en, evidence.ambiguous) == (2, 1, 1)
    assert evidence.convention == "vi" and evidence.conflicting
    clean = convention_evidence(["75,4", "459.326"])
    assert clean.convention == "vi" and not clean.conflicting


@pytest.mark.parametrize(
    ("text", "convention", "value", "is_percent", "ambiguous"),
    [
        # Vietnamese
        ("459.326", "vi", 459326, False, False),
        ("75,4", "vi", 75.4, False, False),
        ("75,4%", "vi", 75.4, True, False),
        ("1.234,5", "vi", 1234.5, False, False),
        ("1.234.567", "vi", 1234567, False, False),
        ("0,754", "vi", 0.754, False, False),
        # English
        ("459,326", "en", 459326, False, False),
        ("75.4", "en", 75.4, False, False),
        ("75.4%", "en", 75.4, True, False),
        ("1,234.5", "en", 1234.5, False, False),
        ("1,234,567", "en", 1234567, False, False),
        # The convention settles the ambiguous shape
        ("459.326", "en", 459.326, False, False),
        ("459,326", "vi", 459.326, False, False),
        ("1.473", "vi", 1473, False, False),
        # Ambiguous with no convention: the Vietnamese reading, flagged
        ("459.326", None, 459326, False, True),
        ("459,326", None, 459.326, False, True),
        ("11.255", None, 11255, False, True),
        ("1.000%", None, 1000, True, True),
        # A decisive shape is read by its shape, whatever the file's convention
        ("75.4", "vi", 75.4, False, False),
        ("75,4", "en", 75.4, False, False),
        ("1.234,5", "en", 1234.5, False, False),
        ("1,234.5", "vi", 1234.5, False, False),
        ("1.234.567", None, 1234567, False, False),
        ("1,234,567", None, 1234567, False, False),
        # Plain integers, signs, spaces
        ("12", None, 12, False, False),
        ("0", None, 0, False, False),
        ("007", "vi", 7, False, False),
        ("+5", None, 5, False, False),
        ("-5", None, -5, False, False),
        ("−5", None, -5, False, False),
        ("- 5", None, -5, False, False),
        ("  75,4  ", None, 75.4, False, False),
        ("\u00a075,4\u00a0%", None, 75.4, True, False),
        ("75 ,4 %", None, 75.4, True, False),
        ("459 326", None, 459326, False, False),
        ("459\u00a0326", None, 459326, False, False),
        ("1\u202f234\u202f567,5", None, 1234567.5, False, False),
        ("100%", None, 100, True, False),
        (".5", None, 0.5, False, False),
    ],
)
def test_parse_text(text, convention, value, is_percent, ambiguous):
    parsed = parse_number(text, convention)
    assert parsed.error is None
    assert parsed.value == pytest.approx(value)
    assert (parsed.is_percent, parsed.ambiguous) == (is_percent, ambiguous)


@pytest.mark.parametrize("text", ["", "   ", "-", "–", "—", "−", "--", "x", "X", " - ", "\u00a0"])
@pytest.mark.parametrize("convention", ["vi", "en", None])
def test_blanks_and_dashes_are_no_figure(text, convention):
    assert parse_number(text, convention) == ParsedNumber(None)


@pytest.mark.parametrize(
    "text",
    ["abc", "Tổng cộng", "12a", "n/a", "1.23.4", "1,23,4", "12.34.56", "1.234,5.6", "75 4", "%", "1/2", "0.123.456"],
)
@pytest.mark.parametrize("convention", ["vi", "en", None])
def test_not_a_number(text, convention):
    parsed = parse_number(text, convention)
    assert parsed.value is None and parsed.error == NOT_A_NUMBER


@pytest.mark.parametrize(
    ("cell", "value"),
    [(459326, 459326.0), (75.4, 75.4), (0.754, 0.754), (0, 0.0), (-3, -3.0), (Decimal("12.5"), 12.5)],
)
@pytest.mark.parametrize("convention", ["vi", "en", None])
def test_numeric_cells_pass_through(cell, value, convention):
    parsed = parse_number(cell, convention)
    assert parsed == ParsedNumber(value)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (None, ParsedNumber(None)),
        (float("nan"), ParsedNumber(None, error=NOT_A_NUMBER)),  # a NaN cell is a value, not a blank
        (True, ParsedNumber(None, error=NOT_A_NUMBER)),
        (float("inf"), ParsedNumber(None, error=NOT_A_NUMBER)),
        (date(2024, 3, 1), ParsedNumber(None, error=NOT_A_NUMBER)),
        (datetime(2024, 3, 1, 8), ParsedNumber(None, error=NOT_A_NUMBER)),
    ],
)
def test_other_cells(cell, expected):
    assert parse_number(cell, None) == expected


def test_unknown_convention_is_a_programming_error():
    with pytest.raises(ValueError, match="convention"):
        parse_number("1", "fr")


def test_one_file_read_with_its_inferred_convention():
    texts = ["459.326", "75,4%", "1.473", "-"]
    convention = infer_convention(texts)
    values = [parse_number(t, convention) for t in texts]
    assert [v.value for v in values] == [459326, 75.4, 1473, None]
    assert not any(v.ambiguous for v in values)

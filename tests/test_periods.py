"""The report month, found in titles, period lines and file names (etl/periods.py)."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime

import pytest

from etl.periods import (
    RANK_COMPACT,
    RANK_FULL_DATE,
    RANK_MONTH_WORD,
    RANK_MONTH_YEAR,
    find_period,
    find_period_match,
)

MARCH_2024 = date(2024, 3, 1)


@pytest.mark.parametrize(
    "text",
    [
        "Tháng 3 năm 2024",
        "THÁNG 03 NĂM 2024",
        "tháng 03/2024",
        "Tháng 3/2024",
        "tháng 3-2024",
        "tháng 3, năm 2024",
        "Tháng III năm 2024",
        "T3/2024",
        "T03-2024",
        "t3.2024",
        "03/2024",
        "3-2024",
        "3 / 2024",
        "2024-03",
        "2024/3",
        "BC_CDS_202403.xlsx",
        "BC_CDS_2024_03.xlsx",
        "bao_cao_T3_2024.xlsx",
        "Báo cáo 03-2024.xlsx",
        "Kỳ báo cáo: 03/2024.",
        "BÁO CÁO KẾT QUẢ CHUYỂN ĐỔI SỐ THÁNG 3 NĂM 2024 (số liệu đến 31/3/2024)",
        "Số liệu đến 31/3/2024",  # a full date alone is taken as its month
        "2024-03-31",
        unicodedata.normalize("NFD", "BÁO CÁO THÁNG 3 NĂM 2024"),
        unicodedata.normalize("NFD", "tháng 3 năm 2024").upper(),
        "THÁNG\u00a03\u00a0NĂM\u00a02024",
        "  tháng   3   năm   2024  ",
    ],
)
def test_march_2024_in_every_spelling(text):
    assert find_period(text) == MARCH_2024


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Báo cáo tháng 12.2023", date(2023, 12, 1)),
        ("THÁNG 10 NĂM 2026", date(2026, 10, 1)),
        ("T1/2025", date(2025, 1, 1)),
        ("12/2099", date(2099, 12, 1)),
        ("tháng 1 năm 2000", date(2000, 1, 1)),
        ("tháng 12 năm 2100", date(2100, 12, 1)),
    ],
)
def test_other_months(text, expected):
    assert find_period(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The explicit month beats the cut-off date in brackets, wherever it is.
        ("Số liệu đến 31/3/2024, báo cáo tháng 3 năm 2024", MARCH_2024),
        # The document number is never a month; the period line after it is.
        ("Thực hiện Quyết định số 12/2024/QĐ-UBND, báo cáo tháng 3/2024", MARCH_2024),
        ("Quyết định số 12/2024/QĐ-UBND; kỳ 03/2024", MARCH_2024),
        # A month/year beats a full date and a compact number.
        ("ngày 05/4/2024 — kỳ 3/2024", MARCH_2024),
        ("BC_202312 tháng 3/2024", MARCH_2024),
        # "ngày 5 tháng 4 năm 2024" is a signing date: the period line wins over it.
        ("Hạ Long, ngày 05 tháng 4 năm 2024. Báo cáo 03/2024", MARCH_2024),
        # Within a rank, the first one in the text.
        ("tháng 3/2024 so với tháng 2/2024", MARCH_2024),
    ],
)
def test_better_candidates_win(text, expected):
    assert find_period(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "Tổng cộng",
        "13/2024",
        "tháng 13 năm 2024",
        "T0/2024",
        "00/2024",
        "tháng 3 năm 1999",
        "03/2101",
        "202413",
        "31/2/2024",
        "Quyết định số 12/2024/QĐ-UBND",
        "Nghị quyết 1199/NQ-UBTVQH15",
        "số 12/2024",
        "Quý 1/2024",
        "2024-2025",
        "459.326",
        "75,4%",
        "1-3/2024",  # a range of months is not one month
        "6 tháng đầu năm 2024",
    ],
)
def test_no_period(text):
    assert find_period(text) is None


def test_non_text_cells():
    assert find_period(None) is None  # type: ignore[arg-type]
    assert find_period(202403) is None  # type: ignore[arg-type]
    assert find_period(datetime(2024, 3, 15, 8, 0)) == MARCH_2024  # type: ignore[arg-type]
    assert find_period(date(2024, 3, 31)) == MARCH_2024  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "rank"),
    [
        ("Tháng 3 năm 2024", RANK_MONTH_WORD),
        ("T3/2024", RANK_MONTH_WORD),
        ("03/2024", RANK_MONTH_YEAR),
        ("2024-03", RANK_MONTH_YEAR),
        ("BC_CDS_202403.xlsx", RANK_COMPACT),
        ("31/3/2024", RANK_FULL_DATE),
        ("ngày 31 tháng 3 năm 2024", RANK_FULL_DATE),
    ],
)
def test_rank_of_each_form(text, rank):
    match = find_period_match(text)
    assert match is not None and match.rank == rank and match.period == MARCH_2024

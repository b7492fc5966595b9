"""Province-wide reports of every unit (issue 10, item 1) in the layouts departments and districts use:
how district headings are numbered, where the province total stands, how many header rows there are,
what the column-number row says, whether units carry their codes. Each is the 2020 map's 177 units in
one sheet, built from the parts in `tests.corpus`, and records where every unit's row went."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from tests.corpus import (
    FREE_FORM_COLUMNS,
    PERIOD,
    PROVINCE_VOCABULARIES,
    Column,
    CorpusFile,
    Grid,
    _enum,
    _roman,
    _total_values,
    column_letter,
    expected_figures,
    kpis_of,
    letterhead,
    messy_name,
    period_parts,
    plain_renderer,
    put_column_numbers,
    put_header,
    put_units,
    record_columns,
    save_xlsx,
    signature_block,
    signing_date,
    units_of,
)


@dataclass(frozen=True)
class Layout:
    """How one province report is laid out."""

    columns: list[Column]
    heading: Callable[[int, str], list[str | None]]  # (district number, name) → the district heading row
    number: Callable[[int, int], str | int]  # (district number, unit number within it) → the STT cell
    subtotal: str | None  # label of a district's subtotal row ("Cộng …"), None: no subtotal rows
    total_first: bool  # the province total right under the headers rather than at the foot
    numbers_row: str  # "numbers" "(1) (2) (3)=(2)/(1)", "letters" "A B 1 2 …", or "none"
    period_line: str  # the period line under the title ("{month}", "{year}" filled in)


def _letters_row(columns: list[Column]) -> list[str]:
    """ "A", "B" over the STT and name columns, then 1, 2, 3 … over the figures, as many forms print."""
    labels, figure = [], 0
    for column in columns:
        if column.key in ("stt", "name", "code", "district", "note"):
            labels.append(column_letter(len(labels)))
        else:
            figure += 1
            labels.append(str(figure))
    return labels


def _with_code(columns: list[Column]) -> list[Column]:
    return [columns[0], Column(("Mã ĐVHC",), "code"), *columns[1:]]


def _over_everything(columns: list[Column], label: str) -> list[Column]:
    """A third header row: one label over every figure column ("Kết quả thực hiện")."""
    return [c if c.key in ("stt", "name", "code", "note") else Column((label, *c.path), c.key, c.fmt) for c in columns]


# The citizens aged 14+ printed again under each ID group, as its own denominator.
POPULATION_PER_GROUP = [
    Column(("STT",), "stt"),
    Column(("Tên đơn vị",), "name"),
    Column(("CCCD gắn chip", "Số người từ 14 tuổi"), "chip_id_coverage.denominator", "int"),
    Column(("CCCD gắn chip", "Đã cấp"), "chip_id_coverage.numerator", "int"),
    Column(("CCCD gắn chip", "Tỷ lệ (%)"), "chip_id_coverage.rate", "dec1"),
    Column(("Định danh điện tử (VNeID)", "Số người từ 14 tuổi"), "eid_level2_rate.denominator", "int"),
    Column(("Định danh điện tử (VNeID)", "TK mức 2 đã kích hoạt"), "eid_level2_rate.numerator", "int"),
    Column(("Định danh điện tử (VNeID)", "Tỷ lệ (%)"), "eid_level2_rate.rate", "dec1"),
    Column(("Tổ công nghệ số cộng đồng", "Số tổ"), "dx_teams", "int"),
]

LAYOUTS: dict[str, Layout] = {
    # "1", "Thành phố Hạ Long" headings, units "1.1", "1.2", the province total first.
    "arabic_headings_total_first": Layout(
        FREE_FORM_COLUMNS,
        heading=lambda n, name: [str(n), name],
        number=lambda d, u: f"{d}.{u}",
        subtotal=None,
        total_first=True,
        numbers_row="numbers",
        period_line="Tháng {month:02d} năm {year}",
    ),
    # "I.", "HUYỆN TIÊN YÊN" (upper case) headings, "Tổng huyện" subtotals, letters over the columns.
    "roman_dot_upper_case": Layout(
        PROVINCE_VOCABULARIES["hanh_chinh"],
        heading=lambda n, name: [f"{_roman(n)}.", name.upper()],
        number=lambda d, u: u,
        subtotal="Tổng",
        total_first=False,
        numbers_row="letters",
        period_line="Kỳ báo cáo: tháng {month}/{year}",
    ),
    # Three header rows ("Kết quả thực hiện" over every group), codes beside the names, no numbers row.
    "three_header_rows_with_codes": Layout(
        _over_everything(_with_code(PROVINCE_VOCABULARIES["can_cuoc"]), "Kết quả thực hiện"),
        heading=lambda n, name: [_roman(n), None, name],
        number=lambda d, u: u,
        subtotal="Cộng",
        total_first=False,
        numbers_row="none",
        period_line="(Số liệu đến hết tháng {month} năm {year})",
    ),
    # Heading rows with the district's name only (no numeral), numbers running through the province.
    "name_only_headings": Layout(
        PROVINCE_VOCABULARIES["to_dan_pho"],
        heading=lambda n, name: [None, name],
        number=lambda d, u: u,
        subtotal=None,
        total_first=True,
        numbers_row="numbers",
        period_line="THÁNG {month}/{year}",
    ),
    "population_under_each_id_group": Layout(
        POPULATION_PER_GROUP,
        heading=lambda n, name: [_roman(n), name],
        number=lambda d, u: u,
        subtotal="Cộng",
        total_first=False,
        numbers_row="numbers",
        period_line="Tháng {month} năm {year}",
    ),
}


def province_layout(folder: Path, key: str, period: str = PERIOD) -> CorpusFile:
    """The province report of every 2020 unit laid out as LAYOUTS[key] says."""
    layout = LAYOUTS[key]
    year, month = period_parts(period)
    figures = expected_figures(period)
    units = units_of(None)
    columns = layout.columns
    width = len(columns)
    written = CorpusFile(folder / f"tinh_{key}.xlsx", period, kpis_of(columns), units["code"].tolist())
    written.written_names = {code: messy_name(name, i) for i, (code, name) in _enum(units)}
    plain = plain_renderer(written.written_names)
    fmts = [c.fmt for c in columns]
    grid = Grid("Tổng hợp")
    letterhead(grid, "UBND TỈNH QUẢNG NINH", "BAN CHỈ ĐẠO CHUYỂN ĐỔI SỐ", width)
    grid.merged_line("TỔNG HỢP KẾT QUẢ CHỈ TIÊU CHUYỂN ĐỔI SỐ CỦA CÁC XÃ, PHƯỜNG, THỊ TRẤN", 0, width - 1)
    grid.merged_line(layout.period_line.format(month=month, year=year), 0, width - 1)
    grid.skip()
    put_header(grid, columns)
    if layout.numbers_row == "numbers":
        put_column_numbers(grid, columns)
    elif layout.numbers_row == "letters":
        grid.put_row(_letters_row(columns))
    record_columns(written, columns)
    everyone = units["code"].tolist()
    if layout.total_first:
        grid.put_row(_total_values(columns, figures, everyone, "TỔNG CỘNG TOÀN TỈNH"), fmts=fmts)
    index = 0
    for district_number, (_, members) in enumerate(units.groupby("district_code", sort=True), start=1):
        name = str(members["district_name"].iloc[0])
        grid.put_row(layout.heading(district_number, name))
        codes = members["code"].tolist()

        def render(column: Column, rows: pd.DataFrame, position: int, first: int = index, d: int = district_number):
            """As `plain_renderer` writes a unit's row, numbered as this layout numbers it."""
            if column.key == "stt":
                return layout.number(d, position - first + 1)
            return plain(column, rows, position)

        put_units(grid, columns, figures, codes, render, written, first_index=index)
        index += len(codes)
        if layout.subtotal:
            grid.put_row(_total_values(columns, figures, codes, f"{layout.subtotal} {name}"), fmts=fmts)
    if not layout.total_first:
        grid.put_row(_total_values(columns, figures, everyone, "Tổng cộng"), fmts=fmts)
    signature_block(grid, signing_date(period), width)
    save_xlsx([grid], written.path)
    written.merged = {grid.name: list(grid.merges)}
    return written


def province_layouts(folder: Path, period: str = PERIOD) -> dict[str, CorpusFile]:
    return {key: province_layout(folder, key, period) for key in LAYOUTS}

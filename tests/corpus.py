"""A corpus of realistic, messy monthly reports for tests (SPEC §4), with exact known figures.

`expected_figures()` is the single source of truth: deterministic figures for all 177 units of
the 2020 map. Each writer renders some of them in one real-world layout and returns a
`CorpusFile` saying what it wrote and where (unit rows, figure columns, blanks, planted errors),
so that tests can compare exact values. Writers only write files; they hold no assertions.

Formats: .xlsx (openpyxl, real merged cells and number formats), legacy .xls (xlwt), .ods
(odfpy), CSV (csv module) in UTF-8, UTF-8 with BOM, cp1258, cp1252 and UTF-16.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import NamedTuple

import numpy as np
import openpyxl
import pandas as pd
import xlwt
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import CoveredTableCell, Table, TableCell, TableRow
from odf.text import P

from geo.reference import units as reference_units

PERIOD = "2024-03"
CATALOGUE = Path(__file__).resolve().parents[1] / "data" / "indicators.csv"

Value = str | int | float | None

# --- the figures ---------------------------------------------------------------------------------


@cache
def indicators() -> pd.DataFrame:
    return pd.read_csv(CATALOGUE).sort_values("sort_order", ignore_index=True)


def rate_kpis() -> list[str]:
    frame = indicators()
    return frame.loc[frame["kind"] == "rate", "kpi"].tolist()


def count_kpis() -> list[str]:
    frame = indicators()
    return frame.loc[frame["kind"] == "count", "kpi"].tolist()


def expected_figures(period: str = PERIOD) -> pd.DataFrame:
    """One row per unit of the 2020 map: `<kpi>_numerator` and `<kpi>_denominator` for rates,
    `<kpi>` for counts; integers, numerators never above denominators, seeded by the period.

    Phường Ka Long's smartphone figures are fixed at 7.540 / 10.000 so that a percent cell
    holds exactly 0.754 (75,4%).
    """
    units = reference_units("2020").sort_values("code", ignore_index=True)
    rng = np.random.default_rng(int(period.replace("-", "")))
    n = len(units)
    urban = units["type"].isin(["phuong", "thi_tran"]).to_numpy()

    def between(low_urban: float, high_urban: float, low_rural: float, high_rural: float) -> np.ndarray:
        return np.where(urban, rng.uniform(low_urban, high_urban, n), rng.uniform(low_rural, high_rural, n))

    def share_of(total: np.ndarray, share: np.ndarray) -> np.ndarray:
        return np.minimum(np.round(total * share), total).astype(np.int64)

    eligible = np.round(between(6_000, 20_000, 3_000, 12_000)).astype(np.int64)
    dossiers = np.round(between(400, 2_000, 100, 900)).astype(np.int64)
    adults = share_of(eligible, rng.uniform(0.82, 0.92, n))
    customers = share_of(eligible, rng.uniform(0.30, 0.40, n))
    villages = rng.integers(3, 26, n)
    covered = villages - (rng.random(n) < 0.1)
    frame = pd.DataFrame(
        {
            "unit_code": units["code"],
            "unit_name": units["name"],
            "district_code": units["district_code"],
            "district_name": units["district_name"],
            "type": units["type"],
            "online_dossier_rate_numerator": share_of(dossiers, between(0.70, 0.95, 0.50, 0.85)),
            "online_dossier_rate_denominator": dossiers,
            "chip_id_coverage_numerator": share_of(eligible, rng.uniform(0.90, 0.995, n)),
            "chip_id_coverage_denominator": eligible,
            "eid_level2_rate_numerator": share_of(eligible, rng.uniform(0.45, 0.85, n)),
            "eid_level2_rate_denominator": eligible,
            "smartphone_adult_rate_numerator": share_of(adults, between(0.80, 0.95, 0.70, 0.88)),
            "smartphone_adult_rate_denominator": adults,
            "cashless_utility_rate_numerator": share_of(customers, between(0.75, 0.95, 0.60, 0.85)),
            "cashless_utility_rate_denominator": customers,
            "dx_teams": covered.astype(np.int64),
            "dx_team_members": (covered * rng.integers(4, 10, n)).astype(np.int64),
            "village_team_coverage_numerator": covered.astype(np.int64),
            "village_team_coverage_denominator": villages.astype(np.int64),
        }
    )
    ka_long = frame["unit_name"] == "Phường Ka Long"
    frame.loc[ka_long, ["smartphone_adult_rate_numerator", "smartphone_adult_rate_denominator"]] = [7_540, 10_000]
    return frame


def expected_long(figures: pd.DataFrame) -> pd.DataFrame:
    """The figures as observation_current shapes them: unit_code, kpi, numerator, denominator, value."""
    parts = []
    for kpi in indicators()["kpi"]:
        if kpi in rate_kpis():
            numerator, denominator = figures[f"{kpi}_numerator"], figures[f"{kpi}_denominator"]
            value = numerator / denominator
        else:
            numerator, denominator = figures[kpi], pd.Series(np.nan, index=figures.index)
            value = numerator
        parts.append(
            pd.DataFrame(
                {
                    "unit_code": figures["unit_code"],
                    "kpi": kpi,
                    "numerator": numerator.astype(float),
                    "denominator": denominator.astype(float),
                    "value": value.astype(float),
                }
            )
        )
    return pd.concat(parts, ignore_index=True).sort_values(["unit_code", "kpi"], ignore_index=True)


# "Trong đó: toàn trình / một phần": the online dossiers split by how much of the procedure ran online,
# figures a report carries beside the indicator's own.
ONLINE_PARTS = ("fully_online", "partly_online")


def figure(rows: pd.DataFrame, key: str) -> int | float:
    """A figure of one unit (a one-row frame) or the sum over several (subtotals).

    Keys: "<kpi>.numerator", "<kpi>.denominator", "<kpi>.rate" (percent, 1 decimal, as reports
    print it), "<kpi>.share" (fraction, 3 decimals, as an Excel percent cell holds it), "<kpi>", and the
    parts of the online dossiers ("<kpi>.fully_online", "<kpi>.partly_online", ONLINE_PARTS).
    """
    kpi, _, part = key.partition(".")
    if part in ONLINE_PARTS:
        online = rows[f"{kpi}_numerator"]
        fully = online * 3 // 5
        return int((fully if part == "fully_online" else online - fully).sum())
    if part in ("rate", "share"):
        fraction = rows[f"{kpi}_numerator"].sum() / rows[f"{kpi}_denominator"].sum()
        return round(100 * fraction, 1) if part == "rate" else round(float(fraction), 3)
    column = f"{kpi}_{part}" if part else kpi
    return int(rows[column].sum())


# --- what a writer returns -----------------------------------------------------------------------


@dataclass
class ExpectedIssue:
    """A finding the later pipeline must report. `row` is the Excel row number (1-based)."""

    severity: str  # "error" or "warning"
    kind: str  # unknown_unit, ambiguous_unit, duplicate_unit, non_numeric, negative_value,
    # numerator_above_denominator, rate_mismatch, missing_period, missing_unit, other_edition
    sheet: str | None = None
    row: int | None = None
    column: str | None = None  # Excel column letter
    unit_code: str | None = None  # the unit concerned, where one is
    candidates: list[str] = field(default_factory=list)  # codes an ambiguous name could mean


@dataclass
class CorpusFile:
    path: Path
    period: str | None  # the period the file states ("YYYY-MM") or None when it states none
    kpis: list[str]  # indicators it carries
    units: list[str]  # codes whose figures it carries correctly (rows with planted errors excluded)
    unit_rows: dict[str, tuple[str, int]] = field(default_factory=dict)  # code → (sheet, 0-based row)
    columns: dict[str, int] = field(default_factory=dict)  # "name", "code", figure keys → 0-based column
    written_names: dict[str, str] = field(default_factory=dict)  # code → the name as written in the file
    missing: list[tuple[str, str]] = field(default_factory=list)  # (code, kpi) left blank or dashed
    issues: list[ExpectedIssue] = field(default_factory=list)
    merged: dict[str, list[tuple[int, int, int, int]]] = field(default_factory=dict)  # sheet → ranges written
    figures_period: str = PERIOD  # the period whose expected_figures() the file renders
    notes: dict[str, object] = field(default_factory=dict)

    def expected(self) -> pd.DataFrame:
        """The figures the file carries correctly, long (unit_code, kpi, numerator, denominator, value)."""
        long = expected_long(expected_figures(self.figures_period))
        blank = set(self.missing)
        keep = long["unit_code"].isin(self.units) & long["kpi"].isin(self.kpis)
        reported = [(code, kpi) not in blank for code, kpi in zip(long["unit_code"], long["kpi"], strict=True)]
        keep &= pd.Series(reported, index=long.index)
        return long[keep].reset_index(drop=True)


# --- writing numbers and names the way people do -------------------------------------------------


def vn_int(value: int) -> str:
    """459326 → "459.326"."""
    return f"{value:,}".replace(",", ".")


def vn_decimal(value: float, digits: int = 1) -> str:
    """75.4 → "75,4"."""
    return f"{value:.{digits}f}".replace(".", ",")


def en_int(value: int) -> str:
    """459326 → "459,326"."""
    return f"{value:,}"


_TONES = "\u0300\u0301\u0303\u0309\u0323"
_OLD_STYLE = re.compile(rf"([oO])([{_TONES}])([aAeE])(?=\s|$)|([uU])([{_TONES}])([yY])(?=\s|$)")
_NEW_STYLE = re.compile(rf"([oO])([aAeE])([{_TONES}])(?=\s|$)|([uU])([yY])([{_TONES}])(?=\s|$)")


def swap_tone_placement(text: str) -> str:
    """ "Hòa" ↔ "Hoà", "Thủy" ↔ "Thuỷ": the other accepted tone-mark placement (open syllables only)."""
    decomposed = unicodedata.normalize("NFD", text)

    def to_new(match: re.Match) -> str:
        a, tone, b = match.group(1, 2, 3) if match.group(1) else match.group(4, 5, 6)
        return a + b + tone

    def to_old(match: re.Match) -> str:
        a, b, tone = match.group(1, 2, 3) if match.group(1) else match.group(4, 5, 6)
        return a + tone + b

    swapped = _OLD_STYLE.sub(to_new, decomposed)
    if swapped == decomposed:
        swapped = _NEW_STYLE.sub(to_old, decomposed)
    return unicodedata.normalize("NFC", swapped)


_ABBREVIATIONS = {"Phường ": "P. ", "Thị trấn ": "TT ", "Xã ": "X. "}
NAME_STYLES = ("plain", "upper", "spaces", "nfd", "abbreviated")


def written_name(name: str, style: str) -> str:
    """A unit name as some analyst typed it."""
    if style == "upper":
        return name.upper()
    if style == "spaces":
        return "  ".join(name.split()) + " "
    if style == "nfd":
        return unicodedata.normalize("NFD", name)
    if style == "abbreviated":
        return next(
            (short + name[len(long) :] for long, short in _ABBREVIATIONS.items() if name.startswith(long)), name
        )
    if style == "bare":
        return next((name[len(long) :] for long in _ABBREVIATIONS if name.startswith(long)), name)
    return name


def messy_name(name: str, index: int) -> str:
    """The index-th style in turn, with the other tone placement wherever a name allows one."""
    return written_name(swap_tone_placement(name), NAME_STYLES[index % len(NAME_STYLES)])


def to_cp1258(text: str) -> bytes:
    """Vietnamese Windows encoding: base letters (ơ, ư, ă, â, đ…) precomposed, tone marks combining."""
    out = []
    for char in text:
        decomposed = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
        out.append(base + "".join(c for c in decomposed if c in _TONES))
    return "".join(out).encode("cp1258")


def period_parts(period: str) -> tuple[int, int]:
    year, month = period.split("-")
    return int(year), int(month)


def _roman(number: int) -> str:
    numerals = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    text = ""
    for value, letters in numerals:
        while number >= value:
            text, number = text + letters, number - value
    return text


def column_letter(col: int) -> str:
    letters, col = "", col + 1
    while col:
        col, remainder = divmod(col - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


# --- a format-independent grid, saved as .xlsx, .xls or .ods --------------------------------------

NUMBER_FORMATS = {"int": "#,##0", "dec1": "0.0", "pct": "0.0%"}
# Both ID indicators count against the citizens aged 14+: reports print that column once.
SHARED_DENOMINATOR = {"eid_level2_rate": "chip_id_coverage"}


@dataclass
class Grid:
    """One sheet being laid out: cells, merged ranges (0-based, inclusive) and a row cursor."""

    name: str
    cells: dict[tuple[int, int], tuple[Value, str | None]] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    row: int = 0

    def put(self, row: int, col: int, value: Value, fmt: str | None = None) -> None:
        if value is not None:
            self.cells[(row, col)] = (value, fmt)

    def put_row(self, values: Iterable[Value], left: int = 0, fmts: Iterable[str | None] = ()) -> int:
        """Write values at the cursor and move it down; returns the row written."""
        fmts = list(fmts)
        for offset, value in enumerate(values):
            self.put(self.row, left + offset, value, fmts[offset] if offset < len(fmts) else None)
        self.row += 1
        return self.row - 1

    def merged_line(self, text: str, first_col: int, last_col: int) -> int:
        """A line of text merged across columns (titles, letterhead), at the cursor."""
        self.put(self.row, first_col, text)
        self.merge(self.row, first_col, self.row, last_col)
        self.row += 1
        return self.row - 1

    def merge(self, top: int, left: int, bottom: int, right: int) -> None:
        self.merges.append((top, left, bottom, right))

    def skip(self, rows: int = 1) -> None:
        self.row += rows

    def size(self) -> tuple[int, int]:
        spots = list(self.cells) + [(m[2], m[3]) for m in self.merges]
        return (max((r for r, _ in spots), default=-1) + 1, max((c for _, c in spots), default=-1) + 1)


def save_xlsx(grids: list[Grid], path: Path) -> Path:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for grid in grids:
        sheet = workbook.create_sheet(grid.name)
        for (row, col), (value, fmt) in grid.cells.items():
            cell = sheet.cell(row=row + 1, column=col + 1, value=value)
            if fmt:
                cell.number_format = NUMBER_FORMATS[fmt]
        for top, left, bottom, right in grid.merges:
            sheet.merge_cells(start_row=top + 1, start_column=left + 1, end_row=bottom + 1, end_column=right + 1)
    workbook.save(path)
    return path


def save_xls(grids: list[Grid], path: Path) -> Path:
    workbook = xlwt.Workbook(encoding="utf-8")
    styles = {fmt: xlwt.easyxf(num_format_str=code) for fmt, code in NUMBER_FORMATS.items()}
    for grid in grids:
        sheet = workbook.add_sheet(grid.name)
        for top, left, bottom, right in grid.merges:
            sheet.merge(top, bottom, left, right)
        for (row, col), (value, fmt) in grid.cells.items():
            if fmt:
                sheet.write(row, col, value, styles[fmt])
            else:
                sheet.write(row, col, value)
    workbook.save(str(path))
    return path


def save_ods(grids: list[Grid], path: Path) -> Path:
    document = OpenDocumentSpreadsheet()
    for grid in grids:
        table = Table(name=grid.name)
        height, width = grid.size()
        spans = {(m[0], m[1]): m for m in grid.merges}
        covered = {
            (r, c)
            for t, lf, b, rt in grid.merges
            for r in range(t, b + 1)
            for c in range(lf, rt + 1)
            if (r, c) != (t, lf)
        }
        for row in range(height):
            table_row = TableRow()
            for col in range(width):
                table_row.addElement(_ods_cell(grid, row, col, spans, covered))
            table.addElement(table_row)
        document.spreadsheet.addElement(table)
    document.save(str(path))
    return path


def _ods_cell(grid: Grid, row: int, col: int, spans: dict, covered: set) -> TableCell | CoveredTableCell:
    if (row, col) in covered:
        return CoveredTableCell()
    attributes = {}
    if (row, col) in spans:
        top, left, bottom, right = spans[(row, col)]
        attributes = {"numbercolumnsspanned": right - left + 1, "numberrowsspanned": bottom - top + 1}
    value, fmt = grid.cells.get((row, col), (None, None))
    if value is None:
        return TableCell(**attributes)
    if isinstance(value, str):
        cell = TableCell(valuetype="string", **attributes)
    else:
        cell = TableCell(valuetype="percentage" if fmt == "pct" else "float", value=value, **attributes)
    cell.addElement(P(text=str(value)))
    return cell


def save_csv(rows: list[list[Value]], path: Path, delimiter: str = ",", encoding: str = "utf-8") -> Path:
    """Rows as CSV text, encoded as asked; encoding "cp1258" writes decomposed tone marks."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows([["" if v is None else v for v in row] for row in rows])
    text = buffer.getvalue()
    path.write_bytes(to_cp1258(text) if encoding == "cp1258" else text.encode(encoding))
    return path


# --- shared parts of a report --------------------------------------------------------------------


class Column(NamedTuple):
    path: tuple[str, ...]  # header labels, top to bottom; equal neighbours are merged
    key: str  # "stt", "name", "code", "district", "note" or a figure key (see `figure`)
    fmt: str | None = None


def put_header(grid: Grid, columns: list[Column], left: int = 0) -> None:
    """Headers over as many rows as the deepest path: group labels merged across their columns,
    short paths merged down to the last header row."""
    top, depth = grid.row, max(len(c.path) for c in columns)
    paths = [c.path for c in columns]
    for level in range(depth):
        col = 0
        while col < len(paths):
            path = paths[col]
            if len(path) <= level:
                col += 1
                continue
            end = col
            while end + 1 < len(paths) and paths[end + 1][: level + 1] == path[: level + 1]:
                end += 1
            bottom = top + depth - 1 if len(path) == level + 1 else top + level
            grid.put(top + level, left + col, path[level])
            if end > col or bottom > top + level:
                grid.merge(top + level, left + col, bottom, left + end)
            col = end + 1
    grid.row = top + depth


def put_column_numbers(grid: Grid, columns: list[Column], left: int = 0) -> None:
    """The "(1) (2) (3)=(2)/(1)" row under the headers."""
    numbers = {c.key: f"({i + 1})" for i, c in enumerate(columns)}
    labels = []
    for i, column in enumerate(columns):
        kpi, _, part = column.key.partition(".")
        denominator = f"{SHARED_DENOMINATOR.get(kpi, kpi)}.denominator"
        formula = f"={numbers[kpi + '.numerator']}/{numbers[denominator]}" if part == "rate" else ""
        labels.append(f"({i + 1}){formula}")
    grid.put_row(labels, left)


def letterhead(grid: Grid, authority: str, office: str, width: int) -> None:
    """The two-sided letterhead: issuing body on the left, the national motto on the right."""
    right = max(width - 6, 4)
    for left_text, right_text in (
        (authority, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        (office, "Độc lập - Tự do - Hạnh phúc"),
    ):
        grid.put(grid.row, 0, left_text)
        grid.merge(grid.row, 0, grid.row, 2)
        grid.put(grid.row, right, right_text)
        grid.merge(grid.row, right, grid.row, width - 1)
        grid.skip()
    grid.skip()


def signature_block(grid: Grid, place_date: str, width: int, signer: str = "KT. CHỦ TỊCH") -> None:
    """Place and date, "Người lập biểu" on the left and the signing official on the right."""
    right = max(width - 5, 3)
    grid.skip()
    grid.put(grid.row, right, place_date)
    grid.merge(grid.row, right, grid.row, width - 1)
    grid.skip()
    grid.put(grid.row, 1, "Người lập biểu")
    grid.put(grid.row, right, signer)
    grid.skip()
    grid.put(grid.row, right, "PHÓ CHỦ TỊCH")
    grid.skip(4)
    grid.put(grid.row, 1, "Nguyễn Văn An")
    grid.put(grid.row, right, "Trần Thị Bình")
    grid.skip()


def signing_date(period: str) -> str:
    """The 5th of the month after the period: reports are signed after the month closes."""
    year, month = period_parts(period)
    year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return f"Quảng Ninh, ngày 05 tháng {month} năm {year}"


def units_of(districts: Iterable[str] | None = None) -> pd.DataFrame:
    """Units of the 2020 map in the given districts (all when None), by district then code."""
    frame = reference_units("2020").sort_values(["district_code", "code"], ignore_index=True)
    if districts is not None:
        frame = frame[frame["district_name"].isin(list(districts))].reset_index(drop=True)
    return frame


def code_of(name: str) -> str:
    """The code of a unit name that is unique in the 2020 map."""
    frame = reference_units("2020")
    (code,) = frame.loc[frame["name"] == name, "code"]
    return code


Renderer = Callable[[Column, pd.DataFrame, int], Value]


def plain_renderer(names: dict[str, str]) -> Renderer:
    """Numbers as numbers; names from `names` (code → as written)."""

    def render(column: Column, rows: pd.DataFrame, index: int) -> Value:
        code = rows["unit_code"].iloc[0]
        if column.key == "stt":
            return index + 1
        if column.key == "name":
            return names[code]
        if column.key == "code":
            return code
        if column.key in ("note", "district"):
            return None
        return figure(rows, column.key)

    return render


def put_units(
    grid: Grid,
    columns: list[Column],
    figures: pd.DataFrame,
    codes: list[str],
    render: Renderer,
    written: CorpusFile,
    left: int = 0,
    first_index: int = 0,
) -> None:
    """One row per unit, recording where each unit went."""
    by_code = figures.set_index("unit_code", drop=False)
    for offset, code in enumerate(codes):
        rows = by_code.loc[[code]]
        values = [render(column, rows, first_index + offset) for column in columns]
        row = grid.put_row(values, left, [c.fmt for c in columns])
        written.unit_rows[code] = (grid.name, row)


def record_columns(written: CorpusFile, columns: list[Column], left: int = 0) -> None:
    for index, column in enumerate(columns):
        if column.key not in ("stt", "note"):
            written.columns[column.key] = left + index
    for kpi, owner in SHARED_DENOMINATOR.items():
        if f"{owner}.denominator" in written.columns:
            written.columns.setdefault(f"{kpi}.denominator", written.columns[f"{owner}.denominator"])


def kpis_of(columns: list[Column]) -> list[str]:
    keys = {c.key.partition(".")[0] for c in columns}
    return [kpi for kpi in indicators()["kpi"] if kpi in keys]


# --- 1. the free-form province report -------------------------------------------------------------

FREE_FORM_COLUMNS = [
    Column(("STT",), "stt"),
    Column(("Tên đơn vị",), "name"),
    Column(("Hồ sơ TTHC", "Tổng số HS tiếp nhận"), "online_dossier_rate.denominator", "int"),
    Column(("Hồ sơ TTHC", "HS trực tuyến"), "online_dossier_rate.numerator", "int"),
    Column(("Hồ sơ TTHC", "Tỷ lệ (%)"), "online_dossier_rate.rate", "dec1"),
    Column(("CCCD gắn chip", "Số người từ 14 tuổi"), "chip_id_coverage.denominator", "int"),
    Column(("CCCD gắn chip", "Đã cấp"), "chip_id_coverage.numerator", "int"),
    Column(("CCCD gắn chip", "Tỷ lệ (%)"), "chip_id_coverage.rate", "dec1"),
    Column(("Tài khoản ĐDĐT mức 2 (VNeID)", "Đã kích hoạt"), "eid_level2_rate.numerator", "int"),
    Column(("Tài khoản ĐDĐT mức 2 (VNeID)", "Tỷ lệ (%)"), "eid_level2_rate.rate", "dec1"),
    Column(("Tổ công nghệ số cộng đồng", "Số tổ CNS cộng đồng"), "dx_teams", "int"),
    Column(("Tổ công nghệ số cộng đồng", "Số thành viên"), "dx_team_members", "int"),
    Column(("Thôn, khu phố", "Tổng số thôn, khu"), "village_team_coverage.denominator", "int"),
    Column(("Thôn, khu phố", "Số thôn, khu có tổ CNS"), "village_team_coverage.numerator", "int"),
    Column(("Ghi chú",), "note"),
]


def free_form_xlsx(
    folder: Path,
    period: str = PERIOD,
    districts: list[str] | None = None,
    columns: list[Column] | None = None,
    file_name: str = "bao_cao_cds_cap_xa.xlsx",
) -> CorpusFile:
    """The province report as the department sends it: letterhead, title and "Tháng 3 năm 2024",
    headers over two merged rows, a "(1) (2) (3)=(2)/(1)" row, district header rows ("I" + district
    name) and subtotal rows ("Cộng huyện …"), "Tổng cộng", notes and a signature block. Unit names
    in turn plain, upper case, with extra spaces, decomposed (NFD) and abbreviated (P./TT/X.), and
    every name that allows it with the other tone placement (Hòa ↔ Hoà).

    The signing line "Quảng Ninh, ngày 05 tháng 4 năm 2024" names the month after the period:
    the period is the title's, not the signing date's.
    """
    year, month = period_parts(period)
    figures = expected_figures(period)
    units = units_of(districts)
    columns = columns or FREE_FORM_COLUMNS
    width = len(columns)
    written = CorpusFile(folder / file_name, period, kpis_of(columns), units["code"].tolist())
    written.written_names = {code: messy_name(name, i) for i, (code, name) in _enum(units)}
    render = plain_renderer(written.written_names)

    def render_with_notes(column: Column, rows: pd.DataFrame, index: int) -> Value:
        if column.key == "note":
            return "Số liệu ước tính" if index % 11 == 10 else None
        return render(column, rows, index)

    grid = Grid("Báo cáo")
    letterhead(grid, "UBND TỈNH QUẢNG NINH", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG", width)
    grid.merged_line("BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU CHUYỂN ĐỔI SỐ CẤP XÃ", 0, width - 1)
    period_row = grid.merged_line(f"Tháng {month} năm {year}", 0, width - 1)
    grid.merged_line("(Số liệu tổng hợp từ báo cáo của UBND các xã, phường, thị trấn)", 0, width - 1)
    grid.skip()
    put_header(grid, columns)
    put_column_numbers(grid, columns)
    record_columns(written, columns)
    district_rows, subtotal_rows, index = {}, {}, 0
    for number, (district, members) in enumerate(units.groupby("district_code", sort=True), start=1):
        name = members["district_name"].iloc[0]
        district_rows[district] = grid.put_row([_roman(number), name])
        codes = members["code"].tolist()
        put_units(grid, columns, figures, codes, render_with_notes, written, first_index=index)
        index += len(codes)
        subtotal_rows[district] = grid.put_row(
            _total_values(columns, figures, codes, f"Cộng {name[0].lower()}{name[1:]}"), fmts=[c.fmt for c in columns]
        )
    total_row = grid.put_row(
        _total_values(columns, figures, units["code"].tolist(), "Tổng cộng"), fmts=[c.fmt for c in columns]
    )
    grid.skip()
    grid.put_row(["Ghi chú:"])
    grid.put_row([None, "- Số liệu hồ sơ TTHC lấy từ Hệ thống thông tin giải quyết TTHC tỉnh."])
    grid.put_row([None, "- Tỷ lệ (%) làm tròn đến một chữ số thập phân."])
    signature_block(grid, signing_date(period), width)
    save_xlsx([grid], written.path)
    written.merged = {grid.name: list(grid.merges)}
    written.notes.update(
        period_row=period_row,
        header_rows=(period_row + 3, period_row + 4),
        district_rows=district_rows,
        subtotal_rows=subtotal_rows,
        total_row=total_row,
        period_trap=signing_date(period),
    )
    return written


# The most common report there is, in the words of different districts and years: a shared population
# group ("Dân số" over "Từ 14 tuổi trở lên" and "Trưởng thành") whose columns are the denominators of
# several indicators, and each indicator named in another vocabulary.
PROVINCE_VOCABULARIES: dict[str, list[Column]] = {
    "hanh_chinh": [
        Column(("STT",), "stt"),
        Column(("Đơn vị",), "name"),
        Column(("Hồ sơ thủ tục hành chính", "Tổng số HS tiếp nhận"), "online_dossier_rate.denominator", "int"),
        Column(("Hồ sơ thủ tục hành chính", "Trong đó: HS trực tuyến"), "online_dossier_rate.numerator", "int"),
        Column(("Hồ sơ thủ tục hành chính", "Tỷ lệ HS trực tuyến (%)"), "online_dossier_rate.rate", "dec1"),
        Column(("Dân số", "Từ 14 tuổi trở lên"), "chip_id_coverage.denominator", "int"),
        Column(("Dân số", "Trưởng thành (từ 18 tuổi)"), "smartphone_adult_rate.denominator", "int"),
        Column(("CCCD gắn chip", "Số người đã được cấp"), "chip_id_coverage.numerator", "int"),
        Column(("Định danh điện tử", "TK mức 2 đã kích hoạt"), "eid_level2_rate.numerator", "int"),
        Column(("Điện thoại thông minh", "Số người sử dụng"), "smartphone_adult_rate.numerator", "int"),
        Column(("Thanh toán tiền điện, nước", "Tổng số KH"), "cashless_utility_rate.denominator", "int"),
        Column(("Thanh toán tiền điện, nước", "KH thanh toán KDTM"), "cashless_utility_rate.numerator", "int"),
        Column(("Tổ công nghệ số cộng đồng", "Số tổ"), "dx_teams", "int"),
        Column(("Tổ công nghệ số cộng đồng", "Số thành viên"), "dx_team_members", "int"),
        Column(("Thôn, bản, khu phố", "Số thôn bản"), "village_team_coverage.denominator", "int"),
        Column(("Thôn, bản, khu phố", "Số thôn bản có tổ CNS"), "village_team_coverage.numerator", "int"),
    ],
    "can_cuoc": [
        Column(("TT",), "stt"),
        Column(("Tên xã, phường, thị trấn",), "name"),
        Column(("Hồ sơ", "Tổng số hồ sơ"), "online_dossier_rate.denominator", "int"),
        Column(("Hồ sơ", "Hồ sơ nộp trực tuyến"), "online_dossier_rate.numerator", "int"),
        Column(("Dân số", "Công dân đủ điều kiện (từ 14 tuổi)"), "chip_id_coverage.denominator", "int"),
        Column(("Dân số", "Dân số trưởng thành"), "smartphone_adult_rate.denominator", "int"),
        Column(("Căn cước công dân", "Đã cấp thẻ căn cước"), "chip_id_coverage.numerator", "int"),
        Column(("VNeID", "Tài khoản mức 2 đã kích hoạt"), "eid_level2_rate.numerator", "int"),
        Column(("ĐTTM", "Số người dùng ĐTTM"), "smartphone_adult_rate.numerator", "int"),
        Column(("Thanh toán điện tử", "Tổng số khách hàng"), "cashless_utility_rate.denominator", "int"),
        Column(("Thanh toán điện tử", "Số KH TTKDTM"), "cashless_utility_rate.numerator", "int"),
        Column(("Tổ CNS", "Số tổ CNS"), "dx_teams", "int"),
        Column(("Tổ CNS", "Số thành viên tổ"), "dx_team_members", "int"),
        Column(("thôn/bản", "Tổng số thôn/bản"), "village_team_coverage.denominator", "int"),
        Column(("thôn/bản", "Số thôn/bản đã có tổ"), "village_team_coverage.numerator", "int"),
    ],
    "to_dan_pho": [
        Column(("STT",), "stt"),
        Column(("Đơn vị hành chính",), "name"),
        Column(("TTHC", "Tổng số HS"), "online_dossier_rate.denominator", "int"),
        Column(("TTHC", "HS trực tuyến"), "online_dossier_rate.numerator", "int"),
        Column(("Dân số", "Từ 14 tuổi"), "chip_id_coverage.denominator", "int"),
        Column(("Dân số", "Người trưởng thành"), "smartphone_adult_rate.denominator", "int"),
        Column(("CCCD", "Số người được cấp CCCD"), "chip_id_coverage.numerator", "int"),
        Column(("Định danh điện tử mức 2", "Số tài khoản đã kích hoạt"), "eid_level2_rate.numerator", "int"),
        Column(("Smartphone", "Người dùng smartphone"), "smartphone_adult_rate.numerator", "int"),
        Column(("Khách hàng điện, nước", "Tổng số khách hàng"), "cashless_utility_rate.denominator", "int"),
        Column(("Khách hàng điện, nước", "Thanh toán không dùng tiền mặt"), "cashless_utility_rate.numerator", "int"),
        Column(("Tổ công nghệ số cộng đồng", "Số tổ"), "dx_teams", "int"),
        Column(("Tổ công nghệ số cộng đồng", "Số thành viên"), "dx_team_members", "int"),
        Column(("Thôn, khu, tổ dân phố", "Tổng số thôn, khu, tổ dân phố"), "village_team_coverage.denominator", "int"),
        Column(("Thôn, khu, tổ dân phố", "Số có tổ CNS"), "village_team_coverage.numerator", "int"),
    ],
}


def province_vocabulary_variants(folder: Path, period: str = PERIOD) -> dict[str, CorpusFile]:
    """The free-form province report in each vocabulary of PROVINCE_VOCABULARIES."""
    return {
        key: free_form_xlsx(folder, period, columns=columns, file_name=f"bao_cao_tinh_{key}.xlsx")
        for key, columns in PROVINCE_VOCABULARIES.items()
    }


# Reports where a column is read right only by looking at the whole table (issue 10, item 2).
WHOLE_TABLE: dict[str, list[Column]] = {
    # Three columns say "HS trực tuyến"; the total, written after its parts, is the numerator.
    "dossier_parts": [
        Column(("STT",), "stt"),
        Column(("Tên đơn vị",), "name"),
        Column(("Hồ sơ TTHC", "Tổng số HS tiếp nhận"), "online_dossier_rate.denominator", "int"),
        Column(("Hồ sơ TTHC", "HS trực tuyến toàn trình"), "online_dossier_rate.fully_online", "int"),
        Column(("Hồ sơ TTHC", "HS trực tuyến một phần"), "online_dossier_rate.partly_online", "int"),
        Column(("Hồ sơ TTHC", "Tổng HS trực tuyến"), "online_dossier_rate.numerator", "int"),
        Column(("Hồ sơ TTHC", "Tỷ lệ (%)"), "online_dossier_rate.rate", "dec1"),
        Column(("CCCD gắn chip", "Số người từ 14 tuổi"), "chip_id_coverage.denominator", "int"),
        Column(("CCCD gắn chip", "Đã cấp"), "chip_id_coverage.numerator", "int"),
        Column(("Ghi chú",), "note"),
    ],
    # "Số tổ đã thành lập" under a village group reads best as the villages with a team, which the
    # column beside it says better: it is the number of teams.
    "teams_in_villages": [
        Column(("STT",), "stt"),
        Column(("Tên đơn vị",), "name"),
        Column(
            ("Tổ công nghệ số cộng đồng ở thôn, khu phố", "Tổng số thôn, khu phố"),
            "village_team_coverage.denominator",
            "int",
        ),
        Column(("Tổ công nghệ số cộng đồng ở thôn, khu phố", "Số tổ đã thành lập"), "dx_teams", "int"),
        Column(
            ("Tổ công nghệ số cộng đồng ở thôn, khu phố", "Số thôn, khu phố có tổ"),
            "village_team_coverage.numerator",
            "int",
        ),
        Column(("Tổ công nghệ số cộng đồng ở thôn, khu phố", "Số thành viên"), "dx_team_members", "int"),
        Column(("Ghi chú",), "note"),
    ],
    # The commune's own dossiers and those passed on to the district, each with its total and online:
    # which pair is the indicator's (or their sum) is for the analyst to say.
    "dossier_levels": [
        Column(("STT",), "stt"),
        Column(("Tên đơn vị",), "name"),
        Column(("Hồ sơ TTHC tiếp nhận tại xã", "Tổng số"), "online_dossier_rate.denominator", "int"),
        Column(("Hồ sơ TTHC tiếp nhận tại xã", "Trực tuyến"), "online_dossier_rate.numerator", "int"),
        Column(("Hồ sơ TTHC liên thông lên huyện", "Tổng số"), "online_dossier_rate.denominator", "int"),
        Column(("Hồ sơ TTHC liên thông lên huyện", "Trực tuyến"), "online_dossier_rate.numerator", "int"),
        Column(("Tổ công nghệ số cộng đồng", "Số tổ"), "dx_teams", "int"),
        Column(("Tổ công nghệ số cộng đồng", "Số thành viên"), "dx_team_members", "int"),
        Column(("Ghi chú",), "note"),
    ],
    # One "Tỷ lệ (%)" under a group naming both ID indicators, whose figures are both in the table.
    "joint_id_rate": [
        Column(("STT",), "stt"),
        Column(("Tên đơn vị",), "name"),
        Column(
            ("CCCD gắn chip và định danh điện tử mức 2", "Số người từ 14 tuổi"), "chip_id_coverage.denominator", "int"
        ),
        Column(("CCCD gắn chip và định danh điện tử mức 2", "Đã cấp CCCD"), "chip_id_coverage.numerator", "int"),
        Column(("CCCD gắn chip và định danh điện tử mức 2", "Đã kích hoạt mức 2"), "eid_level2_rate.numerator", "int"),
        Column(("CCCD gắn chip và định danh điện tử mức 2", "Tỷ lệ (%)"), "eid_level2_rate.rate", "dec1"),
        Column(("Ghi chú",), "note"),
    ],
    # The same group with only the chip ID figures: the rate can only be theirs.
    "joint_id_rate_settled": [
        Column(("STT",), "stt"),
        Column(("Tên đơn vị",), "name"),
        Column(
            ("CCCD gắn chip và định danh điện tử mức 2", "Số người từ 14 tuổi"), "chip_id_coverage.denominator", "int"
        ),
        Column(("CCCD gắn chip và định danh điện tử mức 2", "Đã cấp CCCD"), "chip_id_coverage.numerator", "int"),
        Column(("CCCD gắn chip và định danh điện tử mức 2", "Tỷ lệ (%)"), "chip_id_coverage.rate", "dec1"),
        Column(("Ghi chú",), "note"),
    ],
}


def whole_table_variants(folder: Path, period: str = PERIOD) -> dict[str, CorpusFile]:
    """The free-form province report (one district, Huyện Ba Chẽ) in each shape of WHOLE_TABLE."""
    return {
        key: free_form_xlsx(folder, period, ["Huyện Ba Chẽ"], columns, file_name=f"bao_cao_{key}.xlsx")
        for key, columns in WHOLE_TABLE.items()
    }


def _total_values(columns: list[Column], figures: pd.DataFrame, codes: list[str], label: str) -> list[Value]:
    rows = figures[figures["unit_code"].isin(codes)]
    values: list[Value] = []
    for column in columns:
        if column.key == "name":
            values.append(label)
        elif column.key in ("stt", "note", "code", "district"):
            values.append(None)
        else:
            values.append(figure(rows, column.key))
    return values


# --- 2. the period written in different places ---------------------------------------------------

SMALL_COLUMNS = [
    Column(("STT",), "stt"),
    Column(("Tên đơn vị",), "name"),
    Column(("Tổng số HS tiếp nhận",), "online_dossier_rate.denominator", "int"),
    Column(("HS tiếp nhận trực tuyến",), "online_dossier_rate.numerator", "int"),
    Column(("Tỷ lệ (%)",), "online_dossier_rate.rate", "dec1"),
]


def period_variants(folder: Path, period: str = PERIOD) -> list[CorpusFile]:
    """The same small district table (Huyện Ba Chẽ) with the period as "tháng 03/2024", as
    "T3/2024", only in the sheet name ("T3-2024"), and only in the file name."""
    year, month = period_parts(period)
    variants = [
        # (file name, sheet name, period line or None, where the period is)
        ("bao_cao_ba_che_a.xlsx", "Báo cáo", f"Số liệu tháng {month:02d}/{year}", "cell"),
        ("bao_cao_ba_che_b.xlsx", "Báo cáo", f"Kỳ báo cáo: T{month}/{year}", "cell"),
        ("bao_cao_ba_che_c.xlsx", f"T{month}-{year}", None, "sheet_name"),
        (f"Báo cáo CĐS Ba Chẽ tháng {month}-{year}.xlsx", "Sheet1", None, "file_name"),
    ]
    return [_small_report(folder, period, *variant) for variant in variants]


def _small_report(
    folder: Path, period: str, file_name: str, sheet: str, period_line: str | None, source: str
) -> CorpusFile:
    units = units_of(["Huyện Ba Chẽ"])
    written = CorpusFile(folder / file_name, period, kpis_of(SMALL_COLUMNS), units["code"].tolist())
    written.written_names = dict(zip(units["code"], units["name"], strict=True))
    grid = Grid(sheet)
    grid.put_row(["UBND HUYỆN BA CHẼ"])
    grid.put_row(["BÁO CÁO TỶ LỆ HỒ SƠ TTHC TRỰC TUYẾN CẤP XÃ"])
    if period_line:
        grid.put_row([period_line])
    grid.skip()
    put_header(grid, SMALL_COLUMNS)
    record_columns(written, SMALL_COLUMNS)
    put_units(
        grid, SMALL_COLUMNS, expected_figures(period), written.units, plain_renderer(written.written_names), written
    )
    save_xlsx([grid], written.path)
    written.merged = {sheet: []}
    written.notes.update(period_text=period_line, period_source=source)
    return written


# --- 3. percent cells, numbers stored as text, blanks and dashes ---------------------------------

PERCENT_COLUMNS = [
    Column(("STT",), "stt"),
    Column(("Đơn vị",), "name"),
    Column(("Kết quả thực hiện", "Người dân sử dụng ĐTTM", "Dân số trưởng thành"), "smartphone_adult_rate.denominator"),
    Column(("Kết quả thực hiện", "Người dân sử dụng ĐTTM", "Số người dùng ĐTTM"), "smartphone_adult_rate.numerator"),
    Column(("Kết quả thực hiện", "Người dân sử dụng ĐTTM", "Tỷ lệ"), "smartphone_adult_rate.share", "pct"),
    Column(("Kết quả thực hiện", "TT tiền điện, nước KDTM", "Tổng số KH"), "cashless_utility_rate.denominator"),
    Column(("Kết quả thực hiện", "TT tiền điện, nước KDTM", "Số KH TT KDTM"), "cashless_utility_rate.numerator"),
    Column(("Kết quả thực hiện", "TT tiền điện, nước KDTM", "Tỷ lệ (%)"), "cashless_utility_rate.rate"),
]
BLANK_UNIT, DASH_UNITS = 5, {9: "-", 13: "–"}  # positions in the table of Móng Cái's units


def percent_and_text_numbers_xlsx(folder: Path, period: str = PERIOD) -> CorpusFile:
    """Thành phố Móng Cái, headers over three merged rows. Smartphone rates are Excel percent
    cells (0.754 shown as 75,4%); every third unit's counts are text in Vietnamese format
    ("10.000"); cashless rates are text ("75,4", every fourth "75,4%"). One unit's smartphone
    cells are blank; two units' cashless cells are dashes ("-" and "–")."""
    year, month = period_parts(period)
    units = units_of(["Thành phố Móng Cái"])
    columns = PERCENT_COLUMNS
    written = CorpusFile(folder / "dttm_kdtm_mong_cai.xlsx", period, kpis_of(columns), units["code"].tolist())
    written.written_names = dict(zip(units["code"], units["name"], strict=True))
    codes = written.units
    written.missing = [(codes[BLANK_UNIT], "smartphone_adult_rate")]
    written.missing += [(codes[i], "cashless_utility_rate") for i in DASH_UNITS]
    text_cells: dict[tuple[int, int], str] = {}
    plain = plain_renderer(written.written_names)

    def render(column: Column, rows: pd.DataFrame, index: int) -> Value:
        kpi, _, part = column.key.partition(".")
        if index == BLANK_UNIT and kpi == "smartphone_adult_rate":
            return None
        if index in DASH_UNITS and kpi == "cashless_utility_rate":
            return DASH_UNITS[index]
        value = plain(column, rows, index)
        if part == "rate":
            return vn_decimal(value) + ("%" if index % 4 == 0 else "")
        if part in ("numerator", "denominator") and index % 3 == 1:
            return vn_int(value)
        return value

    grid = Grid(f"Tháng {month}")
    grid.put_row(["UBND THÀNH PHỐ MÓNG CÁI"])
    grid.merged_line("BÁO CÁO CHỈ TIÊU SỬ DỤNG ĐTTM VÀ THANH TOÁN KHÔNG DÙNG TIỀN MẶT", 0, len(columns) - 1)
    grid.merged_line(f"Kỳ báo cáo: tháng {month}/{year}", 0, len(columns) - 1)
    grid.skip()
    put_header(grid, columns)
    record_columns(written, columns)
    put_units(grid, columns, expected_figures(period), codes, render, written)
    for code in codes:
        sheet_row = written.unit_rows[code][1]
        for col in range(len(columns)):
            value = grid.cells.get((sheet_row, col), (None, None))[0]
            if isinstance(value, str) and re.fullmatch(r"[\d.,%]+", value):
                text_cells[(sheet_row, col)] = value
    signature_block(grid, signing_date(period), len(columns), signer="TM. ỦY BAN NHÂN DÂN")
    save_xlsx([grid], written.path)
    written.merged = {grid.name: list(grid.merges)}
    written.notes.update(text_cells=text_cells, percent_unit=code_of("Phường Ka Long"))
    return written


# --- 4. long layout --------------------------------------------------------------------------------


def long_layout_csv(folder: Path, period: str = PERIOD) -> CorpusFile:
    """A system export of Thành phố Hạ Long: a row per unit and indicator (Mã đơn vị, Tên đơn vị,
    Chỉ tiêu, Tử số, Mẫu số); counts have an empty Mẫu số. The period is only in the file name."""
    units = units_of(["Thành phố Hạ Long"])
    catalogue = indicators().set_index("kpi")
    kpis = indicators()["kpi"].tolist()
    written = CorpusFile(folder / f"chi_tieu_cds_{period}.csv", period, kpis, units["code"].tolist())
    written.written_names = dict(zip(units["code"], units["name"], strict=True))
    written.columns = {"code": 0, "name": 1, "indicator": 2, "numerator": 3, "denominator": 4}
    figures = expected_figures(period).set_index("unit_code", drop=False)
    rows: list[list[Value]] = [["Mã đơn vị", "Tên đơn vị", "Chỉ tiêu", "Tử số", "Mẫu số"]]
    cells: dict[tuple[str, str], int] = {}
    for code, name in written.written_names.items():
        unit = figures.loc[[code]]
        for kpi in kpis:
            cells[(code, kpi)] = len(rows)
            is_rate = catalogue.at[kpi, "kind"] == "rate"
            numerator = figure(unit, f"{kpi}.numerator" if is_rate else kpi)
            denominator = figure(unit, f"{kpi}.denominator") if is_rate else None
            denominator_text = None if denominator is None else str(denominator)
            rows.append([code, name, catalogue.at[kpi, "name_vi"], str(numerator), denominator_text])
    save_csv(rows, written.path)
    written.unit_rows = {code: (written.path.stem, row) for (code, kpi), row in cells.items() if kpi == kpis[0]}
    written.notes.update(rows=cells, period_source="file_name")
    return written


def period_column_variants(folder: Path, period: str = PERIOD) -> dict[str, CorpusFile]:
    """System exports whose month is only in a column of every row, never in a title or the file name:
    - "ky_bao_cao": a CSV, header "ky_bao_cao", cells "03/2024";
    - "ky_bao_cao_words": a CSV, header "Kỳ báo cáo", cells "Tháng 3/2024";
    - "period_iso": a CSV, header "Period", cells "2024-03";
    - "date_cells": an .xlsx, header "Tháng", Excel date cells (1 March 2024);
    - "two_months": a CSV whose column names two months: the month is unclear, nothing loads."""
    year, month = period_parts(period)
    other = f"{month:02d}/{year - 1}"
    variants: dict[str, tuple[str, Value | str, str]] = {
        "ky_bao_cao": ("ky_bao_cao", f"{month:02d}/{year}", "csv"),
        "ky_bao_cao_words": ("Kỳ báo cáo", f"Tháng {month}/{year}", "csv"),
        "period_iso": ("Period", f"{year}-{month:02d}", "csv"),
        "date_cells": ("Tháng", "date", "xlsx"),
        "two_months": ("ky_bao_cao", "two", "csv"),
    }
    files = {}
    for key, (header, cell, suffix) in variants.items():
        units = units_of(["Thành phố Hạ Long"]).head(6)
        kpis = ["online_dossier_rate", "dx_teams"]
        catalogue = indicators().set_index("kpi")
        written = CorpusFile(folder / f"xuat_he_thong_{key}.{suffix}", period, kpis, units["code"].tolist())
        written.written_names = dict(zip(units["code"], units["name"], strict=True))
        figures = expected_figures(period).set_index("unit_code", drop=False)
        rows: list[list[Value]] = [[header, "Mã đơn vị", "Tên đơn vị", "Chỉ tiêu", "Tử số", "Mẫu số"]]
        written.columns = {"code": 1, "name": 2, "indicator": 3, "numerator": 4, "denominator": 5}
        sheet_name = written.path.stem if suffix == "csv" else "Sheet1"
        for index, (code, name) in enumerate(written.written_names.items()):
            written.unit_rows[code] = (sheet_name, len(rows))
            unit = figures.loc[[code]]
            when: Value = other if cell == "two" and index == 0 else f"{month:02d}/{year}" if cell == "two" else cell
            for kpi in kpis:
                is_rate = catalogue.at[kpi, "kind"] == "rate"
                numerator = figure(unit, f"{kpi}.numerator" if is_rate else kpi)
                denominator = str(figure(unit, f"{kpi}.denominator")) if is_rate else None
                rows.append([when, code, name, catalogue.at[kpi, "name_vi"], str(numerator), denominator])
        if suffix == "csv":
            save_csv(rows, written.path)
        else:
            grid = Grid("Sheet1")
            for values in rows:
                put = [datetime(year, month, 1) if v == "date" else v for v in values]
                grid.put_row(put)  # type: ignore[arg-type]
            save_xlsx([grid], written.path)
        if cell == "two":
            written.period, written.units = None, []
            written.issues.append(ExpectedIssue("error", "period_conflict", None, None, None))
        written.notes.update(period_source="period_column")
        files[key] = written
    return files


# --- 5. one CSV table in every encoding and delimiter ---------------------------------------------

CSV_HEADERS_VI = ["STT", "Tên đơn vị", "Tổng số hồ sơ tiếp nhận", "Số hồ sơ tiếp nhận trực tuyến", "Tỷ lệ (%)"]
CSV_HEADERS_EN = ["Code", "Unit", "Dossiers received", "Received online", "Online share (%)"]
CSV_KEYS = [
    "stt",
    "name",
    "online_dossier_rate.denominator",
    "online_dossier_rate.numerator",
    "online_dossier_rate.rate",
]


def csv_variants(folder: Path, period: str = PERIOD) -> dict[str, CorpusFile]:
    """Thành phố Hạ Long's dossier table as:
    - "comma_utf8": comma, UTF-8, Vietnamese numbers quoted ("1.234", "75,4"); period in the file name;
    - "comma_utf8_bom": the same saved by Excel as "CSV UTF-8" with the report's title rows;
    - "semicolon_cp1258": semicolon, Vietnamese Windows code page (decomposed tone marks);
    - "tab_utf16": Excel's "Unicode text" (UTF-16 with BOM, tab-separated), named .txt;
    - "english_cp1252": English-only (codes, names without diacritics), 1,234 and 75.4, cp1252.
    """
    year, month = period_parts(period)
    units = units_of(["Thành phố Hạ Long"])
    figures = expected_figures(period).set_index("unit_code", drop=False)
    vi_rows = [CSV_HEADERS_VI] + [_csv_unit_row(figures.loc[[c]], i, n, "vi") for i, (c, n) in _enum(units)]
    en_rows = [CSV_HEADERS_EN] + [_csv_unit_row(figures.loc[[c]], i, n, "en") for i, (c, n) in _enum(units)]
    title = [["BÁO CÁO HỒ SƠ TTHC TIẾP NHẬN TRỰC TUYẾN", None, None, None, None]]
    title += [[f"Tháng {month} năm {year}", None, None, None, None], [None] * 5]
    en_rows += [[None] * 5, ["Source: provincial public-service portal – provisional figures", None, None, None, None]]
    variants = {
        "comma_utf8": (f"ho_so_truc_tuyen_{period}.csv", vi_rows, ",", "utf-8"),
        "comma_utf8_bom": ("Bao cao ho so truc tuyen.csv", title + vi_rows, ",", "utf-8-sig"),
        "semicolon_cp1258": (f"HS truc tuyen T{month}-{year}.csv", vi_rows, ";", "cp1258"),
        "tab_utf16": (f"ho_so_thang_{month}_{year}.txt", vi_rows, "\t", "utf-16"),
        "english_cp1252": (f"online_dossiers_{year}_{month:02d}.csv", en_rows, ",", "cp1252"),
    }
    codes = units["code"].tolist()
    written = {}
    for key, (file_name, rows, delimiter, encoding) in variants.items():
        path = save_csv(rows, folder / file_name, delimiter, encoding)
        corpus_file = CorpusFile(path, period, ["online_dossier_rate"], codes)
        first = 1 + (len(title) if rows[0] is title[0] else 0)
        corpus_file.unit_rows = {code: (path.stem, first + i) for i, code in enumerate(codes)}
        corpus_file.written_names = {code: row[1] for code, row in zip(codes, rows[first:], strict=False)}
        corpus_file.columns = {key: col for col, key in enumerate(CSV_KEYS) if key != "stt"}
        if key.startswith("english"):
            corpus_file.columns["code"] = 0
        corpus_file.notes.update(delimiter=delimiter, encoding=encoding, rows=rows)
        written[key] = corpus_file
    return written


def _enum(units: pd.DataFrame) -> Iterable[tuple[int, tuple[str, str]]]:
    return enumerate(zip(units["code"], units["name"], strict=True))


def _csv_unit_row(unit: pd.DataFrame, index: int, name: str, style: str) -> list[Value]:
    received, online = figure(unit, "online_dossier_rate.denominator"), figure(unit, "online_dossier_rate.numerator")
    rate = figure(unit, "online_dossier_rate.rate")
    if style == "en":
        ascii_name = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
        ascii_name = "".join(c for c in ascii_name if not unicodedata.combining(c))
        return [unit["unit_code"].iloc[0], ascii_name, en_int(received), en_int(online), f"{rate:.1f}"]
    return [str(index + 1), name, vn_int(received), vn_int(online), vn_decimal(rate)]


# --- 6. legacy .xls and .ods ----------------------------------------------------------------------

XLS_COLUMNS = [
    Column(("STT",), "stt"),
    Column(("Tên đơn vị",), "name"),
    Column(("CCCD gắn chip", "Số công dân từ 14 tuổi"), "chip_id_coverage.denominator", "int"),
    Column(("CCCD gắn chip", "Đã cấp CCCD"), "chip_id_coverage.numerator", "int"),
    Column(("CCCD gắn chip", "Tỷ lệ"), "chip_id_coverage.share", "pct"),
    Column(("ĐDĐT mức 2", "Số TK VNeID đã kích hoạt"), "eid_level2_rate.numerator", "int"),
    Column(("ĐDĐT mức 2", "Tỷ lệ (%)"), "eid_level2_rate.rate", "dec1"),
]
ODS_COLUMNS = [
    Column(("Mã ĐVHC",), "code"),
    Column(("Thanh toán điện, nước KDTM", "Tổng số KH"), "cashless_utility_rate.denominator"),
    Column(("Thanh toán điện, nước KDTM", "Số KH TT KDTM"), "cashless_utility_rate.numerator"),
    Column(("Thanh toán điện, nước KDTM", "Tỷ lệ"), "cashless_utility_rate.share", "pct"),
    Column(("Thôn, khu có tổ CNS", "Tổng số thôn, khu"), "village_team_coverage.denominator"),
    Column(("Thôn, khu có tổ CNS", "Số thôn, khu có tổ"), "village_team_coverage.numerator"),
]


def legacy_xls(folder: Path, period: str = PERIOD) -> CorpusFile:
    """Thành phố Uông Bí's ID-card report in Excel 97-2003 format: two merged header rows,
    a percent cell for the chip-ID rate, names with their type prefix."""
    year, month = period_parts(period)
    units = units_of(["Thành phố Uông Bí"])
    written = CorpusFile(folder / "cccd_vneid_uong_bi.xls", period, kpis_of(XLS_COLUMNS), units["code"].tolist())
    written.written_names = dict(zip(units["code"], units["name"], strict=True))
    grid = Grid("CCCD-VNeID")
    grid.merged_line("BÁO CÁO TIẾN ĐỘ CẤP CCCD GẮN CHIP VÀ KÍCH HOẠT ĐDĐT MỨC 2", 0, len(XLS_COLUMNS) - 1)
    grid.merged_line(f"Tháng {month} năm {year}", 0, len(XLS_COLUMNS) - 1)
    grid.skip()
    put_header(grid, XLS_COLUMNS)
    record_columns(written, XLS_COLUMNS)
    render = plain_renderer(written.written_names)
    put_units(grid, XLS_COLUMNS, expected_figures(period), written.units, render, written)
    save_xls([grid], written.path)
    written.merged = {grid.name: list(grid.merges)}
    return written


def ods(folder: Path, period: str = PERIOD) -> CorpusFile:
    """Thành phố Cẩm Phả in OpenDocument format, units by code only, typed as numbers so the
    leading zero is lost (6778 for "06778"); merged headers; rates as percentage cells."""
    year, month = period_parts(period)
    units = units_of(["Thành phố Cẩm Phả"])
    written = CorpusFile(folder / "kdtm_thon_cam_pha.ods", period, kpis_of(ODS_COLUMNS), units["code"].tolist())
    written.written_names = {code: code for code in units["code"]}
    plain = plain_renderer(written.written_names)

    def render(column: Column, rows: pd.DataFrame, index: int) -> Value:
        value = plain(column, rows, index)
        return float(int(value)) if column.key == "code" else value

    grid = Grid("Cẩm Phả")
    grid.merged_line("TỔNG HỢP THANH TOÁN KHÔNG DÙNG TIỀN MẶT VÀ TỔ CÔNG NGHỆ SỐ", 0, len(ODS_COLUMNS) - 1)
    grid.merged_line(f"Tháng {month:02d} năm {year}", 0, len(ODS_COLUMNS) - 1)
    put_header(grid, ODS_COLUMNS)
    record_columns(written, ODS_COLUMNS)
    put_units(grid, ODS_COLUMNS, expected_figures(period), written.units, render, written)
    save_ods([grid], written.path)
    written.merged = {grid.name: list(grid.merges)}
    return written


# --- 7. several sheets ----------------------------------------------------------------------------

MULTI_COLUMNS = [
    Column(("STT",), "stt"),
    Column(("Tên đơn vị",), "name"),
    Column(("Tổng số HS TTHC",), "online_dossier_rate.denominator", "int"),
    Column(("Số HS trực tuyến",), "online_dossier_rate.numerator", "int"),
    Column(("Số tổ CNS",), "dx_teams", "int"),
    Column(("Số thành viên tổ CNS",), "dx_team_members", "int"),
]
MULTI_SHEETS = {
    "Miền núi": ["Huyện Bình Liêu", "Huyện Ba Chẽ"],
    "Vùng ven biển": ["Huyện Hải Hà", "Huyện Đầm Hà"],
}


def multi_sheet_xlsx(folder: Path, period: str = PERIOD) -> CorpusFile:
    """An instructions sheet with no table, one sheet per district group (each table starting in
    column B), and Excel's leftover empty "Sheet3"."""
    year, month = period_parts(period)
    units = units_of([d for group in MULTI_SHEETS.values() for d in group])
    written = CorpusFile(folder / "bao_cao_theo_vung.xlsx", period, kpis_of(MULTI_COLUMNS), units["code"].tolist())
    written.written_names = dict(zip(units["code"], units["name"], strict=True))
    render = plain_renderer(written.written_names)
    instructions = Grid("Hướng dẫn")
    for line in (
        "HƯỚNG DẪN NHẬP SỐ LIỆU",
        "1. Mỗi vùng nhập ở một trang tính riêng.",
        "2. Số liệu là số phát sinh trong tháng; số tổ CNS là số hiện có cuối tháng.",
        "3. Không sửa tên cột, không chèn thêm cột.",
    ):
        instructions.put_row([line])
    grids = [instructions]
    for sheet, districts in MULTI_SHEETS.items():
        grid = Grid(sheet)
        grid.skip()
        grid.put_row([f"BÁO CÁO CHUYỂN ĐỔI SỐ CẤP XÃ – {sheet.upper()}"], left=1)
        grid.put_row([f"Tháng {month} năm {year}"], left=1)
        put_header(grid, MULTI_COLUMNS, left=1)
        codes = units_of(districts)["code"].tolist()
        put_units(grid, MULTI_COLUMNS, expected_figures(period), codes, render, written, left=1)
        grids.append(grid)
    record_columns(written, MULTI_COLUMNS, left=1)
    save_xlsx([*grids, Grid("Sheet3")], written.path)
    written.merged = {grid.name: list(grid.merges) for grid in grids}
    written.notes.update(sheets=[g.name for g in grids], empty_sheet="Sheet3")
    return written


# --- 8. names that occur twice -------------------------------------------------------------------

AMBIGUOUS = {  # bare name → the units it could mean, as (name, district) in the 2020 map
    "Bắc Sơn": [("Xã Bắc Sơn", "TP Móng Cái"), ("Phường Bắc Sơn", "TP. Uông Bí")],
    "Cộng Hòa": [("Xã Cộng Hòa", "Thành phố Cẩm Phả"), ("Phường Cộng Hòa", "TX Quảng Yên")],
    "Thanh Sơn": [("Phường Thanh Sơn", "Uông Bí"), ("Xã Thanh Sơn", "H. Ba Chẽ")],
}
UNAMBIGUOUS = [("Phường Hà Khánh", "TP Hạ Long"), ("Phường Hoành Bồ", "TP Hạ Long"), ("Thị trấn Cái Rồng", "Vân Đồn")]
PREFIXED = [  # (unit, as written): the type prefix settles each, in the spellings people use
    ("Xã Bắc Sơn", "Xã Bắc Sơn"),
    ("Phường Bắc Sơn", "P. Bắc Sơn"),
    ("Xã Cộng Hòa", "X. Cộng Hoà"),
    ("Phường Cộng Hòa", "Phường Cộng Hòa"),
    ("Phường Thanh Sơn", "Phường Thanh Sơn"),
    ("Xã Thanh Sơn", "X. Thanh Sơn"),
    ("Thị trấn Đầm Hà", "TT Đầm Hà"),  # same district as Xã Đầm Hà: only the prefix settles it
    ("Xã Đầm Hà", "Xã Đầm Hà"),
]
AMBIGUOUS_COLUMNS = [
    Column(("STT",), "stt"),
    Column(("Tên đơn vị",), "name"),
    Column(("Huyện, thị xã, thành phố",), "district"),
    Column(("Tổng số HS tiếp nhận",), "online_dossier_rate.denominator", "int"),
    Column(("HS trực tuyến",), "online_dossier_rate.numerator", "int"),
]


def ambiguous_names(folder: Path, period: str = PERIOD) -> dict[str, CorpusFile]:
    """The three names that occur twice in the 2020 map, written:
    - "district_column": bare, with a district column ("TP Móng Cái", "TX Quảng Yên", …) that settles them;
    - "type_prefix": with a type prefix that settles them ("Xã Bắc Sơn", "P. Bắc Sơn", "X. Cộng Hoà"…),
      plus Thị trấn Đầm Hà and Xã Đầm Hà (same district: only the prefix settles them);
    - "bare": bare and without districts: each of the three is ambiguous, never guessed.
    """
    pairs = [pair for options in AMBIGUOUS.values() for pair in options]
    layouts = {  # (unit name, as written, district as written)
        "district_column": [(name, written_name(name, "bare"), district) for name, district in pairs + UNAMBIGUOUS],
        "type_prefix": [(name, text, None) for name, text in PREFIXED] + [(n, n, None) for n, _ in UNAMBIGUOUS],
        # An ambiguous row is keyed by its first candidate's code; it carries no figures.
        "bare": [(options[0][0], bare, None) for bare, options in AMBIGUOUS.items()]
        + [(name, written_name(name, "bare"), None) for name, _ in UNAMBIGUOUS],
    }
    return {key: _names_report(folder, period, key, rows) for key, rows in layouts.items()}


def _names_report(folder: Path, period: str, key: str, rows: list[tuple[str, str, str | None]]) -> CorpusFile:
    year, month = period_parts(period)
    columns = AMBIGUOUS_COLUMNS if key == "district_column" else [c for c in AMBIGUOUS_COLUMNS if c.key != "district"]
    codes = [code_of(name) for name, _, _ in rows]
    written = CorpusFile(folder / f"ten_trung_{key}.xlsx", period, kpis_of(columns), [])
    written.written_names = {code: text for code, (_, text, _) in zip(codes, rows, strict=True)}
    districts = {code: district for code, (_, _, district) in zip(codes, rows, strict=True)}
    plain = plain_renderer(written.written_names)

    def render(column: Column, unit: pd.DataFrame, index: int) -> Value:
        return districts[unit["unit_code"].iloc[0]] if column.key == "district" else plain(column, unit, index)

    grid = Grid("Báo cáo")
    grid.put_row(["BÁO CÁO HỒ SƠ TTHC TRỰC TUYẾN"])
    grid.put_row([f"Tháng {month} năm {year}"])
    put_header(grid, columns)
    record_columns(written, columns)
    put_units(grid, columns, expected_figures(period), codes, render, written)
    save_xlsx([grid], written.path)
    for code, (_, text, _) in zip(codes, rows, strict=True):
        if key == "bare" and text in AMBIGUOUS:
            candidates = [code_of(option) for option, _ in AMBIGUOUS[text]]
            row = written.unit_rows.pop(code)[1] + 1
            written.issues.append(ExpectedIssue("error", "ambiguous_unit", grid.name, row, "B", None, candidates))
        else:
            written.units.append(code)
    return written


# --- 9. a file full of mistakes --------------------------------------------------------------------

BAD_COLUMNS = [
    Column(("STT",), "stt"),
    Column(("Tên đơn vị",), "name"),
    Column(("Tổng số HS tiếp nhận",), "online_dossier_rate.denominator", "int"),
    Column(("HS trực tuyến",), "online_dossier_rate.numerator", "int"),
    Column(("Tỷ lệ (%)",), "online_dossier_rate.rate", "dec1"),
    Column(("Số tổ CNS cộng đồng",), "dx_teams", "int"),
]
BAD_MISSING_UNIT = "Xã Thanh Lân"
BAD_UNKNOWN_NAME = "Xã Hải Long"
BAD_CELLS = {  # position in the province's list → (kind, column key, value written)
    40: ("non_numeric", "online_dossier_rate.numerator", "abc"),
    60: ("negative_value", "dx_teams", -3),
    80: ("numerator_above_denominator", "online_dossier_rate.numerator", None),
    100: ("rate_mismatch", "online_dossier_rate.rate", None),
}
BAD_DUPLICATE = 5  # this unit appears a second time, three rows later, with other figures


def bad_file(folder: Path) -> CorpusFile:
    """The whole province with planted mistakes, one per row: an unknown unit, a duplicate unit,
    "abc" for a number, a negative count, more online dossiers than dossiers, a rate that
    disagrees with its counts; no period anywhere (title, sheet, file name, and the signing line
    "ngày … tháng … năm 2024" left blank as in a template); and one unit missing (a warning)."""
    units = units_of()
    units = units[units["name"] != BAD_MISSING_UNIT].reset_index(drop=True)
    codes = units["code"].tolist()
    figures = expected_figures(PERIOD).set_index("unit_code", drop=False)
    written = CorpusFile(folder / "bao_cao_so_lieu.xlsx", None, kpis_of(BAD_COLUMNS), [])
    written.written_names = dict(zip(codes, units["name"], strict=True))
    grid = Grid("Sheet1")
    letterhead(grid, "UBND TỈNH QUẢNG NINH", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG", len(BAD_COLUMNS))
    grid.merged_line("BÁO CÁO SỐ LIỆU CHUYỂN ĐỔI SỐ CẤP XÃ", 0, len(BAD_COLUMNS) - 1)
    grid.skip()
    put_header(grid, BAD_COLUMNS)
    record_columns(written, BAD_COLUMNS)
    letters = {key: column_letter(col) for key, col in written.columns.items()}
    render = plain_renderer(written.written_names)
    duplicate = codes[BAD_DUPLICATE]
    for index, code in enumerate(codes):
        values = [render(column, figures.loc[[code]], index) for column in BAD_COLUMNS]
        issue = _plant_mistake(values, index, figures.loc[[code]], written.columns)
        row = grid.put_row(values, fmts=[c.fmt for c in BAD_COLUMNS])
        written.unit_rows[code] = (grid.name, row)
        if issue:
            kind, key = issue
            written.issues.append(ExpectedIssue("error", kind, grid.name, row + 1, letters[key], code))
        elif code != duplicate:
            written.units.append(code)
        if index == BAD_DUPLICATE + 3:  # the duplicate, later in the same district, other figures
            again = [None, written.written_names[duplicate], 999, 555, 55.6, 7]
            row = grid.put_row(again, fmts=[c.fmt for c in BAD_COLUMNS])
            written.issues.append(ExpectedIssue("error", "duplicate_unit", grid.name, row + 1, "B", duplicate))
        if index == 20:
            row = grid.put_row([None, BAD_UNKNOWN_NAME, 420, 300, 71.4, 6], fmts=[c.fmt for c in BAD_COLUMNS])
            written.issues.append(ExpectedIssue("error", "unknown_unit", grid.name, row + 1, "B"))
    grid.skip()
    grid.put(grid.row, 3, "Quảng Ninh, ngày      tháng      năm 2024")
    grid.skip()
    grid.put(grid.row, 1, "Người lập biểu")
    grid.put(grid.row, 3, "GIÁM ĐỐC")
    save_xlsx([grid], written.path)
    written.issues.append(ExpectedIssue("error", "missing_period"))
    written.issues.append(ExpectedIssue("warning", "missing_unit", unit_code=code_of(BAD_MISSING_UNIT)))
    written.notes.update(duplicate=duplicate, unknown_name=BAD_UNKNOWN_NAME)
    return written


def _plant_mistake(values: list[Value], index: int, unit: pd.DataFrame, columns: dict[str, int]) -> tuple | None:
    if index not in BAD_CELLS:
        return None
    kind, key, value = BAD_CELLS[index]
    received = columns["online_dossier_rate.denominator"]
    if kind == "numerator_above_denominator":
        values[received], value = 1_200, 1_500
        values[columns["online_dossier_rate.rate"]] = 125.0  # consistent, so only one thing is wrong
    elif kind == "rate_mismatch":
        value = round(figure(unit, "online_dossier_rate.rate") + 15.0, 1)
    values[columns[key]] = value
    return kind, key


# --- 10. units of another edition ------------------------------------------------------------------


def other_edition_xlsx(folder: Path, period: str = "2025-08") -> CorpusFile:
    """A report for a month of the 2025 map (from 2025-07-01) that still lists 2020 units of
    Thành phố Hạ Long whose names no longer exist: the file is reported, not forced."""
    gone = ["Phường Hà Khánh", "Phường Hà Phong", "Phường Hà Khẩu", "Phường Giếng Đáy", "Phường Hà Trung"]
    year, month = period_parts(period)
    codes = [code_of(name) for name in gone]
    written = CorpusFile(folder / "bao_cao_ha_long_cu.xlsx", period, kpis_of(SMALL_COLUMNS), [], figures_period=PERIOD)
    written.written_names = dict(zip(codes, gone, strict=True))
    grid = Grid("Báo cáo")
    grid.put_row(["BÁO CÁO TỶ LỆ HỒ SƠ TTHC TRỰC TUYẾN"])
    grid.put_row([f"Tháng {month} năm {year}"])
    put_header(grid, SMALL_COLUMNS)
    record_columns(written, SMALL_COLUMNS)
    put_units(grid, SMALL_COLUMNS, expected_figures(PERIOD), codes, plain_renderer(written.written_names), written)
    save_xlsx([grid], written.path)
    for code in codes:
        row = written.unit_rows[code][1] + 1
        written.issues.append(ExpectedIssue("error", "other_edition", grid.name, row, "B", code))
    return written


def write_all(folder: Path) -> dict[str, CorpusFile]:
    """Every corpus file, by a readable key."""
    files: dict[str, CorpusFile] = {"free_form": free_form_xlsx(folder)}
    files |= {f"vocabulary_{key}": f for key, f in province_vocabulary_variants(folder).items()}
    files |= {f"whole_table_{key}": f for key, f in whole_table_variants(folder).items()}
    files |= {f"period_{f.notes['period_source']}_{i}": f for i, f in enumerate(period_variants(folder))}
    files["percent_and_text"] = percent_and_text_numbers_xlsx(folder)
    files["long_layout"] = long_layout_csv(folder)
    files |= {f"period_column_{key}": f for key, f in period_column_variants(folder).items()}
    files |= {f"csv_{key}": f for key, f in csv_variants(folder).items()}
    files["legacy_xls"] = legacy_xls(folder)
    files["ods"] = ods(folder)
    files["multi_sheet"] = multi_sheet_xlsx(folder)
    files |= {f"names_{key}": f for key, f in ambiguous_names(folder).items()}
    files["bad"] = bad_file(folder)
    files["other_edition"] = other_edition_xlsx(folder)
    return files

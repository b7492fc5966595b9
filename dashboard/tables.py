"""The data behind a chart, as CSV and XLSX: headers in the chosen language, numbers as numbers.

An export frame has its headers already translated and carries the Excel number format of each
numeric column in `frame.attrs["formats"]` (see `export_frame`). Builders below turn the frames of
the map, trend and ranking pages into export frames.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from core.formats import format_quarter
from core.messages import t
from dashboard.captions import month_notes, partial_label

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PERCENT = "0.0%"
COUNT = "#,##0"
POINTS = "+0.0;-0.0;0.0"  # a change of a rate, in percentage points
COUNT_CHANGE = "+#,##0;-#,##0;0"
MONTH = "mm/yyyy"
RANK = "0"


# --- writing -----------------------------------------------------------------------------------------------------


def neutralise(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula gets a leading single quote; numbers stay."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark (so Excel reads Vietnamese), comma-separated, dot decimals.

    Text that starts like a formula (=, +, -, @) is neutralised; numeric columns are written as numbers,
    so a negative change stays a number. Months are written as YYYY-MM."""
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if pd.api.types.is_datetime64_any_dtype(values):
            out[column] = values.dt.strftime("%Y-%m")
        elif pd.api.types.is_float_dtype(values) and (values.dropna() % 1 == 0).all():
            out[column] = values.astype("Int64")  # whole numbers without ".0" (ranks, counts)
        elif not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
            out[column] = [_csv_text(v) for v in values]
    return out.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def _csv_text(value: object) -> object:
    if isinstance(value, (date, datetime)):
        return f"{value:%Y-%m}"
    if isinstance(value, (bool, np.bool_)):
        return "x" if value else ""
    return neutralise(value)


def xlsx_bytes(
    frame: pd.DataFrame,
    formats: Mapping[str, str] | None = None,
    title: str = "",
    notes: Iterable[str] = (),
    lang: str = "vi",
) -> bytes:
    """One sheet: the title (bold), the notes (source, period, sample notice), a bold header row, then the
    rows with numbers as numeric cells in the given number formats (default `frame.attrs["formats"]`)."""
    formats = dict(frame.attrs.get("formats", {}) if formats is None else formats)
    book = Workbook()
    sheet = book.active
    sheet.title = t("export_sheet", lang)
    row = 1
    if title:
        sheet.cell(row, 1, neutralise(title)).font = Font(bold=True, size=13)
        row += 1
    for note in notes:
        if note:
            sheet.cell(row, 1, neutralise(note)).font = Font(italic=True, color="555555")
            row += 1
    if row > 1:
        row += 1  # a blank row between the notes and the table
    header_row = row
    for index, column in enumerate(frame.columns, start=1):
        cell = sheet.cell(header_row, index, str(column))
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    columns = list(frame.columns)
    for offset, values in enumerate(frame.itertuples(index=False, name=None), start=1):
        for index, (column, value) in enumerate(zip(columns, values, strict=True), start=1):
            cell = sheet.cell(header_row + offset, index, _cell_value(value))
            if column in formats and cell.value is not None and not isinstance(cell.value, str):
                cell.number_format = formats[column]
    for index, column in enumerate(columns, start=1):
        longest = max([len(str(column))] + [len(str(v)) for v in frame[column].head(200)])
        sheet.column_dimensions[get_column_letter(index)].width = min(48, max(8, longest + 2))
    sheet.freeze_panes = sheet.cell(header_row + 1, 1)
    if len(frame):
        sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(len(columns))}{header_row + len(frame)}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell_value(value: object) -> object:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (float, np.floating)):
        return None if np.isnan(value) else float(value)
    if isinstance(value, (bool, np.bool_)):
        return "x" if value else None
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime().date()
    if isinstance(value, str):
        return neutralise(value)
    return value


# --- export frames -----------------------------------------------------------------------------------------------


def export_frame(columns: dict[str, tuple[Iterable[object], str | None]]) -> pd.DataFrame:
    """{header: (values, number format or None)} → a frame with `attrs["formats"]`."""
    frame = pd.DataFrame({header: list(values) for header, (values, _) in columns.items()})
    frame.attrs["formats"] = {header: fmt for header, (_, fmt) in columns.items() if fmt}
    return frame


def _value_format(kind: str) -> str:
    return PERCENT if kind == "rate" else COUNT


def _change(values: Iterable[float], kind: str, lang: str, key: str) -> tuple[str, tuple[list[float], str]]:
    """A change column: percentage points for rates (header says so), counts for counts."""
    values = [float(v) if v is not None and not pd.isna(v) else np.nan for v in values]
    if kind == "rate":
        return f"{t(key, lang)} ({t('export_points', lang)})", ([v * 100 for v in values], POINTS)
    return t(key, lang), (values, COUNT_CHANGE)


def _notes(estimates: Iterable[bool], sample: bool, lang: str, carried: Iterable[bool] | None = None) -> list[str]:
    """Per row: an estimate, a figure carried from the unit's last report (the missing-report rule), sample data."""
    estimates = list(estimates)
    carried = list(carried) if carried is not None else [False] * len(estimates)
    notes = []
    for estimate, kept in zip(estimates, carried, strict=True):
        parts = [t("estimate_short", lang)] if estimate else []
        parts += [t("carried_short", lang)] if kept else []
        parts += [t("sample_badge", lang)] if sample else []
        notes.append("; ".join(parts))
    return notes


def map_data(values: pd.DataFrame, kind: str, lang: str, *, sample: bool = False, level: str = "units") -> pd.DataFrame:
    """The map's units (or, at `level="districts"`, one row per district) with value, numerator,
    denominator, rank and change (see dashboard.mapdata.unit_values / district_values)."""
    districts = level == "districts"
    if districts:
        values = values.drop_duplicates("district_code").sort_values(["rank", "name"], na_position="last")
    columns: dict[str, tuple[Iterable[object], str | None]] = {}
    if not districts:
        columns[t("col_code", lang)] = (values["code"], None)
    columns[t("col_district" if districts else "col_unit", lang)] = (values["name"], None)
    if not districts and values["district_name"].notna().any():
        columns[t("col_district", lang)] = (values["district_name"], None)
    columns[t("col_value", lang)] = (values["value"], _value_format(kind))
    columns[t("col_numerator", lang)] = (values["numerator"], COUNT)
    if kind == "rate":
        columns[t("col_denominator", lang)] = (values["denominator"], COUNT)
    columns[t("rank", lang)] = (_numbers(values["rank"]), RANK)
    header, column = _change(values["change"], kind, lang, "col_vs_previous")
    columns[header] = column
    carried = values.get("carried")
    columns[t("col_note", lang)] = (_notes(values["estimate"] | values["change_estimate"], sample, lang, carried), None)
    return export_frame(columns)


def province_data(series: pd.DataFrame, targets: pd.DataFrame, kind: str, lang: str, *, sample: bool = False):
    """The province's monthly series (period, value, numerator, denominator, units_reporting) and its targets."""
    periods = pd.to_datetime(series["period"])
    by_year = dict(zip(targets["year"], targets["value"], strict=True)) if not targets.empty else {}
    columns: dict[str, tuple[Iterable[object], str | None]] = {
        t("month_axis", lang): ([p.date() for p in periods], MONTH),
        t("col_value", lang): (series["value"], _value_format(kind)),
        t("col_numerator", lang): (series["numerator"], COUNT),
    }
    if kind == "rate":
        columns[t("col_denominator", lang)] = (series["denominator"], COUNT)
    if "units_reporting" in series:
        columns[t("col_reporting", lang)] = (_numbers(series["units_reporting"]), COUNT)
    if by_year:
        example = (targets["source"] == "example").all()
        columns[t("target_example" if example else "target", lang)] = (
            [by_year.get(p.year, np.nan) for p in periods],
            _value_format(kind),
        )
    if "units_carried" in series:
        columns[t("col_carried", lang)] = (_numbers(series["units_carried"]), COUNT)
    columns[t("col_note", lang)] = (_line_notes(series, sample, lang), None)
    return export_frame(columns)


def _line_notes(rows: pd.DataFrame, sample: bool, lang: str) -> list[str]:
    """Per point of a line: what its month rests on (units missing or carried), an estimate, sample data."""
    estimates = rows["estimate"] if "estimate" in rows else [False] * len(rows)
    notes = _notes(estimates, sample, lang)
    months = month_notes(rows, lang, short=True)
    return ["; ".join(part for part in (month, note) if part) for month, note in zip(months, notes, strict=True)]


def trend_data(steps: pd.DataFrame, kind: str, frequency: str, lang: str, *, sample: bool = False) -> pd.DataFrame:
    """The trends page's lines (key, period, value, numerator, denominator, estimate) at their step."""
    periods = pd.to_datetime(steps["period"])
    step: tuple[list[Any], str | None]
    if frequency == "month":
        step = ([p.date() for p in periods], MONTH)
    else:
        labels = [str(p.year) if frequency == "year" else format_quarter(p.date(), lang) for p in periods]
        months = steps["months"] if "months" in steps else [12] * len(steps)
        step = ([partial_label(x, m, frequency, lang) for x, m in zip(labels, months, strict=True)], None)
    columns: dict[str, tuple[Iterable[object], str | None]] = {
        t("trends_series", lang): (steps["key"], None),
        t(f"step_{frequency}", lang).capitalize(): step,
        t("col_value", lang): (steps["value"], _value_format(kind)),
        t("col_numerator", lang): (steps["numerator"], COUNT),
    }
    if kind == "rate":
        columns[t("col_denominator", lang)] = (steps["denominator"], COUNT)
    columns[t("col_note", lang)] = (_line_notes(steps, sample, lang), None)
    return export_frame(columns)


def ranking_data(table: pd.DataFrame, kind: str, lang: str, *, sample: bool = False) -> pd.DataFrame:
    """The ranking (see dashboard.rankings.rankings) with target, gap, light, changes, pace and when reached."""
    columns: dict[str, tuple[Iterable[object], str | None]] = {
        t("rank", lang): (_numbers(table["rank"]), RANK),
        t("col_code", lang): (table["code"], None),
        t("col_unit", lang): (table["name"], None),
        t("col_value", lang): (table["value"], _value_format(kind)),
        t("col_numerator", lang): (table["numerator"], COUNT),
    }
    if kind == "rate":
        columns[t("col_denominator", lang)] = (table["denominator"], COUNT)
    columns[t("target", lang)] = (table["target"], _value_format(kind))
    for source, key in (("gap", "col_gap"), ("change", "col_vs_previous"), ("change_year", "col_change_year")):
        header, column = _change(table[source], kind, lang, key)
        columns[header] = column
    columns[t("col_light", lang)] = ([_light(light, lang) for light in table["light"]], None)
    header, column = _change(table["pace"], kind, lang, "col_pace")
    columns[header] = column
    columns[t("col_reached", lang)] = ([_reached(r, lang) for r in table["reached"]], MONTH)
    carried = table.get("carried")
    columns[t("col_note", lang)] = (_notes(any_estimate(table), sample, lang, carried), None)
    return export_frame(columns)


def any_estimate(table: pd.DataFrame) -> pd.Series:
    """Whether a unit's value or one of its changes rests on a figure estimated across a reform."""
    return table["estimate"] | table["change_estimate"] | table["change_year_estimate"]


def _numbers(values: Iterable[object]) -> list[float]:
    return [np.nan if v is None or pd.isna(v) else float(v) for v in values]  # type: ignore[arg-type]


def _light(light: str, lang: str) -> str:
    """The traffic light in words; nothing for a unit without a target (a dash would be read as text)."""
    return "" if light == "none" else t(f"light_{light}", lang)


def _reached(value: object, lang: str) -> object:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, str):
        return t(f"reached_{value}", lang)
    return value  # a month: a date cell


def profile_data(panels: list[tuple[str, str, pd.DataFrame]], lang: str, *, sample: bool = False) -> pd.DataFrame:
    """A unit's indicators side by side, one row per month (panels as `charts.small_multiples` takes them);
    the note names the indicators whose figure that month is an estimate carried across a reform, or a
    stock carried from the unit's last report."""
    months = sorted({pd.Timestamp(p) for _, _, frame in panels for p in frame["period"]})
    columns: dict[str, tuple[Iterable[object], str | None]] = {
        t("month_axis", lang): ([m.date() for m in months], MONTH)
    }
    estimated: dict[pd.Timestamp, list[str]] = {m: [] for m in months}
    carried: dict[pd.Timestamp, list[str]] = {m: [] for m in months}
    for name, kind, frame in panels:
        by_month = dict(zip(pd.to_datetime(frame["period"]), frame["value"], strict=True))
        columns[name] = ([by_month.get(m, np.nan) for m in months], _value_format(kind))
        for period in pd.to_datetime(frame.loc[frame["estimate"].astype(bool), "period"]):
            estimated[period].append(name)
        kept = frame["carried"].astype(bool) if "carried" in frame else frame["estimate"] & False
        for period in pd.to_datetime(frame.loc[kept, "period"]):
            carried[period].append(name)
    notes = [
        "; ".join(
            ([f"{t('estimate_short', lang)}: {', '.join(estimated[m])}"] if estimated[m] else [])
            + ([f"{t('carried_short', lang)}: {', '.join(carried[m])}"] if carried[m] else [])
            + ([t("sample_badge", lang)] if sample else [])
        )
        for m in months
    ]
    columns[t("col_note", lang)] = (notes, None)
    return export_frame(columns)


def reporting_data(
    grid: pd.DataFrame, names: Mapping[str, str], indicators: int, lang: str, *, sample: bool = False
) -> pd.DataFrame:
    """The reporting heatmap as a table: one row per unit (the grid is indexed by unit code), one
    column per month, indicators reported."""
    columns: dict[str, tuple[Iterable[object], str | None]] = {
        t("col_code", lang): (list(grid.index), None),
        t("col_unit", lang): ([names[code] for code in grid.index], None),
    }
    for month in grid.columns:
        header = f"{pd.Timestamp(month):%m/%Y} (/{indicators})"
        columns[header] = (_numbers(grid[month]), RANK)
    columns[t("col_note", lang)] = (_notes([False] * len(grid), sample, lang), None)
    return export_frame(columns)

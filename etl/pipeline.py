"""Check a monthly report and turn it into figures: read → find tables → recognise → validate.

Shared by the command line and the upload page. Nothing here writes to the warehouse; `etl.load`
does, in one transaction, only for a result the analyst chose to load.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from core.editions import edition_in_force
from core.figures import values_of
from core.formats import Month, Number
from core.limits import MAX_FINDINGS_PER_CODE, MAX_SUGGESTED_ROWS
from core.messages import Text, Words, both
from core.months import FIRST_MONTH, current_month
from core.text import strip_marks
from etl.extract import (
    PERIOD_HEADERS,
    Column,
    RawFigure,
    Table,
    UnitRow,
    all_texts,
    assign_roles,
    find_table,
    period_cells,
    read_rows,
)
from etl.findings import Finding, finding
from etl.headers import Role, fold_header, indicator_kinds, indicator_limits
from etl.isolation import read_safely
from etl.numbers import infer_convention
from etl.periods import find_period, find_period_match
from etl.sheet import TEMPLATE_META_SHEET, Sheet, column_letter
from etl.units import UnitIndex
from geo.names import fold_district
from warehouse.uploads import OBSERVATION_COLUMNS

RATE_TOLERANCE = 0.0015  # a stated rate may differ from numerator/denominator by rounding (0,15 điểm %)
JUMP_SPREADS, JUMP_RATE, JUMP_COUNT = 4, 0.20, 0.5  # an "unusual jump": beyond all three


@dataclass
class CheckResult:
    file_name: str
    sha256: str
    period: date | None
    edition: str | None
    findings: list[Finding]
    observations: pd.DataFrame  # figures that passed every check
    rejected: int  # figures that failed a check
    tables: list[Table] = field(default_factory=list)
    sheets: list[Sheet] = field(default_factory=list)
    convention: str | None = None

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def recognised_columns(self) -> list[dict[str, str | None]]:
        """What was read from which column: sheet, column letter (as Excel shows it), the header as written
        (with its group header), indicator and role (numerator, denominator, rate or count)."""
        return [
            {
                "sheet": table.sheet,
                "column": column_letter(column.index),
                "header": f"{column.group} / {column.header}" if column.group else column.header,
                "kpi": role.kpi,
                "role": role.role,
            }
            for table in self.tables
            for column in table.columns
            for role in column.roles
        ]

    @property
    def unrecognised_columns(self) -> list[Column]:
        return [c for t in self.tables for c in t.columns if not c.roles and c.header and not _is_bookkeeping(c)]


@dataclass
class Context:
    """What the check needs from the warehouse: units, remembered mappings, recent history."""

    index: UnitIndex
    indicator_names: dict[str, Words]  # kpi → its name in each language, for messages
    column_mapping: dict[str, list[Role]] = field(default_factory=dict)  # column key → roles
    # For a month: each unit's recent mean and spread per indicator (unit_code, kpi, mean, sd, months).
    recent_figures: Callable[[date], pd.DataFrame] | None = None


def check_file(
    data: bytes,
    file_name: str,
    context: Context,
    period: date | None = None,
    edition: str | None = None,
) -> CheckResult:
    sha256 = hashlib.sha256(data).hexdigest()
    sheets = read_safely(data, file_name)
    findings: list[Finding] = []
    tables = _tables(sheets, context)
    if not tables:
        findings.append(finding("no_table"))
        return CheckResult(file_name, sha256, None, None, findings, _empty(), 0, [], sheets)
    period = period or _period(tables, sheets, file_name, findings)
    if period is None:
        return CheckResult(file_name, sha256, None, None, findings, _empty(), 0, tables, sheets)
    if not FIRST_MONTH <= period <= current_month():
        # A report of a month not yet over (12/2099), or before the first map (1/2000), is a typo: loaded,
        # it would open every page on it for everyone.
        findings.append(
            finding("period_out_of_range", month=Month(period), first=Month(FIRST_MONTH), last=Month(current_month()))
        )
        return CheckResult(file_name, sha256, None, None, findings, _empty(), 0, tables, sheets)
    in_force = edition_in_force(period)
    if edition is not None and edition != in_force:
        findings.append(finding("edition_not_in_force", period=f"{period:%Y-%m}", in_force=in_force, edition=edition))
        return CheckResult(file_name, sha256, period, edition, findings, _empty(), 0, tables, sheets)
    texts = [t for table in tables for t in all_texts(_sheet(sheets, table), table)]
    convention = infer_convention(texts)
    for table in tables:
        _apply_mapping(table, context)
        read_rows(table, _sheet(sheets, table), context.index, in_force, convention)
    if not any(c.roles for t in tables for c in t.columns) and not any(t.layout == "long" for t in tables):
        findings.append(finding("no_figures"))
    findings += _column_findings(tables, context)
    _question_matches_outside_the_district(tables, context.index, in_force)
    findings += _row_findings(tables, in_force, period, context)
    observations, rejected, figure_findings = _figures(tables, context)
    findings += figure_findings + _valueless_figures(tables, sheets)
    observations, rejected = _valid_figures_only(observations, findings, rejected)
    if observations.empty and not any(f.severity == "error" for f in findings):
        findings.append(finding("empty_report"))  # a blank template: say why nothing can be loaded
    findings += _missing_units(tables, context.index, in_force)
    findings += _jumps(observations, context, period)
    observations.insert(0, "edition", in_force)
    observations.insert(0, "period", period)
    return CheckResult(
        file_name,
        sha256,
        period,
        in_force,
        capped(findings),
        observations[OBSERVATION_COLUMNS],
        rejected,
        tables,
        sheets,
        convention,
    )


def _empty() -> pd.DataFrame:
    return pd.DataFrame(columns=OBSERVATION_COLUMNS)


def _sheet(sheets: list[Sheet], table: Table) -> Sheet:
    return next(s for s in sheets if s.name == table.sheet)


def _tables(sheets: list[Sheet], context: Context) -> list[Table]:
    tables = []
    for sheet in sheets:
        if sheet.name == TEMPLATE_META_SHEET:
            continue
        table = find_table(sheet, context.index, edition="*")
        if table is not None:
            tables.append(table)
    return tables


def _period(tables: list[Table], sheets: list[Sheet], file_name: str, findings: list[Finding]) -> date | None:
    """From the titles, else a period column, else the sheet names, else the file name; two different
    months in the first source that names any is an error."""
    column = [cell for t in tables for cell in period_cells(_sheet(sheets, t), t)]
    for months in (
        _named_months([t.title_text for t in tables]),
        # Every row of a period column has the same standing: any two months in it are a conflict.
        {month for month in (find_period(cell) for cell in column if isinstance(cell, (str, date))) if month},
        _named_months([t.sheet for t in tables]),
        _named_months([Path(file_name).stem]),
    ):
        if len(months) == 1:
            return months.pop()
        if len(months) > 1:
            findings.append(finding("period_conflict", periods=", ".join(f"{p:%m/%Y}" for p in sorted(months))))
            return None
    findings.append(finding("missing_period"))
    return None


def _named_months(texts: list[str]) -> set[date]:
    """The months some texts name in their best-ranked form: a title may also carry the date it was
    signed ("ngày 05 tháng 4"), which a period line outranks."""
    # File and sheet names use "_" for a space ("ho_so_thang_3_2024").
    candidates = (find_period_match(text) or find_period_match(text.replace("_", " ")) for text in texts if text)
    matches = [m for m in candidates if m is not None]
    best = min((m.rank for m in matches), default=None)
    return {m.period for m in matches if m.rank == best}


def _apply_mapping(table: Table, context: Context) -> None:
    """The analyst's mapping outranks the headers: the table is settled again around it."""
    if any(column.key in context.column_mapping for column in table.columns):
        assign_roles(table.columns, context.column_mapping)


def _column_findings(tables: list[Table], context: Context) -> list[Finding]:
    findings = []
    for table in tables:
        for column in table.columns:
            if column.header and not column.roles and not _is_bookkeeping(column):
                shown = f"{column.group} / {column.header}" if column.group else column.header
                hint_vi, hint_en = _candidates_hint(column, context) if column.unsure else ("", "")
                findings.append(
                    finding(
                        "unrecognised_column",
                        table.sheet,
                        table.header_rows[-1],
                        column.index,
                        header=shown,
                        hint_vi=hint_vi,
                        hint_en=hint_en,
                    )
                )
    return findings


UNSURE_SHOWN = 3  # candidates an unsure column's finding names


def _candidates_hint(column: Column, context: Context) -> tuple[str, str]:
    """ "It could be A or B": what an unsure column's header reads as, best first."""
    names = context.indicator_names
    said = [
        both("column_candidate", indicator=names.get(c.role.kpi, c.role.kpi), role=Text(f"role.{c.role.role}"))
        for c in column.candidates[:UNSURE_SHOWN]
    ]
    named = Words("; ".join(vi for vi, _ in said), "; ".join(en for _, en in said))
    return both("column_candidates", candidates=named)


def _is_bookkeeping(column: Column) -> bool:
    folded = fold_header(column.header)
    return folded in {
        "stt",
        "tt",
        "so tt",
        "ghi chu",
        "ma don vi",
        "ma",
        "ten don vi",
        "don vi",
        "huyen",
        "chi tieu",
        "tu so",
        "mau so",
        "gia tri",
        "ma chi tieu",
        "unit",
        "code",
        "no",
        "district",
        "notes",
        *PERIOD_HEADERS,
    } or folded.startswith(("huyen ", "ten ", "ma "))


OWN_DISTRICT_SHARE = 0.8  # a file is "one district's" when this share of its named units are in it


def _question_matches_outside_the_district(tables: list[Table], index: UnitIndex, edition: str) -> None:
    """In a file whose units are one district's, a name that matches a unit of another district (a typo
    that happens to be another commune's name: "Yên Thanh" for Xã Yên Than) is a question for the
    analyst, not an answer. Codes, names matched by hand and rows whose district is written stay."""
    rows = [r for t in tables for r in t.rows if r.unit is not None]
    counts = Counter(r.unit.district_code for r in rows if r.unit is not None and r.unit.district_code)
    if not counts:
        return
    own, count = counts.most_common(1)[0]
    if count < 3 or count < OWN_DISTRICT_SHARE * len(rows):
        return
    for table in tables:
        for row in table.rows:
            unit = row.unit
            if unit is None or unit.district_code == own or row.how in ("code", "alias"):
                continue
            if row.district and unit.district_name and fold_district(row.district) == fold_district(unit.district_name):
                continue  # the file itself says the unit's district
            row.problem, row.candidates, row.unit = "outside_district", [unit], None
            row.suggestions = index.suggest(row.text, edition, district_code=own)
            table.figures = [f for f in table.figures if (f.at.sheet, f.at.row) != (row.at.sheet, row.at.row)]


def _row_findings(tables: list[Table], edition: str, period: date, context: Context) -> list[Finding]:
    findings: list[Finding] = []
    first_row: dict[tuple[str, str | None], int] = {}
    first_seen: dict[tuple[str, str | None], UnitRow] = {}
    searches = MAX_SUGGESTED_ROWS  # a close-name search per unknown row costs; a file of junk gets a few
    for table in tables:
        for row in table.rows:
            at = row.at
            cell = at.place
            if row.problem == "unknown":
                if not row.suggestions and searches > 0:
                    row.suggestions, searches = context.index.suggest(row.text, edition), searches - 1
                names = ", ".join(row.suggestions)
                hint_vi, hint_en = both("did_you_mean", names=names) if row.suggestions else ("", "")
                findings.append(
                    finding("unknown_unit", *cell, text=row.text, edition=edition, hint_vi=hint_vi, hint_en=hint_en)
                )
            elif row.problem == "ambiguous":
                names = "; ".join(f"{u.name} ({u.district_name or u.code})" for u in row.candidates)
                findings.append(finding("ambiguous_unit", *cell, text=row.text, candidates=names))
            elif row.problem == "outside_district":
                unit = row.candidates[0]
                hint_vi, hint_en = (
                    both("did_you_mean", names=", ".join(row.suggestions)) if row.suggestions else ("", "")
                )
                findings.append(
                    finding(
                        "outside_district",
                        *cell,
                        text=row.text,
                        unit=unit.name,
                        district=unit.district_name,
                        hint_vi=hint_vi,
                        hint_en=hint_en,
                    )
                )
            elif row.problem == "other_edition":
                other = ", ".join(sorted({u.edition for u in row.candidates}))
                month = f"{period:%Y-%m}"
                findings.append(
                    finding("other_edition_unit", *cell, text=row.text, other=other, edition=edition, period=month)
                )
            elif row.unit is not None:
                if row.how == "unaccented" and strip_marks(row.text) != row.text:
                    # Written with accents, other than the unit's: read as the closest name, never silently.
                    district = row.unit.district_name or row.unit.edition
                    findings.append(
                        finding("accents_differ", *cell, text=row.text, unit=row.unit.name, district=district)
                    )
                key = (row.unit.code, row.kpi)  # a long layout has a row per unit and indicator
                if key in first_row:
                    findings.append(
                        finding(
                            "duplicate_unit",
                            *at.place,
                            unit=row.unit.name,
                            first_row=first_row[key] + 1,
                        )
                    )
                    # Which of the two is right is unknown: neither is loaded.
                    row.problem = first_seen[key].problem = "duplicate"
                else:
                    first_row[key] = at.row
                    first_seen[key] = row
    return findings


def _figures(tables: list[Table], context: Context) -> tuple[pd.DataFrame, int, list[Finding]]:
    """Assemble numerator/denominator per unit and indicator, checking each as it goes."""
    duplicates = {(r.at.sheet, r.at.row) for t in tables for r in t.rows if r.problem == "duplicate"}
    percent_columns = _percent_columns(tables)
    kinds = indicator_kinds()
    grouped: dict[tuple[str, str], dict[str, RawFigure]] = defaultdict(dict)
    findings: list[Finding] = []
    for table in tables:
        for raw in table.figures:
            if (raw.at.sheet, raw.at.row) in duplicates:
                continue
            grouped[(raw.unit.code, raw.role.kpi)].setdefault(raw.role.role, raw)
    rows, rejected = [], 0
    for (unit_code, kpi), parts in grouped.items():
        problems = _cell_problems(parts.values())
        if problems:
            findings += problems
            rejected += 1
            continue
        findings += [
            finding(
                "ambiguous_number",
                *raw.at.place,
                unit=raw.unit.name,
                text=raw.text,
                value=Number(raw.parsed.value or 0),
            )
            for raw in parts.values()
            if raw.parsed.ambiguous
        ]
        values = {role: _value(raw, role, percent_columns) for role, raw in parts.items()}
        figure, problem = _assemble(kpi, kinds[kpi], values, parts, context)
        if problem is not None:
            findings.append(problem)
            rejected += problem.severity == "error"
            continue
        if figure:
            anchor = next(iter(parts.values())).at
            rows.append({"unit_code": unit_code, "kpi": kpi, **figure, "sheet": anchor.sheet, "row": anchor.row})
    columns = ["unit_code", "kpi", "numerator", "denominator", "sheet", "row"]
    return pd.DataFrame(rows, columns=columns), rejected, findings


# Errors about a row's unit: none of the row's figures can be placed. Any other error is about one
# figure (a cell that is not a number, a numerator above its denominator), which is left out alone.
ROW_ERRORS = {"unknown_unit", "ambiguous_unit", "other_edition_unit", "duplicate_unit"}


def _valid_figures_only(observations: pd.DataFrame, findings: list[Finding], rejected: int) -> tuple[pd.DataFrame, int]:
    """Figures that no error concerns: "load only the valid figures" leaves out the invalid figures and
    the rows whose unit is in doubt, and keeps a unit's other figures."""
    bad_rows = {(f.sheet, f.row - 1) for f in findings if f.code in ROW_ERRORS and f.row is not None}
    bad = pd.Series(
        [(sheet, row) in bad_rows for sheet, row in zip(observations["sheet"], observations["row"], strict=True)],
        index=observations.index,
        dtype=bool,
    )
    kept = observations[~bad].drop(columns=["sheet", "row"]).reset_index(drop=True)
    return kept, rejected + int(bad.sum())


def capped(findings: list[Finding]) -> list[Finding]:
    """At most MAX_FINDINGS_PER_CODE findings of each kind, then one that says how many more there are:
    a file of a million bad rows is told so in a page, not in 200 MB of findings."""
    counts: dict[str, int] = defaultdict(int)
    kept = []
    for item in findings:
        counts[item.code] += 1
        if counts[item.code] <= MAX_FINDINGS_PER_CODE:
            kept.append(item)
    for code, count in counts.items():
        if count > MAX_FINDINGS_PER_CODE:
            severity = next(f.severity for f in findings if f.code == code)
            key = "more_errors" if severity == "error" else "more_warnings"
            kept.append(
                finding(key, kind=Text(f"finding_kind.{code}"), n=Number(count - MAX_FINDINGS_PER_CODE, "count"))
            )
    return kept


def _valueless_figures(tables: list[Table], sheets: list[Sheet]) -> list[Finding]:
    """A figure cell that holds a formula or a number without a saved value: an error on the cell (the
    workbook was saved without its values), never a silent blank beside the unit's other figures."""
    findings = []
    for table in tables:
        empty = _sheet(sheets, table).valueless
        if not empty:
            continue
        figure_columns = [c.index for c in table.columns if c.roles]
        for row in table.rows:
            if row.unit is None:
                continue
            for col in figure_columns:
                if (row.at.row, col) in empty:
                    findings.append(finding("formula_without_value", table.sheet, row.at.row, col, unit=row.unit.name))
    return findings


def _percent_columns(tables: list[Table]) -> set[tuple[str, int]]:
    """Rate columns written as percentages (75,4) rather than fractions (0,754)."""
    peaks: dict[tuple[str, int], float] = defaultdict(float)
    for table in tables:
        for raw in table.figures:
            if raw.role.role == "rate" and raw.parsed.value is not None:
                key = (raw.at.sheet, raw.at.col)
                peaks[key] = max(peaks[key], raw.parsed.value if not raw.parsed.is_percent else 100.0)
    return {key for key, peak in peaks.items() if peak > 1.0}


def _value(raw: RawFigure, role: str, percent_columns: set[tuple[str, int]]) -> float:
    value = float(raw.parsed.value)  # type: ignore[arg-type]
    if role == "rate" and (raw.parsed.is_percent or (raw.at.sheet, raw.at.col) in percent_columns):
        return value / 100.0
    return value


COUNTED = ("numerator", "denominator", "count")  # people, dossiers, customers, teams: whole numbers


def _cell_problems(raws) -> list[Finding]:
    problems = []
    limits = indicator_limits()
    for raw in raws:
        at, value, role = raw.at, raw.parsed.value, raw.role.role
        if raw.parsed.error is not None:
            problems.append(finding("not_a_number", *at.place, text=raw.text, unit=raw.unit.name))
        elif value is not None and value < 0:
            problems.append(finding("negative_value", *at.place, text=raw.text, unit=raw.unit.name))
        elif value is not None and role in COUNTED and value > limits.get(raw.role.kpi, math.inf):
            most = Number(limits[raw.role.kpi], "count")
            problems.append(finding("implausible_value", *at.place, text=raw.text, unit=raw.unit.name, most=most))
        elif value is not None and role in COUNTED and not raw.parsed.is_percent and value != int(value):
            problems.append(finding("fractional_count", *at.place, text=raw.text, unit=raw.unit.name))
    return problems


def _assemble(
    kpi: str, kind: str, values: dict[str, float], parts: dict[str, RawFigure], context: Context
) -> tuple[dict[str, float | None], Finding | None]:
    name = context.indicator_names.get(kpi, kpi)
    if kind == "count":
        count = values.get("count", values.get("numerator"))
        if count is None:
            return {}, None
        return {"numerator": count, "denominator": None}, None
    numerator, denominator, rate = values.get("numerator"), values.get("denominator"), values.get("rate")
    anchor = next(iter(parts.values())).at
    unit = next(iter(parts.values())).unit.name  # findings name the commune, not only the cell
    if numerator is None and rate is not None and denominator is not None:
        numerator = round(rate * denominator)
    if denominator is None and rate is not None and numerator is not None and rate > 0:
        denominator = round(numerator / rate)
    if numerator is None and rate is None:
        return {}, None  # only a denominator shared with another indicator ("từ 14 tuổi"): nothing to say
    if numerator is None or denominator is None:
        missing = both("role.denominator" if numerator is not None else "role.numerator")
        return {}, finding(
            "incomplete_rate",
            *anchor.place,
            unit=unit,
            indicator=name,
            missing_vi=missing[0],
            missing_en=missing[1],
        )
    if numerator > denominator:
        at = parts.get("numerator", parts.get("rate")).at  # type: ignore[union-attr]
        return {}, finding(
            "numerator_above_denominator",
            *at.place,
            unit=unit,
            indicator=name,
            numerator=Number(numerator),
            denominator=Number(denominator),
        )
    if rate is not None and denominator and "numerator" in parts and "denominator" in parts:
        computed = numerator / denominator
        if abs(computed - rate) > RATE_TOLERANCE:
            at = parts["rate"].at
            return {}, finding(
                "rate_mismatch",
                *at.place,
                unit=unit,
                indicator=name,
                given=Number(rate, "rate"),
                computed=Number(computed, "rate"),
            )
    return {"numerator": numerator, "denominator": denominator}, None


def _missing_units(tables: list[Table], index: UnitIndex, edition: str) -> list[Finding]:
    """The units a report should have had and has not, among those it covers.

    A district's report covers its districts: the rest of the province is not missing from it, and the
    file says once what it covers. On a map without districts a report of a few units (under half)
    covers those units only."""
    present = {r.unit.code for t in tables for r in t.rows if r.unit is not None}
    units = sorted(index.in_edition(edition), key=lambda u: u.code)
    if not present:
        return []
    districts = {u.district_code for u in units if u.code in present and u.district_code}
    if districts:
        covered = [u for u in units if u.district_code in districts]
    else:
        covered = units if len(present) * 2 >= len(units) else [u for u in units if u.code in present]
    findings = []
    if len(covered) < len(units):
        names = sorted({u.district_name for u in covered if u.district_name})
        what = Words(", ".join(names), ", ".join(names)) if names else Text("count.units", n=len(covered))
        findings.append(finding("partial_report", covers=what, n=len(covered), total=len(units)))
    missing = [u for u in covered if u.code not in present]
    return findings + [finding("missing_unit", unit=f"{u.name} ({u.code})") for u in missing]


def _jumps(observations: pd.DataFrame, context: Context, period: date) -> list[Finding]:
    """A figure far outside the unit's last twelve months is worth a second look, not a refusal."""
    if context.recent_figures is None or observations.empty:
        return []
    history = context.recent_figures(period)
    if history.empty:
        return []
    kinds = indicator_kinds()
    frame = observations.assign(
        value=values_of(observations["numerator"], observations["denominator"], observations["kpi"].map(kinds))
    )
    merged = frame.merge(history, on=["unit_code", "kpi"], how="inner")
    merged = merged[merged["months"] >= 3]
    spread = merged["sd"].fillna(0) * JUMP_SPREADS
    # Never closer than 20 percentage points for a rate, or half the usual level for a count.
    floor = [
        JUMP_RATE if kinds[k] == "rate" else JUMP_COUNT * abs(m)
        for k, m in zip(merged["kpi"], merged["mean"], strict=True)
    ]
    far = (merged["value"] - merged["mean"]).abs() > spread.clip(lower=pd.Series(floor, index=merged.index))
    findings = []
    # The names of the month's own map: a code can name another unit on another map ("Thị trấn Tiên
    # Yên" in 2020, "Xã Tiên Yên" in 2025).
    names = {u.code: u.name for u in context.index.in_edition(edition_in_force(period))}
    for row in merged[far].itertuples(index=False):
        kind = kinds[row.kpi]
        shown, usual = Number(row.value, kind), Number(row.mean if kind == "rate" else round(row.mean), kind)
        findings.append(
            finding(
                "unusual_jump",
                indicator=context.indicator_names.get(row.kpi, row.kpi),
                unit=names.get(row.unit_code, row.unit_code),
                value=shown,
                usual=usual,
            )
        )
    return findings

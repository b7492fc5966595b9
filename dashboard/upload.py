"""Pure helpers of the upload page: ranked mapping choices, the marked preview, completeness."""

from __future__ import annotations

import difflib
from collections.abc import Sequence

import pandas as pd

from core.formats import format_month, format_number
from core.messages import t
from dashboard.captions import span_text
from etl.extract import Table
from etl.findings import Finding
from etl.headers import Role, fold_header
from etl.sheet import Sheet, column_letter
from etl.units import Unit, UnitIndex

IGNORE = "__ignore__"
MATCHABLE = ("unknown", "ambiguous", "outside_district")  # rows whose unit the analyst picks by hand


def role_choices(catalogue: pd.DataFrame) -> list[Role]:
    choices = []
    for row in catalogue.itertuples(index=False):
        roles = ("count",) if row.kind == "count" else ("numerator", "denominator", "rate")
        choices += [Role(row.kpi, role) for role in roles]
    return choices


def role_label(role: Role, catalogue: pd.DataFrame, lang: str) -> str:
    names = dict(zip(catalogue["kpi"], catalogue[f"name_{lang}"], strict=True))
    return f"{names[role.kpi]} — {t(f'role.{role.role}', lang)}"


def ranked_roles(header: str, catalogue: pd.DataFrame, likely: Sequence[Role] = ()) -> list[Role]:
    """Every figure a column could hold: `likely` first (what the header vocabulary reads it as, best
    first), then the rest by how close the header is to each figure's label."""
    folded = fold_header(header)
    labels = {}
    for row in catalogue.itertuples(index=False):
        labels[Role(row.kpi, "count" if row.kind == "count" else "numerator")] = row.numerator_vi
        if row.kind == "rate":
            labels[Role(row.kpi, "denominator")] = row.denominator_vi
            labels[Role(row.kpi, "rate")] = row.name_vi

    def score(role: Role) -> float:
        return difflib.SequenceMatcher(None, folded, fold_header(labels.get(role, role.kpi))).ratio()

    rest = sorted(role_choices(catalogue), key=score, reverse=True)
    return list(dict.fromkeys([*likely, *rest]))


def ranked_units(text: str, index: UnitIndex, edition: str, candidates: Sequence[Unit] = ()) -> list[Unit]:
    """Units of the edition: the candidates of an ambiguous name, then the closest names, then the rest."""
    suggested = index.suggest(text, edition, limit=5)
    units = sorted(index.in_edition(edition), key=lambda u: u.name)
    first = [u for u in units if u in candidates] + [u for name in suggested for u in units if u.name == name]
    first = list(dict.fromkeys(first))
    return first + [u for u in units if u not in first]


def preview(sheet: Sheet, findings: list[Finding], max_rows: int = 400) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The sheet as Excel shows it (rows numbered from 1, columns lettered) and a frame of colours
    marking each finding's cell: red for errors, amber for warnings."""
    width = sheet.width
    rows = [list(row) + [None] * (width - len(row)) for row in sheet.rows[:max_rows]]
    frame = pd.DataFrame(rows, columns=[column_letter(c) for c in range(width)], index=range(1, len(rows) + 1))
    frame = frame.map(lambda v: "" if v is None else str(v))
    colours = pd.DataFrame("", index=frame.index, columns=frame.columns)
    for item in findings:
        if item.sheet != sheet.name or item.row is None or item.row not in colours.index:
            continue
        colour = "background-color: #f8d7da" if item.severity == "error" else "background-color: #fff3cd"
        if item.column in colours.columns:
            colours.loc[item.row, item.column] = colour
        else:
            colours.loc[item.row, :] = colour
    return frame, colours


def who_reported(figures: pd.DataFrame, units: pd.DataFrame, catalogue: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Unit × indicator: ✓ where the month has a current figure, – where it is missing."""
    names = dict(zip(catalogue["kpi"], catalogue[f"short_{lang}"], strict=True))
    reported = set(zip(figures["unit_code"], figures["kpi"], strict=True))
    table = pd.DataFrame(
        {names[kpi]: ["✓" if (code, kpi) in reported else "–" for code in units["code"]] for kpi in catalogue["kpi"]},
        index=pd.Index(units["name"], name=t("col_unit", lang)),
    )
    return table.sort_values(by=list(table.columns), key=lambda s: s.eq("✓"))


def columns_table(columns: list[dict[str, str | None]], catalogue: pd.DataFrame, lang: str) -> pd.DataFrame:
    """What was read from which column (`CheckResult.recognised_columns`) as an analyst reads it."""
    names = dict(zip(catalogue["kpi"], catalogue[f"name_{lang}"], strict=True))
    return pd.DataFrame(
        {
            t("col_sheet", lang): [c["sheet"] for c in columns],
            t("col_column", lang): [c["column"] for c in columns],
            t("col_header", lang): [c["header"] for c in columns],
            t("col_indicator", lang): [names.get(str(c["kpi"]), c["kpi"]) for c in columns],
            t("col_role", lang): [t(f"role.{c['role']}", lang) for c in columns],
        }
    )


def matched_units_table(tables: list[Table], lang: str) -> pd.DataFrame:
    """Every row of a report and the unit it was matched to (code, name, district) and how: by code, by
    name, by a match made by hand, by a name without its marks; or why not."""
    rows = []
    for table in tables:
        for row in table.rows:
            unit = row.unit
            how = t(f"unmatched.{row.problem}", lang) if row.problem else t(f"matched_by.{row.how or 'name'}", lang)
            rows.append(
                {
                    t("col_cell", lang): f"{row.at.sheet}!{column_letter(row.at.col)}{row.at.row + 1}",
                    t("col_written", lang): row.text,
                    t("col_code", lang): unit.code if unit else "",
                    t("col_unit", lang): unit.name if unit else "",
                    t("col_district", lang): (unit.district_name or "") if unit else "",
                    t("col_matched_by", lang): how,
                }
            )
    return pd.DataFrame(rows)


def findings_table(findings: list[Finding], lang: str) -> pd.DataFrame:
    """Errors first; the many "unit not in the report" warnings folded into one line."""
    missing = [f for f in findings if f.code == "missing_unit"]
    shown = sorted((f for f in findings if f.code != "missing_unit"), key=lambda f: f.severity != "error")
    rows = [
        {
            t("col_severity", lang): t(f"severity_{f.severity}", lang),
            t("col_sheet", lang): f.sheet or "",
            t("col_cell", lang): f"{f.column or ''}{f.row or ''}",
            t("col_message", lang): f.message(lang),
        }
        for f in shown
    ]
    if missing:
        rows.append(
            {
                t("col_severity", lang): t("severity_warning", lang),
                t("col_sheet", lang): "",
                t("col_cell", lang): "",
                t("col_message", lang): t("missing_units_summary", lang, n=len(missing)),
            }
        )
    return pd.DataFrame(rows)


def _months(upload, lang: str) -> str:
    """The upload's month, or the span of months it holds (the sample dataset, a multi-month file)."""
    if pd.notna(upload.period):
        return format_month(upload.period, lang)
    if pd.isna(upload.first_period):  # an upload that holds no figures
        return ""
    if upload.first_period == upload.last_period:
        return format_month(upload.first_period, lang)
    return span_text([upload.first_period, upload.last_period], lang)


def history_table(uploads: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The upload history as an analyst reads it."""

    def status(row) -> str:
        if row.is_sample:
            return t("status_sample", lang)
        if pd.notna(row.reverted_at):
            return t("status_reverted", lang, when=f"{row.reverted_at:%d/%m/%Y %H:%M}", who=row.reverted_by)
        return t("status_partial", lang) if row.skip_invalid else t("status_active", lang)

    return pd.DataFrame(
        {
            t("col_upload", lang): [f"#{i}" for i in uploads["upload_id"]],
            t("col_time", lang): [f"{w:%d/%m/%Y %H:%M}" for w in uploads["uploaded_at"]],
            t("col_user", lang): uploads["uploaded_by"],
            t("col_file", lang): [
                t("sample_upload_name", lang) if sample else name
                for name, sample in zip(uploads["file_name"], uploads["is_sample"], strict=True)
            ],
            t("col_period", lang): [_months(row, lang) for row in uploads.itertuples(index=False)],
            t("col_loaded", lang): [format_number(n, lang) for n in uploads["rows_loaded"]],
            t("col_current", lang): [format_number(n, lang) for n in uploads["figures_current"]],
            t("col_status", lang): [status(row) for row in uploads.itertuples(index=False)],
        }
    )

"""An upload from start to end, the same for the upload page and `etl load`: check a file against the
warehouse (read-only), then load it as one upload in one transaction, or revert one. Plain functions on a
warehouse path; no page state."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import duckdb

from core.formats import Month
from core.messages import Words
from etl.findings import Finding, finding
from etl.headers import Role
from etl.pipeline import CheckResult, Context, check_file
from etl.units import UnitIndex
from warehouse import connect, transaction
from warehouse.reader import ConnectionReader, Reader
from warehouse.uploads import UploadMeta, record_upload


def build_context(con: duckdb.DuckDBPyConnection) -> Context:
    """What a check needs from the warehouse, read on `con`: units and the analysts' remembered choices."""
    source = ConnectionReader(con)
    index = UnitIndex(source.all_units())
    for edition, alias, code in source.unit_aliases().itertuples(index=False):
        index.add_alias(edition, alias, code)
    catalogue = source.indicators()
    names = {
        kpi: Words(vi, en)
        for kpi, vi, en in zip(catalogue["kpi"], catalogue["name_vi"], catalogue["name_en"], strict=True)
    }
    mapping: dict[str, list[Role]] = {}
    for key, kpi, role in source.column_mappings().itertuples(index=False):
        mapping.setdefault(key, []).append(Role(kpi, role))
    return Context(index, names, mapping, source.recent_figures)


@dataclass(frozen=True)
class LoadOutcome:
    status: str  # "loaded", "rejected" or "valid" (a dry run)
    upload_id: int | None
    loaded: int
    rejected: int


def verdict(result: CheckResult, *, dry_run: bool = False, skip_invalid: bool = False) -> str:
    """ "load", or why not: "rejected" (errors, or nothing to load) or "valid" (a dry run)."""
    usable = result.period is not None and not result.observations.empty
    if (result.errors and not skip_invalid) or not usable:
        return "rejected"
    return "valid" if dry_run else "load"


def outcome_without_load(result: CheckResult, status: str) -> LoadOutcome:
    if status == "rejected":
        return LoadOutcome("rejected", None, 0, result.rejected + len(result.observations))
    return LoadOutcome("valid", None, 0, result.rejected)


def load_result(
    con: duckdb.DuckDBPyConnection,
    result: CheckResult,
    data: bytes,
    user: str,
    *,
    dry_run: bool = False,
    skip_invalid: bool = False,
) -> LoadOutcome:
    """Store the checked figures as one upload, or nothing at all."""
    status = verdict(result, dry_run=dry_run, skip_invalid=skip_invalid)
    if status != "load":
        return outcome_without_load(result, status)
    meta = UploadMeta(
        file_name=result.file_name,
        uploaded_by=user,
        file_bytes=data,
        sha256=result.sha256,
        period=result.period,
        edition=result.edition,
        skip_invalid=skip_invalid and bool(result.errors),
        rows_rejected=result.rejected,
    )
    upload_id = record_upload(con, meta, result.observations)
    return LoadOutcome("loaded", upload_id, len(result.observations), result.rejected)


def remember_mapping(con: duckdb.DuckDBPyConnection, mapping: dict[str, list[Role]], user: str) -> None:
    now = datetime.now()
    with transaction(con):
        for key, roles in mapping.items():
            con.execute("DELETE FROM column_mapping WHERE column_key = ?", [key])
            for role in roles:
                con.execute("INSERT INTO column_mapping VALUES (?, ?, ?, ?, ?)", [key, role.kpi, role.role, user, now])


def remember_alias(con: duckdb.DuckDBPyConnection, edition: str, alias: str, code: str, user: str) -> None:
    con.execute(
        "INSERT OR REPLACE INTO unit_alias VALUES (?, ?, ?, ?, ?)", [edition, alias.strip(), code, user, datetime.now()]
    )


def revert(con: duckdb.DuckDBPyConnection, upload_id: int, user: str) -> bool:
    """Undo one upload: its figures stop being current and the earlier revision comes back."""
    row = con.execute("SELECT reverted_at FROM upload WHERE upload_id = ?", [upload_id]).fetchone()
    if row is None or row[0] is not None:
        return False
    con.execute(
        "UPDATE upload SET reverted_at = ?, reverted_by = ? WHERE upload_id = ?", [datetime.now(), user, upload_id]
    )
    return True


REPEATS = ("already_loaded_file", "already_loaded_month")


@dataclass
class Choices:
    """What an analyst settled by hand for a file: the figure an unrecognised column holds (None: ignore
    it), and the unit an unrecognised name means ((edition, name as written) → code)."""

    columns: dict[str, Role | None] = field(default_factory=dict)
    units: dict[tuple[str, str], str] = field(default_factory=dict)

    def column_roles(self) -> dict[str, list[Role]]:
        return {key: [role] for key, role in self.columns.items() if role is not None}


def check_upload(
    path: Path,
    data: bytes,
    file_name: str,
    *,
    period: date | None = None,
    edition: str | None = None,
    choices: Choices | None = None,
) -> tuple[CheckResult, Context]:
    """The file checked against the warehouse at `path`; changes nothing. ReadError for a file that cannot
    be read at all."""
    choices = choices or Choices()
    # Read-only: a check changes nothing, and the unit history behind it is read during the check.
    with connect(path, read_only=True) as con:
        context = build_context(con)
        context.column_mapping.update(choices.column_roles())
        for (unit_edition, text), code in choices.units.items():
            context.index.add_alias(unit_edition, text, code)
        result = check_file(data, file_name, context, period, edition)
        result.findings += _repeats(ConnectionReader(con), result)
        return result, context


def _repeats(source: Reader, result: CheckResult) -> list[Finding]:
    """A warning when the file, or its month for some of its units, is already loaded: loading it again
    makes a new revision, which the analyst confirms (`etl load --force`)."""
    codes = sorted(set(result.observations["unit_code"]))
    earlier = source.earlier_uploads(result.sha256, result.period, codes)
    if earlier.empty:
        return []
    uploads = ", ".join(f"#{i}" for i in earlier["upload_id"])
    code = "already_loaded_file" if bool(earlier["same_file"].any()) else "already_loaded_month"
    return [finding(code, uploads=uploads, month=Month(result.period) if result.period else "?")]


def needs_confirmation(result: CheckResult) -> bool:
    """Whether loading the file would repeat an upload in force (see `_repeats`)."""
    return any(f.code in REPEATS for f in result.findings)


def load_checked(
    path: Path,
    result: CheckResult,
    data: bytes,
    user: str,
    *,
    dry_run: bool = False,
    skip_invalid: bool = False,
    choices: Choices | None = None,
    force: bool = False,
) -> LoadOutcome:
    """Loads a checked file when its verdict allows, and remembers the analyst's choices with it. A file
    that repeats an upload in force is refused unless `force` says the analyst confirmed it."""
    status = verdict(result, dry_run=dry_run, skip_invalid=skip_invalid)
    if status == "load" and needs_confirmation(result) and not force:
        status = "rejected"
    if status != "load":
        return outcome_without_load(result, status)
    with connect(path) as con:
        outcome = load_result(con, result, data, user, skip_invalid=skip_invalid)
        if choices is not None:
            remember_mapping(con, choices.column_roles(), user)
            for (unit_edition, text), code in choices.units.items():
                remember_alias(con, unit_edition, text, code, user)
    return outcome


def revert_upload(path: Path, upload_id: int, user: str) -> bool:
    """Undo one upload (see `revert`); False when there is no active upload of that id."""
    with connect(path) as con:
        return revert(con, upload_id, user)

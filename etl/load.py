"""An upload from start to end, the same for the upload page and `etl load`: check a file against the
warehouse (read-only), then load it as one upload in one transaction, or revert one. Plain functions on a
warehouse path; no page state."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import duckdb

from core.access import Actor, Forbidden, may_revert, outside_scope, require
from core.formats import Month
from core.messages import Words
from etl.findings import Finding, finding
from etl.headers import Role
from etl.pipeline import CheckResult, Context, check_file
from etl.units import UnitIndex
from warehouse import Location, audit, connect, transaction
from warehouse.reader import ConnectionReader, Reader
from warehouse.uploads import UploadMeta, mark_reverted, record_upload


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
    outside = any(f.code == "outside_scope" for f in result.findings)  # never loaded in part
    if (result.errors and not skip_invalid) or not usable or outside:
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
    actor: Actor,
    *,
    dry_run: bool = False,
    skip_invalid: bool = False,
    address: str | None = None,
) -> LoadOutcome:
    """Store the checked figures as one upload with its audit entry, or nothing at all. Forbidden when
    `actor` may not upload, or not for every unit of the file."""
    require(actor, "upload")
    outside = outside_scope(actor, result.observations["unit_code"])
    if outside:  # also when the check was skipped or its finding ignored: refused here, below every page
        raise Forbidden("outside_scope_refused", name=actor.name, units=", ".join(outside[:10]))
    status = verdict(result, dry_run=dry_run, skip_invalid=skip_invalid)
    if status != "load":
        return outcome_without_load(result, status)
    meta = UploadMeta(
        file_name=result.file_name,
        uploaded_by=actor.name,
        file_bytes=data,
        sha256=result.sha256,
        period=result.period,
        edition=result.edition,
        skip_invalid=skip_invalid and bool(result.errors),
        rows_rejected=result.rejected,
    )
    with transaction(con):
        upload_id = record_upload(con, meta, result.observations)
        detail = {"file": result.file_name, "period": f"{result.period:%Y-%m}", "figures": len(result.observations)}
        audit.record(con, actor, "upload", upload_id, {**detail, "sha256": result.sha256}, address)
    return LoadOutcome("loaded", upload_id, len(result.observations), result.rejected)


def remember_mapping(
    con: duckdb.DuckDBPyConnection,
    mapping: dict[str, list[Role]],
    actor: Actor,
    address: str | None = None,
    upload_id: int | None = None,
) -> None:
    """Column mappings remembered for the next file of the same shape, for everyone: analysts and admins
    only; saved with `upload_id`, they are forgotten when that upload is reverted."""
    require(actor, "teach")
    now = datetime.now()
    with transaction(con):
        for key, roles in mapping.items():
            con.execute("DELETE FROM column_mapping WHERE column_key = ?", [key])
            for role in roles:
                con.execute(
                    "INSERT INTO column_mapping (column_key, kpi, role, saved_by, saved_at, upload_id)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    [key, role.kpi, role.role, actor.name, now, upload_id],
                )
            audit.record(con, actor, "mapping_saved", key, {"roles": [f"{r.kpi}.{r.role}" for r in roles]}, address)


def remember_alias(
    con: duckdb.DuckDBPyConnection,
    edition: str,
    alias: str,
    code: str,
    actor: Actor,
    address: str | None = None,
    upload_id: int | None = None,
) -> None:
    """A name matched by hand, remembered for the next file: analysts and admins only; saved with
    `upload_id`, it is forgotten when that upload is reverted."""
    require(actor, "teach")
    with transaction(con):
        con.execute("DELETE FROM unit_alias WHERE edition = ? AND alias = ?", [edition, alias.strip()])
        con.execute(
            "INSERT INTO unit_alias (edition, alias, unit_code, saved_by, saved_at, upload_id)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [edition, alias.strip(), code, actor.name, datetime.now(), upload_id],
        )
        audit.record(con, actor, "alias_saved", f"{edition}:{alias.strip()}", {"unit_code": code}, address)


def revert(con: duckdb.DuckDBPyConnection, upload_id: int, actor: Actor, address: str | None = None) -> bool:
    """Undo one upload: its figures stop being current and the earlier revision comes back. An analyst
    reverts their own uploads, an admin any (Forbidden otherwise); False when no such upload is in force."""
    row = con.execute("SELECT reverted_at, uploaded_by FROM upload WHERE upload_id = ?", [upload_id]).fetchone()
    if row is None or row[0] is not None:
        return False
    if not may_revert(actor, row[1]):
        require(actor, "revert_own")  # a viewer may not revert at all
        require(actor, "revert_any")  # an analyst not someone else's upload
    with transaction(con):
        mark_reverted(con, upload_id, actor.name)
        forgotten = _forget_what_came_with(con, upload_id)
        audit.record(con, actor, "revert", upload_id, {"uploaded_by": row[1], **forgotten}, address)
    return True


def _forget_what_came_with(con: duckdb.DuckDBPyConnection, upload_id: int) -> dict[str, object]:
    """The column mappings and unit names saved with an upload go when it is reverted: what a wrong file
    taught the system is undone with it."""
    mappings = [
        r[0]
        for r in con.execute(
            "SELECT DISTINCT column_key FROM column_mapping WHERE upload_id = ?", [upload_id]
        ).fetchall()
    ]
    aliases = [
        f"{e}:{a}"
        for e, a in con.execute("SELECT edition, alias FROM unit_alias WHERE upload_id = ?", [upload_id]).fetchall()
    ]
    con.execute("DELETE FROM column_mapping WHERE upload_id = ?", [upload_id])
    con.execute("DELETE FROM unit_alias WHERE upload_id = ?", [upload_id])
    return {"mappings_forgotten": mappings, "names_forgotten": aliases} if mappings or aliases else {}


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
    path: Location,
    data: bytes,
    file_name: str,
    *,
    period: date | None = None,
    edition: str | None = None,
    choices: Choices | None = None,
    actor: Actor | None = None,
) -> tuple[CheckResult, Context]:
    """The file checked against the warehouse at `path`; changes nothing. ReadError for a file that cannot
    be read at all. With `actor`, rows of units outside the actor's scope are errors naming them."""
    choices = choices or Choices()
    # Read-only: a check changes nothing, and the unit history behind it is read during the check.
    with connect(path, read_only=True) as con:
        context = build_context(con)
        context.column_mapping.update(choices.column_roles())
        for (unit_edition, text), code in choices.units.items():
            context.index.add_alias(unit_edition, text, code)
        result = check_file(data, file_name, context, period, edition)
        result.findings += _repeats(ConnectionReader(con), result)
        if actor is not None:
            result.findings += _outside_scope(result, actor)
        return result, context


def _outside_scope(result: CheckResult, actor: Actor) -> list[Finding]:
    """An error on every row whose unit the actor may not upload for (a commune officer's file with a
    neighbour's row): the file is then refused whole, even with "load only valid figures"."""
    outside = set(outside_scope(actor, [r.unit.code for t in result.tables for r in t.rows if r.unit]))
    return [
        finding("outside_scope", *row.at.place, unit=f"{row.unit.name} ({row.unit.code})", name=actor.name)
        for table in result.tables
        for row in table.rows
        if row.unit is not None and row.unit.code in outside
    ]


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
    path: Location,
    result: CheckResult,
    data: bytes,
    actor: Actor,
    *,
    dry_run: bool = False,
    skip_invalid: bool = False,
    choices: Choices | None = None,
    force: bool = False,
    address: str | None = None,
) -> LoadOutcome:
    """Loads a checked file when its verdict allows, and remembers the analyst's choices with it. A file
    that repeats an upload in force is refused unless `force` says the analyst confirmed it. Forbidden
    when `actor` may not upload (even a dry run: it is the upload's own check)."""
    require(actor, "upload")
    status = verdict(result, dry_run=dry_run, skip_invalid=skip_invalid)
    if status == "load" and needs_confirmation(result) and not force:
        status = "rejected"
    if status != "load":
        return outcome_without_load(result, status)
    with connect(path) as con, transaction(con):
        outcome = load_result(con, result, data, actor, skip_invalid=skip_invalid, address=address)
        if choices is not None:
            remember_mapping(con, choices.column_roles(), actor, address, outcome.upload_id)
            for (unit_edition, text), code in choices.units.items():
                remember_alias(con, unit_edition, text, code, actor, address, outcome.upload_id)
    return outcome


def revert_upload(path: Location, upload_id: int, actor: Actor, address: str | None = None) -> bool:
    """Undo one upload (see `revert`); False when there is no active upload of that id."""
    with connect(path) as con:
        return revert(con, upload_id, actor, address)

"""A consistent copy of the warehouse, taken while the app runs, and its restore.

The copy is DuckDB's own `COPY FROM DATABASE` from a read-only attachment: one snapshot of every table,
view and sequence (figures, uploads with their archived originals, accounts, the audit trail). A restore
checks the copy first (the tables a warehouse has, the audit chain unbroken), keeps the warehouse it
replaces beside it, and records itself in the audit trail.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from core.access import Actor
from core.errors import UsageError
from warehouse import Lake, Location, audit, connect, engine, waiting
from warehouse.engine import quoted

REQUIRED = ("upload", "observation", "unit", "indicator", "account", "audit")


@dataclass(frozen=True)
class Summary:
    uploads: int
    figures: int
    accounts: int
    audit_rows: int


def backup(where: Location, out: Path) -> Summary:
    """Copy the warehouse at `where` to a new file `out` (refused if it exists), consistently. A lake's
    copy is an embedded warehouse file (one snapshot of the lake)."""
    if out.exists():
        raise UsageError("backup_exists", out=out)
    partial = out.with_name(out.name + ".partial")
    partial.unlink(missing_ok=True)
    if isinstance(where, Lake):
        with connect(where, read_only=True) as con:
            _copy(con, engine.ALIAS, partial)
    else:
        con = duckdb.connect()
        try:
            waiting(lambda: con.execute(f"ATTACH '{quoted(where)}' AS source (READ_ONLY)"))
            _copy(con, "source", partial)
        finally:
            con.close()
    os.replace(partial, out)  # a finished copy or none: never half a backup under the name asked for
    return check(out)


def _copy(con: duckdb.DuckDBPyConnection, source: str, partial: Path) -> None:
    con.execute(f"ATTACH '{quoted(partial)}' AS copy")
    try:
        con.execute(f"COPY FROM DATABASE {source} TO copy")
    finally:
        con.execute("DETACH copy")


def check(file: Path) -> Summary:
    """What a backup holds; UsageError unless it is a warehouse with an unbroken audit chain."""
    try:
        with connect(file, read_only=True) as con:
            tables = {row[0] for row in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
            missing = [name for name in REQUIRED if name not in tables]
            if missing:
                raise UsageError("backup_not_a_warehouse", file=file, missing=", ".join(missing))
            chain = audit.verify(con)
            if chain.broken_at is not None:
                raise UsageError("backup_chain_broken", file=file, audit_id=chain.broken_at)
            uploads, figures, accounts = con.execute(
                "SELECT (SELECT count(*) FROM upload), (SELECT count(*) FROM observation),"
                " (SELECT count(*) FROM account)"
            ).fetchone()  # type: ignore[misc]
    except (duckdb.Error, FileNotFoundError) as error:
        raise UsageError("backup_unreadable", file=file, error=type(error).__name__) from error
    return Summary(uploads, figures, accounts, chain.rows)


def restore(file: Path, path: Location, by: Actor) -> Path | None:
    """Put the checked backup `file` in place of the warehouse at `path`; the warehouse it replaces is kept
    beside it (returned), and the restore is recorded in the restored trail. A lake is restored by moving
    the backup into a new, empty lake (`etl migrate`)."""
    if isinstance(path, Lake):
        raise UsageError("restore_into_lake", target=str(path))
    summary = check(file)
    kept = None
    if path.exists():
        kept = path.with_name(f"{path.stem}.before-restore-{datetime.now():%Y%m%d-%H%M%S}{path.suffix}")
        shutil.copy2(path, kept)
    staged = path.with_name(path.name + ".restoring")
    shutil.copy2(file, staged)
    os.replace(staged, path)
    with connect(path) as con:
        audit.record(con, by, "restore", str(file.name), {"uploads": summary.uploads, "figures": summary.figures})
    return kept

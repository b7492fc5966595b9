"""Moving a warehouse into another one: an embedded file (or a backup of one) into a DuckLake shared by
several machines, or into another file. Every table is copied as it is, in one transaction of the target
(the figures, their revisions, the kept current tables, accounts and the audit trail, whose chain goes on
unbroken), and the move is recorded in the target's audit trail."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

from core.access import Actor
from core.errors import UsageError
from warehouse import Location, audit, connect, transaction
from warehouse.engine import quoted
from warehouse.init import SCHEMA, apply_schema

SOURCE = "dx_source"  # the source file's name while it is attached to the target's connection
# The target's own row: its schema version and carry window are this version's, and a lake's writer row is its own.
NOT_COPIED = ("warehouse_info",)


@dataclass(frozen=True)
class Moved:
    tables: int
    uploads: int
    figures: int


def migrate(source: Path, target: Location, by: Actor) -> Moved:
    """Copies the warehouse file `source` into `target` (made if new); refused unless the target holds no
    upload yet (UsageError, nothing changed)."""
    if not source.is_file():
        raise UsageError("etl_no_warehouse", path=source)
    with connect(source, read_only=True):  # waits while a writer holds it; a newer file is said plainly
        pass
    with connect(target) as con:
        apply_schema(con)
        uploads = _uploads(con)
        if uploads:
            raise UsageError("migrate_target_not_empty", target=str(target), uploads=uploads)
        con.execute(f"ATTACH '{quoted(source)}' AS {SOURCE} (READ_ONLY)")
        try:
            with transaction(con):
                tables = [table for table in _tables() if table not in NOT_COPIED]
                for table in tables:
                    _copy(con, table)
                moved = _counts(con, len(tables))
                audit.record(con, by, "migrate", str(target), {"from": str(source), **moved.__dict__})
        finally:
            con.execute(f"DETACH {SOURCE}")
    return moved


def _uploads(con: duckdb.DuckDBPyConnection) -> int:
    row = con.execute("SELECT count(*) FROM upload").fetchone()  # the sample's too: nothing is merged
    return int(row[0]) if row else 0


def _tables() -> list[str]:
    return re.findall(r"CREATE TABLE IF NOT EXISTS (\w+)", SCHEMA.read_text("utf-8"))


def _copy(con: duckdb.DuckDBPyConnection, table: str) -> None:
    """The target's rows of `table` replaced by the source's, column by column (a source made by an older
    version may lack a newer column: it stays empty, as an upgrade would leave it)."""
    in_source = set(_columns(con, table, SOURCE))
    columns = [c for c in _columns(con, table, None) if c in in_source]
    listed = ", ".join(f'"{c}"' for c in columns)
    con.execute(f"DELETE FROM {table}")
    con.execute(f"INSERT INTO {table} ({listed}) SELECT {listed} FROM {SOURCE}.main.{table}")


def _columns(con: duckdb.DuckDBPyConnection, table: str, catalog: str | None) -> list[str]:
    where = "database_name = current_database()" if catalog is None else "database_name = ?"
    rows = con.execute(
        f"SELECT column_name FROM duckdb_columns() WHERE {where} AND table_name = ? ORDER BY column_index",
        [table] if catalog is None else [catalog, table],
    ).fetchall()
    return [row[0] for row in rows]


def _counts(con: duckdb.DuckDBPyConnection, tables: int) -> Moved:
    row = con.execute("SELECT (SELECT count(*) FROM upload), (SELECT count(*) FROM observation)").fetchone()
    assert row is not None
    return Moved(tables, int(row[0]), int(row[1]))

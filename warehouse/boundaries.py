"""Official boundaries in the warehouse: an import (prepared by `geo.boundaries`) replaces an edition's
boundaries in one transaction and is logged with its file's checksum and report."""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from core.access import Actor, require
from geo.boundaries import ImportResult, PreparedImport, prepare_import
from geo.shapes import dumps
from warehouse import audit, transaction
from warehouse.engine import next_id
from warehouse.reader import ConnectionReader


def edition_units(con: duckdb.DuckDBPyConnection) -> dict[str, pd.DataFrame]:
    """The units (code, name, type) of every edition."""
    frame = ConnectionReader(con).all_units()[["edition", "code", "name", "type"]]
    return {
        edition: group.drop(columns="edition").reset_index(drop=True) for edition, group in frame.groupby("edition")
    }


def import_boundaries(
    con: duckdb.DuckDBPyConnection, path: str | Path, edition: str, *, by: Actor, address: str | None = None
) -> ImportResult:
    """Prepare `path` as the boundaries of `edition` and store them; BoundaryImportError (nothing written)
    when the file is refused, Forbidden unless `by` may import boundaries (an admin, the operator)."""
    require(by, "boundaries")
    started = time.perf_counter()
    prepared = prepare_import(path, edition, edition_units(con))
    prepared.result.import_id = store(con, edition, prepared, by, address)
    prepared.result.seconds = time.perf_counter() - started
    return prepared.result


def store(
    con: duckdb.DuckDBPyConnection, edition: str, prepared: PreparedImport, by: Actor, address: str | None = None
) -> int:
    """Replaces the edition's boundaries with the prepared ones and logs the import (and audits it); its id."""
    report = {k: v for k, v in prepared.result.as_dict().items() if k not in ("import_id", "seconds")}
    with transaction(con):
        import_id = next_id(con, "boundary_import", "import_id")
        con.execute(
            "INSERT INTO boundary_import (import_id, edition, file_name, sha256, imported_at, report_json)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [import_id, edition, prepared.file_name, prepared.sha256, datetime.now(), dumps(report)],
        )
        con.execute("DELETE FROM boundary WHERE edition = ?", [edition])
        con.executemany(
            "INSERT INTO boundary (edition, unit_code, original_geojson, web_geojson, import_id)"
            " VALUES (?, ?, ?, ?, ?)",
            [(edition, *row, import_id) for row in prepared.rows],
        )
        detail = {"file": prepared.file_name, "sha256": prepared.sha256, "units": len(prepared.rows)}
        audit.record(con, by, "boundary_import", f"{edition}#{import_id}", detail, address)
    return import_id

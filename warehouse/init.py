"""Create the schema and (re)load the reference data: editions, units, crosswalks, catalogue."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pandas as pd

from core.access import operator
from core.editions import EDITIONS
from core.missing import CARRY_MONTHS
from geo import reference
from warehouse import WRITER_KEY, connect, current, engine, transaction
from warehouse.catalogue import load_indicators, load_targets
from warehouse.engine import Location
from warehouse.reader import sql

SCHEMA = Path(__file__).with_name("schema.sql")
# 5: original files stored once by SHA-256; 6: current figures kept in a table; 7: and the area totals;
# 8: and the units' figures carried into each edition, and their reporting counts; 9: the carry rule's
# view as two joins on equal keys (DuckDB 1.5 ran its OR join as a nested loop); 10: and as a table macro
# of the months a write touches (DuckDB 1.5 computed every month under a filtered view)
SCHEMA_VERSION = "10"


def apply_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create what is missing (views are replaced); never drops anything. Writes the missing-report
    rule's carry window, which the view `province_figures` reads."""
    before = (_stored(con, "schema_version"), _stored(con, "carry_months"))
    schema = SCHEMA.read_text("utf-8")
    lake = engine.is_lake(con)
    if not lake:
        _observation_without_key(con, schema)
    # One transaction: all of it or none, and on a lake one snapshot instead of one per statement (0.15 s
    # against 2.1 s); two instances starting at once on a new lake: the second is refused, nothing half made.
    with transaction(con):
        con.execute(engine.lake_schema(schema) if lake else schema)
        _store(con, "carry_months", str(CARRY_MONTHS))
        if _stored(con, WRITER_KEY) is None:
            _store(con, WRITER_KEY, "")  # the lake's writer row (`warehouse.transaction`); unused on a file
        _originals_once(con)
        _current_once(con, before)
        _store(con, "schema_version", SCHEMA_VERSION)


def _store(con: duckdb.DuckDBPyConnection, key: str, value: str) -> None:
    # Delete, then insert: DuckLake has no keys for INSERT OR REPLACE to act on.
    con.execute("DELETE FROM warehouse_info WHERE key = ?", [key])
    con.execute("INSERT INTO warehouse_info VALUES (?, ?)", [key, value])


def _observation_without_key(con: duckdb.DuckDBPyConnection, schema: str) -> None:
    """A warehouse made before schema 7 keeps its figures in a table with a primary key, whose index took
    94 % of a national file: the figures move, once, into the table as schema.sql now makes it."""
    keyed = con.execute(
        "SELECT count(*) FROM duckdb_constraints() WHERE table_name = 'observation' AND constraint_type = 'PRIMARY KEY'"
    ).fetchone()
    if keyed is None or keyed[0] == 0:
        return
    made = re.search(r"CREATE TABLE IF NOT EXISTS observation \((.*?)\n\);", schema, re.DOTALL)
    assert made is not None, "schema.sql makes the observation table"
    with transaction(con):
        con.execute(f"CREATE TABLE observation_unkeyed ({made.group(1)}\n)")
        con.execute("INSERT INTO observation_unkeyed SELECT * FROM observation")
        con.execute("DROP TABLE observation")
        con.execute("ALTER TABLE observation_unkeyed RENAME TO observation")


def _originals_once(con: duckdb.DuckDBPyConnection) -> None:
    """Originals archived in the upload rows by an older version move to `original`, once per SHA-256."""
    con.execute(
        "INSERT INTO original SELECT sha256, any_value(file_bytes) FROM upload"
        " WHERE file_bytes IS NOT NULL AND sha256 NOT IN (SELECT sha256 FROM original) GROUP BY sha256"
    )
    con.execute("UPDATE upload SET file_bytes = NULL WHERE file_bytes IS NOT NULL")


def _current_once(con: duckdb.DuckDBPyConnection, before: tuple[str | None, str | None]) -> None:
    """A warehouse made before schema 8 gains its tables of current figures, area totals and units' figures
    (and the upload list's first and last months) once, from its revisions; afterwards the writes keep
    them. A new carry window (`before`: the schema version and the window stored until now) changes every
    total: again."""
    if before == (SCHEMA_VERSION, str(CARRY_MONTHS)):
        return  # kept up to date by every write since
    if con.execute("SELECT count(*) FROM (SELECT 1 FROM observation LIMIT 1)").fetchone() == (0,):
        return  # a new warehouse: nothing to rank
    with transaction(con):
        current.rebuild(con)
        con.execute(
            "UPDATE upload SET first_period = p.first, last_period = p.last FROM"
            " (SELECT upload_id, min(period) AS first, max(period) AS last FROM observation GROUP BY upload_id) AS p"
            " WHERE upload.upload_id = p.upload_id"
        )


def missing_tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Tables and views of schema.sql this warehouse lacks (made by an older version); read-only."""
    wanted = set(re.findall(r"CREATE (?:TABLE IF NOT EXISTS|OR REPLACE VIEW) (\w+)", SCHEMA.read_text("utf-8")))
    present = {row[0] for row in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    return wanted - present


def upgrade(where: Location) -> None:
    """Brings a warehouse made by an older version up to this schema (adds what is missing, drops nothing).
    Run once at the start of a command or of the app's server, never on a page view."""
    with connect(where, read_only=True) as con:
        outdated = bool(missing_tables(con)) or _stored(con, "schema_version") != SCHEMA_VERSION
        outdated |= _stored(con, "carry_months") != str(CARRY_MONTHS)
    if outdated:
        with connect(where) as con:
            apply_schema(con)


def _stored(con: duckdb.DuckDBPyConnection, key: str) -> str | None:
    """A value of `warehouse_info`, or None (none stored, or no such table yet)."""
    try:
        row = con.execute("SELECT value FROM warehouse_info WHERE key = ?", [key]).fetchone()
    except duckdb.CatalogException:
        return None
    return None if row is None else str(row[0])


def init_warehouse(con: duckdb.DuckDBPyConnection) -> None:
    """Idempotent: safe on a new file and on a warehouse full of figures (they are kept)."""
    apply_schema(con)
    indicators = load_indicators()
    targets = load_targets()
    unknown = set(targets["kpi"]) - set(indicators["kpi"])
    assert not unknown, f"targets.csv names indicators missing from indicators.csv: {sorted(unknown)}"
    units = _units_with_layout()
    crosswalks = reference.crosswalks()
    before = _reference(con)
    with transaction(con):
        _replace(con, "edition", _editions_frame())
        _replace(con, "unit", units)
        _replace(con, "crosswalk", crosswalks)
        _replace(con, "indicator", indicators)
        _example_targets(con, targets)
        if _reference(con) != before:
            # The kept units' figures and area totals were computed through the old units and crosswalks.
            current.rebuild(con)
    _shipped_boundaries(con)


def _reference(con: duckdb.DuckDBPyConnection) -> tuple[object, ...]:
    """A fingerprint of the reference data the kept tables are computed through."""
    row = con.execute(sql("reference_fingerprint")).fetchone()
    assert row is not None
    return tuple(row)


# Boundaries the project ships (MIT, see geo/data/boundaries_2025.LICENSE.txt), by edition.
SHIPPED_BOUNDARIES = {"2025": Path(__file__).resolve().parents[1] / "geo" / "data" / "boundaries_2025.web.geojson"}


def _shipped_boundaries(con: duckdb.DuckDBPyConnection) -> None:
    """Store the shipped boundaries of an edition that has none yet, through the same import a province
    runs (checked, matched, logged and audited), so that a fresh warehouse opens on a real map. An
    edition with boundaries of its own (the province's import) keeps them."""
    # Imported here: only `init` stores boundaries, and geopandas costs every other command 0.2 s to import.
    from warehouse.boundaries import import_boundaries

    for edition, path in SHIPPED_BOUNDARIES.items():
        row = con.execute("SELECT count(*) FROM boundary WHERE edition = ?", [edition]).fetchone()
        if row is not None and row[0] == 0 and path.is_file():
            import_boundaries(con, path, edition, by=operator("etl init"))


def _example_targets(con: duckdb.DuckDBPyConnection, targets: pd.DataFrame) -> None:
    """The example targets of `data/targets.csv`, except where an administrator has set the province's own
    (those are kept across `etl init`, `sample` and `template`)."""
    con.execute("DELETE FROM target WHERE source = 'example'")
    con.register("incoming", targets)
    con.execute(
        "INSERT INTO target (kpi, year, edition, unit_code, value, source)"
        " SELECT i.kpi, i.year, i.edition, i.unit_code, i.value, i.source FROM incoming AS i"
        " WHERE NOT EXISTS (SELECT 1 FROM target AS t WHERE t.kpi = i.kpi AND t.year = i.year"
        " AND t.edition IS NOT DISTINCT FROM i.edition AND t.unit_code IS NOT DISTINCT FROM i.unit_code)"
    )
    con.unregister("incoming")


def _replace(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    # Table names are this module's own constants, never user input.
    con.execute(f"DELETE FROM {table}")
    con.register("incoming", frame)
    columns = ", ".join(frame.columns)
    con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM incoming")
    con.unregister("incoming")


def _editions_frame() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "edition": e.id,
                "unit_count": e.unit_count,
                "valid_from": e.valid_from,
                "valid_to": e.valid_to,
                "legal_basis": e.legal_basis,
                "has_districts": e.has_districts,
            }
            for e in EDITIONS
        ]
    )


def _units_with_layout() -> pd.DataFrame:
    # Imported here: only `init` lays out hexagons, and scipy costs every other command 0.25 s to import.
    from geo import hexmap

    frames = []
    for edition in EDITIONS:
        units = reference.units(edition.id)
        units = units.merge(hexmap.hex_layout(units), on="code", validate="one_to_one")
        units.insert(0, "edition", edition.id)
        units["population"] = float("nan")
        frames.append(units)
    return pd.concat(frames, ignore_index=True)

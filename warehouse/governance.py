"""What administrators govern besides accounts: the year's targets, and what analysts taught the system
(column mappings and unit names remembered for everyone). Each change is checked (`core.access`) and
written to the audit trail in the same transaction."""

from __future__ import annotations

import duckdb
import pandas as pd

from core.access import Actor, require
from core.errors import UsageError
from warehouse import audit, transaction
from warehouse.reader import run_query


def targets(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every target (kpi, year, edition, unit_code, value, source); source "example" until replaced."""
    return run_query(con, "targets_all", {})


def set_target(
    con: duckdb.DuckDBPyConnection,
    by: Actor,
    kpi: str,
    year: int,
    value: float,
    source: str,
    *,
    edition: str | None = None,
    unit_code: str | None = None,
    address: str | None = None,
) -> None:
    """The target of an indicator for a year, for the province (no unit) or one unit of an edition;
    replaces the example or an earlier value. `source` names where it comes from (a plan, a resolution)."""
    require(by, "targets")
    source = source.strip()
    if not source or source.casefold() == "example":
        raise UsageError("target_needs_source")
    if not (value >= 0) or value != value:
        raise UsageError("target_bad_value")
    with transaction(con):
        known = con.execute("SELECT kind FROM indicator WHERE kpi = ?", [kpi]).fetchone()
        if known is None:
            raise UsageError("target_unknown_indicator", kpi=kpi)
        if known[0] == "rate" and value > 1:
            raise UsageError("target_bad_value")
        if (
            unit_code is not None
            and not con.execute("SELECT 1 FROM unit WHERE edition = ? AND code = ?", [edition, unit_code]).fetchone()
        ):
            raise UsageError("target_unknown_unit", code=unit_code, edition=edition or "?")
        con.execute(
            "DELETE FROM target WHERE kpi = ? AND year = ? AND edition IS NOT DISTINCT FROM ?"
            " AND unit_code IS NOT DISTINCT FROM ?",
            [kpi, year, edition, unit_code],
        )
        con.execute(
            "INSERT INTO target (kpi, year, edition, unit_code, value, source) VALUES (?, ?, ?, ?, ?, ?)",
            [kpi, year, edition, unit_code, value, source],
        )
        where = f"{kpi}/{year}/{unit_code or 'province'}"
        audit.record(con, by, "target_set", where, {"value": value, "source": source}, address)


def learned(con: duckdb.DuckDBPyConnection) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(column mappings, unit names) analysts saved for everyone, with who saved them and when."""
    return run_query(con, "learned_mappings", {}), run_query(con, "learned_aliases", {})


def forget_mapping(con: duckdb.DuckDBPyConnection, by: Actor, column_key: str, address: str | None = None) -> None:
    require(by, "learned")
    with transaction(con):
        con.execute("DELETE FROM column_mapping WHERE column_key = ?", [column_key])
        audit.record(con, by, "mapping_removed", column_key, {}, address)


def forget_alias(
    con: duckdb.DuckDBPyConnection, by: Actor, edition: str, alias: str, address: str | None = None
) -> None:
    require(by, "learned")
    with transaction(con):
        con.execute("DELETE FROM unit_alias WHERE edition = ? AND alias = ?", [edition, alias])
        audit.record(con, by, "alias_removed", f"{edition}:{alias}", {}, address)

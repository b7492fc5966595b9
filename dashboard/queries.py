"""One question per function. SQL lives in dashboard/sql/; values are always bound parameters."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd

from warehouse.uploads import list_uploads

SQL_DIR = Path(__file__).with_name("sql")


@cache
def _sql(name: str) -> str:
    return (SQL_DIR / f"{name}.sql").read_text("utf-8")


def _frame(con: duckdb.DuckDBPyConnection, name: str, **params: object) -> pd.DataFrame:
    return con.execute(_sql(name), params or None).df()


def has_schema(con: duckdb.DuckDBPyConnection) -> bool:
    row = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'observation_current'"
    ).fetchone()
    return bool(row and row[0])


def periods(con: duckdb.DuckDBPyConnection) -> list[date]:
    return [row[0] for row in con.execute(_sql("periods")).fetchall()]


def indicators(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return _frame(con, "indicators")


def province_by_month(con: duckdb.DuckDBPyConnection, months: list[date]) -> pd.DataFrame:
    frame = _frame(con, "province_by_month", periods=months)
    frame["period"] = pd.to_datetime(frame["period"]).dt.date
    return frame


def unit_figures(con: duckdb.DuckDBPyConnection, edition: str, months: list[date]) -> pd.DataFrame:
    """Every indicator's figures for the units of `edition` in `months` (see unit_figures.sql)."""
    frame = _frame(con, "unit_figures", edition=edition, kpi=None, periods=months, first=None, last=None)
    frame["period"] = pd.to_datetime(frame["period"]).dt.date
    return frame


def province_series(con: duckdb.DuckDBPyConnection, kpi: str) -> pd.DataFrame:
    frame = _frame(con, "province_series", kpi=kpi)
    frame["period"] = pd.to_datetime(frame["period"])
    return frame


def edition_unit_count(con: duckdb.DuckDBPyConnection, month: date) -> tuple[str, int]:
    row = con.execute(_sql("edition_units"), {"period": month}).fetchone()
    assert row is not None, f"no edition covers {month}"
    return str(row[0]), int(row[1])


def sample_in_view(con: duckdb.DuckDBPyConnection, month: date | None) -> bool:
    row = con.execute(_sql("sample_in_view"), {"period": month}).fetchone()
    return bool(row and row[0])


def province_targets(con: duckdb.DuckDBPyConnection, kpi: str) -> pd.DataFrame:
    return _frame(con, "targets_province", kpi=kpi)


def reported_figures(con: duckdb.DuckDBPyConnection, month: date) -> pd.DataFrame:
    return _frame(con, "reported_figures", period=month)


def units_in_force(con: duckdb.DuckDBPyConnection, month: date) -> pd.DataFrame:
    return _frame(con, "units_in_force", period=month)


def uploads(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return list_uploads(con)


def unit_series(
    con: duckdb.DuckDBPyConnection, kpi: str, edition: str, first: date | None = None, last: date | None = None
) -> pd.DataFrame:
    """One indicator's figures for the units of `edition` (see unit_figures.sql), from `first` to `last`."""
    frame = _frame(con, "unit_figures", edition=edition, kpi=kpi, periods=None, first=first, last=last)
    frame["period"] = pd.to_datetime(frame["period"]).dt.date
    return frame.drop(columns="kpi")


def units_of_edition(con: duckdb.DuckDBPyConnection, edition: str) -> pd.DataFrame:
    return _frame(con, "units_of_edition", edition=edition)


def boundaries_web(con: duckdb.DuckDBPyConnection, edition: str) -> pd.DataFrame:
    return _frame(con, "boundaries_web", edition=edition)


def district_series(con: duckdb.DuckDBPyConnection, kpi: str) -> pd.DataFrame:
    frame = _frame(con, "district_series", kpi=kpi)
    frame["period"] = pd.to_datetime(frame["period"]).dt.date
    return frame


def lineage(con: duckdb.DuckDBPyConnection, edition: str, code: str) -> pd.DataFrame:
    return _frame(con, "lineage", edition=edition, code=code)


def reporting_by_month(con: duckdb.DuckDBPyConnection, edition: str) -> pd.DataFrame:
    frame = _frame(con, "reporting_by_month", edition=edition)
    frame["period"] = pd.to_datetime(frame["period"]).dt.date
    return frame

"""The current revision of every figure, kept in a table (`figure_current`) by the writes themselves, so
that no question has to rank every revision of every figure again (issue 14: at national scale, 4 M
revisions cost 2–5 s per question; the table answers in milliseconds).

Each function runs inside the caller's transaction: a load, a revert or the sample's rebuild commits
its figures and these tables together, or neither. `month_summary` (figures and sample figures per month)
answers the small questions ("which months have figures", "is any of this sample data") from a few
dozen rows; `area_month` holds the province's and districts' totals under the missing-report rule, for
the months a write touches and those its stocks are carried into; `unit_month` holds every unit's
figures carried into each edition, and `unit_reporting` how many indicators each unit reported, for the
months a write touches (the maps, rankings and trends read them: at national scale, carrying 4 M figures
through the crosswalks cost 60-260 ms per question).
"""

from __future__ import annotations

from datetime import date

import duckdb

from core.missing import CARRY_MONTHS
from core.months import add_months
from warehouse.reader import sql


def run_statements(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, object]) -> None:
    """`warehouse/sql/<name>.sql`, statement by statement (DuckDB binds parameters in one statement at a
    time), each given the parameters it names."""
    for statement in filter(str.strip, sql(name).split(";\n")):
        used = {key: value for key, value in params.items() if f"${key}" in statement}
        con.execute(statement, used or None)


def after_upload(con: duckdb.DuckDBPyConnection, upload_id: int) -> None:
    """A new upload is the newest revision of each of its figures: it replaces what was current."""
    run_statements(con, "current_after_upload", {"upload_id": upload_id})
    _totals(con, _periods_of(con, upload_id))


def after_revert(con: duckdb.DuckDBPyConnection, upload_id: int) -> None:
    """A reverted upload's figures fall back to their newest revision that is not reverted (or to none)."""
    run_statements(con, "current_after_revert", {"upload_id": upload_id})
    _totals(con, _periods_of(con, upload_id))


def rebuild(con: duckdb.DuckDBPyConnection) -> None:
    """Every table from the revisions: once when a warehouse gains them, and after the sample is redone.
    The units' figures and the area totals are computed month by month, as a load does: all months at
    once took a national warehouse 1 GB more, and 100 s instead of 20."""
    run_statements(con, "current_rebuild", {})
    # Ranked a month at a time: the whole national history at once took 1.2 GB (DuckDB 2.0), and DuckDB
    # 1.5.5 ran out of memory under a limit, which also counts this transaction's own new rows.
    for (period,) in con.execute("SELECT DISTINCT period FROM observation ORDER BY period").fetchall():
        run_statements(con, "current_rank", {"periods": [period]})
    run_statements(con, "current_summarise", {"periods": None})
    for (period,) in con.execute("SELECT period FROM month_summary ORDER BY period").fetchall():
        run_statements(con, "current_units", {"periods": [period]})
        run_statements(con, "current_areas", {"periods": [period]})


def _totals(con: duckdb.DuckDBPyConnection, periods: list[date]) -> None:
    """What the figures of `periods` change: those months' summary and units' figures (carried through the
    crosswalks, which never cross months), and the province and district totals of those months and of
    the months their stocks are carried into (SPEC §8)."""
    if not periods:
        return
    run_statements(con, "current_summarise", {"periods": periods})
    run_statements(con, "current_units", {"periods": periods})
    reached = sorted({add_months(period, step) for period in periods for step in range(CARRY_MONTHS + 1)})
    run_statements(con, "current_areas", {"periods": reached})


def _periods_of(con: duckdb.DuckDBPyConnection, upload_id: int) -> list[date]:
    rows = con.execute("SELECT DISTINCT period FROM observation WHERE upload_id = ?", [upload_id]).fetchall()
    return [row[0] for row in rows]

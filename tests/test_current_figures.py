"""warehouse.current: the table of current figures that loads and reverts keep is always what ranking
every revision from scratch gives (issue 14), whatever the order of loads and reverts."""

from __future__ import annotations

import random
from datetime import date

import pandas as pd
import pytest

from core.access import operator
from etl.load import revert
from warehouse import connect, current, transaction
from warehouse.init import init_warehouse, upgrade
from warehouse.uploads import UploadMeta, record_upload, sha256_of

# Units of each map and months in which it was in force; 06682 became 06685 in 2024, 06655 of 2024 was
# divided between 06661 and 06706 of 2025, which also took in 06703 and 06700 (carried, estimates, partial).
UNITS = {
    "2020": ["06649", "06652", "06655", "06658", "06682"],
    "2024": ["06655", "06661", "06700", "06703", "06706"],
    "2025": ["06661", "06706"],
}
KPIS = ["dx_teams", "online_dossier_rate"]
MONTHS = {
    "2020": [date(2024, 1, 1), date(2024, 2, 1), date(2024, 3, 1), date(2024, 5, 1), date(2024, 9, 1)],
    "2024": [date(2024, 11, 1), date(2025, 1, 1)],
    "2025": [date(2025, 7, 1), date(2025, 8, 1)],
}

FROM_SCRATCH = """
SELECT period, edition, unit_code, kpi, upload_id, numerator, denominator, is_sample
FROM observation_revision WHERE newest_first = 1
"""
KEPT = "SELECT period, edition, unit_code, kpi, upload_id, numerator, denominator, is_sample FROM figure_current"
SUMMARY_FROM_SCRATCH = """
SELECT period, count(*) AS figures, count(*) FILTER (WHERE is_sample) AS sample_figures
FROM observation_revision WHERE newest_first = 1 GROUP BY period
"""


# The province's and districts' totals kept by the writes, and as the view computes them from scratch.
AREAS = """
SELECT period, kpi, coalesce(district_code, '-') AS district, whole_province, numerator, denominator, value,
       units_expected, units_reported, units_carried, complete
FROM {source}
"""


# The units' figures carried into each edition and their reporting counts, kept and from scratch.
UNIT_FIGURES = "SELECT edition, period, kpi, unit_code, numerator, denominator, estimate FROM {source}"
REPORTING_FROM_SCRATCH = """
SELECT edition, period, unit_code, count(DISTINCT kpi) AS indicators
FROM observation_revision WHERE newest_first = 1 GROUP BY edition, period, unit_code
"""
KEPT_REPORTING = "SELECT edition, period, unit_code, indicators FROM unit_reporting"


def _upload(con, rng: random.Random, number: int) -> int:
    """Some figures of some units of one map in one or two months, as a commune's report would carry."""
    edition = rng.choice(list(UNITS))
    months = rng.sample(MONTHS[edition], rng.choice([1, 2]))
    rows = [
        (month, edition, unit, kpi, float(rng.randint(1, 900)), 1000.0 if kpi != "dx_teams" else None)
        for month in months
        for unit in rng.sample(UNITS[edition], rng.randint(1, len(UNITS[edition])))
        for kpi in rng.sample(KPIS, rng.randint(1, len(KPIS)))
    ]
    figures = pd.DataFrame(rows, columns=["period", "edition", "unit_code", "kpi", "numerator", "denominator"])
    meta = UploadMeta(f"bao-cao-{number}.xlsx", "analyst", None, sha256_of(str(number).encode()))
    return record_upload(con, meta, figures)


def _same(con, kept: str, scratch: str) -> None:
    ours = con.execute(kept).df()
    truth = con.execute(scratch).df()
    key = ["period", "kpi", "district", "whole_province"] if "district" in ours.columns else list(ours.columns[:4])
    pd.testing.assert_frame_equal(
        ours.sort_values(key, ignore_index=True), truth.sort_values(key, ignore_index=True), check_dtype=False
    )


@pytest.mark.parametrize("seed", range(6))
def test_current_figures_follow_every_load_and_revert(empty_db, seed):
    rng = random.Random(seed)
    uploads: list[int] = []
    with connect(empty_db) as con:
        for step in range(14):
            if uploads and rng.random() < 0.35:
                revert(con, uploads.pop(rng.randrange(len(uploads))), operator("test"))
            else:
                uploads.append(_upload(con, rng, step))
            _same(con, KEPT, FROM_SCRATCH)
            _same(
                con, "SELECT period, figures, sample_figures FROM month_summary WHERE figures > 0", SUMMARY_FROM_SCRATCH
            )
            _same(con, AREAS.format(source="area_month"), AREAS.format(source="area_figures_live"))
            _same(con, UNIT_FIGURES.format(source="unit_month"), UNIT_FIGURES.format(source="unit_figures_live"))
            _same(con, KEPT_REPORTING, REPORTING_FROM_SCRATCH)


def test_a_failed_load_leaves_the_current_figures_as_they_were(empty_db):
    march = date(2024, 3, 1)
    figures = pd.DataFrame(
        [(march, "2020", "06649", "dx_teams", 5.0, None)],
        columns=["period", "edition", "unit_code", "kpi", "numerator", "denominator"],
    )
    with connect(empty_db) as con:
        record_upload(con, UploadMeta("a.xlsx", "analyst", None, "a"), figures)
        before = con.execute(KEPT).fetchall()
        with pytest.raises(RuntimeError), transaction(con):
            record_upload(con, UploadMeta("b.xlsx", "analyst", None, "b"), figures.assign(numerator=6.0))
            raise RuntimeError("the load fails after its figures are stored")
        assert con.execute(KEPT).fetchall() == before


def _uploads(con, seed: int, count: int) -> None:
    rng = random.Random(seed)
    for step in range(count):
        _upload(con, rng, step)


def test_an_older_warehouse_gains_its_current_figures_once(empty_db):
    with connect(empty_db) as con:
        _uploads(con, 1, 4)
        expected = con.execute(KEPT).df()
        con.execute("DELETE FROM figure_current")  # as a warehouse of schema 5 has it: revisions only
        con.execute("DELETE FROM month_summary")
        con.execute("UPDATE warehouse_info SET value = '5' WHERE key = 'schema_version'")
    upgrade(empty_db)
    with connect(empty_db, read_only=True) as con:
        assert len(con.execute(KEPT).df()) == len(expected)
        _same(con, "SELECT period, figures, sample_figures FROM month_summary", SUMMARY_FROM_SCRATCH)


def test_a_schema_7_warehouse_gains_its_units_figures_once(empty_db):
    with connect(empty_db) as con:
        _uploads(con, 2, 6)
        con.execute("DROP TABLE unit_month")  # as a warehouse of schema 7 has it: no units' figures kept
        con.execute("DROP TABLE unit_reporting")
        con.execute("UPDATE warehouse_info SET value = '7' WHERE key = 'schema_version'")
    upgrade(empty_db)
    with connect(empty_db, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM unit_month").fetchone()[0] > 0
        _same(con, UNIT_FIGURES.format(source="unit_month"), UNIT_FIGURES.format(source="unit_figures_live"))
        _same(con, KEPT_REPORTING, REPORTING_FROM_SCRATCH)


def test_new_reference_data_computes_the_kept_tables_again(empty_db):
    """`etl init` reloads the units and crosswalks: the units' figures and totals kept through the old
    ones are computed again (here the old ones gave a divided unit's parts other shares)."""
    with connect(empty_db) as con:
        _uploads(con, 4, 8)
        con.execute("UPDATE crosswalk SET share = share * 0.5 WHERE split")
        with transaction(con):
            current.rebuild(con)
        init_warehouse(con)
        _same(con, UNIT_FIGURES.format(source="unit_month"), UNIT_FIGURES.format(source="unit_figures_live"))
        _same(con, AREAS.format(source="area_month"), AREAS.format(source="area_figures_live"))


def test_rebuilding_gives_what_the_writes_kept(empty_db):
    with connect(empty_db) as con:
        _uploads(con, 7, 5)
        kept = con.execute(KEPT).df()
        with transaction(con):
            current.rebuild(con)
        rebuilt = con.execute(KEPT).df()
    key = list(kept.columns[:4])
    pd.testing.assert_frame_equal(kept.sort_values(key, ignore_index=True), rebuilt.sort_values(key, ignore_index=True))


def test_an_older_warehouse_loses_the_index_of_its_figures_and_keeps_them(empty_db):
    """Before schema 7 the figures had a primary key, whose index was most of a national file."""
    with connect(empty_db) as con:
        _uploads(con, 3, 4)
        figures = con.execute("SELECT * FROM observation ORDER BY ALL").fetchall()
        con.execute("ALTER TABLE observation RENAME TO observation_plain")
        con.execute(
            "CREATE TABLE observation (upload_id BIGINT NOT NULL, period DATE NOT NULL, edition VARCHAR NOT NULL,"
            " unit_code VARCHAR NOT NULL, kpi VARCHAR NOT NULL, numerator DOUBLE NOT NULL, denominator DOUBLE,"
            " PRIMARY KEY (upload_id, period, edition, unit_code, kpi))"
        )
        con.execute("INSERT INTO observation SELECT * FROM observation_plain")
        con.execute("DROP TABLE observation_plain")
        con.execute("UPDATE warehouse_info SET value = '6' WHERE key = 'schema_version'")
    upgrade(empty_db)
    with connect(empty_db, read_only=True) as con:
        keys = con.execute(
            "SELECT count(*) FROM duckdb_constraints()"
            " WHERE table_name = 'observation' AND constraint_type = 'PRIMARY KEY'"
        ).fetchone()[0]
        assert keys == 0
        assert con.execute("SELECT * FROM observation ORDER BY ALL").fetchall() == figures
        nullable = con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = 'observation' AND is_nullable"
        ).fetchall()
        assert nullable == [("denominator",)]

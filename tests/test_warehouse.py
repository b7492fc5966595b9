"""The warehouse on a temporary DuckDB file: schema, idempotent init, revisions, atomic writes."""

from datetime import date

import pandas as pd
import pytest

from core.errors import DxError
from warehouse import connect, resolve
from warehouse.init import init_warehouse
from warehouse.uploads import UploadMeta, mark_reverted, record_upload, sha256_of

SPEC_VIEW = [
    ("period", "DATE"),
    ("edition", "VARCHAR"),
    ("unit_code", "VARCHAR"),
    ("kpi", "VARCHAR"),
    ("numerator", "DOUBLE"),
    ("denominator", "DOUBLE"),
    ("value", "DOUBLE"),
]


def _meta(name: str = "report.xlsx") -> UploadMeta:
    return UploadMeta(file_name=name, uploaded_by="tester", file_bytes=b"x", sha256=sha256_of(b"x"))


def _figures(*rows: tuple) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["period", "edition", "unit_code", "kpi", "numerator", "denominator"])


@pytest.mark.parametrize(
    ("cli", "env", "expected"),
    [
        ("a.duckdb", "b.duckdb", "a.duckdb"),
        (None, "b.duckdb", "b.duckdb"),
        (None, None, "data/warehouse.duckdb"),
    ],
)
def test_resolve_path(monkeypatch, cli, env, expected):
    if env is None:
        monkeypatch.delenv("DX_WAREHOUSE", raising=False)
    else:
        monkeypatch.setenv("DX_WAREHOUSE", env)
    assert str(resolve(cli)) == expected


def test_observation_current_has_the_spec_columns(empty_db):
    with connect(empty_db, read_only=True) as con:
        columns = con.execute("DESCRIBE observation_current").fetchall()
    assert [(name, kind) for name, kind, *_ in columns] == SPEC_VIEW


def test_init_is_idempotent_and_keeps_figures(empty_db):
    with connect(empty_db) as con:
        record_upload(con, _meta(), _figures((date(2024, 3, 1), "2020", "06649", "dx_teams", 5.0, None)))
        init_warehouse(con)
        init_warehouse(con)
        units = dict(con.execute("SELECT edition, count(*) FROM unit GROUP BY ALL").fetchall())
        crosswalk = con.execute("SELECT count(*) FROM crosswalk").fetchone()[0]
        figures = con.execute("SELECT count(*) FROM observation_current").fetchone()[0]
    assert units == {"2020": 177, "2024": 171, "2025": 54}
    assert crosswalk == 177 + 184
    assert figures == 1


def test_rates_are_fractions_and_counts_have_no_denominator(empty_db):
    with connect(empty_db) as con:
        record_upload(
            con,
            _meta(),
            _figures(
                (date(2024, 3, 1), "2020", "06649", "online_dossier_rate", 754.0, 1000.0),
                (date(2024, 3, 1), "2020", "06649", "dx_teams", 7.0, None),
            ),
        )
        rows = con.execute("SELECT kpi, numerator, denominator, value FROM observation_current ORDER BY kpi").fetchall()
    assert rows == [("dx_teams", 7.0, None, 7.0), ("online_dossier_rate", 754.0, 1000.0, 0.754)]


def test_a_new_upload_is_a_revision_and_reverting_restores_the_old_one(empty_db):
    march = date(2024, 3, 1)
    with connect(empty_db) as con:
        first = record_upload(con, _meta("v1.xlsx"), _figures((march, "2020", "06649", "dx_teams", 5.0, None)))
        second = record_upload(con, _meta("v2.xlsx"), _figures((march, "2020", "06649", "dx_teams", 6.0, None)))
        assert second > first
        assert con.execute("SELECT value FROM observation_current").fetchall() == [(6.0,)]
        mark_reverted(con, second, "test")
        assert con.execute("SELECT value FROM observation_current").fetchall() == [(5.0,)]
        assert con.execute("SELECT count(*) FROM observation").fetchone()[0] == 2


def test_a_failed_upload_leaves_nothing_behind(empty_db):
    duplicate = (date(2024, 3, 1), "2020", "06649", "dx_teams", 5.0, None)
    with connect(empty_db) as con:
        with pytest.raises(DxError) as refused:
            record_upload(con, _meta(), _figures(duplicate, duplicate))
        assert refused.value.code == "upload_figure_twice" and "06649" in refused.value.message_en
        assert con.execute("SELECT count(*) FROM upload").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM observation").fetchone()[0] == 0


def test_upload_keeps_provenance(empty_db):
    with connect(empty_db) as con:
        upload_id = record_upload(con, _meta("Báo cáo T3.xlsx"), _figures())
        row = con.execute(
            "SELECT file_name, uploaded_by, sha256, o.file_bytes, uploaded_at IS NOT NULL"
            " FROM upload JOIN original AS o USING (sha256) WHERE upload_id = ?",
            [upload_id],
        ).fetchone()
    assert row == ("Báo cáo T3.xlsx", "tester", sha256_of(b"x"), b"x", True)


def test_the_same_file_uploaded_again_is_stored_once_and_exported_as_each_upload(empty_db, tmp_path):
    from warehouse.uploads import export_originals

    with connect(empty_db) as con:
        for name in ("T3.xlsx", "../../../etc/T3 lần 2.xlsx"):  # a name that tries to leave the folder
            record_upload(con, _meta(name), _figures())
        stored = con.execute("SELECT count(*), sum(octet_length(file_bytes)) FROM original").fetchone()
        files = export_originals(con, tmp_path / "originals")
    assert stored == (1, 1)
    assert [f.name for f in files] == ["1-T3.xlsx", "2-T3 lần 2.xlsx"]
    assert all(f.parent == tmp_path / "originals" and f.read_bytes() == b"x" for f in files)


def test_a_warehouse_of_an_older_version_is_upgraded_once_and_keeps_its_figures(sample_db):
    from core.missing import CARRY_MONTHS
    from warehouse.init import SCHEMA_VERSION, upgrade

    with connect(sample_db) as con:  # as version 1 left it: no rule, no province view
        figures = con.execute("SELECT count(*) FROM observation").fetchone()
        con.execute("DROP VIEW province_figures")
        con.execute("DELETE FROM warehouse_info WHERE key = 'carry_months'")
        con.execute("UPDATE warehouse_info SET value = '1' WHERE key = 'schema_version'")
    upgrade(sample_db)
    with connect(sample_db, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM observation").fetchone() == figures
        info = dict(con.execute("SELECT key, value FROM warehouse_info").fetchall())
        assert info["schema_version"] == SCHEMA_VERSION and info["carry_months"] == str(CARRY_MONTHS)
        assert con.execute("SELECT count(*) FROM province_figures").fetchone()[0] > 0
    before = sample_db.stat().st_mtime_ns
    upgrade(sample_db)  # up to date: nothing is written
    assert sample_db.stat().st_mtime_ns == before

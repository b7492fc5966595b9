"""A filled template loads with no mapping at all, for every edition."""

from __future__ import annotations

import json

import openpyxl
import pytest

from etl.__main__ import main as etl_main
from etl.load import build_context
from etl.pipeline import check_file
from tests.template_meta import read_meta
from warehouse import connect


@pytest.mark.parametrize(("period", "units"), [("2024-03", 177), ("2025-01", 171), ("2026-10", 54)])
def test_filled_template_loads_without_mapping(empty_db, tmp_path, period, units):
    out = tmp_path / f"mau_{period}.xlsx"
    assert etl_main(["template", "--db", str(empty_db), "--period", period, "--out", str(out)]) == 0
    meta = read_meta(out)
    book = openpyxl.load_workbook(out)
    sheet = book[meta.sheet]
    fill = {"denominator": 1000, "numerator": 900, "count": 7}
    for letter, meaning in meta.columns.items():
        role = meaning.split(":")[1]
        if role in fill:
            for row in range(meta.first_data_row, meta.last_data_row + 1):
                sheet[f"{letter}{row}"] = fill[role]
    book.save(out)
    with connect(empty_db, read_only=True) as con:
        result = check_file(out.read_bytes(), out.name, build_context(con))
    assert result.unrecognised_columns == []
    assert [f for f in result.findings if f.severity == "error"] == []
    assert f"{result.period:%Y-%m}" == period
    assert result.observations["unit_code"].nunique() == units
    assert set(result.observations["kpi"]) >= {"online_dossier_rate", "chip_id_coverage", "dx_teams"}
    assert {table.sheet for table in result.tables} == {meta.sheet}  # the hidden _meta sheet is not figures


def test_making_a_template_only_reads_the_warehouse(empty_db, tmp_path):
    """At national scale `etl init` would put Quảng Ninh's units back; a template must leave the file as it is."""
    before = empty_db.read_bytes()
    out = tmp_path / "mau.xlsx"
    assert etl_main(["template", "--db", str(empty_db), "--period", "2026-10", "--out", str(out)]) == 0
    assert out.stat().st_size > 0
    assert empty_db.read_bytes() == before


def test_no_template_from_a_warehouse_that_does_not_exist(tmp_path, capsys):
    missing = tmp_path / "none.duckdb"
    assert etl_main(["template", "--db", str(missing), "--period", "2026-10", "--out", str(tmp_path / "m.xlsx")]) != 0
    assert not missing.exists()


def test_a_blank_template_is_rejected_with_a_reason(empty_db, tmp_path, capsys):
    """Nothing filled in: rejected (exit 1), and the JSON says why instead of an empty issue list."""
    out = tmp_path / "mau_trong.xlsx"
    assert etl_main(["template", "--db", str(empty_db), "--period", "2026-10", "--out", str(out)]) == 0
    capsys.readouterr()
    assert etl_main(["load", str(out), "--db", str(empty_db), "--dry-run", "--json"]) == 1
    report = json.loads(capsys.readouterr().out.splitlines()[0])
    assert report["status"] == "rejected"
    assert [issue["code"] for issue in report["issues"]] == ["empty_report"]
    assert "chưa được điền" in report["issues"][0]["message"]

"""A province-wide report of every unit loads with no manual mapping, whatever its layout (issue 10,
item 1): district headings numbered I/1/I. or not at all, subtotal rows or none, the province total first
or last, two or three header rows, a numbers row of "(1)…", of "A B 1 2…" or none, codes or names."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from etl.load import build_context
from etl.pipeline import CheckResult, check_file
from tests import corpus_province
from tests.corpus import CorpusFile
from warehouse import connect


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, CorpusFile]:
    return corpus_province.province_layouts(tmp_path_factory.mktemp("province"))


@pytest.fixture(scope="module")
def context(empty_db_template: Path):
    with connect(empty_db_template, read_only=True) as con:
        yield build_context(con)


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame[["unit_code", "kpi", "numerator", "denominator"]]
    return frame.sort_values(["unit_code", "kpi"], ignore_index=True).astype({"numerator": float, "denominator": float})


def _check(file: CorpusFile, context) -> CheckResult:
    return check_file(file.path.read_bytes(), file.path.name, context)


@pytest.mark.parametrize("key", list(corpus_province.LAYOUTS))
def test_every_figure_of_every_unit_is_read_exactly(files, context, key):
    file = files[key]
    result = _check(file, context)
    assert [f.code for f in result.findings if f.severity == "error"] == []
    assert f"{result.period:%Y-%m}" == file.period
    assert result.unrecognised_columns == []
    pd.testing.assert_frame_equal(_sorted(result.observations), _sorted(file.expected()))


@pytest.mark.parametrize("key", list(corpus_province.LAYOUTS))
def test_each_row_is_its_own_unit_and_headings_and_totals_are_no_unit(files, context, key):
    file = files[key]
    result = _check(file, context)
    matched = {row.at.row: row.unit.code for table in result.tables for row in table.rows if row.unit is not None}
    assert matched == {row: code for code, (_, row) in file.unit_rows.items()}
    # A whole-province file: nothing missing, no unit questioned, no district heading read as a unit.
    assert {f.code for f in result.findings} & {
        "missing_unit",
        "partial_report",
        "unknown_unit",
        "ambiguous_unit",
    } == set()

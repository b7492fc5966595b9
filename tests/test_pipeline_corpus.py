"""Every realistic report of the corpus through the whole check, with exact expected figures."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from etl.headers import Role
from etl.load import build_context
from etl.pipeline import CheckResult, check_file
from tests import corpus
from warehouse import connect

CLEAN = [
    "free_form",
    "vocabulary_hanh_chinh",
    "vocabulary_can_cuoc",
    "vocabulary_to_dan_pho",
    "percent_and_text",
    "long_layout",
    "legacy_xls",
    "ods",
    "multi_sheet",
]


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, corpus.CorpusFile]:
    return corpus.write_all(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def context(empty_db_template: Path):
    with connect(empty_db_template, read_only=True) as con:
        yield build_context(con)


def _check(file: corpus.CorpusFile, context) -> CheckResult:
    return check_file(file.path.read_bytes(), file.path.name, context)


def _figures(result: CheckResult) -> pd.DataFrame:
    frame = result.observations[["unit_code", "kpi", "numerator", "denominator"]]
    return frame.sort_values(["unit_code", "kpi"], ignore_index=True).astype({"numerator": float, "denominator": float})


def _expected(file: corpus.CorpusFile) -> pd.DataFrame:
    frame = file.expected()[["unit_code", "kpi", "numerator", "denominator"]]
    return frame.sort_values(["unit_code", "kpi"], ignore_index=True).astype({"numerator": float, "denominator": float})


def _errors(result: CheckResult) -> list:
    return [f for f in result.findings if f.severity == "error"]


def _keys(files, prefix):
    return [key for key in files if key.startswith(prefix)]


@pytest.mark.parametrize("key", CLEAN)
def test_clean_reports_give_exact_figures(files, context, key):
    file = files[key]
    result = _check(file, context)
    assert _errors(result) == [], [f.message_en for f in _errors(result)]
    assert f"{result.period:%Y-%m}" == file.period
    pd.testing.assert_frame_equal(_figures(result), _expected(file))


def test_csv_variants_give_the_same_figures(files, context):
    keys = _keys(files, "csv_")
    assert len(keys) >= 4
    for key in keys:
        file = files[key]
        result = _check(file, context)
        assert _errors(result) == [], (key, [f.message_en for f in _errors(result)])
        pd.testing.assert_frame_equal(_figures(result), _expected(file), obj=key)


def test_period_lines_sheet_names_and_file_names(files, context):
    keys = [key for key in _keys(files, "period_") if not key.startswith("period_column_")]
    assert len(keys) >= 4
    for key in keys:
        result = _check(files[key], context)
        assert f"{result.period:%Y-%m}" == files[key].period, key


def test_bad_file_reports_every_planted_error_at_its_cell(files, context):
    file = files["bad"]
    result = _check(
        file,
        context,
    )
    # A file that names no month stops at the period: checked with the month given, as an analyst would.
    assert [f.code for f in result.findings] == ["missing_period"]
    from datetime import date

    result = check_file(file.path.read_bytes(), file.path.name, context, period=date(2024, 3, 1))
    found = {(f.code, f.sheet, f.row, f.column) for f in result.findings}
    names = {"non_numeric": "not_a_number", "other_edition": "other_edition_unit"}
    for issue in file.issues:
        if issue.kind == "missing_period":
            continue
        code = names.get(issue.kind, issue.kind)
        if issue.kind == "missing_unit":
            assert any(f.code == "missing_unit" and issue.unit_code in f.message_vi for f in result.findings)
            continue
        assert (code, issue.sheet, issue.row, issue.column) in found, (issue, sorted(found))
    # A mistake in one figure leaves out that figure only; the unit's other figures are valid and kept.
    planted = {(i.unit_code, i.column) for i in file.issues if i.kind not in ("duplicate_unit", "unknown_unit")}
    planted = {(code, column) for code, column in planted if code and column}
    figure_level = {code for code, _ in planted}
    assert set(result.observations["unit_code"]) == set(file.units) | figure_level
    assert file.notes["duplicate"] not in set(result.observations["unit_code"])  # which row is right is unknown
    columns = {letter: key for key, letter in ((k, corpus.column_letter(c)) for k, c in file.columns.items())}
    loaded = set(zip(result.observations["unit_code"], result.observations["kpi"], strict=True))
    for code, column in planted:
        assert (code, columns[column].split(".")[0]) not in loaded, (code, column)


def test_ambiguous_names_are_settled_by_district_or_prefix_and_reported_bare(files, context):
    for key in _keys(files, "names_"):
        file = files[key]
        result = _check(file, context)
        ambiguous = [f for f in result.findings if f.code == "ambiguous_unit"]
        expected = [i for i in file.issues if i.kind == "ambiguous_unit"]
        assert len(ambiguous) == len(expected), key
        for issue in expected:
            assert any(f.row == issue.row and f.column == issue.column for f in ambiguous), (key, issue)
        loaded = set(result.observations["unit_code"])
        assert loaded == set(file.units), key


def test_names_of_another_edition_are_reported_with_it(files, context):
    result = _check(files["other_edition"], context)
    other = [f for f in result.findings if f.code == "other_edition_unit"]
    assert other and all("2020" in f.message_en and "2025" in f.message_en for f in other)


def test_a_full_province_report_is_checked_quickly(files, context, benchmark_print=print):
    import time

    started = time.perf_counter()
    _check(files["free_form"], context)
    benchmark_print(f"free-form 177-unit report checked in {time.perf_counter() - started:.2f} s")


PERIOD_COLUMN = ["ky_bao_cao", "ky_bao_cao_words", "period_iso", "date_cells"]


@pytest.mark.parametrize("variant", PERIOD_COLUMN)
def test_a_period_column_names_the_month_of_a_file_that_says_it_nowhere_else(files, context, variant):
    file = files[f"period_column_{variant}"]
    result = _check(file, context)
    assert result.period is not None and f"{result.period:%Y-%m}" == file.period
    assert _errors(result) == []
    assert not [f for f in result.findings if f.code == "unrecognised_column"]  # the column is bookkeeping
    pd.testing.assert_frame_equal(_figures(result), _expected(file))


def test_a_period_column_naming_two_months_loads_nothing(files, context):
    result = _check(files["period_column_two_months"], context)
    assert [f.code for f in _errors(result)] == ["period_conflict"]
    assert result.period is None and result.observations.empty


VOCABULARIES = ["vocabulary_hanh_chinh", "vocabulary_can_cuoc", "vocabulary_to_dan_pho"]


@pytest.mark.parametrize("key", VOCABULARIES)
def test_every_column_of_a_vocabulary_is_read_as_what_it_is(files, context, key):
    """No manual mapping: each header, read with its group header, is the figure the report means, and the
    shared population columns are the denominators of every indicator that counts against them."""
    file = files[key]
    result = _check(file, context)
    assert result.unrecognised_columns == []
    read = {(c["column"], c["kpi"], c["role"]) for c in result.recognised_columns}
    expected = set()
    for name, col in file.columns.items():
        kpi, _, part = name.partition(".")
        if kpi in corpus.indicators()["kpi"].tolist():
            expected.add((corpus.column_letter(col), kpi, part or "count"))
    assert read == expected


# Whole-table reading (issue 10, item 2): the columns each variant leaves for the analyst to choose, and
# the indicators that therefore load nothing.
ASKED = {"dossier_levels": {"C", "D", "E", "F"}, "joint_id_rate": {"F"}}
LEFT_OUT = {"dossier_levels": {"online_dossier_rate"}}
# Columns that are no figure of an indicator ("Trong đó: toàn trình / một phần") and are reported as such.
NOT_FIGURES = {"dossier_parts": {"D", "E"}}


def _expected_reading(key: str) -> set[tuple[str, str, str]]:
    """(column letter, kpi, role) the variant's columns are, less those the analyst is asked about."""
    kpis = corpus.indicators()["kpi"].tolist()
    reading = set()
    for index, column in enumerate(corpus.WHOLE_TABLE[key]):
        kpi, _, part = column.key.partition(".")
        letter = corpus.column_letter(index)
        if kpi not in kpis or part in corpus.ONLINE_PARTS or letter in ASKED.get(key, set()):
            continue
        reading.add((letter, kpi, part or "count"))
        if part == "denominator":  # the citizens aged 14+ are counted against both ID indicators
            reading |= {(letter, other, part) for other, owner in corpus.SHARED_DENOMINATOR.items() if owner == kpi}
    return reading


@pytest.mark.parametrize("key", sorted(corpus.WHOLE_TABLE))
def test_the_whole_table_settles_what_each_column_holds(files, context, key):
    file = files[f"whole_table_{key}"]
    result = _check(file, context)
    assert _errors(result) == [], [f.message_en for f in _errors(result)]
    expected = _expected(file)
    expected = expected[~expected["kpi"].isin(LEFT_OUT.get(key, set()))].reset_index(drop=True)
    pd.testing.assert_frame_equal(_figures(result), expected)
    read = {(c["column"], c["kpi"], c["role"]) for c in result.recognised_columns}
    assert read == _expected_reading(key)
    rows = {(r.at.sheet, r.at.row): r.unit.code for t in result.tables for r in t.rows if r.unit is not None}
    assert {code: rows.get(place) for code, place in file.unit_rows.items()} == {c: c for c in file.unit_rows}
    asked = ASKED.get(key, set())
    unsure = {corpus.column_letter(c.index) for c in result.unrecognised_columns if c.unsure}
    assert unsure == asked
    flagged = {f.column for f in result.findings if f.code == "unrecognised_column"}
    assert flagged == asked | NOT_FIGURES.get(key, set())
    # Nothing is guessed: no figure is read from a column the analyst is asked about.
    assert not [f for t in result.tables for f in t.figures if corpus.column_letter(f.at.col) in asked]


def test_an_asked_column_is_ranked_by_its_candidates(files, context):
    result = _check(files["whole_table_joint_id_rate"], context)
    (column,) = result.unrecognised_columns
    assert {c.role for c in column.candidates[:2]} == {
        Role("chip_id_coverage", "rate"),
        Role("eid_level2_rate", "rate"),
    }


def test_the_analysts_mapping_settles_an_asked_column(files, context):
    file = files["whole_table_joint_id_rate"]
    (column,) = _check(file, context).unrecognised_columns
    mapped = replace(context, column_mapping={column.key: [Role("eid_level2_rate", "rate")]})
    result = _check(file, mapped)
    assert result.unrecognised_columns == []
    assert ("F", "eid_level2_rate", "rate") in {(c["column"], c["kpi"], c["role"]) for c in result.recognised_columns}
    assert _errors(result) == []
    pd.testing.assert_frame_equal(_figures(result), _expected(file))


def test_the_analysts_mapping_outranks_a_better_header(files, context):
    """Mapped by hand to the villages with a team, "Số tổ đã thành lập" holds them, and the column whose
    header says so better is left unread rather than read twice."""
    file = files["whole_table_teams_in_villages"]
    teams = next(c for c in _check(file, context).tables[0].columns if c.header == "Số tổ đã thành lập")
    mapped = replace(context, column_mapping={teams.key: [Role("village_team_coverage", "numerator")]})
    result = _check(file, mapped)
    holders = [c["column"] for c in result.recognised_columns if c["role"] == "numerator"]
    assert holders == ["D"]
    assert [corpus.column_letter(c.index) for c in result.unrecognised_columns] == ["E"]

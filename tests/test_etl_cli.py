"""`python -m etl load/history/revert` as SPEC §5 describes them: JSON report, exit statuses, no partial writes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from core.access import operator
from etl.__main__ import main as etl_main
from tests.conftest import REPO, Ran, run_main
from tests.test_upload_page import report
from warehouse import connect
from warehouse.accounts import add_account


@pytest.fixture(autouse=True)
def analyst_an(empty_db: Path) -> None:
    """The account `--user an` names: an analyst of the whole province."""
    with connect(empty_db) as con:
        add_account(con, operator("test"), "an", "analyst", None, "a long enough phrase")


def etl(*args: str) -> Ran:
    return run_main(etl_main, *args)


def _json_lines(done: Ran) -> list[dict]:
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "bao_cao.xlsx"
    path.write_bytes(report())
    return path


@pytest.fixture
def bad(tmp_path: Path) -> Path:
    path = tmp_path / "co_loi.xlsx"
    path.write_bytes(report(bac_son="Bắc Sơn"))  # ambiguous name: an error
    return path


def test_load_reports_json_and_exits_0(empty_db, good):
    done = etl("load", str(good), "--db", str(empty_db), "--json", "--user", "an")
    assert done.returncode == 0, done.stderr
    (result,) = _json_lines(done)
    assert set(result) >= {"status", "upload_id", "period", "edition", "rows", "issues"}
    assert result["status"] == "loaded" and result["upload_id"] == 1
    assert result["period"] == "2024-03" and result["edition"] == "2020"
    assert result["rows"] == {"loaded": 9, "rejected": 0}  # 3 units × 3 indicators
    for issue in result["issues"]:
        assert set(issue) == {"severity", "sheet", "row", "column", "code", "message"}
        assert issue["severity"] in ("error", "warning")


def test_a_rejected_file_leaves_the_warehouse_byte_for_byte(empty_db, bad):
    before = empty_db.read_bytes()
    done = etl("load", str(bad), "--db", str(empty_db), "--json")
    assert done.returncode == 1
    (result,) = _json_lines(done)
    assert result["status"] == "rejected" and result["upload_id"] is None
    error = next(i for i in result["issues"] if i["severity"] == "error")
    assert (error["sheet"], error["row"], error["column"], error["code"]) == ("BC", 10, "B", "ambiguous_unit")
    assert "Bắc Sơn" in error["message"]
    assert empty_db.read_bytes() == before


def test_dry_run_validates_and_changes_nothing(empty_db, good):
    before = empty_db.read_bytes()
    done = etl("load", str(good), "--db", str(empty_db), "--dry-run", "--json")
    assert done.returncode == 0
    assert _json_lines(done)[0]["status"] == "valid"
    assert empty_db.read_bytes() == before


def test_skip_invalid_loads_the_valid_rows_and_records_it(empty_db, bad):
    done = etl("load", str(bad), "--db", str(empty_db), "--json", "--skip-invalid", "--user", "an")
    assert done.returncode == 0
    (result,) = _json_lines(done)
    assert result["status"] == "loaded" and result["rows"]["loaded"] == 6  # Bắc Sơn left out
    history = json.loads(etl("history", "--db", str(empty_db), "--json").stdout)
    assert history[0]["skip_invalid"] is True


def test_several_files_exit_1_when_any_is_rejected(empty_db, good, bad):
    done = etl("load", str(good), str(bad), "--db", str(empty_db), "--json", "--user", "an")
    assert done.returncode == 1
    assert [r["status"] for r in _json_lines(done)] == ["loaded", "rejected"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--period", "2024/03"], "YYYY-MM"),
        (["--edition", "2019"], "invalid choice"),
    ],
)
def test_usage_errors_exit_2(empty_db, good, args, message):
    done = etl("load", str(good), "--db", str(empty_db), *args)
    assert done.returncode == 2
    assert message in done.stderr


def test_an_unreadable_file_exits_2_with_a_message(empty_db, tmp_path):
    junk = tmp_path / "rac.xlsx"
    junk.write_bytes(b"\x00\x01\x02 this is not a workbook")
    done = etl("load", str(junk), "--db", str(empty_db), "--json")
    assert done.returncode == 2
    assert _json_lines(done)[0]["issues"][0]["code"] == "unreadable"


def test_period_option_wins_and_other_edition_is_refused(empty_db, good):
    done = etl("load", str(good), "--db", str(empty_db), "--json", "--period", "2025-08", "--dry-run")
    (result,) = _json_lines(done)
    assert result["period"] == "2025-08" and result["edition"] == "2025"
    codes = {i["code"] for i in result["issues"] if i["severity"] == "error"}
    assert "other_edition_unit" in codes  # 2020 wards are not units of the 2025 map
    assert done.returncode == 1


def test_reupload_is_a_new_revision_and_revert_restores_the_old_one(empty_db, tmp_path, good):
    assert etl("load", str(good), "--db", str(empty_db), "--user", "an").returncode == 0
    changed = tmp_path / "bao_cao_sua.xlsx"
    changed.write_bytes(report())  # the same month again: a new revision, once confirmed
    refused = etl("load", str(changed), "--db", str(empty_db), "--user", "an", "--json")
    assert refused.returncode == 1
    (result,) = _json_lines(refused)
    assert result["status"] == "rejected"
    assert {"already_loaded_file", "already_loaded_month"} & {i["code"] for i in result["issues"]}
    assert etl("load", str(changed), "--db", str(empty_db), "--user", "an", "--force").returncode == 0
    history = json.loads(etl("history", "--db", str(empty_db), "--json").stdout)
    assert [h["upload_id"] for h in history] == [2, 1]
    assert [h["figures_current"] for h in history] == [9, 0]
    assert etl("revert", "2", "--db", str(empty_db)).returncode == 0
    history = json.loads(etl("history", "--db", str(empty_db), "--json").stdout)
    assert [h["figures_current"] for h in history] == [0, 9]
    assert etl("revert", "2", "--db", str(empty_db)).returncode == 2  # already reverted


def test_python_m_etl_load_runs_as_a_process(empty_db, good):
    """The one run through the interpreter: `python -m etl` wires `main` to the exit status."""
    done = subprocess.run(
        [sys.executable, "-m", "etl", "load", str(good), "--db", str(empty_db), "--json", "--user", "an"],
        cwd=REPO, capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["status"] == "loaded"


def test_skip_invalid_leaves_out_the_invalid_figure_only(empty_db, tmp_path):
    wrong = tmp_path / "sai_mot_o.xlsx"
    wrong.write_bytes(report(ha_khanh_online=1200))  # more online dossiers than dossiers: one figure wrong
    done = etl("load", str(wrong), "--db", str(empty_db), "--json", "--skip-invalid", "--user", "an")
    (result,) = _json_lines(done)
    assert result["status"] == "loaded" and result["rows"] == {"loaded": 8, "rejected": 1}
    with duckdb.connect(str(empty_db), read_only=True) as con:
        kept = con.execute("SELECT kpi FROM observation_current WHERE unit_code = '06649' ORDER BY kpi").fetchall()
    assert kept == [("dx_team_members",), ("dx_teams",)]  # Hà Khánh's teams stay; its dossiers do not


def test_english_findings_name_indicators_and_numbers_the_english_way(empty_db, tmp_path):
    wrong = tmp_path / "sai_mot_o.xlsx"
    wrong.write_bytes(report(ha_khanh_online=1200))
    done = etl("load", str(wrong), "--db", str(empty_db), "--json", "--dry-run", "--lang", "en")
    (issue,) = [i for i in _json_lines(done)[0]["issues"] if i["code"] == "numerator_above_denominator"]
    assert "Share of administrative dossiers received online" in issue["message"]
    assert "1,200" in issue["message"] and "1,000" in issue["message"]


def test_the_report_says_which_column_was_read_as_which_figure(empty_db, good):
    done = etl("load", str(good), "--db", str(empty_db), "--json", "--dry-run")
    columns = {(c["column"], c["kpi"], c["role"]) for c in _json_lines(done)[0]["columns"]}
    assert columns == {
        ("C", "online_dossier_rate", "denominator"),
        ("D", "online_dossier_rate", "numerator"),
        ("E", "online_dossier_rate", "rate"),
        ("F", "dx_teams", "count"),
        ("G", "dx_team_members", "count"),
    }


def test_the_same_file_again_is_recognised_and_needs_force(empty_db, good):
    assert etl("load", str(good), "--db", str(empty_db), "--user", "an").returncode == 0
    again = etl("load", str(good), "--db", str(empty_db), "--user", "an", "--json")
    (result,) = _json_lines(again)
    assert again.returncode == 1 and result["upload_id"] is None
    (issue,) = [i for i in result["issues"] if i["code"] == "already_loaded_file"]
    assert "#1" in issue["message"]
    history = json.loads(etl("history", "--db", str(empty_db), "--json").stdout)
    assert [h["upload_id"] for h in history] == [1]  # nothing was written


def test_a_district_report_says_once_what_it_covers(empty_db, good):
    done = etl("load", str(good), "--db", str(empty_db), "--json", "--dry-run", "--lang", "en")
    issues = _json_lines(done)[0]["issues"]
    (coverage,) = [i for i in issues if i["code"] == "partial_report"]
    # Hà Khánh and Hà Phong are wards of Hạ Long, Phường Bắc Sơn a ward of Uông Bí.
    assert "Thành phố Hạ Long" in coverage["message"] and "Thành phố Uông Bí" in coverage["message"]
    with duckdb.connect(str(empty_db), read_only=True) as con:
        (covered,) = con.execute(
            "SELECT count(*) FROM unit WHERE edition = '2020' AND district_name IN (?, ?)",
            ["Thành phố Hạ Long", "Thành phố Uông Bí"],
        ).fetchone()
    missing = [i for i in issues if i["code"] == "missing_unit"]
    assert len(missing) == covered - 3  # their own units not in the file, not the rest of the province


def test_a_reader_that_stops_reading_ends_the_command_quietly(sample_db_template):
    """`etl history --json | head`: the pipe is closed before the command writes; no traceback follows."""
    command = [sys.executable, "-m", "etl", "history", "--json", "--db", str(sample_db_template)]
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # the reader is gone before the command has started
    errors = process.stderr.read().decode()
    assert process.wait(timeout=60) == 141 and "Traceback" not in errors and "BrokenPipe" not in errors, errors

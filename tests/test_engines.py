"""The project's own code on a DuckLake whose catalog is a real PostgreSQL (marker `lake`; the server and
the extensions come from tests/lake.py): the commands of SPEC §5 with `--db ducklake:postgres:…`, a
warehouse moved in with `etl migrate`, every page question giving the embedded file's answer, loads and
reverts, two machines loading at once while a third reads, and the pages through AppTest."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pandas as pd
import pytest

from core.access import operator
from etl.__main__ import main as etl_main
from tests.conftest import REPO
from tests.test_upload_page import monthly_reports, report
from warehouse import Lake, connect, engine, resolve, version
from warehouse.audit import verify
from warehouse.backup import backup, check
from warehouse.migrate import migrate
from warehouse.reader import ConnectionReader

pytestmark = pytest.mark.lake


@pytest.fixture
def lake(lake_extensions: object, lake_catalog: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The address of a new, empty DuckLake (its data path in $DX_LAKE_DATA, as a deployment sets it)."""
    monkeypatch.setenv(engine.DATA_VARIABLE, str(tmp_path / "lake-data"))
    return engine.LAKE_PREFIX + lake_catalog


@pytest.fixture
def sample_lake(lake: str, sample_db_template: Path) -> str:
    """The sample warehouse, moved into a new lake."""
    migrate(sample_db_template, resolve(lake), operator("test"))
    return lake


def _env(lake: str) -> dict[str, str]:
    return {**os.environ, "DX_WAREHOUSE": lake}


def _etl(*args: str, lake: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "etl", *args], cwd=REPO, env=_env(lake), capture_output=True, text=True, timeout=300
    )


def test_an_address_names_a_lake_and_its_data_path(lake: str) -> None:
    where = resolve(lake)
    assert isinstance(where, Lake) and where.data_path and where.data_path.endswith("lake-data")
    assert where.address == lake and "password=***" in str(where)  # messages never show the password
    assert where.catalog.split("password=")[1].split()[0] not in str(where)


def test_init_on_a_lake_is_idempotent_and_stores_the_reference_data(lake: str) -> None:
    assert etl_main(["init", "--db", lake]) == 0
    assert etl_main(["init", "--db", lake]) == 0
    with connect(resolve(lake), read_only=True) as con:
        reader = ConnectionReader(con)
        assert reader.unit_count("2020") == 177 and reader.unit_count("2025") == 54
        assert len(reader.boundaries("2025")) == 54  # the shipped boundaries, imported and audited
        assert verify(con).broken_at is None


def test_a_new_lake_without_a_data_path_is_refused_plainly(lake: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(engine.DATA_VARIABLE)
    done = _etl("init", lake=lake)
    assert done.returncode == 2, done.stderr
    assert "DX_LAKE_DATA" in done.stderr and "Traceback" not in done.stderr


def test_every_page_question_gives_the_files_answer_on_a_migrated_lake(
    sample_lake: str, sample_db_template: Path
) -> None:
    with connect(sample_db_template, read_only=True) as file_con, connect(resolve(sample_lake)) as lake_con:
        on_file, on_lake = ConnectionReader(file_con), ConnectionReader(lake_con)
        months = on_file.periods()
        assert on_lake.periods() == months and len(months) > 12
        questions = [
            ("uploads", ()),
            ("province_by_month", (months[-3:],)),
            ("province_series", ("dvc_online_rate",)),
            ("district_series", ("dvc_online_rate",)),
            ("unit_figures", ("2025", months[-3:])),
            ("unit_series", ("2025", "dvc_online_rate")),
            ("reporting_by_month", ("2025",)),
            ("recent_figures", (months[-1],)),
            ("all_units", ()),
            ("indicators", ()),
        ]
        for name, args in questions:
            expected, got = getattr(on_file, name)(*args), getattr(on_lake, name)(*args)
            pd.testing.assert_frame_equal(_sorted(got), _sorted(expected), check_dtype=False, obj=name)
        assert verify(lake_con).broken_at is None  # the copied trail and the move's own entry


def test_a_load_and_its_revert_on_a_lake(sample_lake: str, tmp_path: Path) -> None:
    where = resolve(sample_lake)
    march = "SELECT * FROM observation_current WHERE period = DATE '2024-03-01' ORDER BY ALL"
    with connect(where, read_only=True) as con:
        figures_before, before = con.execute(march).df(), version(where)
    file = tmp_path / "bao_cao.xlsx"
    file.write_bytes(report(ha_khanh_online=1))
    done = _etl("load", str(file), "--period", "2024-03", "--json", "--force", lake=sample_lake)
    assert done.returncode == 0, done.stderr
    loaded = json.loads(done.stdout.splitlines()[-1])
    assert loaded["status"] == "loaded" and loaded["rows"]["loaded"] > 0
    assert version(where) > before  # the pages' cache sees the new snapshot
    with connect(where, read_only=True) as con:
        assert ConnectionReader(con).uploads()["upload_id"].max() == loaded["upload_id"]
        rows = con.execute("SELECT count(*) FROM observation WHERE upload_id = ?", [loaded["upload_id"]]).fetchone()
        assert rows == (loaded["rows"]["loaded"],)
        assert not con.execute(march).df().equals(figures_before)  # the new revision is current
    undone = _etl("revert", str(loaded["upload_id"]), lake=sample_lake)
    assert undone.returncode == 0, undone.stderr
    with connect(where, read_only=True) as con:
        pd.testing.assert_frame_equal(con.execute(march).df(), figures_before)  # the earlier revision again
        assert verify(con).broken_at is None


def test_two_machines_load_at_once_while_a_third_reads_and_nothing_is_lost(sample_lake: str, tmp_path: Path) -> None:
    where = resolve(sample_lake)
    with connect(where, read_only=True) as con:
        uploads_before = len(ConnectionReader(con).uploads())
    files = monthly_reports(tmp_path, 4)
    torn: list[str] = []
    reads = 0
    stop = threading.Event()

    def read_while_loading() -> None:  # a reader never sees an upload without its figures
        nonlocal reads
        while not stop.is_set():
            with connect(where, read_only=True) as con:
                half = con.execute(
                    "SELECT u.upload_id FROM upload AS u LEFT JOIN observation AS o USING (upload_id)"
                    " GROUP BY u.upload_id HAVING count(o.upload_id) = 0"
                ).fetchall()
            torn.extend(str(row[0]) for row in half)
            reads += 1

    reader = threading.Thread(target=read_while_loading)
    reader.start()
    try:  # two "machines": processes of their own, each with its own DuckDB attached to the lake
        loaders = [
            subprocess.Popen(
                [sys.executable, "-m", "etl", "load", str(a), str(b), "--period", period, "--json", "--force"],
                cwd=REPO,
                env=_env(sample_lake),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for (a, period), (b, _) in ((files[0], files[1]), (files[2], files[3]))
        ]
        outputs = [loader.communicate(timeout=300) for loader in loaders]
    finally:
        stop.set()
        reader.join()
    for loader, (_, err) in zip(loaders, outputs, strict=True):
        assert loader.returncode == 0, err
    results = [json.loads(line) for out, _ in outputs for line in out.splitlines() if line.startswith("{")]
    ids = [result["upload_id"] for result in results]
    assert len(ids) == 4 and len(set(ids)) == 4  # four uploads, four ids: none given twice
    assert reads > 0 and not torn
    with connect(where, read_only=True) as con:
        assert len(ConnectionReader(con).uploads()) == uploads_before + 4
        for result in results:
            rows = con.execute("SELECT count(*) FROM observation WHERE upload_id = ?", [result["upload_id"]]).fetchone()
            assert rows == (result["rows"]["loaded"],)
        assert verify(con).broken_at is None  # the audit chain did not fork


def test_a_lake_backs_up_into_a_checked_file(sample_lake: str, tmp_path: Path) -> None:
    out = tmp_path / "copy.duckdb"
    summary = backup(resolve(sample_lake), out)
    assert summary == check(out) and summary.figures > 60_000 and summary.uploads > 0


def test_migrate_refuses_a_lake_that_already_holds_uploads(sample_lake: str, sample_db_template: Path) -> None:
    done = _etl("migrate", "--db", str(sample_db_template), "--to", sample_lake, lake=sample_lake)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    with connect(resolve(sample_lake), read_only=True) as con:
        assert verify(con).broken_at is None


def test_the_pages_read_a_lake(sample_lake: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("DX_WAREHOUSE", sample_lake)
    app = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    app.run()
    assert not app.exception
    charts = [element for element in app.get("plotly_chart")]
    assert charts, "the overview draws its charts from the lake"
    for page in ("views/map.py", "views/trends.py", "views/completeness.py"):
        app.switch_page(page).run()
        assert not app.exception, page


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.reset_index(drop=True)
    return frame.sort_values(list(frame.columns)).reset_index(drop=True) if len(frame.columns) else frame


def test_compact_merges_a_lakes_files_and_keeps_its_answers(sample_lake: str, tmp_path: Path) -> None:
    where = resolve(sample_lake)
    for month in ("2024-01", "2024-02"):  # every load adds a snapshot and files
        file = tmp_path / f"bao_cao_{month}.xlsx"
        file.write_bytes(report())
        assert _etl("load", str(file), "--period", month, "--force", lake=sample_lake).returncode == 0
    with connect(where, read_only=True) as con:
        before = con.execute("SELECT * FROM observation_current ORDER BY ALL").df()
    done = _etl("compact", "--keep-days", "0", lake=sample_lake)
    assert done.returncode == 0, done.stderr
    with connect(where, read_only=True) as con:
        pd.testing.assert_frame_equal(con.execute("SELECT * FROM observation_current ORDER BY ALL").df(), before)
        info = "SELECT sum(file_count + delete_file_count) FROM ducklake_table_info('warehouse')"
        files = con.execute(info).fetchone()
        assert verify(con).broken_at is None
    numbers = [int(word) for word in done.stdout.split() if word.isdigit()]
    assert files is not None and numbers[1] == files[0] < numbers[0]  # fewer files than before, as said

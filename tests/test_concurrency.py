"""Many hands at once (issue 12): loaders in several processes and a reader while they write. Each load
lands, or is refused with a translated "busy" in its JSON; reads never fail because a write is on."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import duckdb

from tests.conftest import REPO
from tests.test_upload_page import monthly_reports, report
from warehouse import WarehouseBusy, connect
from warehouse.reader import ConnectionReader

LOADERS = 4


def test_loaders_in_several_processes_and_a_reader_all_get_their_answer(empty_db: Path, tmp_path: Path):
    files = monthly_reports(tmp_path, LOADERS)
    read_errors: list[str] = []
    reads = 0
    done = threading.Event()

    def read_while_loading() -> None:
        nonlocal reads
        while not done.is_set():
            try:
                with connect(empty_db, read_only=True) as con:
                    ConnectionReader(con).uploads()
                reads += 1
            except WarehouseBusy:
                reads += 1  # a translated "busy" after a bounded wait is an answer, not a crash
            except Exception as error:
                read_errors.append(repr(error))

    reader = threading.Thread(target=read_while_loading)
    reader.start()
    loaders = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "etl",
                "load",
                str(path),
                "--db",
                str(empty_db),
                "--json",
                "--period",
                month,
                "--force",
            ],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for path, month in files
    ]
    outputs = [loader.communicate(timeout=300) for loader in loaders]
    done.set()
    reader.join(timeout=60)
    reports = [json.loads(line) for out, _ in outputs for line in out.splitlines() if line.startswith("{")]
    assert len(reports) == LOADERS, outputs  # every process printed its JSON
    assert [loader.returncode for loader in loaders] == [0] * LOADERS, outputs
    assert {r["status"] for r in reports} == {"loaded"}
    with duckdb.connect(str(empty_db), read_only=True) as con:
        months = con.execute("SELECT DISTINCT period FROM upload WHERE reverted_at IS NULL").fetchall()
    assert len(months) == LOADERS  # nothing lost
    assert read_errors == [] and reads > 0


def test_a_writer_that_holds_the_warehouse_too_long_gets_a_translated_busy(empty_db: Path, monkeypatch):
    monkeypatch.setattr("warehouse.BUSY_SECONDS", 0.5)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, time; c = duckdb.connect({str(empty_db)!r}); print('held', flush=True); time.sleep(8)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    try:
        try:
            with connect(empty_db) as con:
                con.execute("SELECT 1")
            raise AssertionError("the lock was not seen")
        except WarehouseBusy as busy:
            assert busy.code == "warehouse_busy" and "busy" in busy.message_en and "bận" in busy.message_vi
    finally:
        holder.kill()


def test_two_sessions_of_the_app_loading_at_the_same_moment_both_land_and_the_trail_holds(empty_db: Path):
    """The upload page's sessions are threads of one server process: two loads pressed together."""
    from concurrent.futures import ThreadPoolExecutor
    from datetime import date

    from core.access import Actor
    from etl.load import check_upload, load_checked
    from warehouse import audit

    data = report()
    analyst = Actor("an", "analyst")

    def load(month: int) -> str:
        result, _ = check_upload(empty_db, data, f"bao_cao_{month}.xlsx", period=date(2024, month, 1), actor=analyst)
        return load_checked(empty_db, result, data, analyst, force=True).status

    with ThreadPoolExecutor(max_workers=6) as pool:
        statuses = list(pool.map(load, range(1, 7)))
    assert statuses == ["loaded"] * 6
    with connect(empty_db, read_only=True) as con:
        assert con.execute("SELECT count(DISTINCT period) FROM upload").fetchone() == (6,)
        assert audit.verify(con).broken_at is None

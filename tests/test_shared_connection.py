"""warehouse.shared: the app's reads share one connection, and a load in another process is never
starved by them (issue 14)."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

from tests.conftest import REPO
from warehouse import connect, open_read_only, shared

WRITE_ONE_ROW = """
import sys, time
from pathlib import Path
from warehouse import connect
started = time.monotonic()
with connect(Path(sys.argv[1])) as con:
    con.execute("CREATE TABLE IF NOT EXISTS probe (n INTEGER)")
    con.execute("INSERT INTO probe VALUES (1)")
print(round(time.monotonic() - started, 2))
"""


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "w.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE t AS SELECT range AS n FROM range(1000)")
    return path


def _count(path: Path, table: str = "t") -> int:
    def action(con: duckdb.DuckDBPyConnection) -> int:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    return shared.read(path, action, lambda: open_read_only(path))


def test_reads_share_one_connection_and_let_it_go_when_idle(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened = []

    def opener() -> duckdb.DuckDBPyConnection:
        opened.append(1)
        return duckdb.connect(str(db), read_only=True)

    monkeypatch.setattr(shared, "IDLE_SECONDS", 0.3)
    for _ in range(20):
        assert shared.read(db, lambda con: con.execute("SELECT count(*) FROM t").fetchone()[0], opener) == 1000
    assert len(opened) == 1  # twenty reads, one connection
    time.sleep(1.0)
    with duckdb.connect(str(db)) as writer:  # idle: the file is free for a writer of this process
        writer.execute("INSERT INTO t VALUES (1000)")
    assert _count(db) == 1001  # the next read opens anew and sees the write


def test_a_load_in_another_process_is_not_starved_by_a_stream_of_reads(db: Path) -> None:
    stop = threading.Event()
    reads: list[int] = []

    def viewers() -> None:
        while not stop.is_set():
            reads.append(_count(db))

    threads = [threading.Thread(target=viewers) for _ in range(3)]
    for thread in threads:
        thread.start()
    try:
        time.sleep(0.3)
        done = subprocess.run(
            [sys.executable, "-c", WRITE_ONE_ROW, str(db)], cwd=REPO, capture_output=True, text=True, timeout=60
        )
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert done.returncode == 0, done.stderr
    # It got in while the reads went on: starved, it would have given up after BUSY_SECONDS (WarehouseBusy,
    # exit 1). How long it took is the benchmarks' business, not a test's.
    assert len(reads) > 10 and set(reads) == {1000}
    assert _count(db, "probe") == 1  # and the readers see the load once it is in
    assert not shared.intent_path(db).exists()


def test_a_write_in_this_process_takes_the_file_from_the_shared_reader(db: Path) -> None:
    assert _count(db) == 1000  # the shared connection is open now
    with connect(db) as con:
        con.execute("INSERT INTO t VALUES (1000)")
    assert _count(db) == 1001


def test_a_read_waits_for_an_announced_write_and_then_sees_it(db: Path) -> None:
    shared.intent_path(db).touch()  # a writer of another process waits for the file
    answers: list[int] = []
    reader = threading.Thread(target=lambda: answers.append(_count(db)))
    reader.start()
    reader.join(timeout=0.5)
    assert reader.is_alive() and not answers  # it waits: a connection of its own would compete with the writer
    with duckdb.connect(str(db)) as writer:  # the writer gets the file, writes and goes
        writer.execute("INSERT INTO t VALUES (1000)")
    shared.intent_path(db).unlink()
    reader.join(timeout=10)
    assert answers == [1001]


def test_a_read_that_waited_in_vain_reads_on_its_own(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shared, "WAIT_SECONDS", 0.2)
    shared.intent_path(db).touch()  # a writer that never gets on with it
    assert _count(db) == 1000
    shared.intent_path(db).unlink()


def test_a_writer_reads_through_the_shared_connection_without_waiting_for_itself(db: Path) -> None:
    with connect(db) as con:
        con.execute("INSERT INTO t VALUES (1000)")
    with shared.announce_write(db):  # this thread writes: its own reads must not wait for it
        started = time.monotonic()
        assert _count(db) == 1001
        assert time.monotonic() - started < shared.WAIT_SECONDS

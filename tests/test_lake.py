"""DuckLake with its catalog in a real PostgreSQL: what it refuses of the project's schema, every query of
warehouse/sql/ on the adapted schema giving the embedded file's answers, and two processes writing at once
while a third reads (marker `lake`; the server and the extensions come from tests/lake.py). A prototype
for issue 14 items 6–7: the code under test opens DuckLake itself, as warehouse/ does not yet.
"""

from __future__ import annotations

import multiprocessing
import re
import time
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from tests.lake import lake_connect
from warehouse.engine import lake_schema
from warehouse.init import SCHEMA
from warehouse.reader import SQL_DIR, sql

pytestmark = pytest.mark.lake


@pytest.fixture
def lake(lake_extensions: object, lake_catalog: str, tmp_path: Path) -> tuple[str, Path]:
    """(catalog connection string, data path) of a new, empty DuckLake."""
    return lake_catalog, tmp_path / "lake-data"


def test_the_extensions_load_from_their_wheels_without_the_network(lake: tuple[str, Path]) -> None:
    con = lake_connect(*lake)
    loaded = dict(con.execute("SELECT extension_name, install_mode FROM duckdb_extensions() WHERE loaded").fetchall())
    assert loaded["ducklake"] == loaded["postgres_scanner"] == "NOT_INSTALLED"  # loaded from a path
    assert con.execute("SELECT current_database()").fetchone() == ("lake",)
    # Without them, an address names the extension it lacks at once: nothing is downloaded.
    bare = duckdb.connect(config={"autoinstall_known_extensions": False, "autoload_known_extensions": False})
    with pytest.raises(duckdb.IOException, match="ducklake"):
        bare.execute(f"ATTACH 'ducklake:postgres:{lake[0]}' AS lake")


REFUSED = [
    ("CREATE TABLE t (a VARCHAR PRIMARY KEY)", duckdb.NotImplementedException, "PRIMARY KEY/UNIQUE"),
    ("CREATE TABLE t (a VARCHAR, b VARCHAR, PRIMARY KEY (a, b))", duckdb.NotImplementedException, "PRIMARY KEY"),
    ("CREATE TABLE t (a VARCHAR UNIQUE)", duckdb.NotImplementedException, "PRIMARY KEY/UNIQUE"),
    ("CREATE TABLE t (a VARCHAR CHECK (a IN ('x')))", duckdb.NotImplementedException, "CHECK constraints"),
    ("CREATE SEQUENCE s", duckdb.NotImplementedException, "sequences"),
    ("CREATE TABLE t (a BIGINT DEFAULT nextval('s'))", duckdb.CatalogException, "Sequence"),
    ("CREATE INDEX i ON kept (a)", duckdb.NotImplementedException, "indexes"),
    ("CREATE TABLE t (a INTEGER, b INTEGER GENERATED ALWAYS AS (a + 1))", duckdb.NotImplementedException, "generated"),
    ("CREATE TYPE e AS ENUM ('x')", duckdb.NotImplementedException, "user-defined types"),
    ("INSERT INTO kept (a) VALUES ('x') RETURNING a", duckdb.BinderException, "RETURNING"),
    ("INSERT OR REPLACE INTO kept (a) VALUES ('x')", duckdb.BinderException, "no UNIQUE/PRIMARY KEY"),
    ("INSERT OR IGNORE INTO kept (a) VALUES ('x')", duckdb.BinderException, "no UNIQUE/PRIMARY KEY"),
    ("INSERT INTO kept (a) VALUES ('x') ON CONFLICT DO NOTHING", duckdb.BinderException, "no UNIQUE/PRIMARY KEY"),
]


def test_what_ducklake_refuses_and_what_it_keeps(lake: tuple[str, Path]) -> None:
    con = lake_connect(*lake)
    # Kept: NOT NULL, constant defaults, adding a column if missing, views replaced, UPDATE, DELETE, MERGE.
    con.execute("CREATE TABLE kept (a VARCHAR NOT NULL, b BOOLEAN NOT NULL DEFAULT false, c BLOB, d TIMESTAMP)")
    con.execute("ALTER TABLE kept ADD COLUMN IF NOT EXISTS e BIGINT")
    con.execute("CREATE OR REPLACE VIEW v AS SELECT a FROM kept")
    con.execute("CREATE OR REPLACE VIEW v AS SELECT a, b FROM kept")
    con.execute("INSERT INTO kept (a) VALUES ('x')")
    con.execute("UPDATE kept SET e = 1 WHERE a = 'x'")
    con.execute(
        "MERGE INTO kept USING (SELECT 'y' AS a) AS s ON kept.a = s.a"
        " WHEN MATCHED THEN UPDATE SET e = 2 WHEN NOT MATCHED THEN INSERT (a) VALUES (s.a)"
    )
    con.execute("DELETE FROM kept WHERE a = 'y'")
    assert con.execute("SELECT a, b, e FROM v JOIN kept USING (a, b)").fetchall() == [("x", False, 1)]
    with pytest.raises(duckdb.ConstraintException, match="NOT NULL"):
        con.execute("INSERT INTO kept (a) VALUES (NULL)")
    refused = []
    for statement, error, words in REFUSED:
        with pytest.raises(error, match=re.escape(words)):
            con.execute(statement)
        refused.append(statement)
    assert len(refused) == len(REFUSED)


def test_the_adapted_schema_is_idempotent_and_keeps_not_null(lake: tuple[str, Path]) -> None:
    con = lake_connect(*lake)
    schema = lake_schema(SCHEMA.read_text("utf-8"))
    assert not re.search(r"PRIMARY KEY|CHECK|SEQUENCE|nextval", schema)
    con.execute("BEGIN")
    con.execute(schema)
    con.execute("COMMIT")
    con.execute(schema)  # as `etl init` runs it again
    wanted = set(re.findall(r"CREATE (?:TABLE IF NOT EXISTS|OR REPLACE VIEW) (\w+)", schema))
    present = {
        row[0]
        for row in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_catalog = 'lake'"
        ).fetchall()
    }
    assert wanted == present
    with pytest.raises(duckdb.ConstraintException):
        con.execute("INSERT INTO upload (upload_id, uploaded_at, file_name) VALUES (1, now(), 'f')")


# Parameters of the queries in warehouse/sql/, by name: a month and an edition of the sample with figures.
PARAMETERS: dict[str, object] = {
    "edition": "2025",
    "kpi": "online_dossier_rate",
    "period": date(2026, 10, 1),
    "periods": [date(2026, 9, 1), date(2026, 10, 1)],
    "first": date(2025, 7, 1),
    "last": date(2026, 10, 1),
    "code": "06652",
    "codes": ["06652", "06661"],
    "sha256": "0" * 64,
    "actor": None,
    "action": None,
    "limit": 20,
    "year": 2026,
}


def _copy_into_lake(con: duckdb.DuckDBPyConnection, warehouse: Path) -> None:
    """Every table of an embedded warehouse into the lake attached on `con`, in one transaction."""
    con.execute(f"ATTACH '{warehouse}' AS source (READ_ONLY)")
    tables = [
        row[0]
        for row in con.execute("SELECT table_name FROM duckdb_tables() WHERE database_name = 'source'").fetchall()
    ]
    con.execute("BEGIN")
    for table in tables:
        columns = ", ".join(row[0] for row in con.execute(f"DESCRIBE source.{table}").fetchall())
        con.execute(f"INSERT INTO lake.{table} ({columns}) SELECT {columns} FROM source.{table}")
    con.execute("COMMIT")
    con.execute("DETACH source")


def test_every_query_of_warehouse_sql_gives_the_files_answer_on_the_lake(
    lake: tuple[str, Path], sample_db_template: Path
) -> None:
    con = lake_connect(*lake)
    con.execute(lake_schema(SCHEMA.read_text("utf-8")))
    _copy_into_lake(con, sample_db_template)
    embedded = duckdb.connect(str(sample_db_template), read_only=True)
    # The questions; the current_* files are the writes' upkeep (run by tests/test_engines.py's loads).
    names = sorted(path.stem for path in SQL_DIR.glob("*.sql") if not path.stem.startswith("current_"))
    answered = 0
    for name in names:
        text = sql(name)
        params = {key: PARAMETERS[key] for key in set(re.findall(r"\$(\w+)", text))}
        expected = embedded.execute(text, params or None).df()
        got = con.execute(text, params or None).df()
        pd.testing.assert_frame_equal(_ordered(got), _ordered(expected), check_dtype=False, obj=name)
        answered += not expected.empty
    assert len(names) > 20
    assert answered > len(names) // 2  # most of them on figures, not on empty tables


def _ordered(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values(list(frame.columns), ignore_index=True) if not frame.empty else frame


# --- two processes write at once, a third reads ---------------------------------------------------------

FIGURES = 1062  # a free-form 177-unit report


def _load(dsn: str, data: str, name: str, serialise: bool, barrier: object, results: object) -> None:
    """One upload as the project writes it (an upload row, its figures), its id the next after the largest,
    committed after both writers have written; a commit refused for a conflict is tried again whole."""
    con = lake_connect(dsn, data)
    attempts, errors = 0, []
    while True:
        attempts += 1
        started = time.perf_counter()
        con.execute("BEGIN")
        if serialise:  # every writing transaction changes the one row: two at once conflict
            con.execute("UPDATE writer SET writes = writes + 1")
        (upload_id,) = con.execute("SELECT coalesce(max(upload_id), 0) + 1 FROM upload").fetchone()  # type: ignore[misc]
        con.execute("INSERT INTO upload (upload_id, uploaded_by) VALUES (?, ?)", [upload_id, name])
        con.execute("INSERT INTO observation SELECT ?, 'u' || i, i FROM range(?) AS r(i)", [upload_id, FIGURES])
        if attempts == 1:
            barrier.wait()  # type: ignore[attr-defined]
        try:
            con.execute("COMMIT")
        except duckdb.Error as error:
            errors.append((type(error).__name__, [c.__name__ for c in type(error).__mro__], str(error)))
            # DuckDB has ended the transaction: a ROLLBACK now says none is active.
            if attempts < 5:
                continue
            break
        results.put(
            {
                "name": name,
                "upload_id": upload_id,
                "attempts": attempts,
                "errors": errors,  # type: ignore[attr-defined]
                "seconds": time.perf_counter() - started,
            }
        )
        break
    con.close()


def _read(dsn: str, data: str, seconds: float, results: object) -> None:
    """Reads while the writers write: it sees every upload with all its figures or not at all (one
    snapshot per query)."""
    con = lake_connect(dsn, data)
    torn, reads, end = 0, 0, time.monotonic() + seconds
    while time.monotonic() < end:
        uploads, figures = con.execute(
            "SELECT (SELECT count(*) FROM upload), (SELECT count(*) FROM observation)"
        ).fetchone()  # type: ignore[misc]
        torn += figures != uploads * FIGURES
        reads += 1
    results.put({"name": "reader", "torn": torn, "reads": reads})  # type: ignore[attr-defined]
    con.close()


def _at_once(lake: tuple[str, Path], serialise: bool) -> list[dict[str, object]]:
    dsn, data = lake[0], str(lake[1])
    con = lake_connect(dsn, data)
    con.execute("CREATE TABLE upload (upload_id BIGINT NOT NULL, uploaded_by VARCHAR NOT NULL)")
    con.execute("CREATE TABLE observation (upload_id BIGINT NOT NULL, unit_code VARCHAR NOT NULL, numerator DOUBLE)")
    con.execute("CREATE TABLE writer (writes BIGINT NOT NULL)")
    con.execute("INSERT INTO writer VALUES (0)")
    context = multiprocessing.get_context("spawn")  # a fresh DuckDB in each: no state forked from this one
    barrier, results = context.Barrier(2), context.Queue()
    processes = [context.Process(target=_load, args=(dsn, data, n, serialise, barrier, results)) for n in "AB"]
    processes.append(context.Process(target=_read, args=(dsn, data, 6.0, results)))
    for process in processes:
        process.start()
    outcome = [results.get(timeout=120) for _ in processes]
    for process in processes:
        process.join(30)
        assert process.exitcode == 0
    ids = con.execute("SELECT upload_id FROM upload ORDER BY ALL").fetchall()
    outcome.append({"name": "ids", "ids": [i for (i,) in ids]})
    con.close()
    return outcome


def test_two_appending_writers_both_commit_and_give_the_same_id(lake: tuple[str, Path]) -> None:
    """Snapshot isolation: two transactions that only insert do not conflict, so an id made as
    max + 1 in each is the same twice. Ids (and uniqueness) need the writer row below."""
    outcome = {o["name"]: o for o in _at_once(lake, serialise=False)}
    assert outcome["A"]["attempts"] == outcome["B"]["attempts"] == 1
    assert outcome["ids"]["ids"] == [1, 1]
    assert outcome["reader"]["torn"] == 0


def test_two_writers_of_the_writer_row_conflict_and_the_second_retries(lake: tuple[str, Path]) -> None:
    outcome = {o["name"]: o for o in _at_once(lake, serialise=True)}
    writers = [outcome["A"], outcome["B"]]
    assert sorted(w["attempts"] for w in writers) == [1, 2]
    (loser,) = [w for w in writers if w["attempts"] == 2]
    [(name, classes, message)] = loser["errors"]
    assert name == "TransactionException"
    assert classes[:4] == ["TransactionException", "OperationalError", "DatabaseError", "Error"]
    assert "Failed to commit DuckLake transaction" in message
    assert "Transaction conflict" in message
    assert outcome["ids"]["ids"] == [1, 2]
    assert outcome["reader"]["torn"] == 0
    assert outcome["reader"]["reads"] > 0

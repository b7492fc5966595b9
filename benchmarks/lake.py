"""Prints timings of DuckLake with its catalog in a throwaway PostgreSQL on localhost, against the embedded
file: attaching, the schema, a small load transaction, reads. Numbers to read, not a pass/fail test.
Needs Debian's postgresql and the duckdb-extension-ducklake/-postgres wheels (see LAKE_NOTES.md)."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import duckdb

from etl.__main__ import main as etl_main
from tests.lake import OFFLINE, extension_files, lake_connect, lake_schema, throwaway_postgres
from warehouse.init import SCHEMA
from warehouse.reader import ConnectionReader

FIGURES = 1062  # a free-form 177-unit report


def timed(label: str, action: Callable[[], object], repeat: int = 1) -> None:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    shown = f"median of {repeat}" if repeat > 1 else ""
    print(f"{label:<58} {statistics.median(times) * 1000:9.1f} ms {shown}")


def load_once(con: duckdb.DuckDBPyConnection) -> None:
    """One upload as a lake load would write it: the writer row, ids as max + 1, upload, figures, audit."""
    con.execute("BEGIN")
    con.execute("UPDATE warehouse_info SET value = CAST(CAST(value AS BIGINT) + 1 AS VARCHAR) WHERE key = 'writes'")
    (upload_id,) = con.execute("SELECT coalesce(max(upload_id), 0) + 1 FROM upload").fetchone()  # type: ignore[misc]
    con.execute(
        "INSERT INTO upload (upload_id, uploaded_at, uploaded_by, file_name, sha256, period, edition)"
        " VALUES (?, now(), 'bench', 'f.xlsx', ?, DATE '2026-11-01', '2025')",
        [upload_id, f"{upload_id:064d}"],
    )
    con.execute(
        "INSERT INTO observation SELECT ?, DATE '2026-11-01', '2025', 'u' || (i // 8), 'k' || (i % 8), i, i + 1"
        " FROM range(?) AS r(i)",
        [upload_id, FIGURES],
    )
    (audit_id, previous) = con.execute(
        "SELECT coalesce(max(audit_id), 0) + 1, coalesce(arg_max(hash, audit_id), '0') FROM audit"
    ).fetchone()  # type: ignore[misc]
    con.execute(
        "INSERT INTO audit (audit_id, happened_at, actor, action, previous_hash, hash)"
        " VALUES (?, now(), 'b', 'upload', ?, ?)",
        [audit_id, previous, f"{audit_id:064d}"],
    )
    con.execute("COMMIT")


def main() -> None:
    if extension_files() is None:
        sys.exit(f"No ducklake/postgres extension wheels for DuckDB {duckdb.__version__}")
    print(f"DuckDB {duckdb.__version__}, load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as folder:
        sample = Path(folder) / "sample.duckdb"
        etl_main(["sample", "--db", str(sample)])
        started = time.perf_counter()
        with throwaway_postgres() as server:
            print(
                f"{'PostgreSQL started (initdb + pg_ctl start)':<58} {(time.perf_counter() - started) * 1000:9.1f} ms"
            )
            server.sql("CREATE DATABASE bench")
            data = Path(folder) / "lake"
            ducklake, postgres = extension_files()  # type: ignore[misc]

            def load_extensions() -> None:
                con = duckdb.connect(config=OFFLINE)
                con.execute(f"LOAD '{ducklake}'")
                con.execute(f"LOAD '{postgres}'")
                con.close()

            timed("LOAD both extensions in a new connection", load_extensions, 5)
            timed(
                "attach a new, empty lake (creates the catalog)",
                lambda: lake_connect(server.dsn("bench"), data).close(),
            )
            timed(
                "connect + LOAD + ATTACH an existing lake", lambda: lake_connect(server.dsn("bench"), data).close(), 5
            )
            con = lake_connect(server.dsn("bench"), data)

            def schema() -> None:
                con.execute("BEGIN")
                con.execute(lake_schema(SCHEMA.read_text("utf-8")))
                con.execute("COMMIT")

            timed("schema.sql (adapted), one transaction", schema)
            timed(
                "schema.sql (adapted) again, autocommit per statement",
                lambda: con.execute(lake_schema(SCHEMA.read_text("utf-8"))),
            )

            def copy() -> None:
                con.execute(f"ATTACH '{sample}' AS source (READ_ONLY)")
                con.execute("BEGIN")
                for (table,) in con.execute(
                    "SELECT table_name FROM duckdb_tables() WHERE database_name = 'source'"
                ).fetchall():
                    columns = ", ".join(row[0] for row in con.execute(f"DESCRIBE source.{table}").fetchall())
                    con.execute(f"INSERT INTO lake.{table} ({columns}) SELECT {columns} FROM source.{table}")
                con.execute("COMMIT")
                con.execute("DETACH source")

            timed("copy the sample warehouse in (65.480 figures)", copy)
            con.execute("INSERT INTO warehouse_info VALUES ('writes', '0')")
            timed(f"load transaction: writer row, upload, {FIGURES} figures, audit", lambda: load_once(con), 10)
            embedded = duckdb.connect(str(sample), read_only=True)
            raw = "SELECT * FROM observation WHERE period >= DATE '2025-11-01' AND period <= DATE '2026-10-01'"
            months = ConnectionReader(embedded).periods()[:3]
            recent = (
                "SELECT * FROM observation_current WHERE period >= DATE '2025-11-01' AND period <= DATE '2026-10-01'"
            )
            for name, target in (("lake", con), ("file", embedded)):
                rows = len(target.execute(recent).fetchall())
                timed(
                    f"{name}: {rows} rows of observation_current (12 months)",
                    lambda t=target: t.execute(recent).fetchall(),
                    10,
                )
                rows = len(target.execute(raw).fetchall())
                timed(f"{name}: {rows} rows of the table observation", lambda t=target: t.execute(raw).fetchall(), 10)
                reader = ConnectionReader(target)
                timed(
                    f"{name}: overview, province by month (3 months)", lambda r=reader: r.province_by_month(months), 10
                )
                timed(
                    f"{name}: SELECT 1 FROM edition (a query's fixed cost)",
                    lambda t=target: t.execute("SELECT 1 FROM edition LIMIT 1").fetchall(),
                    10,
                )
            files = sum(1 for _ in data.rglob("*.parquet"))
            print(f"{'parquet files under the data path':<58} {files:9d}")
            con.close()


if __name__ == "__main__":
    main()

"""Prints what a DuckLake warehouse (catalog in a throwaway PostgreSQL on localhost) costs against the
embedded file, through the project's own code: opening, `etl migrate`, every page question, a load, and
several processes loading at once. Numbers to read, not a pass/fail test.

    .venv/bin/python benchmarks/lake.py [--runs 7] [--loaders 4]

Needs Debian's postgresql and the duckdb-extension-ducklake/-postgres wheels (requirements.txt).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import duckdb  # noqa: E402

from core.access import operator  # noqa: E402
from etl.__main__ import main as etl_main  # noqa: E402
from tests.lake import throwaway_postgres  # noqa: E402
from tests.test_upload_page import report  # noqa: E402
from warehouse import Location, connect, engine, resolve, version  # noqa: E402
from warehouse.migrate import migrate  # noqa: E402
from warehouse.reader import ConnectionReader  # noqa: E402


def timed(label: str, action: Callable[[], object], runs: int = 1) -> None:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    print(f"  {label:<56} {statistics.median(times):8.1f} / {p95:8.1f} ms")


def questions(where: Location, runs: int) -> None:
    """Every page question once to warm up, then timed (p50 / p95), on one connection as a page has."""
    with connect(where, read_only=True) as con:
        reader = ConnectionReader(con)
        months = reader.periods()
        asked: list[tuple[str, Callable[[], object]]] = [
            ("periods", reader.periods),
            ("uploads", reader.uploads),
            ("province_by_month (3 months)", lambda: reader.province_by_month(months[-3:])),
            ("province_series", lambda: reader.province_series("dvc_online_rate")),
            ("district_series", lambda: reader.district_series("dvc_online_rate")),
            ("unit_figures (2025, 3 months)", lambda: reader.unit_figures("2025", months[-3:])),
            ("unit_series (2025)", lambda: reader.unit_series("2025", "dvc_online_rate")),
            ("reporting_by_month (2025)", lambda: reader.reporting_by_month("2025")),
            ("a query's fixed cost (SELECT 1 FROM edition)", lambda: con.execute("SELECT 1 FROM edition").fetchall()),
        ]
        for label, ask in asked:
            ask()
            timed(label, ask, runs)
    timed("the pages' cache key (warehouse.version)", lambda: version(where), runs)


def loaders(address: str, count: int, folder: Path) -> None:
    """`count` processes loading a 177-unit report each at the same moment: wall time and retries."""
    files = []
    for n in range(count):
        path = folder / f"bao_cao_{n}.xlsx"
        path.write_bytes(report())
        files.append((path, f"2024-{n % 12 + 1:02d}"))
    env = {**os.environ, "DX_WAREHOUSE": address}
    started = time.perf_counter()
    running = [
        subprocess.Popen(
            [sys.executable, "-m", "etl", "load", str(path), "--period", month, "--json", "--force"],
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for path, month in files
    ]
    results = [process.communicate() for process in running]
    seconds = time.perf_counter() - started
    loaded = [json.loads(out.splitlines()[-1])["status"] == "loaded" for out, _ in results if out.strip()]
    print(f"  {count} processes loading at once: {sum(loaded)}/{count} loaded in {seconds:.1f} s wall")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--loaders", type=int, default=4)
    args = parser.parse_args()
    load = os.getloadavg()[0]
    print(f"DuckDB {duckdb.__version__}, load average {load:.1f} on {os.cpu_count()} cores; p50 / p95")
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        sample = folder / "sample.duckdb"
        etl_main(["sample", "--db", str(sample)])
        started = time.perf_counter()
        with throwaway_postgres() as server:
            print(f"PostgreSQL started in {(time.perf_counter() - started):.1f} s")
            server.sql("CREATE DATABASE bench")
            os.environ[engine.DATA_VARIABLE] = str(folder / "lake-data")
            address = engine.LAKE_PREFIX + server.dsn("bench")
            lake = resolve(address)
            timed("open the lake: LOAD both extensions + ATTACH (once per process)", lambda: version(lake))
            timed(
                "etl migrate: the sample (65,480 figures) into the lake", lambda: migrate(sample, lake, operator("b"))
            )
            for name, where in (("file", sample), ("lake", lake)):
                print(f"{name}:")
                questions(where, args.runs)
                file = folder / f"load-{name}.xlsx"
                file.write_bytes(report())
                command = [sys.executable, "-m", "etl", "load", str(file), "--period", "2024-03", "--force"]
                timed(
                    "python -m etl load, 177 units (a new process)",
                    lambda w=where, c=command: subprocess.run(
                        [*c, "--db", getattr(w, "address", str(w))], cwd=REPO, capture_output=True, check=True
                    ),
                    3,
                )
                loaders(getattr(where, "address", str(where)), args.loaders, folder)
            files = sum(1 for _ in (folder / "lake-data").rglob("*.parquet"))
            print(f"Parquet files under the data path: {files}")


if __name__ == "__main__":
    main()

"""Prints timings of the warehouse's main steps. Numbers to read, not a pass/fail test."""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pandas as pd

from core.months import comparison_months
from dashboard.overview import overview_summary, province_trend
from etl.__main__ import main as etl_main
from warehouse import connect, open_read_only, shared
from warehouse.reader import ConnectionReader, Reader, run_query


class OneConnectionPerRead(Reader):
    """How the pages read before issue 14: a connection opened and closed for every question."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def query(self, name: str, **params: object) -> pd.DataFrame:
        with connect(self.path, read_only=True) as con:
            return run_query(con, name, params)


class SharedConnection(OneConnectionPerRead):
    """How they read now (`dashboard.cache`): cursors of the process's shared connection."""

    def query(self, name: str, **params: object) -> pd.DataFrame:
        return shared.read(self.path, lambda con: run_query(con, name, params), lambda: open_read_only(self.path))


def overview(source: Reader) -> None:
    """The overview page's questions, uncached (as for the first viewer after an upload)."""
    month = date(2026, 10, 1)
    overview_summary(source, month, "vi")
    province_trend(source, "online_dossier_rate", "vi", last=month)


def timed(label: str, action, repeat: int = 1) -> None:
    started = time.perf_counter()
    for _ in range(repeat):
        action()
    per_call = (time.perf_counter() - started) / repeat
    print(f"{label:<45} {per_call * 1000:9.1f} ms")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.duckdb"
        timed("etl init (new warehouse)", lambda: etl_main(["init", "--db", str(db)]))
        timed("etl sample (58 months, 8 indicators)", lambda: etl_main(["sample", "--db", str(db)]))
        with connect(db, read_only=True) as con:
            source = ConnectionReader(con)
            months = comparison_months(date(2026, 10, 1))
            timed("overview: province by month (3 months)", lambda: source.province_by_month(months), 20)
            timed("overview: province series (1 indicator)", lambda: source.province_series("dx_teams"), 20)
        timed("overview, cold: a connection per read", lambda: overview(OneConnectionPerRead(db)), 10)
        timed("overview, cold: one shared connection", lambda: overview(SharedConnection(db)), 10)
        print(f"{'warehouse size':<45} {db.stat().st_size / 1e6:9.1f} MB")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'peak memory of this process':<45} {peak:9.0f} MB")


if __name__ == "__main__":
    main()

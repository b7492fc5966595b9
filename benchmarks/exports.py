"""Prints how long chart exports take: the first image (the browser starts), then every kind in every
format after warm-up (warehouse read + figure + print layout + image), and the files' sizes.
Numbers to read, not a pass/fail test; the goal is under a second a chart after warm-up."""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dashboard.images import image_bytes
from dashboard.tables import csv_bytes, xlsx_bytes
from etl.__main__ import main as etl_main
from reports.figures import chart, chart_image
from warehouse import connect
from warehouse.reader import ConnectionReader

MONTH = date(2026, 10, 1)
KPI = "online_dossier_rate"
REPEAT = 3


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.duckdb"
        etl_main(["sample", "--db", str(db)])
        with connect(db, read_only=True) as con:
            source = ConnectionReader(con)
            started = time.perf_counter()
            first = chart_image(source, KPI, MONTH, "trend", "png")
            print(f"{'first image (browser starts), trend png':<45} {time.perf_counter() - started:9.2f} s")
            print(f"{'':<45} {len(first) / 1e3:9.0f} KB")
            for kind in ("map", "trend", "ranking"):
                for fmt in ("png", "svg", "pdf"):
                    started = time.perf_counter()
                    for _ in range(REPEAT):
                        data = chart_image(source, KPI, MONTH, kind, fmt)
                    per_chart = (time.perf_counter() - started) / REPEAT
                    print(f"{f'{kind} {fmt} (read + figure + image)':<45} {per_chart:9.2f} s {len(data) / 1e3:7.0f} KB")
            the_map = chart(source, KPI, MONTH, "map", "vi")
            flat, frame = the_map.printed(), the_map.data
            started = time.perf_counter()
            for _ in range(REPEAT):
                image_bytes(flat, "png")
            print(f"{'map png, image only':<45} {(time.perf_counter() - started) / REPEAT:9.2f} s")
            started = time.perf_counter()
            csv, xlsx = csv_bytes(frame), xlsx_bytes(frame, title=the_map.title)
            print(f"{'map data as CSV + XLSX':<45} {time.perf_counter() - started:9.2f} s "
                  f"{len(csv) / 1e3:5.0f} + {len(xlsx) / 1e3:.0f} KB")  # fmt: skip
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'peak memory of this process (not Chromium)':<45} {peak:9.0f} MB")


if __name__ == "__main__":
    main()

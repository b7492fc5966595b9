"""Prints what each hostile file of issue 12's table costs `python -m etl load` now: seconds and peak
memory of the loading process (with the child that reads workbooks), and the code it is refused with.

The issue measured, before: 296 s and 1.3 GB for a 200 MB expansion, 40–52 s at 3.4–3.7 GB for a
1 GB shared string, 132 s and 3.1 GB for a million CSV rows, over 900 s for a million unknown names,
and a dead server for a 1.1 GB expansion. Numbers to read, not a pass/fail test.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.hostile import CASES, run_measured  # noqa: E402

RUNS = 3


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        db = root / "bench.duckdb"
        subprocess.run([sys.executable, "-m", "etl", "init", "--db", str(db)], cwd=REPO, check=True)
        before = db.read_bytes()
        print(f"{'file':22} {'on disk':>10} {'seconds':>8} {'peak MB':>8}  refused with")
        for case in CASES:
            path = case.make(root)
            runs = [run_measured(path, db, 600) for _ in range(RUNS)]
            answer = json.loads(runs[0].printed.splitlines()[0])
            codes = sorted({issue["code"] for issue in answer["issues"] if issue["severity"] == "error"})
            seconds = statistics.median(run.seconds for run in runs)
            peak = max(run.peak_mb for run in runs)
            print(f"{case.key:22} {path.stat().st_size:>10,} {seconds:>8.2f} {peak:>8.0f}  {', '.join(codes)}")
        print("warehouse unchanged:", db.read_bytes() == before)


if __name__ == "__main__":
    main()

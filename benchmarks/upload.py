"""Prints how long a full 177-unit monthly report takes to check and load, and the peak memory.

Goal (issue 3): under 1 s and under 300 MB. Numbers to read, not a pass/fail test.
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from core.access import operator  # noqa: E402
from etl.__main__ import main as etl_main  # noqa: E402
from etl.load import check_upload, load_checked  # noqa: E402
from tests import corpus  # noqa: E402


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        db = root / "bench.duckdb"
        etl_main(["init", "--db", str(db)])
        report = corpus.free_form_xlsx(root)
        data = report.path.read_bytes()
        timings = []
        for attempt in range(5):
            copy = root / f"run{attempt}.duckdb"
            shutil.copy(db, copy)
            started = time.perf_counter()
            result, _ = check_upload(copy, data, report.path.name)
            outcome = load_checked(copy, result, data, operator("benchmark"))
            timings.append(time.perf_counter() - started)
        assert outcome.status == "loaded", outcome
        print(
            f"free-form report: {len(data) / 1024:.0f} KB, {result.observations['unit_code'].nunique()} units, "
            f"{outcome.loaded} figures"
        )
        print(f"check + load in process: best {min(timings) * 1000:.0f} ms, worst {max(timings) * 1000:.0f} ms")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory of this process: {peak:.0f} MB")
        fresh = root / "fresh.duckdb"  # a warehouse without this month: loading it again would need --force
        shutil.copy(db, fresh)
        started = time.perf_counter()
        done = (
            subprocess.run(
                [
                    "/usr/bin/time",
                    "-f",
                    "%M",
                    sys.executable,
                    "-m",
                    "etl",
                    "load",
                    str(report.path),
                    "--db",
                    str(fresh),
                    "--json",
                ],
                cwd=REPO,
                capture_output=True,
                text=True,
                check=False,
            )
            if Path("/usr/bin/time").exists()
            else None
        )
        if done is not None:
            print(
                f"`python -m etl load` as a new process: {time.perf_counter() - started:.2f} s, "
                f"peak {int(done.stderr.strip().splitlines()[-1]) / 1024:.0f} MB (exit {done.returncode})"
            )


if __name__ == "__main__":
    main()

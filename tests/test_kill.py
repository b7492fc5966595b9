"""A load killed at any moment (kill -9) leaves the warehouse consistent (issue 12): each upload is there
whole, with its figures and its audit entry, or not at all, and the next load works."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from tests.conftest import REPO
from tests.test_upload_page import report

KILLS = 12


def _consistent(path: Path) -> tuple[int, int]:
    """(uploads, figures), once every upload's figures and audit entry are checked to be all there."""
    with duckdb.connect(str(path)) as con:  # opening replays or discards an unfinished write
        uploads = con.execute("SELECT upload_id, rows_loaded FROM upload").fetchall()
        for upload_id, rows in uploads:
            (figures,) = con.execute("SELECT count(*) FROM observation WHERE upload_id = ?", [upload_id]).fetchone()
            assert figures == rows, f"upload {upload_id}: {figures} of {rows} figures"
        (orphans,) = con.execute(
            "SELECT count(*) FROM observation WHERE upload_id NOT IN (SELECT upload_id FROM upload)"
        ).fetchone()
        (audited,) = con.execute("SELECT count(*) FROM audit WHERE action = 'upload'").fetchone()
        (figures,) = con.execute("SELECT count(*) FROM observation").fetchone()
    assert orphans == 0 and audited == len(uploads)
    return len(uploads), figures


def test_a_load_killed_at_any_moment_leaves_the_warehouse_whole(empty_db: Path, tmp_path: Path):
    file = tmp_path / "bao_cao.xlsx"
    file.write_bytes(report())
    rng = random.Random(12)
    command = [sys.executable, "-m", "etl", "load", str(file), "--db", str(empty_db), "--force", "--json"]
    landed = 0
    for _ in range(KILLS):
        loader = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.0, 1.5))  # from before the file is read to after the commit
        loader.send_signal(signal.SIGKILL)
        loader.wait()
        uploads, _ = _consistent(empty_db)
        assert uploads >= landed
        landed = uploads
    print(f"{landed} of {KILLS} killed loads had committed before the kill")
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert _consistent(empty_db)[0] == landed + 1

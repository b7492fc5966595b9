"""Prints how long a full briefing pack takes (PDF and PPTX), with its page and slide counts.

    .venv/bin/python benchmarks/briefing.py [--db PATH] [--period YYYY-MM]

Without --db it builds the sample warehouse in a temporary folder first (not timed). The first pack
includes starting Chromium for the images (once per process); the later ones reuse it.
Numbers to read, not a pass/fail test; the target is under 20 s for a full pack.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pptx import Presentation
from pypdf import PdfReader

from etl.__main__ import main as etl_main
from reports.briefing import pack_bytes
from warehouse import connect
from warehouse.reader import ConnectionReader

RUNS = [  # (label, format, language, scope)
    ("province, PDF, vi (Chromium starts)", "pdf", "vi", None),
    ("province, PPTX, vi", "pptx", "vi", None),
    ("province, PDF, en", "pdf", "en", None),
    ("district 193, PDF, vi", "pdf", "vi", "193"),
    ("unit 06673, PPTX, en", "pptx", "en", "06673"),
]


def count(path: Path) -> str:
    if path.suffix == ".pdf":
        return f"{len(PdfReader(path).pages)} pages"
    return f"{len(Presentation(str(path)).slides)} slides"


def run(db: Path, month: date, folder: Path) -> None:
    print(f"briefing packs for {month:%Y-%m} from {db}")
    with connect(db, read_only=True) as con:
        for label, fmt, lang, scope in RUNS:
            if scope == "193" and month >= date(2024, 11, 1):
                continue  # district 193 is a 2020 code; later maps have other codes or no districts
            out = folder / f"{label.split(',')[0].replace(' ', '-')}-{lang}.{fmt}"
            started = time.perf_counter()
            out.write_bytes(pack_bytes(ConnectionReader(con), month, fmt, lang, scope))
            seconds = time.perf_counter() - started
            size = out.stat().st_size / 1e6
            print(f"{label:<40} {seconds:6.1f} s   {count(out):>10}   {size:5.1f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, help="an existing warehouse (default: a fresh sample warehouse)")
    parser.add_argument("--period", default="2023-06", help="YYYY-MM (default 2023-06)")
    args = parser.parse_args()
    month = date.fromisoformat(f"{args.period}-01")
    with tempfile.TemporaryDirectory() as folder:
        db = args.db
        if db is None:
            db = Path(folder) / "sample.duckdb"
            assert etl_main(["sample", "--db", str(db)]) == 0
        run(db, month, Path(folder))


if __name__ == "__main__":
    main()

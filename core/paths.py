"""Where the project's data files are."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA_DIR = REPO / "data"  # the indicator catalogue, targets, header vocabulary

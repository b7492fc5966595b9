"""Data regression by diff: the exported data of fixed months on the sample, compared with files kept in
tests/golden/. They were written by the code before the restructuring of issue 9 and still match.

A change that alters a figure, a header or a note fails here. When the change is meant (a new rule for
missing reports, say), write the files again and review their diff in the commit:
`DX_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py`.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from dashboard.tables import csv_bytes
from reports.figures import chart
from warehouse.reader import ConnectionReader

GOLDEN = Path(__file__).with_name("golden")
CASES = [
    (chart_type, kpi, month, lang)
    for chart_type in ("map", "trend", "ranking")
    for kpi in ("online_dossier_rate", "dx_teams")
    for month in (date(2023, 6, 1), date(2026, 10, 1))
    for lang in ("vi", "en")
]


@pytest.mark.parametrize(("chart_type", "kpi", "month", "lang"), CASES)
def test_exported_data_matches_the_golden_file(sample_con, chart_type, kpi, month, lang):
    data = csv_bytes(chart(ConnectionReader(sample_con), kpi, month, chart_type, lang).data).decode("utf-8-sig")
    golden = GOLDEN / f"{chart_type}-{kpi}-{month:%Y-%m}-{lang}.csv"
    if os.environ.get("DX_UPDATE_GOLDEN") == "1":
        golden.write_bytes(data.encode("utf-8"))
    assert data == golden.read_bytes().decode("utf-8")

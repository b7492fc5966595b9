"""Two app instances on one DuckLake (catalog in a real PostgreSQL, tests/lake.py), behind nginx as in
production: both draw the pages while two other processes load at once, nothing is lost, and each
instance shows the new uploads once they are in (marker `lake`, and `browser`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from core.access import operator
from deploy import NGINX, serving
from tests.conftest import REPO
from tests.test_upload_page import report
from warehouse import connect, engine, resolve
from warehouse.audit import verify
from warehouse.migrate import migrate

pytestmark = [pytest.mark.browser, pytest.mark.lake]
TIMEOUT = 60_000  # ms: each instance's first page loads the extensions and imports pandas, plotly, duckdb


def _chart_drawn(page: Page, url: str) -> None:
    page.goto(f"{url}/trends?period=2026-10")
    expect(page.locator(".st-key-trend_chart .js-plotly-plot .main-svg").first).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning", timeout=TIMEOUT)
    assert page.get_by_test_id("stException").count() == 0


def test_two_instances_on_a_lake_serve_while_two_machines_load(
    page: Page,
    lake_extensions: object,
    lake_catalog: str,
    sample_warehouse: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if not NGINX.is_file():
        pytest.fail(f"{NGINX} not found: scripts/system-packages.sh installs nginx")
    monkeypatch.setenv(engine.DATA_VARIABLE, str(tmp_path / "lake-data"))  # the instances inherit it
    address = engine.LAKE_PREFIX + lake_catalog
    where = resolve(address)
    migrate(sample_warehouse, where, operator("test"))
    with connect(where, read_only=True) as con:
        uploads_before = con.execute("SELECT count(*) FROM upload").fetchone()
    (tmp_path / "serve").mkdir()
    with serving(address, 2, tmp_path / "serve") as served:
        for url in [served.url, *served.app_urls]:  # through nginx, and each instance itself
            _chart_drawn(page, url)
        files = []
        for month in ("2024-01", "2024-02"):
            path = tmp_path / f"bao_cao_{month}.xlsx"
            path.write_bytes(report())
            files.append((path, month))
        loaders = [
            subprocess.Popen(
                [sys.executable, "-m", "etl", "load", str(path), "--period", month, "--json", "--force"],
                cwd=REPO,
                env={**os.environ, "DX_WAREHOUSE": address},
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for path, month in files
        ]
        for url in served.app_urls:  # the instances keep serving while the loads write
            _chart_drawn(page, url)
        outputs = [loader.communicate(timeout=300) for loader in loaders]
        assert [loader.returncode for loader in loaders] == [0, 0], [err for _, err in outputs]
        ids = {json.loads(out.splitlines()[-1])["upload_id"] for out, _ in outputs}
        for url in served.app_urls:  # each instance sees the new snapshot: the reporting page reads it
            page.goto(f"{url}/reporting?period=2024-02")
            expect(page.get_by_test_id("stApp")).to_have_attribute(
                "data-test-script-state", "notRunning", timeout=TIMEOUT
            )
            assert page.get_by_test_id("stException").count() == 0
    with connect(where, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM upload").fetchone() == (uploads_before[0] + 2,)  # type: ignore[index]
        assert len(ids) == 2 and verify(con).broken_at is None

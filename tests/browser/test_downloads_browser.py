"""Downloads in a real browser: a person clicks a button under a chart, or builds a briefing pack,
and Chromium saves a real file, which the test then opens as that kind of file.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import TYPE_CHECKING

import openpyxl
import pytest
from PIL import Image
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.browser.conftest import wait_until_idle

if TYPE_CHECKING:
    from tests.browser.conftest import NetworkLog

pytestmark = pytest.mark.browser

TIMEOUT = 30_000  # ms; the first run of a page imports pandas, plotly and duckdb
BUILD_TIMEOUT = 120_000  # ms; the first image starts kaleido's Chromium, a briefing pack draws ~30 charts
A4_LANDSCAPE_300_DPI = (3509, 2481)


def open_page(page: Page, url: str, heading: str) -> None:
    page.goto(url)
    expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible(timeout=TIMEOUT)
    wait_until_idle(page)


def download(page: Page, button: str, tmp_path: Path) -> Path:
    """Click the download button labelled `button`; the file Chromium saved."""
    with page.expect_download(timeout=BUILD_TIMEOUT) as started:
        page.get_by_test_id("stDownloadButton").get_by_role("button", name=button).click()
    saved = tmp_path / started.value.suggested_filename
    started.value.save_as(saved)
    assert started.value.failure() is None
    return saved


def test_map_downloads_are_real_files(page: Page, app_server: str, network: NetworkLog, tmp_path: Path) -> None:
    open_page(page, f"{app_server}/map?period=2026-10&kpi=online_dossier_rate", "Bản đồ")

    png = download(page, "Ảnh PNG (in, 300 dpi)", tmp_path)
    assert re.fullmatch(r"map-online_dossier_rate-2026-10-value-units\.png", png.name)
    with Image.open(png) as image:
        image.load()  # decodes every pixel: a truncated file fails here
        assert image.format == "PNG"
        assert image.size == A4_LANDSCAPE_300_DPI
        assert len(image.getcolors(maxcolors=1_000_000) or range(1_000_001)) > 50  # a drawn map, not a blank page

    rows = list(csv.reader(io.StringIO(download(page, "Dữ liệu CSV", tmp_path).read_bytes().decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert header[:5] == ["Mã", "Đơn vị", "Giá trị", "Tử số", "Mẫu số"]
    assert len(body) == 54  # every unit of the 2025 map, reporting or not

    sheet = openpyxl.load_workbook(download(page, "Dữ liệu Excel", tmp_path)).active
    rows = [[cell for cell in row] for row in sheet.iter_rows()]
    top = next(i for i, row in enumerate(rows) if row[0].value == "Mã")
    value_column = [cell.value for cell in rows[top]].index("Giá trị")
    rates = [row[value_column] for row in rows[top + 1 : top + 55]]
    reported = [cell for cell in rates if cell.value is not None]
    assert len(reported) >= 50
    assert all(isinstance(cell.value, float) and 0 < cell.value <= 1 for cell in reported), "rates as numbers"
    assert all("%" in cell.number_format for cell in reported)
    assert network.page_errors == []


def test_briefing_pack_downloads_as_a_pdf(page: Page, app_server: str, network: NetworkLog, tmp_path: Path) -> None:
    open_page(page, f"{app_server}/briefing?period=2026-10", "Bản tin")
    page.get_by_role("button", name="Tạo bản tin").click()
    pdf = download(page, "Tải bản tin (PDF)", tmp_path)

    assert pdf.suffix == ".pdf" and "2026-10" in pdf.name
    reader = PdfReader(pdf)
    text = "\n".join(page_.extract_text() for page_ in reader.pages)
    assert len(reader.pages) >= 8
    assert "Bản tin chuyển đổi số" in text
    assert "Tháng 10/2026" in text or "tháng 10/2026" in text
    assert "Dữ liệu mẫu" in text
    assert network.page_errors == []

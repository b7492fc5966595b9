"""The upload page in a real browser: pick a report file, check it, match a unit by hand, load it.

The server here has a warehouse of its own (freshly initialised, no figures), because a load
changes data and the shared sample warehouse of the other browser tests must stay as it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import (
    NetworkLog,
    etl_account,
    etl_warehouse,
    guarded_page,
    open_expander,
    running_app,
    wait_until_idle,
)
from tests.hostile import report_rows, workbook
from tests.test_upload_page import report

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.browser

TIMEOUT = 30_000  # ms; the first run of the script imports pandas, plotly and duckdb
FILE_INPUT = '[data-testid="stFileUploaderDropzoneInput"]'
GRID = 'table[role="grid"]'
FILE_NAME = "bao_cao_T3.xlsx"

# st.dataframe draws on a <canvas> and keeps an ARIA table (role="grid") of the rendered rows.
READ_CELLS = "grid => Array.from(grid.querySelectorAll('tr')).map(tr => Array.from(tr.children, c => c.textContent))"


ANALYST, PASSWORD = "an", "a long enough phrase"


@pytest.fixture(scope="module")
def upload_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An initialised warehouse (reference data, no figures) for this module's server only, with one
    analyst account made by the command line as an administrator would."""
    path = etl_warehouse("init", tmp_path_factory.mktemp("upload-warehouse") / "warehouse.duckdb")
    etl_account(path, ANALYST, "analyst", PASSWORD)
    return path


@pytest.fixture(scope="module")
def upload_server(upload_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on this module's warehouse."""
    with running_app(upload_warehouse, tmp_path_factory.mktemp("upload-streamlit")) as base_url:
        yield base_url


# --- driving the page -----------------------------------------------------------------------------


def open_upload(page: Page, base_url: str, sign_in: bool = True) -> None:
    """The upload page, signed in as the analyst through the sidebar's form (unless `sign_in` is False)."""
    page.goto(f"{base_url}/upload")
    expect(page.get_by_role("heading", level=1, name="Nạp báo cáo tháng")).to_be_visible(timeout=TIMEOUT)
    wait_until_idle(page)
    if sign_in:
        sidebar = page.get_by_test_id("stSidebar")
        sidebar.get_by_label("Tên đăng nhập").fill(ANALYST)
        sidebar.get_by_label("Mật khẩu", exact=True).fill(PASSWORD)
        sidebar.get_by_role("button", name="Đăng nhập", exact=True).click()
        expect(sidebar.get_by_text(f"Đã đăng nhập: {ANALYST}")).to_be_visible(timeout=TIMEOUT)
        wait_until_idle(page)


def choose_file(page: Page, path: Path) -> Locator:
    """Give the report to the file uploader; returns the summary line of its check."""
    page.locator(FILE_INPUT).set_input_files(path)
    summary = page.get_by_test_id("stMarkdown").filter(has_text="bản đồ ").filter(has_text=" lỗi")
    expect(summary).to_be_visible(timeout=TIMEOUT)
    return summary


def open_dropdown(page: Page, combobox: Locator) -> None:
    """Open a selectbox's list as a person would, by clicking on it.

    Scrolled into view first and a frame later: a click that has to scroll the page first opens the
    list and the scroll event then closes it again (react-aria closes popovers on scroll).
    """
    combobox.scroll_into_view_if_needed()
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    combobox.click()
    expect(combobox).to_have_attribute("aria-expanded", "true")


def load_button(page: Page) -> Locator:
    return page.get_by_role("button", name="Nạp tệp này", exact=True)


def history_table(page: Page) -> Locator:
    """The first table after the heading "Lịch sử nạp" (st.dataframe's key gives it no CSS class)."""
    heading = '[data-testid="stElementContainer"]:has(h2:has-text("Lịch sử nạp"))'
    return page.locator(f'{heading} ~ [data-testid="stElementContainer"] [data-testid="stDataFrame"]').first


def grid_rows(container: Locator, wanted: str) -> list[list[str]]:
    """The rows of the data grid in `container` (header first), once one of them shows `wanted`.

    Only the rows scrolled into the grid's view are in its ARIA table."""
    grid = container.locator(GRID)
    expect(grid).to_contain_text(wanted, timeout=TIMEOUT)
    return grid.evaluate(READ_CELLS)


def assert_no_error_box(page: Page) -> None:
    expect(page.get_by_test_id("stException")).to_have_count(0)


def write_report(directory: Path, data: bytes) -> Path:
    path = directory / FILE_NAME
    path.write_bytes(data)
    return path


# --- the tests ------------------------------------------------------------------------------------


def test_a_valid_report_loads_with_a_receipt(
    page: Page, upload_server: str, upload_warehouse: Path, network: NetworkLog, tmp_path: Path
) -> None:
    open_upload(page, upload_server)
    summary = choose_file(page, write_report(tmp_path, report()))
    expect(summary).to_contain_text("03/2024")
    expect(summary).to_contain_text("· 0 lỗi ·")
    wait_until_idle(page)

    button = load_button(page)
    expect(button).to_be_enabled()
    button.click()

    receipt = page.get_by_test_id("stAlert").filter(has_text="Đã nạp lần #1")
    expect(receipt).to_be_visible(timeout=TIMEOUT)
    expect(receipt).to_contain_text(FILE_NAME)
    wait_until_idle(page)
    page.screenshot(path="/tmp/upload_page.png", full_page=True)

    rows = grid_rows(history_table(page), FILE_NAME)
    assert len(rows) == 2, rows  # header and the one upload
    assert FILE_NAME in rows[1] and ANALYST in rows[1], rows

    with duckdb.connect(str(upload_warehouse), read_only=True) as con:
        figure = con.execute(
            "SELECT numerator, denominator FROM observation_current"
            " WHERE unit_code = '06652' AND kpi = 'online_dossier_rate'"
        ).fetchone()
    assert figure == (900.0, 1200.0)

    assert_no_error_box(page)
    assert network.to_server(upload_server), "the request recorder saw nothing, not even the app itself"
    assert network.page_errors == []


def test_an_ambiguous_unit_name_blocks_loading_until_matched_by_hand(
    page: Page, upload_server: str, network: NetworkLog, tmp_path: Path
) -> None:
    open_upload(page, upload_server)
    summary = choose_file(page, write_report(tmp_path, report(bac_son="Bắc Sơn")))
    expect(summary).to_contain_text("· 1 lỗi ·")
    wait_until_idle(page)
    expect(load_button(page)).to_be_disabled()

    findings = page.get_by_test_id("stExpander").filter(has_text="Kết quả kiểm tra")
    expect(findings.locator("details")).to_have_attribute("open", "")  # opened because of the error
    rows = grid_rows(findings, "Bắc Sơn")
    assert any("“Bắc Sơn”" in cell for row in rows[1:] for cell in row), rows  # the error message

    matcher = page.get_by_role("combobox", name="Bắc Sơn —")
    expect(matcher).to_have_count(1)
    open_dropdown(page, matcher)
    page.get_by_role("option", name=re.compile(r"^Phường Bắc Sơn \(")).click()
    wait_until_idle(page)
    expect(matcher).to_have_value(re.compile(r"^Phường Bắc Sơn"))
    # March 2024 may be loaded already by another test on this server: a repeat is confirmed first.
    confirm = page.get_by_test_id("stCheckbox").filter(has_text="Tôi xác nhận nạp lại")
    if confirm.count():
        confirm.locator("label").click()
        wait_until_idle(page)
    expect(load_button(page)).to_be_enabled(timeout=TIMEOUT)
    expect(summary).to_contain_text("· 0 lỗi ·")  # checked again with the name matched
    expect(page.get_by_test_id("stAlert").filter(has_text="Tệp có lỗi")).to_have_count(0)

    assert_no_error_box(page)
    assert network.page_errors == []


def test_after_signing_out_the_upload_page_is_closed(
    page: Page, upload_server: str, network: NetworkLog, tmp_path: Path
) -> None:
    open_upload(page, upload_server)
    expect(page.locator(FILE_INPUT)).to_have_count(1)
    page.get_by_test_id("stSidebar").get_by_role("button", name="Đăng xuất").click()
    wait_until_idle(page)
    expect(page.locator(FILE_INPUT)).to_have_count(0)
    expect(page.get_by_test_id("stAlert").filter(has_text="cần đăng nhập")).to_be_visible(timeout=TIMEOUT)
    page.goto(f"{upload_server}/upload")  # and by its address, in the same browser
    wait_until_idle(page)
    expect(page.locator(FILE_INPUT)).to_have_count(0)
    assert_no_error_box(page)
    assert network.page_errors == []


def test_staff_open_the_sign_in_on_a_reading_page_and_reach_the_upload(
    page: Page, upload_server: str, network: NetworkLog
) -> None:
    page.goto(upload_server)  # the overview (of an empty warehouse here): its readers get no form
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_test_id("stExpander").filter(has_text="Đăng nhập cho cán bộ")).to_be_visible(timeout=TIMEOUT)
    wait_until_idle(page)
    expect(sidebar.get_by_label("Tên đăng nhập")).to_have_count(0)
    open_expander(sidebar, "Đăng nhập cho cán bộ", TIMEOUT)
    sidebar.get_by_label("Tên đăng nhập").fill(ANALYST, timeout=TIMEOUT)
    sidebar.get_by_label("Mật khẩu", exact=True).fill(PASSWORD)
    sidebar.get_by_role("button", name="Đăng nhập", exact=True).click()
    expect(sidebar.get_by_text(f"Đã đăng nhập: {ANALYST}")).to_be_visible(timeout=TIMEOUT)
    page.click('[data-testid="stSidebarNav"] a[href$="/upload"]')  # in the same session
    expect(page.locator(FILE_INPUT)).to_have_count(1, timeout=TIMEOUT)
    assert_no_error_box(page)
    assert network.page_errors == []


PLANTED = "http://evil.example/pixel.png"


def test_markdown_planted_in_a_file_is_shown_as_text_and_fetches_nothing(
    page: Page, upload_server: str, network: NetworkLog, tmp_path: Path
) -> None:
    data = report(bac_son=f"[bấm vào đây]({PLANTED})", extra_column=f"Số điểm ![]({PLANTED}) :red[**ĐÃ DUYỆT**]")
    open_upload(page, upload_server)
    choose_file(page, write_report(tmp_path, data))
    wait_until_idle(page)
    main = page.get_by_test_id("stMain")
    labels = main.get_by_test_id("stWidgetLabel")
    header = labels.filter(has_text="Số điểm")
    expect(header).to_have_count(1, timeout=TIMEOUT)
    shown = [label.inner_text().replace("\u2060", "") for label in (header, labels.filter(has_text="bấm vào đây"))]
    assert f"![]({PLANTED}) :red[**ĐÃ DUYỆT**]" in shown[0]  # the characters as written (word joiners aside)
    assert f"[bấm vào đây]({PLANTED})" in shown[1]
    links = main.locator('a[href*="evil.example"]')
    expect(main.locator('img[src*="evil.example"]')).to_have_count(0)
    expect(links).to_have_count(0)
    assert not [url for url in network.requests if "evil.example" in url]
    assert_no_error_box(page)


def test_a_file_that_expands_like_a_bomb_is_refused_and_the_app_goes_on(
    page: Page, upload_server: str, network: NetworkLog, tmp_path: Path
) -> None:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"<c/>" * 50_000_000)  # 200 MB of XML in ~200 KB
    bomb = tmp_path / "bao_cao_bom.xlsx"
    bomb.write_bytes(buffer.getvalue())
    open_upload(page, upload_server)
    page.locator(FILE_INPUT).set_input_files(bomb)
    refusal = page.get_by_test_id("stAlert").filter(has_text="bao_cao_bom.xlsx")
    expect(refusal).to_be_visible(timeout=TIMEOUT)
    expect(refusal).to_contain_text("giải nén")  # says why: it expands far beyond a report
    wait_until_idle(page)
    # The server is alive and the app goes on: a real report is checked right after.
    page.locator(FILE_INPUT).set_input_files(write_report(tmp_path, report()))
    summary = page.get_by_test_id("stMarkdown").filter(has_text="bản đồ ").filter(has_text=" lỗi")
    expect(summary.first).to_be_visible(timeout=TIMEOUT)
    page.get_by_test_id("stSidebarNav").get_by_text("Tổng quan").click()
    expect(page.get_by_role("heading", level=1, name="Chuyển đổi số Quảng Ninh")).to_be_visible(timeout=TIMEOUT)
    assert_no_error_box(page)
    assert network.page_errors == []


def test_two_analysts_loading_at_the_same_moment_both_land(
    page: Page, browser: Browser, upload_server: str, upload_warehouse: Path, network: NetworkLog, tmp_path: Path
) -> None:
    """Two people, two browsers, two reports (May and June 2024): both press "Nạp tệp này" before either
    answer comes; both get their receipt, neither an error, and the warehouse holds both uploads."""
    months = {5: page}
    with guarded_page(browser, NetworkLog()) as other:
        months[6] = other
        for month, person in months.items():
            title = f"BÁO CÁO THÁNG {month} NĂM 2024 - HUYỆN TIÊN YÊN"
            path = tmp_path / f"tien_yen_T{month}.xlsx"
            path.write_bytes(workbook(report_rows(title=title)))
            open_upload(person, upload_server)
            expect(choose_file(person, path)).to_contain_text(f"{month:02d}/2024")
            wait_until_idle(person)
            expect(load_button(person)).to_be_enabled()
        for person in months.values():
            load_button(person).click()  # the second click comes before the first load is done
        for month, person in months.items():
            receipt = person.get_by_test_id("stAlert").filter(has_text="Đã nạp lần #")
            expect(receipt).to_be_visible(timeout=TIMEOUT)
            expect(receipt).to_contain_text(f"tien_yen_T{month}.xlsx")
            assert_no_error_box(person)
    with duckdb.connect(str(upload_warehouse), read_only=True) as con:
        loaded = con.execute("SELECT file_name FROM upload WHERE file_name LIKE 'tien_yen_T_.xlsx'").fetchall()
    assert sorted(name for (name,) in loaded) == ["tien_yen_T5.xlsx", "tien_yen_T6.xlsx"]
    assert network.page_errors == []

"""Two app processes behind nginx (deploy/nginx.conf, started as in production by `deploy.serving`): a
page opens through the proxy and draws its chart, Streamlit's bundles arrive gzip-encoded, and a
viewer's session holds: the month chosen in the sidebar stays chosen on the next page, and a download
(served from the memory of the process that holds the session) arrives.

nginx is required, as Chromium is: CI installs it with scripts/system-packages.sh.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, Response, expect

from deploy import NGINX, ServerError, Serving, serving
from tests.browser.conftest import wait_until_idle

if TYPE_CHECKING:
    from tests.browser.conftest import NetworkLog

pytestmark = pytest.mark.browser

TIMEOUT = 30_000  # ms; each process's first run imports pandas, plotly and duckdb


@pytest.fixture(scope="module")
def served(sample_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Serving]:
    """Two app processes on the sample warehouse behind nginx, on free ports."""
    if not NGINX.is_file():
        pytest.fail(f"{NGINX} not found: these tests need Debian's nginx (scripts/system-packages.sh installs it)")
    try:
        with serving(sample_warehouse, 2, tmp_path_factory.mktemp("proxy")) as started:
            assert started.nginx is not None and len(started.apps) == 2
            yield started
    except ServerError as error:
        pytest.fail(str(error))


@pytest.fixture
def proxy(served: Serving) -> str:
    return served.url


def test_a_page_through_the_proxy_draws_its_chart_from_gzipped_bundles(
    page: Page, served: Serving, proxy: str, network: NetworkLog
) -> None:
    bundles: list[Response] = []
    page.on("response", lambda response: bundles.append(response) if "/static/js/" in response.url else None)
    page.goto(f"{proxy}/trends?period=2026-10")
    expect(page.get_by_role("heading", level=1, name="Xu hướng")).to_be_visible(timeout=TIMEOUT)
    expect(page.locator(".st-key-trend_chart .js-plotly-plot .main-svg").first).to_be_visible(timeout=TIMEOUT)
    wait_until_idle(page)

    assert bundles, "no JavaScript bundle came through the proxy"
    assert all(response.status == 200 for response in bundles)
    # Every bundle of 1 KB or more (nginx's gzip_min_length), the 4.7 MB plotly one among them.
    encodings = {
        response.url.rsplit("/", 1)[-1]: response.header_value("content-encoding")
        for response in bundles
        if len(response.body()) >= 1024
    }
    assert any(name.startswith("PlotlyChart.") for name in encodings), sorted(encodings)
    assert set(encodings.values()) == {"gzip"}, encodings
    # nginx served them itself: no bundle request went to an app process (the log's last field: "-").
    assert served.prefix is not None
    logged = [line for line in (served.prefix / "access.log").read_text().splitlines() if "/static/js/" in line]
    assert logged and all(line.endswith(" -") for line in logged), logged[:3]
    assert any(cookie["name"] == "dx_route" for cookie in page.context.cookies()), "no sticky-session cookie"
    assert network.page_errors == []


def test_a_viewers_session_holds_across_pages_and_downloads(
    page: Page, proxy: str, network: NetworkLog, tmp_path: Path
) -> None:
    page.goto(f"{proxy}/")
    expect(page.get_by_role("heading", level=1, name="Chuyển đổi số Quảng Ninh")).to_be_visible(timeout=TIMEOUT)
    wait_until_idle(page)
    month = page.get_by_test_id("stSidebar").get_by_role("combobox", name="Kỳ báo cáo")
    month.click()
    page.keyboard.type("06/2023")  # the list shows a few of its 58 months at a time; typing filters it
    page.get_by_role("option", name="Tháng 06/2023", exact=True).click()
    expect(page).to_have_url(f"{proxy}/?lang=vi&period=2023-06&kpi=online_dossier_rate&span=month")
    wait_until_idle(page)

    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Xu hướng", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Xu hướng")).to_be_visible(timeout=TIMEOUT)
    wait_until_idle(page)
    expect(month).to_have_value("Tháng 06/2023")  # kept by this viewer's session, not by the address
    expect(page.locator(".st-key-trend_chart .js-plotly-plot .main-svg").first).to_be_visible(timeout=TIMEOUT)

    with page.expect_download(timeout=TIMEOUT) as started:
        page.get_by_test_id("stDownloadButton").get_by_role("button", name="Dữ liệu CSV").click()
    saved = tmp_path / started.value.suggested_filename
    started.value.save_as(saved)
    rows = list(csv.reader(io.StringIO(saved.read_text("utf-8-sig"))))
    assert saved.name == "trends-online_dossier_rate-province-month.csv"
    assert [row[1] for row in rows[1:]][::57] == ["2022-01", "2026-10"]  # the province's 58 months
    assert len(rows) == 1 + 58
    assert network.page_errors == []

"""A walk through every page in a real browser, as a person would: sidebar links, a map click, shared links.

Each page must draw all of its charts with no error box and no script error in the page; the map is SVG
shapes with a label on every unit, so for the map the test counts the labels drawn.
Set DX_WALK_SCREENSHOTS to a folder to keep a screenshot of each page (walk_<page>.png).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import open_expander, wait_until_idle

if TYPE_CHECKING:
    from tests.browser.conftest import NetworkLog

pytestmark = pytest.mark.browser

TIMEOUT = 30_000  # ms; the first run of a page imports pandas, plotly and duckdb
CHART = ".js-plotly-plot"
MAP_LABELS = f"{CHART} .textpoint"
TITLE = "Chuyển đổi số Quảng Ninh"


# (sidebar link, path, main heading, plotly charts on the page, map)
PAGES = [
    ("Bản đồ", "/map", "Bản đồ", 1, True),
    ("Xu hướng", "/trends", "Xu hướng", 1, False),
    ("Xếp hạng", "/rankings", "Xếp hạng", 1, False),
    ("Hồ sơ đơn vị", "/profile", "Hồ sơ đơn vị", 1, False),
    ("Tình hình báo cáo", "/reporting", "Tình hình báo cáo", 1, False),
    ("Bản tin", "/briefing", "Bản tin", 0, False),
    ("Nạp báo cáo", "/upload", "Nạp báo cáo tháng", 0, False),
    ("Tổng quan", "/", TITLE, 1, False),
]

# Where on screen one unit's label is (the middle one of the trace "labels"), and whose it is: plotly's
# calcdata holds each point's data coordinates, the axes turn them into pixels of the plot.
UNIT_ON_SCREEN = """
selector => {
    const gd = document.querySelector(selector);
    const index = gd.data.findIndex(trace => trace.name === 'labels');
    const trace = gd.data[index];
    const k = Math.floor(gd.calcdata[index].length / 2);
    const point = gd.calcdata[index][k];
    const xaxis = gd._fullLayout.xaxis, yaxis = gd._fullLayout.yaxis;
    const box = gd.getBoundingClientRect();
    const x = xaxis._offset + xaxis.l2p(point.x), y = yaxis._offset + yaxis.l2p(point.y);
    return {
        x: box.left + x,
        y: box.top + y,
        inside: x > 0 && y > 0 && x < box.width && y < box.height,
        code: trace.customdata[k],
        name: String(trace.hovertext[k]).replace(/^<b>/, '').split('</b>')[0],
    };
}
"""


def assert_charts_drawn(page: Page, count: int, has_map: bool = False) -> None:
    charts = page.locator(CHART)
    expect(charts).to_have_count(count, timeout=TIMEOUT)
    for index in range(count):
        expect(charts.nth(index).locator(".main-svg").first).to_be_attached(timeout=TIMEOUT)
    if has_map:  # every unit labelled: 54 on the 2025 map
        expect(page.locator(MAP_LABELS).nth(53)).to_be_attached(timeout=TIMEOUT)


def assert_page_healthy(page: Page, network: NetworkLog) -> None:
    expect(page.get_by_test_id("stException")).to_have_count(0)
    assert network.page_errors == [], f"script errors in the page: {network.page_errors}"


def screenshot(page: Page, name: str) -> None:
    folder = os.environ.get("DX_WALK_SCREENSHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / f"walk_{name}.png"))


def open_page(page: Page, url: str, heading: str | re.Pattern[str]) -> None:
    page.goto(url)
    expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible(timeout=TIMEOUT)
    wait_until_idle(page)


def test_walk_through_every_page_by_the_sidebar(page: Page, app_server: str, network: NetworkLog) -> None:
    open_page(page, app_server, TITLE)
    assert_charts_drawn(page, 1)
    nav = page.get_by_test_id("stSidebarNav")
    for link, path, heading, charts, has_map in PAGES:
        nav.get_by_role("link", name=link, exact=True).click()
        expect(page).to_have_url(re.compile(rf"^{re.escape(app_server)}{re.escape(path)}(\?|$)"), timeout=TIMEOUT)
        expect(page.get_by_role("heading", level=1, name=heading, exact=True)).to_be_visible(timeout=TIMEOUT)
        wait_until_idle(page)
        assert_charts_drawn(page, charts, has_map)
        assert_page_healthy(page, network)
        screenshot(page, path.strip("/") or "overview")


def test_clicking_a_hexagon_opens_the_unit_profile(page: Page, app_server: str, network: NetworkLog) -> None:
    open_page(page, f"{app_server}/map", "Bản đồ")
    assert_charts_drawn(page, 1, has_map=True)
    page.locator(CHART).scroll_into_view_if_needed()
    unit = page.evaluate(UNIT_ON_SCREEN, CHART)
    assert unit["inside"], f"the chosen unit lies outside the map: {unit}"
    assert unit["name"], f"no unit name in the hover text: {unit}"

    page.mouse.move(unit["x"], unit["y"])  # as a person: hover first, then click
    page.mouse.click(unit["x"], unit["y"])
    expect(page).to_have_url(re.compile(rf"/profile\?(.*&)?unit={unit['code']}\b"), timeout=TIMEOUT)
    expect(page.get_by_role("heading", level=1, name="Hồ sơ đơn vị")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile(rf"^{re.escape(unit['name'])} · "))).to_be_visible(
        timeout=TIMEOUT
    )
    wait_until_idle(page)
    assert_charts_drawn(page, 1)
    assert_page_healthy(page, network)


def test_a_shared_map_link_restores_its_view(page: Page, app_server: str, network: NetworkLog) -> None:
    open_page(page, f"{app_server}/map?period=2022-12&kpi=dx_teams&map_mode=change", "Bản đồ")
    assert_charts_drawn(page, 1, has_map=True)
    title = page.get_by_test_id("stMarkdown").filter(has_text="thay đổi so với tháng trước")
    expect(title).to_contain_text("Số tổ công nghệ số cộng đồng: thay đổi so với tháng trước")
    expect(title).to_contain_text("12/2022")
    expect(page.get_by_role("radio")).to_have_count(2)  # the language's: the map's options are closed
    options = open_expander(page, "Tùy chọn bản đồ", TIMEOUT)
    expect(options.get_by_role("radio", name="Thay đổi so với tháng trước")).to_be_checked()
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_role("combobox", name="Chỉ tiêu")).to_have_value("Tổ công nghệ số")
    expect(sidebar.get_by_role("combobox", name="Kỳ báo cáo")).to_have_value("Tháng 12/2022")
    assert_page_healthy(page, network)


@pytest.mark.parametrize(("path", "heading"), [("/", TITLE), ("/map", "Bản đồ"), ("/trends", "Xu hướng")])
def test_opening_a_page_writes_its_choices_into_the_address_in_one_step(
    page: Page, app_server: str, network: NetworkLog, path: str, heading: str
) -> None:
    page.goto("about:blank")
    before = page.evaluate("history.length")
    open_page(page, f"{app_server}{path}", heading)
    assert_charts_drawn(page, 1)
    assert re.search(r"[?&]lang=vi\b", page.url) and re.search(r"[?&]kpi=\w+", page.url)  # a link to share
    # The page itself, and one step for its choices: Back leaves the dashboard at once (opening the map
    # used to add a step, and a redraw of the page, for each of its seven choices).
    assert page.evaluate("history.length") - before <= 2
    page.go_back()
    page.go_back()
    assert page.url == "about:blank"
    assert_page_healthy(page, network)


def test_a_shared_profile_link_opens_that_unit(page: Page, app_server: str, network: NetworkLog) -> None:
    open_page(page, f"{app_server}/profile?unit=06661", "Hồ sơ đơn vị")
    expect(page.get_by_role("heading", name=re.compile(r"^Phường Việt Hưng · "))).to_be_visible()
    assert_charts_drawn(page, 1)
    assert_page_healthy(page, network)


def test_language_switch_on_the_trends_page_keeps_its_controls(
    page: Page, app_server: str, network: NetworkLog
) -> None:
    open_page(page, f"{app_server}/trends?period=2023-06", "Xu hướng")
    assert_charts_drawn(page, 1)
    main = page.get_by_test_id("stMain")
    # The radio input itself sits under its label, which takes the click, as for a person.
    main.get_by_text("Các huyện, thị xã, thành phố", exact=True).click()
    wait_until_idle(page)
    main.get_by_text("Quý", exact=True).click()
    wait_until_idle(page)

    page.get_by_test_id("stSidebar").get_by_text("English", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Trends", exact=True)).to_be_visible(timeout=TIMEOUT)
    expect(page).to_have_url(re.compile(r"/trends\?(.*&)?lang=en\b"))
    wait_until_idle(page)
    expect(page.get_by_test_id("stSidebarNav").get_by_role("link", name="Trends", exact=True)).to_be_visible()
    expect(main.get_by_role("radio", name="Districts", exact=True)).to_be_checked()
    expect(main.get_by_role("radio", name="Quarter", exact=True)).to_be_checked()
    assert_charts_drawn(page, 1)
    expect(main.get_by_text(re.compile(r" by quarter\b")).first).to_be_visible()  # the chart's title, above it
    assert_page_healthy(page, network)


@pytest.mark.parametrize(("path", "heading", "charts", "has_map"), [("/map", "Bản đồ", 1, True)])
def test_a_deep_link_as_the_servers_first_request_opens_its_page(
    page: Page, fresh_app_server: str, network: NetworkLog, path: str, heading: str, charts: int, has_map: bool
) -> None:
    """Why the pages live in views/: a folder named pages/ puts Streamlit in its old multipage mode until
    app.py has run once, and a shared link as a fresh server's very first request then crashed."""
    assert network.to_server(fresh_app_server) == []  # nothing has asked this server anything yet
    open_page(page, f"{fresh_app_server}{path}?period=2026-10&kpi=dx_teams", heading)
    assert_charts_drawn(page, charts, has_map)
    assert_page_healthy(page, network)
    # The link's choices were taken: the chart is of the indicator and month it names.
    expect(
        page.get_by_test_id("stMarkdown").filter(has_text="Số tổ công nghệ số cộng đồng, Tháng 10/2026")
    ).to_have_count(1)
    assert not (Path(__file__).resolve().parents[2] / "pages").exists()

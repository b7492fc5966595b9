"""What a steering committee member sees, on a laptop (1440 px) and a phone (390 px): maps that name every
unit, the landing page's figures inside the screen, and one language at a time.

Set DX_VIEW_SCREENSHOTS to a folder to keep a screenshot of each page at each width.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser.conftest import NetworkLog, guarded_page, open_expander

pytestmark = pytest.mark.browser

TIMEOUT = 30_000
WIDTHS = {"laptop": 1440, "phone": 390}
LABELS = ".js-plotly-plot .textpoint"

# Strings that Streamlit or plotly write in English whatever the page's language (the file uploader's
# "Drag and drop files here" and "Browse files" are a known limit, and only on the upload page).
ENGLISH = (
    "Choose an option",
    "Choose options",
    "Download as CSV",
    "Fullscreen",
    "Download plot",
    "Zoom in",
    "Zoom out",
    "Autoscale",
    "Reset axes",
    "Produced with Plotly",
    "No results",
    "Deploy",
    "Rerun",
    "Clear all",
)
# Words of the Vietnamese interface that must not show in the English one (unit and district names are
# proper names and stay as they are).
VIETNAMESE = ("Tháng", "Chọn", "Tải", "Dữ liệu", "Bản đồ", "Xếp hạng", "Chưa", "mục tiêu", "Nguồn", "điểm %")
PAGES = ("/", "/map", "/trends", "/rankings", "/profile", "/reporting", "/briefing")

# The page's text as a person meets it: what is shown, and the tooltips and placeholders of what is shown.
SHOWN_TEXT = """
() => {
    const shown = e => e.offsetParent !== null || e.getClientRects().length > 0;
    const tips = Array.from(document.querySelectorAll('[title], [data-title], [placeholder], [aria-placeholder]'))
        .filter(shown)
        .map(e => ['title', 'data-title', 'placeholder', 'aria-placeholder'].map(a => e.getAttribute(a)).join(' '));
    return document.querySelector('[data-testid="stMain"]').innerText + ' ' +
        document.querySelector('[data-testid="stSidebar"]').innerText + ' ' + tips.join(' ');
}
"""


@pytest.fixture(params=list(WIDTHS), ids=list(WIDTHS))
def sized_page(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    network = NetworkLog()
    with guarded_page(browser, network) as page:
        page.set_viewport_size({"width": WIDTHS[request.param], "height": 900})
        yield page
    assert network.page_errors == []


def open_page(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning", timeout=TIMEOUT)
    expect(page.get_by_role("heading", level=1)).to_be_visible(timeout=TIMEOUT)
    page.wait_for_timeout(300)  # the last charts finish drawing


def svg_texts(labels: Locator) -> list[str]:
    """What each SVG text says (an SVG element has no innerText)."""
    return labels.evaluate_all("elements => elements.map(e => e.textContent)")


def keep(page: Page, name: str) -> None:
    folder = os.environ.get("DX_VIEW_SCREENSHOTS")
    if folder:
        width = page.viewport_size["width"] if page.viewport_size else 0
        page.screenshot(path=str(Path(folder) / f"{name}_{width}.png"), full_page=True)


def test_the_real_map_names_its_units(sized_page: Page, app_server: str) -> None:
    open_page(sized_page, f"{app_server}/map")
    labels = sized_page.locator(LABELS)
    expect(labels.nth(53)).to_be_attached(timeout=TIMEOUT)  # all 54 units of 2025
    assert labels.count() == 54
    texts = svg_texts(labels)
    assert "Hải Sơn" in texts  # a name where it fits …
    numbers = [text for text in texts if text.isdigit()]  # … a number where it does not, in the key
    key = open_key(sized_page)
    for number in numbers:
        expect(key).to_contain_text(f"{number} ")
    keep(sized_page, "map_2025")


def open_key(page: Page) -> Locator:
    """The map's key, opened as a viewer does (its text is sent once it is opened)."""
    key = open_expander(page, "Chú giải", TIMEOUT)
    expect(key.get_by_test_id("stMarkdown").first).to_be_visible(timeout=TIMEOUT)
    return key


# The map's box, and the bottom of the units' picture drawn in it, in the page's pixels.
MAP_BOXES = """
() => {
    const box = document.querySelector('.st-key-unit_map').getBoundingClientRect();
    const drawn = document.querySelector('.st-key-unit_map .imagelayer image').getBoundingClientRect();
    const figure = document.querySelector('.st-key-unit_map .main-svg').getBoundingClientRect();
    return {top: box.top, bottom: box.bottom, drawnBottom: drawn.bottom, figureHeight: figure.height};
}
"""


def assert_units_painted(picture: Locator) -> None:
    """The units' picture is on the screen in the map's blues: a picture the browser cannot read would leave
    the map white under its labels."""
    expect(picture).to_be_visible(timeout=TIMEOUT)
    share = 0.0
    for _ in range(20):  # the browser decodes the picture after it is placed
        pixels = np.asarray(Image.open(io.BytesIO(picture.screenshot())).convert("RGB"), dtype=int)
        share = float(((pixels[..., 2] - pixels[..., 0]) > 40).mean())
        if share > 0.15:
            return
        picture.page.wait_for_timeout(250)
    raise AssertionError(f"only {share:.0%} of the map's picture is painted in its blues")


@pytest.mark.parametrize("period", ["2026-10", "2023-06"])  # the real map and the 2020 hexagons
def test_a_map_box_ends_where_the_map_does(sized_page: Page, app_server: str, period: str) -> None:
    open_page(sized_page, f"{app_server}/map?period={period}")
    expect(sized_page.locator(LABELS).first).to_be_attached(timeout=TIMEOUT)
    assert_units_painted(sized_page.locator(".st-key-unit_map .imagelayer image"))
    boxes = sized_page.evaluate(MAP_BOXES)
    assert boxes["drawnBottom"] <= boxes["bottom"] + 2  # nothing of the map is cut off …
    if sized_page.viewport_size and sized_page.viewport_size["width"] < 640:
        # … and on a phone no band of empty screen is left under it (the figure is drawn 600 px high).
        assert boxes["bottom"] - boxes["drawnBottom"] < 40
        assert boxes["bottom"] - boxes["top"] < 0.8 * boxes["figureHeight"]
    else:
        assert boxes["bottom"] - boxes["top"] >= boxes["figureHeight"] - 1  # a laptop keeps the whole figure


def test_the_2020_map_names_every_hexagon_and_district(sized_page: Page, app_server: str) -> None:
    open_page(sized_page, f"{app_server}/map?period=2023-06")
    labels = sized_page.locator(LABELS)
    expect(labels.nth(177 + 13 - 1)).to_be_attached(timeout=TIMEOUT)  # 177 units and 13 district names
    texts = set(svg_texts(labels))
    assert {"Hạ Long", "Cô Tô", "Móng Cái"} <= texts
    key = open_key(sized_page)
    expect(key).to_contain_text("Thành phố Hạ Long")
    keep(sized_page, "map_2020")


def test_the_landing_page_shows_every_indicator_inside_the_screen(sized_page: Page, app_server: str) -> None:
    open_page(sized_page, app_server)
    width = sized_page.viewport_size["width"]  # type: ignore[index]
    cards = sized_page.locator(".dx-card")
    expect(cards).to_have_count(8, timeout=TIMEOUT)
    for index in range(8):
        card = cards.nth(index)
        card.scroll_into_view_if_needed()
        box = card.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, (index, box)
        expect(card.get_by_role("heading", level=3)).to_be_visible()  # the value
        expect(card.get_by_text("Đơn vị báo cáo", exact=False)).to_be_visible()
    main = sized_page.get_by_test_id("stMain")
    assert main.evaluate("e => e.scrollWidth <= e.clientWidth + 1")  # nothing to scroll sideways
    statuses = sized_page.get_by_text("● Đạt mục tiêu", exact=True)
    assert statuses.count() >= 1  # a shape and words, not only a colour
    keep(sized_page, "overview")


@pytest.mark.parametrize("path", PAGES)
def test_the_vietnamese_pages_show_no_english(page: Page, app_server: str, path: str) -> None:
    open_page(page, f"{app_server}{path}")
    shown = page.evaluate(SHOWN_TEXT)
    assert [text for text in ENGLISH if text in shown] == []
    assert page.locator(".modebar").count() == 0  # plotly's toolbar and its English tooltips


@pytest.mark.parametrize("path", PAGES)
def test_the_english_pages_show_no_vietnamese(page: Page, app_server: str, path: str) -> None:
    open_page(page, f"{app_server}{path}?lang=en")
    shown = page.evaluate(SHOWN_TEXT)
    assert [word for word in VIETNAMESE if word in shown] == []

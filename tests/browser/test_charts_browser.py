"""The rankings and trends pages in a real browser on a laptop (1440 px) and a phone (390 px): nothing wider
than the screen, the ranking's key columns in view, chosen communes kept through a reload, and each
language's page free of the other language's words.

Set DX_CHART_SCREENSHOTS to a folder to keep a full-length screenshot of each page at each size.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pytest
from playwright.sync_api import Page, expect

from core.messages import LANGUAGE_LABELS, _messages
from tests.browser.conftest import wait_until_idle

if TYPE_CHECKING:
    from tests.browser.conftest import NetworkLog

pytestmark = pytest.mark.browser

TIMEOUT = 30_000  # ms; the first run of a page imports pandas, plotly and duckdb
CHART = ".js-plotly-plot"
GRID = '[data-testid="stDataFrame"] table[role="grid"]'
SIZES = {"laptop": (1440, 900), "phone": (390, 844)}
VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)
# What a framework says on its own when a page forgets to: a Vietnamese page must never show these.
FRAMEWORK_ENGLISH = ["Choose options", "Choose an option", "No results", "No options to select", "Select all"]

# The header cells of the rendered part of the grid (Glide keeps an ARIA table of what it draws).
GRID_HEADERS = """
selector => {
    const grid = document.querySelector(selector);
    const row = grid && grid.querySelector('tr');
    return row ? Array.from(row.children).map(cell => cell.textContent) : null;
}
"""
# Everything a person can read: the page's text and the charts' SVG text (names, ticks, legends, labels).
# Material icons are ligatures ("upload" drawn as an arrow): hidden while the text is read, then shown again.
VISIBLE_TEXT = """
() => {
    const icons = Array.from(document.querySelectorAll('[data-testid="stIconMaterial"]'));
    icons.forEach(icon => { icon.style.display = 'none'; });
    const text = [document.querySelector('[data-testid="stMain"]').innerText,
                  document.querySelector('[data-testid="stSidebar"]').innerText,
                  ...Array.from(document.querySelectorAll('.js-plotly-plot text')).map(node => node.textContent)];
    icons.forEach(icon => { icon.style.display = ''; });
    return text.join('\\n');
}
"""


def open_at(page: Page, url: str, size: str) -> None:
    """`url` in a window of `size`, once its one chart is drawn."""
    page.set_viewport_size(dict(zip(("width", "height"), SIZES[size], strict=True)))
    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_be_visible(timeout=TIMEOUT)
    wait_until_idle(page)
    expect(page.locator(CHART).locator(".main-svg").first).to_be_attached(timeout=TIMEOUT)
    expect(page.get_by_test_id("stException")).to_have_count(0)


def keep_screenshot(page: Page, name: str) -> None:
    folder = os.environ.get("DX_CHART_SCREENSHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def assert_within_width(page: Page, selector: str) -> None:
    """Every element of `selector` lies inside the window's width, and the page does not scroll sideways."""
    width = page.viewport_size["width"] if page.viewport_size else 0
    boxes = [page.locator(selector).nth(i).bounding_box() for i in range(page.locator(selector).count())]
    assert boxes, f"nothing matches {selector}"
    for box in boxes:
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, (selector, box, width)
    scroll = page.evaluate("() => [document.documentElement.scrollWidth, document.body.scrollWidth]")
    assert max(scroll) <= width, f"the page scrolls sideways: {scroll} > {width}"


@pytest.mark.parametrize("size", list(SIZES))
def test_the_ranking_chart_and_table_fit_the_screen(
    page: Page, app_server: str, network: NetworkLog, size: str
) -> None:
    open_at(page, f"{app_server}/rankings?period=2026-10&kpi=online_dossier_rate", size)
    keep_screenshot(page, f"rankings-{size}")
    assert_within_width(page, CHART)
    assert_within_width(page, '[data-testid="stDataFrame"]')
    # The dot plot's target label and legend are drawn, above the units.
    expect(page.locator(CHART).locator("text", has_text="Mục tiêu 95,0%")).to_have_count(1)
    expect(page.locator(CHART).locator(".legend text", has_text="gần đạt")).to_have_count(1)
    # On a phone the grid draws only the columns in view: rank, unit, value and light come first.
    table = page.locator('[data-testid="stDataFrame"]').first
    table.scroll_into_view_if_needed()
    page.wait_for_function(f"() => ({GRID_HEADERS})({GRID!r}) !== null", timeout=TIMEOUT)
    headers = page.evaluate(GRID_HEADERS, GRID)
    assert headers[:4] == ["Xếp hạng", "Đơn vị", "Giá trị", "Đánh giá"]
    if size == "phone":
        assert len(headers) <= 5, f"the phone's first screen of the table should hold the key columns: {headers}"
    assert network.page_errors == []


def test_chosen_communes_come_back_after_a_reload(page: Page, app_server: str, network: NetworkLog) -> None:
    open_at(page, f"{app_server}/trends?trends_level=units&units=06661,06652", "phone")
    main = page.get_by_test_id("stMain")
    chosen = main.get_by_test_id("stMultiSelect").locator("[data-tag]")
    expect(chosen).to_have_text(["Phường Việt Hưng", "Phường Hà Tu"])
    main.get_by_role("button", name="Remove Phường Hà Tu").click()  # as a person: the tag's ×
    expect(page).to_have_url(re.compile(r"[?&]units=06661(&|$)"), timeout=TIMEOUT)
    wait_until_idle(page)

    page.reload()  # the address alone brings the choice back
    wait_until_idle(page)
    expect(page.get_by_test_id("stMain").get_by_test_id("stMultiSelect").locator("[data-tag]")).to_have_text(
        ["Phường Việt Hưng"], timeout=TIMEOUT
    )
    expect(page.locator(CHART).locator(".main-svg").first).to_be_attached(timeout=TIMEOUT)
    keep_screenshot(page, "trends-units-phone")
    assert_within_width(page, CHART)
    assert network.page_errors == []


PAGES = [
    "rankings?period=2026-10&kpi=online_dossier_rate",
    "trends?trends_level=districts&district=206&period=2024-06",
    "trends?trends_level=units&trends_frequency=year&units=06661",
]


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("path", PAGES)
def test_each_language_shows_only_its_own_words(
    page: Page, app_server: str, network: NetworkLog, sample_warehouse: Path, path: str, lang: str, size: str
) -> None:
    open_at(page, f"{app_server}/{path}&lang={lang}", size)
    keep_screenshot(page, f"{path.split('?')[0]}-{path.split('=')[1].split('&')[0]}-{lang}-{size}")
    assert_within_width(page, CHART)
    text = page.evaluate(VISIBLE_TEXT)
    english = [phrase for phrase in english_phrases() if re.search(rf"\b{re.escape(phrase)}\b", text)]
    words = _without(text, proper_names(sample_warehouse))
    if lang == "vi":
        assert english == [], f"English on the Vietnamese page: {english}"
        assert VIETNAMESE.search(words)  # the page was read: its own words are found
    else:
        assert not VIETNAMESE.search(words), f"Vietnamese on the English page: {VIETNAMESE.findall(words)[:10]}"
        assert len(english) > 10  # the page was read: its own phrases are found
    assert network.page_errors == []


def english_phrases() -> list[str]:
    """Every English text of core/messages.toml that differs from its Vietnamese (the literal parts of a
    template, three letters or more), and what the framework would say in English on its own."""
    phrases = set(FRAMEWORK_ENGLISH)
    for entry in _messages().values():
        if entry["en"] == entry["vi"]:
            continue
        for part in re.split(r"\{[^}]*\}", entry["en"]):
            part = part.strip(" .,:;()·–-%/")
            if re.search(r"[A-Za-z]{3}", part) and not VIETNAMESE.search(part) and part not in entry["vi"]:
                phrases.add(part)
    # Words both languages write alike (a resolution's number, a unit of the metric system) are no leak.
    return sorted(p for p in phrases if not re.fullmatch(r"[A-Z0-9/ -]+", p))


def proper_names(warehouse: Path) -> list[str]:
    """Names the English page keeps in Vietnamese: communes, districts, the province, the language's own
    name, and the indicators' Vietnamese names (the issue's exception), longest first."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        units = [row[0] for row in con.execute("SELECT name FROM unit UNION SELECT district_name FROM unit").fetchall()]
        kpis = [row[0] for row in con.execute("SELECT name_vi FROM indicator").fetchall()]
    names = [n for n in units + kpis if n] + ["Quảng Ninh", LANGUAGE_LABELS["vi"]]
    return sorted(set(names), key=len, reverse=True)


def _without(text: str, names: list[str]) -> str:
    for name in names:
        text = text.replace(name, " ")
    return text

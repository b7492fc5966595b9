"""The overview page in a real browser: figures on screen match the warehouse, in both languages.

The expected figures are computed here straight from the warehouse with DuckDB and formatted by
hand, without the dashboard's own queries or formatting code.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.browser.conftest import open_expander, wait_until_idle

if TYPE_CHECKING:
    from tests.browser.conftest import NetworkLog

pytestmark = pytest.mark.browser

TIMEOUT = 30_000  # ms; the first run of the script imports pandas, plotly and duckdb
GRID = '[data-testid="stDataFrame"] table[role="grid"]'
TITLE = {"vi": "Chuyển đổi số Quảng Ninh", "en": "Quảng Ninh digital transformation"}
NOTICE = {"vi": "Dữ liệu mẫu", "en": "Sample data"}
HEADERS = {
    "vi": [
        "Chỉ tiêu",
        "Giá trị",
        "So với tháng trước",
        "So với cùng kỳ năm trước",
        "Tử số",
        "Mẫu số",
        "Đơn vị báo cáo",
    ],
    "en": [
        "Indicator",
        "Value",
        "vs previous month",
        "vs same month last year",
        "Numerator",
        "Denominator",
        "Units reporting",
    ],
}
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
HEADLINE = "online_dossier_rate"


# --- the expected figures, straight from the warehouse -------------------------------------------


@dataclass(frozen=True)
class Figure:
    numerator: float
    denominator: float | None
    units: int
    carried: int = 0  # units whose last reported stock is kept (the missing-report rule)

    def value(self, kind: str) -> float | None:
        if kind == "count":
            return self.numerator
        return self.numerator / self.denominator if self.denominator else None


@dataclass(frozen=True)
class Expected:
    month: date
    unit_total: int
    indicators: list[dict[str, Any]]  # kpi, kind, name_vi, name_en, short_vi, short_en in display order
    figures: dict[tuple[date, str], Figure]
    # Like-for-like changes: over the units with a figure in both months (all on one map here).
    changes: dict[tuple[date, str], float | None]

    def heading(self, lang: str) -> str:
        if lang == "vi":
            return f"Toàn tỉnh, Tháng {self.month.month:02d}/{self.month.year}"
        return f"Province, {MONTHS_EN[self.month.month - 1]} {self.month.year}"

    def name(self, kpi: str, lang: str, short: bool = False) -> str:
        field = f"short_{lang}" if short else f"name_{lang}"
        return next(row[field] for row in self.indicators if row["kpi"] == kpi)

    def rows(self, lang: str) -> list[list[str]]:
        """The overview table as the user should read it: header, then one row per indicator."""
        previous = date(self.month.year - (self.month.month == 1), (self.month.month - 2) % 12 + 1, 1)
        last_year = date(self.month.year - 1, self.month.month, 1)
        rows = [HEADERS[lang]]
        for indicator in self.indicators:
            kpi, kind = indicator["kpi"], indicator["kind"]
            now = self.figures[(self.month, kpi)]
            value = now.value(kind)
            changes = []
            for other in (previous, last_year):
                delta = self.changes.get((other, kpi))
                changes.append(_points(delta, lang) if kind == "rate" else _number(delta, lang, sign=True))
            reporting = f"{now.units}/{self.unit_total}" if lang == "vi" else f"{now.units} of {self.unit_total}"
            if now.carried:
                reporting += f" (+{now.carried} chuyển tiếp)" if lang == "vi" else f" (+{now.carried} carried)"
            rows.append(
                [
                    indicator[f"name_{lang}"],
                    _percent(value, lang) if kind == "rate" else _number(value, lang),
                    *changes,
                    _number(now.numerator, lang),
                    _number(now.denominator, lang),
                    reporting,
                ]
            )
        return rows


def _number(value: float | None, lang: str, decimals: int = 0, sign: bool = False) -> str:
    if value is None:
        return "–"
    text = f"{value:{'+' if sign else ''},.{decimals}f}"
    if lang == "vi":  # 1.234.567,8
        text = text.replace(",", " ").replace(".", ",").replace(" ", ".")
    return text


def _percent(fraction: float | None, lang: str) -> str:
    return "–" if fraction is None else _number(fraction * 100, lang, 1) + "%"


def _points(delta: float | None, lang: str) -> str:
    if delta is None:
        return "–"
    return _number(delta * 100, lang, 1, sign=True) + (" điểm %" if lang == "vi" else " pp")


@pytest.fixture(scope="module")
def expected(sample_warehouse: Path) -> Expected:
    with duckdb.connect(str(sample_warehouse), read_only=True) as con:
        (month,) = con.execute("SELECT max(period) FROM observation_current").fetchone()
        (unit_total,) = con.execute(
            """
            SELECT count(*) FROM unit JOIN edition USING (edition)
            WHERE $month BETWEEN coalesce(valid_from, DATE '1900-01-01') AND coalesce(valid_to, DATE '9999-12-31')
            """,
            {"month": month},
        ).fetchone()
        indicators = [
            dict(zip(("kpi", "kind", "name_vi", "name_en", "short_vi", "short_en"), row, strict=True))
            for row in con.execute(
                "SELECT kpi, kind, name_vi, name_en, short_vi, short_en FROM indicator ORDER BY sort_order"
            ).fetchall()
        ]
        # The province under the missing-report rule, as analysts query it (SPEC §5).
        figures = {
            (period, kpi): Figure(numerator, denominator, units, carried)
            for period, kpi, numerator, denominator, units, carried in con.execute(
                "SELECT period, kpi, numerator, denominator, units_reported, units_carried FROM province_figures"
            ).fetchall()
        }
        previous = date(month.year - (month.month == 1), (month.month - 2) % 12 + 1, 1)
        others = [previous, date(month.year - 1, month.month, 1)]
        editions = con.execute(
            "SELECT DISTINCT edition FROM observation_current WHERE list_contains($months, period)",
            {"months": [month, *others]},
        ).fetchall()
        assert len(editions) == 1, "the expected changes below pair units by code: one map only"
        kinds = {row["kpi"]: row["kind"] for row in indicators}
        changes = {}
        for other in others:
            for kpi, now_n, now_d, then_n, then_d in con.execute(
                """
                SELECT a.kpi, sum(a.numerator), sum(a.denominator), sum(b.numerator), sum(b.denominator)
                FROM observation_current AS a
                JOIN observation_current AS b ON b.kpi = a.kpi AND b.unit_code = a.unit_code AND b.period = $other
                WHERE a.period = $month
                GROUP BY a.kpi
                """,
                {"month": month, "other": other},
            ).fetchall():
                if kinds[kpi] == "count":
                    changes[(other, kpi)] = now_n - then_n
                else:
                    changes[(other, kpi)] = now_n / now_d - then_n / then_d
    return Expected(month, unit_total, indicators, figures, changes)


# --- reading the page -----------------------------------------------------------------------------

# st.dataframe draws a Glide data grid on a <canvas>; inside the canvas element it keeps an ARIA
# table (role="grid") of the rendered rows for screen readers. All rows are rendered here (8
# indicators fit), which `aria-rowcount` confirms.
READ_GRID = """
selector => {
    const grid = document.querySelector(selector);
    if (!grid) return null;
    const rows = Array.from(grid.querySelectorAll('tr'));
    return {
        rowcount: Number(grid.getAttribute('aria-rowcount')),
        rows: rows.map(tr => Array.from(tr.children).map(cell => cell.textContent)),
    };
}
"""
GRID_MATCHES = f"""
([selector, wanted]) => {{
    const grid = ({READ_GRID})(selector);
    return grid !== null && JSON.stringify(grid.rows) === JSON.stringify(wanted);
}}
"""


def read_table(page: Page) -> dict[str, Any] | None:
    return page.evaluate(READ_GRID, GRID)


DETAILS = {"vi": "Bảng chi tiết", "en": "Detailed table"}


def open_details(page: Page, lang: str) -> None:
    """Open the expander that holds the full table under the cards (closed when the page opens)."""
    details = open_expander(page, DETAILS[lang], TIMEOUT)
    expect(details.locator(GRID)).to_be_attached(timeout=TIMEOUT)


def assert_table_shows(page: Page, rows: list[list[str]]) -> None:
    """Wait until the overview grid shows exactly `rows`; on time-out, show what it does show."""
    open_details(page, "vi" if rows[0] == HEADERS["vi"] else "en")
    with contextlib.suppress(PlaywrightTimeoutError):  # the comparison below explains the difference
        page.wait_for_function(GRID_MATCHES, arg=[GRID, rows], timeout=TIMEOUT)
    shown = read_table(page)
    assert shown is not None, "no overview table on the page"
    assert shown["rows"] == rows
    assert shown["rowcount"] == len(rows), "the grid did not render all of its rows"


def assert_chart_drawn(page: Page, title_part: str) -> None:
    chart = page.locator(".js-plotly-plot").first
    expect(chart.locator(".main-svg").first).to_be_attached(timeout=TIMEOUT)
    expect(chart.locator("g.trace.scatter").first).to_be_attached()
    line = chart.locator("path.js-line").first
    expect(line).to_be_attached()
    assert (line.get_attribute("d") or "").count("L") > 10, "the province line has (almost) no points"
    expect(page.get_by_test_id("stMarkdown").filter(has_text=title_part).first).to_be_visible()  # its title


def assert_no_error_box(page: Page) -> None:
    expect(page.get_by_test_id("stException")).to_have_count(0)


def open_overview(page: Page, base_url: str) -> None:
    page.goto(base_url)
    expect(page.get_by_role("heading", level=1, name=TITLE["vi"])).to_be_visible(timeout=TIMEOUT)


# --- the tests ------------------------------------------------------------------------------------


def test_overview_shows_the_warehouse_figures_in_vietnamese(
    page: Page, app_server: str, network: NetworkLog, expected: Expected
) -> None:
    open_overview(page, app_server)
    expect(page).to_have_title(TITLE["vi"])
    expect(page.get_by_test_id("stAlert").filter(has_text=NOTICE["vi"])).to_be_visible()
    expect(page.get_by_role("heading", name=expected.heading("vi"))).to_be_visible()

    rows = expected.rows("vi")
    assert_table_shows(page, rows)
    headline = next(row for row in rows if row[0] == expected.name(HEADLINE, "vi"))
    figure = expected.figures[(expected.month, HEADLINE)]
    assert headline[1] == _percent(figure.numerator / figure.denominator, "vi")  # e.g. "95,9%"
    assert headline[6] == f"{figure.units}/{expected.unit_total}"  # e.g. "52/54": a flow is never carried
    card = page.locator(f'.dx-card[data-kpi="{HEADLINE}"]')  # the same figure on the landing page's card
    expect(card).to_contain_text(headline[1])
    expect(card).to_contain_text(f"{figure.units}/{expected.unit_total}")

    assert_chart_drawn(page, expected.name(HEADLINE, "vi"))
    assert_no_error_box(page)
    assert network.to_server(app_server), "the request recorder saw nothing, not even the app itself"
    assert any(url.endswith("/_stcore/stream") for url in network.websockets)
    assert network.page_errors == []


def choose_english(page: Page) -> None:
    # The radio input itself sits under its label, which takes the click, as for a person.
    page.get_by_test_id("stSidebar").get_by_text("English", exact=True).click()


def test_language_switch_to_english(page: Page, app_server: str, network: NetworkLog, expected: Expected) -> None:
    open_overview(page, app_server)
    assert_table_shows(page, expected.rows("vi"))  # the session is up before we click

    choose_english(page)
    expect(page.get_by_test_id("stSidebar").get_by_role("radio", name="English")).to_be_checked()
    expect(page).to_have_url(re.compile(r"[?&]lang=en\b"))  # a reload or a shared link stays English
    expect(page.get_by_role("heading", level=1, name=TITLE["en"])).to_be_visible()
    expect(page).to_have_title(TITLE["en"])
    expect(page.get_by_test_id("stAlert").filter(has_text=NOTICE["en"])).to_be_visible()
    expect(page.get_by_role("heading", name=expected.heading("en"))).to_be_visible()

    rows = expected.rows("en")
    assert_table_shows(page, rows)
    headline = next(row for row in rows if row[0] == expected.name(HEADLINE, "en"))
    figure = expected.figures[(expected.month, HEADLINE)]
    assert headline[1] == _percent(figure.numerator / figure.denominator, "en")  # e.g. "95.9%"

    assert_chart_drawn(page, expected.name(HEADLINE, "en"))
    assert_no_error_box(page)
    assert network.to_server(app_server)
    assert network.page_errors == []


def test_sidebar_pickers_follow_the_language(page: Page, app_server: str, expected: Expected) -> None:
    open_overview(page, app_server)
    assert_table_shows(page, expected.rows("vi"))
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_role("combobox", name="Kỳ báo cáo")).to_have_value(expected.heading("vi").split(", ")[1])

    choose_english(page)
    expect(page.get_by_role("heading", level=1, name=TITLE["en"])).to_be_visible()
    assert_table_shows(page, expected.rows("en"))
    wait_until_idle(page)
    expect(sidebar.get_by_role("combobox", name="Month")).to_have_value(
        expected.heading("en").split(", ")[1], timeout=2_000
    )
    # The sidebar lists indicators by their short names (a long one is cut off there).
    expect(sidebar.get_by_role("combobox", name="Indicator")).to_have_value(expected.name(HEADLINE, "en", short=True))


def test_language_switch_in_the_first_session_after_server_start(
    page: Page, fresh_app_server: str, expected: Expected
) -> None:
    open_overview(page, fresh_app_server)
    assert_table_shows(page, expected.rows("vi"))
    wait_until_idle(page)

    choose_english(page)
    expect(page.get_by_test_id("stSidebar").get_by_role("radiogroup", name="Language")).to_be_visible()
    wait_until_idle(page)
    expect(page.get_by_role("heading", level=1, name=TITLE["en"])).to_be_visible(timeout=2_000)

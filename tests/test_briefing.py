"""Briefing packs: the narrative (pure), the PDF and PPTX read back, scopes, errors, and the page."""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER
from pptx.util import Inches
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from core.errors import DxError, UsageError
from core.formats import format_number, format_percent
from core.limits import MAX_EXPANDED_BYTES, MAX_FILE_BYTES, MEGABYTE
from core.messages import t
from dashboard import style
from reports import briefing
from reports.layouts import TITLES, Template, check_template, theme_fonts
from reports.narrative import Facts, narrative
from reports.pack import Briefing
from reports.pdf import pdf_bytes
from reports.pptx import pptx_bytes
from tests.conftest import REPO
from warehouse import connect, current
from warehouse.reader import ConnectionReader

DECEMBER_2022 = date(2022, 12, 1)
JUNE_2023 = date(2023, 6, 1)
SLIDES = 12  # title, summary, eight indicators, completeness, notes


# --- the narrative -------------------------------------------------------------------------------------------


def _facts(**changes: object) -> Facts:
    base = {
        "name": "Tỷ lệ hồ sơ TTHC tiếp nhận trực tuyến",
        "kind": "rate",
        "month": JUNE_2023,
        "place": "Toàn tỉnh",
        "value": 0.754,
        "change_previous": 0.012,
        "change_last_year": 0.051,
        "target": 0.80,
        "example_target": False,
        "units_below": 57,
        "units_total": 177,
    }
    return Facts(**{**base, **changes})


@pytest.mark.parametrize(
    ("case", "changes", "expected"),
    [
        (
            "rising",
            {},
            "Toàn tỉnh, tháng 06/2023: tỷ lệ hồ sơ TTHC tiếp nhận trực tuyến đạt 75,4%, tăng 1,2 điểm % so với "
            "tháng trước và tăng 5,1 điểm % so với cùng kỳ năm trước. Còn thiếu 4,6 điểm % so với mục tiêu năm "
            "2023 (80,0%). 57/177 đơn vị chưa đạt mục tiêu.",
        ),
        (
            "falling",
            {"change_previous": -0.008, "change_last_year": -0.02},
            "Toàn tỉnh, tháng 06/2023: tỷ lệ hồ sơ TTHC tiếp nhận trực tuyến đạt 75,4%, giảm 0,8 điểm % so với "
            "tháng trước và giảm 2,0 điểm % so với cùng kỳ năm trước. Còn thiếu 4,6 điểm % so với mục tiêu năm "
            "2023 (80,0%). 57/177 đơn vị chưa đạt mục tiêu.",
        ),
        (
            "unchanged",
            {"change_previous": 0.0004, "change_last_year": 0.0},
            "Toàn tỉnh, tháng 06/2023: tỷ lệ hồ sơ TTHC tiếp nhận trực tuyến đạt 75,4%, không đổi so với tháng "
            "trước và không đổi so với cùng kỳ năm trước. Còn thiếu 4,6 điểm % so với mục tiêu năm 2023 (80,0%). "
            "57/177 đơn vị chưa đạt mục tiêu.",
        ),
        (
            "no target",
            {"target": None, "units_below": None},
            "Toàn tỉnh, tháng 06/2023: tỷ lệ hồ sơ TTHC tiếp nhận trực tuyến đạt 75,4%, tăng 1,2 điểm % so với "
            "tháng trước và tăng 5,1 điểm % so với cùng kỳ năm trước. Chưa có mục tiêu cho chỉ tiêu này.",
        ),
        (
            "all units on target",
            {"value": 0.954, "target": 0.95, "example_target": True, "units_below": 0, "units_total": 54},
            "Toàn tỉnh, tháng 06/2023: tỷ lệ hồ sơ TTHC tiếp nhận trực tuyến đạt 95,4%, tăng 1,2 điểm % so với "
            "tháng trước và tăng 5,1 điểm % so với cùng kỳ năm trước. Đã đạt mục tiêu năm 2023 (95,0% – mục tiêu "
            "ví dụ). Tất cả 54 đơn vị có số liệu đều đạt mục tiêu.",
        ),
    ],
)
def test_narrative_in_vietnamese(case, changes, expected):
    text = narrative(_facts(**changes), "vi")
    assert text == expected, case
    assert 2 <= text.count(". ") + 1 <= 3


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {},
            "Province, Jun 2023: Share of dossiers stood at 75.4%, up 1.2 pp on the previous month and up 5.1 pp on "
            "the same month last year. That is 4.6 pp short of the 2023 target (80.0%). 57 of 177 units are below it.",
        ),
        (
            {"change_previous": -0.03, "change_last_year": math.nan, "target": None},
            "Province, Jun 2023: Share of dossiers stood at 75.4%, down 3.0 pp on the previous month. "
            "No target is set for this indicator.",
        ),
        (
            {"value": 0.82, "units_below": 0, "example_target": True},
            "Province, Jun 2023: Share of dossiers stood at 82.0%, up 1.2 pp on the previous month and up 5.1 pp on "
            "the same month last year. That meets the 2023 target (80.0%, an example target). All 177 units with a "
            "figure meet the target.",
        ),
    ],
)
def test_narrative_in_english(changes, expected):
    facts = _facts(name="Share of dossiers", place="Province", **changes)
    assert narrative(facts, "en") == expected


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("vi", "Sát mục tiêu năm 2023 (90,0%): còn thiếu chưa đến 0,1 điểm %."),
        ("en", "Just short of the 2023 target (90.0%): less than 0.1 pp to go."),
    ],
)
def test_narrative_never_says_zero_short_of_a_target(lang, expected):
    """89,96% prints as 90,0%: "0,0 điểm % short" of 90,0% would read as a contradiction."""
    text = narrative(_facts(value=0.8996, target=0.90), lang)
    assert expected in text
    assert "0,0 điểm" not in text and "0.0 pp" not in text


def test_narrative_of_a_count_uses_thousands_separators():
    facts = _facts(
        name="Số hồ sơ trực tuyến",
        kind="count",
        value=459326,
        change_previous=12345,
        change_last_year=-1000,
        target=None,
        units_below=None,
    )
    text = narrative(facts, "vi")
    assert "đạt 459.326, tăng 12.345 so với tháng trước và giảm 1.000 so với cùng kỳ năm trước." in text
    assert "459,326" in narrative(facts, "en")


def test_narrative_of_one_unit_gives_its_rank_and_of_a_missing_figure_says_so():
    unit = _facts(place="Phường Bãi Cháy", units_below=None, units_total=0, rank=(4, 174))
    assert narrative(unit, "vi").endswith("Xếp thứ 4/174 đơn vị trong tỉnh.")
    assert narrative(unit, "en").endswith("It ranks 4 of 174 units.")
    missing = narrative(_facts(value=math.nan), "vi")
    assert missing == "Toàn tỉnh: chưa có số liệu tỷ lệ hồ sơ TTHC tiếp nhận trực tuyến tháng 06/2023."


# --- pure helpers --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("count", "top", "bottom"), [(177, 5, 5), (10, 5, 5), (7, 4, 3), (1, 1, 0), (0, 0, 0)])
def test_top_and_lowest_never_overlap(count, top, bottom):
    ranked = _ranked([0.9 - i / 1000 for i in range(count)])
    best, worst = briefing.top_and_lowest(ranked, "rate", "vi")
    assert (len(best.rows), len(worst.rows)) == (top, bottom)
    assert not {r.rank for r in best.rows} & {r.rank for r in worst.rows}


def _ranked(values: list[float]) -> pd.DataFrame:
    """Units best first, as `ranking_view` ranks them."""
    ordered = sorted(values, reverse=True)
    return pd.DataFrame(
        {"rank": range(1, len(values) + 1), "name": [f"U{i}" for i in range(len(values))], "value": ordered}
    )


def test_lowest_lists_only_units_below_their_target():
    ranked = _ranked([0.99, 0.98, 0.97, 0.96, 0.95, 0.94, 0.93, 0.92, 0.91, 0.90, 0.89, 0.88, 0.70, 0.60])
    targets = pd.Series([0.90] * len(ranked), index=ranked.index)
    targets.iloc[-1] = 0.50  # the lowest unit has a target of its own, and meets it
    _, lowest = briefing.top_and_lowest(ranked, "rate", "en", targets)
    below = ranked[ranked["value"] < targets]
    assert [r.name for r in lowest.rows] == list(below["name"])  # 0.89, 0.88, 0.70: not the 0.60 that met its own
    assert all(ranked.set_index("name").at[r.name, "value"] < 0.90 for r in lowest.rows)
    assert lowest.title != briefing.top_and_lowest(ranked, "rate", "en")[1].title  # "below target", not just lowest
    many = _ranked([0.5 - i / 100 for i in range(20)])
    _, worst = briefing.top_and_lowest(many, "rate", "en", pd.Series([0.9] * 20, index=many.index))
    assert [r.rank for r in worst.rows] == [16, 17, 18, 19, 20]  # the lowest five of the twenty below
    assert "20" in worst.title


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_when_every_unit_meets_its_target_no_unit_is_listed_as_lowest(lang):
    ranked = _ranked([1.0] * 12 + [0.99996])  # the last one: 100,0% printed, yet below a target of 100%
    targets = pd.Series([1.0] * 12 + [0.9], index=ranked.index)  # …but its own target is 90%
    top, lowest = briefing.top_and_lowest(ranked, "rate", lang, targets)
    assert lowest.rows == [] and lowest.empty == t("briefing_all_met", lang)
    assert lowest.empty != t("briefing_all_met", "en" if lang == "vi" else "vi")  # said in the pack's language
    assert len(top.rows) == 5


def test_a_unit_just_short_of_its_target_shows_the_decimals_that_say_so():
    ranked = _ranked([1.0] * 10 + [0.99996])
    targets = pd.Series([1.0] * 11, index=ranked.index)
    _, lowest = briefing.top_and_lowest(ranked, "rate", "vi", targets)
    assert [r.value for r in lowest.rows] == ["99,996%"]  # never "100,0%" under "below target"


def test_without_any_target_the_lowest_are_listed_as_lowest():
    ranked = _ranked([float(v) for v in range(40, 0, -1)])
    _, lowest = briefing.top_and_lowest(ranked, "count", "en", None)
    assert [r.rank for r in lowest.rows] == [36, 37, 38, 39, 40]
    assert lowest.title == t("briefing_lowest", "en", n=5) and not lowest.empty


def test_scope_choices_list_province_districts_then_units():
    units = pd.DataFrame(
        {
            "code": ["06649", "06652", "07000"],
            "name": ["Phường Hà Khánh", "Phường Hà Phong", "Xã Bình Liêu"],
            "district_code": ["193", "193", "198"],
            "district_name": ["Thành phố Hạ Long", "Thành phố Hạ Long", "Huyện Bình Liêu"],
        }
    )
    choices = briefing.scope_choices(units, "vi")
    assert list(choices) == ["", "193", "198", "06649", "06652", "07000"]
    assert choices[""] == "Toàn tỉnh Quảng Ninh"
    assert choices["193"] == "Thành phố Hạ Long (cả huyện)"
    assert choices["06649"] == "Phường Hà Khánh – Thành phố Hạ Long"


# --- reading the warehouse independently ------------------------------------------------------------------------


def _sums(db: Path, month: date, codes: list[str] | None = None) -> pd.DataFrame:
    """Per indicator: sum of numerators and denominators and units reporting, straight from the view."""
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(
            """
            SELECT o.kpi, i.kind, sum(o.numerator) AS n, sum(o.denominator) AS d, count(DISTINCT o.unit_code) AS units
            FROM observation_current AS o JOIN indicator AS i USING (kpi)
            WHERE o.period = $month AND ($codes IS NULL OR list_contains($codes, o.unit_code))
            GROUP BY o.kpi, i.kind
            """,
            {"month": month, "codes": codes},
        ).df()


def _expected_values(db: Path, month: date, lang: str, codes: list[str] | None = None) -> list[str]:
    sums = _sums(db, month, codes)
    return [
        format_percent(n / d, lang) if kind == "rate" else format_number(n, lang)
        for n, d, kind in zip(sums["n"], sums["d"], sums["kind"], strict=True)
    ]


KEY_HEADINGS = tuple(t("map_key_heading", lang) for lang in ("vi", "en"))


def _is_key(text: str) -> bool:
    """A page or slide of the maps' key, which closes a pack whose maps carry abbreviations or numbers."""
    return any(heading in text for heading in KEY_HEADINGS)


def _main_pages(path: Path) -> list:
    """The pack's pages up to its notes (the key's pages after them left out)."""
    return [page for page in PdfReader(path).pages if not _is_key(page.extract_text())]


def _pdf_pages(path: Path) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in _main_pages(path)]


def _pdf_images(path: Path) -> list[tuple[int, int]]:
    sizes = []
    for page in PdfReader(path).pages:
        for image in page.images:
            decoded = Image.open(io.BytesIO(image.data))
            decoded.load()  # decodes every pixel: a broken image fails here
            sizes.append(decoded.size)
    return sizes


def _slides(path: Path) -> list[tuple[str, list[tuple[int, int]]]]:
    """Per slide: its text, and the pixel size of each picture (decoded)."""
    deck = Presentation(str(path))
    result = []
    for slide in deck.slides:
        texts, pictures = [], []
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if shape.has_table:
                texts += [cell.text for row in shape.table.rows for cell in row.cells]
            if shape.shape_type == MSO_SHAPE_TYPE.PICTURE:
                assert shape.left >= 0 and shape.left + shape.width <= deck.slide_width
                assert shape.top >= 0 and shape.top + shape.height <= deck.slide_height
                decoded = Image.open(io.BytesIO(shape.image.blob))
                decoded.load()
                pictures.append(decoded.size)
        result.append((" ".join(" ".join(texts).split()), pictures))
    return [slide for slide in result if not _is_key(slide[0])]


def _write(
    db: Path, month: date, fmt: str, lang: str, out: Path, scope: str | None = None, template: Template | None = None
) -> Path:
    """The pack as `python -m reports briefing` makes it, written to `out`."""
    with connect(db, read_only=True) as con:
        out.write_bytes(briefing.pack_bytes(ConnectionReader(con), month, fmt, lang, scope, template=template))
    return out


# --- the province pack, PDF and PPTX from one build ------------------------------------------------------------


@pytest.fixture(scope="module")
def december_pack(
    sample_db_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Path, Path, Briefing]]:
    folder = tmp_path_factory.mktemp("briefing")
    with connect(sample_db_template, read_only=True) as con:
        pack = briefing.build_briefing(ConnectionReader(con), DECEMBER_2022, "vi")
    (folder / "pack.pdf").write_bytes(pdf_bytes(pack))
    (folder / "pack.pptx").write_bytes(pptx_bytes(pack))
    yield folder / "pack.pdf", folder / "pack.pptx", pack


def test_province_pdf_shows_the_warehouse_figures_in_vietnamese(december_pack, sample_db_template):
    pages = _pdf_pages(december_pack[0])
    assert len(pages) == SLIDES
    assert all("Dữ liệu mẫu" in page for page in pages)  # the sample watermark on every page
    title, summary = pages[0], pages[1]
    assert "Bản tin chuyển đổi số" in title and "Toàn tỉnh Quảng Ninh" in title and "Tháng 12/2022" in title
    assert "Các chỉ tiêu so với mục tiêu, Tháng 12/2022" in summary
    for value in _expected_values(sample_db_template, DECEMBER_2022, "vi"):
        assert value in summary
    assert "1.473" in summary and "11.255" in summary and "100,0%" in summary  # the published 2022 figures
    assert summary.count("177/177") == 8
    teams = next(page for page in pages if page.startswith("Dữ liệu mẫu / Sample data Số tổ công nghệ số cộng đồng"))
    assert "Toàn tỉnh, tháng 12/2022: số tổ công nghệ số cộng đồng đạt 1.473" in teams
    assert "5 đơn vị cao nhất" in teams and "5 đơn vị thấp nhất" in teams
    assert "Tình hình báo cáo" in pages[-2] and "177/177 đơn vị có số liệu Tháng 12/2022" in pages[-2]
    assert "Ghi chú về số liệu" in pages[-1] and "Bản đồ 2020" in pages[-1]


def test_pdf_has_its_labelled_pages_one_per_indicator(december_pack):
    """Read back with pypdf: title, summary, a page per indicator headed by its name (named once: the
    pictures carry no title, so outside the narrative the name is the heading alone), completeness, notes."""
    pack = december_pack[2]
    pages = _pdf_pages(december_pack[0])
    sample = pack.sample_mark
    assert pages[0].replace(sample, "").strip().startswith(pack.text("briefing_title"))
    assert pack.text("briefing_summary", month=pack.month_text) in pages[1]
    for page, section in zip(pages[2:-2], pack.sections, strict=True):
        body = page.replace(sample, "").strip()
        assert body.startswith(section.name)
        narrative = " ".join(section.narrative.split())
        assert narrative in body
        assert body.replace(narrative, "").count(section.name) == 1
        assert section.top.title in body and section.lowest.title in body
    assert pages[-2].replace(sample, "").strip().startswith(pack.text("page_completeness"))
    assert pages[-1].replace(sample, "").strip().startswith(pack.text("briefing_notes"))
    for index, page in enumerate(_main_pages(december_pack[0])[2:-2]):
        assert len(page.images) == 2, index  # the map and the trend, as PNG: their labels are not PDF text


def test_pdf_body_text_is_ten_points_or_more(december_pack):
    """Everything but the running footer and the sample banner at the page's edges is set at 10 pt or more."""
    small = []
    for number, page in enumerate(PdfReader(december_pack[0]).pages, start=1):
        height = float(page.mediabox.height)

        def visit(text, cm, tm, font, size, number=number, height=height):
            y = tm[5] * cm[3] + cm[5]
            scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5
            if text.strip() and 40 < y < height - 30 and size * scale < 9.99:
                small.append((number, text, size * scale))

        page.extract_text(visitor_text=visit)
    assert small == []


def test_an_indicator_page_uses_the_page_down_to_its_footer(december_pack):
    """No empty bottom third: on every indicator page some text or picture reaches the last sixth."""
    for page in _main_pages(december_pack[0])[2:-2]:
        heights: list[float] = []

        def visit(text, cm, tm, font, size, heights=heights):
            if text.strip():
                heights.append(tm[5])

        page.extract_text(visitor_text=visit)
        content = [y for y in heights if y > 40]  # the footer aside
        assert min(content) < float(page.mediabox.height) / 6


def test_province_pdf_pictures_are_maps_and_trends(december_pack):
    sizes = _pdf_images(december_pack[0])
    pack = december_pack[2]
    assert sorted(sizes) == sorted(
        [(s.map.width, s.map.height) for s in pack.sections] + [(s.trend.width, s.trend.height) for s in pack.sections]
    )


def test_no_unit_level_with_the_best_is_listed_among_the_lowest(december_pack):
    """2022-12 has no targets yet; every village has its team (the published 1.452/1.452): no unit at 100%
    is "lowest", the list says that every unit stands at 100%."""
    pack = december_pack[2]
    villages = next(s for s in pack.sections if s.kpi == "village_team_coverage")
    assert villages.lowest.rows == [] and villages.lowest.empty == t("briefing_all_level", "vi", value="100,0%")
    for section in pack.sections:
        assert "100,0%" not in [row.value for row in section.lowest.rows], section.kpi


def test_province_pptx_has_its_slides_pictures_and_watermark(december_pack, sample_db_template):
    slides = _slides(december_pack[1])
    assert len(slides) == SLIDES
    deck = Presentation(str(december_pack[1]))
    assert deck.slide_width * 9 == deck.slide_height * 16
    assert all("Dữ liệu mẫu" in text for text, _ in slides)
    pack = december_pack[2]
    pictures = [size for _, sizes in slides for size in sizes]
    assert pictures == [
        size for s in pack.sections for size in ((s.map.width, s.map.height), (s.trend.width, s.trend.height))
    ]
    assert [len(sizes) for _, sizes in slides] == [0, 0] + [2] * 8 + [0, 0]
    summary = slides[1][0]
    for value in _expected_values(sample_db_template, DECEMBER_2022, "vi"):
        assert value in summary
    assert "Tỷ lệ hồ sơ TTHC tiếp nhận trực tuyến" in slides[2][0]
    assert "Ghi chú về số liệu" in slides[-1][0]


def _title_of(slide):
    return next(
        (shape for shape in slide.shapes if shape.is_placeholder and shape.placeholder_format.type in TITLES), None
    )


def test_every_slide_is_built_on_a_layout_with_its_title_and_text_in_placeholders(december_pack):
    deck = Presentation(str(december_pack[1]))
    pack = december_pack[2]
    expected = [pack.text("briefing_title"), pack.text("briefing_summary", month=pack.month_text)]
    expected += [s.name for s in pack.sections] + [pack.text("page_completeness"), pack.text("briefing_notes")]
    key = [pack.text("map_key_heading")] + [pack.text("briefing_continued", title=pack.text("map_key_heading"))] * 9
    expected += key[: len(deck.slides) - len(expected)]  # the maps' key closes the pack
    for slide, title in zip(deck.slides, expected, strict=True):
        assert slide.shapes.title is not None and slide.shapes.title.is_placeholder
        assert slide.shapes.title.placeholder_format.type in TITLES
        assert slide.shapes.title.text_frame.text == title
        kinds = {shape.placeholder_format.type for shape in slide.shapes if shape.is_placeholder}
        assert kinds & {PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.SUBTITLE}
    narrative = deck.slides[2].placeholders[1].text_frame.text  # the body placeholder holds the narrative
    assert narrative.split("\n") == pack.sections[0].sentences


def test_slide_text_is_fourteen_points_or_more(december_pack):
    """Titles, narrative, tables and captions: 14 pt or more; only the footer and the sample banner are smaller."""
    deck = Presentation(str(december_pack[1]))
    mark = december_pack[2].sample_mark
    small = []
    for number, slide in enumerate(deck.slides, start=1):
        for shape in slide.shapes:
            if shape.is_placeholder and shape.placeholder_format.type in {
                PP_PLACEHOLDER.FOOTER,
                PP_PLACEHOLDER.SLIDE_NUMBER,
            }:
                continue
            frames = [c.text_frame for row in shape.table.rows for c in row.cells] if shape.has_table else []
            frames += [shape.text_frame] if shape.has_text_frame else []
            for frame in frames:
                for paragraph in frame.paragraphs:
                    for run in paragraph.runs:
                        if run.text.strip() and run.text != mark and (run.font.size is None or run.font.size.pt < 14):
                            small.append((number, run.text[:30], run.font.size))
    assert small == []


def test_default_slides_name_the_house_font_in_their_theme(december_pack):
    deck = Presentation(str(december_pack[1]))
    assert theme_fonts(deck) == [style.PRINT_FONT, style.PRINT_FONT]


# --- the province's PowerPoint template -------------------------------------------------------------------------


MARKER = "QN-TEMPLATE-MARKER"


def _province_template(*, slides: int = 0, usable: bool = True) -> bytes:
    """A template as a province might send one: 4:3, its layouts renamed in Vietnamese and reordered, a
    marker in its master, perhaps a few example slides; unusable when no layout has a title and a body."""
    deck = Presentation()
    for number, layout in enumerate(deck.slide_layouts):
        layout.name = f"Bố cục {number}"
    ids = deck.slide_master.slide_layouts._sldLayoutIdLst
    ids.insert(0, ids[-1])  # the last layout first: the pack must not pick layouts by position
    deck.slide_master.name = MARKER
    for _ in range(slides):
        deck.slides.add_slide(deck.slide_layouts[0]).shapes.title.text = "Ví dụ"
    if not usable:
        for layout in list(deck.slide_layouts):
            kinds = {p.placeholder_format.type for p in layout.placeholders}
            if kinds & {PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT}:
                deck.slide_layouts.remove(layout)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def test_a_province_template_is_applied(december_pack):
    template = Template(_province_template(slides=3), "mau-tinh.pptx")
    deck = Presentation(io.BytesIO(pptx_bytes(december_pack[2], template)))
    assert (deck.slide_width, deck.slide_height) == (Inches(10), Inches(7.5))  # the template's 4:3 is kept
    assert deck.slide_master.name == MARKER
    assert all(slide.slide_layout.name.startswith("Bố cục") for slide in deck.slides)
    assert all(_title_of(slide) is not None for slide in deck.slides)
    # Its example slides are not part of the pack. Its body is smaller than the default's: what does not fit
    # at 14 pt goes on to a slide "(continued)", so every title is the pack's, in order.
    pack = december_pack[2]
    expected = [pack.text("briefing_title"), pack.text("briefing_summary", month=pack.month_text)]
    expected += [s.name for s in pack.sections] + [pack.text("page_completeness"), pack.text("briefing_notes")]
    titles = [slide.shapes.title.text_frame.text for slide in deck.slides]
    continued = {pack.text("briefing_continued", title=title): title for title in expected}
    assert [title for title in titles if title not in continued and not _is_key(title)] == expected
    assert all(
        continued[title] == titles[i - 1] or titles[i - 1] == title
        for i, title in enumerate(titles)
        if title in continued
    )
    for slide in deck.slides:  # pictures and tables stay on the smaller slide
        for shape in slide.shapes:
            if shape.shape_type in {MSO_SHAPE_TYPE.PICTURE, MSO_SHAPE_TYPE.TABLE}:
                assert shape.left >= 0 and shape.left + shape.width <= deck.slide_width


def test_a_potx_template_is_read_as_the_presentation_it_holds(december_pack):
    data = _province_template()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as copy:
        for part in source.infolist():
            body = source.read(part)
            if part.filename == "[Content_Types].xml":
                body = body.replace(b"presentationml.presentation.main+xml", b"presentationml.template.main+xml")
            copy.writestr(part, body)
    check_template(Template(out.getvalue(), "mau.potx"))


def _zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("ppt/media/huge.bin", b"\0" * (MAX_EXPANDED_BYTES + MEGABYTE))
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "code", "vi", "en"),
    [
        (
            lambda: _province_template(usable=False),
            "template_no_layout",
            "ô tiêu đề và một ô nội dung",
            "title placeholder",
        ),
        (lambda: b"not a presentation", "template_unreadable", "không phải bài trình chiếu", "not a PowerPoint"),
        (lambda: (REPO / "data" / "targets.csv").read_bytes(), "template_unreadable", ".pptx", ".pptx"),
        (
            lambda: b"PK" + b"\0" * (MAX_FILE_BYTES + 1),
            "template_too_large",
            "lớn hơn giới hạn 20 MB",
            "limit of 20 MB",
        ),
        (_zip_bomb, "template_expands", "giải nén", "expands"),
    ],
)
def test_a_template_the_pack_cannot_use_is_refused_in_both_languages(december_pack, data, code, vi, en):
    template = Template(data(), "mau-tinh.pptx")
    with pytest.raises(DxError) as caught:
        pptx_bytes(december_pack[2], template)
    assert caught.value.code == code and caught.value.exit_status == 2
    assert "mau-tinh.pptx" in caught.value.message_vi and vi in caught.value.message_vi
    assert "mau-tinh.pptx" in caught.value.message_en and en in caught.value.message_en


def test_a_bad_template_is_refused_before_any_picture_is_drawn(sample_db_template, monkeypatch, tmp_path):
    monkeypatch.setattr(briefing, "build_briefing", lambda *a, **k: pytest.fail("built a pack for a bad template"))
    bad = Template(_province_template(usable=False), "mau.pptx")
    with pytest.raises(DxError, match=r"mau\.pptx"):
        _write(sample_db_template, JUNE_2023, "pptx", "vi", tmp_path / "x.pptx", template=bad)
    with pytest.raises(DxError) as caught:  # a template is for PowerPoint only
        _write(
            sample_db_template,
            JUNE_2023,
            "pdf",
            "vi",
            tmp_path / "x.pdf",
            template=Template(_province_template(), "m.pptx"),
        )
    assert caught.value.key == "briefing_error_template_format"
    assert not list(tmp_path.iterdir())


# --- scopes ----------------------------------------------------------------------------------------------------


def test_district_pack_covers_the_district_only(sample_db_template, tmp_path):
    with duckdb.connect(str(sample_db_template), read_only=True) as con:
        codes = [
            r[0]
            for r in con.execute("SELECT code FROM unit WHERE edition = '2020' AND district_code = '193'").fetchall()
        ]
    out = _write(sample_db_template, JUNE_2023, "pdf", "vi", tmp_path / "ha-long.pdf", scope="193")
    pages = _pdf_pages(out)
    assert len(pages) == SLIDES
    assert "Thành phố Hạ Long" in pages[0]
    for value in _expected_values(sample_db_template, JUNE_2023, "vi", codes):
        assert value in pages[1]
    assert f"{len(codes)}/{len(codes)}" in pages[1]
    assert "Thành phố Hạ Long, tháng 06/2023:" in pages[2]
    assert f"/{len(codes)} đơn vị có số liệu Tháng 06/2023" in pages[-2]


def test_unit_pack_in_english_without_sample_data_has_no_watermark(sample_db, tmp_path):
    with duckdb.connect(str(sample_db)) as con:  # the same figures, no longer labelled as sample data
        con.execute("UPDATE upload SET is_sample = false")
        current.rebuild(con)  # written behind the loader's back: the current figures ranked again
    out = _write(sample_db, JUNE_2023, "pptx", "en", tmp_path / "bai-chay.pptx", scope="06673")
    slides = _slides(out)
    assert len(slides) == SLIDES
    assert not any("Sample data" in text or "Dữ liệu mẫu" in text for text, _ in slides)
    assert "Phường Bãi Cháy" in slides[0][0] and "Jun 2023" in slides[0][0]
    for value in _expected_values(sample_db, JUNE_2023, "en", ["06673"]):
        assert value in slides[1][0]
    assert re.search(r"It ranks \d+ of 17\d units", slides[2][0])  # the narrative says the unit's place
    assert "Phường Bãi Cháy, Jun 2023: Share of administrative dossiers received online stood at" in slides[2][0]


# --- errors ----------------------------------------------------------------------------------------------------


def test_empty_warehouse_is_a_clear_error_in_both_languages(empty_db, tmp_path):
    with pytest.raises(DxError) as error:
        _write(empty_db, JUNE_2023, "pdf", "vi", tmp_path / "x.pdf")
    assert str(error.value) == "Kho dữ liệu chưa có số liệu. / The warehouse has no figures."
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize(
    ("month", "fmt", "scope", "message"),
    [
        (date(2031, 1, 1), "pdf", None, "Không có số liệu Tháng 01/2031. / There are no figures for Jan 2031."),
        (JUNE_2023, "pdf", "99999", "Không có huyện hay đơn vị mã “99999” trên bản đồ 2020 (Tháng 06/2023)."),
        (date(2026, 10, 1), "pptx", "193", "No district or unit has the code “193” on the 2025 map (Oct 2026)."),
        (JUNE_2023, "docx", None, "Định dạng “docx” không hỗ trợ (chọn: pdf, pptx)."),
    ],
)
def test_impossible_requests_are_clear_errors(sample_db_template, tmp_path, month, fmt, scope, message):
    with pytest.raises(DxError) as error:
        _write(sample_db_template, month, fmt, "vi", tmp_path / f"x.{fmt}", scope=scope)
    assert message in str(error.value)
    assert " / " in str(error.value)  # Vietnamese, then English
    assert not list(tmp_path.iterdir())


# --- the page --------------------------------------------------------------------------------------------------


def _page(monkeypatch, db: Path) -> AppTest:
    monkeypatch.setenv("DX_WAREHOUSE", str(db))
    monkeypatch.chdir(REPO)
    app = AppTest.from_file(str(REPO / "app.py"), default_timeout=240).run()
    app.switch_page("views/briefing.py").run()
    assert not app.exception
    return app


def test_page_builds_a_pack_and_offers_it_for_download(monkeypatch, sample_db_template):
    app = _page(monkeypatch, sample_db_template)
    assert app.title[0].value == "Bản tin"
    assert app.selectbox(key="briefing_month_vi").value == date(2026, 10, 1)  # the session's month
    assert app.radio(key="briefing_lang_vi").value == "vi"
    assert not app.download_button
    app.button(key="briefing_build").click().run()
    assert not app.exception
    assert not app.error
    assert app.download_button(key="briefing_download").label == "Tải bản tin (PDF)"
    request, data = app.session_state["briefing_pack"]
    assert data.startswith(b"%PDF")
    pages = [page for page in PdfReader(io.BytesIO(data)).pages if not _is_key(page.extract_text())]
    assert len(pages) == SLIDES  # the summary on one page, "(+2 chuyển tiếp)" and all
    assert request[2:] == (date(2026, 10, 1), "", "vi", "pdf", None)
    assert not app.get("file_uploader")  # a template is for PowerPoint only
    app.radio(key="briefing_fmt").set_value("pptx").run()  # another choice: the old pack is not offered
    assert not app.download_button
    assert app.file_uploader(key="briefing_template")


PPTX_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def test_page_applies_an_uploaded_template_and_refuses_a_bad_one(monkeypatch, sample_db_template):
    calls = []

    def pack_bytes(source, period, fmt, lang, scope=None, template=None):
        calls.append(template)
        return b"PK pack"

    monkeypatch.setattr(briefing, "pack_bytes", pack_bytes)
    app = _page(monkeypatch, sample_db_template)
    app.radio(key="briefing_fmt").set_value("pptx").run()
    bad = _province_template(usable=False)
    app.file_uploader(key="briefing_template").set_value(("mau-hong.pptx", bad, PPTX_TYPE)).run()
    assert not app.exception
    assert "hong" in app.error[0].value and "ô tiêu đề" in app.error[0].value  # in the page's language
    assert app.button(key="briefing_build").disabled and calls == []  # nothing is built on it
    good = _province_template()
    app.file_uploader(key="briefing_template").set_value(("mau-tinh.pptx", good, PPTX_TYPE)).run()
    assert not app.error and "tinh" in " ".join(c.value for c in app.caption)
    app.button(key="briefing_build").click().run()
    assert [template.data for template in calls] == [good]
    assert app.download_button(key="briefing_download").label == "Tải bản tin (PPTX)"
    app.file_uploader(key="briefing_template").set_value(None).run()  # another template (none): not offered
    assert not app.download_button


def test_page_shows_why_a_pack_cannot_be_made(monkeypatch, sample_db_template):
    def no_figures(source, period, fmt, lang, scope=None, template=None):
        raise UsageError("briefing_error_month", month=period)

    monkeypatch.setattr(briefing, "pack_bytes", no_figures)  # as if the month were reverted meanwhile
    app = _page(monkeypatch, sample_db_template)
    app.button(key="briefing_build").click().run()
    assert not app.exception
    assert "Không có số liệu Tháng 10/2026." in app.error[0].value  # in the page's language
    assert not app.download_button


@pytest.mark.parametrize(
    ("carried", "vi", "en"), [(True, "được giữ nguyên", "is kept"), (False, "không tính", "left out")]
)
def test_narrative_names_the_units_that_did_not_report(carried, vi, en):
    names = tuple(f"Xã {n}" for n in ("A", "B", "C", "D", "E", "F", "G"))
    facts = _facts(not_reported=names, carried=carried)
    text_vi, text_en = narrative(facts, "vi"), narrative(facts, "en")
    assert "Chưa báo cáo: Xã A, Xã B, Xã C, Xã D, Xã E và 2 đơn vị khác" in text_vi and vi in text_vi
    assert "Not reported: Xã A, Xã B, Xã C, Xã D, Xã E and 2 more" in text_en and en in text_en
    assert "Chưa báo cáo" not in narrative(_facts(), "vi")


def test_a_month_with_missing_reports_names_them_and_keeps_the_teams(sample_db_template):
    october = date(2026, 10, 1)
    with connect(sample_db_template, read_only=True) as con:
        source = ConnectionReader(con)
        pack = briefing.build_briefing(source, october, "vi")
        reported = set(source.reported_figures(october)["unit_code"])
        units = source.units("2025")
    silent = sorted(units.loc[~units["code"].isin(reported), "name"])
    assert len(silent) == 2  # the sample's two laggards of the newest month
    teams = next(s for s in pack.sections if s.kpi == "dx_teams")
    assert "Chưa báo cáo: " in teams.narrative and all(name in teams.narrative for name in silent)
    assert "1.472" in teams.narrative  # carried: the count does not fall for want of two reports


def test_the_maps_key_closes_the_pack_and_spells_out_every_label(december_pack):
    """The 2020 map's 177 abbreviations, each under its district, on the pages after the notes (the maps
    say where to look); in PowerPoint on slides of their own, titled in their placeholder."""
    pdf_path, pptx_path, pack = december_pack
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(pdf_path).pages]
    keys = [page for page in pages if _is_key(page)]
    assert keys and pages[-len(keys) :] == keys  # the last pages
    text = " ".join(keys)
    entries = [entry for _, group in pack.map_key for entry in group]
    assert len(entries) == 177
    assert all(f"{label} {name}" in text for label, name in entries)
    assert all(section.key for section in pack.sections)  # each map says where its key is
    deck = Presentation(str(pptx_path))
    titles = [_title_of(slide).text_frame.text for slide in deck.slides]
    assert sum(_is_key(title) for title in titles) >= 2 and _is_key(titles[-1])

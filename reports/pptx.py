"""The briefing pack as PowerPoint: title, summary table, one slide per indicator, completeness, notes.

Every slide is made from a slide layout (`reports.layouts`: the default 16:9 template or the province's):
its title in the layout's title placeholder, its text in the layout's body placeholder, its pictures and
tables in the body's area, its footer in the layout's footer and number placeholders where it has them.
So a province template restyles the whole pack, and an edited slide behaves like any other. The text
takes the template's fonts (the default template's are style.PRINT_FONT); sizes are set here so that the
body reads at 14 pt or more and still fits. On sample data every slide carries a banner and a
translucent diagonal mark.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

import pandas as pd
from lxml import etree
from PIL import ImageFont
from pptx.dml.color import RGBColor
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.slide import Slide, SlideLayout
from pptx.text.text import TextFrame
from pptx.util import Emu, Inches, Pt

from dashboard import style
from reports.layouts import BODIES, TITLES, Template, placeholder, placeholders, template_layouts
from reports.pack import Box, Boxes, Briefing, Picture, RankedList, Section, column_widths

EMU_PER_PT = 12700
GAP = Inches(0.15)
MAP_SHARE = 0.43  # of the body's width: the map on the left, the trend and the lists on the right
MIN_TREND = Inches(1.3)  # a trend less tall than this says nothing: the lists then go on a slide of their own
SIZES = {"cover": 40, "title": 28, "subtitle": 20, "body": 16, "narrative": 14, "table": 14, "foot": 11}
LINE = 1.17  # a line's height, in font sizes (DejaVu Sans's own)
TABLE_LINE = 1.2  # in a table cell (as LibreOffice draws it; PowerPoint's is a little less)
CELL_MARGINS = Inches(0.1)  # a table cell's top and bottom margins together (PowerPoint's default)
BULLETS = {qn(f"a:{tag}") for tag in ("buNone", "buAutoNum", "buChar", "buBlip")}
RED = RGBColor(*style.rgb(style.SAMPLE_RED))
GREY = RGBColor(*style.rgb(style.GREY))

# Drawn for the default template's body (12.5 × 5.65 in) under a narrative of five lines: the slide is read
# from further away than a page, so the charts' own text is a quarter larger.
BOXES = Boxes(map=Box(5.4, 3.9, text_scale=1.25), trend=Box(7.0, 2.0, text_scale=1.25))


NewSlide = Callable[[], Slide]  # adds a slide on the content layout


@dataclass(frozen=True)
class Rect:
    left: int
    top: int
    width: int
    height: int

    def below(self, height: int) -> Rect:
        """What is left of the rectangle under a strip of `height` and a gap."""
        return Rect(self.left, self.top + height + GAP, self.width, self.height - height - GAP)


# --- text: measured, then written --------------------------------------------------------------------------


@cache
def _font(bold: bool) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(style.print_font_file(bold)), 100)  # measured at 100 pt, scaled


def lines_of(text: str, width: int, size: float, bold: bool = False) -> int:
    """How many lines `text` wraps to in `width` EMU at `size` pt, measured with the house font (wider than
    most, so a template's own font fits at least as well)."""
    room = (width - Inches(0.2)) / EMU_PER_PT  # the text frame's own left and right insets
    font, lines, current = _font(bold), 1, ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if current and font.getlength(trial) * size / 100 > room:
            lines, current = lines + 1, word
        else:
            current = trial
    return lines


def text_height(paragraphs: Sequence[str], width: int, size: float, bold: bool = False) -> int:
    """The height of paragraphs in a text frame: their lines, a little space between them, the insets."""
    lines = sum(lines_of(p, width, size, bold) for p in paragraphs)
    return int(Pt(size * LINE * lines + size * 0.2 * len(paragraphs))) + Inches(0.1)


def fitting_size(paragraphs: Sequence[str], box: Rect, sizes: Sequence[float]) -> float:
    """The largest of `sizes` at which the paragraphs fit the box (else the smallest)."""
    return next((s for s in sizes if text_height(paragraphs, box.width, s) <= box.height), sizes[-1])


def _no_bullet(paragraph) -> None:
    """A paragraph of plain text in a body placeholder, whose template puts bullets on every line: no bullet
    and no hanging indent. `a:buNone` goes where the schema wants it, before the tab list and run defaults."""
    properties = paragraph._p.get_or_add_pPr()
    properties.set("marL", "0")
    properties.set("indent", "0")
    for child in list(properties):
        if child.tag in BULLETS:
            properties.remove(child)
    none = etree.Element(qn("a:buNone"))
    after = next((c for c in properties if c.tag in {qn("a:tabLst"), qn("a:defRPr"), qn("a:extLst")}), None)
    if after is None:
        properties.append(none)
    else:
        after.addprevious(none)


def write(
    frame: TextFrame,
    paragraphs: Sequence[str],
    size: float,
    *,
    bold: bool = False,
    bullets: bool = False,
    colour: RGBColor | None = None,
    align: PP_ALIGN | None = None,
) -> None:
    """The paragraphs into a text frame at `size`; bullets as the template draws them, or none. The font
    and colour are the template's unless `colour` is given."""
    frame.clear()
    frame.word_wrap = True
    for index, text in enumerate(paragraphs):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        if not bullets:
            _no_bullet(paragraph)
        if align is not None:
            paragraph.alignment = align
        run = paragraph.add_run()
        run.text = text
        run.font.size = Pt(size)
        run.font.bold = bold or None
        if colour is not None:
            run.font.color.rgb = colour


def _textbox(slide: Slide, box: Rect, paragraphs: Sequence[str], size: float, **options) -> None:
    """A caption (the map's key) or the slide's decorations: the only text outside the placeholders."""
    shape = slide.shapes.add_textbox(Emu(box.left), Emu(box.top), Emu(box.width), Emu(box.height))
    write(shape.text_frame, paragraphs, size, **options)


# --- placeholders ------------------------------------------------------------------------------------------------


def _rect(shape) -> Rect:
    return Rect(int(shape.left), int(shape.top), int(shape.width), int(shape.height))


def _move(shape, box: Rect) -> None:
    shape.left, shape.top, shape.width, shape.height = Emu(box.left), Emu(box.top), Emu(box.width), Emu(box.height)


def set_title(slide: Slide, text: str, size: float) -> None:
    """The layout's title placeholder, in the template's style at `size`."""
    title = slide.shapes.title or placeholder(slide, TITLES)
    write(title.text_frame, [text], size)


def body(slide: Slide):
    """The slide's body placeholder, cloned from its layout by python-pptx."""
    return placeholder(slide, BODIES | {PP_PLACEHOLDER.SUBTITLE})


def _footer(slide: Slide, layout: SlideLayout, briefing: Briefing, number: int) -> None:
    """The running title and the slide's number in the layout's footer and number placeholders (python-pptx
    leaves them out of a new slide); a plain line at the foot where the layout has none."""
    texts = {PP_PLACEHOLDER.FOOTER: briefing.running_title, PP_PLACEHOLDER.SLIDE_NUMBER: str(number)}
    placed = False
    for kind, text in texts.items():
        model = placeholder(layout, {kind})
        if model is None:
            continue
        slide.shapes.clone_placeholder(model)
        shape = next(p for p in placeholders(slide) if p.placeholder_format.idx == model.placeholder_format.idx)
        size = fitting_size([text], _rect(shape), (SIZES["foot"], 10, 9, 8))  # one line, in a narrow footer too
        write(shape.text_frame, [text], size, align=PP_ALIGN.RIGHT if kind != PP_PLACEHOLDER.FOOTER else None)
        placed = True
    if not placed:
        deck_width, deck_height = _slide_size(slide)
        box = Rect(Inches(0.4), deck_height - Inches(0.45), deck_width - Inches(0.8), Inches(0.35))
        _textbox(slide, box, [f"{briefing.running_title} · {number}"], SIZES["foot"], colour=GREY)


def _slide_size(slide: Slide) -> tuple[int, int]:
    presentation = slide.part.package.presentation_part.presentation
    return int(presentation.slide_width), int(presentation.slide_height)


def _watermark(slide: Slide, briefing: Briefing) -> None:
    """A banner in the corner and a large translucent diagonal mark on top of everything."""
    width, height = _slide_size(slide)
    banner = Rect(width - Inches(4.2), Inches(0.02), Inches(4.0), Inches(0.32))
    _textbox(slide, banner, [briefing.sample_mark], 12, bold=True, colour=RED, align=PP_ALIGN.RIGHT)
    mark = slide.shapes.add_textbox(Emu(width // 8), Emu(height // 2 - Inches(0.6)), Emu(width * 3 // 4), Inches(1.2))
    write(mark.text_frame, [briefing.sample_mark], 54, bold=True, colour=RED, align=PP_ALIGN.CENTER)
    mark.text_frame.word_wrap = False  # one line, whatever the template's font
    mark.text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    mark.rotation = -30
    for fill in mark._element.iter(qn("a:srgbClr")):  # python-pptx has no API for a colour's transparency
        etree.SubElement(fill, qn("a:alpha")).set("val", "18000")


# --- pictures and tables -----------------------------------------------------------------------------------------


def _picture(slide: Slide, picture: Picture, box: Rect) -> Rect:
    """The picture as large as fits in the box by its own proportions, centred across it; where it went."""
    if box.width <= 0 or box.height <= 0:  # no room at all (the layouts above never leave none)
        return Rect(box.left, box.top, 0, 0)
    width = min(box.width, int(box.height * picture.aspect))
    height = int(width / picture.aspect)
    left = box.left + (box.width - width) // 2
    slide.shapes.add_picture(io.BytesIO(picture.png), Emu(left), Emu(box.top), Emu(width), Emu(height))
    return Rect(left, box.top, width, height)


def _table(slide: Slide, rows: list[list[str]], box: Rect, shares: Sequence[float], heights: Sequence[int]):
    """A native table in the template's table style: a header row, then the rows as text at 14 pt, each row
    as high as its text needs (`heights`: python-pptx would share the box's height out evenly)."""
    shape = slide.shapes.add_table(len(rows), len(shares), Emu(box.left), Emu(box.top), Emu(box.width), Emu(box.height))
    table = shape.table
    table.first_row = True
    for index, share in enumerate(shares):
        table.columns[index].width = Emu(int(box.width * share))
    for r, values in enumerate(rows):
        table.rows[r].height = Emu(heights[r])
        for c, value in enumerate(values):
            write(table.cell(r, c).text_frame, [value], SIZES["table"], bold=r == 0)
    return table


def _heights(rows: list[list[str]], widths: Sequence[int]) -> list[int]:
    """Each row's height; the header row is bold, so measured bold."""
    return [_row_height(row, widths, SIZES["table"], bold=index == 0) for index, row in enumerate(rows)]


def _row_height(values: Sequence[str], widths: Sequence[int], size: float, bold: bool = False) -> int:
    lines = max(lines_of(value, width, size, bold) for value, width in zip(values, widths, strict=True))
    return int(Pt(size * TABLE_LINE * lines)) + CELL_MARGINS


def _shares(frame: pd.DataFrame, width: int, size: float) -> list[float]:
    """Each column's share of a table `width` EMU wide, measured in the house font (bold: the header)."""

    def measure(text: str, bold: bool) -> float:
        return _font(bold).getlength(text) * size / 100 * EMU_PER_PT

    widths = column_widths(frame, width, measure, CELL_MARGINS * 2 + Inches(0.05))
    return [w / width for w in widths]


def _frame_rows(frame: pd.DataFrame) -> list[list[str]]:
    return [list(map(str, frame.columns)), *[list(map(str, row)) for row in frame.itertuples(index=False)]]


def _list_rows(listed: RankedList) -> list[list[str]]:
    """A list as a table: its title in the header row, then rank, unit and value; or why there are none."""
    if not listed.rows:
        return [[listed.title, "", ""], [listed.empty, "", ""]]
    return [[listed.title, "", ""], *[[str(r.rank), r.name, r.value] for r in listed.rows]]


def _list_shares(listed: RankedList, width: int) -> list[float]:
    """Rank and value as wide as their longest entry (never broken), the unit's name the rest."""
    padding = CELL_MARGINS * 2 + Inches(0.05)

    def widest(texts: list[str]) -> float:
        return max((_font(False).getlength(x) * SIZES["table"] / 100 * EMU_PER_PT for x in texts), default=0.0)

    rank = widest([str(r.rank) for r in listed.rows]) + padding
    value = widest([r.value for r in listed.rows]) + padding
    return [rank / width, 1 - (rank + value) / width, value / width]


def _list_heights(listed: RankedList, width: int) -> list[int]:
    """Each row's height: a merged row (the title, or why there are none) across the table, others by cells."""
    widths = [int(width * share) for share in _list_shares(listed, width)]
    return [
        _row_height(row, widths, SIZES["table"]) if row[1] else _row_height([row[0]], [width], SIZES["table"], True)
        for row in _list_rows(listed)
    ]


def _list_height(listed: RankedList, width: int) -> int:
    return sum(_list_heights(listed, width))


def _list_table(slide: Slide, listed: RankedList, box: Rect) -> None:
    rows = _list_rows(listed)
    table = _table(slide, rows, box, _list_shares(listed, box.width), _list_heights(listed, box.width))
    for r, row in enumerate(rows):
        if not row[1]:  # the title, or the sentence saying why the list is empty, across the table
            table.cell(r, 0).merge(table.cell(r, 2))
    for r in range(1, len(rows)):
        if rows[r][1]:
            table.cell(r, 0).text_frame.paragraphs[0].alignment = PP_ALIGN.RIGHT
            table.cell(r, 2).text_frame.paragraphs[0].alignment = PP_ALIGN.RIGHT


# --- the slides ----------------------------------------------------------------------------------------------------


def title_slide(slide: Slide, briefing: Briefing) -> None:
    set_title(slide, briefing.text("briefing_title"), SIZES["cover"])
    lines = [
        briefing.scope.name,
        briefing.month_text,
        briefing.text("briefing_edition", edition=briefing.edition),
        briefing.text("briefing_produced", when=f"{briefing.produced:%d/%m/%Y %H:%M}"),
    ]
    if briefing.sample:
        lines.append(briefing.text("sample_notice"))
    holder = body(slide)
    size = fitting_size(lines, _rect(holder), (SIZES["subtitle"], 18, 16, 14))
    write(holder.text_frame, lines, size)


def _remove(shape) -> None:
    """An unused placeholder: left empty it would show the template's prompt ("Click to add text")."""
    element = shape.element
    element.getparent().remove(element)


def _chunks(heights: list[int], first: int, later: int) -> list[range]:
    """Rows (after the header row, heights[0]) in runs that fit `first`, then `later`, high each."""
    runs, start, room, used = [], 1, first, heights[0]
    for index in range(1, len(heights)):
        if used + heights[index] > room and index > start:
            runs.append(range(start, index))
            start, room, used = index, later, heights[0]
        used += heights[index]
    runs.append(range(start, len(heights)))
    return runs


def summary_slides(new: NewSlide, briefing: Briefing) -> None:
    """The scope in the body placeholder, the indicators as a table in the body's area: on as many slides
    as the template's body needs at 14 pt (one on the default template), the header row on each."""
    title = briefing.text("briefing_summary", month=briefing.month_text)
    slide = new()
    set_title(slide, title, SIZES["title"])
    holder = body(slide)
    area = _rect(holder)
    strip = text_height([briefing.scope.name], area.width, SIZES["body"])
    _move(holder, Rect(area.left, area.top, area.width, strip))
    write(holder.text_frame, [briefing.scope.name], SIZES["body"], colour=GREY)
    rows = _frame_rows(briefing.summary)
    size = SIZES["table"]
    shares = _shares(briefing.summary, area.width, size)
    heights = _heights(rows, [int(area.width * share) for share in shares])
    for number, run in enumerate(_chunks(heights, area.below(strip).height, area.height)):
        if number:
            slide = new()
            set_title(slide, briefing.text("briefing_continued", title=title), SIZES["title"])
            _remove(body(slide))
        box = area.below(strip) if number == 0 else area
        picked = [0, *run]
        box = Rect(box.left, box.top, box.width, sum(heights[i] for i in picked))
        _table(slide, [rows[i] for i in picked], box, shares, [heights[i] for i in picked])


def indicator_slides(new: NewSlide, briefing: Briefing, section: Section) -> None:
    """The name once, as the title; the narrative a bullet a sentence in the body placeholder; under it the
    map on the left with its key, the trend on the right above the top and the lowest units. Where the
    template's body is too small for all of it at 14 pt (a 4:3 template), the lists go on a second slide."""
    slide = new()
    set_title(slide, section.name, SIZES["title"])
    holder = body(slide)
    area = _rect(holder)
    size = SIZES["narrative"]  # the least a slide's body may be: the pictures need the room
    strip = min(text_height(section.sentences, area.width, size), area.height // 3)
    _move(holder, Rect(area.left, area.top, area.width, strip))
    write(holder.text_frame, section.sentences, size, bullets=True)
    rest = area.below(strip)
    map_width = int(rest.width * MAP_SHARE)
    _map_with_key(slide, section, Rect(rest.left, rest.top, map_width, rest.height))
    right = Rect(rest.left + map_width + GAP, rest.top, rest.width - map_width - GAP, rest.height)
    half = (right.width - GAP) // 2
    lists_height = max(_list_height(section.top, half), _list_height(section.lowest, half))
    if section.ranked == 0:
        no_ranking = [briefing.text("briefing_no_ranking")]
        box = Rect(right.left, right.top + right.height - Inches(0.5), right.width, Inches(0.5))
        _textbox(slide, box, no_ranking, SIZES["narrative"])
        _picture(slide, section.trend, Rect(right.left, right.top, right.width, right.height - box.height - GAP))
    elif right.height - lists_height - GAP >= MIN_TREND:
        _lists(slide, section, Rect(right.left, right.top + right.height - lists_height, right.width, lists_height))
        _picture(slide, section.trend, Rect(right.left, right.top, right.width, right.height - lists_height - GAP))
    else:
        _picture(slide, section.trend, right)
        more = new()
        set_title(more, briefing.text("briefing_continued", title=section.name), SIZES["title"])
        holder = body(more)
        box = _rect(holder)
        _remove(holder)
        _lists(more, section, Rect(box.left, box.top, box.width, box.height))


def _map_with_key(slide: Slide, section: Section, column: Rect) -> None:
    """The map as large as the column allows, what its marks mean in a line under it."""
    key_height = text_height([section.key], column.width, SIZES["narrative"]) if section.key else 0
    drawn = _picture(slide, section.map, Rect(column.left, column.top, column.width, column.height - key_height))
    if section.key:
        box = Rect(column.left, drawn.top + drawn.height, column.width, key_height)
        _textbox(slide, box, [section.key], SIZES["narrative"], colour=GREY)


def _lists(slide: Slide, section: Section, box: Rect) -> None:
    """The top and the lowest units side by side, from the top of the box."""
    half = (box.width - GAP) // 2
    for offset, listed in ((0, section.top), (half + GAP, section.lowest)):
        _list_table(slide, listed, Rect(box.left + offset, box.top, half, _list_height(listed, half)))


def completeness_slide(slide: Slide, briefing: Briefing) -> None:
    """The count in the body placeholder; who is missing what as a table under it, as many rows as fit."""
    set_title(slide, briefing.text("page_completeness"), SIZES["title"])
    holder = body(slide)
    area = _rect(holder)
    month = briefing.month_text
    summary = briefing.text(
        "completeness_summary", reported=briefing.reported, total=len(briefing.scope.codes), month=month
    )
    missing = briefing.missing
    lines = [summary, briefing.text("completeness_all_in" if missing.empty else "completeness_missing", month=month)]
    strip = text_height(lines, area.width, SIZES["body"])
    _move(holder, Rect(area.left, area.top, area.width, strip))
    write(holder.text_frame, lines, SIZES["body"])
    if missing.empty:
        return
    below = area.below(strip)
    shares = _shares(missing, area.width, SIZES["table"])
    rows = _frame_rows(missing)
    heights = _heights(rows, [int(below.width * share) for share in shares])
    more_height = _row_height(["…"], [below.width], SIZES["table"])
    fit = len(rows)
    while fit > 1 and sum(heights[:fit]) + (more_height if fit < len(rows) else 0) > below.height:
        fit -= 1
    shown = rows[:fit]
    if fit < len(rows):
        shown.append([briefing.text("briefing_missing_more", n=len(rows) - fit), *[""] * (len(shares) - 1)])
    shown_heights = heights[:fit] + ([more_height] if fit < len(rows) else [])
    box = Rect(below.left, below.top, below.width, sum(shown_heights))
    table = _table(slide, shown, box, shares, shown_heights)
    if fit < len(rows):
        table.cell(len(shown) - 1, 0).merge(table.cell(len(shown) - 1, len(shares) - 1))


KEY_COLUMNS = 3


def key_slides(new: NewSlide, briefing: Briefing) -> None:
    """The maps' abbreviations and numbers spelled out, district by district, in three columns a slide."""
    lines = []
    for district, entries in briefing.map_key:
        lines += ([f"{district}:"] if district else []) + [f"{label}  {name}" for label, name in entries]
    heading = briefing.text("map_key_heading")
    first = 0
    while first < len(lines):
        slide = new()
        title = heading if first == 0 else briefing.text("briefing_continued", title=heading)
        set_title(slide, title, SIZES["title"])
        holder = body(slide)
        # As many lines as the body's columns hold at 14 pt (a province template's body may be smaller).
        rows = max(1, int(_rect(holder).height / Pt(SIZES["table"] * LINE)) - 1)
        write(holder.text_frame, lines[first : first + rows * KEY_COLUMNS], SIZES["table"])
        holder.text_frame._txBody.bodyPr.set("numCol", str(KEY_COLUMNS))  # python-pptx has no setter for it
        first += rows * KEY_COLUMNS


def notes_slide(slide: Slide, briefing: Briefing) -> None:
    set_title(slide, briefing.text("briefing_notes"), SIZES["title"])
    holder = body(slide)
    size = fitting_size(briefing.notes, _rect(holder), (SIZES["body"], 15, 14))
    write(holder.text_frame, briefing.notes, size, bullets=True)


def pptx_bytes(briefing: Briefing, template: Template | None = None) -> bytes:
    """The pack on the default template's layouts, or on `template`'s (checked: TemplateError). Slides are
    made as they are needed; footers, numbers and the sample mark go on every one at the end."""
    layouts = template_layouts(template)
    deck = layouts.deck

    def new(layout: SlideLayout = layouts.content) -> Slide:
        return deck.slides.add_slide(layout)

    title_slide(new(layouts.title), briefing)
    summary_slides(new, briefing)
    for section in briefing.sections:
        indicator_slides(new, briefing, section)
    completeness_slide(new(), briefing)
    notes_slide(new(), briefing)
    key_slides(new, briefing)
    for number, slide in enumerate(deck.slides, start=1):
        _footer(slide, slide.slide_layout, briefing, number)
        if briefing.sample:
            _watermark(slide, briefing)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()

"""The briefing pack as PowerPoint (16:9): title, summary table, one slide per indicator, completeness, notes.

Slides are drawn on the blank layout with text boxes of known size, so nothing depends on the default
template's 4:3 placeholders. On sample data every slide carries a banner and a translucent diagonal mark.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import partial

import pandas as pd
from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import PP_ALIGN
from pptx.oxml.ns import qn
from pptx.slide import Slide
from pptx.util import Emu, Inches, Pt

from dashboard import style
from reports.pack import Briefing, Ranked, Section, column_shares

WIDTH, HEIGHT = Emu(12192000), Emu(6858000)  # 13.333 × 7.5 in: PowerPoint's own 16:9
LEFT = Inches(0.4)
FONT = style.PRINT_FONT  # the font the PDF embeds; PowerPoint falls back to a Vietnamese-capable font if missing
BLUE = RGBColor(*style.rgb(style.BLUE))
DARK = RGBColor(*style.rgb(style.DARK))
GREY = RGBColor(*style.rgb(style.GREY))
RED = RGBColor(*style.rgb(style.SAMPLE_RED))
MISSING_ROWS = 12  # a slide holds about this many rows; the PDF lists everyone


def _text(
    slide: Slide,
    box: tuple[int, int, int, int],
    lines: list[str],
    size: float,
    *,
    bold: bool = False,
    colour: RGBColor = DARK,
    align: PP_ALIGN = PP_ALIGN.LEFT,
):
    """A text box of the given place and size, one paragraph per line."""
    shape = slide.shapes.add_textbox(*_lengths(box))
    frame = shape.text_frame
    frame.word_wrap = True
    for index, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.alignment = align
        run = paragraph.add_run()
        run.text = line
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.name = FONT
        run.font.color.rgb = colour
    return shape


def _title(slide: Slide, text: str) -> None:
    _text(slide, (LEFT, Inches(0.3), WIDTH - 2 * LEFT, Inches(0.7)), [text], 24, bold=True, colour=BLUE)


def _footer(slide: Slide, briefing: Briefing, number: int) -> None:
    running = f"{briefing.running_title} · {number}"
    _text(slide, (LEFT, HEIGHT - Inches(0.4), WIDTH - 2 * LEFT, Inches(0.3)), [running], 9, colour=GREY)


def _watermark(slide: Slide, briefing: Briefing) -> None:
    """A banner in the corner and a large translucent diagonal mark on top of everything."""
    banner = (WIDTH - Inches(3.6), Inches(0.08), Inches(3.4), Inches(0.35))
    _text(slide, banner, [briefing.sample_mark], 12, bold=True, colour=RED, align=PP_ALIGN.RIGHT)
    mark = _text(
        slide,
        (Inches(1.2), Inches(3.0), WIDTH - Inches(2.4), Inches(1.4)),
        [briefing.sample_mark],
        60,
        bold=True,
        colour=RED,
        align=PP_ALIGN.CENTER,
    )
    mark.rotation = -30
    for fill in mark._element.iter(qn("a:srgbClr")):  # python-pptx has no API for a colour's transparency
        etree.SubElement(fill, qn("a:alpha")).set("val", "18000")


def _lengths(box: tuple[int, int, int, int]) -> tuple[Emu, Emu, Emu, Emu]:
    """A box of sums of lengths (plain ints to a type checker) as python-pptx's lengths."""
    left, top, width, height = (Emu(int(side)) for side in box)
    return left, top, width, height


def _table(slide: Slide, frame: pd.DataFrame, box: tuple[int, int, int, int], size: float):
    """A native table across the box: header row bold on a light fill, the frame's cells as text."""
    rows, columns = len(frame) + 1, len(frame.columns)
    shape = slide.shapes.add_table(rows, columns, *_lengths(box))
    table = shape.table
    for index, share in enumerate(column_shares(frame)):
        table.columns[index].width = Emu(int(box[2] * share))
    cells = [list(frame.columns), *frame.astype(str).itertuples(index=False, name=None)]
    for r, values in enumerate(cells):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.text = str(value)
            for paragraph in cell.text_frame.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(size)
                    run.font.name = FONT
                    run.font.bold = r == 0
    return shape


def _ranked(title: str, rows: list[Ranked]) -> list[str]:
    return [title] + [f"{row.rank}. {row.name}: {row.value}" for row in rows]


def title_slide(slide: Slide, briefing: Briefing) -> None:
    full = WIDTH - 2 * LEFT
    _text(slide, (LEFT, Inches(1.8), full, Inches(1.0)), [briefing.text("briefing_title")], 40, bold=True, colour=BLUE)
    _text(slide, (LEFT, Inches(3.0), full, Inches(1.2)), [briefing.scope.name, briefing.month_text], 28, bold=True)
    lines = [
        briefing.text("briefing_edition", edition=briefing.edition),
        briefing.text("briefing_produced", when=f"{briefing.produced:%d/%m/%Y %H:%M}"),
    ]
    if briefing.sample:
        lines.append(briefing.text("sample_notice"))
    _text(slide, (LEFT, Inches(4.6), full, Inches(1.5)), lines, 16, colour=GREY)


def summary_slide(slide: Slide, briefing: Briefing) -> None:
    _title(slide, briefing.text("briefing_summary", month=briefing.month_text))
    _text(slide, (LEFT, Inches(0.95), WIDTH - 2 * LEFT, Inches(0.4)), [briefing.scope.name], 14, colour=GREY)
    box = (LEFT, Inches(1.45), WIDTH - 2 * LEFT, Inches(5.4))
    _table(slide, briefing.summary, box, 12)


def indicator_slide(slide: Slide, briefing: Briefing, section: Section) -> None:
    """Narrative under the title; map left; trend right, with the top and bottom units under it."""
    _title(slide, section.name)
    _text(slide, (LEFT, Inches(0.95), WIDTH - 2 * LEFT, Inches(1.0)), [section.narrative], 13)
    top = Inches(2.05)
    map_height = Inches(5.0)
    picture = slide.shapes.add_picture(io.BytesIO(section.map_png), LEFT, top, height=map_height)
    right = LEFT + picture.width + Inches(0.2)  # the width follows from the picture's own proportions
    trend_height = Inches(3.3)  # leaves room under the trend for six lines of each list
    slide.shapes.add_picture(io.BytesIO(section.trend_png), Emu(right), top, height=trend_height)
    right_width = WIDTH - LEFT - right
    lists_top = top + trend_height + Inches(0.1)
    half = (right_width - Inches(0.2)) // 2
    if section.ranked == 0:
        _text(slide, (right, lists_top, right_width, Inches(0.4)), [briefing.text("briefing_no_ranking")], 12)
        return
    box = (right, lists_top, half, Inches(1.3))
    _text(slide, box, _ranked(briefing.text("briefing_top", n=len(section.top)), section.top), 11)
    box = (right + half + Inches(0.2), lists_top, half, Inches(1.3))
    _text(slide, box, _ranked(briefing.text("briefing_bottom", n=len(section.bottom)), section.bottom), 11)
    if section.own is not None:
        own = briefing.text("briefing_own_rank", name=section.own.name, rank=section.own.rank, total=section.ranked)
        box = (right, lists_top + Inches(1.3), right_width, Inches(0.35))
        _text(slide, box, [f"{own}: {section.own.value}"], 12, bold=True)


def completeness_slide(slide: Slide, briefing: Briefing) -> None:
    _title(slide, briefing.text("page_completeness"))
    month = briefing.month_text
    summary = briefing.text(
        "completeness_summary", reported=briefing.reported, total=len(briefing.scope.codes), month=month
    )
    _text(slide, (LEFT, Inches(0.95), WIDTH - 2 * LEFT, Inches(0.4)), [summary], 14)
    missing = briefing.missing
    if missing.empty:
        _text(slide, (LEFT, Inches(1.5), WIDTH - 2 * LEFT, Inches(0.4)), [briefing.text("completeness_all_in")], 14)
        return
    shown = missing.head(MISSING_ROWS)
    _table(slide, shown, (LEFT, Inches(1.5), WIDTH - 2 * LEFT, Inches(0.3) * (len(shown) + 1)), 10)
    if len(missing) > MISSING_ROWS:
        more = briefing.text("briefing_missing_more", n=len(missing) - MISSING_ROWS)
        _text(slide, (LEFT, HEIGHT - Inches(0.85), WIDTH - 2 * LEFT, Inches(0.4)), [more], 12, colour=GREY)


def notes_slide(slide: Slide, briefing: Briefing) -> None:
    _title(slide, briefing.text("briefing_notes"))
    box = (LEFT, Inches(1.1), WIDTH - 2 * LEFT, Inches(5.8))
    _text(slide, box, [f"•  {note}" for note in briefing.notes], 13)


def pptx_bytes(briefing: Briefing) -> bytes:
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDTH, HEIGHT
    blank = deck.slide_layouts[6]
    builders: list[Callable[[Slide], None]] = [partial(title_slide, briefing=briefing)]
    builders.append(partial(summary_slide, briefing=briefing))
    builders += [partial(indicator_slide, briefing=briefing, section=section) for section in briefing.sections]
    builders += [partial(completeness_slide, briefing=briefing), partial(notes_slide, briefing=briefing)]
    for number, build in enumerate(builders, start=1):
        slide = deck.slides.add_slide(blank)
        build(slide)
        _footer(slide, briefing, number)
        if briefing.sample:
            _watermark(slide, briefing)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()

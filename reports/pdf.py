"""The briefing pack as a PDF: A4 landscape, the house font embedded (every Vietnamese letter, selectable text).

Pages: title; summary against targets; one page per indicator (its name once as the heading, the
narrative, a large map on the left, the trend and the top and lowest units on the right, down to the
footer); reporting completeness (as many pages as the list needs); notes. On sample data every page
carries a banner and a diagonal watermark.
"""

from __future__ import annotations

import io
from functools import partial

import pandas as pd
from fpdf import FPDF
from fpdf.enums import MethodReturnValue
from fpdf.fonts import FontFace

from dashboard import style
from reports.pack import Box, Boxes, Briefing, Picture, RankedList, Section, column_widths

FONT = style.PRINT_FONT  # the family as the PDF names it; its files are style.print_font_file's
MM = 25.4  # millimetres to the inch
MARGIN = 12.0  # mm
PAGE_W, PAGE_H = 297.0, 210.0  # A4 landscape
CONTENT_W = PAGE_W - 2 * MARGIN
BOTTOM = PAGE_H - 15  # where a page's content ends: the footer sits below
GAP = 5.0
MAP_W = 172.0  # the map's column; the trend and the lists take the rest
RIGHT_X = MARGIN + MAP_W + GAP
RIGHT_W = PAGE_W - MARGIN - RIGHT_X
SIZES = {"heading": 17.0, "body": 11.0, "table": 10.0, "list_title": 10.5, "small": 10.0, "foot": 8.5}
ROW_H = 5.6  # a list's row at 10 pt
BLUE = style.rgb(style.BLUE)
DARK = style.rgb(style.DARK)
GREY = style.rgb(style.GREY)
RED = style.rgb(style.SAMPLE_RED)
HEADING_FILL = style.rgb(style.HEADING_FILL)

# The pictures are drawn for the boxes a three-line narrative leaves: the map's column down to its key,
# the right column's top above two lists of five.
BOXES = Boxes(
    map=Box(MAP_W / MM, (BOTTOM - 42 - 7) / MM),
    trend=Box(RIGHT_W / MM, (BOTTOM - 42 - 2 * (7 + 5 * ROW_H) - 10) / MM),
)


class BriefingPDF(FPDF):
    """A4 landscape with the pack's running footer and, on sample data, the watermark on every page."""

    def __init__(self, briefing: Briefing) -> None:
        super().__init__(orientation="L", unit="mm", format="A4")
        self.briefing = briefing
        self.add_font(FONT, "", str(style.print_font_file(bold=False)))
        self.add_font(FONT, "B", str(style.print_font_file(bold=True)))
        self.set_margins(MARGIN, MARGIN + 2, MARGIN)
        self.set_auto_page_break(True, margin=PAGE_H - BOTTOM)
        self.set_title(briefing.running_title)
        self.set_creator("qn-dx-dashboard")

    def header(self) -> None:
        if self.briefing.sample:
            self.set_font(FONT, "B", 9)
            self.set_text_color(*RED)
            self.set_xy(MARGIN, 5)
            self.cell(CONTENT_W, 5, self.briefing.sample_mark, align="R")
        self.set_xy(MARGIN, MARGIN + 2)

    def footer(self) -> None:
        briefing = self.briefing
        self.set_font(FONT, "", SIZES["foot"])
        self.set_text_color(*GREY)
        self.set_xy(MARGIN, PAGE_H - 11)
        self.cell(CONTENT_W * 0.8, 5, briefing.running_title)
        page = briefing.text("briefing_page", page=self.page_no(), pages="{nb}")
        self.cell(CONTENT_W * 0.2, 5, page, align="R")
        if briefing.sample:
            self._watermark()

    def _watermark(self) -> None:
        """Diagonal and translucent, drawn last so that no picture hides it and every word stays readable."""
        text = self.briefing.sample_mark
        with self.local_context(fill_opacity=0.13, text_color=RED):
            self.set_font(FONT, "B", 54)
            width = self.get_string_width(text)
            with self.rotation(30, x=PAGE_W / 2, y=PAGE_H / 2):
                self.text(PAGE_W / 2 - width / 2, PAGE_H / 2 + 8, text)

    # --- building blocks ---------------------------------------------------------------------------------------

    def heading(self, text: str, size: float = SIZES["heading"]) -> None:
        self.set_font(FONT, "B", size)
        self.set_text_color(*BLUE)
        self.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        self.ln(2)

    def paragraph(self, text: str, size: float = SIZES["body"], colour: tuple[int, int, int] = DARK) -> None:
        self.set_font(FONT, "", size)
        self.set_text_color(*colour)
        self.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")

    def lines_of(self, text: str, width: float, size: float, bold: bool = False) -> int:
        """How many lines `text` wraps to in `width` mm at `size` pt (nothing is drawn)."""
        self.set_font(FONT, "B" if bold else "", size)
        lines = self.multi_cell(width, size * 0.5, text, dry_run=True, output=MethodReturnValue.LINES)
        assert isinstance(lines, list)
        return len(lines)

    def text_width(self, text: str, bold: bool, size: float) -> float:
        self.set_font(FONT, "B" if bold else "", size)
        return self.get_string_width(text)

    def _widths(self, frame: pd.DataFrame, size: float, padding: float) -> tuple[list[float], float]:
        """The columns' widths, and what a cell keeps of its width for padding and fpdf's own margin."""
        room = 2 * (padding + self.c_margin) + 1  # and a little play
        return column_widths(frame, CONTENT_W, partial(self.text_width, size=size), room), room

    def table_height(self, frame: pd.DataFrame, size: float, padding: float) -> float:
        """How tall `frame_table` would draw the table, header row included (nothing is drawn)."""
        widths, room = self._widths(frame, size, padding)
        rows = [[str(c) for c in frame.columns], *frame.astype(str).itertuples(index=False, name=None)]
        height = 0.0
        for index, row in enumerate(rows):
            lines = max(
                self.lines_of(str(v), w - room, size, bold=index == 0) for v, w in zip(row, widths, strict=True)
            )
            height += lines * size * 0.5 + 2 * padding
        return height

    def frame_table(self, frame: pd.DataFrame, size: float = SIZES["table"], padding: float = 1.2) -> None:
        """A table across the page, a header row repeated on every page it runs over."""
        widths, _ = self._widths(frame, size, padding)
        self.set_font(FONT, "", size)
        self.set_text_color(*DARK)
        style_ = FontFace(emphasis="BOLD", fill_color=HEADING_FILL)
        with self.table(
            col_widths=widths, headings_style=style_, text_align="LEFT", line_height=size * 0.5, padding=padding
        ) as table:
            for values in [list(frame.columns), *frame.astype(str).itertuples(index=False, name=None)]:
                row = table.row()
                for value in values:
                    row.cell(str(value))

    def picture(self, picture: Picture, x: float, y: float, width: float, height: float) -> tuple[float, float]:
        """The picture as large as fits in the box, by its own proportions, at the box's top left; its size."""
        w = min(width, height * picture.aspect)
        h = w / picture.aspect
        self.image(io.BytesIO(picture.png), x=x, y=y, w=w, h=h)
        return w, h


def title_page(pdf: BriefingPDF, briefing: Briefing) -> None:
    pdf.add_page()
    pdf.set_y(55)
    pdf.set_font(FONT, "B", 30)
    pdf.set_text_color(*BLUE)
    pdf.multi_cell(0, 14, briefing.text("briefing_title"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font(FONT, "B", 20)
    pdf.set_text_color(*DARK)
    pdf.multi_cell(0, 10, briefing.scope.name, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 10, briefing.month_text, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.set_font(FONT, "", 13)
    pdf.set_text_color(*GREY)
    for line in title_lines(briefing):
        pdf.multi_cell(0, 7, line, align="C", new_x="LMARGIN", new_y="NEXT")


def title_lines(briefing: Briefing) -> list[str]:
    """The title page's small print: the map, when it was produced, the sample notice."""
    lines = [
        briefing.text("briefing_edition", edition=briefing.edition),
        briefing.text("briefing_produced", when=f"{briefing.produced:%d/%m/%Y %H:%M}"),
    ]
    return [*lines, briefing.text("sample_notice")] if briefing.sample else lines


SUMMARY_STYLES = ((12.0, 3.0), (12.0, 2.2), (12.0, 1.5), (11.0, 1.5), (10.0, 1.2))  # size, padding: roomiest first


def summary_page(pdf: BriefingPDF, briefing: Briefing) -> None:
    """Eight indicators on one page: the table as roomy as fits (12 pt with space around, Vietnamese's
    longer words permitting), across the page."""
    pdf.add_page()
    pdf.heading(briefing.text("briefing_summary", month=briefing.month_text))
    pdf.paragraph(briefing.scope.name, size=12, colour=GREY)
    pdf.ln(4)
    room = BOTTOM - pdf.get_y()
    fits = (s for s in SUMMARY_STYLES if pdf.table_height(briefing.summary, *s) <= room)
    size, padding = next(fits, SUMMARY_STYLES[-1])
    pdf.frame_table(briefing.summary, size=size, padding=padding)


def ranked_list(pdf: BriefingPDF, x: float, y: float, width: float, listed: RankedList) -> float:
    """A list's title, then rank, unit and value a row each (or why there are none); its bottom."""
    pdf.set_xy(x, y)
    pdf.set_font(FONT, "B", SIZES["list_title"])
    pdf.set_text_color(*BLUE)
    pdf.multi_cell(width, 5.5, listed.title, new_x="LEFT", new_y="NEXT")
    pdf.set_y(pdf.get_y() + 1.5)
    pdf.set_font(FONT, "", SIZES["table"])
    pdf.set_text_color(*DARK)
    if not listed.rows:
        pdf.set_x(x)
        pdf.multi_cell(width, ROW_H, listed.empty, new_x="LEFT", new_y="NEXT")
        return pdf.get_y()
    rank_w, value_w = 12.0, 24.0
    for index, row in enumerate(listed.rows):
        pdf.set_x(x)
        fill = index % 2 == 0
        pdf.set_fill_color(*HEADING_FILL)
        pdf.cell(rank_w, ROW_H, str(row.rank), align="R", fill=fill)
        pdf.cell(width - rank_w - value_w, ROW_H, f"  {row.name}", fill=fill)
        pdf.cell(value_w, ROW_H, row.value, align="R", fill=fill, new_x="LEFT", new_y="NEXT")
    return pdf.get_y()


def list_height(pdf: BriefingPDF, listed: RankedList, width: float) -> float:
    title = 5.5 * pdf.lines_of(listed.title, width, SIZES["list_title"], bold=True) + 1.5
    if listed.rows:
        return title + ROW_H * len(listed.rows)
    return title + ROW_H * pdf.lines_of(listed.empty, width, SIZES["table"])


def indicator_page(pdf: BriefingPDF, briefing: Briefing, section: Section) -> None:
    """The name once; the narrative across the page; the map on the left down to the footer, with its key;
    on the right the trend above the top and the lowest units (and a unit's own place)."""
    pdf.add_page()
    pdf.heading(section.name)
    pdf.paragraph(section.narrative)
    top = pdf.get_y() + 3
    key_h = 1 + 5.0 * pdf.lines_of(section.key, MAP_W, SIZES["small"]) if section.key else 0.0
    _, map_h = pdf.picture(section.map, MARGIN, top, MAP_W, BOTTOM - top - key_h)
    if section.key:
        pdf.set_xy(MARGIN, top + map_h + 1)
        pdf.set_font(FONT, "", SIZES["small"])
        pdf.set_text_color(*GREY)
        pdf.multi_cell(MAP_W, 5.0, section.key)
    lists_h = _lists_height(pdf, section)
    pdf.picture(section.trend, RIGHT_X, top, RIGHT_W, BOTTOM - top - lists_h - 3)
    y = BOTTOM - lists_h
    if section.ranked == 0:
        pdf.set_xy(RIGHT_X, y)
        pdf.set_font(FONT, "", SIZES["body"])
        pdf.multi_cell(RIGHT_W, 5.5, briefing.text("briefing_no_ranking"))
        return
    y = ranked_list(pdf, RIGHT_X, y, RIGHT_W, section.top) + 2
    y = ranked_list(pdf, RIGHT_X, y, RIGHT_W, section.lowest)
    if section.own is not None:
        own = briefing.text("briefing_own_rank", name=section.own.name, rank=section.own.rank, total=section.ranked)
        pdf.set_xy(RIGHT_X, y + 2)
        pdf.set_font(FONT, "B", SIZES["list_title"])
        pdf.set_text_color(*DARK)
        pdf.multi_cell(RIGHT_W, 5.5, f"{own}: {section.own.value}")


def _lists_height(pdf: BriefingPDF, section: Section) -> float:
    """What the right column keeps under the trend: both lists, and a unit's own place."""
    if section.ranked == 0:
        return 12.0
    height = list_height(pdf, section.top, RIGHT_W) + 2 + list_height(pdf, section.lowest, RIGHT_W)
    return height + (8.0 if section.own is not None else 0.0)


def completeness_page(pdf: BriefingPDF, briefing: Briefing) -> None:
    pdf.add_page()
    pdf.heading(briefing.text("page_completeness"))
    summary = briefing.text(
        "completeness_summary", reported=briefing.reported, total=len(briefing.scope.codes), month=briefing.month_text
    )
    pdf.paragraph(summary, size=12)
    pdf.ln(3)
    if briefing.missing.empty:
        pdf.paragraph(briefing.text("completeness_all_in"), size=12)
        return
    pdf.paragraph(briefing.text("completeness_missing", month=briefing.month_text), size=12)
    pdf.ln(2)
    pdf.frame_table(briefing.missing, size=SIZES["table"], padding=1.6)


KEY_COLUMNS = 4


def key_page(pdf: BriefingPDF, briefing: Briefing) -> None:
    """The maps' abbreviations and numbers spelled out, district by district, in columns: the pack's last
    pages, where each map's note sends the reader."""
    if not briefing.map_key:
        return
    pdf.add_page()
    pdf.heading(briefing.text("map_key_heading"))
    width = (PAGE_W - 2 * MARGIN) / KEY_COLUMNS
    top, bottom = pdf.get_y(), PAGE_H - MARGIN - 10
    column, y = 0, top
    for district, entries in briefing.map_key:
        lines = ([(district, True)] if district else []) + [(f"{label}  {name}", False) for label, name in entries]
        for text, bold in lines:
            if y + 4.2 > bottom:  # the next column, or a new page when the columns are full
                column, y = column + 1, top
                if column == KEY_COLUMNS:
                    pdf.add_page()
                    pdf.heading(briefing.text("briefing_continued", title=briefing.text("map_key_heading")))
                    column, y = 0, pdf.get_y()
            pdf.set_xy(MARGIN + column * width, y)
            pdf.set_font(FONT, "B" if bold else "", SIZES["table"])
            pdf.set_text_color(*DARK)
            pdf.cell(width - 2, 4.2, text)
            y += 4.2
        y += 1.5


def notes_page(pdf: BriefingPDF, briefing: Briefing) -> None:
    pdf.add_page()
    pdf.heading(briefing.text("briefing_notes"))
    for note in briefing.notes:
        pdf.paragraph(f"•  {note}", size=12)
        pdf.ln(2.5)


def pdf_bytes(briefing: Briefing) -> bytes:
    pdf = BriefingPDF(briefing)
    title_page(pdf, briefing)
    summary_page(pdf, briefing)
    for section in briefing.sections:
        indicator_page(pdf, briefing, section)
    completeness_page(pdf, briefing)
    notes_page(pdf, briefing)
    key_page(pdf, briefing)
    return bytes(pdf.output())

"""The briefing pack as a PDF: A4 landscape, DejaVu Sans embedded (every Vietnamese letter, selectable text).

Pages: title; summary against targets; one page per indicator (narrative, map, trend, top and bottom
units); reporting completeness (as many pages as the list needs); notes. On sample data every page
carries a banner and a diagonal watermark.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
from fpdf import FPDF
from fpdf.fonts import FontFace

from core.errors import FailedError
from dashboard import style
from reports.pack import Briefing, Ranked, Section, column_shares

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))
FONT = "DejaVu"
MARGIN = 14.0  # mm
PAGE_W, PAGE_H = 297.0, 210.0  # A4 landscape
BLUE = style.rgb(style.BLUE)
DARK = style.rgb(style.DARK)
GREY = style.rgb(style.GREY)
RED = style.rgb(style.SAMPLE_RED)
HEADING_FILL = style.rgb(style.HEADING_FILL)


def font_file(bold: bool) -> Path:
    """DejaVu Sans from the system (Debian's fonts-dejavu-core): nothing is fetched."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for folder in FONT_DIRS:
        if (folder / name).exists():
            return folder / name
    raise FailedError("export_failed", code="font_missing", error=f"{name}: install fonts-dejavu-core")


class BriefingPDF(FPDF):
    """A4 landscape with the pack's running footer and, on sample data, the watermark on every page."""

    def __init__(self, briefing: Briefing) -> None:
        super().__init__(orientation="L", unit="mm", format="A4")
        self.briefing = briefing
        self.add_font(FONT, "", str(font_file(False)))
        self.add_font(FONT, "B", str(font_file(True)))
        self.set_margins(MARGIN, MARGIN + 4, MARGIN)
        self.set_auto_page_break(True, margin=MARGIN + 4)
        self.set_title(briefing.running_title)
        self.set_creator("qn-dx-dashboard")

    def header(self) -> None:
        if self.briefing.sample:
            self.set_font(FONT, "B", 9)
            self.set_text_color(*RED)
            self.set_xy(MARGIN, 6)
            self.cell(PAGE_W - 2 * MARGIN, 5, self.briefing.sample_mark, align="R")
            self.set_xy(MARGIN, MARGIN + 4)

    def footer(self) -> None:
        briefing = self.briefing
        self.set_font(FONT, "", 8)
        self.set_text_color(*GREY)
        self.set_xy(MARGIN, PAGE_H - 10)
        self.cell(PAGE_W / 2, 5, briefing.running_title)
        page = briefing.text("briefing_page", page=self.page_no(), pages="{nb}")
        self.cell(PAGE_W / 2 - 2 * MARGIN, 5, page, align="R")
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

    def heading(self, text: str, size: float = 18) -> None:
        self.set_font(FONT, "B", size)
        self.set_text_color(*BLUE)
        self.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        self.ln(2)

    def paragraph(self, text: str, size: float = 11, colour: tuple[int, int, int] = DARK) -> None:
        self.set_font(FONT, "", size)
        self.set_text_color(*colour)
        self.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")

    def frame_table(self, frame: pd.DataFrame, size: float = 9.5) -> None:
        """A table across the page, a header row repeated on every page it runs over."""
        widths = [share * (PAGE_W - 2 * MARGIN) for share in column_shares(frame)]
        self.set_font(FONT, "", size)
        self.set_text_color(*DARK)
        style = FontFace(emphasis="BOLD", fill_color=HEADING_FILL)
        with self.table(
            col_widths=widths, headings_style=style, text_align="LEFT", line_height=size * 0.5, padding=1.2
        ) as table:
            for values in [list(frame.columns), *frame.astype(str).itertuples(index=False, name=None)]:
                row = table.row()
                for value in values:
                    row.cell(str(value))


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
    pdf.set_font(FONT, "", 12)
    pdf.set_text_color(*GREY)
    lines = [
        briefing.text("briefing_edition", edition=briefing.edition),
        briefing.text("briefing_produced", when=f"{briefing.produced:%d/%m/%Y %H:%M}"),
    ]
    if briefing.sample:
        lines.append(briefing.text("sample_notice"))
    for line in lines:
        pdf.multi_cell(0, 7, line, align="C", new_x="LMARGIN", new_y="NEXT")


def summary_page(pdf: BriefingPDF, briefing: Briefing) -> None:
    pdf.add_page()
    pdf.heading(briefing.text("briefing_summary", month=briefing.month_text))
    pdf.paragraph(briefing.scope.name, colour=GREY)
    pdf.ln(3)
    pdf.frame_table(briefing.summary, size=10)


def _ranked_lines(pdf: BriefingPDF, x: float, y: float, width: float, title: str, rows: list[Ranked]) -> None:
    pdf.set_xy(x, y)
    pdf.set_font(FONT, "B", 10)
    pdf.set_text_color(*BLUE)
    pdf.cell(width, 6, title, new_x="LEFT", new_y="NEXT")
    pdf.set_font(FONT, "", 9.5)
    pdf.set_text_color(*DARK)
    for row in rows:
        pdf.set_x(x)
        pdf.cell(width - 22, 5.2, f"{row.rank}. {row.name}", new_x="RIGHT", new_y="TOP")
        pdf.cell(22, 5.2, row.value, align="R", new_x="LEFT", new_y="NEXT")
        pdf.set_x(x)


def indicator_page(pdf: BriefingPDF, briefing: Briefing, section: Section) -> None:
    """Narrative on top; the map on the left; the trend and the top and bottom units on the right."""
    pdf.add_page()
    pdf.heading(section.name, size=16)
    pdf.paragraph(section.narrative)
    top = pdf.get_y() + 3
    bottom = PAGE_H - MARGIN - 6
    map_width = min(142.0, (bottom - top) * 1000 / 780)
    pdf.image(io.BytesIO(section.map_png), x=MARGIN, y=top, w=map_width)
    right = MARGIN + map_width + 5
    right_width = PAGE_W - MARGIN - right
    trend_height = right_width * 620 / 1000
    pdf.image(io.BytesIO(section.trend_png), x=right, y=top, w=right_width)
    lists_y = top + trend_height + 3
    half = (right_width - 6) / 2
    if section.ranked == 0:
        pdf.set_xy(right, lists_y)
        pdf.paragraph(briefing.text("briefing_no_ranking"), size=10)
        return
    _ranked_lines(pdf, right, lists_y, half, briefing.text("briefing_top", n=len(section.top)), section.top)
    bottom_title = briefing.text("briefing_bottom", n=len(section.bottom))
    _ranked_lines(pdf, right + half + 6, lists_y, half, bottom_title, section.bottom)
    if section.own is not None:
        pdf.set_xy(right, pdf.get_y() + 2)
        own = briefing.text("briefing_own_rank", name=section.own.name, rank=section.own.rank, total=section.ranked)
        pdf.set_font(FONT, "B", 10)
        pdf.cell(right_width, 6, f"{own}: {section.own.value}")


def completeness_page(pdf: BriefingPDF, briefing: Briefing) -> None:
    pdf.add_page()
    pdf.heading(briefing.text("page_completeness"))
    summary = briefing.text(
        "completeness_summary", reported=briefing.reported, total=len(briefing.scope.codes), month=briefing.month_text
    )
    pdf.paragraph(summary)
    pdf.ln(3)
    if briefing.missing.empty:
        pdf.paragraph(briefing.text("completeness_all_in"))
        return
    pdf.paragraph(briefing.text("completeness_missing", month=briefing.month_text), size=12)
    pdf.ln(2)
    pdf.frame_table(briefing.missing, size=9)


def notes_page(pdf: BriefingPDF, briefing: Briefing) -> None:
    pdf.add_page()
    pdf.heading(briefing.text("briefing_notes"))
    for note in briefing.notes:
        pdf.paragraph(f"•  {note}")
        pdf.ln(1.5)


def pdf_bytes(briefing: Briefing) -> bytes:
    pdf = BriefingPDF(briefing)
    title_page(pdf, briefing)
    summary_page(pdf, briefing)
    for section in briefing.sections:
        indicator_page(pdf, briefing, section)
    completeness_page(pdf, briefing)
    notes_page(pdf, briefing)
    return bytes(pdf.output())

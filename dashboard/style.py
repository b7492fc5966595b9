"""The house style, in one notation, for the pages' charts, the printed images, the PDF and the
PowerPoint: colours as "#rrggbb", fonts installed locally (nothing is fetched)."""

from __future__ import annotations

from pathlib import Path

from core.errors import FailedError

BLUE = "#1f5fa8"  # lines, headings
DARK = "#222222"  # body text
GREY = "#555555"  # notes, footers
SAMPLE_RED = "#b71c1c"  # the "sample data" mark
TARGET_RED = "#c0392b"  # target lines
HEADING_FILL = "#e1eaf5"  # table header rows
NO_FIGURE_GREY = "#d9d9d9"  # a unit without a figure on a map
TRANSPARENT = "rgba(0,0,0,0)"  # an outline drawn over a unit's own colour
LIGHT_COLOURS = {"green": "#2e7d32", "amber": "#f9a825", "red": "#c62828", "none": "#9e9e9e"}
# A light is told by its shape as well as its colour (colour-blind readers, grey print): the chart's marker
# and the table's glyph are the same shape. Geometric shapes, not emoji, so every font draws them alike.
LIGHT_SYMBOLS = {"green": "circle", "amber": "diamond", "red": "triangle-down", "none": "circle"}
# The same lights as text on white: the amber of a marker is too pale for letters (contrast under 3:1).
LIGHT_TEXT_COLOURS = {**LIGHT_COLOURS, "amber": "#a86b00"}
LIGHT_GLYPHS = {"green": "\u25cf", "amber": "\u25c6", "red": "\u25bc", "none": ""}  # ● ◆ ▼
OTHER_LINES_GREY = "#b8b8b8"  # the lines a chart does not highlight: there for context, not to be read

SCREEN_FONT = "Noto Sans, DejaVu Sans, Arial, sans-serif"  # the pages: local fonts with Vietnamese glyphs
PRINT_FONT = "DejaVu Sans"  # images, PDF and PowerPoint: embedded or named, every Vietnamese letter
# Where PRINT_FONT's files are (Debian's fonts-dejavu-core; Fedora's folder too): the PDF embeds them and the
# slides measure their text with them, so the family above and these files never disagree.
PRINT_FONT_FILES = {False: "DejaVuSans.ttf", True: "DejaVuSans-Bold.ttf"}  # bold → file name
PRINT_FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))
PRINT_FONT_PACKAGE = "fonts-dejavu-core"


def print_font_file(bold: bool = False) -> Path:
    """PRINT_FONT's regular or bold file from the system: nothing is fetched. FailedError when missing."""
    name = PRINT_FONT_FILES[bold]
    for folder in PRINT_FONT_DIRS:
        if (folder / name).exists():
            return folder / name
    raise FailedError("export_failed", code="font_missing", error=f"{name}: install {PRINT_FONT_PACKAGE}")


def rgb(colour: str) -> tuple[int, int, int]:
    """ "#1f5fa8" → (31, 95, 168)."""
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)

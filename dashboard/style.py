"""The house style, in one notation, for the pages' charts, the printed images, the PDF and the
PowerPoint: colours as "#rrggbb", fonts installed locally (nothing is fetched)."""

from __future__ import annotations

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


def rgb(colour: str) -> tuple[int, int, int]:
    """ "#1f5fa8" → (31, 95, 168)."""
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)

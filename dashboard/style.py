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


# --- the pages' charts --------------------------------------------------------------------------------------
# The look of Streamlit's light chart theme (the pages' theme is fixed to light), written into each figure a
# page shows (`downloads.on_screen`) instead of left to Streamlit: what a chart sets itself is kept.
SCREEN_TEXT = "#808495"  # ticks, colour bars, hover text
SCREEN_GRID = "#e6eaf1"
SCREEN_LAYOUT: dict = {
    "font": {"color": SCREEN_TEXT, "size": 12},
    # Lines a chart does not colour itself, in turn.
    "colorway": [
        *("#0068c9", "#83c9ff", "#ff2b2b", "#ffabab", "#29b09d"),
        *("#7defa1", "#ff8700", "#ffd16a", "#6d3fc0", "#d5dae5"),
    ],
    "paper_bgcolor": "white",
    "plot_bgcolor": "white",
    "hoverlabel": {"bgcolor": "white", "bordercolor": "#dcd8d4", "font": {"color": SCREEN_TEXT, "size": 12}},
    "legend": {"font": {"color": "#262730", "size": 12}, "valign": "top", "borderwidth": 0},
    "margin": {"pad": 8},
}
_SCREEN_AXIS: dict = {
    "gridcolor": SCREEN_GRID,
    "zerolinecolor": SCREEN_GRID,
    "tickcolor": SCREEN_GRID,
    "tickfont": {"color": SCREEN_TEXT, "size": 12},
    "automargin": True,  # room for the ticks' text, however long
}
SCREEN_AXES: dict = {
    "x": {**_SCREEN_AXIS, "showgrid": False, "zeroline": False, "title": {"font": {"size": 14}, "standoff": 20}},
    "y": {**_SCREEN_AXIS, "ticklabelposition": "outside", "title": {"font": {"size": 14}, "standoff": 24}},
}

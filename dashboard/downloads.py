"""A chart on a page: its title as text (it wraps on a phone, where a plotly title is cut), the figure
without plotly's toolbar (English tooltips; the download row below does its work with title, source and
sample mark), and the download buttons: the image for print (PNG 300 dpi, SVG, PDF) and its data (CSV,
XLSX).

Nothing is built while the page runs: each button holds a function that Streamlit calls only when the
button is clicked (deferred download data), so a rerun of a page costs five buttons, not three images.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, partial
from typing import Any

import plotly.graph_objects as go
import streamlit as st
from plotly.utils import PlotlyJSONEncoder

from core.messages import t
from core.text import plain
from dashboard import style
from dashboard.charts import TITLE_SPACE
from dashboard.images import FORMATS, image_bytes
from dashboard.mapchart import as_picture
from dashboard.model import Chart
from dashboard.printing import FOOTNOTE
from dashboard.tables import csv_bytes, xlsx_bytes

MIME = {**FORMATS, "csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
ICONS = {
    "png": ":material/image:",
    "svg": ":material/image:",
    "pdf": ":material/picture_as_pdf:",
    "csv": ":material/table:",
    "xlsx": ":material/table_view:",
}


# plotly's own toolbar is hidden: its tooltips are English whatever the page's language, and its PNG
# lacks the title, source and sample mark that the download row's images carry.
PLOTLY_CONFIG = {"displayModeBar": False, "displaylogo": False, "scrollZoom": False, "responsive": True}


def chart_block(chart: Chart, key: str, downloads: bool = True, **selection: Any) -> Any:
    """The chart's title, the figure and (unless not `downloads`) its download row; `selection`
    (on_select, selection_mode) makes the figure clickable, and the event is returned."""
    screen = on_screen(chart)
    st.markdown(f"**{plain(screen.title.replace('<br>', ' · '))}**")
    # theme=None: the figure carries its look itself (`_in_screen_style`).
    event = st.plotly_chart(screen.figure, width="stretch", config=PLOTLY_CONFIG, key=key, theme=None, **selection)
    fit_phone_height(screen.layout, key)
    for note in screen.notes:
        st.caption(plain(note.replace("<br>", " · ")))
    if downloads:
        download_row(chart)
    return event


@dataclass(frozen=True)
class Screen:
    """A chart as a page shows it: the title and foot notes as text, the figure without them."""

    title: str
    figure: go.Figure
    layout: dict
    notes: tuple[str, ...]


_SCREENS: dict[int, tuple[weakref.ref[Chart], Screen]] = {}


def on_screen(chart: Chart) -> Screen:
    """The chart as shown, worked out once per chart: the view models are shared by every session
    (`CachedReader.model`), so a new viewer gets the figure already checked by plotly. Read-only."""
    held = _SCREENS.get(id(chart))
    if held is not None and held[0]() is chart:
        return held[1]
    spec = chart.figure.to_dict()
    layout = spec["layout"]
    title = layout.get("title", {}).get("text") or chart.title  # the figure's own: it may carry the sample mark
    layout["title"] = {"text": ""}  # said above, as text that wraps
    # The figure's foot note (source, month, map) under it as text too: inside plotly a phone cuts it off.
    notes = tuple(a["text"] for a in layout.get("annotations", []) if a.get("name") == FOOTNOTE)
    layout["annotations"] = [a for a in layout.get("annotations", []) if a.get("name") != FOOTNOTE]
    margin = layout.get("margin", {})
    room = max(margin.get("t", 50) - TITLE_SPACE, 36 if _has_top_legend(layout) else 10)
    layout["margin"] = {**margin, "t": room}
    spec["layout"] = as_picture(layout)  # a map's units: one picture on a page, shapes in print
    spec = _in_screen_style(spec)
    figure = go.Figure(spec)
    figure.layout.template = None  # plotly.py gives a new figure the default one
    screen = Screen(title, figure, spec["layout"], notes)
    forget = partial(_SCREENS.pop, id(chart), None)
    _SCREENS[id(chart)] = (weakref.ref(chart, lambda _: forget()), screen)
    return screen


def _in_screen_style(spec: dict) -> dict:
    """The figure in the pages' look (style.SCREEN_*), written into it, with no template, and marked with its
    data's revision.

    Why: Streamlit hands a chart to plotly twice as it first appears, the second time as a copy. A copied
    template, or copied data without a revision that says it is the same, makes plotly draw the whole chart
    again; with neither, the second pass only compares (measured in plotly alone: 12 instead of 46 ms for
    the map; the trends' first chart about 40 ms sooner in an A/B of 25 loads)."""
    layout = {key: value for key, value in spec["layout"].items() if key != "template"}
    layout = _under(layout, style.SCREEN_LAYOUT)
    for axis in {"xaxis", "yaxis"} | {key for key in layout if re.fullmatch(r"[xy]axis\d*", key)}:
        layout[axis] = _under(layout.get(axis, {}), style.SCREEN_AXES[axis[0]])
    # The data as it is, hashed: a chart whose data changes gets a new revision, and plotly compares it.
    written = json.dumps(spec["data"], cls=PlotlyJSONEncoder).encode()
    layout["datarevision"] = hashlib.blake2b(written, digest_size=8).hexdigest()
    return {**spec, "layout": layout}


def _under(values: dict, defaults: dict) -> dict:
    """`values` over `defaults`, nested dictionaries merged key by key (what a plotly template does)."""
    # Copies of the defaults a chart leaves as they are: the figure's own, never the style's dictionaries.
    merged = {key: copy.deepcopy(value) for key, value in defaults.items() if key not in values}
    for key, value in values.items():
        below = defaults.get(key)
        merged[key] = _under(value, below) if isinstance(value, dict) and isinstance(below, dict) else value
    return merged


PHONE_WIDTH = 640  # px: Streamlit's own break, below which columns stack
PHONE_PADDING = "2rem"  # the page's padding either side on a phone


def fit_phone_height(layout: dict, key: str) -> None:
    """A map is drawn at a fixed height, its shape (equal axes) at the top: on a narrow phone that leaves
    hundreds of empty pixels under it. There, the chart's box is cut to the map's own height, worked out
    in CSS from the screen's width and the map's proportions; nothing is cut where the height is the limit."""
    x, y = layout.get("xaxis", {}), layout.get("yaxis", {})
    if y.get("scaleanchor") != "x" or y.get("constraintoward") != "top" or "range" not in x or "range" not in y:
        return
    (x0, x1), (y0, y1) = x["range"], y["range"]
    aspect = abs(y1 - y0) * y.get("scaleratio", 1) / abs(x1 - x0)
    margin = layout.get("margin", {})
    top, sides, full = margin.get("t", 0), margin.get("l", 0) + margin.get("r", 0), layout.get("height", 450)
    height = f"min({full}px, calc({top + 8}px + (100vw - {PHONE_PADDING} - {sides}px) * {aspect:.4f}))"
    st.html(
        f"<style>@media (max-width: {PHONE_WIDTH}px) {{ .st-key-{key} "
        f"{{ height: {height} !important; flex-basis: {height} !important; overflow: hidden; }} "
        # The figure inside keeps its height (plotly would otherwise draw it anew, smaller): only its box is cut.
        f".st-key-{key} [data-testid=stFullScreenFrame] {{ height: {full}px; }} }}</style>"
    )


def _has_top_legend(layout: dict) -> bool:
    legend = layout.get("legend", {})
    return legend.get("orientation") == "h" and legend.get("y", 0) >= 1


def download_files(chart: Chart) -> dict[str, Callable[[], bytes]]:
    """{"png" | "svg" | "pdf" | "csv" | "xlsx": a function that builds the file (once)}."""

    printed = cache(chart.printed)

    def image(fmt: str) -> Callable[[], bytes]:
        return cache(lambda: image_bytes(printed(), fmt))

    notes = [chart.source, chart.key, chart.period_text, t("sample_notice", chart.lang) if chart.sample else ""]
    return {
        "png": image("png"),
        "svg": image("svg"),
        "pdf": image("pdf"),
        "csv": cache(lambda: csv_bytes(chart.data)),
        "xlsx": cache(lambda: xlsx_bytes(chart.data, title=chart.title, notes=notes, lang=chart.lang)),
    }


def download_row(chart: Chart) -> None:
    """Five buttons in a row; the chart's file stem names the files and keys the buttons."""
    lang, name = chart.lang, chart.stem
    row = st.container(horizontal=True, gap="small", key=f"downloads_{name}")
    for fmt, build in download_files(chart).items():
        row.download_button(
            t(f"download_{fmt}", lang),
            data=build,
            file_name=f"{name}.{fmt}",
            mime=MIME[fmt],
            key=f"download_{name}_{fmt}",
            on_click="ignore",  # a download changes nothing on the page
            icon=ICONS[fmt],
            help=t("download_help", lang) if fmt in FORMATS else None,
            type="tertiary",
        )

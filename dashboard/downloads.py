"""Download buttons under a chart: the image for print (PNG 300 dpi, SVG, PDF) and its data (CSV, XLSX).

Nothing is built while the page runs: each button holds a function that Streamlit calls only when the
button is clicked (deferred download data), so a rerun of a page costs five buttons, not three images.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import streamlit as st

from core.messages import t
from dashboard.images import FORMATS, image_bytes
from dashboard.model import Chart
from dashboard.tables import csv_bytes, xlsx_bytes

MIME = {**FORMATS, "csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
ICONS = {
    "png": ":material/image:",
    "svg": ":material/image:",
    "pdf": ":material/picture_as_pdf:",
    "csv": ":material/table:",
    "xlsx": ":material/table_view:",
}


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

"""Download buttons under a chart: the image for print (PNG 300 dpi, SVG, PDF) and its data (CSV, XLSX).

Nothing is built while the page runs: each button holds a function that Streamlit calls only when the
button is clicked (deferred download data), so a rerun of a page costs five buttons, not three images.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard.i18n import t
from dashboard.images import FORMATS, for_print, image_bytes
from dashboard.tables import csv_bytes, xlsx_bytes

MIME = {**FORMATS, "csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
ICONS = {
    "png": ":material/image:",
    "svg": ":material/image:",
    "pdf": ":material/picture_as_pdf:",
    "csv": ":material/table:",
    "xlsx": ":material/table_view:",
}


def download_files(
    fig: go.Figure, frame: pd.DataFrame, lang: str, *, title: str, period_text: str, sample: bool
) -> dict[str, Callable[[], bytes]]:
    """{"png" | "svg" | "pdf" | "csv" | "xlsx": a function that builds the file (once)}."""
    source = t("source_note", lang)

    @cache
    def printed() -> go.Figure:
        return for_print(fig, title=title, period_text=period_text, source=source, sample=sample, lang=lang)

    def image(fmt: str) -> Callable[[], bytes]:
        return cache(lambda: image_bytes(printed(), fmt))

    notes = [source, period_text, t("sample_notice", lang) if sample else ""]
    return {
        "png": image("png"),
        "svg": image("svg"),
        "pdf": image("pdf"),
        "csv": cache(lambda: csv_bytes(frame)),
        "xlsx": cache(lambda: xlsx_bytes(frame, title=title, notes=notes)),
    }


def download_row(
    fig: go.Figure,
    frame: pd.DataFrame,
    name: str,
    lang: str,
    *,
    title: str,
    period_text: str,
    sample: bool,
) -> None:
    """Five buttons in a row; `name` is the file name without extension (ASCII) and keys the buttons."""
    files = download_files(fig, frame, lang, title=title, period_text=period_text, sample=sample)
    row = st.container(horizontal=True, gap="small", key=f"downloads_{name}")
    for fmt, build in files.items():
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

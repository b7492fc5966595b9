"""What every view model hands to its three consumers (the page, `python -m reports chart` and the
briefing pack): a chart with everything needed to draw, print and export it."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from core.errors import UsageError
from core.messages import t
from dashboard.printing import for_print


@dataclass(frozen=True)
class Chart:
    """A chart as a page draws it and an export prints it."""

    figure: go.Figure
    data: pd.DataFrame  # the export table: translated headers, Excel number formats in attrs["formats"]
    title: str
    period_text: str  # the line under the title of a printed image: months, map, scope
    sample: bool  # the figures are sample data: every printed copy says so
    stem: str  # file name without extension (ASCII)
    lang: str
    key: str = ""  # what the chart's marks mean where print has no hover ("grey: no figure" …)
    side_key: tuple[str, ...] = ()  # lines printed beside the chart (a map's abbreviations and numbers)

    @property
    def source(self) -> str:
        return t("source_note", self.lang)

    def printed(self) -> go.Figure:
        """The figure dressed for print: title, period line, source, sample notice, A4 landscape."""
        return for_print(
            self.figure,
            title=self.title,
            period_text=self.period_text,
            source=self.source,
            key=self.key,
            side_key=self.side_key,
            sample=self.sample,
            lang=self.lang,
        )


@dataclass(frozen=True)
class Indicator:
    """One row of the catalogue, in a language."""

    kpi: str
    kind: str  # "rate" | "count"
    aggregation: str  # "flow" | "stock"
    name: str
    short: str


def indicator(catalogue: pd.DataFrame, kpi: str, lang: str) -> Indicator:
    """The catalogue's row for `kpi`; UsageError naming the known ids when there is none."""
    rows = catalogue.set_index("kpi")
    if kpi not in rows.index:
        raise UsageError("export_unknown_kpi", kpi=kpi, known=", ".join(rows.index))
    row = rows.loc[kpi]
    return Indicator(
        kpi, str(row["kind"]), str(row["aggregation"]), str(row[f"name_{lang}"]), str(row[f"short_{lang}"])
    )

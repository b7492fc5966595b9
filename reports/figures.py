"""The charts of the pages, built from a warehouse connection: the same dashboard code the pages use
(dashboard.queries → dashboard.mapdata / rankings / overview → dashboard.charts), without streamlit.

`chart()` returns the figure and the export frame behind it; the frame's `attrs` carry what a printed
image needs: title, period_text, source, sample, and a file name stem.
"""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd
import plotly.graph_objects as go

from dashboard import charts, queries, tables
from dashboard.captions import ranking_period_text, trend_period_text
from dashboard.formatting import format_month
from dashboard.i18n import indicator_name, t
from dashboard.images import for_print, image_bytes
from dashboard.mapdata import boundaries, hexagons
from dashboard.mapview import LEVELS, MODES, SCALES, map_view
from dashboard.overview import previous_month, with_values
from dashboard.rankings import add_months, rankings, target_for

KINDS = ("map", "trend", "ranking")
MAP_SHAPES = ("hexagons", "geographic")


class UsageError(ValueError):
    """A request that cannot be drawn (unknown indicator, a month without figures…), in both languages."""

    def __init__(self, key: str, **values: object) -> None:
        self.message_vi = t(key, "vi", **values)
        self.message_en = t(key, "en", **values)
        super().__init__(f"{self.message_vi} / {self.message_en}")


def _indicator(con: duckdb.DuckDBPyConnection, kpi: str) -> pd.Series:
    catalogue = queries.indicators(con).set_index("kpi", drop=False)
    if kpi not in catalogue.index:
        raise UsageError("export_unknown_kpi", kpi=kpi, known=", ".join(catalogue.index))
    return catalogue.loc[kpi]


def check_period(con: duckdb.DuckDBPyConnection, period: date) -> None:
    """UsageError unless the warehouse has figures for the month."""
    months = queries.periods(con) if queries.has_schema(con) else []
    if period not in months:
        known = f"{min(months):%Y-%m} … {max(months):%Y-%m}" if months else "–"
        raise UsageError("export_no_month", month=f"{period:%Y-%m}", known=known)


def chart(
    con: duckdb.DuckDBPyConnection,
    kpi: str,
    period: date,
    kind: str,
    lang: str = "vi",
    *,
    shape: str = "hexagons",
    mode: str = "value",
    level: str = "units",
    scale: str = "data",
) -> tuple[go.Figure, pd.DataFrame]:
    """The page's figure of `kind` ("map", "trend", "ranking") for one indicator and month, and its data.

    Map options are those of the map page (defaults as the page opens). Raises UsageError for an unknown
    indicator, a month without figures, or a map option the month's edition cannot show."""
    if kind not in KINDS:
        raise UsageError("export_unknown_kind", kind=kind, known=", ".join(KINDS))
    period = date(period.year, period.month, 1)
    indicator = _indicator(con, kpi)
    check_period(con, period)
    if kind == "map":
        return _map(con, indicator, period, lang, shape=shape, mode=mode, level=level, scale=scale)
    if kind == "trend":
        return _trend(con, indicator, period, lang)
    return _ranking(con, indicator, period, lang)


def _finish(frame: pd.DataFrame, *, title: str, period_text: str, sample: bool, lang: str, stem: str) -> pd.DataFrame:
    frame.attrs.update(
        title=title, period_text=period_text, source=t("source_note", lang), sample=bool(sample), name=stem
    )
    return frame


def _map(
    con: duckdb.DuckDBPyConnection,
    indicator: pd.Series,
    month: date,
    lang: str,
    *,
    shape: str,
    mode: str,
    level: str,
    scale: str,
) -> tuple[go.Figure, pd.DataFrame]:
    for option, value, known in (
        ("shape", shape, MAP_SHAPES),
        ("mode", mode, MODES),
        ("level", level, LEVELS),
        ("scale", scale, SCALES),
    ):
        if value not in known:
            raise UsageError("export_bad_option", option=option, value=value, known=", ".join(known))
    kpi, kind = indicator["kpi"], indicator["kind"]
    name = indicator_name(indicator.to_dict(), lang)
    edition, _ = queries.edition_unit_count(con, month)
    units = queries.units_of_edition(con, edition)
    sample = queries.sample_in_view(con, month)
    if shape == "geographic":
        shapes = boundaries(queries.boundaries_web(con, edition))
        if shapes is None:
            raise UsageError("export_no_boundaries", edition=edition)
    else:
        shapes = hexagons(units)
    if level == "districts" and not units["district_code"].notna().any():
        raise UsageError("export_no_districts", edition=edition)
    series = queries.unit_series(con, kpi, edition, previous_month(month), month)
    view = map_view(
        units,
        series,
        shapes,
        month=month,
        kind=kind,
        name=name,
        edition=edition,
        sample=sample,
        lang=lang,
        mode=mode,
        level=level,
        scale=scale,
    )
    frame = _finish(
        view.data, title=view.title, period_text=view.period_text, sample=sample, lang=lang, stem=f"map-{kpi}"
    )
    return view.figure, frame


def _trend(con: duckdb.DuckDBPyConnection, indicator: pd.Series, month: date, lang: str):
    """The overview's province line with its targets, up to and including the month."""
    kpi, kind = indicator["kpi"], indicator["kind"]
    name = indicator_name(indicator.to_dict(), lang)
    series = with_values(queries.province_series(con, kpi), kind)
    series = series[series["period"] <= pd.Timestamp(month)].reset_index(drop=True)
    targets = queries.province_targets(con, kpi)
    sample = queries.sample_in_view(con, None)
    figure = charts.province_trend(series, targets, kind=kind, name=name, lang=lang, sample=sample)
    frame = tables.province_data(series, targets, kind, lang, sample=sample)
    title = t("trend_title", lang, name=name)
    period_text = trend_period_text(series, lang)
    return figure, _finish(frame, title=title, period_text=period_text, sample=sample, lang=lang, stem=f"trend-{kpi}")


def _ranking(con: duckdb.DuckDBPyConnection, indicator: pd.Series, month: date, lang: str):
    """The rankings page's bars: units of the month's edition, best first, coloured against the target."""
    kpi, kind = indicator["kpi"], indicator["kind"]
    name = indicator_name(indicator.to_dict(), lang)
    edition, _ = queries.edition_unit_count(con, month)
    targets = queries.province_targets(con, kpi)
    target = target_for(targets, month.year)
    sample = queries.sample_in_view(con, month)
    series = queries.unit_series(con, kpi, edition, add_months(month, -12), month)
    table = rankings(queries.units_of_edition(con, edition), series, month, kind, target)
    title = t("rankings_title", lang, name=name, month=format_month(month, lang))
    figure = charts.ranking_bars(table, kind=kind, title=title, lang=lang, target=target)
    frame = tables.ranking_data(table, kind, lang, sample=sample)
    period_text = ranking_period_text(month, targets, target, kind, lang)
    return figure, _finish(frame, title=title, period_text=period_text, sample=sample, lang=lang, stem=f"ranking-{kpi}")


def printed(figure: go.Figure, frame: pd.DataFrame, lang: str) -> go.Figure:
    """`for_print` with the texts that `chart()` put on the frame."""
    attrs = frame.attrs
    return for_print(
        figure,
        title=attrs["title"],
        period_text=attrs["period_text"],
        source=attrs["source"],
        sample=attrs["sample"],
        lang=lang,
    )


def chart_image(
    con: duckdb.DuckDBPyConnection, kpi: str, period: date, kind: str, fmt: str, lang: str = "vi", **options: str
) -> bytes:
    """One chart as a print-ready PNG, SVG or PDF, as `python -m reports chart` writes it."""
    figure, frame = chart(con, kpi, period, kind, lang, **options)
    return image_bytes(printed(figure, frame, lang), fmt)

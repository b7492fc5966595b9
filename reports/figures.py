"""One chart of a page, for `python -m reports chart`: the page's own view model (`dashboard.overview`,
`dashboard.mapview`, `dashboard.rankings`), printed."""

from __future__ import annotations

from datetime import date

from core.errors import UsageError
from core.months import first_of_month, month_key
from dashboard.images import image_bytes
from dashboard.mapview import map_view
from dashboard.model import Chart, indicator
from dashboard.overview import province_trend
from dashboard.rankings import ranking_view
from warehouse.reader import Reader

CHART_TYPES = ("map", "trend", "ranking")


def check_period(source: Reader, period: date) -> None:
    """UsageError unless the warehouse has figures for the month."""
    months = source.periods() if source.has_schema() else []
    if period not in months:
        known = f"{month_key(min(months))} … {month_key(max(months))}" if months else "–"
        raise UsageError("export_no_month", month=month_key(period), known=known)


def chart(source: Reader, kpi: str, period: date, chart_type: str, lang: str = "vi", **map_options: str) -> Chart:
    """The page's chart of `chart_type` ("map", "trend", "ranking") for one indicator and month.

    `map_options` are those of the map page (`shape`, `mode`, `level`, `scale`; defaults as the page
    opens). UsageError for an unknown indicator or chart type, a month without figures, or a map option
    the month's edition cannot show."""
    if chart_type not in CHART_TYPES:
        raise UsageError("export_unknown_kind", kind=chart_type, known=", ".join(CHART_TYPES))
    month = first_of_month(period)
    indicator(source.indicators(), kpi, lang)  # an unknown indicator is said before anything else
    check_period(source, month)
    if chart_type == "map":
        return map_view(source, month, kpi, lang, **map_options).chart
    if chart_type == "trend":
        return province_trend(source, kpi, lang, last=month)
    return ranking_view(source, month, kpi, lang).chart


def chart_image(
    source: Reader, kpi: str, period: date, chart_type: str, fmt: str, lang: str = "vi", **options: str
) -> bytes:
    """One chart as a print-ready PNG, SVG or PDF, as `python -m reports chart` writes it."""
    return image_bytes(chart(source, kpi, period, chart_type, lang, **options).printed(), fmt)

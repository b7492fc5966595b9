"""Reporting completeness: which units reported which indicators, and who is missing this month."""

import streamlit as st

from dashboard import charts
from dashboard.cache import Warehouse
from dashboard.downloads import download_row
from dashboard.formatting import format_month
from dashboard.i18n import t
from dashboard.rankings import add_months
from dashboard.shell import current_language, sample_notice, stop_without_data
from dashboard.tables import reporting_data
from dashboard.upload import missing_table, missing_units, reporting_grid

lang = current_language()
warehouse = Warehouse.current()
st.title(t("page_completeness", lang))
stop_without_data(warehouse, lang)

month = st.session_state["period"]
edition, unit_count = warehouse.read("edition_unit_count", month)
units = warehouse.read("units_in_force", month)
catalogue = warehouse.read("indicators")
figures = warehouse.read("reported_figures", month)
sample = sample_notice(warehouse, month, lang)
st.caption(
    t(
        "completeness_summary",
        lang,
        reported=figures["unit_code"].nunique(),
        total=unit_count,
        month=format_month(month, lang),
    )
)
st.subheader(t("completeness_missing", lang, month=format_month(month, lang)))
missing = missing_units(figures, units, catalogue, lang)
if missing.empty:
    st.success(t("completeness_all_in", lang))
else:
    st.dataframe(missing_table(missing, lang), hide_index=True, width="stretch", key="missing_units")
# The last twelve months on this month's map: months of an earlier map had other units.
months = [
    m
    for m in warehouse.read("periods")
    if add_months(month, -11) <= m <= month and warehouse.read("edition_unit_count", m)[0] == edition
][::-1]
grid = reporting_grid(warehouse.read("reporting_by_month", edition), units, months)
title = t(
    "completeness_heatmap", lang, first=format_month(months[0], lang), month=format_month(month, lang), edition=edition
)
names = dict(zip(units["code"], units["name"], strict=True))
figure = charts.reporting_heatmap(grid.rename(index=names), indicators=len(catalogue), title=title, lang=lang)
st.plotly_chart(figure, width="stretch", config={"displaylogo": False}, key="reporting_heatmap")
download_row(
    figure,
    reporting_data(grid, names, len(catalogue), lang, sample=sample),
    f"reporting-{month:%Y-%m}",
    lang,
    title=title,
    period_text=f"{format_month(months[0], lang)} – {format_month(month, lang)}",
    sample=sample,
)

"""Overview: the province's figure for each indicator in the chosen month, and the trend of one."""

import streamlit as st

from core.formats import format_month
from core.messages import t
from dashboard.downloads import download_row
from dashboard.overview import overview_summary, province_trend
from dashboard.shell import page_start, sample_notice

page = page_start("app_title")
lang, warehouse = page.lang, page.warehouse

month, kpi = page.month, page.kpi
sample_notice(warehouse, month, lang)
summary = overview_summary(warehouse, month, lang)
st.subheader(t("overview_heading", lang, month=format_month(month, lang)))
st.caption(t("edition_note", lang, edition=summary.edition, units=summary.units))
st.dataframe(summary.table, hide_index=True, width="stretch")
st.caption(t("overview_like_for_like", lang))

trend = province_trend(warehouse, kpi, lang, last=month)
st.plotly_chart(trend.figure, width="stretch", config={"displaylogo": False})
st.caption(t("source_note", lang))
download_row(trend)

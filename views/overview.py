"""Overview: the province's figure for each indicator in the chosen month, or over the year to date or
the whole year, and the trend of one indicator."""

import streamlit as st

from core.formats import format_month
from core.messages import t
from dashboard.downloads import download_row
from dashboard.overview import SPANS, overview_summary, province_trend, year_summary
from dashboard.shell import choice, page_start, sample_notice

page = page_start("app_title")
lang, warehouse = page.lang, page.warehouse
month, kpi = page.month, page.kpi
sample_notice(warehouse, month, lang)

span = choice(
    st, "radio", "span", t("overview_span", lang), SPANS, lambda o: t(f"span_{o}", lang), lang, horizontal=True
)
if span == "month":
    summary = overview_summary(warehouse, month, lang)
    st.subheader(t("overview_heading", lang, month=format_month(month, lang)))
    st.caption(t("edition_note", lang, edition=summary.edition, units=summary.units))
    st.dataframe(summary.table, hide_index=True, width="stretch")
    st.caption(t("overview_like_for_like", lang))
else:
    year = year_summary(warehouse, month, lang, span)
    st.subheader(year.heading)
    st.dataframe(year.table, hide_index=True, width="stretch")
    st.caption(t("span_note", lang))

trend = province_trend(warehouse, kpi, lang, last=month)
st.plotly_chart(trend.figure, width="stretch", config={"displaylogo": False})
st.caption(t("source_note", lang))
download_row(trend)

"""Reporting completeness: which units reported which indicators, and who is missing this month."""

import streamlit as st

from core.formats import format_month
from core.messages import t
from dashboard.cache import CachedReader
from dashboard.downloads import download_row
from dashboard.reporting import reporting_view
from dashboard.shell import current_language, sample_notice, stop_without_data

lang = current_language()
warehouse = CachedReader.current()
st.title(t("page_completeness", lang))
stop_without_data(warehouse, lang)

month = st.session_state["period"]
view = reporting_view(warehouse, month, lang)
sample_notice(warehouse, month, lang)
st.caption(t("completeness_summary", lang, reported=view.reported, total=view.total, month=format_month(month, lang)))
st.subheader(t("completeness_missing", lang, month=format_month(month, lang)))
if view.missing.empty:
    st.success(t("completeness_all_in", lang))
else:
    st.dataframe(view.missing, hide_index=True, width="stretch", key="missing_units")
st.plotly_chart(view.chart.figure, width="stretch", config={"displaylogo": False}, key="reporting_heatmap")
download_row(view.chart)

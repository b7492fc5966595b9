"""Reporting completeness: which units reported which indicators, and who is missing this month."""

import streamlit as st

from core.formats import format_month
from core.messages import t
from dashboard.downloads import chart_block
from dashboard.reporting import reporting_view
from dashboard.shell import page_start, sample_notice

page = page_start("page_completeness")
lang, warehouse = page.lang, page.warehouse

month = page.month
view = warehouse.model(reporting_view, month, lang)  # built once per process, shared by the sessions
sample_notice(warehouse, month, lang)
st.caption(t("completeness_summary", lang, reported=view.reported, total=view.total, month=format_month(month, lang)))
st.subheader(t("completeness_missing", lang, month=format_month(month, lang)))
if view.missing.empty:
    st.success(t("completeness_all_in", lang))
else:
    st.dataframe(view.missing, hide_index=True, width="stretch", key="missing_units")
chart_block(view.chart, key="reporting_heatmap")

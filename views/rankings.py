"""Rankings: units ordered by an indicator against the target, with pace and most improved."""

import streamlit as st

from core.messages import t
from dashboard.downloads import chart_block
from dashboard.rankings import ranking_view
from dashboard.shell import page_start, sample_notice

page = page_start("page_rankings")
lang, warehouse = page.lang, page.warehouse

month, kpi = page.month, page.kpi
view = ranking_view(warehouse, month, kpi, lang)
st.caption(view.target_text)
sample_notice(warehouse, month, lang)
chart_block(view.chart, key="ranking_chart")
if view.unranked:
    st.caption(t("rankings_unranked", lang, n=len(view.unranked), names=", ".join(view.unranked)))
# The forecast column needs its rule said: it extends the last six months' pace, nothing more.
explained = {t("col_reached", lang): st.column_config.TextColumn(help=t("col_reached_help", lang), width="medium")}
st.dataframe(view.readable, hide_index=True, width="stretch", key="ranking_table", column_config=explained)
st.subheader(t("most_improved", lang))
if view.improved.empty:
    st.caption(t("most_improved_none", lang))
else:
    st.dataframe(
        view.readable_improved,
        hide_index=True,
        width="stretch",
        key="most_improved",
        column_config=explained,
    )

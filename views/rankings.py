"""Rankings: units ordered by an indicator against the target, with pace and most improved."""

import streamlit as st

from core.messages import t
from dashboard.downloads import chart_block
from dashboard.rankings import ranking_view
from dashboard.shell import page_start, sample_notice

page = page_start("page_rankings")
lang, warehouse = page.lang, page.warehouse

month, kpi = page.month, page.kpi
view = warehouse.model(ranking_view, month, kpi, lang)  # built once per process, shared by the sessions
st.caption(view.target_text)
sample_notice(warehouse, month, lang)
chart_block(view.chart, key="ranking_chart")
if view.unranked:
    st.caption(t("rankings_unranked", lang, n=len(view.unranked), names=", ".join(view.unranked)))


def columns() -> dict:
    """The columns a phone must show (rank, unit, value and light; the first two pinned while the rest
    scroll), and the forecast's rule said: it extends the last six months' pace."""
    return {
        t("rank", lang): st.column_config.TextColumn(width=64, pinned=True),
        t("col_unit", lang): st.column_config.TextColumn(width=136, pinned=True),
        t("col_value", lang): st.column_config.TextColumn(width=64),
        t("col_light", lang): st.column_config.TextColumn(width=128),  # "◆ Close to target" in full
        t("col_reached", lang): st.column_config.TextColumn(help=t("col_reached_help", lang), width=250),
    }


st.dataframe(view.styled(), hide_index=True, width="stretch", key="ranking_table", column_config=columns())
st.subheader(t("most_improved", lang))
if view.improved.empty:
    st.caption(t("most_improved_none", lang))
else:
    st.dataframe(
        view.styled(improved=True),
        hide_index=True,
        width="stretch",
        key="most_improved",
        column_config=columns(),
    )

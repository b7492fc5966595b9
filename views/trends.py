"""Trends: province, districts and chosen communes over time, with targets."""

import streamlit as st

from core.editions import edition_in_force
from core.messages import t
from dashboard.downloads import chart_block
from dashboard.shell import choice, page_start, sample_notice
from dashboard.trends import FREQUENCIES, LEVELS, trend_view

page = page_start("page_trends")
lang, warehouse = page.lang, page.warehouse

month, kpi = page.month, page.kpi
sample_notice(warehouse, None, lang)


@st.fragment
def trend_section() -> None:
    """Controls and chart: changing a control reruns this part only."""
    left, right = st.columns([2, 1])
    level = choice(
        left,
        "radio",
        "trends_level",
        t("trends_level", lang),
        LEVELS,
        lambda o: t(f"trends_{o}", lang),
        lang,
        horizontal=True,
    )
    frequency = choice(
        right,
        "radio",
        "trends_frequency",
        t("trends_frequency", lang),
        list(FREQUENCIES),
        lambda o: t(f"step_{o}", lang).capitalize(),
        lang,
        horizontal=True,
    )
    chosen: list[str] = []
    if level == "districts":
        st.caption(t("trends_districts_note", lang))
    elif level == "units":
        edition = edition_in_force(month)
        units = warehouse.units(edition)
        names = dict(zip(units["code"], units["name"], strict=True))
        chosen = st.multiselect(
            t("trends_choose_units", lang, edition=edition),
            list(names),
            default=list(names)[:3],
            format_func=names.__getitem__,
            key=f"trends_units_{edition}",
        )
    view = trend_view(warehouse, month, kpi, lang, level=level, frequency=frequency, codes=chosen)
    chart_block(view.chart, key="trend_chart")
    st.caption(t("trends_flow_stock", lang))
    if view.has_estimates:
        st.caption(t("trends_estimate_note", lang))
    st.dataframe(view.table, hide_index=True, width="stretch", key="trend_data")


trend_section()

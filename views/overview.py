"""Overview: are we on target? Each indicator of the chosen month against its target, with its changes and
who reported (or the year to date, or the whole year), and the trend of one indicator."""

import streamlit as st

from core.formats import format_month
from core.messages import t
from dashboard.downloads import chart_block
from dashboard.overview import SPANS, cards_html, overview_summary, province_trend, year_summary
from dashboard.shell import choice, page_start, sample_notice

page = page_start("app_title")
lang, warehouse = page.lang, page.warehouse
month, kpi = page.month, page.kpi
sample_notice(warehouse, month, lang)

span = choice(
    st, "radio", "span", t("overview_span", lang), SPANS, lambda o: t(f"span_{o}", lang), lang, horizontal=True
)
# The cards (or the year's table) stand above the trend but are filled in after it: the chart's figure
# then reaches the browser first, which must still load plotly and draw it, while the cards follow.
figures = st.container()
trend = warehouse.model(province_trend, kpi, lang, last=month)
chart_block(trend, key="overview_trend")
st.caption(t("source_note", lang))

with figures:
    if span == "month":
        summary = warehouse.model(overview_summary, month, lang)
        st.subheader(t("overview_heading", lang, month=format_month(month, lang)))
        st.caption(t("edition_note", lang, edition=summary.edition, units=summary.units))
        # One indicator a card: name, value, status, target and gap, changes, units reporting. Four a row
        # on a laptop, two on a tablet, one on a phone, in the indicators' order (dashboard/screen.css).
        st.html(cards_html(summary.cards))
        st.caption(t("overview_like_for_like", lang))
        # The table is sent only once the expander is opened: closed, it would still load the data grid's
        # bundle into every new viewer's browser while the chart is being drawn.
        details = st.expander(t("overview_details", lang), key="overview_details", on_change="rerun")
        if details.open:
            details.dataframe(summary.table, hide_index=True, width="stretch")
    else:
        year = warehouse.model(year_summary, month, lang, span)
        st.subheader(year.heading)
        st.dataframe(year.table, hide_index=True, width="stretch")
        st.caption(t("span_note", lang))

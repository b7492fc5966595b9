"""Trends: province, districts and chosen communes over time, with targets."""

import streamlit as st

from core.editions import edition_in_force
from core.messages import t
from dashboard.downloads import chart_block
from dashboard.shell import choice, choices, page_start, sample_notice, write_address
from dashboard.trends import FREQUENCIES, LEVELS, districts, trend_view

page = page_start("page_trends")
lang, warehouse = page.lang, page.warehouse

month, kpi = page.month, page.kpi
sample_notice(warehouse, None, lang)


def highlighted_district() -> str | None:
    """The district drawn in colour against the others in grey, kept in the address (`district=`)."""
    names = warehouse.model(districts, kpi)
    if not names:  # an indicator no district ever reported
        return None
    return choice(st, "selectbox", "district", t("trends_highlight", lang), list(names), names.__getitem__, lang)


def chosen_units() -> list[str]:
    """The communes of the map in force, kept in the address (`units=06652,06655`). Codes are reused by
    the next map, so the address speaks only for the map the page first opened on in this session."""
    edition = edition_in_force(month)
    units = warehouse.units(edition)
    names = dict(zip(units["code"], units["name"], strict=True))
    first_map = st.session_state.setdefault("trends_units_map", edition)
    return choices(
        st,
        f"trends_units_{edition}",
        t("trends_choose_units", lang, edition=edition),
        list(names),
        names.__getitem__,
        lang,
        default=list(names)[:3],
        url_key="units",
        from_url=first_map == edition,
        placeholder=t("trends_units_placeholder", lang),
    )


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
    district = None
    if level == "districts":
        district = highlighted_district()
        st.caption(t("trends_districts_note", lang))
    elif level == "units":
        chosen = chosen_units()
    write_address()  # with the sidebar's choices: a control changed reruns this part only, not app.py
    view = warehouse.model(
        trend_view, month, kpi, lang, level=level, frequency=frequency, codes=tuple(chosen), highlight=district
    )
    chart_block(view.chart, key="trend_chart")
    st.caption(t("trends_flow_stock", lang))
    if view.has_estimates:
        st.caption(t("trends_estimate_note", lang))
    # Sent once opened, as the overview's table: open under the chart, its data grid's bundle loaded into
    # every new viewer's browser while the chart was being drawn.
    figures = st.expander(t("trends_table", lang), key="trends_table", on_change="rerun")
    if figures.open:
        figures.dataframe(view.table, hide_index=True, width="stretch", key="trend_data")


trend_section()

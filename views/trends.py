"""Trends: province, districts and chosen communes over time, with targets."""

import streamlit as st

from dashboard import charts
from dashboard.cache import Warehouse
from dashboard.captions import trend_period_text
from dashboard.downloads import download_row
from dashboard.i18n import t
from dashboard.shell import choice, current_language, sample_notice, stop_without_data
from dashboard.tables import trend_data
from dashboard.trends import FREQUENCIES, aggregate, district_frame, province_frame, trend_table, unit_frame

lang = current_language()
warehouse = Warehouse.current()
st.title(t("page_trends", lang))
stop_without_data(warehouse, lang)

month, kpi = st.session_state["period"], st.session_state["kpi"]
catalogue = warehouse.read("indicators").set_index("kpi")
kind, aggregation = catalogue.at[kpi, "kind"], catalogue.at[kpi, "aggregation"]
name = catalogue.at[kpi, f"name_{lang}"]


sample = sample_notice(warehouse, None, lang)


@st.fragment
def trend_view() -> None:
    """Controls and chart: changing a control reruns this part only."""
    left, right = st.columns([2, 1])
    level = choice(
        left,
        "radio",
        "trends_level",
        t("trends_level", lang),
        ["province", "districts", "units"],
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
    if level == "province":
        frame = province_frame(warehouse.read("province_series", kpi), t("trends_province", lang))
    elif level == "districts":
        frame = district_frame(warehouse.read("district_series", kpi))
        st.caption(t("trends_districts_note", lang))
    else:
        edition, _ = warehouse.read("edition_unit_count", month)
        units = warehouse.read("units_of_edition", edition)
        names = dict(zip(units["code"], units["name"], strict=True))
        chosen = st.multiselect(
            t("trends_choose_units", lang, edition=edition),
            list(names),
            default=list(names)[:3],
            format_func=names.get,
            key=f"trends_units_{edition}",
        )
        frame = unit_frame(warehouse.read("unit_series", kpi, edition, None, None), names, chosen)

    steps = aggregate(frame, frequency, aggregation, kind)
    title = t("trends_title", lang, name=name, step=t(f"step_{frequency}", lang))
    figure = charts.trend_lines(
        steps,
        warehouse.read("province_targets", kpi) if level == "province" else steps.iloc[0:0],
        kind=kind,
        title=title,
        lang=lang,
        sample=sample,
    )
    st.plotly_chart(figure, width="stretch", config={"displaylogo": False}, key="trend_chart")
    download_row(
        figure,
        trend_data(steps, kind, frequency, lang, sample=sample),
        f"trends-{kpi}-{level}-{frequency}",
        lang,
        title=title,
        period_text=f"{trend_period_text(frame, lang)} · {t(f'trends_{level}', lang)}",  # months, not steps
        sample=sample,
    )
    st.caption(t("trends_flow_stock", lang))
    if steps["estimate"].any():
        st.caption(t("trends_estimate_note", lang))
    st.dataframe(trend_table(steps, kind, frequency, lang), hide_index=True, width="stretch", key="trend_data")


trend_view()

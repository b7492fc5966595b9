"""Overview: the province's figure for each indicator in the chosen month."""

import streamlit as st

from dashboard import charts
from dashboard.cache import Warehouse
from dashboard.captions import trend_period_text
from dashboard.downloads import download_row
from dashboard.formatting import format_month
from dashboard.i18n import indicator_name, t
from dashboard.overview import comparison_months, matched_changes, overview_table, summarise, with_values
from dashboard.shell import current_language, sample_notice, stop_without_data
from dashboard.tables import province_data

lang = current_language()
warehouse = Warehouse.current()
st.title(t("app_title", lang))

stop_without_data(warehouse, lang)

month = st.session_state["period"]
kpi = st.session_state["kpi"]
catalogue = warehouse.read("indicators")
names = {row.kpi: indicator_name(row, lang) for row in catalogue.itertuples(index=False)}
sample_notice(warehouse, month, lang)

edition, unit_count = warehouse.read("edition_unit_count", month)
st.subheader(t("overview_heading", lang, month=format_month(month, lang)))
st.caption(t("edition_note", lang, edition=edition, units=unit_count))

months = comparison_months(month)
matched = matched_changes(warehouse.read("unit_figures", edition, months), month, catalogue)
summary = summarise(month, warehouse.read("province_by_month", months), catalogue, matched)
st.dataframe(overview_table(summary, names, unit_count, lang), hide_index=True, width="stretch")
st.caption(t("overview_like_for_like", lang))

kind = catalogue.set_index("kpi").at[kpi, "kind"]
series = with_values(warehouse.read("province_series", kpi), kind)
targets = warehouse.read("province_targets", kpi)
sample = warehouse.read("sample_in_view", None)
figure = charts.province_trend(series, targets, kind=kind, name=names[kpi], lang=lang, sample=sample)
st.plotly_chart(figure, width="stretch", config={"displaylogo": False})
st.caption(t("source_note", lang))
download_row(
    figure,
    province_data(series, targets, kind, lang, sample=sample),
    f"trend-{kpi}",
    lang,
    title=t("trend_title", lang, name=names[kpi]),
    period_text=trend_period_text(series, lang),
    sample=sample,
)

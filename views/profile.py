"""Unit profile: every indicator over time, rank among units of the same type, lineage across reforms."""

import pandas as pd
import streamlit as st

from dashboard import charts
from dashboard.cache import Warehouse
from dashboard.captions import span_text
from dashboard.downloads import download_row
from dashboard.formatting import format_month, format_value
from dashboard.i18n import t
from dashboard.mapdata import values_of
from dashboard.profile import UNIT_TYPES, lineage_lines, ranks_within_type
from dashboard.shell import current_language, remember_in_url, sample_notice, stop_without_data
from dashboard.tables import profile_data

lang = current_language()
warehouse = Warehouse.current()
st.title(t("page_profile", lang))
stop_without_data(warehouse, lang)

month = st.session_state["period"]
edition, _ = warehouse.read("edition_unit_count", month)
units = warehouse.read("units_of_edition", edition)
names = dict(zip(units["code"], units["name"], strict=True))
wanted = st.session_state.get("unit") or st.query_params.get("unit")
index = list(names).index(wanted) if wanted in names else 0
code = st.selectbox(
    t("profile_choose", lang, edition=edition),
    list(names),
    index=index,
    format_func=names.get,
    key=f"profile_unit_{edition}",
)
st.session_state["unit"] = code
remember_in_url("unit", code)
unit = units.set_index("code").loc[code]
st.subheader(t("profile_heading", lang, name=unit["name"], district=unit["district_name"] or edition))

sample = sample_notice(warehouse, None, lang)
catalogue = warehouse.read("indicators")
ranks = ranks_within_type(warehouse.read("unit_figures", edition, [month]), units, catalogue)
mine = ranks[ranks["unit_code"] == code].set_index("kpi")
if mine.empty:
    st.info(t("profile_no_report", lang, month=format_month(month, lang)), icon=":material/info:")
columns = st.columns(4)
for position, row in enumerate(catalogue.itertuples(index=False)):
    if row.kpi not in mine.index:
        continue
    figure = mine.loc[row.kpi]
    # A rate of 0/0 (no dossiers at all that month) has no value and so no rank.
    rank = "–" if pd.isna(figure["rank"]) else f"{int(figure['rank'])}/{int(figure['peers'])}"
    column = columns[position % 4]
    column.metric(getattr(row, f"short_{lang}"), format_value(figure["value"], row.kind, lang))
    # Said in full under the figure: the rank is among units of the same type, not the Rankings page's.
    column.caption(t("profile_rank_line", lang, rank=rank, type=UNIT_TYPES[lang][unit["type"]]))

panels = []
for row in catalogue.itertuples(index=False):
    series = warehouse.read("unit_series", row.kpi, edition, None, month)  # up to the month looked at
    series = series[series["unit_code"] == code]
    if series.empty:
        continue
    value = values_of(series["numerator"], series["denominator"], row.kind)
    panels.append((getattr(row, f"short_{lang}"), row.kind, series.assign(value=value)))
title = t("profile_all_indicators", lang, name=unit["name"]) + f" · {format_month(month, lang)}"
figure = charts.small_multiples(panels, title=title, lang=lang)
st.plotly_chart(figure, width="stretch", config={"displaylogo": False}, key="profile_chart")
if panels:
    data = profile_data(panels, lang, sample=sample)
    download_row(
        figure,
        data,
        f"profile-{code}-{month:%Y-%m}",
        lang,
        title=title,
        period_text=f"{unit['name']} · {span_text(data[t('month_axis', lang)], lang)}",
        sample=sample,
    )

came, became = lineage_lines(warehouse.read("lineage", edition, code), edition, code, lang)
left, right = st.columns(2)
left.markdown(
    f"**{t('profile_came_from', lang)}**\n\n" + ("\n".join(f"- {c}" for c in came) or t("profile_no_earlier", lang))
)
right.markdown(
    f"**{t('profile_became', lang)}**\n\n" + ("\n".join(f"- {b}" for b in became) or t("profile_no_later", lang))
)

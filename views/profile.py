"""Unit profile: every indicator over time, rank among units of the same type, lineage across reforms."""

import streamlit as st

from core.editions import edition_in_force
from core.formats import format_month
from core.messages import t
from dashboard.downloads import chart_block
from dashboard.profile import profile_view
from dashboard.shell import page_start, remember_in_url, sample_notice

PER_ROW = 4

page = page_start("page_profile")
lang, warehouse = page.lang, page.warehouse

month = page.month
edition = edition_in_force(month)
units = warehouse.units(edition)
names = dict(zip(units["code"], units["name"], strict=True))
wanted = st.session_state.get("unit") or st.query_params.get("unit")
code = st.selectbox(
    t("profile_choose", lang, edition=edition),
    list(names),
    index=list(names).index(wanted) if wanted in names else 0,
    format_func=names.__getitem__,
    key=f"profile_unit_{edition}",
    placeholder=t("placeholder_choose", lang),
)
assert code is not None  # a map always has units
st.session_state["unit"] = code
remember_in_url("unit", code)
view = warehouse.model(profile_view, month, code, lang)  # built once per process, shared by the sessions
st.subheader(view.heading)

sample_notice(warehouse, None, lang)
if not view.reported:  # carried stocks may still show below, each saying so
    st.info(t("profile_no_report", lang, month=format_month(month, lang)), icon=":material/info:")
# Four figures a row on a laptop; one row of columns at a time, so that a phone, which stacks columns,
# keeps the indicators' order.
for first in range(0, len(view.metrics), PER_ROW):
    for column, metric in zip(st.columns(PER_ROW), view.metrics[first : first + PER_ROW], strict=False):
        column.metric(metric.label, metric.value)
        # Said in full under the figure: the rank is among units of the same type, not the Rankings page's.
        column.caption(metric.rank_line)

chart_block(view.chart, key="profile_chart", downloads=view.has_series)
if view.chart.key:
    st.caption(view.chart.key)

left, right = st.columns(2)
left.markdown(
    f"**{t('profile_came_from', lang)}**\n\n"
    + ("\n".join(f"- {c}" for c in view.came_from) or t("profile_no_earlier", lang))
)
right.markdown(
    f"**{t('profile_became', lang)}**\n\n" + ("\n".join(f"- {b}" for b in view.became) or t("profile_no_later", lang))
)

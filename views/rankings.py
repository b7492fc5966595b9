"""Rankings: units ordered by an indicator against the target, with pace and most improved."""

import streamlit as st

from dashboard import charts
from dashboard.cache import Warehouse
from dashboard.captions import ranking_period_text
from dashboard.downloads import download_row
from dashboard.formatting import format_month, format_value
from dashboard.i18n import t
from dashboard.rankings import add_months, most_improved, ranking_table, rankings, target_for
from dashboard.shell import current_language, sample_notice, stop_without_data
from dashboard.tables import ranking_data

lang = current_language()
warehouse = Warehouse.current()
st.title(t("page_rankings", lang))
stop_without_data(warehouse, lang)

month, kpi = st.session_state["period"], st.session_state["kpi"]
catalogue = warehouse.read("indicators").set_index("kpi")
kind, name = catalogue.at[kpi, "kind"], catalogue.at[kpi, f"name_{lang}"]
edition, _ = warehouse.read("edition_unit_count", month)
targets = warehouse.read("province_targets", kpi)
target = target_for(targets, month.year)
if target is None:
    st.caption(t("rankings_no_target", lang))
else:
    example = t("example_suffix", lang) if (targets["source"] == "example").all() else ""
    st.caption(t("rankings_target", lang, year=month.year, target=format_value(target, kind, lang), example=example))
sample = sample_notice(warehouse, month, lang)

series = warehouse.read("unit_series", kpi, edition, add_months(month, -12), month)
table = rankings(warehouse.read("units_of_edition", edition), series, month, kind, target)
title = t("rankings_title", lang, name=name, month=format_month(month, lang))
figure = charts.ranking_bars(table, kind=kind, title=title, lang=lang, target=target)
st.plotly_chart(figure, width="stretch", config={"displaylogo": False}, key="ranking_chart")
unranked = table.loc[table["value"].isna(), "name"].tolist()
if unranked:
    st.caption(t("rankings_unranked", lang, n=len(unranked), names=", ".join(unranked)))
download_row(
    figure,
    ranking_data(table, kind, lang, sample=sample),
    f"ranking-{kpi}-{month:%Y-%m}",
    lang,
    title=title,
    period_text=ranking_period_text(month, targets, target, kind, lang),
    sample=sample,
)
# The forecast column needs its rule said: it extends the last six months' pace, nothing more.
explained = {t("col_reached", lang): st.column_config.TextColumn(help=t("col_reached_help", lang), width="medium")}
st.dataframe(
    ranking_table(table, kind, lang), hide_index=True, width="stretch", key="ranking_table", column_config=explained
)
st.subheader(t("most_improved", lang))
improved = most_improved(table)
if improved.empty:
    st.caption(t("most_improved_none", lang))
else:
    st.dataframe(
        ranking_table(improved, kind, lang),
        hide_index=True,
        width="stretch",
        key="most_improved",
        column_config=explained,
    )

"""Map: any indicator, any month, on the edition in force; hexagons or imported boundaries."""

import streamlit as st

from dashboard import charts
from dashboard.cache import Warehouse
from dashboard.downloads import download_row
from dashboard.formatting import format_month
from dashboard.i18n import t
from dashboard.mapdata import boundaries, district_values, hexagons, unit_values
from dashboard.overview import previous_month
from dashboard.shell import current_language, remember_view, stop_without_data, view_choice
from reports.figures import map_period_text
from reports.tables import map_data

lang = current_language()
warehouse = Warehouse.current()
st.title(t("page_map", lang))
stop_without_data(warehouse, lang)

month, kpi = st.session_state["period"], st.session_state["kpi"]
catalogue = warehouse.read("indicators").set_index("kpi")
kind = catalogue.at[kpi, "kind"]
name = catalogue.at[kpi, f"name_{lang}"]
edition, _ = warehouse.read("edition_unit_count", month)
units = warehouse.read("units_of_edition", edition)
imported = boundaries(warehouse.read("boundaries_web", edition))
sample = warehouse.read("sample_in_view", month)


@st.fragment
def map_view() -> None:
    """Controls and map: changing a control reruns this part only, not the page's reads above."""
    left, middle, right, last = st.columns(4)
    shape_options = ["hexagons", "geographic"] if imported else ["hexagons"]
    levels = ["units", "districts"] if units["district_code"].notna().any() else ["units"]
    controls = {
        "map_shape": shape_options,
        "map_mode": ["value", "change"],
        "map_level": levels,
        "map_scale": ["data", "quantiles", "fixed"],
    }
    for control, options in controls.items():
        view_choice(control, options)
    shape = left.radio(t("map_shape", lang), shape_options, key="map_shape", format_func=lambda o: t(f"map_{o}", lang))
    mode = middle.radio(
        t("map_mode", lang), ["value", "change"], key="map_mode", format_func=lambda o: t(f"map_mode_{o}", lang)
    )
    level = right.radio(t("map_level", lang), levels, key="map_level", format_func=lambda o: t(f"map_level_{o}", lang))
    scale = last.radio(
        t("map_scale", lang), controls["map_scale"], key="map_scale", format_func=lambda o: t(f"map_scale_{o}", lang)
    )
    for control in controls:
        remember_view(control)
    if imported is None:
        st.caption(t("map_no_boundaries", lang, edition=edition))

    series = warehouse.read("unit_series", kpi, edition, previous_month(month), month)
    values = unit_values(units, series, month, kind)
    shapes = imported if shape == "geographic" else hexagons(units)
    if level == "districts":
        values = district_values(values, kind)
    title_key = "map_change_title" if mode == "change" else "map_title"
    note = t(
        "map_note",
        lang,
        month=format_month(month, lang),
        edition=edition,
        sample=f" · {t('sample_badge', lang)}" if sample else "",
    )
    figure = charts.unit_map(
        values,
        shapes,
        column="change" if mode == "change" else "value",
        kind=kind,
        title=t(title_key, lang, name=name, month=format_month(month, lang)),
        note=note,
        lang=lang,
        scale=scale,
    )
    if sample:
        st.warning(t("sample_notice", lang), icon="⚠️")
    event = st.plotly_chart(
        figure,
        width="stretch",
        config={"displaylogo": False, "scrollZoom": False},
        key="unit_map",
        on_select="rerun",
        selection_mode="points",
    )
    download_row(
        figure,
        map_data(values, kind, lang, sample=sample, level=level),
        f"map-{kpi}-{month:%Y-%m}-{mode}-{level}",
        lang,
        title=figure.layout.title.text,
        period_text=map_period_text(month, edition, len(units), lang),
        sample=sample,
    )
    clicked = [p.get("location") for p in (event.selection.points if event else []) if p.get("location")]
    if clicked and level == "units":  # a click on a unit opens its profile
        st.session_state["unit"] = clicked[0]
        st.switch_page("views/profile.py")


map_view()

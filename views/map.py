"""Map: any indicator, any month, on the edition in force; hexagons or imported boundaries."""

import streamlit as st

from dashboard.cache import Warehouse
from dashboard.downloads import download_row
from dashboard.i18n import t
from dashboard.mapdata import boundaries, hexagons
from dashboard.mapview import LEVELS, MODES, SCALES, map_view
from dashboard.overview import previous_month
from dashboard.shell import choice, current_language, sample_notice, stop_without_data

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


@st.fragment
def map_section() -> None:
    """Controls and map: changing a control reruns this part only, not the page's reads above."""
    left, middle, right, last = st.columns(4)
    shape_options = ["hexagons", "geographic"] if imported else ["hexagons"]
    levels = list(LEVELS) if units["district_code"].notna().any() else ["units"]
    shape = choice(left, "radio", "map_shape", t("map_shape", lang), shape_options, lambda o: t(f"map_{o}", lang), lang)
    mode = choice(middle, "radio", "map_mode", t("map_mode", lang), MODES, lambda o: t(f"map_mode_{o}", lang), lang)
    level = choice(right, "radio", "map_level", t("map_level", lang), levels, lambda o: t(f"map_level_{o}", lang), lang)
    scale = choice(
        last,
        "radio",
        "map_scale",
        t("map_scale", lang),
        SCALES,
        lambda o: t(f"map_scale_{o}", lang),
        lang,
        disabled=mode == "change",  # a change is always drawn around zero, red for falls and blue for rises
        help=t("map_scale_change_help", lang) if mode == "change" else None,
    )
    if imported is None:
        st.caption(t("map_no_boundaries", lang, edition=edition))

    sample = sample_notice(warehouse, month, lang)  # drawn here: after the controls, above the map
    view = map_view(
        units,
        warehouse.read("unit_series", kpi, edition, previous_month(month), month),
        imported if shape == "geographic" else hexagons(units),
        month=month,
        kind=kind,
        name=name,
        edition=edition,
        sample=sample,
        lang=lang,
        mode=mode,
        level=level,
        scale=scale,
    )
    event = st.plotly_chart(
        view.figure,
        width="stretch",
        config={"displaylogo": False, "scrollZoom": False},
        key="unit_map",
        on_select="rerun",
        selection_mode="points",
    )
    download_row(
        view.figure,
        view.data,
        f"map-{kpi}-{month:%Y-%m}-{mode}-{level}",
        lang,
        title=view.title,
        period_text=view.period_text,
        sample=sample,
    )
    clicked = [p.get("location") for p in (event.selection.points if event else []) if p.get("location")]
    if clicked and level == "units":  # a click on a unit opens its profile
        st.session_state["unit"] = clicked[0]
        st.switch_page("views/profile.py")


map_section()

"""Map: any indicator, any month, on the edition in force; hexagons or imported boundaries."""

import streamlit as st

from core.messages import t
from core.text import plain
from dashboard.downloads import chart_block
from dashboard.maplabels import key_groups
from dashboard.mapview import MODES, SCALES, map_options, map_view
from dashboard.shell import choice, kept, page_start, sample_notice, write_address

page = page_start("page_map")
lang, warehouse = page.lang, page.warehouse

month, kpi = page.month, page.kpi
options = warehouse.model(map_options, month)


def map_controls() -> tuple[str, str, str, str]:
    """The map's type, what it shows, its level and its colour scale, in a closed expander: the map comes
    first (on a phone the four radios took a screen), and the radios are sent only once it is opened (each
    control laid out before the map delays a new viewer's first map). Closed, the choices are the session's
    or the link's, kept in the address."""
    box = st.expander(t("map_options", lang), key="map_options", on_change="rerun")
    if not box.open:
        return (
            kept("map_shape", options.shapes),
            kept("map_mode", MODES),
            kept("map_level", options.levels),
            kept("map_scale", SCALES),
        )
    left, middle, right, last = box.columns(4)
    shape = choice(
        left, "radio", "map_shape", t("map_shape", lang), options.shapes, lambda o: t(f"map_{o}", lang), lang
    )
    mode = choice(middle, "radio", "map_mode", t("map_mode", lang), MODES, lambda o: t(f"map_mode_{o}", lang), lang)
    level = choice(
        right, "radio", "map_level", t("map_level", lang), options.levels, lambda o: t(f"map_level_{o}", lang), lang
    )
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
    return shape, mode, level, scale


@st.fragment
def map_section() -> None:
    """Controls and map: changing a control reruns this part only, not the page's reads above."""
    shape, mode, level, scale = map_controls()
    write_address()  # with the sidebar's choices: a control changed reruns this part only, not app.py
    if "geographic" not in options.shapes:
        st.caption(t("map_no_boundaries", lang, edition=options.edition))

    sample_notice(warehouse, month, lang)  # drawn here: after the controls, above the map
    view = warehouse.model(map_view, month, kpi, lang, shape=shape, mode=mode, level=level, scale=scale)
    event = chart_block(view.chart, key="unit_map", on_select="rerun", selection_mode="points")
    if not view.key.empty:
        # Closed (on a phone the 2020 key is screens long), and sent only once opened: the first map comes
        # sooner, and opening it reruns this part of the page only.
        key = st.expander(t("map_key_heading", lang), key="map_key", on_change="rerun")
        if key.open:
            for district, entries in key_groups(view.key):
                said = " · ".join(f"**{plain(label)}** {plain(name)}" for label, name in entries)
                key.markdown(f"{plain(district)}: {said}" if district else said)
    clicked = [p.get("customdata") for p in (event.selection.points if event else []) if p.get("customdata")]
    if clicked and level == "units":  # a click on a unit opens its profile
        st.session_state["unit"] = clicked[0]
        st.switch_page("views/profile.py")


map_section()

"""Briefing pack: a month's PDF or PowerPoint for the province, a district or a unit (built in reports/)."""

import streamlit as st

from core.editions import edition_in_force
from core.errors import DxError
from core.messages import LANGUAGE_LABELS, LANGUAGES, t
from dashboard.shell import month_of_page, page_start
from reports import briefing

page = page_start("page_briefing")
lang, warehouse = page.lang, page.warehouse
st.caption(t("briefing_intro", lang))

left, right = st.columns(2)
month = month_of_page(left, warehouse.periods(), "briefing_month", lang)
edition = edition_in_force(month)
choices = briefing.scope_choices(warehouse.units(edition), lang)
# The edition is in the key: another map has other districts and units, so the choice starts afresh.
scope = right.selectbox(
    t("briefing_scope", lang),
    list(choices),
    format_func=choices.__getitem__,
    key=f"briefing_scope_{edition}_{lang}",
    placeholder=t("placeholder_choose", lang),
)
pack_lang = left.radio(
    t("briefing_pack_language", lang),
    LANGUAGES,
    index=LANGUAGES.index(lang),
    format_func=LANGUAGE_LABELS.get,
    horizontal=True,
    key=f"briefing_lang_{lang}",
)
fmt = right.radio(
    t("briefing_format", lang), list(briefing.FORMATS), format_func=str.upper, horizontal=True, key="briefing_fmt"
)

request = (str(warehouse.path), warehouse.version, month, scope, pack_lang, fmt)
if st.button(t("briefing_build", lang), type="primary", icon=":material/description:", key="briefing_build"):
    with st.spinner(t("briefing_building", lang)):
        try:
            pack = briefing.pack_bytes(warehouse, month, fmt, pack_lang, scope or None)
            st.session_state["briefing_pack"] = (request, pack)
        except DxError as error:  # a month reverted meanwhile, no Chromium or fonts on this machine…
            st.session_state.pop("briefing_pack", None)
            st.error(error.shown(lang), icon="⚠️")

built = st.session_state.get("briefing_pack")
if built and built[0] == request:  # only the pack of the choices on screen is offered
    st.download_button(
        t("briefing_download", lang, fmt=fmt.upper()),
        data=built[1],
        file_name=briefing.file_name(month, scope or None, fmt, pack_lang),
        mime=briefing.FORMATS[fmt],
        icon=":material/download:",
        key="briefing_download",
    )

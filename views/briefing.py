"""Briefing pack: a month's PDF or PowerPoint for the province, a district or a unit (built in reports/)."""

import streamlit as st

from dashboard.cache import Warehouse
from dashboard.formatting import LANGUAGES
from dashboard.i18n import t
from dashboard.images import ImageError
from dashboard.shell import LANGUAGE_LABELS, current_language, month_of_page, stop_without_data
from reports.briefing import FORMATS, file_name, pack_bytes, scope_choices

lang = current_language()
warehouse = Warehouse.current()
st.title(t("page_briefing", lang))
stop_without_data(warehouse, lang)
st.caption(t("briefing_intro", lang))

months = warehouse.read("periods")
left, right = st.columns(2)
month = month_of_page(left, months, "briefing_month", lang)
edition, _ = warehouse.read("edition_unit_count", month)
choices = scope_choices(warehouse.read("units_of_edition", edition), lang)
# The edition is in the key: another map has other districts and units, so the choice starts afresh.
scope = right.selectbox(
    t("briefing_scope", lang), list(choices), format_func=choices.get, key=f"briefing_scope_{edition}_{lang}"
)
pack_lang = left.radio(
    t("briefing_pack_language", lang),
    LANGUAGES,
    index=LANGUAGES.index(lang),
    format_func=LANGUAGE_LABELS.get,
    horizontal=True,
    key=f"briefing_lang_{lang}",
)
fmt = right.radio(t("briefing_format", lang), list(FORMATS), format_func=str.upper, horizontal=True, key="briefing_fmt")

request = (str(warehouse.path), warehouse.version, month, scope, pack_lang, fmt)
if st.button(t("briefing_build", lang), type="primary", icon=":material/description:", key="briefing_build"):
    with st.spinner(t("briefing_building", lang)):
        try:
            pack = pack_bytes(warehouse.path, month, fmt, pack_lang, scope or None)
            st.session_state["briefing_pack"] = (request, pack)
        except ValueError as error:
            st.session_state.pop("briefing_pack", None)
            st.error(str(error), icon="⚠️")
        except (ImageError, OSError) as error:  # no Chromium or fonts on this machine, a full disk…
            st.session_state.pop("briefing_pack", None)
            st.error(t("export_failed", lang, error=error), icon="⚠️")

built = st.session_state.get("briefing_pack")
if built and built[0] == request:  # only the pack of the choices on screen is offered
    st.download_button(
        t("briefing_download", lang, fmt=fmt.upper()),
        data=built[1],
        file_name=file_name(month, scope or None, fmt, pack_lang),
        mime=FORMATS[fmt],
        icon=":material/download:",
        key="briefing_download",
    )

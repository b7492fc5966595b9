"""Briefing pack: a month's PDF or PowerPoint for the province, a district or a unit (built in reports/)."""

import hashlib

import streamlit as st

from core.editions import edition_in_force
from core.errors import DxError
from core.limits import MAX_FILE_MB
from core.messages import LANGUAGE_LABELS, LANGUAGES, t
from core.text import plain
from dashboard.shell import month_of_page, page_start, sample_notice
from reports import briefing
from reports.layouts import Template, check_template

page = page_start("page_briefing")
lang, warehouse = page.lang, page.warehouse
st.caption(t("briefing_intro", lang))

left, right = st.columns(2)
month = month_of_page(left, warehouse.periods(), "briefing_month", lang)
edition = edition_in_force(month)
sample_notice(warehouse, month, lang)  # a pack of sample data says so on every page; the page says it first
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


def chosen_template() -> tuple[Template | None, bool]:
    """The province's template, if one is uploaded (PowerPoint only), and whether it can be used: it is
    checked as soon as it arrives, so a template the pack cannot be built on is said at once and stops the
    build, rather than costing the wait for the pictures."""
    upload = st.file_uploader(
        t("briefing_template", lang),
        type=["pptx", "potx"],
        help=t("briefing_template_help", lang),
        max_upload_size=MAX_FILE_MB,  # the same bound as every upload (core.limits), checked again when read
        key="briefing_template",
    )
    if upload is None:
        return None, True
    template = Template(upload.getvalue(), upload.name)
    error = template_problem(template)
    if error is not None:
        st.error(error.shown(lang), icon="⚠️")
        return None, False
    st.caption(t("briefing_template_used", lang, file=plain(upload.name)))
    return template, True


def template_problem(template: Template) -> DxError | None:
    """Why the template cannot be used (None: it can), checked once per file: every widget reruns the page."""
    key = (hashlib.sha256(template.data).hexdigest(), template.name)
    checked = st.session_state.get("briefing_template_checked")
    if checked is None or checked[0] != key:
        try:
            check_template(template)
            checked = (key, None)
        except DxError as error:
            checked = (key, error)
        st.session_state["briefing_template_checked"] = checked
    return checked[1]


template, usable = chosen_template() if fmt == "pptx" else (None, True)
# A pack is offered only for the choices on screen, the template (by its digest) among them.
digest = hashlib.sha256(template.data).hexdigest() if template else None
request = (str(warehouse.path), warehouse.version, month, scope, pack_lang, fmt, digest)
build = st.button(
    t("briefing_build", lang), type="primary", icon=":material/description:", key="briefing_build", disabled=not usable
)
if build:
    with st.spinner(t("briefing_building", lang)):
        try:
            pack = briefing.pack_bytes(warehouse, month, fmt, pack_lang, scope or None, template=template)
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

"""Choices shared by every page, kept in the session: language, month, indicator."""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard.cache import Warehouse
from dashboard.formatting import LANGUAGES, format_month
from dashboard.i18n import indicator_name, t

LANGUAGE_LABELS = {"vi": "Tiếng Việt", "en": "English"}


def current_language() -> str:
    lang = st.session_state.get("lang") or st.query_params.get("lang", "vi")
    return lang if lang in LANGUAGES else "vi"


def choose_language() -> str:
    lang = current_language()
    st.session_state.setdefault("lang", lang)
    chosen = st.sidebar.segmented_control(
        t("language", lang),
        options=list(LANGUAGES),
        format_func=LANGUAGE_LABELS.get,
        key="lang",
    )
    return chosen or "vi"


def choose_period_and_indicator(warehouse: Warehouse, lang: str) -> None:
    """Month and indicator pickers in the sidebar; nothing to pick on an empty warehouse."""
    if not warehouse.has_data():
        return
    months: list[date] = warehouse.read("periods")
    if st.session_state.get("period") not in months:
        st.session_state["period"] = months[0]
    st.sidebar.selectbox(t("period", lang), months, format_func=lambda m: format_month(m, lang), key="period")
    catalogue = warehouse.read("indicators")
    names = {row.kpi: indicator_name(row, lang) for row in catalogue.itertuples(index=False)}
    if st.session_state.get("kpi") not in names:
        st.session_state["kpi"] = next(iter(names))
    st.sidebar.selectbox(t("indicator", lang), list(names), format_func=names.get, key="kpi")

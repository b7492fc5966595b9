"""Entry point: page config, language switch, navigation. No queries here."""

import streamlit as st

from dashboard.cache import Warehouse
from dashboard.i18n import t
from dashboard.shell import choose_language, choose_period_and_indicator, current_language

st.set_page_config(page_title=t("app_title", current_language()), page_icon="📊", layout="wide")
lang = choose_language()
pages = [
    st.Page("pages/overview.py", title=t("page_overview", lang), icon=":material/dashboard:", default=True),
]
navigation = st.navigation(pages)
st.sidebar.caption(t("app_title", lang))
choose_period_and_indicator(Warehouse.current(), lang)
navigation.run()

"""Entry point: page config, sign-in, language switch, navigation. No queries here."""

import streamlit as st

from core.access import allowed
from core.messages import t
from dashboard import signin
from dashboard.shell import (
    choose_language,
    choose_period_and_indicator,
    current_language,
    current_warehouse,
    page_styles,
    write_address,
)
from dashboard.turns import taking_turns

lang = current_language()
st.set_page_config(page_title=t("app_title", lang), page_icon="📊", layout="wide")
page_styles()
pages = [
    st.Page("views/overview.py", title=t("page_overview", lang), icon=":material/dashboard:", default=True),
    st.Page("views/map.py", title=t("page_map", lang), icon=":material/map:", url_path="map"),
    st.Page("views/trends.py", title=t("page_trends", lang), icon=":material/show_chart:", url_path="trends"),
    st.Page("views/rankings.py", title=t("page_rankings", lang), icon=":material/leaderboard:", url_path="rankings"),
    st.Page("views/profile.py", title=t("page_profile", lang), icon=":material/location_city:", url_path="profile"),
    st.Page(
        "views/completeness.py", title=t("page_completeness", lang), icon=":material/fact_check:", url_path="reporting"
    ),
    st.Page("views/briefing.py", title=t("page_briefing", lang), icon=":material/description:", url_path="briefing"),
    st.Page("views/upload.py", title=t("page_upload", lang), icon=":material/upload_file:", url_path="upload"),
]
actor = signin.current_actor()
if allowed(actor, "accounts"):  # the page checks again: hiding it is not the permission
    pages.append(
        st.Page("views/admin.py", title=t("page_admin", lang), icon=":material/shield_person:", url_path="admin")
    )
locked = signin.viewing_needs_sign_in() and not actor.signed_in  # DX_SIGN_IN_TO_VIEW: nothing before sign-in
if locked:
    pages = [st.Page("views/sign_in.py", title=t("signin_button", lang), icon=":material/login:", default=True)]
# Widgets come after st.navigation: created before it, the language control gets another widget id
# in a session's very first run and loses the first click.
navigation = st.navigation(pages)
# Runs of the pages that answer in milliseconds take turns within the process (dashboard.turns); these
# pages may work for seconds.
with taking_turns(quick=navigation.url_path not in {"upload", "briefing", "admin"}):
    lang = choose_language()
    st.sidebar.caption(t("app_title", lang))
    # The month and indicator first: what every visitor uses, above the sign-in that only staff need.
    if not locked:
        choose_period_and_indicator(current_warehouse(lang), lang, navigation.url_path)
    # The sign-in form opens by itself where the page asks for it; elsewhere staff open it.
    signin.sidebar(lang, needed=locked or navigation.url_path == "upload")
    navigation.run()
    write_address()

"""The only page before sign-in where the deployment says viewing needs it (DX_SIGN_IN_TO_VIEW=1)."""

import streamlit as st

from core.messages import t
from dashboard import signin
from dashboard.shell import current_language

lang = current_language()
st.title(t("app_title", lang))
st.info(t("signin_to_view", lang), icon=":material/login:")
hint = signin.first_admin_hint(lang)
if hint:
    st.markdown(hint)

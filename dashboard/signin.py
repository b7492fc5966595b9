"""Who is using the app: the sidebar's sign-in (local accounts, or the province's identity provider through
Streamlit's `st.login`), the idle timeout, and the deployment's setting for viewing without sign-in.

The session holds only the signed-in actor (name, role, scope) and the time of its last action: never a
password or a token. What an actor may do is decided by `core.access`, below every page.
"""

from __future__ import annotations

import os
import time

import streamlit as st

from core.access import IDLE_MINUTES, VISITOR, Actor
from core.errors import DxError
from core.messages import t
from core.text import plain
from dashboard.cache import CachedReader
from warehouse import audit, connect
from warehouse.accounts import actor_of, has_accounts, sign_in

VIEW_SETTING = "DX_SIGN_IN_TO_VIEW"  # "1": viewing needs sign-in too (a server reachable beyond the intranet)
IDLE_SETTING = "DX_IDLE_MINUTES"


def viewing_needs_sign_in() -> bool:
    return os.environ.get(VIEW_SETTING, "").strip().casefold() in ("1", "true", "yes", "on")


def idle_seconds() -> float:
    try:
        return max(1.0, float(os.environ.get(IDLE_SETTING, IDLE_MINUTES))) * 60
    except ValueError:
        return IDLE_MINUTES * 60.0


def client_address() -> str | None:
    """The visitor's address as the server sees it, where known (not under AppTest)."""
    try:
        address = st.context.ip_address
    except Exception:  # not served over a connection: unknown
        return None
    return address if isinstance(address, str) else None


def provider_configured() -> bool:
    """Whether `.streamlit/secrets.toml` names an identity provider (an [auth] section)."""
    try:
        return "auth" in st.secrets
    except Exception:
        return False


def current_actor() -> Actor:
    """The signed-in actor of this session, or VISITOR; a session idle past the timeout is signed out."""
    actor: Actor | None = st.session_state.get("actor")
    if actor is None and provider_configured() and st.user.is_logged_in:
        actor = _provider_actor()
    if actor is None:
        return VISITOR
    now = time.monotonic()
    if now - st.session_state.get("last_action", now) > idle_seconds():
        sign_out(expired=True)
        return VISITOR
    st.session_state["last_action"] = now
    return actor


def _provider_actor() -> Actor:
    """The identity provider's user as an actor: the warehouse account of the same name (its e-mail, else
    its user name) gives the role and scope; without one, a viewer. Recorded once per session."""
    user = st.user
    name = str(user.get("email") or user.get("preferred_username") or user.get("sub") or "")
    warehouse = CachedReader.current()
    try:
        with connect(warehouse.path) as con:
            actor = actor_of(con, name)
            audit.record(con, actor, "sign_in", name, {"method": "oidc"}, client_address())
    except DxError:  # no account (or a disabled one): signed in, may view
        actor = Actor(name, "viewer", None)
    st.session_state["actor"] = actor
    st.session_state["last_action"] = time.monotonic()
    return actor


def sign_out(expired: bool = False) -> None:
    actor: Actor | None = st.session_state.pop("actor", None)
    st.session_state.pop("last_action", None)
    if expired:
        st.session_state["signed_out_idle"] = True
    if actor is not None and provider_configured() and st.user.is_logged_in:
        st.logout()


def sidebar(lang: str, needed: bool = False) -> Actor:
    """The sidebar's sign-in block; returns who is using the app. The form opens by default where the page
    asks for a sign-in (`needed`), and stays closed elsewhere until a member of staff opens it."""
    actor = current_actor()
    # Signed in, a box with the name and the sign-out; signed out, the expander is a box of its own.
    box = st.sidebar.container(border=actor.signed_in)
    if st.session_state.pop("signed_out_idle", False):
        box.info(t("signin_idle", lang, minutes=int(idle_seconds() // 60)))
    if actor.signed_in:
        box.caption(t("signin_as", lang, name=plain(actor.name), role=t(f"role_name.{actor.role}", lang)))
        if box.button(t("signin_out", lang), key="sign_out"):
            sign_out()
            st.rerun()
        return actor
    if provider_configured() and box.button(t("signin_provider", lang), key="sign_in_provider"):
        st.login()
    # Closed, the form is not sent at all: most visitors only read, and its inputs were a good part of the
    # work a new viewer's browser did before drawing the first chart. A page that asks for a sign-in
    # opens its own expander (another key), which the visitor may still close.
    form_box = box.expander(
        t("signin_staff", lang),
        expanded=needed,
        icon=":material/login:",
        key="sign_in_needed" if needed else "sign_in_open",
        on_change="rerun",
    )
    if not form_box.open:
        return VISITOR
    with form_box.form("sign_in", clear_on_submit=True, border=False):
        name = st.text_input(t("signin_name", lang), key="sign_in_name")
        password = st.text_input(t("signin_password", lang), type="password", key="sign_in_password")
        submitted = st.form_submit_button(t("signin_button", lang))
    if submitted:
        _try_sign_in(box, name, password, lang)
    return VISITOR


def _try_sign_in(box: st.delta_generator.DeltaGenerator, name: str, password: str, lang: str) -> None:
    warehouse = CachedReader.current()
    if not warehouse.exists or not name.strip() or not password:
        box.error(t("sign_in_wrong", lang))
        return
    try:
        actor = sign_in(warehouse.path, name, password, client_address())
    except DxError as error:
        box.error(error.shown(lang))
        return
    st.session_state["actor"] = actor
    st.session_state["last_action"] = time.monotonic()
    st.rerun()


def first_admin_hint(lang: str) -> str | None:
    """How to create the first administrator, on a warehouse with no accounts yet; else None."""
    warehouse = CachedReader.current()
    if not warehouse.exists:
        return None
    with connect(warehouse.path, read_only=True) as con:
        if has_accounts(con):
            return None
    return t("signin_first_admin", lang)  # no server path for a visitor to read

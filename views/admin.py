"""Administration: accounts, targets, what analysts taught the system, and the audit trail. Admins only;
each form's write is checked again below the page (`core.access`) and recorded in the audit trail."""

from datetime import date

import streamlit as st

from core.access import ROLES, allowed
from core.editions import edition_in_force
from core.errors import DxError
from core.messages import indicator_name, t
from dashboard import admin, signin
from dashboard.cache import CachedReader
from dashboard.shell import current_language
from dashboard.tables import csv_bytes, xlsx_bytes

lang = current_language()
warehouse = CachedReader.current()
st.title(t("page_admin", lang))
actor = signin.current_actor()
if not allowed(actor, "accounts"):  # reached by its address without the right: nothing shown
    st.error(t("admin_forbidden", lang))
    st.stop()
address = signin.client_address()
path = warehouse.path


def attempt(write) -> None:
    try:
        write()
    except DxError as error:
        st.error(error.shown(lang))
    else:
        st.success(t("admin_saved", lang))


accounts_tab, targets_tab, learned_tab, audit_tab = st.tabs(
    [t(f"admin_tab_{tab}", lang) for tab in ("accounts", "targets", "learned", "audit")]
)

with accounts_tab:
    st.dataframe(admin.account_table(path, lang), hide_index=True, width="stretch", key="admin_accounts")
    roles = list(ROLES)

    def role_label(role: str) -> str:
        return t(f"role_name.{role}", lang)

    with st.form("admin_add", clear_on_submit=True):
        st.subheader(t("admin_add_account", lang))
        name = st.text_input(t("admin_col_name", lang), key="add_name") or ""
        role = st.selectbox(
            t("admin_col_role", lang),
            roles,
            format_func=role_label,
            key="add_role",
            placeholder=t("placeholder_choose", lang),
        )
        scope = (
            st.text_input(t("admin_col_scope", lang), "province", help=t("admin_scope_help", lang), key="add_scope")
            or ""
        )
        password = st.text_input(t("signin_password", lang), type="password", key="add_password") or ""
        sso_only = st.checkbox(t("admin_sso_checkbox", lang), key="add_sso")
        if st.form_submit_button(t("admin_save", lang)):
            attempt(lambda: admin.add_account(path, actor, name, role, scope, None if sso_only else password, address))
    names = admin.account_names(path)
    if names:
        st.subheader(t("admin_change_account", lang))
        who = st.selectbox(
            t("admin_col_name", lang), names, key="change_name", placeholder=t("placeholder_choose", lang)
        )
        current_role, current_scope, current_active = admin.account_settings(path, who)
        with st.form(f"admin_change_{who}"):  # one form per account: it starts from that account's settings
            new_role = st.selectbox(
                t("admin_col_role", lang),
                roles,
                roles.index(current_role),
                format_func=role_label,
                key=f"role_{who}",
                placeholder=t("placeholder_choose", lang),
            )
            new_scope = st.text_input(
                t("admin_col_scope", lang), current_scope, help=t("admin_scope_help", lang), key=f"scope_{who}"
            )
            active = st.checkbox(t("admin_active_checkbox", lang), value=current_active, key=f"active_{who}")
            if st.form_submit_button(t("admin_save", lang)):
                attempt(lambda: admin.change_account(path, actor, who, new_role, new_scope or "", active, address))
        with st.form("admin_reset", clear_on_submit=True):
            st.subheader(t("admin_reset_password", lang))
            reset_who = st.selectbox(
                t("admin_col_name", lang), names, key="reset_name", placeholder=t("placeholder_choose", lang)
            )
            new_password = st.text_input(t("admin_new_password", lang), type="password", key="reset_password") or ""
            if st.form_submit_button(t("admin_save", lang)):
                attempt(lambda: admin.reset_password(path, actor, reset_who, new_password, address))

with targets_tab:
    catalogue = warehouse.indicators()
    st.caption(t("admin_target_examples", lang))
    st.dataframe(admin.target_table(path, catalogue, lang), hide_index=True, width="stretch", key="admin_targets")
    names_by_kpi = {str(row.kpi): indicator_name(row, lang) for row in catalogue.itertuples(index=False)}
    kinds = dict(zip(catalogue["kpi"], catalogue["kind"], strict=True))
    with st.form("admin_target", clear_on_submit=True):
        st.subheader(t("admin_target_form", lang))
        kpi = st.selectbox(
            t("col_indicator", lang),
            list(names_by_kpi),
            format_func=lambda k: names_by_kpi[k],
            key="target_kpi",
            placeholder=t("placeholder_choose", lang),
        )
        year = int(st.number_input(t("admin_col_year", lang), 2020, 2100, date.today().year, key="target_year"))
        value = st.number_input(
            t("admin_target_value_rate" if kinds.get(kpi) == "rate" else "admin_target_value_count", lang),
            min_value=0.0,
            key="target_value",
        )
        edition = edition_in_force(date.today())
        units = warehouse.units(edition)
        choices: list[str | None] = [None, *units["code"]]
        unit_names = dict(zip(units["code"], units["name"], strict=True))
        unit = st.selectbox(
            t("col_unit", lang),
            choices,
            format_func=lambda c: t("province", lang) if c is None else f"{unit_names[c]} ({c})",
            key="target_unit",
            placeholder=t("placeholder_choose", lang),
        )
        source = st.text_input(t("admin_col_source", lang), key="target_source") or ""
        if st.form_submit_button(t("admin_save", lang)):
            where = None if unit is None else (edition, unit)
            attempt(lambda: admin.save_target(path, actor, kpi, kinds[kpi], year, value, source, where, address))

with learned_tab:
    taught = admin.learned(path, warehouse.indicators(), lang)
    st.subheader(t("admin_learned_mappings", lang))
    if taught.mapping_keys:
        st.dataframe(taught.mappings, hide_index=True, width="stretch", key="admin_mappings")
        gone = st.multiselect(
            t("admin_col_column", lang),
            taught.mapping_keys,
            key="forget_mappings",
            placeholder=t("placeholder_choose_many", lang),
        )
        if st.button(t("admin_forget", lang), key="forget_mappings_button", disabled=not gone):
            for key in gone:
                attempt(lambda key=key: admin.forget_mapping(path, actor, key, address))
    else:
        st.caption(t("admin_nothing_learned", lang))
    st.subheader(t("admin_learned_aliases", lang))
    if taught.alias_keys:
        st.dataframe(taught.aliases, hide_index=True, width="stretch", key="admin_aliases")
        labels = {f"{alias} ({edition})": (edition, alias) for edition, alias in taught.alias_keys}
        gone_names = st.multiselect(
            t("admin_col_written", lang),
            list(labels),
            key="forget_aliases",
            placeholder=t("placeholder_choose_many", lang),
        )
        if st.button(t("admin_forget", lang), key="forget_aliases_button", disabled=not gone_names):
            for label in gone_names:
                attempt(lambda label=label: admin.forget_alias(path, actor, *labels[label], address))
    else:
        st.caption(t("admin_nothing_learned", lang))

with audit_tab:
    left, right = st.columns(2)
    who_filter = left.text_input(t("admin_audit_filter_actor", lang), key="audit_actor").strip()
    actions = ["", *admin.AUDIT_ACTIONS]
    action_filter = right.selectbox(
        t("admin_audit_filter_action", lang),
        actions,
        format_func=lambda a: t(f"audit_action.{a}", lang) if a else t("admin_audit_all", lang),
        key="audit_action",
        placeholder=t("placeholder_choose", lang),
    )
    trail = admin.audit_view(path, lang, who_filter, action_filter)
    if trail.broken_at is None:
        st.success(t("admin_audit_intact", lang, rows=trail.rows))
    else:
        st.error(t("audit_broken", lang, audit_id=trail.broken_at))
    st.caption(t("admin_audit_append_only", lang))
    st.dataframe(trail.table, hide_index=True, width="stretch", key="admin_audit")
    one, two = st.columns(2)
    one.download_button("CSV", csv_bytes(trail.table), "audit.csv", "text/csv", key="audit_csv")
    two.download_button(
        "XLSX",
        xlsx_bytes(trail.table, title=t("admin_tab_audit", lang), lang=lang),
        "audit.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="audit_xlsx",
    )

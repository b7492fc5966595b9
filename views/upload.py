"""Upload: check monthly reports, map what was not recognised, load, and see history and completeness."""

import streamlit as st

from core.access import allowed, may_revert
from core.errors import DxError
from core.formats import format_month
from core.messages import Text, t
from core.months import parse_month
from core.text import plain
from dashboard import signin
from dashboard.cache import CachedReader
from dashboard.reporting import units_in_force
from dashboard.shell import current_language, month_of_page
from dashboard.upload import (
    IGNORE,
    MATCHABLE,
    columns_table,
    findings_table,
    history_table,
    matched_units_table,
    preview,
    ranked_roles,
    ranked_units,
    role_label,
    who_reported,
)
from etl.headers import Role
from etl.load import REPEATS, Choices, check_upload, load_checked, needs_confirmation, revert_upload

lang = current_language()
warehouse = CachedReader.current()
st.title(t("upload_title", lang))
if not warehouse.exists:
    st.info(t("no_warehouse", lang, path=warehouse.path))
    st.stop()
actor = signin.current_actor()
if not allowed(actor, "upload"):
    st.info(t("upload_sign_in", lang), icon=":material/lock:")
    hint = signin.first_admin_hint(lang)
    if hint:
        st.markdown(hint)
    st.stop()
scope = t("scope_province", lang) if actor.scope is None else ", ".join(sorted(actor.scope))
st.caption(t("upload_scope", lang, scope=scope))
address = signin.client_address()

files = st.file_uploader(
    t("upload_files", lang), type=["xlsx", "xls", "ods", "csv"], accept_multiple_files=True, key="upload_files"
)
left, right = st.columns(2)
period_text = left.text_input(t("upload_period", lang), key="upload_period").strip()
skip_invalid = right.checkbox(t("upload_skip_invalid", lang), key="upload_skip_invalid")
try:
    period = parse_month(period_text) if period_text else None
except DxError:
    st.error(t("upload_bad_period", lang))
    st.stop()

# The analyst's choices by hand, kept for the session: they apply to every file checked after them.
choices: Choices = st.session_state.setdefault("upload_choices", Choices())
catalogue = warehouse.indicators()


def ignore_label(option: object) -> str:
    """ "(bỏ qua)" for the ignore choice; any other text as it is (a test names an option by its label)."""
    return t("upload_ignore", lang) if option == IGNORE else str(option)


def column_choices(result, number: int) -> None:
    """A picker per unrecognised column, likeliest figure first; a new choice checks the file again."""
    st.markdown(f"**{t('upload_map_columns', lang)}**")
    for column in result.unrecognised_columns:
        likely = [c.role for c in column.candidates]
        options: list[Role | str] = [IGNORE, *ranked_roles(column.header, catalogue, likely)]
        chosen = st.selectbox(
            plain(f"{column.group} / {column.header}" if column.group else column.header),
            options,
            format_func=lambda o: role_label(o, catalogue, lang) if isinstance(o, Role) else ignore_label(o),
            key=f"map_{number}_{column.key}",
            placeholder=t("placeholder_choose", lang),
        )
        role = chosen if isinstance(chosen, Role) else None
        if column.key not in choices.columns or choices.columns[column.key] != role:
            choices.columns[column.key] = role
            st.rerun()


def unit_choices(result, context, number: int) -> None:
    """A picker per unknown or ambiguous unit name: the candidates and closest names first."""
    st.markdown(f"**{t('upload_map_units', lang)}**")
    for row in [r for table in result.tables for r in table.rows if r.problem in MATCHABLE]:
        units = ranked_units(row.text, context.index, result.edition, row.candidates)
        names = {IGNORE: t("upload_ignore", lang)} | {u.code: f"{u.name} ({u.district_name or u.code})" for u in units}
        chosen = st.selectbox(
            plain(f"{row.text} — {row.at.sheet}!{row.at.row + 1}"),
            list(names),
            format_func=names.__getitem__,
            key=f"unit_{number}_{row.at.sheet}_{row.at.row}",
            placeholder=t("placeholder_choose", lang),
        )
        if chosen is not None and chosen != IGNORE and choices.units.get((result.edition, row.text)) != chosen:
            choices.units[(result.edition, row.text)] = chosen
            st.rerun()


for number, upload in enumerate(files or []):
    data = upload.getvalue()
    st.subheader(plain(upload.name))
    try:
        result, context = check_upload(warehouse.path, data, upload.name, period=period, choices=choices, actor=actor)
    except DxError as error:
        st.error(error.shown(lang))
        continue
    errors = len(result.errors)
    month = format_month(result.period, lang) if result.period else "?"
    figures, warnings = len(result.observations), len(result.findings) - errors
    st.markdown(
        t(
            "upload_summary",
            lang,
            period=month,
            edition=result.edition or "?",
            figures=Text("count.valid_figures", n=figures),
            errors=Text("count.errors", n=errors),
            warnings=Text("count.warnings", n=warnings),
        )
    )
    if any(table.rows for table in result.tables):
        matched = sum(row.unit is not None for table in result.tables for row in table.rows)
        with st.expander(t("upload_units", lang, n=matched)):
            st.dataframe(matched_units_table(result.tables, lang), hide_index=True, width="stretch")
    if result.recognised_columns:
        with st.expander(t("upload_columns", lang, n=len(result.recognised_columns))):
            st.dataframe(columns_table(result.recognised_columns, catalogue, lang), hide_index=True, width="stretch")
    if result.findings:
        with st.expander(t("upload_findings", lang), expanded=errors > 0):
            st.dataframe(findings_table(result.findings, lang), hide_index=True, width="stretch")
    for sheet in result.sheets:
        if any(table.sheet == sheet.name for table in result.tables):
            with st.expander(f"{t('upload_preview', lang)}: {plain(sheet.name)}"):
                frame, colours = preview(sheet, result.findings)
                st.dataframe(frame.style.apply(lambda _, marks=colours: marks, axis=None), width="stretch")
    if result.unrecognised_columns:
        column_choices(result, number)
    if result.edition and any(r.problem in MATCHABLE for table in result.tables for r in table.rows):
        unit_choices(result, context, number)

    blocked = errors > 0 and not skip_invalid
    if blocked:
        st.warning(t("upload_blocked", lang))
    repeat = needs_confirmation(result)
    confirmed = repeat and st.checkbox(t("upload_confirm_repeat", lang), key=f"confirm_{number}")
    if repeat and not confirmed:
        st.warning(next(f.message(lang) for f in result.findings if f.code in REPEATS))
    disabled = blocked or result.observations.empty or (repeat and not confirmed)
    if st.button(t("upload_load", lang), key=f"load_{number}", disabled=disabled):
        try:
            outcome = load_checked(
                warehouse.path,
                result,
                data,
                actor,
                skip_invalid=skip_invalid,
                choices=choices,
                force=bool(confirmed),
                address=address,
            )
        except DxError as error:  # the warehouse busy, or a refusal: said, nothing changed
            st.error(error.shown(lang))
            continue
        if outcome.status == "loaded":
            receipt = t(
                "upload_receipt",
                lang,
                upload_id=outcome.upload_id,
                file=plain(upload.name),
                period=month,
                loaded=outcome.loaded,
                rejected=outcome.rejected,
                sha=result.sha256[:16],
            )
            st.success(receipt)
        else:
            st.error(t("upload_rejected", lang, file=plain(upload.name)))

warehouse = CachedReader.current()  # a load above changed the file
st.header(t("history_title", lang))
uploads = warehouse.uploads()
st.dataframe(history_table(uploads, lang), hide_index=True, width="stretch", key="upload_history")
in_force = uploads[uploads["reverted_at"].isna() & ~uploads["is_sample"]]
# Offered only what this actor may revert; `revert_upload` checks again whatever is asked of it.
active = [i for i, by in zip(in_force["upload_id"], in_force["uploaded_by"], strict=True) if may_revert(actor, by)]
if active:
    chosen_id = st.selectbox(
        t("history_revert", lang), active, key="revert_id", placeholder=t("placeholder_choose", lang)
    )
    sure = st.checkbox(t("history_revert_confirm", lang), key="revert_confirm")
    if st.button(t("history_revert_button", lang), key="revert_button", disabled=not sure):
        try:
            revert_upload(warehouse.path, int(chosen_id), actor, address)
        except DxError as error:
            st.error(error.shown(lang))
        else:
            st.success(t("history_reverted", lang, upload_id=chosen_id))
            st.rerun()

if warehouse.has_data():
    st.header(t("completeness_title", lang))
    month = month_of_page(st, warehouse.periods(), "complete_month", lang)
    figures = warehouse.reported_figures(month)
    units = units_in_force(warehouse, month)
    st.caption(
        t(
            "completeness_summary",
            lang,
            reported=figures["unit_code"].nunique(),
            total=len(units),
            month=format_month(month, lang),
        )
    )
    st.dataframe(who_reported(figures, units, catalogue, lang), width="stretch", key="completeness")

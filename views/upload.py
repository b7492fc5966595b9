"""Upload: check monthly reports, map what was not recognised, load, and see history and completeness."""

import streamlit as st

from dashboard.cache import Warehouse
from dashboard.formatting import format_month
from dashboard.i18n import t
from dashboard.shell import current_language, month_of_page
from dashboard.upload import (
    IGNORE,
    completeness,
    findings_table,
    history_table,
    may_upload,
    preview,
    ranked_roles,
    ranked_units,
    role_label,
)
from etl.load import build_context, load_result, remember_alias, remember_mapping, revert
from etl.periods import parse_period_arg
from etl.pipeline import CheckResult, Context, check_file
from etl.readers import ReadError
from warehouse import connect
from warehouse.init import apply_schema, missing_tables

lang = current_language()
warehouse = Warehouse.current()
st.title(t("upload_title", lang))
if not may_upload():
    st.error(t("upload_not_allowed", lang))
    st.stop()
if not warehouse.exists:
    st.info(t("no_warehouse", lang, path=warehouse.path))
    st.stop()

with connect(warehouse.path, read_only=True) as con:
    outdated = bool(missing_tables(con))
if outdated:  # made by an older version: add the tables that remember mappings
    with connect(warehouse.path) as con:
        apply_schema(con)

files = st.file_uploader(
    t("upload_files", lang), type=["xlsx", "xls", "ods", "csv"], accept_multiple_files=True, key="upload_files"
)
left, middle, right = st.columns(3)
period_text = left.text_input(t("upload_period", lang), key="upload_period").strip()
user = middle.text_input(t("upload_user", lang), key="upload_user").strip()
skip_invalid = right.checkbox(t("upload_skip_invalid", lang), key="upload_skip_invalid")
try:
    period = parse_period_arg(period_text) if period_text else None
except ValueError:
    st.error(t("upload_bad_period", lang))
    st.stop()

column_choices: dict[str, object] = st.session_state.setdefault("upload_column_choices", {})
unit_choices: dict[tuple[str, str], str] = st.session_state.setdefault("upload_unit_choices", {})


def check(data: bytes, name: str) -> tuple[CheckResult, Context]:
    # Read-only: a check changes nothing, and the history behind it is read during the check.
    with connect(warehouse.path, read_only=True) as con:
        context = build_context(con)
        for key, role in column_choices.items():
            if role != IGNORE:
                context.column_mapping[key] = [role]
        for (edition, text), code in unit_choices.items():
            context.index.add_alias(edition, text, code)
        return check_file(data, name, context, period), context


catalogue = warehouse.read("indicators")
for number, upload in enumerate(files or []):
    data = upload.getvalue()
    st.subheader(upload.name)
    try:
        result, context = check(data, upload.name)
    except ReadError as error:
        message = error.message_en if lang == "en" else error.message_vi
        st.error(t("upload_unreadable", lang, file=upload.name, message=message))
        continue
    errors = len(result.errors)
    warnings = len(result.findings) - errors
    month = format_month(result.period, lang) if result.period else "?"
    st.markdown(
        t(
            "upload_summary",
            lang,
            period=month,
            edition=result.edition or "?",
            figures=len(result.observations),
            errors=errors,
            warnings=warnings,
        )
    )
    if result.findings:
        with st.expander(t("upload_findings", lang), expanded=errors > 0):
            st.dataframe(findings_table(result.findings, lang), hide_index=True, width="stretch")
    for sheet in result.sheets:
        if any(table.sheet == sheet.name for table in result.tables):
            with st.expander(f"{t('upload_preview', lang)}: {sheet.name}"):
                frame, colours = preview(sheet, result.findings)
                st.dataframe(frame.style.apply(lambda _, marks=colours: marks, axis=None), width="stretch")

    if result.unrecognised_columns:
        st.markdown(f"**{t('upload_map_columns', lang)}**")
        for column in result.unrecognised_columns:
            options = [IGNORE, *ranked_roles(column.header, catalogue)]
            choice = st.selectbox(
                f"{column.group} / {column.header}" if column.group else column.header,
                options,
                format_func=lambda o: t("upload_ignore", lang) if o == IGNORE else role_label(o, catalogue, lang),
                key=f"map_{number}_{column.key}",
            )
            if column_choices.get(column.key) != choice:
                column_choices[column.key] = choice
                st.rerun()
    problem_rows = [r for table in result.tables for r in table.rows if r.problem in ("unknown", "ambiguous")]
    if problem_rows and result.edition:
        st.markdown(f"**{t('upload_map_units', lang)}**")
        for row in problem_rows:
            units = ranked_units(row.text, context.index, result.edition, row.candidates)
            options = [IGNORE, *[u.code for u in units]]
            names = {u.code: f"{u.name} ({u.district_name or u.code})" for u in units}
            choice = st.selectbox(
                f"{row.text} — {row.at.sheet}!{row.at.row + 1}",
                options,
                format_func=lambda o, names=names: t("upload_ignore", lang) if o == IGNORE else names[o],
                key=f"unit_{number}_{row.at.sheet}_{row.at.row}",
            )
            if choice != IGNORE and unit_choices.get((result.edition, row.text)) != choice:
                unit_choices[(result.edition, row.text)] = choice
                st.rerun()

    blocked = errors > 0 and not skip_invalid
    if blocked:
        st.warning(t("upload_blocked", lang))
    if st.button(t("upload_load", lang), key=f"load_{number}", disabled=blocked or result.observations.empty):
        if not user:
            st.error(t("upload_user_needed", lang))
            st.stop()
        with connect(warehouse.path) as con:
            outcome = load_result(con, result, data, user, skip_invalid=skip_invalid)
            if outcome.status == "loaded":
                chosen = {key: [role] for key, role in column_choices.items() if role != IGNORE}
                remember_mapping(con, chosen, user)
                for (edition, text), code in unit_choices.items():
                    remember_alias(con, edition, text, code, user)
        if outcome.status == "loaded":
            st.success(
                t(
                    "upload_receipt",
                    lang,
                    upload_id=outcome.upload_id,
                    file=upload.name,
                    period=month,
                    loaded=outcome.loaded,
                    rejected=outcome.rejected,
                    sha=result.sha256[:16],
                )
            )
        else:
            st.error(t("upload_rejected", lang, file=upload.name))

warehouse = Warehouse.current()  # a load above changed the file
st.header(t("history_title", lang))
uploads = warehouse.read("uploads")
st.dataframe(history_table(uploads, lang), hide_index=True, width="stretch", key="upload_history")
active = uploads.loc[uploads["reverted_at"].isna() & ~uploads["is_sample"], "upload_id"].tolist()
if active:
    chosen_id = st.selectbox(t("history_revert", lang), active, key="revert_id")
    if st.button(t("history_revert_button", lang), key="revert_button"):
        with connect(warehouse.path) as con:
            revert(con, int(chosen_id), user or "?")
        st.success(t("history_reverted", lang, upload_id=chosen_id))
        st.rerun()

if warehouse.has_data():
    st.header(t("completeness_title", lang))
    months = warehouse.read("periods")
    month = month_of_page(st, months, "complete_month", lang)
    figures = warehouse.read("reported_figures", month)
    units = warehouse.read("units_in_force", month)
    table = completeness(figures, units, catalogue, lang)
    st.caption(
        t(
            "completeness_summary",
            lang,
            reported=figures["unit_code"].nunique(),
            total=len(units),
            month=format_month(month, lang),
        )
    )
    st.dataframe(table, width="stretch", key="completeness")

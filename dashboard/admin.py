"""The administration page's model: accounts, targets, what analysts taught the system, and the audit
trail, as tables in the page's language, and the writes behind its forms. Every write goes through the
warehouse function that checks the actor (`core.access`) and records it; nothing here decides a right."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from core.access import Actor, parse_scope
from core.formats import format_value
from core.messages import t
from dashboard.tables import export_frame
from warehouse import Location, accounts, audit, connect, governance

AUDIT_ACTIONS = (
    "sign_in",
    "sign_in_failed",
    "upload",
    "revert",
    "mapping_saved",
    "alias_saved",
    "mapping_removed",
    "alias_removed",
    "account_created",
    "account_changed",
    "account_disabled",
    "account_enabled",
    "password_reset",
    "target_set",
    "boundary_import",
    "restore",
)


def _when(value: object) -> str:
    return "" if pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d %H:%M")


def account_table(path: Location, lang: str) -> pd.DataFrame:
    """Every account as the page lists it: never a password or a hash."""
    with connect(path, read_only=True) as con:
        frame = accounts.accounts(con)
    return pd.DataFrame(
        {
            t("admin_col_name", lang): frame["name"],
            t("admin_col_role", lang): [t(f"role_name.{r}", lang) for r in frame["role"]],
            t("admin_col_scope", lang): [t("scope_province", lang) if s == "province" else s for s in frame["scope"]],
            t("admin_col_active", lang): [t("yes" if a else "no", lang) for a in frame["active"]],
            t("admin_col_locked", lang): [_when(v) for v in frame["locked_until"]],
            t("admin_col_sign_in", lang): [
                t("admin_password" if p else "admin_sso_only", lang) for p in frame["has_password"]
            ],
            t("admin_col_created", lang): [
                f"{_when(w)} · {b}" for w, b in zip(frame["created_at"], frame["created_by"], strict=True)
            ],
        }
    )


def account_names(path: Location) -> list[str]:
    with connect(path, read_only=True) as con:
        return list(accounts.accounts(con)["name"])


def account_settings(path: Location, name: str) -> tuple[str, str, bool]:
    """(role, scope as the form writes it, active) of an account: what its change form starts from, so
    that saving changes only what the administrator changed."""
    with connect(path, read_only=True) as con:
        frame = accounts.accounts(con).set_index("name")
    row = frame.loc[name]
    return str(row["role"]), str(row["scope"]), bool(row["active"])


def add_account(
    path: Location, by: Actor, name: str, role: str, scope: str, password: str | None, address: str | None
) -> None:
    with connect(path) as con:
        accounts.add_account(con, by, name.strip(), role, parse_scope(scope), password, address)


def change_account(
    path: Location, by: Actor, name: str, role: str, scope: str, active: bool, address: str | None
) -> None:
    with connect(path) as con:
        accounts.change_account(con, by, name, role=role, scope=parse_scope(scope), active=active, address=address)


def reset_password(path: Location, by: Actor, name: str, password: str, address: str | None) -> None:
    with connect(path) as con:
        accounts.set_password(con, by, name, password, address)


def target_table(path: Location, catalogue: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Every target, the province's first; "(ví dụ)" on the example ones still in force."""
    with connect(path, read_only=True) as con:
        frame = governance.targets(con)
    names = dict(zip(catalogue["kpi"], catalogue[f"name_{lang}"], strict=True))
    kinds = dict(zip(catalogue["kpi"], catalogue["kind"], strict=True))
    return pd.DataFrame(
        {
            t("col_indicator", lang): frame["kpi"].map(names),
            t("admin_col_year", lang): frame["year"].astype(int),
            t("col_unit", lang): [
                t("province", lang) if pd.isna(code) else f"{code} ({edition})"
                for code, edition in zip(frame["unit_code"], frame["edition"], strict=True)
            ],
            t("target", lang): [
                format_value(v, kinds[k], lang) for v, k in zip(frame["value"], frame["kpi"], strict=True)
            ],
            t("admin_col_source", lang): [
                t("example_suffix", lang).strip() if s == "example" else s for s in frame["source"]
            ],
        }
    )


def save_target(
    path: Location,
    by: Actor,
    kpi: str,
    kind: str,
    year: int,
    entered: float,
    source: str,
    unit: tuple[str, str] | None,
    address: str | None,
) -> None:
    """`entered` as the form shows it: a percentage for a rate, a number for a count; `unit` (edition,
    code) or None for the province."""
    value = entered / 100 if kind == "rate" else entered
    edition, code = unit if unit is not None else (None, None)
    with connect(path) as con:
        governance.set_target(con, by, kpi, year, value, source, edition=edition, unit_code=code, address=address)


@dataclass(frozen=True)
class Learned:
    mappings: pd.DataFrame  # column_key, figure, saved_by, saved_at (display)
    aliases: pd.DataFrame  # edition, alias, unit, saved_by, saved_at (display)
    mapping_keys: list[str]
    alias_keys: list[tuple[str, str]]


def learned(path: Location, catalogue: pd.DataFrame, lang: str) -> Learned:
    with connect(path, read_only=True) as con:
        mappings, aliases = governance.learned(con)
    names = dict(zip(catalogue["kpi"], catalogue[f"name_{lang}"], strict=True))
    return Learned(
        mappings=pd.DataFrame(
            {
                t("admin_col_column", lang): mappings["column_key"],
                t("admin_col_figure", lang): [
                    f"{names.get(k, k)} — {t(f'role.{r}', lang)}"
                    for k, r in zip(mappings["kpi"], mappings["role"], strict=True)
                ],
                t("admin_col_saved_by", lang): mappings["saved_by"],
                t("admin_col_saved_at", lang): [_when(v) for v in mappings["saved_at"]],
            }
        ),
        aliases=pd.DataFrame(
            {
                t("admin_col_written", lang): aliases["alias"],
                t("col_unit", lang): [
                    f"{n} ({c}, {e})"
                    for n, c, e in zip(aliases["unit_name"], aliases["unit_code"], aliases["edition"], strict=True)
                ],
                t("admin_col_saved_by", lang): aliases["saved_by"],
                t("admin_col_saved_at", lang): [_when(v) for v in aliases["saved_at"]],
            }
        ),
        mapping_keys=list(dict.fromkeys(mappings["column_key"])),
        alias_keys=list(zip(aliases["edition"], aliases["alias"], strict=True)),
    )


def forget_mapping(path: Location, by: Actor, key: str, address: str | None) -> None:
    with connect(path) as con:
        governance.forget_mapping(con, by, key, address)


def forget_alias(path: Location, by: Actor, edition: str, alias: str, address: str | None) -> None:
    with connect(path) as con:
        governance.forget_alias(con, by, edition, alias, address)


@dataclass(frozen=True)
class AuditView:
    table: pd.DataFrame  # export_frame: translated headers
    rows: int
    broken_at: int | None  # where the hash chain breaks; None: intact


def audit_view(path: Location, lang: str, actor: str | None = None, action: str | None = None) -> AuditView:
    with connect(path, read_only=True) as con:
        frame = audit.entries(con, actor=actor or None, action=action or None)
        chain = audit.verify(con)
    columns: dict[str, tuple[Iterable[object], str | None]] = {
        "#": (frame["audit_id"].astype(int), None),
        t("admin_col_when", lang): ([_when(v) for v in frame["happened_at"]], None),
        t("admin_col_who", lang): (frame["actor"], None),
        t("admin_col_action", lang): ([t(f"audit_action.{a}", lang) for a in frame["action"]], None),
        t("admin_col_object", lang): (frame["object"], None),
        t("admin_col_detail", lang): ([_detail(d) for d in frame["detail"]], None),
        t("admin_col_address", lang): (frame["address"], None),
    }
    return AuditView(export_frame(columns), chain.rows, chain.broken_at)


def _detail(text: object) -> str:
    """ "role=analyst, scope=province": the JSON detail as a reader scans it."""
    try:
        values = json.loads(str(text or "{}"))
    except json.JSONDecodeError:
        return str(text)
    return ", ".join(f"{k}={v}" for k, v in values.items())

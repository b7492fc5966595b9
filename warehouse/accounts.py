"""Local accounts in the warehouse: argon2id password hashes, sign-in with slowdown and lockout, and the
changes an administrator makes. Every change and every sign-in is written to the audit trail in the same
transaction. No function here returns, logs or raises a password or a hash."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

import duckdb
import pandas as pd
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from core.access import (
    LOCK_AFTER,
    LOCK_MINUTES,
    ROLES,
    SLOWDOWN_SECONDS,
    Actor,
    Forbidden,
    parse_scope,
    password_problem,
    require,
    scope_text,
)
from core.errors import EXIT_FAILED, DxError, UsageError
from warehouse import Location, audit, connect, transaction
from warehouse.reader import run_query

_HASHER = PasswordHasher()  # argon2id with the library's current parameters
_NAME = re.compile(r"^[\w.@+-]{2,64}$")  # letters (any script), digits and . @ + - _; an e-mail fits


@cache
def _dummy_hash() -> str:
    """Verified against when the name is unknown, so that a wrong name costs as long as a wrong password;
    made when first needed (0.1 s), not by every command that imports this module."""
    return _HASHER.hash("not a password of anyone")


class SignInFailed(DxError):
    """Wrong name or password (never which of the two), a locked or a disabled account."""

    exit_status = EXIT_FAILED


@dataclass(frozen=True)
class SignInAttempt:
    actor: Actor | None
    failures: int  # failed sign-ins in a row, this one included, for the slowdown
    error: SignInFailed | None


def _row(con: duckdb.DuckDBPyConnection, name: str) -> tuple | None:
    return con.execute(
        "SELECT name, role, scope, password_hash, active, failed_sign_ins, locked_until FROM account WHERE name = ?",
        [name],
    ).fetchone()


def has_accounts(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(con.execute("SELECT count(*) FROM account").fetchone()[0])  # type: ignore[index]


def actor_of(con: duckdb.DuckDBPyConnection, name: str) -> Actor:
    """The active account `name` as an actor; UsageError for an unknown or disabled account."""
    row = _row(con, name)
    if row is None:
        raise UsageError("account_unknown", name=name)
    if not row[4]:
        raise UsageError("account_disabled", name=name)
    return Actor(row[0], row[1], parse_scope(row[2]))


def _check_new(name: str, role: str, password: str | None) -> None:
    if not _NAME.match(name):
        raise UsageError("account_bad_name", name=name)
    if role not in ROLES:
        raise UsageError("account_bad_role", role=role, known=", ".join(ROLES))
    problem = password_problem(password) if password is not None else None
    if problem:
        raise UsageError(problem)


def add_account(
    con: duckdb.DuckDBPyConnection,
    by: Actor,
    name: str,
    role: str,
    scope: frozenset[str] | None = None,
    password: str | None = None,
    address: str | None = None,
) -> None:
    """A new account; `password` None: it signs in only through the identity provider."""
    require(by, "accounts")
    _check_new(name, role, password)
    with transaction(con):
        if _row(con, name) is not None:
            raise UsageError("account_exists", name=name)
        password_hash = _HASHER.hash(password) if password is not None else None
        con.execute(
            "INSERT INTO account (name, role, scope, password_hash, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)",
            [name, role, None if scope is None else scope_text(scope), password_hash, datetime.now(), by.name],
        )
        signs_in_with = "password" if password is not None else "sso"
        detail: dict[str, object] = {"role": role, "scope": scope_text(scope), "signs_in_with": signs_in_with}
        audit.record(con, by, "account_created", name, detail, address)


def _existing(con: duckdb.DuckDBPyConnection, name: str) -> tuple:
    row = _row(con, name)
    if row is None:
        raise UsageError("account_unknown", name=name)
    return row


def change_account(
    con: duckdb.DuckDBPyConnection,
    by: Actor,
    name: str,
    *,
    role: str | None = None,
    scope: frozenset[str] | None | str = "unchanged",
    active: bool | None = None,
    address: str | None = None,
) -> None:
    """Change an account's role, scope (None: the province) or whether it may sign in."""
    require(by, "accounts")
    with transaction(con):
        current = _existing(con, name)
        if role is not None and role not in ROLES:
            raise UsageError("account_bad_role", role=role, known=", ".join(ROLES))
        if name == by.name and (active is False or (role is not None and role != "admin")):
            raise Forbidden("account_not_yourself")  # an admin cannot lock themselves out by mistake
        new_role = role or current[1]
        new_scope = current[2] if scope == "unchanged" else (None if scope is None else scope_text(scope))  # type: ignore[arg-type]
        new_active = current[4] if active is None else active
        con.execute(
            "UPDATE account SET role = ?, scope = ?, active = ?, changed_at = ? WHERE name = ?",
            [new_role, new_scope, new_active, datetime.now(), name],
        )
        action = "account_disabled" if active is False else "account_enabled" if active else "account_changed"
        detail = {"role": new_role, "scope": new_scope or "province", "active": new_active}
        audit.record(con, by, action, name, detail, address)


def set_password(
    con: duckdb.DuckDBPyConnection, by: Actor, name: str, password: str, address: str | None = None
) -> None:
    """A new password for `name` (an administrator's reset); unlocks the account."""
    require(by, "accounts")
    problem = password_problem(password)
    if problem:
        raise UsageError(problem)
    with transaction(con):
        _existing(con, name)
        con.execute(
            "UPDATE account SET password_hash = ?, failed_sign_ins = 0, locked_until = NULL, changed_at = ?"
            " WHERE name = ?",
            [_HASHER.hash(password), datetime.now(), name],
        )
        audit.record(con, by, "password_reset", name, {}, address)


def accounts(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every account without its hash: name, role, scope, active, locked_until, has_password, created_at,
    created_by, changed_at."""
    return run_query(con, "accounts", {})


def attempt_sign_in(
    con: duckdb.DuckDBPyConnection, name: str, password: str, address: str | None = None
) -> SignInAttempt:
    """Check a name and password, count failures, lock after LOCK_AFTER in a row, and record it all."""
    now = datetime.now()
    with transaction(con):
        row = _row(con, name)
        if row is None or row[3] is None:
            _verify(_dummy_hash(), password)  # as slow as a real check
            audit.record(con, name, "sign_in_failed", name, {"reason": "wrong"}, address)
            return SignInAttempt(None, 1, SignInFailed("sign_in_wrong"))
        _, role, scope, password_hash, active, failures, locked_until = row
        if locked_until is not None and locked_until > now:
            audit.record(con, name, "sign_in_failed", name, {"reason": "locked"}, address)
            return SignInAttempt(None, LOCK_AFTER, SignInFailed("sign_in_locked", minutes=_minutes_left(locked_until)))
        if not _verify(password_hash, password):
            failures += 1
            lock = now + timedelta(minutes=LOCK_MINUTES) if failures >= LOCK_AFTER else None
            con.execute(
                "UPDATE account SET failed_sign_ins = ?, locked_until = ? WHERE name = ?",
                [0 if lock else failures, lock, name],
            )
            audit.record(con, name, "sign_in_failed", name, {"reason": "wrong", "locked": bool(lock)}, address)
            error = SignInFailed("sign_in_locked", minutes=LOCK_MINUTES) if lock else SignInFailed("sign_in_wrong")
            return SignInAttempt(None, failures, error)
        if not active:
            audit.record(con, name, "sign_in_failed", name, {"reason": "disabled"}, address)
            return SignInAttempt(None, 0, SignInFailed("sign_in_disabled"))
        rehash = _HASHER.hash(password) if _HASHER.check_needs_rehash(password_hash) else password_hash
        con.execute(
            "UPDATE account SET failed_sign_ins = 0, locked_until = NULL, password_hash = ? WHERE name = ?",
            [rehash, name],
        )
        audit.record(con, name, "sign_in", name, {"method": "password"}, address)
        return SignInAttempt(Actor(name, role, parse_scope(scope)), 0, None)


def sign_in(path: Location, name: str, password: str, address: str | None = None) -> Actor:
    """Sign in against the warehouse at `path`; SignInFailed after a pause that grows with the failures in
    a row (the connection is closed first, so a pause never holds the warehouse)."""
    with connect(path) as con:
        outcome = attempt_sign_in(con, name.strip(), password, address)
    if outcome.error is not None:
        time.sleep(SLOWDOWN_SECONDS * min(outcome.failures, LOCK_AFTER))
        raise outcome.error
    assert outcome.actor is not None
    return outcome.actor


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _minutes_left(until: datetime) -> int:
    return max(1, int((until - datetime.now()).total_seconds() // 60) + 1)

"""Who may do what (SPEC §9), in one place: the roles, the scopes, the password and sign-in rules.

Every write of the product (an upload, a revert, a remembered mapping or name, an account, a target, a
boundary import) asks `require` before it changes anything, whether it was called from a page, a link
or the command line; pages only hide what `allowed` says no to.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from core.errors import EXIT_FAILED, DxError
from core.messages import Text
from core.text import strip_marks

ROLES = ("viewer", "analyst", "admin")

# What each role may do beyond viewing every page and export.
ACTIONS: dict[str, frozenset[str]] = {
    "viewer": frozenset(),
    "analyst": frozenset({"upload", "revert_own", "teach"}),  # teach: column mappings and unit names
    "admin": frozenset(
        {"upload", "revert_own", "revert_any", "teach", "accounts", "targets", "boundaries", "audit", "learned"}
    ),
}

MIN_PASSWORD = 12  # characters; a passphrase of three words passes, "12345678" does not
LOCK_AFTER = 5  # failed sign-ins in a row before an account locks
LOCK_MINUTES = 15
SLOWDOWN_SECONDS = 0.5  # added per failed sign-in in a row (at most LOCK_AFTER of them) before answering
IDLE_MINUTES = 30  # default: a session with no action for this long is signed out


@dataclass(frozen=True)
class Actor:
    """Who is acting: an account (`kind` "account"), the machine's operator at the command line
    ("operator"), or a visitor who has not signed in ("visitor")."""

    name: str
    role: str
    scope: frozenset[str] | None = None  # unit codes an analyst may upload for; None: the whole province
    kind: str = "account"

    @property
    def signed_in(self) -> bool:
        return self.kind != "visitor"


def operator(login: str) -> Actor:
    """Whoever runs `python -m etl` on the machine without `--user`: may do everything, recorded by login."""
    return Actor(f"operator:{login}", "admin", None, "operator")


VISITOR = Actor("", "viewer", None, "visitor")


class Forbidden(DxError):
    """The actor may not do this: the request is refused and nothing changes (exit 1 at the command line)."""

    exit_status = EXIT_FAILED


def allowed(actor: Actor, action: str) -> bool:
    return action in ACTIONS.get(actor.role, frozenset())


def require(actor: Actor, action: str) -> None:
    """Forbidden unless `actor` may do `action`."""
    if not allowed(actor, action):
        raise Forbidden(
            "forbidden", action=Text(f"action.{action}"), name=actor.name or "—", role=Text(f"role_name.{actor.role}")
        )


def may_revert(actor: Actor, uploaded_by: str) -> bool:
    """An analyst reverts their own uploads; an admin (or the operator) any."""
    return allowed(actor, "revert_any") or (allowed(actor, "revert_own") and uploaded_by == actor.name)


def outside_scope(actor: Actor, codes: Iterable[str]) -> list[str]:
    """The unit codes among `codes` that `actor` may not upload figures for."""
    if actor.scope is None:
        return []
    return sorted(set(codes) - actor.scope)


def parse_scope(text: str | None) -> frozenset[str] | None:
    """ "province" (or nothing) → None; "06862,06865" → those codes."""
    if text is None or strip_marks(text.strip().casefold()) in ("", "province", "tinh", "toan tinh"):
        return None
    codes = frozenset(part.strip() for part in text.split(",") if part.strip())
    return codes or None


def scope_text(scope: frozenset[str] | None) -> str:
    return "province" if scope is None else ",".join(sorted(scope))


def password_problem(password: str) -> str | None:
    """A message key when `password` is not acceptable, else None."""
    if len(password) < MIN_PASSWORD:
        return "password_too_short"
    if len(set(password)) < 4:
        return "password_too_plain"  # "aaaaaaaaaaaa", "abababababab"
    return None

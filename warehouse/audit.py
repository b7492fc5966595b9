"""The audit trail: every write and every sign-in, appended and never changed (SPEC §9).

Nothing in the product updates or deletes an audit row. Each row carries a SHA-256 over its own content
and the hash of the row before it, so that a row changed or removed by other means (a SQL session on the
file) shows as a broken chain in `python -m etl audit` and on the admin page.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

import duckdb
import pandas as pd

from core.access import Actor
from warehouse import transaction
from warehouse.engine import next_id
from warehouse.reader import run_query, sql

GENESIS = "0" * 64
MAX_FIELD = 200  # a name tried at a failed sign-in is cut, so nobody fills the trail through it


def _digest(previous: str, at: datetime, actor: str, action: str, obj: str, detail: str, address: str) -> str:
    fields = [previous, at.isoformat(timespec="microseconds"), actor, action, obj, detail, address]
    return hashlib.sha256("\x1f".join(fields).encode("utf-8")).hexdigest()


def record(
    con: duckdb.DuckDBPyConnection,
    actor: Actor | str,
    action: str,
    obj: object = "",
    detail: dict[str, object] | None = None,
    address: str | None = None,
) -> None:
    """Append one row; within the caller's transaction when there is one, so the write and its record
    commit together. `detail` never holds a password, a hash or a session token."""
    who = actor.name if isinstance(actor, Actor) else str(actor)
    who, target = who[:MAX_FIELD], str(obj)[:MAX_FIELD]
    text = json.dumps(detail or {}, ensure_ascii=False, sort_keys=True, default=str)
    where = (address or "")[:MAX_FIELD]
    at = datetime.now()
    with transaction(con):
        row = con.execute("SELECT hash FROM audit ORDER BY audit_id DESC LIMIT 1").fetchone()
        previous = row[0] if row else GENESIS
        digest = _digest(previous, at, who, action, target, text, where)
        con.execute(
            "INSERT INTO audit (audit_id, happened_at, actor, action, object, detail, address, previous_hash, hash)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [next_id(con, "audit", "audit_id"), at, who, action, target, text, where, previous, digest],
        )


def entries(
    con: duckdb.DuckDBPyConnection, *, actor: str | None = None, action: str | None = None, limit: int | None = None
) -> pd.DataFrame:
    """The trail newest first (audit_id, happened_at, actor, action, object, detail, address), optionally filtered."""
    return run_query(con, "audit_entries", {"actor": actor, "action": action, "limit": limit})


@dataclass(frozen=True)
class ChainCheck:
    rows: int
    broken_at: int | None  # the first audit_id whose hash does not follow; None: the chain holds


def verify(con: duckdb.DuckDBPyConnection) -> ChainCheck:
    """Recompute every row's hash in order: a changed, inserted or removed row breaks the chain there."""
    rows = con.execute(sql("audit_chain")).fetchall()
    previous = GENESIS
    for audit_id, at, who, action, obj, detail, address, stated_previous, digest in rows:
        expected = _digest(previous, at, who, action, obj or "", detail or "", address or "")
        if stated_previous != previous or digest != expected:
            return ChainCheck(len(rows), audit_id)
        previous = digest
    return ChainCheck(len(rows), None)

"""The DuckDB warehouse: where it lives, how to open it, and its schema."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

DEFAULT_PATH = Path("data/warehouse.duckdb")
ENV_VARIABLE = "DX_WAREHOUSE"


def resolve_path(cli_value: str | os.PathLike[str] | None = None) -> Path:
    """`--db` wins, then $DX_WAREHOUSE, then data/warehouse.duckdb."""
    if cli_value:
        return Path(cli_value)
    from_env = os.environ.get(ENV_VARIABLE)
    return Path(from_env) if from_env else DEFAULT_PATH


@contextmanager
def connect(path: Path, *, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """One connection for one command or one request; closed when the block ends."""
    if read_only and not path.exists():
        raise FileNotFoundError(path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path), read_only=read_only)
    try:
        yield con
    finally:
        con.close()


_OPEN_TRANSACTIONS: set[int] = set()  # connections inside a `transaction` block


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """All the writes of the block, or none: committed when it ends, rolled back on any error. A block
    inside another joins it (an upload and its audit entry commit together)."""
    if id(con) in _OPEN_TRANSACTIONS:
        yield con
        return
    con.execute("BEGIN TRANSACTION")
    _OPEN_TRANSACTIONS.add(id(con))
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    else:
        con.execute("COMMIT")
    finally:
        _OPEN_TRANSACTIONS.discard(id(con))

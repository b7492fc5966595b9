"""The DuckDB warehouse: where it lives, how to open it, and its schema."""

from __future__ import annotations

import os
import random
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import TypeVar

import duckdb

from core.errors import EXIT_FAILED, DxError
from warehouse import shared

DEFAULT_PATH = Path("data/warehouse.duckdb")
ENV_VARIABLE = "DX_WAREHOUSE"


def resolve_path(cli_value: str | os.PathLike[str] | None = None) -> Path:
    """`--db` wins, then $DX_WAREHOUSE, then data/warehouse.duckdb."""
    if cli_value:
        return Path(cli_value)
    from_env = os.environ.get(ENV_VARIABLE)
    return Path(from_env) if from_env else DEFAULT_PATH


T = TypeVar("T")
BUSY_SECONDS = 20.0  # how long a command or a page waits for another process's write to finish
_FIRST_PAUSE = 0.05


class WarehouseBusy(DxError):
    """Another process held the warehouse for longer than BUSY_SECONDS: nothing was done, try again."""

    exit_status = EXIT_FAILED


def open_read_only(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection of `path`, opened as `connect` opens one (waiting while a writer holds the
    file); the caller closes it (the app's shared connection, `warehouse.shared`)."""
    return _open(path, True)


@contextmanager
def connect(path: Path, *, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """One connection for one command or one request; closed when the block ends. While another process
    writes (DuckDB lets one process at a time hold the file), it waits, up to BUSY_SECONDS, then says
    the warehouse is busy in both languages (`WarehouseBusy`), never with DuckDB's raw lock error."""
    if read_only and not path.exists():
        raise FileNotFoundError(path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    # A writer says so first: the app's shared read connections (warehouse.shared) let the file go.
    with nullcontext(lambda: None) if read_only else shared.announce_write(path) as touch:
        con = _open(path, read_only, touch)
        try:
            yield con
        finally:
            con.close()


_OPENING = threading.Lock()  # DuckDB sets up a file's database once per process: not from two threads at once


def _open(path: Path, read_only: bool, touch: Callable[[], None] = lambda: None) -> duckdb.DuckDBPyConnection:
    def attempt() -> duckdb.DuckDBPyConnection:
        touch()  # a waiting writer keeps its intent fresh
        with _OPENING:
            return duckdb.connect(str(path), read_only=read_only)

    return waiting(attempt)


# How DuckDB says a file is held: 2.0 added ResourceInUseException; 1.5 says it with IOException.
_HELD_ERRORS: tuple[type[duckdb.Error], ...] = tuple(
    getattr(duckdb, name)
    for name in ("IOException", "ConnectionException", "ResourceInUseException")
    if hasattr(duckdb, name)
)


def waiting(action: Callable[[], T]) -> T:
    """`action()` (something that opens the warehouse file), tried again while the file is held in a way
    that will pass, up to BUSY_SECONDS; then WarehouseBusy. Held: another process writes (DuckDB's file
    lock), or another session of this process has it open read-write while this one asks to read, or
    the other way round, or is opening it at the same instant (DuckDB refuses two configurations, or two
    simultaneous attachments, of one file in one process)."""
    deadline, pause = time.monotonic() + BUSY_SECONDS, _FIRST_PAUSE
    while True:
        try:
            return action()
        except _HELD_ERRORS as error:
            if not _held(error):
                raise
            if time.monotonic() > deadline:
                raise WarehouseBusy("warehouse_busy", seconds=int(BUSY_SECONDS)) from error
            time.sleep(pause + random.uniform(0, pause))  # jitter: waiting loaders do not retry in step
            pause = min(pause * 2, 1.0)


def _held(error: Exception) -> bool:
    text = str(error).lower()
    return "lock" in text or "different configuration" in text or "already attached" in text


_OPEN_TRANSACTIONS: set[int] = set()  # connections inside a `transaction` block
# One write at a time in this process: the app's sessions are threads of one process, and two of them
# writing at once would both read the same last audit row and fork the audit chain. (Other processes
# are kept out by DuckDB's lock on the file.)
_WRITING = threading.RLock()


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """All the writes of the block, or none: committed when it ends, rolled back on any error. A block
    inside another joins it (an upload and its audit entry commit together)."""
    if id(con) in _OPEN_TRANSACTIONS:
        yield con
        return
    with _WRITING:
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

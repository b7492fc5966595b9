"""The DuckDB warehouse: where it lives (an embedded file, or a DuckLake: `warehouse.engine`), how to open
it, and how writes stay one at a time."""

from __future__ import annotations

import os
import random
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext, suppress
from pathlib import Path
from typing import TypeVar

import duckdb

from core.errors import EXIT_FAILED, EXIT_USAGE, DxError
from warehouse import engine, shared
from warehouse.engine import Lake as Lake
from warehouse.engine import Location as Location

DEFAULT_PATH = Path("data/warehouse.duckdb")
ENV_VARIABLE = "DX_WAREHOUSE"


def resolve(cli_value: str | os.PathLike[str] | None = None) -> Location:
    """`--db` wins, then $DX_WAREHOUSE, then data/warehouse.duckdb; `ducklake:postgres:…` names a lake."""
    if cli_value:
        return engine.parse(cli_value)
    from_env = os.environ.get(ENV_VARIABLE)
    return engine.parse(from_env) if from_env else DEFAULT_PATH


def exists(where: Location) -> bool:
    """Whether there is a warehouse to read: the file, or a lake (created by its first connection)."""
    return isinstance(where, Lake) or where.exists()


def version(where: Location) -> int:
    """Changes with every committed write; 0 when there is no file (the pages' cache key)."""
    return engine.version(where) if isinstance(where, Lake) else shared.file_version(where)


def read(where: Location, action: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
    """`action(connection)` for a page's read: the process's shared connection of a file
    (`warehouse.shared`), or a cursor of the process's lake instance (readers of a lake never wait)."""
    if isinstance(where, Lake):
        with connect(where, read_only=True) as con:
            return action(con)
    return shared.read(where, action, lambda: open_read_only(where))


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
def connect(where: Location, *, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """One connection for one command or one request; closed when the block ends. While another process
    writes a file (DuckDB lets one process at a time hold it), it waits, up to BUSY_SECONDS, then says
    the warehouse is busy in both languages (`WarehouseBusy`), never with DuckDB's raw lock error. On a
    lake, processes read and write at once; `transaction` keeps the writes one at a time."""
    if isinstance(where, Lake):
        with engine.cursor(where) as con:
            yield con
        return
    path = where
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
            try:
                return duckdb.connect(str(path), read_only=read_only)
            except duckdb.IOException as error:
                if "newer version" in str(error):  # written by DuckDB 2.0 (before the pin moved to 1.5.5)
                    raise NewerFile("warehouse_newer_file", file=str(path), version=duckdb.__version__) from error
                raise

    return waiting(attempt)


class NewerFile(DxError):
    """The file was written by a newer DuckDB than the pinned one: convert it (scripts/convert-warehouse.sh)."""

    exit_status = EXIT_USAGE


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
            pause = _pause_or_give_up(deadline, pause, error)


def _pause_or_give_up(deadline: float, pause: float, cause: Exception | None = None) -> float:
    """After a try that found the warehouse held: WarehouseBusy (caused by `cause`) once past `deadline`;
    else a pause of about `pause` seconds, and the next pause to take (doubling, up to a second)."""
    if time.monotonic() > deadline:
        raise WarehouseBusy("warehouse_busy", seconds=int(BUSY_SECONDS)) from cause
    time.sleep(pause + random.uniform(0, pause))  # jitter: waiting loaders do not retry in step
    return min(pause * 2, 1.0)


def _held(error: Exception) -> bool:
    text = str(error).lower()
    return "lock" in text or "different configuration" in text or "already attached" in text


_OPEN_TRANSACTIONS: set[int] = set()  # connections inside a `transaction` block
# One write at a time in this process: the app's sessions are threads of one process, and two of them
# writing at once would both read the same last audit row and fork the audit chain. (Other processes
# are kept out by DuckDB's lock on the file, and on a lake by its writer row: `_writer_row`.)
_WRITING = threading.RLock()


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """All the writes of the block, or none: committed when it ends, rolled back on any error. A block
    inside another joins it (an upload and its audit entry commit together)."""
    if id(con) in _OPEN_TRANSACTIONS:
        yield con
        return
    with _WRITING, _writer_row(con) as token:
        con.execute("BEGIN TRANSACTION")
        _OPEN_TRANSACTIONS.add(id(con))
        try:
            if token:  # a writer that took the row without waiting for it makes this commit fail
                con.execute(_WRITER_SET, [token])
            yield con
        except BaseException:
            _rollback(con)
            raise
        else:
            _commit(con)
        finally:
            _OPEN_TRANSACTIONS.discard(id(con))


@contextmanager
def writes_held(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Every other writer kept out (of this process, and on a lake of every machine) while the block runs
    statements that commit by themselves: a lake's maintenance, which rewrites the writer row's own files
    and so cannot share a transaction with it."""
    with _WRITING, _writer_row(con):
        yield


# --- A lake's writes one at a time ------------------------------------------------------------------------
# DuckLake lets two transactions that only insert both commit: two loads would give themselves the same
# next upload id and hash the same last audit row. So a writer first takes the row `writer` of
# warehouse_info (its own small transaction: two takers both update it, and DuckLake refuses the second
# commit), writes while it holds it, and gives it back. A writer that crashed holds it until it expires.
WRITER_KEY = "writer"
LEASE_SECONDS = 120.0  # longer than any load; a crashed writer's row is free again after this
_WRITER_GET = f"SELECT value FROM warehouse_info WHERE key = '{WRITER_KEY}'"
_WRITER_SET = f"UPDATE warehouse_info SET value = ? WHERE key = '{WRITER_KEY}'"


class WriteConflict(DxError):
    """Another machine wrote to the lake at the same moment and this write was refused: nothing changed."""

    exit_status = EXIT_FAILED


@contextmanager
def _writer_row(con: duckdb.DuckDBPyConnection) -> Iterator[str]:
    """Holds the lake's writer row around a write (yields its token); nothing on a file."""
    if not engine.is_lake(con) or not _has_writer_row(con):  # a file, or a lake being created
        yield ""
        return
    token = _take(con)
    try:
        yield token
    finally:
        _give_back(con, token)


def _has_writer_row(con: duckdb.DuckDBPyConnection) -> bool:
    try:
        return con.execute(_WRITER_GET).fetchone() is not None
    except duckdb.CatalogException:  # no warehouse_info yet: the schema's first transaction
        return False


def _take(con: duckdb.DuckDBPyConnection) -> str:
    token = f"{uuid.uuid4().hex} {time.time() + LEASE_SECONDS:.0f}"
    deadline, pause = time.monotonic() + BUSY_SECONDS, _FIRST_PAUSE
    while True:
        con.execute("BEGIN TRANSACTION")
        row = con.execute(_WRITER_GET).fetchone()
        if row is not None and _free(str(row[0] or "")):
            con.execute(_WRITER_SET, [token])
            try:
                con.execute("COMMIT")
                return token
            except duckdb.TransactionException:  # another writer took it in the same instant
                pass
        else:
            con.execute("ROLLBACK")
        pause = _pause_or_give_up(deadline, pause)


def _free(value: str) -> bool:
    """An empty row, or one whose holder's lease has run out."""
    expires = value.split(" ")[-1] if value else ""
    return not expires or not expires.isdigit() or int(expires) < time.time()


def _give_back(con: duckdb.DuckDBPyConnection, token: str) -> None:
    try:
        con.execute("BEGIN TRANSACTION")
        con.execute(_WRITER_SET + " AND value = ?", ["", token])
        con.execute("COMMIT")
    except duckdb.Error:  # it expires by itself
        _rollback(con)


def _commit(con: duckdb.DuckDBPyConnection) -> None:
    try:
        con.execute("COMMIT")
    except duckdb.TransactionException as error:  # a lake refused it: another writer ignored the writer row
        if "conflict" not in str(error).lower() and "failed to commit" not in str(error).lower():
            raise
        raise WriteConflict("warehouse_write_conflict", seconds=int(BUSY_SECONDS)) from error


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    # A lake's failed COMMIT has already ended the transaction: there is nothing left to roll back.
    with suppress(duckdb.TransactionException):
        con.execute("ROLLBACK")

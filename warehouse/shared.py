"""One read-only connection per process and warehouse file, shared by the app's sessions.

Opening a DuckDB file costs ~25 ms; a page asks ten questions. So the app keeps one read-only connection
open and gives each read a cursor of it (0.1 ms). But while any process holds the file, no other process
may write it (DuckDB locks the file), so the connection is let go:

- when no read has used it for `IDLE_SECONDS`;
- at once (as soon as the reads in flight end) when a writer says it is waiting: every writer, in this
  process or another, first touches `<warehouse>.intent` (see `announce_write`) and keeps touching it
  while it waits for the file. A reader that finds a fresh intent waits until the write is over (up to
  `WAIT_SECONDS`) and then opens the shared connection on the new file. It does not open a connection of
  its own meanwhile: those take the file in turn with the writer, so a stream of them delayed a load by
  seconds (8.6 s measured under load). Only a reader that waited in vain reads on a connection of its own,
  which waits its turn like any other.

So a steady stream of viewers never starves `etl load`, and a load is seen by the next read (the shared
connection is reopened after any write).
"""

from __future__ import annotations

import atexit
import contextlib
import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import duckdb

T = TypeVar("T")
IDLE_SECONDS = 1.0  # an unused shared connection is closed after this long
INTENT_SECONDS = 30.0  # an intent not touched for this long is a writer that has gone (crashed)
_SWEEP_SECONDS = 0.1
LET_GO_SECONDS = 20.0  # how long a writer of this process waits for the reads in flight to end
WAIT_SECONDS = 20.0  # how long a read waits for a write to end before it reads on a connection of its own
_WAIT_PAUSE = 0.02
_WRITING_HERE = threading.local()  # the warehouses this thread is writing (its own reads must not wait)


def intent_path(path: Path) -> Path:
    return path.with_name(path.name + ".intent")


def write_waiting(path: Path) -> bool:
    """Whether a writer (of any process) is waiting for the file or writing it now."""
    try:
        return time.time() - intent_path(path).stat().st_mtime < INTENT_SECONDS
    except FileNotFoundError:
        return False


@contextlib.contextmanager
def announce_write(path: Path) -> Iterator[Callable[[], None]]:
    """Around a write connection's whole life: says a writer is waiting, lets this process's shared
    connection go, and yields `touch`, to call while waiting, so the intent stays fresh. Removed at the
    end (another writer still waiting touches it again)."""
    marker = intent_path(path)

    def touch() -> None:
        with contextlib.suppress(OSError):  # a read-only folder: the idle timeout still lets go
            marker.touch()

    touch()
    _pool(path).let_go()
    held: set[str] = _WRITING_HERE.__dict__.setdefault("paths", set())
    held.add(os.path.abspath(path))
    try:
        yield touch
    finally:
        held.discard(os.path.abspath(path))
        with contextlib.suppress(FileNotFoundError):
            marker.unlink()


def _writing_here(path: Path) -> bool:
    return os.path.abspath(path) in _WRITING_HERE.__dict__.get("paths", set())


def _write_over(path: Path) -> bool:
    """Waits while a writer (not this thread) waits or writes; whether it ended within WAIT_SECONDS."""
    deadline = time.monotonic() + WAIT_SECONDS
    while write_waiting(path) and not _writing_here(path):
        if time.monotonic() > deadline or _STOPPING.is_set():
            return False
        _STOPPING.wait(_WAIT_PAUSE)  # not time.sleep: tests that count a sign-in's pauses replace it
    return True


def read(
    path: Path, action: Callable[[duckdb.DuckDBPyConnection], T], opener: Callable[[], duckdb.DuckDBPyConnection]
) -> T:
    """`action(cursor)` on the shared connection of `path` (opened with `opener` when needed); on a
    connection of its own, closed at once, while a writer waits."""
    return _pool(path).read(action, opener)


class _Shared:
    """The shared connection of one warehouse file, and how many reads use it now."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.con: duckdb.DuckDBPyConnection | None = None
        self.version = 0
        self.active = 0
        self.last_used = 0.0
        self.lock = threading.Condition()

    def read(
        self, action: Callable[[duckdb.DuckDBPyConnection], T], opener: Callable[[], duckdb.DuckDBPyConnection]
    ) -> T:
        cursor = self._cursor(opener)
        if cursor is None:  # a write outlasted WAIT_SECONDS: read on a connection of our own, in its turn
            own = opener()
            try:
                return action(own)
            finally:
                own.close()
        try:
            return action(cursor)
        finally:
            cursor.close()
            with self.lock:
                self.active -= 1
                self.last_used = time.monotonic()
                self.lock.notify_all()

    def _cursor(self, opener: Callable[[], duckdb.DuckDBPyConnection]) -> duckdb.DuckDBPyConnection | None:
        if write_waiting(self.path):
            self.let_go(wait=False)
            if not _write_over(self.path):
                return None
        with self.lock:
            version = file_version(self.path)
            if self.con is not None and version != self.version and self.active == 0:
                self._close()  # written since it was opened (in a moment it was let go): see the new file
            if self.con is None:
                self.con, self.version = opener(), version
                _sweeper()
            self.active += 1
            return self.con.cursor()

    def let_go(self, wait: bool = True) -> None:
        """Close the shared connection once the reads in flight end (waiting for them unless not `wait`)."""
        deadline = time.monotonic() + LET_GO_SECONDS
        with self.lock:
            # A read of this very thread would never end while it waits here: it gives up in time, and
            # the writer then waits for the file as for any other holder.
            while wait and self.active and self.con is not None and time.monotonic() < deadline:
                self.lock.wait(timeout=0.5)
            if self.active == 0:
                self._close()

    def sweep(self) -> None:
        with self.lock:
            idle = time.monotonic() - self.last_used > IDLE_SECONDS
            if self.con is not None and self.active == 0 and (idle or write_waiting(self.path)):
                self._close()

    def _close(self) -> None:
        if self.con is not None:
            self.con.close()
            self.con = None


def file_version(path: Path) -> int:
    """Changes whenever the warehouse file is written; 0 when there is no file."""
    # A write may sit in the write-ahead log until DuckDB checkpoints it into the file.
    stamps = [p.stat().st_mtime_ns for p in (path, path.with_name(path.name + ".wal")) if p.exists()]
    return max(stamps) if path.exists() else 0


_POOLS: dict[str, _Shared] = {}
_POOLS_LOCK = threading.Lock()
_SWEEPER: list[threading.Thread] = []


def _pool(path: Path) -> _Shared:
    key = os.path.abspath(path)
    with _POOLS_LOCK:
        if key not in _POOLS:
            _POOLS[key] = _Shared(Path(key))
        return _POOLS[key]


@atexit.register
def _close_all() -> None:
    """At the process's end: connections closed, not left for the interpreter to tear down."""
    _STOPPING.set()
    with _POOLS_LOCK:
        pools = list(_POOLS.values())
    for pool in pools:
        with pool.lock:
            pool._close()


def _sweeper() -> None:
    """One background thread per process closes idle connections and those a writer waits for."""
    with _POOLS_LOCK:
        if _SWEEPER and _SWEEPER[0].is_alive():
            return
        thread = threading.Thread(target=_sweep_forever, name="warehouse-sweeper", daemon=True)
        _SWEEPER[:] = [thread]
        thread.start()


_STOPPING = threading.Event()


def _sweep_forever() -> None:
    # Waits on an event, not with time.sleep: the process's end stops it at once, and a test that
    # replaces time.sleep (to count a sign-in's pauses) does not count this thread's.
    while not _STOPPING.wait(_SWEEP_SECONDS):
        with _POOLS_LOCK:
            pools = list(_POOLS.values())
        for pool in pools:
            pool.sweep()

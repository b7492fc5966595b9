"""Where the warehouse lives: an embedded DuckDB file (the default), or a DuckLake whose catalog is a
PostgreSQL database and whose data files sit where every app machine reaches them (SPEC §5:
`DX_WAREHOUSE=ducklake:postgres:<libpq connection string>`, `DX_LAKE_DATA=<data path>`).

A lake needs two DuckDB extensions. They come from PyPI wheels pinned beside duckdb in requirements.txt
and are loaded from those files; DuckDB is told never to download or auto-load an extension, so no
request leaves the machine. Loading them costs about half a second, so each process keeps one DuckDB
instance per lake, with the lake attached, and hands out a cursor per connection.
"""

from __future__ import annotations

import atexit
import importlib.util
import os
import re
import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from core.errors import EXIT_USAGE, DxError

LAKE_PREFIX = "ducklake:postgres:"
DATA_VARIABLE = "DX_LAKE_DATA"
ALIAS = "warehouse"  # the lake's name inside DuckDB; the project's SQL runs unqualified after `USE`
# A lake's instance: nothing is fetched or loaded behind the project's back (a file needs no extension).
OFFLINE: dict[str, str | bool | int | float | list[str]] = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
}


class LakeUnavailable(DxError):
    """The lake cannot be opened: its extensions are missing, its catalog is unreachable, or a new lake
    has no data path. Nothing was done."""

    exit_status = EXIT_USAGE


@dataclass(frozen=True)
class Lake:
    """A DuckLake warehouse: `catalog` is a libpq connection string (`dbname=dx host=db.internal`),
    `data_path` the folder of its Parquet files (required to create one; DuckLake checks it after)."""

    catalog: str
    data_path: str | None = None

    @property
    def address(self) -> str:
        return LAKE_PREFIX + self.catalog

    def __str__(self) -> str:
        """The address as messages and logs show it: a password in it is never printed."""
        return re.sub(r"(password\s*=\s*)('[^']*'|\S+)", r"\1***", self.address)


Location = Path | Lake  # what `--db` / $DX_WAREHOUSE name


def parse(text: str | os.PathLike[str]) -> Location:
    """A lake address (with $DX_LAKE_DATA) or a file path."""
    if isinstance(text, str) and text.startswith(LAKE_PREFIX):
        return Lake(text[len(LAKE_PREFIX) :].strip(), os.environ.get(DATA_VARIABLE) or None)
    return Path(text)


def extension_files() -> tuple[Path, Path]:
    """(ducklake, postgres_scanner) extension files of this DuckDB's version, from the installed wheels.
    DuckDB finds an extension's entry point by its file name, so the postgres one is loaded through a link
    named `postgres_scanner.duckdb_extension` (made once per process; site-packages may be read-only)."""
    found = []
    for package in ("duckdb_extension_ducklake", "duckdb_extension_postgres"):
        spec = importlib.util.find_spec(package)
        folder = Path(spec.origin).parent / "extensions" / f"v{duckdb.__version__}" if spec and spec.origin else None
        files = sorted(folder.glob("*.duckdb_extension")) if folder else []
        if not files:
            raise LakeUnavailable("lake_extension_missing", package=package.replace("_", "-"))
        found.append(files[0])
    with _LOCK:
        if not _LINKS:
            links = Path(tempfile.mkdtemp(prefix="dx-duckdb-ext-"))
            atexit.register(shutil.rmtree, links, True)
            (links / "postgres_scanner.duckdb_extension").symlink_to(found[1])
            _LINKS.append(links / "postgres_scanner.duckdb_extension")
    return found[0], _LINKS[0]


_LINKS: list[Path] = []
_LOCK = threading.RLock()  # held while attaching, which makes the extension link under it too
_INSTANCES: dict[Lake, duckdb.DuckDBPyConnection] = {}
_LAKE_CURSORS: set[int] = set()  # connections handed out on a lake (their transactions take the writer row)


@contextmanager
def cursor(lake: Lake) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection of its own (own transactions) on this process's instance of `lake`, for the block."""
    with _LOCK:
        instance = _INSTANCES.get(lake)
        if instance is None:
            instance = _INSTANCES[lake] = _attach(lake)
    con = instance.cursor()
    _LAKE_CURSORS.add(id(con))
    try:
        con.execute(f"USE {ALIAS}")  # a cursor starts in the instance's in-memory database
        yield con
    finally:
        _LAKE_CURSORS.discard(id(con))
        con.close()


def is_lake(con: duckdb.DuckDBPyConnection) -> bool:
    return id(con) in _LAKE_CURSORS


def _attach(lake: Lake) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(config=OFFLINE)
    try:
        for file in extension_files():
            con.execute(f"LOAD '{quoted(file)}'")
        data = f" (DATA_PATH '{quoted(lake.data_path)}')" if lake.data_path else ""
        con.execute(f"ATTACH '{quoted(lake.address)}' AS {ALIAS}{data}")
    except duckdb.Error as error:
        con.close()
        raise LakeUnavailable("lake_unreachable", reason=_first_line(error)) from error
    return con


def version(lake: Lake) -> int:
    """The lake's newest snapshot: it changes with every committed write (the pages' cache key)."""
    with cursor(lake) as con:
        row = con.execute(f"SELECT id FROM {ALIAS}.current_snapshot()").fetchone()
    return int(row[0]) if row else 0


@atexit.register
def _close_all() -> None:
    with _LOCK:
        for instance in _INSTANCES.values():
            instance.close()
        _INSTANCES.clear()


def quoted(text: object) -> str:
    """`text` inside a single-quoted SQL literal (ATTACH and LOAD take no bound parameters)."""
    return str(text).replace("'", "''")


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0][:300] if str(error).strip() else type(error).__name__


# What DuckLake refuses in warehouse/schema.sql, removed: primary keys (uniqueness is checked by the code
# that writes; a key's column keeps NOT NULL) and CHECK constraints (the code writes values of closed
# vocabularies). The embedded file keeps them as a safety net; both engines run the same statements. Ids
# come from `next_id`, not sequences, on both (DuckLake has none; a file made before keeps its sequence
# defaults, unused).
_CHECK = re.compile(r"\s+CHECK\s*\((?:[^()]|\([^()]*\))*\)")


def lake_schema(text: str) -> str:
    text = re.sub(r",\s*\n\s*PRIMARY KEY \([^)]*\)", "", text)
    text = re.sub(r"\s+PRIMARY KEY\b", " NOT NULL", text)
    return _CHECK.sub("", text)


def next_id(con: duckdb.DuckDBPyConnection, table: str, column: str) -> int:
    """The next id of `table`, given inside the writing transaction (DuckLake has no sequences). Correct
    because writes are one at a time: the file's lock, and the lake's writer row (`warehouse.transaction`)."""
    row = con.execute(f"SELECT coalesce(max({column}), 0) + 1 FROM {table}").fetchone()
    return int(row[0]) if row else 1

"""The warehouse as the pages read it: `warehouse.reader.Reader`'s typed questions, each SQL answer kept
in Streamlit's cache.

An answer is cached under the warehouse path, the file's modification time and the query's parameters,
so a new upload is seen at once and an unchanged warehouse is never asked the same question twice. A
query that is not cached yet runs on the process's shared read-only connection (`warehouse.shared`),
which is let go when idle and as soon as a writer, of this process or another, waits for the file.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from warehouse import open_read_only, resolve_path, shared
from warehouse.init import upgrade
from warehouse.reader import Reader, run_query


@st.cache_data(show_spinner=False, max_entries=512)
def _cached_query(path: str, version: int, name: str, params: tuple[tuple[str, object], ...]) -> pd.DataFrame:
    where = Path(path)
    return shared.read(where, lambda con: run_query(con, name, dict(params)), lambda: open_read_only(where))


@st.cache_resource(show_spinner=False)
def _upgraded(path: str) -> bool:
    """A warehouse of an older version gets this version's tables once per server, not on every page view."""
    upgrade(Path(path))
    return True


class CachedReader(Reader):
    """The warehouse as this request sees it: its path and the version of the file."""

    def __init__(self, path: Path, version: int) -> None:
        self.path = path
        self.version = version

    @classmethod
    def current(cls) -> CachedReader:
        path = resolve_path(None)
        if path.exists():
            _upgraded(str(path))
        return cls(path, shared.file_version(path))

    def query(self, name: str, **params: object) -> pd.DataFrame:
        return _cached_query(str(self.path), self.version, name, tuple(sorted(params.items())))

    @property
    def exists(self) -> bool:
        return self.version != 0

    def has_data(self) -> bool:
        return self.exists and self.has_schema() and bool(self.periods())

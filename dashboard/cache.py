"""The warehouse as the pages read it: `warehouse.reader.Reader`'s typed questions, each SQL answer kept
in Streamlit's cache.

An answer is cached under the warehouse's address, its version (the file's modification time, or the
lake's newest snapshot) and the query's parameters, so a new upload is seen at once and an unchanged
warehouse is never asked the same question twice. The pages' view models are kept the same way, once per
process for all sessions (`CachedReader.model`). A query that is not cached yet runs on the process's
shared read-only connection of a file (`warehouse.shared`), which is let go when idle and as soon as a
writer, of this process or another, waits for the file; or on a cursor of the process's lake instance.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import pandas as pd
import streamlit as st

import warehouse
from warehouse import Location
from warehouse.init import upgrade
from warehouse.reader import Reader, run_query

T = TypeVar("T")


@st.cache_data(show_spinner=False, max_entries=512)
def _cached_query(where: Location, version: int, name: str, params: tuple[tuple[str, object], ...]) -> pd.DataFrame:
    return warehouse.read(where, lambda con: run_query(con, name, dict(params)))


# The view models `CachedReader.model` shares, by qualified name.
_MODELS: dict[str, Callable[..., Any]] = {}


@st.cache_resource(show_spinner=False, max_entries=128)
def _shared_model(name: str, where: Location, version: int, args: tuple, kwargs: tuple) -> Any:
    return _MODELS[name](CachedReader(where, version), *args, **dict(kwargs))


@st.cache_resource(show_spinner=False)
def _upgraded(where: Location) -> bool:
    """A warehouse of an older version gets this version's tables once per server, not on every page view."""
    upgrade(where)
    return True


class CachedReader(Reader):
    """The warehouse as this request sees it: its address and its version."""

    def __init__(self, path: Location, version: int) -> None:
        self.path = path
        self.version = version

    @classmethod
    def current(cls) -> CachedReader:
        where = warehouse.resolve(None)
        if warehouse.exists(where):
            _upgraded(where)
        return cls(where, warehouse.version(where))

    def query(self, name: str, **params: object) -> pd.DataFrame:
        return _cached_query(self.path, self.version, name, tuple(sorted(params.items())))

    def model(self, build: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """`build(self, *args, **kwargs)`, a page's view model, computed once per process for this version
        of the warehouse and these arguments: every session gets the same object, so none may change it.
        A new viewer of a page that others have seen costs no reads, pandas or plotly."""
        name = f"{build.__module__}.{build.__qualname__}"
        _MODELS.setdefault(name, build)
        return cast(T, _shared_model(name, self.path, self.version, args, tuple(sorted(kwargs.items()))))

    @property
    def exists(self) -> bool:
        return self.version != 0

    def has_data(self) -> bool:
        return self.exists and self.has_schema() and bool(self.periods())

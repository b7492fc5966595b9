"""Cached, parameterised reads for the pages.

Each read opens its own read-only connection (one per request, never a global) and is cached by
Streamlit under the warehouse path, the file's modification time and the parameters, so a new
upload is seen at once and an unchanged warehouse is never queried twice for the same question.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import streamlit as st

from dashboard import queries
from warehouse import connect, resolve_path


def data_version(path: Path) -> int:
    """Changes whenever the warehouse file is written; 0 when there is no file."""
    # A write may sit in the write-ahead log until DuckDB checkpoints it into the file.
    stamps = [p.stat().st_mtime_ns for p in (path, path.with_name(path.name + ".wal")) if p.exists()]
    return max(stamps) if path.exists() else 0


@st.cache_data(show_spinner=False, max_entries=512)
def _read(question: str, path: str, version: int, *args: Any) -> Any:
    with connect(Path(path), read_only=True) as con:
        return getattr(queries, question)(con, *args)


@dataclass(frozen=True)
class Warehouse:
    """The warehouse as this request sees it."""

    path: Path
    version: int

    @classmethod
    def current(cls) -> Warehouse:
        path = resolve_path(None)
        return cls(path, data_version(path))

    @property
    def exists(self) -> bool:
        return self.version != 0

    def read(self, question: str, *args: Any) -> Any:
        """Answer of `dashboard.queries.<question>(con, *args)`, cached."""
        assert hasattr(queries, question), f"no query named {question!r}"
        return _read(question, str(self.path), self.version, *args)

    def has_data(self) -> bool:
        return self.exists and self.read("has_schema") and bool(self.read("periods"))

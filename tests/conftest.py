"""Shared fixtures: temporary warehouses and the team's reference data beside the clone."""

from __future__ import annotations

import io
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from core.access import Actor
from etl.__main__ import main as etl_main
from tests.lake import lake_catalog, lake_extensions, lake_postgres, postgres_server  # noqa: F401  (fixtures)
from warehouse import connect
from warehouse.init import init_warehouse

REPO = Path(__file__).resolve().parents[1]
SHARED_GEO = REPO.parent / "shared" / "geo"


@pytest.fixture(scope="session")
def shared_geo() -> Path:
    """../shared/geo; skipped where absent (a user's own clone), required when DX_REQUIRE_SHARED=1 (CI)."""
    if SHARED_GEO.is_dir():
        return SHARED_GEO
    if os.environ.get("DX_REQUIRE_SHARED") == "1":
        pytest.fail(f"{SHARED_GEO} is required in CI but missing")
    pytest.skip("../shared/geo not found: reference data is only in the team's workspace")


@pytest.fixture(scope="session")
def sample_db_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample warehouse, built once per test session (read it through a copy)."""
    path = tmp_path_factory.mktemp("sample") / "warehouse.duckdb"
    assert etl_main(["sample", "--db", str(path)]) == 0
    return path


@pytest.fixture
def sample_db(sample_db_template: Path, tmp_path: Path) -> Path:
    """A private copy of the sample warehouse that a test may change."""
    path = tmp_path / "warehouse.duckdb"
    shutil.copy(sample_db_template, path)
    return path


@pytest.fixture(scope="session")
def empty_db_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("empty") / "warehouse.duckdb"
    with connect(path) as con:
        init_warehouse(con)
    return path


@pytest.fixture
def empty_db(empty_db_template: Path, tmp_path: Path) -> Path:
    """A private, initialised warehouse with reference data and no figures."""
    path = tmp_path / "empty.duckdb"
    shutil.copy(empty_db_template, path)
    return path


@pytest.fixture
def sample_con(sample_db_template: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    with connect(sample_db_template, read_only=True) as con:
        yield con


@dataclass(frozen=True)
class Ran:
    """A command line's exit status and output, as a process would have them."""

    returncode: int
    stdout: str
    stderr: str


def run_main(main: Callable[[list[str]], int], *args: str, stdin: str | None = None) -> Ran:
    """`main(args)` in this process (so coverage and speed are those of a function call), with its output
    captured, `stdin` as its standard input, and argparse's exit turned into a status, as `python -m ...`
    would end."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err), _stdin(stdin):
        try:
            code = main(list(args))
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
    return Ran(code, out.getvalue(), err.getvalue())


@contextmanager
def _stdin(text: str | None) -> Iterator[None]:
    if text is None:
        yield
        return
    saved, sys.stdin = sys.stdin, io.StringIO(text)
    try:
        yield
    finally:
        sys.stdin = saved


def open_app(
    monkeypatch: pytest.MonkeyPatch, db: Path, page: str | None = None, actor: Actor | None = None, **params: str
) -> AppTest:
    """The whole app through AppTest on warehouse `db`, opened with query parameters, on `page` if given,
    signed in as `actor` if given."""
    monkeypatch.setenv("DX_WAREHOUSE", str(db))
    monkeypatch.chdir(REPO)
    app = AppTest.from_file(str(REPO / "app.py"), default_timeout=30)
    if actor is not None:
        app.session_state["actor"] = actor
    for key, value in params.items():
        app.query_params[key] = value
    app.run()
    if page:
        app.switch_page(page).run()
    return app

"""Storage that lasts (issue 12): `etl backup` copies the warehouse consistently while it is being read,
`etl restore` checks a copy, keeps the warehouse it replaces and brings back the same figures."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from etl.__main__ import main as etl_main
from tests.conftest import run_main
from warehouse import connect


def _figures(path: Path) -> tuple:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute("SELECT count(*), sum(numerator), sum(denominator) FROM observation_current").fetchone()


@pytest.fixture
def warehouse(sample_db_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "warehouse.duckdb"
    shutil.copy(sample_db_template, path)
    return path


def test_a_backup_taken_while_the_warehouse_is_read_restores_the_same_figures(warehouse: Path, tmp_path: Path):
    out = tmp_path / "backup.duckdb"
    with connect(warehouse, read_only=True) as reader:  # the app reading at the same time
        reader.execute("SELECT count(*) FROM observation_current").fetchone()
        done = run_main(etl_main, "backup", "--db", str(warehouse), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert _figures(out) == _figures(warehouse)
    target = tmp_path / "restored.duckdb"
    restored = run_main(etl_main, "restore", str(out), "--db", str(target))
    assert restored.returncode == 0, restored.stderr
    assert _figures(target) == _figures(warehouse)
    with duckdb.connect(str(target), read_only=True) as con:
        assert con.execute("SELECT action FROM audit ORDER BY audit_id DESC LIMIT 1").fetchone() == ("restore",)


def test_a_restore_keeps_the_warehouse_it_replaces(warehouse: Path, tmp_path: Path):
    out = tmp_path / "backup.duckdb"
    assert run_main(etl_main, "backup", "--db", str(warehouse), "--out", str(out)).returncode == 0
    before = warehouse.read_bytes()
    assert run_main(etl_main, "restore", str(out), "--db", str(warehouse)).returncode == 0
    kept = list(tmp_path.glob("warehouse.before-restore-*.duckdb"))
    assert len(kept) == 1 and kept[0].read_bytes() == before


@pytest.mark.parametrize("content", [b"not a database at all", b""])
def test_a_file_that_is_not_a_backup_is_refused_and_changes_nothing(warehouse: Path, tmp_path: Path, content: bytes):
    bogus = tmp_path / "bogus.duckdb"
    bogus.write_bytes(content)
    before = warehouse.read_bytes()
    done = run_main(etl_main, "restore", str(bogus), "--db", str(warehouse))
    assert done.returncode == 2 and "bogus.duckdb" in done.stderr
    assert warehouse.read_bytes() == before


def test_a_backup_with_a_tampered_audit_trail_is_refused(warehouse: Path, tmp_path: Path):
    out = tmp_path / "backup.duckdb"
    assert run_main(etl_main, "backup", "--db", str(warehouse), "--out", str(out)).returncode == 0
    with duckdb.connect(str(out)) as con:
        con.execute("UPDATE audit SET actor = 'someone else' WHERE audit_id = 1")
    done = run_main(etl_main, "restore", str(out), "--db", str(tmp_path / "new.duckdb"))
    assert done.returncode == 2 and not (tmp_path / "new.duckdb").exists()


def test_a_backup_never_overwrites_a_file(warehouse: Path, tmp_path: Path):
    out = tmp_path / "backup.duckdb"
    out.write_bytes(b"precious")
    assert run_main(etl_main, "backup", "--db", str(warehouse), "--out", str(out)).returncode == 2
    assert out.read_bytes() == b"precious"

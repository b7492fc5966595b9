"""Keeping a warehouse small. A lake gains a snapshot and at least one Parquet file with every write: its
small files are merged, snapshots older than `keep_days` expired (time travel before them ends), and
the files no snapshot reads any more deleted. An embedded file is checkpointed (its write-ahead log
folded in). On a lake no other write runs meanwhile (the writer row is held)."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from warehouse import Lake, Location, connect, writes_held
from warehouse.engine import ALIAS

KEEP_DAYS = 7


@dataclass(frozen=True)
class Compacted:
    files_before: int
    files_after: int
    snapshots_expired: int


def compact(where: Location, keep_days: int = KEEP_DAYS) -> Compacted:
    with connect(where) as con:
        if not isinstance(where, Lake):
            con.execute("CHECKPOINT")
            return Compacted(0, 0, 0)
        before = _files(con)
        with writes_held(con):
            con.execute(f"CALL ducklake_merge_adjacent_files('{ALIAS}')")
            expired = con.execute(
                f"CALL ducklake_expire_snapshots('{ALIAS}', older_than => now() - to_days(?))", [keep_days]
            ).fetchall()
            con.execute(f"CALL ducklake_cleanup_old_files('{ALIAS}', cleanup_all => true)")
        return Compacted(before, _files(con), len(expired))


def _files(con: duckdb.DuckDBPyConnection) -> int:
    row = con.execute(f"SELECT sum(file_count + delete_file_count) FROM ducklake_table_info('{ALIAS}')").fetchone()
    return int(row[0] or 0) if row else 0

"""Writing figures: every write is one upload, in one transaction, kept as a revision."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import duckdb
import pandas as pd

from core.errors import EXIT_FAILED, DxError
from warehouse import current, transaction
from warehouse.engine import next_id

OBSERVATION_COLUMNS = ["period", "edition", "unit_code", "kpi", "numerator", "denominator"]
KEY = ["period", "edition", "unit_code", "kpi"]  # one figure of an upload


@dataclass(frozen=True)
class UploadMeta:
    file_name: str
    uploaded_by: str
    file_bytes: bytes | None
    sha256: str
    period: date | None = None
    edition: str | None = None
    is_sample: bool = False
    skip_invalid: bool = False
    rows_rejected: int = 0


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def record_upload(con: duckdb.DuckDBPyConnection, meta: UploadMeta, observations: pd.DataFrame) -> int:
    """Store the upload and its figures atomically; returns the new upload id."""
    missing = set(OBSERVATION_COLUMNS) - set(observations.columns)
    assert not missing, f"observations lack columns {sorted(missing)}"
    twice = observations.duplicated(subset=KEY, keep=False)
    if twice.any():  # the checks refuse such a file first; this keeps the table true whatever the caller
        first = observations[twice].iloc[0]
        raise DxError("upload_figure_twice", exit_status=EXIT_FAILED, unit=first["unit_code"], kpi=first["kpi"])
    with transaction(con):
        upload_id = _insert_upload(con, meta, len(observations))
        incoming = observations[OBSERVATION_COLUMNS]
        con.register("incoming_observations", incoming)
        con.execute(
            "INSERT INTO observation (upload_id, period, edition, unit_code, kpi, numerator, denominator)"
            " SELECT ?, CAST(period AS DATE), edition, unit_code, kpi, numerator, denominator"
            " FROM incoming_observations",
            [upload_id],
        )
        con.unregister("incoming_observations")
        con.execute(
            "UPDATE upload SET first_period = p.first, last_period = p.last"
            " FROM (SELECT min(period) AS first, max(period) AS last FROM observation WHERE upload_id = $id) AS p"
            " WHERE upload_id = $id",
            {"id": upload_id},
        )
        current.after_upload(con, upload_id)
    return upload_id


def mark_reverted(con: duckdb.DuckDBPyConnection, upload_id: int, by: str) -> None:
    """The upload stops being in force, and its figures fall back to their earlier revisions, together."""
    with transaction(con):
        con.execute(
            "UPDATE upload SET reverted_at = ?, reverted_by = ? WHERE upload_id = ?", [datetime.now(), by, upload_id]
        )
        current.after_revert(con, upload_id)


def _insert_upload(con: duckdb.DuckDBPyConnection, meta: UploadMeta, rows_loaded: int) -> int:
    if meta.file_bytes is not None:  # the same file uploaded again is stored once
        con.execute(
            "INSERT INTO original SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM original WHERE sha256 = ?)",
            [meta.sha256, meta.file_bytes, meta.sha256],
        )
    upload_id = next_id(con, "upload", "upload_id")
    con.execute(
        "INSERT INTO upload (upload_id, uploaded_at, uploaded_by, file_name, sha256, file_bytes, period, edition,"
        " is_sample, skip_invalid, rows_loaded, rows_rejected)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            upload_id,
            datetime.now(),
            meta.uploaded_by,
            meta.file_name,
            meta.sha256,
            None,
            meta.period,
            meta.edition,
            meta.is_sample,
            meta.skip_invalid,
            rows_loaded,
            meta.rows_rejected,
        ],
    )
    return upload_id


def delete_sample(con: duckdb.DuckDBPyConnection) -> None:
    """The sample is regenerated, not revised: its earlier copies go (real uploads are untouched)."""
    con.execute("DELETE FROM observation WHERE upload_id IN (SELECT upload_id FROM upload WHERE is_sample)")
    con.execute("DELETE FROM upload WHERE is_sample")
    current.rebuild(con)


def count_real_uploads(con: duckdb.DuckDBPyConnection) -> int:
    row = con.execute("SELECT count(*) FROM upload WHERE NOT is_sample").fetchone()
    return int(row[0]) if row else 0


def export_originals(con: duckdb.DuckDBPyConnection, folder: Path) -> list[Path]:
    """Every upload's original file, as received, into `folder` as "<upload id>-<file name>" (the name
    made safe: nothing is written outside `folder` whatever the file was called)."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = con.execute(
        "SELECT u.upload_id, u.file_name, o.file_bytes FROM upload AS u JOIN original AS o USING (sha256)"
        " ORDER BY u.upload_id"
    ).fetchall()
    written = []
    for upload_id, name, data in rows:
        safe = re.sub(r"[^\w.\- ]+", "_", Path(str(name)).name).strip(". ") or "file"
        path = folder / f"{upload_id}-{safe}"
        path.write_bytes(data)
        written.append(path)
    return written

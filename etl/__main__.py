"""Command line of SPEC §5: `python -m etl COMMAND --db PATH ...`."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence

from etl.sample import build_sample
from warehouse import connect, resolve_path
from warehouse.init import init_warehouse
from warehouse.uploads import UploadMeta, count_real_uploads, delete_sample, record_upload, sha256_of

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    return int(args.handler(args))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m etl", description="Quảng Ninh DX warehouse")
    commands = parser.add_subparsers(dest="command", required=True)
    init = commands.add_parser("init", help="empty warehouse with reference data (idempotent)")
    init.set_defaults(handler=_init)
    sample = commands.add_parser("sample", help="load the deterministic sample dataset")
    sample.set_defaults(handler=_sample)
    for command in (init, sample):
        command.add_argument("--db", help="warehouse file (default: $DX_WAREHOUSE or data/warehouse.duckdb)")
    return parser


def _init(args: argparse.Namespace) -> int:
    path = resolve_path(args.db)
    with connect(path) as con:
        init_warehouse(con)
    print(f"Warehouse ready: {path}")
    return EXIT_OK


def _sample(args: argparse.Namespace) -> int:
    path = resolve_path(args.db)
    started = time.perf_counter()
    with connect(path) as con:
        init_warehouse(con)
        if count_real_uploads(con):
            print(
                f"{path} already holds uploaded figures; the sample dataset goes only into a warehouse "
                "without real data. Use another --db.\n"
                f"{path} đã có số liệu thật; dữ liệu mẫu chỉ nạp vào kho chưa có số liệu. Hãy dùng --db khác.",
                file=sys.stderr,
            )
            return EXIT_USAGE
        sample = build_sample()
        digest = sha256_of(sample.to_csv(index=False).encode("utf-8"))
        meta = UploadMeta(
            file_name="Dữ liệu mẫu (sample dataset)",
            uploaded_by="etl sample",
            file_bytes=None,
            sha256=digest,
            is_sample=True,
        )
        delete_sample(con)
        upload_id = record_upload(con, meta, sample)
    seconds = time.perf_counter() - started
    print(f"Sample dataset loaded into {path}: upload {upload_id}, {len(sample):,} figures, {seconds:.1f} s")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())

"""Command line for the commune map.

    python -m geo import FILE --edition 2020|2024|2025 --db PATH [--json] [--lang vi|en]

Exit status: 0 imported, 1 refused (nothing matched, no usable shape), 2 usage error, unreadable
file or a warehouse that does not exist yet.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import duckdb

from geo.boundaries import WEB_MAX_BYTES, BoundaryImportError, ImportResult, import_boundaries
from geo.editions import EDITION_IDS
from warehouse import connect, resolve_path

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2
_SEVERITY = {"vi": {"error": "lỗi", "warning": "cảnh báo"}, "en": {"error": "error", "warning": "warning"}}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m geo", description="Bản đồ xã, phường / commune map")
    commands = parser.add_subparsers(dest="command", required=True)
    importer = commands.add_parser(
        "import",
        help="nhập ranh giới chính thức / import official boundaries",
        description="Import official boundaries (GeoJSON, shapefile .shp/.zip, GeoPackage) for one edition.",
    )
    importer.add_argument("file", type=Path, help="GeoJSON, .shp, .zip holding a shapefile, or .gpkg")
    importer.add_argument("--edition", required=True, choices=EDITION_IDS, help="map edition of the file")
    importer.add_argument("--db", help="warehouse file (default: $DX_WAREHOUSE, else data/warehouse.duckdb)")
    importer.add_argument("--json", action="store_true", help="print one JSON object instead of a summary")
    importer.add_argument("--lang", choices=("vi", "en"), default="vi", help="language of the summary")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return run_import(args)


def run_import(args: argparse.Namespace) -> int:
    db = resolve_path(args.db)
    not_ready = _warehouse_problem(db, args.edition)
    if not_ready is not None:
        return _fail(args, EXIT_USAGE, *not_ready)
    try:
        with connect(db) as con:
            result = import_boundaries(con, args.file, args.edition)
    except BoundaryImportError as exc:
        status = EXIT_USAGE if exc.code == "unreadable_file" else EXIT_REFUSED
        return _fail(args, status, exc.code, exc.message_vi, exc.message_en, exc.findings)
    except duckdb.Error as exc:  # e.g. the dashboard holds the file open for writing
        return _fail(
            args,
            EXIT_USAGE,
            "warehouse_unavailable",
            f"Không mở được kho dữ liệu {db}: {exc}",
            f"Cannot open the warehouse {db}: {exc}",
        )
    _print_result(args, result)
    return EXIT_OK


def _warehouse_problem(db: Path, edition: str) -> tuple[str, str, str] | None:
    """(code, message_vi, message_en) when the warehouse is missing or has no units for `edition`."""
    advice_vi = f"hãy chạy `python -m etl init --db {db}` trước."
    advice_en = f"run `python -m etl init --db {db}` first."
    if not db.is_file():
        return (
            "no_warehouse",
            f"Chưa có kho dữ liệu tại {db}; {advice_vi}",
            f"There is no warehouse at {db}; {advice_en}",
        )
    try:
        with connect(db, read_only=True) as con:
            count = con.execute("SELECT count(*) FROM unit WHERE edition = ?", [edition]).fetchone()[0]
    except duckdb.CatalogException:
        count = 0
    except duckdb.Error as exc:
        return (
            "warehouse_unavailable",
            f"Không mở được kho dữ liệu {db}: {exc}",
            f"Cannot open the warehouse {db}: {exc}",
        )
    if count == 0:
        return (
            "warehouse_not_initialised",
            f"Kho dữ liệu {db} chưa có danh mục đơn vị của bản đồ {edition}; {advice_vi}",
            f"The warehouse {db} has no units for the {edition} map; {advice_en}",
        )
    return None


def _fail(
    args: argparse.Namespace,
    status: int,
    code: str,
    message_vi: str,
    message_en: str,
    findings: list[dict[str, Any]] | None = None,
) -> int:
    if args.json:
        payload = {
            "status": "refused" if status == EXIT_REFUSED else "error",
            "edition": args.edition,
            "file": str(args.file),
            "error": {"code": code, "message_vi": message_vi, "message_en": message_en},
            "findings": findings or [],
        }
        print(json.dumps(payload, ensure_ascii=False))
        return status
    for item in findings or []:
        if item["code"] != code:  # the error itself is printed last
            print(_finding_line(item, args.lang), file=sys.stderr)
    print(message_vi if args.lang == "vi" else message_en, file=sys.stderr)
    return status


def _finding_line(item: dict[str, Any], lang: str) -> str:
    return f"[{_SEVERITY[lang][item['severity']]}] {item['code']}: {item['message_' + lang]}"


def _decimal(value: float, lang: str) -> str:
    text = f"{value:.1f}"
    return text.replace(".", ",") if lang == "vi" else text  # 238,7 KB the Vietnamese way


def _print_result(args: argparse.Namespace, result: ImportResult) -> None:
    if args.json:
        payload = {"status": "imported", "file": str(args.file), **result.as_dict()}
        print(json.dumps(payload, ensure_ascii=False))
        return
    name = Path(args.file).name
    size = _decimal(result.web_bytes / 1000, args.lang)
    limit = _decimal(WEB_MAX_BYTES / 1000, args.lang)
    seconds = _decimal(result.seconds, args.lang)
    if args.lang == "vi":
        lines = [
            f"Đã nhập ranh giới bản đồ {result.edition} từ {name} (lần nhập #{result.import_id}).",
            f"Đơn vị khớp: {result.matched}/{result.unit_count}; đối tượng không khớp: {result.unmatched}.",
            f"Bản cho web: {size} KB (giới hạn {limit} KB); thời gian {seconds} giây.",
        ]
    else:
        lines = [
            f"Imported the {result.edition} map boundaries from {name} (import #{result.import_id}).",
            f"Units matched: {result.matched}/{result.unit_count}; unmatched features: {result.unmatched}.",
            f"Web version: {size} KB (limit {limit} KB); took {seconds} s.",
        ]
    print(lines[0])
    print(lines[1])
    for item in result.findings:
        print(_finding_line(item, args.lang))
    print(lines[2])


if __name__ == "__main__":
    sys.exit(main())

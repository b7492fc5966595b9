"""Command line for the commune map.

    python -m geo import FILE --edition 2020|2024|2025 --db PATH [--json] [--lang vi|en]
    python -m geo export --edition 2020|2024|2025 --out FILE.geojson --db PATH

`export` writes an edition's imported boundaries, as simplified for the web, to a GeoJSON file: how the
project made the 2025 boundaries it ships (`geo/data/boundaries_2025.web.geojson`).

Exit status: 0 imported, 1 refused (nothing matched, no usable shape), 2 usage error, unreadable
file or a warehouse that does not exist yet.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path

import duckdb

from core.access import operator
from core.editions import EDITION_IDS
from core.errors import EXIT_FAILED, EXIT_OK, DxError, UsageError
from core.files import atomic_write
from core.formats import format_number
from core.messages import LANGUAGES, t
from geo.boundaries import ImportResult
from geo.findings import Finding
from geo.shapes import WEB_MAX_BYTES, dumps, feature_collection
from warehouse import Location, connect, exists, resolve
from warehouse.boundaries import import_boundaries
from warehouse.reader import ConnectionReader


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
    importer.add_argument("--lang", choices=LANGUAGES, default="vi", help="language of the summary")
    exporter = commands.add_parser(
        "export",
        help="ranh giới đã nhập, bản web / the imported boundaries, web version",
        description="Write an edition's imported boundaries, simplified for the web, as GeoJSON.",
    )
    exporter.add_argument("--edition", required=True, choices=EDITION_IDS, help="map edition")
    exporter.add_argument("--out", required=True, type=Path, help="GeoJSON file to write")
    exporter.add_argument("--db", help="warehouse file (default: $DX_WAREHOUSE, else data/warehouse.duckdb)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return run_export(args) if args.command == "export" else run_import(args)


def run_export(args: argparse.Namespace) -> int:
    """The edition's web boundaries as a FeatureCollection (id and `code` = unit code, `name`)."""
    db = resolve(args.db)
    try:
        _check_warehouse(db, args.edition)
        with connect(db, read_only=True) as con:
            source = ConnectionReader(con)
            shapes, units = source.boundaries(args.edition), source.units(args.edition)
        if shapes.empty:
            raise UsageError("boundary.none_to_export", code="no_boundaries", edition=args.edition)
        names = dict(zip(units["code"], units["name"], strict=True))
        collection = feature_collection(
            (code, names.get(code, code), json.loads(web))
            for code, web in zip(shapes["unit_code"], shapes["web_geojson"], strict=True)
        )
        atomic_write(args.out, dumps(collection).encode("utf-8"))
    except DxError as error:
        print(error.message("vi"), file=sys.stderr)
        return error.exit_status
    print(args.out)
    return EXIT_OK


def run_import(args: argparse.Namespace) -> int:
    db = resolve(args.db)
    try:
        _check_warehouse(db, args.edition)
        with connect(db) as con:
            result = import_boundaries(con, args.file, args.edition, by=operator(getpass.getuser()))
    except duckdb.Error as exc:  # e.g. the dashboard holds the file open for writing
        return _fail(args, UsageError("boundary.warehouse_unavailable", code="warehouse_unavailable", db=db, error=exc))
    except DxError as error:
        return _fail(args, error)
    _print_result(args, result)
    return EXIT_OK


def _check_warehouse(db: Location, edition: str) -> None:
    """UsageError when the warehouse is missing or has no units for `edition`."""
    if not exists(db):
        raise UsageError("boundary.no_warehouse", code="no_warehouse", db=db)
    with connect(db, read_only=True) as con:
        source = ConnectionReader(con)
        count = source.unit_count(edition) if source.has_schema() else 0
    if count == 0:
        raise UsageError("boundary.warehouse_not_initialised", code="warehouse_not_initialised", db=db, edition=edition)


def _fail(args: argparse.Namespace, error: DxError) -> int:
    findings: list[Finding] = getattr(error, "findings", [])
    if args.json:
        payload = {
            "status": "refused" if error.exit_status == EXIT_FAILED else "error",
            "edition": args.edition,
            "file": str(args.file),
            "error": {"code": error.code, "message_vi": error.message_vi, "message_en": error.message_en},
            "findings": findings,
        }
        print(json.dumps(payload, ensure_ascii=False))
        return error.exit_status
    for item in findings:
        if item["code"] != error.code:  # the error itself is printed last
            print(_finding_line(item, args.lang), file=sys.stderr)
    print(error.message(args.lang), file=sys.stderr)
    return error.exit_status


def _finding_line(item: Finding, lang: str) -> str:
    return f"[{t('severity_' + item['severity'], lang)}] {item['code']}: {item['message_' + lang]}"


def _print_result(args: argparse.Namespace, result: ImportResult) -> None:
    if args.json:
        payload = {"status": "imported", "file": str(args.file), **result.as_dict()}
        print(json.dumps(payload, ensure_ascii=False))
        return
    lang = args.lang
    print(t("boundary.imported", lang, edition=result.edition, file=Path(args.file).name, import_id=result.import_id))
    print(t("boundary.matched", lang, matched=result.matched, units=result.unit_count, unmatched=result.unmatched))
    for item in result.findings:
        print(_finding_line(item, lang))
    size, limit = (format_number(n / 1000, lang, 1) for n in (result.web_bytes, WEB_MAX_BYTES))
    print(t("boundary.web_size", lang, size=size, limit=limit, seconds=format_number(result.seconds, lang, 1)))


if __name__ == "__main__":
    sys.exit(main())

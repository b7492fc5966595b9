"""Command line of SPEC §5: `python -m etl COMMAND --db PATH ...`."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from etl.load import build_context, history, load_result, outcome_without_load, revert, verdict
from etl.periods import parse_period_arg
from etl.pipeline import check_file
from etl.readers import ReadError
from etl.sample import build_sample
from geo.editions import EDITION_IDS
from warehouse import connect, resolve_path
from warehouse.init import apply_schema, init_warehouse, missing_tables
from warehouse.uploads import UploadMeta, count_real_uploads, delete_sample, record_upload, sha256_of

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2
MAX_SHOWN_PER_CODE = 10  # the text report lists ten findings of a kind; --json lists all


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
    load = commands.add_parser("load", help="check and load monthly report files")
    load.add_argument("files", nargs="+", type=Path, metavar="FILE")
    load.add_argument("--period", type=parse_period_arg, help="YYYY-MM; wins over what the file says")
    load.add_argument("--edition", choices=EDITION_IDS)
    load.add_argument("--dry-run", action="store_true", help="check only; change nothing")
    load.add_argument("--json", action="store_true", help="one JSON object per file")
    load.add_argument("--user", default=None, help="who is loading (default: the login name)")
    load.add_argument("--skip-invalid", action="store_true", help="load the valid figures of a file with errors")
    load.add_argument("--lang", choices=("vi", "en"), default="vi", help="language of the messages")
    load.set_defaults(handler=_load)
    hist = commands.add_parser("history", help="uploads and revisions")
    hist.add_argument("--json", action="store_true")
    hist.set_defaults(handler=_history)
    undo = commands.add_parser("revert", help="undo one upload")
    undo.add_argument("upload_id", type=int, metavar="UPLOAD_ID")
    undo.add_argument("--user", default=None)
    undo.set_defaults(handler=_revert)
    template = commands.add_parser("template", help="write the monthly report template")
    template.add_argument("--period", type=parse_period_arg, required=True, help="YYYY-MM")
    template.add_argument("--out", required=True, type=Path, metavar="FILE.xlsx")
    template.set_defaults(handler=_template)
    for command in (init, sample, load, hist, undo, template):
        command.add_argument("--db", help="warehouse file (default: $DX_WAREHOUSE or data/warehouse.duckdb)")
    return parser


def _user(args: argparse.Namespace) -> str:
    return args.user or getpass.getuser()


def _existing_warehouse(args: argparse.Namespace) -> Path | None:
    path = resolve_path(args.db)
    if not path.exists():
        print(
            f"Chưa có kho dữ liệu {path}: chạy `python -m etl init --db {path}`.\n"
            f"No warehouse at {path}: run `python -m etl init --db {path}`.",
            file=sys.stderr,
        )
        return None
    return path


def _load(args: argparse.Namespace) -> int:
    period = args.period
    path = _existing_warehouse(args)
    if path is None:
        return EXIT_USAGE
    with connect(path, read_only=True) as con:
        outdated = bool(missing_tables(con))
    if outdated:  # a warehouse of an older version: add the new tables before anything else
        with connect(path) as con:
            apply_schema(con)
    with connect(path, read_only=True) as con:
        if not con.execute("SELECT count(*) FROM unit").fetchone()[0]:
            print(f"{path}: chạy `python -m etl init` trước / run `python -m etl init` first.", file=sys.stderr)
            return EXIT_USAGE
    return max(_load_one(path, file, period, args) for file in args.files)


def _load_one(path: Path, file: Path, period: date | None, args: argparse.Namespace) -> int:
    # Checking only reads: a rejected file or a dry run leaves the warehouse byte for byte as it was.
    try:
        data = file.read_bytes()
        with connect(path, read_only=True) as con:
            result = check_file(data, file.name, build_context(con), period, args.edition)
    except FileNotFoundError:
        return _report_unreadable(file, "Không có tệp", "No such file", args)
    except ReadError as error:
        return _report_unreadable(file, error.message_vi, error.message_en, args)
    status = verdict(result, dry_run=args.dry_run, skip_invalid=args.skip_invalid)
    if status == "load":
        with connect(path) as con:
            outcome = load_result(con, result, data, _user(args), skip_invalid=args.skip_invalid)
    else:
        outcome = outcome_without_load(result, status)
    report = {
        "file": str(file),
        "status": outcome.status,
        "upload_id": outcome.upload_id,
        "period": None if result.period is None else f"{result.period:%Y-%m}",
        "edition": result.edition,
        "rows": {"loaded": outcome.loaded, "rejected": outcome.rejected},
        "issues": [f.as_dict(args.lang) for f in result.findings],
    }
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        _print_report(report, args.lang)
    return EXIT_REJECTED if outcome.status == "rejected" else EXIT_OK


def _report_unreadable(file: Path, message_vi: str, message_en: str, args: argparse.Namespace) -> int:
    message = message_en if args.lang == "en" else message_vi
    if args.json:
        issue = {
            "severity": "error",
            "sheet": None,
            "row": None,
            "column": None,
            "code": "unreadable",
            "message": message,
        }
        print(
            json.dumps(
                {
                    "file": str(file),
                    "status": "rejected",
                    "upload_id": None,
                    "period": None,
                    "edition": None,
                    "rows": {"loaded": 0, "rejected": 0},
                    "issues": [issue],
                },
                ensure_ascii=False,
            )
        )
    else:
        print(f"{file}: {message}", file=sys.stderr)
    return EXIT_USAGE


_STATUS = {
    "vi": {"loaded": "đã nạp", "rejected": "bị từ chối", "valid": "hợp lệ (chạy thử, chưa nạp)"},
    "en": {"loaded": "loaded", "rejected": "rejected", "valid": "valid (dry run, nothing loaded)"},
}


def _print_report(report: dict, lang: str) -> None:
    status = _STATUS[lang][report["status"]]
    rows = report["rows"]
    upload = f" #{report['upload_id']}" if report["upload_id"] else ""
    print(
        f"{report['file']}: {status}{upload} · {report['period']} · {report['edition']} · "
        f"{rows['loaded']} / {rows['rejected']}"
    )
    shown: dict[str, int] = {}
    for issue in report["issues"]:
        shown[issue["code"]] = shown.get(issue["code"], 0) + 1
        if shown[issue["code"]] > MAX_SHOWN_PER_CODE:
            continue
        where = "!".join(str(p) for p in (issue["sheet"], f"{issue['column'] or ''}{issue['row'] or ''}") if p)
        print(f"  [{issue['severity']}] {where} {issue['code']}: {issue['message']}")

    for code, count in shown.items():
        if count > MAX_SHOWN_PER_CODE:
            more = count - MAX_SHOWN_PER_CODE
            print(f"  … {more} {code} " + ("nữa (xem --json)" if lang == "vi" else "more (see --json)"))


def _history(args: argparse.Namespace) -> int:
    path = _existing_warehouse(args)
    if path is None:
        return EXIT_USAGE
    with connect(path, read_only=True) as con:
        frame = history(con)
    if args.json:
        print(frame.to_json(orient="records", date_format="iso", force_ascii=False))
    else:
        print(frame.drop(columns=["sha256"]).to_string(index=False))
    return EXIT_OK


def _revert(args: argparse.Namespace) -> int:
    path = _existing_warehouse(args)
    if path is None:
        return EXIT_USAGE
    with connect(path) as con:
        done = revert(con, args.upload_id, _user(args))
    if not done:
        print(f"Không có lần nạp #{args.upload_id} đang hiệu lực / no active upload #{args.upload_id}", file=sys.stderr)
        return EXIT_USAGE
    print(f"Đã hoàn tác lần nạp #{args.upload_id} / upload #{args.upload_id} reverted")
    return EXIT_OK


def _template(args: argparse.Namespace) -> int:
    from etl.template import write_template

    period = args.period
    path = resolve_path(args.db)
    with connect(path) as con:
        init_warehouse(con)
        out = write_template(con, period, args.out)
    print(f"Template written: {out}")
    return EXIT_OK


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

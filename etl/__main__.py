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

import duckdb

from core.access import ROLES, Actor, operator, parse_scope, require
from core.cli import dispatch, month_arg
from core.editions import EDITION_IDS
from core.errors import EXIT_FAILED, EXIT_OK, EXIT_USAGE, DxError, UsageError
from core.messages import LANGUAGES, t
from etl.load import check_upload, load_checked, revert_upload
from etl.sample import build_sample
from warehouse import Lake, Location, audit, connect, exists, resolve, transaction
from warehouse.accounts import accounts, actor_of, add_account, change_account, set_password
from warehouse.backup import backup, restore
from warehouse.init import init_warehouse, upgrade
from warehouse.maintenance import KEEP_DAYS, compact
from warehouse.migrate import migrate
from warehouse.reader import ConnectionReader
from warehouse.uploads import (
    UploadMeta,
    count_real_uploads,
    delete_sample,
    export_originals,
    record_upload,
    sha256_of,
)

EXIT_REJECTED = EXIT_FAILED
MAX_SHOWN_PER_CODE = 10  # the text report lists ten findings of a kind; --json lists all


def main(argv: Sequence[str] | None = None) -> int:
    return dispatch(_parser(), argv)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m etl", description="Quảng Ninh DX warehouse")
    commands = parser.add_subparsers(dest="command", required=True)
    init = commands.add_parser("init", help="empty warehouse with reference data (idempotent)")
    init.set_defaults(handler=_init)
    sample = commands.add_parser("sample", help="load the deterministic sample dataset")
    sample.set_defaults(handler=_sample)
    load = commands.add_parser("load", help="check and load monthly report files")
    load.add_argument("files", nargs="+", type=Path, metavar="FILE")
    load.add_argument("--period", type=month_arg, help="YYYY-MM; wins over what the file says")
    load.add_argument("--edition", choices=EDITION_IDS)
    load.add_argument("--dry-run", action="store_true", help="check only; change nothing")
    load.add_argument("--json", action="store_true", help="one JSON object per file")
    load.add_argument("--user", default=None, help="act as this account (default: the machine's operator)")
    load.add_argument("--skip-invalid", action="store_true", help="load the valid figures of a file with errors")
    load.add_argument(
        "--force", action="store_true", help="load a file or month that is already loaded, as a new revision"
    )
    load.add_argument("--lang", choices=LANGUAGES, default="vi", help="language of the messages")
    load.set_defaults(handler=_load)
    hist = commands.add_parser("history", help="uploads and revisions")
    hist.add_argument("--json", action="store_true")
    hist.set_defaults(handler=_history)
    undo = commands.add_parser("revert", help="undo one upload")
    undo.add_argument("upload_id", type=int, metavar="UPLOAD_ID")
    undo.add_argument("--user", default=None, help="act as this account (default: the machine's operator)")
    undo.set_defaults(handler=_revert)
    template = commands.add_parser("template", help="write the monthly report template")
    template.add_argument("--period", type=month_arg, required=True, help="YYYY-MM")
    template.add_argument("--out", required=True, type=Path, metavar="FILE.xlsx")
    template.set_defaults(handler=_template)
    users = commands.add_parser("users", help="local accounts: add, list, disable, reset")
    user_commands = users.add_subparsers(dest="users_command", required=True)
    add = user_commands.add_parser("add", help="a new account")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--scope", default="province", help="province (default) or unit codes: CODE,CODE…")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    add.add_argument("--no-password", action="store_true", help="signs in only through the identity provider (SSO)")
    add.set_defaults(handler=_users_add)
    listing = user_commands.add_parser("list", help="every account (never a password or hash)")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=_users_list)
    disable = user_commands.add_parser("disable", help="the account may no longer sign in")
    disable.add_argument("name", metavar="NAME")
    disable.set_defaults(handler=_users_disable)
    reset = user_commands.add_parser("reset", help="a new password (read from standard input); unlocks")
    reset.add_argument("name", metavar="NAME")
    reset.set_defaults(handler=_users_reset)
    trail = commands.add_parser("audit", help="the audit trail, newest first")
    trail.add_argument("--json", action="store_true")
    trail.add_argument("--actor", default=None)
    trail.add_argument("--action", default=None)
    trail.set_defaults(handler=_audit)
    save = commands.add_parser("backup", help="a consistent copy of the warehouse, also while the app runs")
    save.add_argument("--out", required=True, type=Path, metavar="FILE")
    save.set_defaults(handler=_backup)
    back = commands.add_parser("restore", help="check a backup, then put it in place (the old one is kept)")
    back.add_argument("file", type=Path, metavar="FILE")
    back.set_defaults(handler=_restore)
    move = commands.add_parser("migrate", help="copy this warehouse (a file) into another one, e.g. a DuckLake")
    move.add_argument("--to", required=True, metavar="WAREHOUSE", help="a file, or ducklake:postgres:<libpq string>")
    move.set_defaults(handler=_migrate)
    tidy = commands.add_parser("compact", help="a lake's small files merged and old snapshots expired")
    tidy.add_argument("--keep-days", type=int, default=KEEP_DAYS, help=f"snapshots kept (default {KEEP_DAYS} days)")
    tidy.set_defaults(handler=_compact)
    keep = commands.add_parser("originals", help="every upload's original file, as received, into a folder")
    keep.add_argument("--out", required=True, type=Path, metavar="DIR")
    keep.set_defaults(handler=_originals)
    for command in (
        init,
        sample,
        load,
        hist,
        undo,
        template,
        add,
        listing,
        disable,
        reset,
        trail,
        save,
        back,
        move,
        tidy,
        keep,
    ):
        command.add_argument(
            "--db",
            help="warehouse file or ducklake:postgres:<libpq string> (default: $DX_WAREHOUSE or data/warehouse.duckdb)",
        )
    return parser


def _password_from_stdin() -> str:
    """One line of standard input, without its line end: never an argument (it would show in `ps`)."""
    line = sys.stdin.readline()
    return line.rstrip("\r\n")


def _users_add(args: argparse.Namespace) -> int:
    path = _existing_warehouse(args)
    if args.password_stdin == args.no_password:
        raise UsageError("users_password_choice")
    password = _password_from_stdin() if args.password_stdin else None
    with connect(path) as con:
        add_account(con, operator(getpass.getuser()), args.name, args.role, parse_scope(args.scope), password)
    print(t("users_added", "vi", name=args.name) + " / " + t("users_added", "en", name=args.name))
    return EXIT_OK


def _users_list(args: argparse.Namespace) -> int:
    path = _existing_warehouse(args)
    with connect(path, read_only=True) as con:
        frame = accounts(con)
    if args.json:
        print(frame.to_json(orient="records", date_format="iso", force_ascii=False))
    else:
        print(frame.to_string(index=False) if len(frame) else t("users_none", "vi") + " / " + t("users_none", "en"))
    return EXIT_OK


def _users_disable(args: argparse.Namespace) -> int:
    path = _existing_warehouse(args)
    with connect(path) as con:
        change_account(con, operator(getpass.getuser()), args.name, active=False)
    print(t("users_disabled", "vi", name=args.name) + " / " + t("users_disabled", "en", name=args.name))
    return EXIT_OK


def _users_reset(args: argparse.Namespace) -> int:
    path = _existing_warehouse(args)
    password = _password_from_stdin()
    with connect(path) as con:
        set_password(con, operator(getpass.getuser()), args.name, password)
    print(t("users_reset", "vi", name=args.name) + " / " + t("users_reset", "en", name=args.name))
    return EXIT_OK


def _originals(args: argparse.Namespace) -> int:
    path = _existing_warehouse(args)
    with connect(path, read_only=True) as con:
        written = export_originals(con, args.out)
    for file in written:
        print(file)
    return EXIT_OK


def _backup(args: argparse.Namespace) -> int:
    path = _existing_warehouse(args)
    summary = backup(path, args.out)
    values = {**summary.__dict__, "out": args.out}
    print(t("backup_done", "vi", **values) + "\n" + t("backup_done", "en", **values))
    return EXIT_OK


def _migrate(args: argparse.Namespace) -> int:
    source = _existing_warehouse(args)
    if isinstance(source, Lake):  # a lake moves out through its backup, which is a file
        raise UsageError("migrate_from_lake", source=str(source))
    target = resolve(args.to)
    moved = migrate(source, target, operator(getpass.getuser()))
    values = {**moved.__dict__, "source": source, "target": target}
    print(t("migrate_done", "vi", **values) + "\n" + t("migrate_done", "en", **values))
    return EXIT_OK


def _compact(args: argparse.Namespace) -> int:
    done = compact(_existing_warehouse(args), max(0, args.keep_days))
    print(t("compact_done", "vi", **done.__dict__) + "\n" + t("compact_done", "en", **done.__dict__))
    return EXIT_OK


def _restore(args: argparse.Namespace) -> int:
    path = resolve(args.db)
    kept = restore(args.file, path, operator(getpass.getuser()))
    values = {"file": args.file, "db": path, "kept": kept or "—"}
    print(t("restore_done", "vi", **values) + "\n" + t("restore_done", "en", **values))
    return EXIT_OK


def _audit(args: argparse.Namespace) -> int:
    path = _existing_warehouse(args)
    with connect(path, read_only=True) as con:
        frame = audit.entries(con, actor=args.actor, action=args.action)
        chain = audit.verify(con)
    if args.json:
        print(frame.to_json(orient="records", date_format="iso", force_ascii=False))
    else:
        print(frame.to_string(index=False))
    if chain.broken_at is not None:
        print(t("audit_broken", "vi", audit_id=chain.broken_at), file=sys.stderr)
        print(t("audit_broken", "en", audit_id=chain.broken_at), file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def _actor(path: Location, args: argparse.Namespace) -> Actor:
    """`--user NAME`: that active account (UsageError, exit 2, when unknown or disabled); without it, the
    machine's operator, recorded by login name."""
    if not args.user:
        return operator(getpass.getuser())
    with connect(path, read_only=True) as con:
        return actor_of(con, args.user)


def _existing_warehouse(args: argparse.Namespace) -> Location:
    """The warehouse of `--db`, brought up to this version's schema; UsageError when there is none."""
    path = resolve(args.db)
    if not exists(path):
        raise UsageError("etl_no_warehouse", path=path)
    upgrade(path)
    return path


def _initialised(con: duckdb.DuckDBPyConnection, path: Location) -> None:
    """UsageError unless `etl init` has stored the units (a load or a template needs them)."""
    if not ConnectionReader(con).unit_count("2020"):
        raise UsageError("etl_not_initialised", path=path)


def _load(args: argparse.Namespace) -> int:
    path = _existing_warehouse(args)
    with connect(path, read_only=True) as con:
        _initialised(con, path)
    actor = _actor(path, args)
    require(actor, "upload")
    return max(_load_one(path, file, args.period, args, actor) for file in args.files)


def _load_one(path: Location, file: Path, period: date | None, args: argparse.Namespace, actor: Actor) -> int:
    # Checking only reads: a rejected file or a dry run leaves the warehouse byte for byte as it was.
    try:
        data = file.read_bytes()
        result, _ = check_upload(path, data, file.name, period=period, edition=args.edition, actor=actor)
    except FileNotFoundError:
        return _report_unreadable(file, t("read_reason.no_file", "vi"), t("read_reason.no_file", "en"), args)
    except DxError as error:
        return _report_unreadable(file, error.message_vi, error.message_en, args, error.code, error.exit_status)
    try:
        outcome = load_checked(
            path, result, data, actor, dry_run=args.dry_run, skip_invalid=args.skip_invalid, force=args.force
        )
    except DxError as error:  # busy, or refused: still one JSON object for this file
        return _report_unreadable(file, error.message_vi, error.message_en, args, error.code, error.exit_status)
    report = {
        "file": str(file),
        "status": outcome.status,
        "upload_id": outcome.upload_id,
        "period": None if result.period is None else f"{result.period:%Y-%m}",
        "edition": result.edition,
        "rows": {"loaded": outcome.loaded, "rejected": outcome.rejected},
        "issues": [f.as_dict(args.lang) for f in result.findings],
        "columns": result.recognised_columns,  # added to SPEC §5's keys: what was read from which column
    }
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        _print_report(report, args.lang)
    return EXIT_REJECTED if outcome.status == "rejected" else EXIT_OK


def _report_unreadable(
    file: Path,
    message_vi: str,
    message_en: str,
    args: argparse.Namespace,
    code: str = "unreadable",
    exit_status: int = EXIT_USAGE,
) -> int:
    """A file that could not be checked or loaded at all: said in the chosen language, as one JSON object
    with `--json`, and with the problem's own code (too_large, expands_too_much, warehouse_busy …)."""
    message = message_en if args.lang == "en" else message_vi
    if args.json:
        issue = {
            "severity": "error",
            "sheet": None,
            "row": None,
            "column": None,
            "code": code,
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
                    "columns": [],
                },
                ensure_ascii=False,
            )
        )
    else:
        print(f"{file}: {message}", file=sys.stderr)
    return exit_status


def _print_report(report: dict, lang: str) -> None:
    status = t(f"etl_status.{report['status']}", lang)
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
            print(f"  … {more} {code} {t('etl_more', lang)}")


def _history(args: argparse.Namespace) -> int:
    path = _existing_warehouse(args)
    with connect(path, read_only=True) as con:
        frame = ConnectionReader(con).uploads()
    if args.json:
        print(frame.to_json(orient="records", date_format="iso", force_ascii=False))
    else:
        print(frame.drop(columns=["sha256"]).to_string(index=False))
    return EXIT_OK


def _revert(args: argparse.Namespace) -> int:
    path = _existing_warehouse(args)
    if not revert_upload(path, args.upload_id, _actor(path, args)):
        raise UsageError("etl_no_active_upload", upload_id=args.upload_id)
    print(t("etl_reverted", "vi", upload_id=args.upload_id) + " / " + t("etl_reverted", "en", upload_id=args.upload_id))
    return EXIT_OK


def _template(args: argparse.Namespace) -> int:
    from etl.template import write_template

    period = args.period
    path = _existing_warehouse(args)
    # Only reads: a template never rewrites the units (at national scale, `init` would put Quảng Ninh's
    # back) and can be made while a load holds the file for a moment.
    with connect(path, read_only=True) as con:
        _initialised(con, path)
        out = write_template(con, period, args.out)
    print(f"Template written: {out}")
    return EXIT_OK


def _init(args: argparse.Namespace) -> int:
    path = resolve(args.db)
    with connect(path) as con:
        init_warehouse(con)
    print(f"Warehouse ready: {path}")
    return EXIT_OK


def _sample(args: argparse.Namespace) -> int:
    path = resolve(args.db)
    started = time.perf_counter()
    with connect(path) as con:
        init_warehouse(con)
        if count_real_uploads(con):
            raise UsageError("etl_sample_over_real", path=path)
        sample = build_sample()
        digest = sha256_of(sample.to_csv(index=False).encode("utf-8"))
        meta = UploadMeta(
            file_name=t("sample_upload_file", "vi"),
            uploaded_by="etl sample",
            file_bytes=None,
            sha256=digest,
            is_sample=True,
        )
        with transaction(con):
            delete_sample(con)
            upload_id = record_upload(con, meta, sample)
            audit.record(
                con, operator(getpass.getuser()), "upload", upload_id, {"sample": True, "figures": len(sample)}
            )
    seconds = time.perf_counter() - started
    print(f"Sample dataset loaded into {path}: upload {upload_id}, {len(sample):,} figures, {seconds:.1f} s")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())

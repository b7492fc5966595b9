"""Command line: `python -m reports chart ...` and `python -m reports briefing ...`.

Exit status: 0 when the file was written, 2 for a usage error (unknown indicator, a month without
figures, a missing warehouse, bad arguments), 1 when the file could not be produced.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from warehouse import connect, resolve_path

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
LANGUAGES = ("vi", "en")


class _Usage(Exception):
    def __init__(self, message_vi: str, message_en: str) -> None:
        super().__init__(message_vi)
        self.message_vi, self.message_en = message_vi, message_en


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except _Usage as error:
        _say_error(error.message_vi, error.message_en)
        return EXIT_USAGE


def _parser() -> argparse.ArgumentParser:
    from dashboard.images import FORMATS
    from dashboard.mapview import LEVELS, MODES, SCALES
    from reports.figures import KINDS, MAP_SHAPES

    parser = argparse.ArgumentParser(prog="python -m reports", description="Quảng Ninh DX exports")
    commands = parser.add_subparsers(dest="command", required=True)

    chart = commands.add_parser("chart", help="one chart or map as PNG (300 dpi), SVG or PDF")
    chart.add_argument("--kpi", required=True, help="indicator id, e.g. online_dossier_rate")
    chart.add_argument("--period", required=True, type=_month, help="YYYY-MM")
    chart.add_argument("--kind", required=True, choices=KINDS)
    chart.add_argument("--format", required=True, choices=list(FORMATS), dest="fmt")
    chart.add_argument("--out", required=True, type=Path, metavar="FILE")
    chart.add_argument("--shape", choices=MAP_SHAPES, default="hexagons", help="map: hexagons or boundaries")
    chart.add_argument("--mode", choices=MODES, default="value", help="map: value or change since last month")
    chart.add_argument("--level", choices=LEVELS, default="units", help="map: communes or districts")
    chart.add_argument("--scale", choices=SCALES, default="data", help="map: colour scale")
    chart.set_defaults(handler=_chart)

    briefing = commands.add_parser("briefing", help="the month's briefing pack as PDF or PowerPoint")
    briefing.add_argument("--period", required=True, type=_month, help="YYYY-MM")
    briefing.add_argument("--format", required=True, choices=("pdf", "pptx"), dest="fmt")
    briefing.add_argument("--out", required=True, type=Path, metavar="FILE")
    briefing.add_argument("--scope", default=None, metavar="CODE", help="a district or unit code (default: province)")
    briefing.set_defaults(handler=_briefing)

    for command in (chart, briefing):
        command.add_argument("--db", help="warehouse file (default: $DX_WAREHOUSE or data/warehouse.duckdb)")
        command.add_argument("--lang", choices=LANGUAGES, default="vi", help="language of the output (default vi)")
    return parser


def _month(text: str) -> date:
    match = re.fullmatch(r"(\d{4})-(\d{2})", text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        from dashboard.i18n import t

        raise argparse.ArgumentTypeError(
            f"{t('export_bad_period', 'vi', value=text)} / {t('export_bad_period', 'en', value=text)}"
        )
    return date(int(match.group(1)), int(match.group(2)), 1)


def _say_error(message_vi: str, message_en: str) -> None:
    print(f"Lỗi: {message_vi}\nError: {message_en}", file=sys.stderr)


def _warehouse(args: argparse.Namespace) -> Path:
    from dashboard.i18n import t

    path = resolve_path(args.db)
    if not path.is_file():
        raise _Usage(t("export_no_warehouse", "vi", path=path), t("export_no_warehouse", "en", path=path))
    return path


def _check_out(out: Path) -> None:
    """A usage error, before any work, when `out` cannot be written: a folder, or a folder we cannot write in."""
    from dashboard.i18n import t

    reason = None
    existing = next(folder for folder in out.absolute().parents if folder.exists())  # created only on writing
    if out.is_dir():
        reason = ("đó là một thư mục", "it is a folder")
    elif not existing.is_dir():
        reason = (f"{existing} không phải thư mục", f"{existing} is not a folder")
    elif not os.access(existing, os.W_OK):
        reason = ("không có quyền ghi vào thư mục", "no permission to write in the folder")
    if reason:
        raise _Usage(
            t("export_bad_out", "vi", path=out, reason=reason[0]), t("export_bad_out", "en", path=out, reason=reason[1])
        )


def _write(out: Path, data: bytes) -> None:
    """Whole file or nothing: written beside the target (with the usual permissions), then renamed over it."""
    out.parent.mkdir(parents=True, exist_ok=True)
    temporary = out.with_name(f".{out.name}.{os.getpid()}.part")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, out)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _chart(args: argparse.Namespace) -> int:
    from dashboard.formatting import format_number
    from dashboard.i18n import t
    from dashboard.images import ImageError
    from reports.figures import UsageError, chart_image

    path = _warehouse(args)
    _check_out(args.out)
    options = {"shape": args.shape, "mode": args.mode, "level": args.level, "scale": args.scale}
    try:
        with connect(path, read_only=True) as con:
            data = chart_image(con, args.kpi, args.period, args.kind, args.fmt, args.lang, **options)
    except UsageError as error:
        raise _Usage(error.message_vi, error.message_en) from error
    except ImageError as error:
        _say_error(t("export_failed", "vi", error=error), t("export_failed", "en", error=error))
        return EXIT_FAILED
    try:
        _write(args.out, data)
    except OSError as error:
        _say_error(t("export_failed", "vi", error=error), t("export_failed", "en", error=error))
        return EXIT_FAILED
    print(t("export_written", args.lang, path=args.out, size=format_number(len(data), args.lang)))
    return EXIT_OK


def _briefing(args: argparse.Namespace) -> int:
    from dashboard.formatting import format_number
    from dashboard.i18n import t
    from dashboard.images import ImageError
    from reports.figures import UsageError, check_period

    path = _warehouse(args)
    _check_out(args.out)
    try:
        from reports.briefing import write_briefing  # written separately; imported only when asked for
    except ImportError as error:
        message = f"reports.briefing: {error}"
        _say_error(t("export_failed", "vi", error=message), t("export_failed", "en", error=message))
        return EXIT_FAILED
    try:
        with connect(path, read_only=True) as con:
            check_period(con, args.period)
            written = write_briefing(con, args.period, args.fmt, args.lang, args.out, scope=args.scope)
    except UsageError as error:
        raise _Usage(error.message_vi, error.message_en) from error
    except ValueError as error:
        # write_briefing's usage errors (an unknown scope…) are ValueErrors that say it in both languages.
        vi, en = getattr(error, "message_vi", None), getattr(error, "message_en", None)
        if vi and en:
            raise _Usage(vi, en) from error
        print(f"Lỗi / Error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except (ImageError, OSError) as error:
        _say_error(t("export_failed", "vi", error=error), t("export_failed", "en", error=error))
        return EXIT_FAILED
    print(t("export_written", args.lang, path=written, size=format_number(Path(written).stat().st_size, args.lang)))
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())

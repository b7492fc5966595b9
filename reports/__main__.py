"""Command line: `python -m reports chart ...` and `python -m reports briefing ...`.

Exit status: 0 when the file was written, 2 for a usage error (unknown indicator, a month without
figures, a missing warehouse, bad arguments), 1 when the file could not be produced.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from core.cli import dispatch, month_arg
from core.errors import EXIT_OK, FailedError, UsageError
from core.files import atomic_write
from core.formats import format_number
from core.messages import LANGUAGES, both, t
from warehouse import Location, connect, exists, resolve
from warehouse.reader import ConnectionReader


def main(argv: Sequence[str] | None = None) -> int:
    return dispatch(_parser(), argv)


def _parser() -> argparse.ArgumentParser:
    from dashboard.images import FORMATS
    from dashboard.mapview import LEVELS, MODES, SCALES, SHAPES
    from reports.briefing import FORMATS as PACK_FORMATS
    from reports.figures import CHART_TYPES

    parser = argparse.ArgumentParser(prog="python -m reports", description="Quảng Ninh DX exports")
    commands = parser.add_subparsers(dest="command", required=True)

    chart = commands.add_parser("chart", help="one chart or map as PNG (300 dpi), SVG or PDF")
    chart.add_argument("--kpi", required=True, help="indicator id, e.g. online_dossier_rate")
    chart.add_argument("--period", required=True, type=month_arg, help="YYYY-MM")
    chart.add_argument("--kind", required=True, choices=CHART_TYPES, dest="chart_type", help="which chart")
    chart.add_argument("--format", required=True, choices=list(FORMATS), dest="fmt")
    chart.add_argument("--out", required=True, type=Path, metavar="FILE")
    chart.add_argument(
        "--shape", choices=SHAPES, default=None, help="map: hexagons or boundaries (default: boundaries where imported)"
    )
    chart.add_argument("--mode", choices=MODES, default="value", help="map: value or change since last month")
    chart.add_argument("--level", choices=LEVELS, default="units", help="map: communes or districts")
    chart.add_argument("--scale", choices=SCALES, default="data", help="map: colour scale")
    chart.set_defaults(handler=_chart)

    briefing = commands.add_parser("briefing", help="the month's briefing pack as PDF or PowerPoint")
    briefing.add_argument("--period", required=True, type=month_arg, help="YYYY-MM")
    briefing.add_argument("--format", required=True, choices=list(PACK_FORMATS), dest="fmt")
    briefing.add_argument("--out", required=True, type=Path, metavar="FILE")
    briefing.add_argument("--scope", default=None, metavar="CODE", help="a district or unit code (default: province)")
    briefing.add_argument(
        "--template",
        type=Path,
        metavar="FILE.pptx",
        help="pptx only: the province's PowerPoint template (.pptx or .potx), its layouts found by their placeholders",
    )
    briefing.set_defaults(handler=_briefing)

    for command in (chart, briefing):
        command.add_argument("--db", help="warehouse file (default: $DX_WAREHOUSE or data/warehouse.duckdb)")
        command.add_argument("--lang", choices=LANGUAGES, default="vi", help="language of the output (default vi)")
    return parser


def _warehouse(args: argparse.Namespace) -> Location:
    path = resolve(args.db)
    if not exists(path):
        raise UsageError("export_no_warehouse", path=path)
    return path


def _check_out(out: Path) -> None:
    """A usage error, before any work, when `out` cannot be written: a folder, or a folder we cannot write in."""
    existing = next(folder for folder in out.absolute().parents if folder.exists())  # created only on writing
    if out.is_dir():
        reason = both("export_out_folder")
    elif not existing.is_dir():
        reason = both("export_out_not_folder", folder=existing)
    elif not os.access(existing, os.W_OK):
        reason = both("export_out_no_permission")
    else:
        return
    raise UsageError("export_bad_out", path=out, reason_vi=reason[0], reason_en=reason[1])


def _write(out: Path, data: bytes, lang: str) -> int:
    try:
        atomic_write(out, data)
    except OSError as error:
        raise FailedError("export_failed", error=error) from error
    print(t("export_written", lang, path=out, size=format_number(len(data), lang)))
    return EXIT_OK


def _chart(args: argparse.Namespace) -> int:
    from reports.figures import chart_image

    path = _warehouse(args)
    _check_out(args.out)
    options = {"shape": args.shape, "mode": args.mode, "level": args.level, "scale": args.scale}
    with connect(path, read_only=True) as con:
        data = chart_image(
            ConnectionReader(con), args.kpi, args.period, args.chart_type, args.fmt, args.lang, **options
        )
    return _write(args.out, data, args.lang)


def _template(path: Path | None):
    """The template's bytes (`reports.layouts.Template`), read only when the file exists and is no larger
    than an upload may be; the pack checks the rest before any work."""
    from reports.layouts import Template, check_size

    if path is None:
        return None
    if not path.is_file():
        raise UsageError("briefing_error_template_missing", file=path)
    check_size(path.stat().st_size, path.name)
    return Template(path.read_bytes(), path.name)


def _briefing(args: argparse.Namespace) -> int:
    from reports.briefing import pack_bytes
    from reports.figures import check_period

    path = _warehouse(args)
    _check_out(args.out)
    template = _template(args.template)
    with connect(path, read_only=True) as con:
        source = ConnectionReader(con)
        check_period(source, args.period)
        data = pack_bytes(source, args.period, args.fmt, args.lang, args.scope, template=template)
    return _write(args.out, data, args.lang)


if __name__ == "__main__":
    sys.exit(main())

"""What the three command lines (`python -m etl`, `python -m geo`, `python -m reports`) share: months as
arguments, errors said in both languages, and exit statuses taken from the error."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date

from core.errors import DxError
from core.messages import t
from core.months import parse_month

CLOSED_PIPE = 141


def month_arg(text: str) -> date:
    """argparse `type=` for YYYY-MM: argparse shows the bilingual message as it is."""
    try:
        return parse_month(text)
    except DxError as error:
        raise argparse.ArgumentTypeError(f"{error.message_vi} / {error.message_en}") from error


def say_error(error: DxError) -> None:
    print(f"{t('error_prefix', 'vi')}: {error.message_vi}", file=sys.stderr)
    print(f"{t('error_prefix', 'en')}: {error.message_en}", file=sys.stderr)


def dispatch(parser: argparse.ArgumentParser, argv: Sequence[str] | None) -> int:
    """Parses `argv` and runs the chosen command's handler (each subcommand sets `handler`)."""
    args = parser.parse_args(argv)
    return run(args.handler, args)


def run(handler: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """The handler's exit status; a DxError is said in both languages and gives its own status. Any other
    exception is a bug and keeps its traceback."""
    try:
        status = int(handler(args))
        sys.stdout.flush()  # a reader that went away (`| head`) is found here, not in Python's exit
        return status
    except BrokenPipeError:
        # The reader stopped reading: nothing more to say and nothing to report. Later writes go nowhere,
        # and the status is the one a shell gives a command ended by its closed pipe (128 + SIGPIPE).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return CLOSED_PIPE
    except DxError as error:
        say_error(error)
        return error.exit_status

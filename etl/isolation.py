"""Reading a workbook in a child process, so that no file can take the server down.

The spreadsheet library (calamine, native code) aborts the whole process on some crafted files and
expands zip bombs in memory. Here it runs in `python -m etl.isolation` with its address space and CPU
time capped (`core.limits`): a file that would crash it, exhaust it or hang it only ends the child,
and the upload is told the file is unreadable. What the child sends back is built by the child itself
(pickled sheets, or the reader's own error), never by the file.
"""

from __future__ import annotations

import pickle
import subprocess
import sys

from core.limits import PARSE_MEMORY_BYTES, PARSE_SECONDS
from etl.readers import ReadError, checked_format, read_workbook, read_workbook_as
from etl.sheet import Sheet


def read_safely(data: bytes, file_name: str) -> list[Sheet]:
    """`etl.readers.read_workbook`, with a workbook read in a child process (after the size and the
    archive's directory are checked here); a CSV file is plain text and is read in this process."""
    file_format = checked_format(data, file_name)
    if file_format == "csv":
        return read_workbook(data, file_name)
    return read_isolated(data, file_name, file_format)


def read_isolated(data: bytes, file_name: str, file_format: str) -> list[Sheet]:
    """The workbook's sheets, read by a child process; ReadError when it cannot be read, including when
    reading it would need more memory or time than any report does."""
    command = [sys.executable, "-m", "etl.isolation", file_format, file_name]
    try:
        done = subprocess.run(command, input=data, capture_output=True, timeout=PARSE_SECONDS, check=False)
    except subprocess.TimeoutExpired as exc:
        raise ReadError("read_unreadable_safely", code="unreadable", file=file_name) from exc
    if done.returncode != 0 or not done.stdout:
        raise ReadError("read_unreadable_safely", code="unreadable", file=file_name)
    kind, *payload = pickle.loads(done.stdout)
    if kind == "error":
        key, code, values = payload
        raise ReadError(key, code=code, **values)
    return payload[0]


def _limit_this_process() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (PARSE_MEMORY_BYTES, PARSE_MEMORY_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (PARSE_SECONDS, PARSE_SECONDS))


def main() -> int:
    """The child: limits first, then the file from standard input, the outcome pickled to standard output."""
    _limit_this_process()
    file_format, file_name = sys.argv[1], sys.argv[2]
    data = sys.stdin.buffer.read()
    try:
        outcome: tuple = ("sheets", read_workbook_as(data, file_name, file_format))
    except ReadError as error:
        outcome = ("error", error.key, error.code, error.values)
    except MemoryError:
        return 3  # the parent says "unreadable": it needs more memory than a report
    sys.stdout.buffer.write(pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Hostile files, made by the tests themselves (small on disk, whatever they expand to): one for each
file-shaped row of issue 12's table, and the ones that must stay held. `tests/test_hostile.py` loads
each through `python -m etl load` and `benchmarks/hostile.py` measures what each costs.

Every file is a variation of one small, valid district report (Tiên Yên, March 2024), so that what
refuses it is the hostile part and nothing else.
"""

from __future__ import annotations

import io
import os
import struct
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl

from core.limits import MAX_FILE_BYTES

REPO = Path(__file__).resolve().parents[1]

TIEN_YEN = ["Thị trấn Tiên Yên", "Xã Hà Lâu", "Xã Đại Dực", "Xã Phong Dụ", "Xã Điền Xá", "Xã Đông Ngũ"]
TITLE = "BÁO CÁO THÁNG 3 NĂM 2024 - HUYỆN TIÊN YÊN"
HEADER = ["STT", "Tên đơn vị", "Số tổ công nghệ số cộng đồng", "Số thành viên"]
MEGABYTE = 1_000_000


@dataclass(frozen=True)
class Hostile:
    """One hostile file: what the issue saw (`row`), how to make it, and the codes it must be refused with."""

    key: str
    row: str  # the row of issue 12's table (or of its "held" list) this file stands for
    make: Callable[[Path], Path]
    codes: frozenset[str]  # every error of the answer has one of these codes, and one at least is there


@dataclass(frozen=True)
class Measured:
    """What one `python -m etl load` process printed and cost."""

    printed: str
    status: int
    seconds: float
    peak_mb: float  # of the process and of the child it read a workbook in, as the kernel counts them


def run_measured(file: Path, db: Path, seconds_bound: float, *options: str) -> Measured:
    """`python -m etl load FILE --json` as a process of its own, killed after `seconds_bound`."""
    output = file.with_name(file.name + ".out")
    started = time.perf_counter()
    with output.open("wb") as out:
        command = [sys.executable, "-m", "etl", "load", str(file), "--db", str(db), "--json", *options]
        process = subprocess.Popen(command, cwd=REPO, stdout=out, stderr=subprocess.DEVNULL)
        watchdog = threading.Timer(seconds_bound, process.kill)
        watchdog.start()
        _, wait_status, usage = os.wait4(process.pid, 0)  # wait4, not wait: it says the peak memory
        watchdog.cancel()
    process.returncode = os.waitstatus_to_exitcode(wait_status)
    seconds = time.perf_counter() - started
    return Measured(output.read_text(), process.returncode, seconds, usage.ru_maxrss / 1000)


def workbook(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def report_rows(first: tuple[object, object] = (5, 40), title: str = TITLE, names: list[str] = TIEN_YEN) -> list:
    """The report's rows, its first commune's teams and members written as `first`."""
    units = [[n, name, *(first if n == 1 else (5, 40))] for n, name in enumerate(names, start=1)]
    return [[title], HEADER, *units]


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def _report(name: str, **kwargs: object) -> Callable[[Path], Path]:
    return lambda folder: _write(folder, name, workbook(report_rows(**kwargs)))  # type: ignore[arg-type]


def expanding_xlsx(part: str, megabytes: int, level: int = 9) -> bytes:
    """A valid report whose `part` is replaced by `megabytes` of repeated XML, streamed into the archive
    (never held whole in memory here): a few hundred kilobytes on disk."""
    source = zipfile.ZipFile(io.BytesIO(workbook(report_rows())))
    buffer = io.BytesIO()
    chunk = b"<c/>" * (MEGABYTE // 4)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for info in source.infolist():
            if info.filename != part:
                archive.writestr(info.filename, source.read(info.filename))
        with archive.open(part, "w", force_zip64=True) as written:
            written.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>')
            for _ in range(megabytes):
                written.write(chunk)
            written.write(b"</t></si></sst>")
    return buffer.getvalue()


def lying_directory(megabytes: int) -> bytes:
    """An archive whose directory says each part is 1,000 bytes while one expands to `megabytes`: the
    check of the directory passes it, so what reads it must hold."""
    raw = bytearray(expanding_xlsx("xl/sharedStrings.xml", megabytes, level=1))
    for signature, size_at in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):
        at = raw.find(signature)
        while at >= 0:
            struct.pack_into("<I", raw, at + size_at, 1000)
            at = raw.find(signature, at + 4)
    return bytes(raw)


def csv_rows(header: str, line: Callable[[int], str], count: int) -> bytes:
    return (header + "\n" + "".join(line(i) + "\n" for i in range(count))).encode()


def junk_names(count: int) -> bytes:
    """The district's real rows, then `count` rows of names no map has."""
    real = "".join(f"{name},5\n" for name in TIEN_YEN)
    return csv_rows("Tên đơn vị,Số tổ công nghệ số", lambda i: f"Không phải xã {i},5", count).replace(
        b"\n", b"\n" + real.encode(), 1
    )


def planted_rows() -> list[list[object]]:
    """The report with markdown planted in a column header and as the names of two more rows."""
    rows = report_rows()
    rows[1] = [*HEADER, PLANTED[1]]
    return [*rows, [7, PLANTED[0], 1, 5], [8, PLANTED[2], 1, 5]]


def billion_laughs() -> bytes:
    # ten levels of ten references each: 10^9 copies of "ha" if anything expanded it
    doctype = '<!DOCTYPE x [<!ENTITY l0 "ha">' + "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    cell = '<row><c t="inlineStr"><is><t>&l9;</t></is></c></row>'
    sheet = f'<?xml version="1.0"?>{doctype}]><worksheet><sheetData>{cell}</sheetData></worksheet>'
    return _with_sheet_xml(sheet.encode())


def external_entity() -> bytes:
    sheet = (
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>&e;</t></is></c></row></sheetData></worksheet>'
    )
    return _with_sheet_xml(sheet.encode())


def _with_sheet_xml(sheet: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(workbook(report_rows())))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = sheet if info.filename == "xl/worksheets/sheet1.xml" else source.read(info.filename)
            archive.writestr(info.filename, data)
    return buffer.getvalue()


def _bytes(name: str, make: Callable[[], bytes]) -> Callable[[Path], Path]:
    return lambda folder: _write(folder, name, make())


PLANTED = ["![](http://evil.example/x.png)", "[bấm vào](http://evil.example)", ":red[**ĐÃ DUYỆT**]"]

UNREADABLE = frozenset({"unreadable"})
EXPANDS = frozenset({"expands_too_much"})
TOO_MANY = frozenset({"too_many_cells"})

CASES = [
    Hostile(
        "bomb_1gb",
        ".xlsx whose sheet XML expands to 1.1 GB (2.4 MB on disk)",
        _bytes("bom_1gb.xlsx", lambda: expanding_xlsx("xl/worksheets/sheet1.xml", 1100)),
        EXPANDS,
    ),
    Hostile(
        "bomb_200mb",
        ".xlsx expanding to 200 MB (0.43 MB on disk)",
        _bytes("bom_200mb.xlsx", lambda: expanding_xlsx("xl/worksheets/sheet1.xml", 200)),
        EXPANDS,
    ),
    Hostile(
        "shared_string_1gb",
        ".xlsx with one 0.8–1.1 GB shared string",
        _bytes("chuoi_1gb.xlsx", lambda: expanding_xlsx("xl/sharedStrings.xml", 900)),
        EXPANDS,
    ),
    Hostile(
        "lying_directory",
        "(added) a zip whose directory lies about the sizes: 300 MB behind a 1,000-byte entry",
        _bytes("noi_doi.xlsx", lambda: lying_directory(300)),
        UNREADABLE,
    ),
    Hostile(
        "csv_million_codes",
        "CSV under the size limit: 1,000,000 rows of codes",
        _bytes("ma_1tr.csv", lambda: csv_rows("Mã đơn vị,Số tổ", lambda i: "06880,5", 1_000_000)),
        TOO_MANY,
    ),
    Hostile(
        "csv_million_unknown",
        "CSV under the size limit: 1,000,000 rows of unknown names",
        _bytes("ten_1tr.csv", lambda: csv_rows("Tên đơn vị,Số tổ", lambda i: f"X{i},5", 1_000_000)),
        TOO_MANY,
    ),
    Hostile(
        "csv_20k_unknown",
        "(bounded) 20,000 unknown names within the row limit: a capped list, close names for 300",
        _bytes("ten_20k_T3_2024.csv", lambda: junk_names(20_000)),
        frozenset({"unknown_unit", "more_errors"}),
    ),
    Hostile(
        "markdown",
        "markdown in a unit name, a header or the file name",
        _bytes(
            ":red[**ĐÃ DUYỆT**] ![](http:evil.example).xlsx",
            lambda: workbook(planted_rows()),
        ),
        frozenset({"unknown_unit"}),
    ),
    Hostile(
        "count_1e308", "a count of 1e308", _report("so_lon.xlsx", first=(1e308, 40)), frozenset({"implausible_value"})
    ),
    Hostile(
        "fraction_and_1e20",
        "fractional counts (0,5 teams), 10^20 members",
        _report("phan_so.xlsx", first=(0.5, 1e20)),
        frozenset({"fractional_count", "implausible_value"}),
    ),
    Hostile(
        "nan_infinity",
        "numeric NaN / infinity cells",
        _report("vo_cuc.xlsx", first=(float("inf"), float("nan"))),
        frozenset({"formula_without_value", "not_a_number"}),
    ),
    Hostile(
        "formula_without_value",
        "formula cells without a saved value",
        _report("cong_thuc.xlsx", first=("=2+3", "=1/0")),
        frozenset({"formula_without_value"}),
    ),
    Hostile(
        "month_2099",
        "a report for “Tháng 12 năm 2099”",
        _report("T12_2099.xlsx", title="BÁO CÁO THÁNG 12 NĂM 2099 - HUYỆN TIÊN YÊN"),
        frozenset({"period_out_of_range"}),
    ),
    Hostile(
        "month_2000",
        "a report for 1/2000",
        _report("T1_2000.xlsx", title="BÁO CÁO THÁNG 1 NĂM 2000 - HUYỆN TIÊN YÊN"),
        frozenset({"period_out_of_range"}),
    ),
    Hostile(
        "too_large",
        "size limits: one limit, reported with its own code",
        _bytes("qua_lon.csv", lambda: b"Ten,So\n" + b"x,1\n" * (MAX_FILE_BYTES // 4)),
        frozenset({"too_large"}),
    ),
    Hostile("xxe", "held: XXE does not expand", _bytes("xxe.xlsx", external_entity), UNREADABLE | {"no_table"}),
    Hostile(
        "billion_laughs",
        "held: billion laughs do not expand",
        _bytes("cuoi.xlsx", billion_laughs),
        UNREADABLE | {"no_table"},
    ),
    Hostile("random", "held: random bytes", _bytes("ngau_nhien.xlsx", lambda: bytes(range(256)) * 400), UNREADABLE),
    Hostile("empty", "held: an empty file", _bytes("rong.xlsx", lambda: b""), UNREADABLE),
    Hostile(
        "truncated",
        "held: a truncated workbook",
        _bytes("cut.xlsx", lambda: workbook(report_rows())[:3000]),
        UNREADABLE,
    ),
    Hostile(
        "password",
        "held: a password-protected workbook",
        _bytes(
            "mat_khau.xlsx",
            lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512 + "EncryptedPackage".encode("utf-16-le"),
        ),
        UNREADABLE,
    ),
]

"""Reading an uploaded spreadsheet into plain grids of cells (`Sheet`), whatever its format.

Readers only read: no cell is interpreted. Text stays text ("459.326" could mean 459326 or
459.326 depending on who typed it; the table finder decides), numeric cells stay numbers, and
text is only NFC-normalised. The format is taken from the content, not the file name, because
analysts rename files ("bao cao.xlsx" saved as CSV, an .xlsx renamed .xls, …).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import struct
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import IO

import python_calamine

from core.errors import UsageError
from core.formats import Number, format_number
from core.limits import (
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_EXPANDED_BYTES,
    MAX_FILE_BYTES,
    MAX_ROWS,
    MAX_SHEETS,
    MEGABYTE,
    archive_too_big,
)
from core.messages import LANGUAGES, Text
from etl import biff
from etl.sheet import Cell, Sheet

MAX_BYTES = MAX_FILE_BYTES  # kept for the tests and callers that name it here

WORKBOOK_FORMATS = ("xlsx", "xlsb", "xls", "ods")
CSV_ENCODINGS = ("utf-8-sig", "cp1258", "cp1252", "latin-1")
CSV_DELIMITERS = ",;\t"

_OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_SNIFF_CHARS = 64 * 1024
_ODF_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"


class ReadError(UsageError):
    """A file that cannot be read; `code` is "too_large", "unsupported_format" or "unreadable"."""


def read_workbook(data: bytes, file_name: str) -> list[Sheet]:
    """Every non-empty sheet of an .xlsx/.xls/.ods workbook, or the one sheet of a CSV file, read in this
    process (an upload reads through `etl.isolation.read_safely`, which runs workbooks in a child)."""
    file_format = checked_format(data, file_name)
    if file_format == "csv":
        return bounded([_with_data(read_csv(data, file_name), file_name)], file_name)
    return read_workbook_as(data, file_name, file_format)


def checked_format(data: bytes, file_name: str) -> str:
    """The file's format, once its size, and an archive's directory, say it may be read at all."""
    if len(data) > MAX_BYTES:
        raise _too_large(file_name, len(data))
    if not data.strip():
        raise _unreadable(file_name, "empty")
    return detect_format(data, file_name)


def read_workbook_as(data: bytes, file_name: str, file_format: str) -> list[Sheet]:
    """The workbook's non-empty sheets, `file_format` already known (what the child process runs)."""
    sheets = [sheet for sheet in _read_with_calamine(data, file_name, file_format) if _has_data(sheet)]
    if not sheets:
        raise _no_data(file_name)
    return bounded(sheets, file_name)


def bounded(sheets: list[Sheet], file_name: str) -> list[Sheet]:
    """The sheets, unless there are more of them, or more rows, columns or cells, than a report can have."""
    rows = max((len(sheet.rows) for sheet in sheets), default=0)
    columns = max((len(row) for sheet in sheets for row in sheet.rows), default=0)
    cells = sum(len(row) for sheet in sheets for row in sheet.rows)
    if len(sheets) > MAX_SHEETS or rows > MAX_ROWS or columns > MAX_COLUMNS or cells > MAX_CELLS:
        raise _too_big_inside(file_name, len(sheets), rows, columns)
    return sheets


def _too_big_inside(file_name: str, sheets: int, rows: int, columns: int) -> ReadError:
    return ReadError(
        "read_too_big_inside",
        code="too_many_cells",
        file=file_name,
        sheets=Number(sheets),
        rows=Number(rows),
        columns=Number(columns),
        max_rows=Number(MAX_ROWS),
        max_columns=Number(MAX_COLUMNS),
    )


# --- format detection -------------------------------------------------------------------------


def detect_format(data: bytes, file_name: str) -> str:
    """The format from the content ("xlsx", "xlsb", "xls", "ods" or "csv"); the extension only breaks ties."""
    extension = Path(file_name).suffix.lower().lstrip(".")
    if data.startswith(_ZIP_SIGNATURES):
        return _zip_format(data, file_name, extension)
    if data.startswith(_OLE2_SIGNATURE):
        # OLE2 also holds .doc files and password-protected .xlsx; calamine tells them apart.
        return "xls"
    if data.startswith(b"%PDF"):
        raise _unsupported(file_name, "pdf")
    if _looks_like_markup(data):
        # Old web systems export HTML or "XML Spreadsheet 2003" and name it .xls.
        raise _unsupported(file_name, "markup")
    return "csv"


def _zip_format(data: bytes, file_name: str, extension: str) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_expansion(archive.infolist(), file_name)
            names = set(archive.namelist())
            mimetype = archive.read("mimetype").strip()[:200] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise _unreadable(file_name, "damaged_archive") from exc
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "xl/workbook.bin" in names:
        return "xlsb"
    if mimetype == _ODS_MIMETYPE or (not mimetype and "content.xml" in names and extension == "ods"):
        return "ods"
    if mimetype.startswith(b"application/vnd.oasis.opendocument"):
        raise _unsupported(file_name, "opendocument")
    if "word/document.xml" in names:
        raise _unsupported(file_name, "word")
    if extension in WORKBOOK_FORMATS:
        return extension
    raise _unsupported(file_name, "archive")


def _check_expansion(parts: list[zipfile.ZipInfo], file_name: str) -> None:
    """Refuse, unread, an archive whose directory says it expands beyond what a report can hold
    (`core.limits.archive_too_big`)."""
    if archive_too_big(parts):
        expanded = sum(part.file_size for part in parts)
        size_vi, size_en = (format_number(expanded / MEGABYTE, lang, 0) for lang in LANGUAGES)
        raise ReadError(
            "read_expands",
            code="expands_too_much",
            file=file_name,
            size_vi=size_vi,
            size_en=size_en,
            limit=MAX_EXPANDED_BYTES // MEGABYTE,
        )


def _looks_like_markup(data: bytes) -> bool:
    head = data[:1024].lstrip(codecs.BOM_UTF8).lstrip().lower()
    return head.startswith((b"<?xml", b"<!doctype html", b"<html", b"<table"))


# --- workbooks (calamine) ---------------------------------------------------------------------


def _read_with_calamine(data: bytes, file_name: str, file_format: str) -> list[Sheet]:
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # calamine raises several error types for damaged files; all mean the same here
        if isinstance(exc, python_calamine.PasswordError) or _is_encrypted_package(data):
            raise _unreadable(file_name, "password") from exc
        raise _unreadable(file_name, "damaged") from exc
    ods_merges, valueless = _ods_layout(data) if file_format == "ods" else ({}, {})
    if file_format == "xlsx":
        valueless = _xlsx_valueless_cells(data)
    elif file_format == "xls":
        valueless = _xls_valueless_cells(data)
    sheets = []
    with workbook:
        for metadata in workbook.sheets_metadata:
            if metadata.typ != python_calamine.SheetTypeEnum.WorkSheet:
                continue  # chart sheets and macro sheets hold no cells
            try:
                sheet = workbook.get_sheet_by_name(metadata.name)
                rows = _sheet_rows(sheet)
            except Exception as exc:
                raise _unreadable(file_name, "sheet", sheet=metadata.name) from exc
            merged = sheet.merged_cell_ranges
            if merged is None:  # calamine 0.9 gives none for .ods; read them from content.xml
                merged = ods_merges.get(metadata.name, [])
            name = unicodedata.normalize("NFC", metadata.name)
            sheets.append(
                Sheet(name=name, rows=rows, merged=_merged_tuples(merged), valueless=valueless.get(name, set()))
            )
    return sheets


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _xlsx_valueless_cells(data: bytes) -> dict[str, set[tuple[int, int]]]:
    """Per sheet name, the cells that hold a formula, or are typed as numbers, but carry no saved value:
    calamine reads them as blank. Read from the sheets' XML, whose size the archive check has bounded."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            paths = _xlsx_sheet_paths(archive)
            return {name: _valueless_in(archive, path) for name, path in paths.items()}
    except (KeyError, zipfile.BadZipFile, ET.ParseError, OSError, ValueError):
        return {}  # calamine has read the file; without this list its blanks stay blanks


def _xls_valueless_cells(data: bytes) -> dict[str, set[tuple[int, int]]]:
    """The same cells in a legacy .xls file, from its records (`etl.biff`)."""
    try:
        return biff.valueless_cells(data)
    except (ValueError, IndexError, struct.error):
        return {}  # calamine has read the file; without this list its blanks stay blanks


def _xlsx_sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    workbook = ET.fromstring(archive.read("xl/workbook.xml"))
    rels = ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{_PACKAGE_REL}Relationship")}
    paths = {}
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_REL}id"), "")
        path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        paths[unicodedata.normalize("NFC", sheet.get("name", ""))] = path
    return paths


def _valueless_in(archive: zipfile.ZipFile, path: str) -> set[tuple[int, int]]:
    found = set()
    with archive.open(path) as part:
        for _, element in ET.iterparse(part):
            if element.tag != f"{_MAIN}c":
                continue
            value = element.find(f"{_MAIN}v")
            has_formula = element.find(f"{_MAIN}f") is not None
            typed_number = element.get("t", "n") == "n" and value is not None
            if (has_formula or typed_number) and (value is None or not (value.text or "").strip()):
                found.add(_cell_ref(element.get("r", "")))
            element.clear()
    return found


def _cell_ref(ref: str) -> tuple[int, int]:
    """ "C3" → (2, 2), 0-based (row, column)."""
    letters = "".join(ch for ch in ref if ch.isalpha())
    col = 0
    for ch in letters.upper():
        col = col * 26 + ord(ch) - ord("A") + 1
    return int(ref[len(letters) :] or 0) - 1, col - 1


def _is_encrypted_package(data: bytes) -> bool:
    # A password-protected .xlsx is an OLE2 container holding an "EncryptedPackage" stream.
    return data.startswith(_OLE2_SIGNATURE) and "EncryptedPackage".encode("utf-16-le") in data


def _sheet_rows(sheet: python_calamine.CalamineSheet) -> list[list[Cell]]:
    """Rows from A1, so that rows[r][c] is the cell Excel shows at row r + 1, column c + 1."""
    start = sheet.start
    if start is None:
        return []
    # to_python(skip_empty_area=False) would build the empty area too; padding it is cheaper.
    first_row, first_col = start
    body = [[None] * first_col + [_cell(value) for value in row] for row in sheet.to_python()]
    return _trimmed([[] for _ in range(first_row)] + body)


def _cell(value: object) -> Cell:
    """A calamine value as a plain cell: calamine gives "" for an empty cell."""
    if value == "" or value is None:
        return None
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, (bool, int, float, date, datetime)):
        return value
    if isinstance(value, (time, timedelta)):
        return str(value)  # a time of day or a duration: not a figure; keep it readable
    return unicodedata.normalize("NFC", str(value))


def _trimmed(rows: list[list[Cell]]) -> list[list[Cell]]:
    """Without trailing empty cells and rows: styled but empty cells make calamine's range too big."""
    rows = [row[: _last_filled(row) + 1] for row in rows]
    while rows and not rows[-1]:
        rows.pop()
    return rows


def _last_filled(row: list[Cell]) -> int:
    for index in range(len(row) - 1, -1, -1):
        if row[index] is not None:
            return index
    return -1


def _merged_tuples(merged: list) -> list[tuple[int, int, int, int]]:
    # calamine: ((first_row, first_col), (last_row, last_col)), 0-based and inclusive.
    return [(top, left, bottom, right) for (top, left), (bottom, right) in merged]


def _with_data(sheet: Sheet, file_name: str) -> Sheet:
    if not _has_data(sheet):
        raise _no_data(file_name)
    return sheet


def _has_data(sheet: Sheet) -> bool:
    return any(value is not None for row in sheet.rows for value in row)


def _ods_layout(data: bytes) -> tuple[dict[str, list], dict[str, set[tuple[int, int]]]]:
    """Per sheet of an .ods file: its merged ranges, and its formula cells saved without a value."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open("content.xml") as content:
            return _ods_cells(content)
    except Exception:  # both are a help for the checks, not a reason to refuse the file
        return {}, {}


_ODF_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_ODF_VALUES = tuple(
    f"{{{_ODF_OFFICE}}}{kind}" for kind in ("value", "date-value", "time-value", "boolean-value", "string-value")
)


def _ods_cells(content: IO[bytes]) -> tuple[dict[str, list], dict[str, set[tuple[int, int]]]]:
    # Streamed, so a large sheet is never held as a tree; the bundled expat (>= 2.4) refuses
    # entity-expansion bombs, and ElementTree resolves no external entities.
    merges: dict[str, list] = {}
    valueless: dict[str, set[tuple[int, int]]] = {}
    table, row, col = "", 0, 0
    row_formulas: list[int] = []  # columns of the current row holding a formula without a value
    for event, element in ET.iterparse(content, events=("start", "end")):
        tag = element.tag.rpartition("}")[2]
        if event == "start" and tag == "table":
            table, row = unicodedata.normalize("NFC", element.get(f"{{{_ODF_TABLE}}}name", "")), 0
            merges[table], valueless[table] = [], set()
        elif event == "start" and tag == "table-row":
            col, row_formulas = 0, []
        elif event == "end" and tag in ("table-cell", "covered-table-cell"):
            columns = int(element.get(f"{{{_ODF_TABLE}}}number-columns-spanned", "1"))
            rows = int(element.get(f"{{{_ODF_TABLE}}}number-rows-spanned", "1"))
            repeated = min(int(element.get(f"{{{_ODF_TABLE}}}number-columns-repeated", "1")), MAX_COLUMNS)
            if tag == "table-cell" and (columns > 1 or rows > 1):
                merges[table].append(((row, col), (row + rows - 1, col + columns - 1)))
            if _ods_formula_without_value(element):
                row_formulas += range(col, col + repeated)
            col += repeated
            element.clear()
        elif event == "end" and tag == "table-row":
            repeated = min(int(element.get(f"{{{_ODF_TABLE}}}number-rows-repeated", "1")), MAX_ROWS)
            valueless[table].update((row + r, c) for r in range(repeated if row_formulas else 0) for c in row_formulas)
            row += repeated
            element.clear()
    return merges, valueless


def _ods_formula_without_value(cell: ET.Element) -> bool:
    """A formula cell that saved neither a value nor text: a program wrote it without computing it."""
    if cell.get(f"{{{_ODF_TABLE}}}formula") is None:
        return False
    return not any(cell.get(kind) for kind in _ODF_VALUES) and not "".join(cell.itertext()).strip()


# --- CSV ---------------------------------------------------------------------------------------


def read_csv(data: bytes, file_name: str) -> Sheet:
    """A CSV (or tab-separated text) file as one sheet of strings; an empty field is None."""
    text = unicodedata.normalize("NFC", decode_text(data, file_name))
    lines = text.count("\n") + (not text.endswith("\n"))
    if lines > MAX_ROWS:  # counted before the rows are built: a million of them would cost half a gigabyte
        first = text[: text.find("\n")]
        raise _too_big_inside(file_name, 1, lines, max(first.count(d) for d in CSV_DELIMITERS) + 1)
    delimiter = detect_delimiter(text)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        rows: list[list[Cell]] = [[value if value != "" else None for value in row] for row in reader]
    except csv.Error as exc:  # typically a quote never closed, which swallows the rest of the file
        raise _unreadable(file_name, "quote") from exc
    return Sheet(name=unicodedata.normalize("NFC", Path(file_name).stem), rows=_trimmed(rows))


def decode_text(data: bytes, file_name: str) -> str:
    """Text in the first encoding that fits: UTF-8 (with or without BOM), then Windows code pages.

    cp1258 (Vietnamese Windows) stores tone marks as combining characters; the caller's NFC
    normalisation composes them, so "Hòa" from cp1258 equals "Hòa" from UTF-8.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Excel's "Unicode text" export: UTF-16 with a BOM, tab-separated.
        text = _decode(data, "utf-16")
    else:
        text = next((t for t in (_decode(data, e) for e in CSV_ENCODINGS) if t is not None), None)
    if text is None or _looks_binary(text):
        raise _unreadable(file_name, "binary")
    return text


def _decode(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _looks_binary(text: str) -> bool:
    # latin-1 decodes any bytes, so garbage arrives here as text full of control characters.
    sample = text[:_SNIFF_CHARS]
    controls = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in "\t\r\n")
    return "\x00" in sample or controls > max(2, len(sample) // 100)


def detect_delimiter(text: str) -> str:
    """Comma, semicolon or tab: the delimiter counted most consistently line by line.

    csv.Sniffer alone is not enough: when two delimiters are both consistent it prefers the comma,
    so a semicolon file with a decimal comma in every row ("75,4") would be split on the commas.
    It only breaks ties here.
    """
    sample = text[:_SNIFF_CHARS]
    if len(text) > _SNIFF_CHARS and "\n" in sample:
        sample = sample[: sample.rindex("\n")]  # a cut line would skew the counts
    scores = _delimiter_scores(sample)
    best = max(scores.values())
    tied = "".join(d for d, score in scores.items() if score == best)
    if len(tied) == 1:
        return tied
    try:
        return csv.Sniffer().sniff(sample, delimiters=tied).delimiter
    except csv.Error:
        return tied[0]  # nothing to go on (one column): the comma


def _delimiter_scores(sample: str) -> dict[str, tuple[int, int]]:
    """Per delimiter: how many lines share its most common non-zero count (outside quotes), and that count."""
    lines = [line for line in sample.splitlines() if line.strip()][:50]
    scores = {}
    for delimiter in CSV_DELIMITERS:
        counts = Counter(_count_outside_quotes(line, delimiter) for line in lines)
        counts.pop(0, None)
        modal = counts.most_common(1)
        scores[delimiter] = (modal[0][1], modal[0][0]) if modal else (0, 0)
    return scores


def _count_outside_quotes(line: str, delimiter: str) -> int:
    return re.sub(r'"[^"]*"', "", line).count(delimiter)


# --- errors ------------------------------------------------------------------------------------


def _too_large(file_name: str, size: int) -> ReadError:
    megabytes, limit_mb = size / MEGABYTE, MAX_FILE_BYTES // MEGABYTE
    size_vi, size_en = (format_number(megabytes, lang, 1) for lang in LANGUAGES)
    return ReadError(
        "read_too_large", code="too_large", file=file_name, limit=limit_mb, size_vi=size_vi, size_en=size_en
    )


def _unsupported(file_name: str, what: str) -> ReadError:
    return ReadError("read_unsupported", code="unsupported_format", file=file_name, what=Text(f"read_what.{what}"))


def _no_data(file_name: str) -> ReadError:
    return _unreadable(file_name, "no_data")


def _unreadable(file_name: str, reason: str, **values: object) -> ReadError:
    return ReadError(
        "read_unreadable", code="unreadable", file=file_name, reason=Text(f"read_reason.{reason}", **values)
    )

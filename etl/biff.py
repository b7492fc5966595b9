"""Which cells of a legacy .xls workbook hold a formula with no saved number.

calamine reads a formula's saved result; a program that writes formulas without computing them
(xlwt, some web exports) saves an empty result, and a formula that failed (#DIV/0!) saves an error.
calamine shows both as blank cells, so a figure would silently go missing. This module finds them
by walking the file's records, the way `etl.readers` reads the XML of an .xlsx for the same cells.

An .xls file is a compound file (MS-CFB: a small FAT file system in one file) whose "Workbook"
(BIFF8) or "Book" (BIFF5) stream is a sequence of records (MS-XLS). Only what this needs is read;
every chain and count is bounded by the file's own size, so a crafted file ends the walk (the
caller treats any error as "no such cells"), never loops.
"""

from __future__ import annotations

import struct
import unicodedata

_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END_OF_CHAIN = 0xFFFFFFFE
_HEADER_DIFAT = 109  # sector numbers of the FAT held in the header itself

# Record types (MS-XLS 2.3).
_BOF, _EOF, _BOUNDSHEET, _FORMULA, _STRING = 0x0809, 0x000A, 0x0085, 0x0006, 0x0207
# A FORMULA record's saved result when it is not a number: its last two bytes are 0xFFFF and the
# first byte says what it is.
_RESULT_STRING, _RESULT_ERROR, _RESULT_BLANK = 0, 2, 3


def valueless_cells(data: bytes) -> dict[str, set[tuple[int, int]]]:
    """Per sheet name (NFC), the 0-based (row, column) of every formula saved without a value."""
    stream, biff5 = _workbook_stream(data)
    return {name: _valueless_in_sheet(stream, offset) for name, offset in _sheets(stream, biff5)}


# --- the compound file ---------------------------------------------------------------------------


def _workbook_stream(data: bytes) -> tuple[bytes, bool]:
    if not data.startswith(_SIGNATURE):
        raise ValueError("not a compound file")
    sector_size = 1 << _u16(data, 0x1E)
    mini_size = 1 << _u16(data, 0x20)
    mini_cutoff = _u32(data, 0x38)
    fat = _fat(data, sector_size)
    directory = _chain_bytes(data, fat, _u32(data, 0x30), sector_size)
    entries = [directory[i : i + 128] for i in range(0, len(directory) - 127, 128)]
    root = entries[0]
    for entry in entries:
        name = entry[: min(_u16(entry, 64), 64)].decode("utf-16-le", "replace").rstrip("\x00")
        if entry[66] == 2 and name in ("Workbook", "Book"):
            start, size = _u32(entry, 116), _u32(entry, 120)
            if size < mini_cutoff:
                mini_stream = _chain_bytes(data, fat, _u32(root, 116), sector_size)
                mini_fat = _as_u32s(_chain_bytes(data, fat, _u32(data, 0x3C), sector_size))
                stream = _chain_bytes(mini_stream, mini_fat, start, mini_size, offset=0)
            else:
                stream = _chain_bytes(data, fat, start, sector_size)
            return stream[:size], name == "Book"
    raise ValueError("no workbook stream")


def _fat(data: bytes, sector_size: int) -> list[int]:
    """The file allocation table: for each sector, the next sector of its chain."""
    difat = list(struct.unpack_from(f"<{_HEADER_DIFAT}I", data, 0x4C))
    next_difat, remaining = _u32(data, 0x44), _u32(data, 0x48)
    per_sector = sector_size // 4 - 1
    while remaining and next_difat < _END_OF_CHAIN:
        sector = _sector(data, next_difat, sector_size)
        difat += struct.unpack_from(f"<{per_sector}I", sector)
        next_difat = _u32(sector, per_sector * 4)
        remaining -= 1
    fat_sectors = [s for s in difat[: _u32(data, 0x2C)] if s < _END_OF_CHAIN]
    return _as_u32s(b"".join(_sector(data, s, sector_size) for s in fat_sectors))


def _chain_bytes(data: bytes, fat: list[int], start: int, size: int, offset: int = 1) -> bytes:
    """The bytes of a chain of sectors; at most as many steps as there are sectors, so a loop ends."""
    parts, sector, steps = [], start, len(data) // size + 1
    while sector < len(fat) and steps:
        position = (sector + offset) * size
        parts.append(data[position : position + size])
        sector, steps = fat[sector], steps - 1
    return b"".join(parts)


def _sector(data: bytes, number: int, size: int) -> bytes:
    position = (number + 1) * size
    if position + size > len(data):
        raise ValueError("sector outside the file")
    return data[position : position + size]


# --- the workbook's records ----------------------------------------------------------------------


def _records(stream: bytes, start: int):
    position = start
    while position + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, position)
        yield kind, stream[position + 4 : position + 4 + length]
        position += 4 + length


def _sheets(stream: bytes, biff5: bool) -> list[tuple[str, int]]:
    """(name, offset of its BOF record) of every sheet, from the workbook's BOUNDSHEET records."""
    sheets = []
    for kind, body in _records(stream, 0):
        if kind == _EOF:
            break
        if kind == _BOUNDSHEET and len(body) >= 8:
            sheets.append((unicodedata.normalize("NFC", _sheet_name(body[6:], biff5)), _u32(body, 0)))
    return sheets


def _sheet_name(raw: bytes, biff5: bool) -> str:
    length = raw[0]
    if biff5:
        return raw[1 : 1 + length].decode("cp1252", "replace")
    if raw[1] & 1:  # UTF-16LE characters
        return raw[2 : 2 + 2 * length].decode("utf-16-le", "replace")
    return raw[2 : 2 + length].decode("latin-1")


def _valueless_in_sheet(stream: bytes, offset: int) -> set[tuple[int, int]]:
    found: set[tuple[int, int]] = set()
    pending: tuple[int, int] | None = None  # a formula whose text result follows in a STRING record
    for index, (kind, body) in enumerate(_records(stream, offset)):
        if kind == _EOF or (kind == _BOF and index):
            break
        if kind == _STRING and pending is not None:
            if _u16(body, 0) == 0:
                found.add(pending)
            pending = None
        elif kind == _FORMULA and len(body) >= 14:
            cell = (_u16(body, 0), _u16(body, 2))
            result = body[6:14]
            if result[6:8] == b"\xff\xff" and result[0] in (_RESULT_ERROR, _RESULT_BLANK):
                found.add(cell)
            pending = cell if result[6:8] == b"\xff\xff" and result[0] == _RESULT_STRING else None
    return found


def _u16(data: bytes, position: int) -> int:
    return struct.unpack_from("<H", data, position)[0]


def _u32(data: bytes, position: int) -> int:
    return struct.unpack_from("<I", data, position)[0]


def _as_u32s(data: bytes) -> list[int]:
    return list(struct.unpack(f"<{len(data) // 4}I", data[: len(data) // 4 * 4]))

"""Every bound on what an uploaded file may cost, in one place, each with its reason.

A monthly report is small: the province-wide one of 177 units is 23 KB as .xlsx, expands to under
1 MB of XML, and has 200 rows and 20 columns. The bounds leave a hundredfold margin above that and
stop a crafted file (a zip bomb, a million rows, a sheet of one gigabyte) long before it costs the
server its memory or its time.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence

MEGABYTE = 1_000_000  # Streamlit's file uploader counts server.maxUploadSize in these

# The file as uploaded: the same limit on the page (.streamlit/config.toml maxUploadSize), in the
# readers and at the command line, so that no file is accepted by one and refused by another.
MAX_FILE_MB = 20
MAX_FILE_BYTES = MAX_FILE_MB * MEGABYTE

# Inside an .xlsx/.ods (a zip archive), checked from its directory before anything is expanded.
MAX_EXPANDED_BYTES = 100 * MEGABYTE  # all parts together; a real report: < 1 MB
MAX_PART_RATIO = 200  # expanded ÷ compressed for one large part; spreadsheet XML: 5–30, a bomb: 1,000+
RATIO_FROM_BYTES = 1 * MEGABYTE  # small parts may compress far better (a sheet of empty cells)
MAX_PARTS = 2_000  # entries in the archive; a workbook of a few sheets has a few dozen


def archive_too_big(parts: Sequence[zipfile.ZipInfo]) -> bool:
    """Whether an archive's directory promises more than an upload may expand to: too many parts, too many
    bytes in all, or one large part compressed far better than XML ever is. (A directory that lies is
    caught where the file is read: the workbook reader's child process has a memory limit.)"""
    expanded = sum(part.file_size for part in parts)
    ratio = max(
        (part.file_size / max(part.compress_size, 1) for part in parts if part.file_size >= RATIO_FROM_BYTES),
        default=0.0,
    )
    return len(parts) > MAX_PARTS or expanded > MAX_EXPANDED_BYTES or ratio > MAX_PART_RATIO


# The sheets once read.
MAX_SHEETS = 100
MAX_ROWS = 50_000  # per sheet; one row per unit (≤ 177) or per unit and indicator (≤ 1,500)
MAX_COLUMNS = 1_000
MAX_CELLS = 5_000_000  # over all sheets

# Reading a workbook runs in a child process, because the spreadsheet library can abort the whole
# process on crafted input: there it can only fail, slowly at worst, never take the server down.
PARSE_MEMORY_BYTES = 1536 * 1024 * 1024  # address space of the child (Python itself takes ~300 MB of it)
PARSE_SECONDS = 60  # wall clock for one file; a real report reads in a tenth of a second

# What a check says and does about one file.
MAX_FINDINGS_PER_CODE = 200  # then "and 12,345 more" (the count is kept)
MAX_SUGGESTED_ROWS = 300  # unknown names for which close matches are searched; the rest get none

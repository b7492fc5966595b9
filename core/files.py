"""Files written whole or not at all: a reader never sees half a template, image or briefing pack."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def atomic_path(out: Path) -> Iterator[Path]:
    """A temporary path beside `out` to write to; renamed over `out` when the block ends without error,
    removed otherwise. Beside, so the rename never crosses file systems and keeps the usual permissions."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    temporary = out.with_name(f".{out.name}.{os.getpid()}.part")
    try:
        yield temporary
        os.replace(temporary, out)
    finally:
        temporary.unlink(missing_ok=True)


def atomic_write(out: Path, data: bytes) -> Path:
    with atomic_path(out) as temporary:
        temporary.write_bytes(data)
    return Path(out)

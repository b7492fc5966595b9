"""A Streamlit script served on a free port, and the system Chromium that drives it.

Shared by the browser tests (tests/browser/conftest.py) and benchmarks/browser.py; no pytest here.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from deploy import REPO, ServerError, free_port, healthy, running, streamlit_command

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "REPO", "ServerError", "free_port", "healthy", "streamlit_server"]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@contextmanager
def streamlit_server(
    script: Path, log: Path, env: Mapping[str, str], cwd: Path = REPO, options: Sequence[str] = ()
) -> Iterator[str]:
    """`streamlit run SCRIPT` until the block ends; yields its base URL, e.g. http://localhost:53017.

    `env` is added to this process's environment (e.g. DX_WAREHOUSE), `options` to its command line
    (e.g. "--secrets.files=…"); the server's output goes to `log`."""
    port = free_port()
    command = streamlit_command(script, port, options)
    with running(command, log, f"http://localhost:{port}/_stcore/health", cwd, env):
        yield f"http://localhost:{port}"

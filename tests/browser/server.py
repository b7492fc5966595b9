"""A Streamlit script served on a free port, and the system Chromium that drives it.

Shared by the browser tests (tests/browser/conftest.py) and benchmarks/browser.py; no pytest here.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
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
STARTUP_TIMEOUT = 60.0


class ServerError(RuntimeError):
    """The server exited or did not answer its health check in time; the message has its output."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200 and response.read().decode().strip() == "ok"
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


@contextmanager
def streamlit_server(
    script: Path, log: Path, env: Mapping[str, str], cwd: Path = REPO, options: Sequence[str] = ()
) -> Iterator[str]:
    """`streamlit run SCRIPT` until the block ends; yields its base URL, e.g. http://localhost:53017.

    `env` is added to this process's environment (e.g. DX_WAREHOUSE), `options` to its command line
    (e.g. "--secrets.files=…"); the server's output goes to `log`."""
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port)]
    command += ["--server.headless", "true", "--browser.gatherUsageStats", "false", *options]
    with log.open("wb") as output:
        process = subprocess.Popen(command, cwd=cwd, env={**os.environ, **env}, stdout=output, stderr=subprocess.STDOUT)
    base_url = f"http://localhost:{port}"
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not healthy(f"{base_url}/_stcore/health"):
            if process.poll() is not None or time.monotonic() > deadline:
                reason = (
                    f"exited with code {process.returncode}"
                    if process.poll() is not None
                    else f"not healthy after {STARTUP_TIMEOUT:.0f} s"
                )
                output = log.read_text("utf-8", errors="replace")
                raise ServerError(f"Streamlit server {reason}: {' '.join(command)}\n--- server output ---\n{output}")
            time.sleep(0.2)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)

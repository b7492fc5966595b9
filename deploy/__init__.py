"""Several Streamlit processes of the dashboard behind nginx on one machine (README "Serving many viewers").

`serving` starts K app processes on free local ports, all reading one warehouse, and nginx in front of
them with `deploy/nginx.conf` (compression, the WebSocket, sticky sessions, Streamlit's bundles from
disk); `python -m deploy` runs it until stopped. The browser tests and benchmarks start their servers
with the same functions.
"""

from __future__ import annotations

import gzip
import importlib.util
import os
import pwd
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TEMPLATE = Path(__file__).with_name("nginx.conf")
NGINX = Path("/usr/sbin/nginx")
STARTUP_TIMEOUT = 60.0
TEMP_FOLDERS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")


class ServerError(RuntimeError):
    """A server exited or did not answer its health check in time; the message has its output."""


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


def streamlit_static() -> Path:
    """Streamlit's built front end (index.html and the hashed bundles under static/), found without
    importing streamlit."""
    spec = importlib.util.find_spec("streamlit")
    assert spec is not None and spec.submodule_search_locations, "streamlit is not installed"
    return Path(next(iter(spec.submodule_search_locations))) / "static"


@contextmanager
def running(command: Sequence[str], log: Path, health_url: str, cwd: Path, env: Mapping[str, str]) -> Iterator[int]:
    """`command` until the block ends, once `health_url` answers "ok"; yields its process id. Its output
    goes to `log`; if it exits or does not answer within STARTUP_TIMEOUT, ServerError says why."""
    with log.open("wb") as output:
        process = subprocess.Popen(
            list(command), cwd=cwd, env={**os.environ, **env}, stdout=output, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not healthy(health_url):
            if process.poll() is not None or time.monotonic() > deadline:
                reason = (
                    f"exited with code {process.returncode}"
                    if process.poll() is not None
                    else f"not healthy after {STARTUP_TIMEOUT:.0f} s"
                )
                said = log.read_text("utf-8", errors="replace")
                raise ServerError(f"{reason}: {' '.join(command)}\n--- output ---\n{said}")
            time.sleep(0.2)
        yield process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def streamlit_command(script: Path, port: int, options: Sequence[str] = ()) -> list[str]:
    return [
        sys.executable,
        *("-m", "streamlit", "run", str(script), "--server.port", str(port)),
        *("--server.headless", "true", "--browser.gatherUsageStats", "false", *options),
    ]


COMPRESSIBLE = {".js", ".css", ".json", ".svg", ".html"}


def precompressed(folder: Path) -> Path:
    """Streamlit's front end as nginx serves it: in `folder`, each file a symbolic link to Streamlit's own
    and, beside each text file of 1 KB or more, its gzip (nginx's gzip_static), made once here instead
    of on every request (9 MB a new viewer). Files already made are kept."""
    source = streamlit_static()
    for path in source.rglob("*"):
        target = folder / path.relative_to(source)
        if path.is_dir() or target.is_symlink():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix in COMPRESSIBLE and path.stat().st_size >= 1024:
            packed = target.with_name(target.name + ".gz")
            packed.write_bytes(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))
        target.symlink_to(path)  # last: a file that has its link has its gzip
    return folder


def nginx_config(listen: str, app_ports: Sequence[int], prefix: Path, workers: int = 1) -> str:
    """deploy/nginx.conf for app processes on `app_ports` of this machine, nginx listening on `listen`
    (a port, or address:port) with its pid file, logs and temporary files in `prefix`."""
    servers = "\n".join(f"        server 127.0.0.1:{port} max_fails=0;" for port in app_ports)
    values = {
        "user": pwd.getpwuid(os.getuid()).pw_name,
        "workers": str(workers),
        "prefix": str(prefix),
        "listen": listen,
        "servers": servers,
        "static": str(precompressed(prefix / "static")),
    }
    text = TEMPLATE.read_text("utf-8")
    for name, value in values.items():
        text = text.replace("{{" + name + "}}", value)
    return text


@dataclass
class Serving:
    """What `serving` started: the address viewers open and the process ids (for CPU accounting)."""

    url: str
    apps: list[int] = field(default_factory=list)
    app_urls: list[str] = field(default_factory=list)  # each process itself, bypassing nginx
    nginx: int | None = None
    prefix: Path | None = None


@contextmanager
def serving(
    warehouse: Path | str,  # a file, or a lake's address (`ducklake:postgres:…`)
    processes: int,
    folder: Path,
    *,
    proxy: bool = True,
    listen: str | None = None,
    env: Mapping[str, str] | None = None,
    script: Path = REPO / "app.py",
) -> Iterator[Serving]:
    """`processes` Streamlit processes of `script` reading `warehouse`, behind nginx (unless not `proxy`:
    then one process, served directly), until the block ends. Logs and nginx's files go to `folder`.

    The processes share one cookie secret, so a sign-in cookie one of them wrote is read by any other."""
    if proxy and not NGINX.is_file():
        raise ServerError(f"{NGINX} not found: install nginx (scripts/system-packages.sh does, as root)")
    shared = {
        "DX_WAREHOUSE": str(warehouse),
        "STREAMLIT_SERVER_COOKIE_SECRET": os.environ.get("STREAMLIT_SERVER_COOKIE_SECRET") or secrets.token_hex(32),
        **(env or {}),
    }
    address = ["--server.address", "127.0.0.1"] if proxy else []
    with ExitStack() as stack:
        ports = [free_port() for _ in range(processes if proxy else 1)]
        apps = [
            stack.enter_context(
                running(
                    streamlit_command(script, port, address),
                    folder / f"app-{port}.log",
                    f"http://127.0.0.1:{port}/_stcore/health",
                    REPO,
                    shared,
                )
            )
            for port in ports
        ]
        app_urls = [f"http://localhost:{port}" for port in ports]
        if not proxy:
            yield Serving(app_urls[0], apps, app_urls)
            return
        prefix = folder / "nginx"
        for name in TEMP_FOLDERS:
            (prefix / name).mkdir(parents=True, exist_ok=True)
        listen = listen or f"127.0.0.1:{free_port()}"
        config = prefix / "nginx.conf"
        config.write_text(nginx_config(listen, ports, prefix), "utf-8")
        port = listen.rsplit(":", 1)[-1]
        command = [str(NGINX), "-p", str(prefix), "-e", str(prefix / "error.log"), "-c", str(config)]
        nginx = stack.enter_context(
            running(command, prefix / "nginx.out", f"http://127.0.0.1:{port}/_stcore/health", prefix, {})
        )
        yield Serving(f"http://localhost:{port}", apps, app_urls, nginx, prefix)


def _interrupt(*_: object) -> None:
    raise KeyboardInterrupt


def wait_until_stopped() -> None:
    """Wait until Ctrl-C or SIGTERM (the block around it then stops every process it started)."""
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass

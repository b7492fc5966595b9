"""A real Streamlit server on the sample warehouse, driven by the system's headless Chromium.

Every request the browser makes is recorded; a request to any host other than this machine is
aborted and fails the test, so these tests also prove that the dashboard works offline.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    Page,
    Playwright,
    Request,
    Route,
    WebSocketRoute,
    expect,
    sync_playwright,
)

pytestmark = pytest.mark.browser

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
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}
LOCAL_SCHEMES = {"data", "blob", "about"}
STARTUP_TIMEOUT = 60.0


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in LOCAL_SCHEMES or (parts.hostname or "") in LOCAL_HOSTS


@dataclass
class NetworkLog:
    """What the browser asked for during one test."""

    requests: list[str] = field(default_factory=list)
    websockets: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def to_server(self, base_url: str) -> list[str]:
        """The requests and websockets that went to the app server at `base_url`."""
        server = urlsplit(base_url).netloc
        return [url for url in self.requests + self.websockets if urlsplit(url).netloc == server]


@pytest.fixture(scope="session")
def sample_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample warehouse, built once per session by the ETL's own command line."""
    path = tmp_path_factory.mktemp("browser-warehouse") / "warehouse.duckdb"
    result = subprocess.run(
        [sys.executable, "-m", "etl", "sample", "--db", str(path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0 or not path.is_file():
        pytest.fail(f"`python -m etl sample` failed (exit {result.returncode}):\n{result.stdout}\n{result.stderr}")
    return path


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200 and response.read().decode().strip() == "ok"
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


@contextmanager
def running_app(warehouse: Path, log_dir: Path) -> Iterator[str]:
    """`streamlit run app.py` on a free port; yields its base URL, e.g. http://localhost:53017."""
    port = _free_port()
    log_path = log_dir / "server.log"
    env = {**os.environ, "DX_WAREHOUSE": str(warehouse)}
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    base_url = f"http://localhost:{port}"
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not _healthy(f"{base_url}/_stcore/health"):
            if process.poll() is not None or time.monotonic() > deadline:
                reason = (
                    f"exited with code {process.returncode}"
                    if process.poll() is not None
                    else f"not healthy after {STARTUP_TIMEOUT:.0f} s"
                )
                output = log_path.read_text("utf-8", errors="replace")
                pytest.fail(f"Streamlit server {reason}: {' '.join(command)}\n--- server output ---\n{output}")
            time.sleep(0.2)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture(scope="session")
def app_server(sample_warehouse: Path, tmp_path_factory: pytest.TempPathFactory, browser: Browser) -> Iterator[str]:
    """The app on the sample warehouse, shared by the session's tests, already past its first session.

    The first browser session after a server start behaves differently (see
    test_language_switch_in_the_first_session_after_server_start, which has a server of its own),
    so one throw-away session runs here: the other tests then pass or fail whatever their order.
    """
    with running_app(sample_warehouse, tmp_path_factory.mktemp("streamlit")) as base_url:
        _first_session(browser, base_url)
        yield base_url


def _first_session(browser: Browser, base_url: str) -> None:
    context = browser.new_context()
    context.route("**", lambda route: route.continue_() if is_local(route.request.url) else route.abort())
    try:
        page = context.new_page()
        page.goto(base_url)
        expect(page.locator("h1").first).to_be_visible(timeout=STARTUP_TIMEOUT * 1000)
        expect(page.get_by_test_id("stApp")).to_have_attribute(
            "data-test-script-state", "notRunning", timeout=STARTUP_TIMEOUT * 1000
        )
    finally:
        context.close()


@pytest.fixture
def fresh_app_server(sample_warehouse: Path, tmp_path: Path) -> Iterator[str]:
    """A server of this test's own, so that the test's browser session is the server's first."""
    with running_app(sample_warehouse, tmp_path) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright_driver: Playwright) -> Iterator[Browser]:
    """The distribution's Chromium (never a downloaded one), headless."""
    if not CHROMIUM.is_file():
        pytest.fail(
            f"{CHROMIUM} not found: the browser tests drive the system Chromium "
            "(Debian: `apt-get install chromium`; CI installs it). Deselect them with `-m 'not browser'`."
        )
    browser = playwright_driver.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def network() -> NetworkLog:
    """The requests of the current test's browser context (filled in by `page`)."""
    return NetworkLog()


@pytest.fixture
def page(browser: Browser, network: NetworkLog) -> Iterator[Page]:
    """A fresh context (new Streamlit session) that may talk to this machine only.

    Requests to any other host are aborted and recorded; the test fails if there was one.
    """
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="vi-VN", service_workers="block")

    def on_request(request: Request) -> None:
        network.requests.append(request.url)

    def guard(route: Route) -> None:
        url = route.request.url
        if is_local(url):
            route.continue_()
        else:
            network.outside.append(url)
            route.abort("blockedbyclient")

    def guard_websocket(websocket: WebSocketRoute) -> None:
        network.websockets.append(websocket.url)
        if is_local(websocket.url):
            websocket.connect_to_server()
        else:
            network.outside.append(websocket.url)
            websocket.close(code=1008, reason="outside request blocked by the test")

    context.on("request", on_request)
    context.route("**", guard)
    context.route_web_socket("**", guard_websocket)
    page = context.new_page()
    page.on("pageerror", lambda error: network.page_errors.append(str(error)))
    page.set_default_timeout(30_000)
    try:
        yield page
    finally:
        context.close()
    assert network.outside == [], f"the browser tried to reach outside this machine: {network.outside}"

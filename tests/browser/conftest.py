"""A real Streamlit server on the sample warehouse, driven by the system's headless Chromium.

Every request the browser makes is recorded; a request to any host other than this machine is
aborted and fails the test, so these tests also prove that the dashboard works offline.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    Locator,
    Page,
    Playwright,
    Request,
    Route,
    WebSocketRoute,
    expect,
    sync_playwright,
)

from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, REPO, ServerError, streamlit_server

pytestmark = pytest.mark.browser

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}
LOCAL_SCHEMES = {"data", "blob", "about"}


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


def wait_until_idle(page: Page, timeout: float = 30_000) -> None:
    """Until the script run that the page asked for has finished."""
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning", timeout=timeout)


def open_expander(scope: Page | Locator, heading: str, timeout: float = 30_000) -> Locator:
    """The expander headed `heading` within `scope`, opened as a viewer opens it (unless it is open)."""
    expander = scope.get_by_test_id("stExpander").filter(has_text=heading)
    expect(expander).to_be_visible(timeout=timeout)
    if expander.locator("details").get_attribute("open") is None:
        expander.locator("summary").click()
    return expander


def etl_warehouse(command: str, path: Path) -> Path:
    """A warehouse made by the ETL's own command line (`init` or `sample`); fails the test if it cannot."""
    result = subprocess.run(
        [sys.executable, "-m", "etl", command, "--db", str(path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if result.returncode != 0 or not path.is_file():
        pytest.fail(f"`python -m etl {command}` failed (exit {result.returncode}):\n{result.stdout}\n{result.stderr}")
    return path


def etl_account(path: Path, name: str, role: str, password: str | None = None) -> None:
    """An account made by `python -m etl users add`, as an administrator would (SSO only without a
    `password`); fails the test if it cannot."""
    secret = ["--password-stdin"] if password is not None else ["--no-password"]
    result = subprocess.run(
        [sys.executable, "-m", "etl", "users", "add", name, "--role", role, *secret, "--db", str(path)],
        cwd=REPO,
        input=None if password is None else password + "\n",
        capture_output=True,
        text=True,
        timeout=120,
    )
    if result.returncode != 0:
        pytest.fail(f"`python -m etl users add {name}` failed (exit {result.returncode}):\n{result.stderr}")


@pytest.fixture(scope="session")
def sample_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample warehouse, built once per session."""
    return etl_warehouse("sample", tmp_path_factory.mktemp("browser-warehouse") / "warehouse.duckdb")


@contextmanager
def running_app(warehouse: Path, log_dir: Path) -> Iterator[str]:
    """`streamlit run app.py` on `warehouse`; yields its base URL. A server that does not start fails the test."""
    try:
        with streamlit_server(REPO / "app.py", log_dir / "server.log", {"DX_WAREHOUSE": str(warehouse)}) as base_url:
            yield base_url
    except ServerError as error:
        pytest.fail(str(error))


@pytest.fixture(scope="session")
def app_server(sample_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on the sample warehouse, shared by the session's tests (which must not change its data)."""
    with running_app(sample_warehouse, tmp_path_factory.mktemp("streamlit")) as base_url:
        yield base_url


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
    with guarded_page(browser, network) as opened:
        yield opened


@contextmanager
def guarded_page(browser: Browser, network: NetworkLog) -> Iterator[Page]:
    """A page in a context of its own (a second person, when a test needs two) that may talk to this
    machine only; what it tried to reach elsewhere fails the test when it closes."""
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

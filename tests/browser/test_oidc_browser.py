"""Sign-in through an identity provider (issue 11): a real OpenID Connect provider (`oidc-provider-mock`)
started by the test on this machine, Streamlit's own `st.login`, and the warehouse account of the same
e-mail giving the role. No request leaves the machine."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pytest
from oidc_provider_mock import User, run_server_in_thread
from playwright.sync_api import Page, Route, expect

from tests.browser.conftest import etl_account
from tests.browser.server import REPO, ServerError, streamlit_server

if TYPE_CHECKING:
    from tests.browser.conftest import NetworkLog

pytestmark = pytest.mark.browser

TIMEOUT = 30_000
EMAIL = "chief@quangninh.gov.vn"


@pytest.fixture
def provider() -> Iterator[str]:
    """The identity provider on a free port, with one user whose e-mail is an admin account's name."""
    with run_server_in_thread(port=0, user_claims=[User(sub="chief", claims={"email": EMAIL})]) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture
def sso_server(provider: str, sample_warehouse: Path, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """The app with `.streamlit/secrets.toml`'s [auth] naming the provider, on a copy of the sample."""
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copy(sample_warehouse, warehouse)
    etl_account(warehouse, EMAIL, "admin")  # no password: signs in through the provider only
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        'redirect_uri = "http://localhost:{port}/oauth2callback"\n'
        'cookie_secret = "a test secret that is long enough to sign cookies"\n'
        'client_id = "dashboard"\n'
        'client_secret = "dashboard-secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n',
        "utf-8",
    )
    try:
        with streamlit_server(
            REPO / "app.py",
            tmp_path / "server.log",
            {"DX_WAREHOUSE": str(warehouse)},
            options=[f"--secrets.files={secrets}"],
        ) as base_url:
            yield base_url, warehouse
    except ServerError as error:
        pytest.fail(str(error))


def _no_cdn(route: Route) -> None:
    """The provider's own page asks a CDN for its stylesheet: answered here, empty, never sent."""
    route.fulfill(status=200, content_type="text/css", body="")


def test_signing_in_through_the_provider_gives_the_accounts_role(
    page: Page, sso_server: tuple[str, Path], network: NetworkLog
) -> None:
    base_url, warehouse = sso_server
    page.route("https://cdn.jsdelivr.net/**", _no_cdn)
    page.goto(base_url)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_role("button", name="Đăng nhập bằng tài khoản của tỉnh (SSO)").click(timeout=TIMEOUT)
    page.get_by_role("button", name="chief", exact=True).click(timeout=TIMEOUT)  # the provider's one-click user
    expect(sidebar.get_by_text(f"Đã đăng nhập: {EMAIL}")).to_be_visible(timeout=TIMEOUT)
    expect(sidebar.get_by_text("Quản trị", exact=True)).to_be_visible()  # the admin page is offered
    with duckdb.connect(str(warehouse), read_only=True) as con:
        signed = con.execute("SELECT actor, detail FROM audit WHERE action = 'sign_in'").fetchall()
    assert signed == [(EMAIL, '{"method": "oidc"}')]
    assert network.page_errors == []

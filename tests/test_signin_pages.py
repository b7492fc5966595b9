"""Sign-in, sign-out and each page as each role, through AppTest on a copy of the sample warehouse."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core.access import Actor, operator
from core.messages import t
from tests.conftest import REPO, open_app
from warehouse import audit, connect
from warehouse.accounts import add_account

PASSWORD = "a long enough phrase"
PAGES = [
    "views/overview.py",
    "views/map.py",
    "views/trends.py",
    "views/rankings.py",
    "views/profile.py",
    "views/completeness.py",
    "views/briefing.py",
    "views/upload.py",
]


@pytest.fixture
def db(sample_db_template: Path, tmp_path: Path, monkeypatch) -> Path:
    path = tmp_path / "w.duckdb"
    shutil.copy(sample_db_template, path)
    with connect(path) as con:
        add_account(con, operator("test"), "chief", "admin", None, PASSWORD)
        add_account(con, operator("test"), "an", "analyst", None, PASSWORD)
    monkeypatch.setattr("warehouse.accounts.time.sleep", lambda _: None)
    return path


def _form_shown(app: AppTest) -> bool:
    return any(box.key == "sign_in_name" for box in app.sidebar.text_input)


def _sign_in(app: AppTest, name: str, password: str) -> AppTest:
    if not _form_shown(app):  # closed where visitors only read: open it, as a member of staff does
        app.session_state["sign_in_open"] = True
        app.run()
    app.sidebar.text_input(key="sign_in_name").input(name)
    app.sidebar.text_input(key="sign_in_password").input(password)
    next(b for b in app.sidebar.button if b.label == t("signin_button", "vi")).click()
    return app.run()


def _signed_in_as(app: AppTest) -> str | None:
    captions = [c.value for c in app.sidebar.caption if c.value.startswith(t("signin_as", "vi", name="", role="")[:10])]
    return captions[0] if captions else None


def test_signing_in_and_out_through_the_sidebar(monkeypatch, db):
    app = open_app(monkeypatch, db)
    assert _signed_in_as(app) is None
    app = _sign_in(app, "an", "not the right one")
    assert not app.exception and app.sidebar.error[0].value == t("sign_in_wrong", "vi")
    app = _sign_in(app, "an", PASSWORD)
    assert not app.exception and "an" in (_signed_in_as(app) or "")
    app.switch_page("views/upload.py").run()
    assert app.get("file_uploader")  # an analyst may upload
    app.sidebar.button(key="sign_out").click().run()
    app.switch_page("views/upload.py").run()
    assert _signed_in_as(app) is None and not app.get("file_uploader")
    with connect(db, read_only=True) as con:
        assert list(audit.entries(con)["action"][:2]) == ["sign_in", "sign_in_failed"]


def test_the_form_is_sent_only_where_it_is_asked_for_or_opened(monkeypatch, db):
    app = open_app(monkeypatch, db)
    assert not _form_shown(app) and app.get("plotly_chart")  # a reader's overview: no form in the sidebar
    assert [box.label for box in app.sidebar.expander] == [t("signin_staff", "vi")]
    app.session_state["sign_in_open"] = True  # opened by a member of staff
    assert _form_shown(app.run())
    app.session_state["sign_in_open"] = False
    assert not _form_shown(app.run())
    app.switch_page("views/upload.py").run()
    assert _form_shown(app)  # the upload page asks for a sign-in: open at once
    app.switch_page("views/map.py").run()
    assert not _form_shown(app)  # and the reading pages keep their own choice
    monkeypatch.setenv("DX_SIGN_IN_TO_VIEW", "1")
    assert _form_shown(open_app(monkeypatch, db))  # nothing to see before sign-in: open at once


def test_an_idle_session_is_signed_out(monkeypatch, db):
    monkeypatch.setenv("DX_IDLE_MINUTES", "1")
    app = open_app(monkeypatch, db, actor=Actor("an", "analyst"))
    assert _signed_in_as(app)
    app.session_state["last_action"] = time.monotonic() - 120  # two minutes without an action
    app.run()
    assert _signed_in_as(app) is None
    assert any(str(1) in i.value for i in app.sidebar.info)  # says why


@pytest.mark.parametrize("actor", [None, Actor("xem", "viewer"), Actor("an", "analyst"), Actor("chief", "admin")])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_opens_for_every_role(monkeypatch, db, page, actor):
    app = open_app(monkeypatch, db, page, actor=actor)
    assert not app.exception
    may_upload = actor is not None and actor.role in ("analyst", "admin")
    if page == "views/upload.py":
        assert bool(app.get("file_uploader")) == may_upload


@pytest.mark.parametrize("actor", [None, Actor("xem", "viewer"), Actor("an", "analyst")])
def test_the_admin_page_is_closed_to_everyone_but_admins_even_by_its_address(monkeypatch, db, actor):
    monkeypatch.setenv("DX_WAREHOUSE", str(db))
    monkeypatch.chdir(REPO)
    app = AppTest.from_file(str(REPO / "views" / "admin.py"), default_timeout=30)
    if actor is not None:
        app.session_state["actor"] = actor
    app.run()
    assert not app.exception and app.error[0].value == t("admin_forbidden", "vi") and not app.tabs


def _admin_page(monkeypatch, db: Path) -> AppTest:
    """The administration page, signed in as the admin "chief"."""
    monkeypatch.setenv("DX_WAREHOUSE", str(db))
    monkeypatch.chdir(REPO)
    app = AppTest.from_file(str(REPO / "views" / "admin.py"), default_timeout=30)
    app.session_state["actor"] = Actor("chief", "admin")
    return app.run()


def test_an_admin_adds_an_account_and_sets_a_target_and_both_are_audited(monkeypatch, db):
    app = _admin_page(monkeypatch, db)
    assert not app.exception and len(app.tabs) == 4
    app.text_input(key="add_name").input("officer")
    app.selectbox(key="add_role").set_value("analyst")
    app.text_input(key="add_scope").input("06865")
    app.text_input(key="add_password").input(PASSWORD)
    app.button[0].click().run()  # the add form's button comes first
    assert not app.exception and app.success
    app.selectbox(key="target_kpi").set_value("dx_teams")
    app.number_input(key="target_year").set_value(2026)
    app.number_input(key="target_value").set_value(1500.0)
    app.text_input(key="target_source").input("Kế hoạch 2026")
    next(b for b in app.button if "admin_target" in str(b.proto.form_id)).click().run()
    assert not app.exception
    with connect(db, read_only=True) as con:
        trail = audit.entries(con)
        target = con.execute("SELECT value, source FROM target WHERE kpi = 'dx_teams' AND year = 2026").fetchall()
    assert {"account_created", "target_set"} <= set(trail["action"][:2])
    assert target == [(1500.0, "Kế hoạch 2026")]
    assert trail.iloc[0]["actor"] == "chief"


def test_viewing_can_require_sign_in(monkeypatch, db):
    monkeypatch.setenv("DX_SIGN_IN_TO_VIEW", "1")
    app = open_app(monkeypatch, db)
    assert not app.exception
    assert app.info[0].value == t("signin_to_view", "vi") and not app.get("plotly_chart")
    app = _sign_in(app, "an", PASSWORD)
    assert not app.exception and app.get("plotly_chart")  # the overview, once signed in


def test_changing_an_account_starts_from_its_settings_and_changes_only_what_was_changed(monkeypatch, db):
    app = _admin_page(monkeypatch, db)
    app.selectbox(key="change_name").set_value("an").run()
    assert app.selectbox(key="role_an").value == "analyst"
    app.text_input(key="scope_an").input("06865")
    next(b for b in app.button if "admin_change_an" in str(b.proto.form_id)).click().run()
    assert not app.exception and app.success
    with connect(db, read_only=True) as con:
        assert con.execute("SELECT role, scope, active FROM account WHERE name = 'an'").fetchone() == (
            "analyst",
            "06865",
            True,
        )

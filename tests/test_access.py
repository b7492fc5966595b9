"""Who may do what (issue 11): the rules of `core.access`, local accounts (argon2id, slowdown, lockout),
every write refused below the pages to a caller without the right, and the append-only audit trail."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import duckdb
import pytest

from core import access
from core.access import LOCK_AFTER, Actor, Forbidden, allowed, may_revert, operator, outside_scope, parse_scope
from core.errors import UsageError
from etl.__main__ import main as etl_main
from etl.load import check_upload, load_checked, load_result, remember_alias, revert_upload
from tests.conftest import run_main
from tests.corpus import code_of
from tests.test_unit_matching import TIEN_YEN, _with_row_written
from warehouse import accounts, audit, connect, governance
from warehouse.accounts import SignInFailed, add_account, change_account, set_password, sign_in
from warehouse.init import init_warehouse

ADMIN = operator("test")
PASSWORD = "a long enough phrase"
TIEN_YEN_CODES = frozenset(code_of(name) for name in TIEN_YEN)
OFFICER = Actor("officer", "analyst", frozenset({code_of("Xã Hà Lâu")}))  # one commune's officer
ANALYST = Actor("an", "analyst")
VIEWER = Actor("xem", "viewer")


# --- the rules ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "may"),
    [
        ("viewer", set()),
        ("analyst", {"upload", "revert_own", "teach"}),
        ("admin", {"upload", "revert_own", "revert_any", "teach", "accounts", "targets", "boundaries", "audit"}),
    ],
)
def test_each_role_may_what_spec_section_9_says(role, may):
    actions = {"upload", "revert_own", "revert_any", "teach", "accounts", "targets", "boundaries", "audit"}
    assert {a for a in actions if allowed(Actor("x", role), a)} == may


def test_an_analyst_reverts_their_own_uploads_and_an_admin_anyones():
    assert may_revert(ANALYST, "an") and not may_revert(ANALYST, "someone")
    assert may_revert(ADMIN, "someone") and not may_revert(VIEWER, "xem")


def test_a_scope_is_the_province_or_a_list_of_units():
    assert parse_scope("province") is None and parse_scope("Toàn tỉnh") is None and parse_scope(None) is None
    assert parse_scope(" 06862, 06865 ,") == frozenset({"06862", "06865"})
    assert outside_scope(OFFICER, ["06868", code_of("Xã Hà Lâu"), "06862"]) == ["06862", "06868"]
    assert outside_scope(ANALYST, ["06862"]) == []


@pytest.mark.parametrize(("password", "ok"), [("short", False), ("aaaaaaaaaaaaaaaa", False), (PASSWORD, True)])
def test_passwords_have_a_minimum_length_and_some_variety(password, ok):
    assert (access.password_problem(password) is None) == ok


# --- accounts and sign-in ------------------------------------------------------------------------------


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "w.duckdb"
    with connect(path) as con:
        init_warehouse(con)
        add_account(con, ADMIN, "an", "analyst", None, PASSWORD)
        add_account(con, ADMIN, "officer", "analyst", OFFICER.scope, PASSWORD)
        add_account(con, ADMIN, "xem", "viewer", None, PASSWORD)
    return path


@pytest.fixture
def no_pause(monkeypatch) -> list[float]:
    pauses: list[float] = []
    monkeypatch.setattr("warehouse.accounts.time.sleep", pauses.append)
    return pauses


def test_a_password_is_stored_only_as_an_argon2id_hash(db):
    with duckdb.connect(str(db), read_only=True) as con:
        (stored,) = con.execute("SELECT password_hash FROM account WHERE name = 'an'").fetchone()
        listing = accounts.accounts(con)
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert (
        "password_hash" not in listing.columns
        and not listing.astype(str).apply(lambda c: c.str.contains("argon2")).any().any()
    )


def test_signing_in_gives_the_accounts_role_and_scope(db, no_pause):
    assert sign_in(db, "officer", PASSWORD) == OFFICER
    assert no_pause == []


def test_failed_sign_ins_slow_down_then_lock_even_the_right_password(db, no_pause):
    for _ in range(LOCK_AFTER):
        with pytest.raises(SignInFailed):
            sign_in(db, "an", "not the password at all")
    assert no_pause == sorted(no_pause) and no_pause[0] < no_pause[-1]  # each failure waits longer
    with pytest.raises(SignInFailed) as locked:
        sign_in(db, "an", PASSWORD)
    assert locked.value.code == "sign_in_locked"
    with connect(db) as con:
        set_password(con, ADMIN, "an", "another long phrase")  # an administrator's reset unlocks
    assert sign_in(db, "an", "another long phrase").name == "an"


def test_an_unknown_name_and_a_wrong_password_say_the_same(db, no_pause):
    with pytest.raises(SignInFailed) as unknown:
        sign_in(db, "nobody", PASSWORD)
    with pytest.raises(SignInFailed) as wrong:
        sign_in(db, "an", "not the password at all")
    assert unknown.value.message_en == wrong.value.message_en


def test_a_disabled_account_cannot_sign_in_nor_act_at_the_command_line(db, no_pause):
    with connect(db) as con:
        change_account(con, ADMIN, "an", active=False)
    with pytest.raises(SignInFailed):
        sign_in(db, "an", PASSWORD)
    with connect(db, read_only=True) as con, pytest.raises(UsageError):
        accounts.actor_of(con, "an")


def test_only_an_admin_manages_accounts_and_not_against_themselves(db):
    with connect(db) as con:
        with pytest.raises(Forbidden):
            add_account(con, ANALYST, "new", "admin", None, PASSWORD)
        add_account(con, ADMIN, "chief", "admin", None, PASSWORD)
        with pytest.raises(Forbidden):
            change_account(con, Actor("chief", "admin"), "chief", active=False)


# --- every write refused below the pages ----------------------------------------------------------------


def _tien_yen() -> bytes:
    return _with_row_written(TIEN_YEN[0], TIEN_YEN[0])  # the six communes, as written


def test_a_commune_officer_uploads_only_their_commune(db):
    data = _tien_yen()
    result, _ = check_upload(db, data, "tien_yen_T3.xlsx", actor=OFFICER)
    refused = [f for f in result.findings if f.code == "outside_scope"]
    assert len(refused) == len(TIEN_YEN) - 1 and all(f.row for f in refused)  # each other commune's row named
    outcome = load_checked(db, result, data, OFFICER, skip_invalid=True)  # not even the officer's own row
    assert outcome.status == "rejected" and outcome.upload_id is None


def test_a_forbidden_upload_made_directly_changes_nothing(db):
    data = _tien_yen()
    result, _ = check_upload(db, data, "tien_yen_T3.xlsx")  # checked without an actor: no scope finding
    before = db.read_bytes()
    with connect(db) as con:
        with pytest.raises(Forbidden):
            load_result(con, result, data, OFFICER)  # outside the officer's scope
        with pytest.raises(Forbidden):
            load_result(con, result, data, VIEWER)
        with pytest.raises(Forbidden):
            remember_alias(con, "2020", "Ha Lau", code_of("Xã Hà Lâu"), VIEWER)
        with pytest.raises(Forbidden):
            governance.set_target(con, ANALYST, "dx_teams", 2026, 100, "Kế hoạch 2026")
        uploads = con.execute("SELECT count(*) FROM upload").fetchone()[0]
    assert uploads == 0 and db.read_bytes() == before


def test_an_analyst_reverts_only_their_own_upload(db):
    data = _tien_yen()
    result, _ = check_upload(db, data, "tien_yen_T3.xlsx", actor=ANALYST)
    upload_id = load_checked(db, result, data, ANALYST).upload_id
    assert upload_id is not None
    with pytest.raises(Forbidden):
        revert_upload(db, upload_id, Actor("other", "analyst"))
    with pytest.raises(Forbidden):
        revert_upload(db, upload_id, VIEWER)
    assert revert_upload(db, upload_id, ANALYST)
    with connect(db, read_only=True) as con:
        assert con.execute("SELECT reverted_by FROM upload").fetchone() == ("an",)


def test_targets_set_by_an_admin_replace_the_example_and_survive_init(db):
    with connect(db) as con:
        governance.set_target(con, ADMIN, "online_dossier_rate", 2025, 0.93, "Kế hoạch 2025 của UBND tỉnh")
        init_warehouse(con)  # etl init, sample and template run this again
        targets = governance.targets(con)
    row = targets[(targets["kpi"] == "online_dossier_rate") & (targets["year"] == 2025)]
    assert list(row["value"]) == [0.93] and list(row["source"]) == ["Kế hoạch 2025 của UBND tỉnh"]
    assert (targets["source"] == "example").any()  # the other years keep their examples


# --- the audit trail --------------------------------------------------------------------------------------


def test_every_write_and_sign_in_is_in_the_trail_newest_first(db, no_pause):
    data = _tien_yen()
    result, _ = check_upload(db, data, "tien_yen_T3.xlsx", actor=ANALYST)
    upload_id = load_checked(db, result, data, ANALYST, address="10.0.0.7").upload_id
    sign_in(db, "an", PASSWORD, "10.0.0.7")
    with pytest.raises(SignInFailed):
        sign_in(db, "an", "wrong password typed", "10.0.0.8")
    revert_upload(db, upload_id, ADMIN)
    with connect(db, read_only=True) as con:
        trail = audit.entries(con)
    assert list(trail["action"][:4]) == ["revert", "sign_in_failed", "sign_in", "upload"]
    assert trail["audit_id"].is_monotonic_decreasing
    assert trail.iloc[3]["actor"] == "an" and trail.iloc[3]["address"] == "10.0.0.7"
    assert str(upload_id) == trail.iloc[0]["object"] and trail.iloc[0]["actor"] == ADMIN.name
    assert (
        not trail.astype(str).apply(lambda c: c.str.contains(PASSWORD) | c.str.contains("wrong password")).any().any()
    )


def test_a_row_changed_outside_the_product_breaks_the_chain(db):
    with connect(db) as con:
        assert audit.verify(con).broken_at is None
        con.execute("UPDATE audit SET actor = 'someone else' WHERE audit_id = 2")
        assert audit.verify(con).broken_at == 2
    with connect(db) as con:
        con.execute("DELETE FROM audit WHERE audit_id = 1")
        assert audit.verify(con).broken_at is not None


# --- the command line ----------------------------------------------------------------------------------


def etl(*args: str, stdin: str | None = None):
    return run_main(etl_main, *args, stdin=stdin)


def test_users_commands_never_print_a_password_or_hash(db):
    added = etl(
        "users", "add", "newbie", "--role", "viewer", "--password-stdin", "--db", str(db), stdin=PASSWORD + "\n"
    )
    assert added.returncode == 0
    listing = etl("users", "list", "--json", "--db", str(db))
    rows = json.loads(listing.stdout)
    assert {r["name"] for r in rows} == {"an", "officer", "xem", "newbie"}
    assert "argon2" not in listing.stdout and PASSWORD not in listing.stdout
    assert (
        etl("users", "add", "weak", "--role", "viewer", "--password-stdin", "--db", str(db), stdin="short\n").returncode
        == 2
    )
    assert etl("users", "disable", "newbie", "--db", str(db)).returncode == 0
    assert etl("users", "reset", "newbie", "--db", str(db), stdin="a fresh long phrase\n").returncode == 0


def test_etl_load_as_an_account_respects_its_scope(db, tmp_path):
    report = tmp_path / "tien_yen_T3.xlsx"
    report.write_bytes(_tien_yen())
    refused = etl("load", str(report), "--db", str(db), "--json", "--user", "officer")
    assert refused.returncode == 1
    (result,) = [json.loads(line) for line in refused.stdout.splitlines()]
    assert result["status"] == "rejected" and {i["code"] for i in result["issues"]} >= {"outside_scope"}
    assert etl("load", str(report), "--db", str(db), "--user", "nobody").returncode == 2
    assert etl("load", str(report), "--db", str(db), "--user", "xem").returncode == 1  # a viewer may not
    assert etl("load", str(report), "--db", str(db)).returncode == 0  # the operator
    history = json.loads(etl("history", "--json", "--db", str(db)).stdout)
    assert history[0]["uploaded_by"].startswith("operator:")
    trail = json.loads(etl("audit", "--json", "--db", str(db)).stdout)
    assert trail[0]["action"] == "upload" and trail[0]["actor"].startswith("operator:")


def test_a_month_of_figures_is_what_it_was_after_refusals(db, tmp_path):
    report = tmp_path / "tien_yen_T3.xlsx"
    report.write_bytes(_tien_yen())
    etl("load", str(report), "--db", str(db), "--user", "officer")
    with connect(db, read_only=True) as con:
        figures = con.execute(
            "SELECT count(*) FROM observation_current WHERE period = ?", [date(2024, 3, 1)]
        ).fetchone()
    assert figures == (0,)


def test_a_units_own_target_drives_its_light_in_the_rankings(sample_db_template, tmp_path):
    from dashboard.rankings import ranking_view
    from warehouse.reader import ConnectionReader

    path = tmp_path / "w.duckdb"
    path.write_bytes(sample_db_template.read_bytes())
    month = date(2026, 10, 1)
    with connect(path, read_only=True) as con:
        before = ranking_view(ConnectionReader(con), month, "online_dossier_rate", "en").table.set_index("code")
    code = str(before.index[0])  # the best unit: green against the province target
    assert before.at[code, "light"] == "green"
    with connect(path) as con:
        governance.set_target(
            con, ADMIN, "online_dossier_rate", 2026, 1.0, "Cam kết của xã", edition="2025", unit_code=code
        )
        after = ranking_view(ConnectionReader(con), month, "online_dossier_rate", "en").table.set_index("code")
    assert after.at[code, "target"] == 1.0 and after.at[code, "light"] != "green"
    others = after.drop(index=code)
    assert (others["target"] == before.drop(index=code)["target"]).all()  # the others keep the province's

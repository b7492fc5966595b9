"""The sample warehouse reproduces SPEC §2's 2022 figures and keeps SPEC §6's promises."""

from datetime import date

import pytest

from core.editions import edition_in_force
from core.formats import format_percent
from etl.__main__ import main as etl_main
from tests.conftest import run_main


def _year_total(con, kpi, year=2022):
    return con.execute(
        "SELECT sum(numerator), sum(denominator) FROM observation_current WHERE kpi = ? AND year(period) = ?",
        [kpi, year],
    ).fetchone()


def _month_total(con, kpi, month):
    return con.execute(
        "SELECT sum(numerator), sum(denominator) FROM observation_current WHERE kpi = ? AND period = ?",
        [kpi, month],
    ).fetchone()


DECEMBER_2022 = date(2022, 12, 1)


def test_online_dossiers_2022_are_459_326_at_75_4_percent(sample_con):
    online, received = _year_total(sample_con, "online_dossier_rate")
    assert online == 459_326
    assert round(online / received * 100, 1) == 75.4


@pytest.mark.parametrize(("kpi", "expected"), [("dx_teams", 1_473), ("dx_team_members", 11_255)])
def test_teams_and_members_at_december_2022(sample_con, kpi, expected):
    assert _month_total(sample_con, kpi, DECEMBER_2022)[0] == expected


def test_every_village_has_a_team_in_december_2022(sample_con):
    assert _month_total(sample_con, "village_team_coverage", DECEMBER_2022) == (1_452, 1_452)


def test_chip_id_coverage_at_or_above_the_published_floor(sample_con):
    numerator, denominator = _month_total(sample_con, "chip_id_coverage", DECEMBER_2022)
    assert numerator / denominator >= 0.95


def test_adult_smartphone_use_is_the_published_88_percent(sample_con):
    numerator, denominator = _month_total(sample_con, "smartphone_adult_rate", DECEMBER_2022)
    assert format_percent(numerator / denominator, "vi") == "88,0%"


def test_cashless_2022_at_or_above_86_percent(sample_con):
    numerator, denominator = _year_total(sample_con, "cashless_utility_rate")
    assert numerator / denominator >= 0.86


def test_level2_eid_accounts_over_330_000(sample_con):
    assert _month_total(sample_con, "eid_level2_rate", DECEMBER_2022)[0] > 330_000


def test_every_month_2022_01_to_2026_10_uses_the_edition_in_force(sample_con):
    rows = sample_con.execute(
        "SELECT period, list(DISTINCT edition), count(DISTINCT kpi) FROM observation_current GROUP BY period"
    ).fetchall()
    assert len(rows) == 58
    assert min(r[0] for r in rows) == date(2022, 1, 1) and max(r[0] for r in rows) == date(2026, 10, 1)
    for period, editions, indicators in rows:
        assert editions == [edition_in_force(period)], period
        assert indicators == 8


def test_units_belong_to_their_edition(sample_con):
    strays = sample_con.execute(
        "SELECT count(*) FROM observation_current o ANTI JOIN unit u ON u.edition = o.edition AND u.code = o.unit_code"
    ).fetchone()[0]
    assert strays == 0


def test_2022_is_complete_and_some_later_months_miss_reports(sample_con):
    per_month = dict(
        sample_con.execute(
            "SELECT period, count(DISTINCT unit_code) FROM observation_current GROUP BY period"
        ).fetchall()
    )
    assert all(per_month[date(2022, m, 1)] == 177 for m in range(1, 13))
    assert per_month[date(2026, 10, 1)] == 52
    assert sum(1 for month, n in per_month.items() if month.year in (2023, 2024) and n < 177) >= 3


def test_wards_are_ahead_of_mountain_communes(sample_con):
    ward, mountain = sample_con.execute(
        """
        SELECT
            sum(numerator) FILTER (WHERE u.type = 'phuong') / sum(denominator) FILTER (WHERE u.type = 'phuong'),
            sum(numerator) FILTER (WHERE u.district_code IN ('198', '202'))
              / sum(denominator) FILTER (WHERE u.district_code IN ('198', '202'))
        FROM observation_current o JOIN unit u ON u.edition = o.edition AND u.code = o.unit_code
        WHERE o.kpi = 'online_dossier_rate' AND o.period = DATE '2023-06-01'
        """
    ).fetchone()
    assert ward > mountain + 0.05


def test_tet_month_has_fewer_dossiers(sample_con):
    tet = _month_total(sample_con, "online_dossier_rate", date(2023, 1, 1))[1]
    march = _month_total(sample_con, "online_dossier_rate", date(2023, 3, 1))[1]
    assert tet < 0.85 * march


def test_rates_rise_over_the_years(sample_con):
    first = _year_total(sample_con, "eid_level2_rate", 2023)
    last = _year_total(sample_con, "eid_level2_rate", 2026)
    assert last[0] / last[1] > first[0] / first[1] + 0.2


def test_sample_is_flagged_and_deterministic(sample_con, tmp_path):
    flagged = sample_con.execute("SELECT bool_and(is_sample), list(sha256) FROM upload").fetchone()
    assert flagged[0] is True
    again = tmp_path / "again.duckdb"
    assert etl_main(["sample", "--db", str(again)]) == 0
    assert etl_main(["sample", "--db", str(again)]) == 0  # reloading replaces, never doubles
    import duckdb

    with duckdb.connect(str(again), read_only=True) as con:
        assert con.execute("SELECT list(sha256) FROM upload").fetchone()[0] == flagged[1]
        assert (
            con.execute("SELECT count(*) FROM observation_current").fetchone()[0]
            == sample_con.execute("SELECT count(*) FROM observation_current").fetchone()[0]
        )


def test_sample_refuses_a_warehouse_with_real_uploads(sample_db):
    import duckdb

    with duckdb.connect(str(sample_db)) as con:
        con.execute(
            "INSERT INTO upload (upload_id, uploaded_at, uploaded_by, file_name, sha256)"
            " SELECT max(upload_id) + 1, now(), 'a', 'real.xlsx', 'x' FROM upload"
        )
    assert etl_main(["sample", "--db", str(sample_db)]) == 2


def test_cli_init_uses_the_environment_variable(tmp_path, monkeypatch):
    target = tmp_path / "from-env.duckdb"
    monkeypatch.setenv("DX_WAREHOUSE", str(target))
    for _ in range(2):  # idempotent
        done = run_main(etl_main, "init")
        assert done.returncode == 0, done.stderr
    assert target.exists()
    assert str(target) in done.stdout


def test_cli_usage_error_exits_2():
    assert run_main(etl_main, "frobnicate").returncode == 2

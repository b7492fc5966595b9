"""What each column holds, settled for the whole table (issue 10, item 2): `etl.columns.assign` on
ranked candidates as `etl.headers.candidates` gives them."""

from __future__ import annotations

from etl.columns import Assigned, assign
from etl.headers import Candidate, Role

ONLINE = Role("online_dossier_rate", "numerator")
RECEIVED = Role("online_dossier_rate", "denominator")
DOSSIER_RATE = Role("online_dossier_rate", "rate")
TEAMS = Role("dx_teams", "count")
VILLAGES_WITH_TEAM = Role("village_team_coverage", "numerator")
CHIP, CHIP_RATE = Role("chip_id_coverage", "numerator"), Role("chip_id_coverage", "rate")
EID, EID_RATE = Role("eid_level2_rate", "numerator"), Role("eid_level2_rate", "rate")
AGED_14 = [Role("chip_id_coverage", "denominator"), Role("eid_level2_rate", "denominator")]


def ranked(*pairs: tuple[Role, float]) -> list[Candidate]:
    return [Candidate(role, score) for role, score in pairs]


def test_a_figure_two_columns_claim_goes_to_the_better_header():
    total, part = ranked((ONLINE, 20.375)), ranked((ONLINE, 20.3))
    assert assign([part, total]) == [Assigned([]), Assigned([ONLINE])]


def test_a_column_whose_best_reading_is_taken_falls_back_to_its_next():
    teams = ranked((VILLAGES_WITH_TEAM, 25.3), (TEAMS, 20.2))
    villages = ranked((VILLAGES_WITH_TEAM, 25.4))
    assert assign([teams, villages]) == [Assigned([TEAMS]), Assigned([VILLAGES_WITH_TEAM])]


def test_the_best_total_wins_over_the_best_first_claim():
    # Greedy would give the online dossiers to the first column and leave the second with nothing.
    first = ranked((ONLINE, 20.5), (RECEIVED, 20.0))
    second = ranked((ONLINE, 20.2))
    assert assign([first, second]) == [Assigned([RECEIVED]), Assigned([ONLINE])]


def test_two_columns_equally_good_for_one_figure_are_both_asked_about():
    commune, district = ranked((ONLINE, 20.5)), ranked((ONLINE, 20.5))
    assert assign([commune, district]) == [Assigned([], unsure=True), Assigned([], unsure=True)]


def test_a_column_with_two_equally_good_readings_is_asked_about():
    assert assign([ranked((CHIP_RATE, 30.5), (EID_RATE, 30.5))]) == [Assigned([], unsure=True)]


def test_equally_good_readings_are_settled_when_another_column_holds_one_better():
    rate = ranked((CHIP_RATE, 30.5), (EID_RATE, 30.5))
    assert assign([rate, ranked((EID_RATE, 100.0))]) == [Assigned([CHIP_RATE]), Assigned([EID_RATE])]


def test_equally_good_readings_are_settled_by_the_figures_beside_them():
    """A rate of the indicator whose numerator and denominator the table has, not of the other one."""
    rate = ranked((CHIP_RATE, 30.5), (EID_RATE, 30.5))
    table = [ranked(*((r, 15.3) for r in AGED_14)), ranked((CHIP, 20.5)), rate]
    assert assign(table)[2] == Assigned([CHIP_RATE])


def test_equally_good_readings_are_settled_by_the_columns_of_the_same_group_header():
    group = "Căn cước công dân"
    vague = ranked((CHIP, 20.3), (EID, 20.3))
    table = [ranked((CHIP_RATE, 30.5)), vague, ranked((EID_RATE, 30.5))]
    assert assign(table, [group, group, "VNeID"])[1] == Assigned([CHIP])


def test_the_population_aged_14_is_the_denominator_of_both_id_indicators_in_one_column():
    table = [ranked(*((r, 15.3) for r in AGED_14)), ranked((CHIP, 20.5)), ranked((EID, 20.4))]
    assert assign(table) == [Assigned(AGED_14), Assigned([CHIP]), Assigned([EID])]


def test_a_shared_denominator_a_better_column_holds_is_held_by_it_alone():
    table = [ranked(*((r, 15.3) for r in AGED_14)), ranked(*((r, 100.0) for r in AGED_14))]
    assert assign(table) == [Assigned([]), Assigned(AGED_14)]


def test_a_mapped_column_holds_what_the_analyst_chose_and_no_other_column_holds_it():
    villages = ranked((VILLAGES_WITH_TEAM, 25.4))
    teams = ranked((VILLAGES_WITH_TEAM, 25.3), (TEAMS, 20.2))
    assert assign([villages, teams], pinned={1: [VILLAGES_WITH_TEAM]}) == [
        Assigned([]),
        Assigned([VILLAGES_WITH_TEAM]),
    ]


def test_columns_without_candidates_hold_nothing():
    assert assign([[], ranked((DOSSIER_RATE, 30.5)), []]) == [Assigned([]), Assigned([DOSSIER_RATE]), Assigned([])]


def test_a_table_too_tangled_to_settle_is_left_to_the_analyst_not_searched_for_ever(monkeypatch):
    monkeypatch.setattr("etl.columns.MAX_STEPS", 50)
    tangled = [ranked((ONLINE, 20 + i / 100), (RECEIVED, 20 - i / 100), (DOSSIER_RATE, 19.5)) for i in range(12)]
    result = assign([*tangled, ranked((TEAMS, 20.0))])
    assert all(a.unsure and a.roles == [] for a in result[:12])
    assert result[12] == Assigned([TEAMS])  # a column no other competes with is still read


def test_the_population_printed_under_each_id_group_is_each_groups_own_denominator():
    # "Số người từ 14 tuổi" twice, once under "CCCD gắn chip" and once under "VNeID": one each.
    population = ranked(*((role, 15.0) for role in AGED_14))
    columns = [population, ranked((CHIP, 20.0)), population, ranked((EID, 20.0))]
    groups = ["CCCD gắn chip", "CCCD gắn chip", "VNeID", "VNeID"]
    assert assign(columns, groups) == [
        Assigned([AGED_14[0]]),
        Assigned([CHIP]),
        Assigned([AGED_14[1]]),
        Assigned([EID]),
    ]

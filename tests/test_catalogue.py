import pytest

from warehouse.catalogue import load_indicators, load_targets

SPEC_IDS = [
    "online_dossier_rate",
    "chip_id_coverage",
    "eid_level2_rate",
    "smartphone_adult_rate",
    "cashless_utility_rate",
    "dx_teams",
    "dx_team_members",
    "village_team_coverage",
]


def test_catalogue_has_the_spec_indicators_in_order():
    indicators = load_indicators()
    assert indicators["kpi"].tolist() == SPEC_IDS
    kinds = dict(zip(indicators["kpi"], indicators["kind"], strict=True))
    assert kinds["dx_teams"] == "count" and kinds["online_dossier_rate"] == "rate"
    flows = set(indicators.loc[indicators["aggregation"] == "flow", "kpi"])
    assert flows == {"online_dossier_rate", "cashless_utility_rate"}


def test_shipped_targets_are_marked_as_examples():
    targets = load_targets()
    assert set(targets["source"]) == {"example"}
    assert targets["value"].between(0, 1).all()


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("x,1,a,b,c,d,ratio,flow,up,n,n,d,d,,100", "kind must be one of"),
        ("x,1,a,b,c,d,rate,yearly,up,n,n,d,d,,100", "aggregation must be flow or stock"),
        ("x,1,a,b,c,d,rate,flow,up,n,n,,,,100", "rates need a denominator"),
        ("x,1,a,b,c,d,rate,flow,up,n,n,d,d,,", "every indicator needs max_per_unit"),
    ],
)
def test_bad_catalogue_is_refused_with_a_reason(tmp_path, line, message):
    path = tmp_path / "indicators.csv"
    header = (
        "kpi,sort_order,name_vi,name_en,short_vi,short_en,kind,aggregation,direction,"
        "numerator_vi,numerator_en,denominator_vi,denominator_en,published_2022,max_per_unit"
    )
    path.write_text(header + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(AssertionError, match=message):
        load_indicators(path)

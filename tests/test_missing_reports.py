"""The rule for months in which a unit sent no figure (SPEC §8, core/missing.py), on a temporary
warehouse: stocks carried for a stated number of months, flows never, incomplete months said so, and
the same totals on the page, on the command line and in the view analysts query."""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd
import pytest

from core.editions import edition_in_force, months_into
from core.messages import t
from core.missing import CARRIED, CARRY_MONTHS, COMPLETE, INCOMPLETE, month_state, unit_lines
from core.months import add_months
from dashboard.mapview import map_view
from dashboard.overview import overview_summary
from dashboard.profile import profile_view
from dashboard.trends import trend_view
from reports.briefing import build_briefing
from reports.figures import chart
from warehouse import connect
from warehouse.reader import ConnectionReader
from warehouse.uploads import UploadMeta, record_upload, sha256_of

FIRST = date(2025, 8, 1)
LATE = "06970"  # a unit of the 2025 map that stops reporting after the first month


@pytest.mark.parametrize(
    ("reported", "carried", "expected", "state"),
    [(54, 0, 54, COMPLETE), (52, 2, 54, CARRIED), (52, 0, 54, INCOMPLETE), (51, 2, 54, INCOMPLETE)],
)
def test_month_state(reported, carried, expected, state):
    assert month_state(reported, carried, expected) == state


@pytest.fixture
def warehouse(empty_db):
    """Every 2025 unit reports 10 teams and 50 of 100 dossiers online a month; LATE only the first month."""
    with connect(empty_db) as con:
        codes = [row[0] for row in con.execute("SELECT code FROM unit WHERE edition = '2025'").fetchall()]
        rows = []
        for step in range(CARRY_MONTHS + 2):
            month = add_months(FIRST, step)
            for code in codes:
                if code == LATE and step > 0:
                    continue
                rows.append((month, "2025", code, "dx_teams", 10.0, None))
                rows.append((month, "2025", code, "online_dossier_rate", 50.0, 100.0))
        frame = pd.DataFrame(rows, columns=["period", "edition", "unit_code", "kpi", "numerator", "denominator"])
        meta = UploadMeta("test", "test", None, sha256_of(b"test"))
        record_upload(con, meta, frame)
    return empty_db, len(codes)


def _province(db, kpi: str) -> pd.DataFrame:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT * FROM province_figures WHERE kpi = ? ORDER BY period", [kpi]).df()


def test_a_stock_is_carried_for_the_stated_months_then_left_out(warehouse):
    db, units = warehouse
    teams = _province(db, "dx_teams")
    assert list(teams["units_expected"]) == [units] * (CARRY_MONTHS + 2)
    carried = teams.iloc[1 : CARRY_MONTHS + 1]
    assert (carried["numerator"] == 10 * units).all()  # the missing unit's 10 teams kept: no fall
    assert (carried["units_carried"] == 1).all() and carried["complete"].all()
    after = teams.iloc[CARRY_MONTHS + 1]
    assert after["numerator"] == 10 * (units - 1) and after["units_carried"] == 0 and not after["complete"]


def test_a_flow_is_never_carried_and_its_month_is_incomplete(warehouse):
    db, units = warehouse
    dossiers = _province(db, "online_dossier_rate")
    second = dossiers.iloc[1]
    assert second["numerator"] == 50 * (units - 1) and second["denominator"] == 100 * (units - 1)
    assert second["value"] == pytest.approx(0.5)  # the rate over the units that reported
    assert second["units_carried"] == 0 and not second["complete"]
    assert dossiers.iloc[0]["complete"]


def test_the_page_model_and_the_command_line_chart_give_the_view_totals(warehouse):
    db, units = warehouse
    month = add_months(FIRST, 1)
    with connect(db, read_only=True) as con:
        source = ConnectionReader(con)
        summary = overview_summary(source, month, "vi").summary.set_index("kpi")
        trend = chart(source, "dx_teams", month, "trend", "vi").data
    assert summary.at["dx_teams", "value"] == 10 * units
    assert summary.at["dx_teams", "units_carried"] == 1
    assert trend["Giá trị"].iloc[-1] == 10 * units
    assert "chuyển tiếp" in trend["Ghi chú"].iloc[-1]  # the export says the month rests on a carried figure


@pytest.fixture
def district_warehouse(empty_db):
    """As `warehouse`, on the 2024 map (which has districts): one unit of a district stops reporting."""
    with connect(empty_db) as con:
        units = con.execute("SELECT code, district_code FROM unit WHERE edition = '2024' ORDER BY code").fetchall()
        late, district = units[0]
        rows = []
        for step in range(CARRY_MONTHS + 2):
            month = add_months(date(2024, 11, 1), step)
            for code, _ in units:
                if code != late or step == 0:
                    rows.append((month, "2024", code, "dx_teams", 10.0, None))
                    rows.append((month, "2024", code, "online_dossier_rate", 50.0, 100.0))
        frame = pd.DataFrame(rows, columns=["period", "edition", "unit_code", "kpi", "numerator", "denominator"])
        record_upload(con, UploadMeta("test", "test", None, sha256_of(b"t")), frame)
        size = sum(d == district for _, d in units)
    return empty_db, late, district, size


def test_a_units_stock_is_carried_on_the_map_and_in_its_districts_total(district_warehouse):
    db, late, _, size = district_warehouse
    month = date(2024, 12, 1)
    with connect(db, read_only=True) as con:
        source = ConnectionReader(con)
        teams = map_view(source, month, "dx_teams", "vi").values.set_index("code")
        districts = map_view(source, month, "dx_teams", "vi", level="districts").values.set_index("code")
        dossiers = map_view(source, month, "online_dossier_rate", "vi").values.set_index("code")
    assert teams.at[late, "value"] == 10 and teams.at[late, "carried"]  # the unit keeps its last report
    assert districts.at[late, "value"] == 10 * size  # so does its district's total
    assert pd.isna(dossiers.at[late, "value"]) and not dossiers.at[late, "carried"]  # a flow is not carried
    after = add_months(date(2024, 11, 1), CARRY_MONTHS + 1)
    with connect(db, read_only=True) as con:
        gone = map_view(ConnectionReader(con), after, "dx_teams", "vi").values.set_index("code")
    assert pd.isna(gone.at[late, "value"])  # past the carry window: left out


def _district_view(db) -> pd.DataFrame:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT * FROM district_figures ORDER BY period, kpi, district_code").df()


def test_a_districts_total_carries_its_late_units_stock_then_says_it_is_incomplete(district_warehouse):
    db, _, district, size = district_warehouse
    view = _district_view(db)
    teams = view[(view["kpi"] == "dx_teams") & (view["district_code"] == district)].reset_index(drop=True)
    carried = teams.iloc[1 : CARRY_MONTHS + 1]
    assert (carried["numerator"] == 10 * size).all() and (carried["units_carried"] == 1).all()
    assert carried["complete"].all()
    after = teams.iloc[CARRY_MONTHS + 1]
    assert after["numerator"] == 10 * (size - 1) and not after["complete"]
    dossiers = view[(view["kpi"] == "online_dossier_rate") & (view["district_code"] == district)]
    assert not dossiers.iloc[1]["complete"] and dossiers.iloc[1]["value"] == pytest.approx(0.5)
    others = view[(view["kpi"] == "dx_teams") & (view["district_code"] != district)]
    assert others["complete"].all() and (others["units_carried"] == 0).all()


def test_the_district_line_the_district_map_and_the_district_briefing_give_the_same_total(district_warehouse):
    db, late, district, size = district_warehouse
    month = date(2024, 12, 1)
    with connect(db, read_only=True) as con:
        source = ConnectionReader(con)
        codes = list(source.units("2024").query("district_code == @district")["code"])
        lines = trend_view(source, month, "dx_teams", "vi", level="districts").steps
        on_map = map_view(source, month, "dx_teams", "vi", level="districts").values.set_index("code")
        scope = overview_summary(source, month, "vi", within=codes).summary.set_index("kpi")
        briefing = build_briefing(source, month, "vi", scope=str(district))
    line = lines[(lines["key"] == briefing.scope.name) & (lines["period"] == pd.Timestamp(month))].iloc[0]
    assert line["numerator"] == 10 * size and line["units_carried"] == 1
    assert on_map.at[late, "value"] == 10 * size
    assert scope.at["dx_teams", "value"] == 10 * size and scope.at["dx_teams", "units_carried"] == 1
    kpis = list(source_indicators(db)["kpi"])
    reporting = briefing.summary[t("col_reporting", "vi")].iloc[kpis.index("dx_teams")]
    assert f"{size - 1}/{size}" in reporting and "+1" in reporting  # reported, and one carried


def source_indicators(db) -> pd.DataFrame:
    with connect(db, read_only=True) as con:
        return ConnectionReader(con).indicators()


def test_district_lines_mark_carried_and_incomplete_months(district_warehouse):
    db = district_warehouse[0]
    month = date(2024, 12, 1)
    with connect(db, read_only=True) as con:
        source = ConnectionReader(con)
        teams = trend_view(source, month, "dx_teams", "vi", level="districts").chart.figure
        dossiers = trend_view(source, month, "online_dossier_rate", "vi", level="districts").chart.figure
    marks = {trace.name: list(trace.marker.symbol) for trace in teams.data if trace.x[0] is not None}
    late_line = [m for m in marks.values() if "square-open" in m]
    assert len(late_line) == 1  # only the late unit's district rests on a carried figure
    assert late_line[0][0] == "circle" and late_line[0][1] == "square-open"
    assert late_line[0][CARRY_MONTHS + 1] == "diamond-open"  # past the window: the unit is missing
    flows = [list(trace.marker.symbol) for trace in dossiers.data if trace.x[0] is not None]
    assert sum("diamond-open" in m for m in flows) == 1 and not any("square-open" in m for m in flows)


def test_a_units_own_line_carries_its_stock_for_the_stated_months_only(district_warehouse):
    db, late, _, _ = district_warehouse
    month = date(2024, 12, 1)
    with connect(db, read_only=True) as con:
        source = ConnectionReader(con)
        view = trend_view(source, month, "dx_teams", "vi", level="units", codes=[late])
        flow = trend_view(source, month, "online_dossier_rate", "vi", level="units", codes=[late])
    steps = view.steps.sort_values("period")
    assert list(steps["numerator"]) == [10] * (CARRY_MONTHS + 1)  # reported once, then carried
    assert list(steps["units_carried"]) == [0] + [1] * CARRY_MONTHS
    assert len(flow.steps) == 1  # a flow is never carried
    symbols = list(view.chart.figure.data[0].marker.symbol)
    assert symbols == ["circle"] + ["square-open"] * CARRY_MONTHS
    assert view.table["Ghi chú"].iloc[1]  # the table says the figure is carried


def test_a_units_profile_shows_its_carried_stock_as_carried_and_no_carried_flow(district_warehouse):
    db, late, _, _ = district_warehouse
    month = date(2024, 12, 1)
    with connect(db, read_only=True) as con:
        view = profile_view(ConnectionReader(con), month, late, "en")
    assert [m.kpi for m in view.metrics] == ["dx_teams"]  # the flow is not carried: no dossier figure
    assert view.metrics[0].value == "10"
    teams = next(trace for trace in view.chart.figure.data if len(trace.x) == 2)
    assert list(teams.marker.symbol) == ["circle", "square-open"]
    notes = view.chart.data[t("col_note", "en")]
    assert notes.iloc[0] == "" and t("carried_short", "en") in notes.iloc[1]
    assert view.chart.key  # the page and the print say what the hollow squares mean


@pytest.mark.parametrize(("month", "kpi"), [(date(2026, 10, 1), "dx_teams"), (date(2023, 6, 1), "online_dossier_rate")])
def test_one_units_line_read_alone_is_the_line_read_among_all_units(sample_db_template, month, kpi):
    """The profile and the trends read only the units they draw (issue 14); their lines must be those that
    reading every unit's figures gave: the same points, carried in the same months."""
    edition = edition_in_force(month)
    with connect(sample_db_template, read_only=True) as con:
        reader = ConnectionReader(con)
        code = reader.units(edition)["code"].iloc[3]
        aggregation = reader.indicators().set_index("kpi").loc[kpi, "aggregation"]
        among_all = unit_lines(reader.unit_series(kpi, edition, None, month), [code], kpi, aggregation)
        months = [m for m in months_into(edition, reader.periods()) if m <= month]
        alone = unit_lines(
            reader.unit_series(kpi, edition, None, month, codes=[code]), [code], kpi, aggregation, months
        )
        history = reader.unit_history(edition, code, month)
    pd.testing.assert_frame_equal(among_all, alone)
    assert len(among_all) > 12
    mine = history[history["kpi"] == kpi].drop(columns="kpi").reset_index(drop=True)
    assert mine["numerator"].tolist() == reader_values(among_all)


def reader_values(lines: pd.DataFrame) -> list[float]:
    """The reported (not carried) numerators of a unit's line, in month order."""
    return lines.loc[~lines["carried"], "numerator"].tolist()

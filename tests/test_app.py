"""The app and the overview page through streamlit.testing.v1.AppTest."""

import json
from datetime import date

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from core.formats import format_percent
from core.messages import t
from dashboard.overview import reporting_text
from tests.conftest import REPO, open_app

APP = str(REPO / "app.py")
VALUE, REPORTING = t("col_value", "vi"), t("col_reporting", "vi")  # the overview table's columns


def _run(monkeypatch, db, lang=None, details=True) -> AppTest:
    monkeypatch.setenv("DX_WAREHOUSE", str(db))
    monkeypatch.chdir(REPO)
    app = AppTest.from_file(APP, default_timeout=30)
    if lang:
        app.query_params["lang"] = lang
    if details:
        app.session_state["overview_details"] = True  # the table under the cards, as a viewer opens it
    return app.run()


def _cell(app: AppTest, row_label: str, column: str) -> str:
    table = app.dataframe[0].value
    first = table.columns[0]
    return table.loc[table[first] == row_label, column].item()


def _province_rate(db, kpi, month):
    with duckdb.connect(str(db), read_only=True) as con:
        numerator, denominator = con.execute(
            "SELECT sum(numerator), sum(denominator) FROM observation_current WHERE kpi = ? AND period = ?",
            [kpi, month],
        ).fetchone()
    return numerator / denominator


def _matched_rate_change(db, kpi, month, other):
    """The change of the province rate over the units with a figure in both months (same map)."""
    with duckdb.connect(str(db), read_only=True) as con:
        now_n, now_d, then_n, then_d = con.execute(
            """
            SELECT sum(a.numerator), sum(a.denominator), sum(b.numerator), sum(b.denominator)
            FROM observation_current AS a
            JOIN observation_current AS b ON b.kpi = a.kpi AND b.unit_code = a.unit_code AND b.period = ?
            WHERE a.kpi = ? AND a.period = ?
            """,
            [other, kpi, month],
        ).fetchone()
    return now_n / now_d - then_n / then_d


def test_overview_shows_the_latest_month_in_vietnamese(monkeypatch, sample_db_template):
    app = _run(monkeypatch, sample_db_template)
    assert not app.exception
    assert app.title[0].value == t("app_title", "vi")
    assert t("sample_badge", "vi") in app.warning[0].value
    assert app.subheader[0].value == t("overview_heading", "vi", month="Tháng 10/2026")
    expected = format_percent(_province_rate(sample_db_template, "online_dossier_rate", date(2026, 10, 1)), "vi")
    assert _cell(app, "Tỷ lệ hồ sơ TTHC tiếp nhận trực tuyến", VALUE) == expected
    # Two units did not report October 2026: the teams (a stock) keep their last report, so the count
    # does not fall (1.403 over 52 units would look like a loss of 69 teams); the dossiers (a flow) do not.
    assert _cell(app, "Số tổ công nghệ số cộng đồng", REPORTING) == reporting_text(52, 2, 54, "vi")
    assert _cell(app, "Số tổ công nghệ số cộng đồng", VALUE) == "1.472"
    assert _cell(app, "Tỷ lệ hồ sơ TTHC tiếp nhận trực tuyến", REPORTING) == "52/54"
    assert len(app.get("plotly_chart")) == 1


def test_december_2022_shows_the_published_figures(monkeypatch, sample_db_template):
    app = _run(monkeypatch, sample_db_template)
    app.sidebar.selectbox(key="period_vi").set_value(date(2022, 12, 1)).run()
    assert not app.exception
    assert _cell(app, "Số tổ công nghệ số cộng đồng", VALUE) == "1.473"
    assert _cell(app, "Số thành viên tổ công nghệ số cộng đồng", VALUE) == "11.255"
    assert _cell(app, "Tỷ lệ thôn, bản, khu phố có tổ công nghệ số", VALUE) == "100,0%"
    assert _cell(app, "Tỷ lệ thôn, bản, khu phố có tổ công nghệ số", t("col_numerator", "vi")) == "1.452"
    assert _cell(app, "Số tổ công nghệ số cộng đồng", REPORTING) == "177/177"
    assert "177" in app.caption[0].value


def test_language_switch_turns_everything_english(monkeypatch, sample_db_template):
    app = _run(monkeypatch, sample_db_template)
    app.sidebar.radio(key="lang").set_value("en").run()
    assert not app.exception
    assert app.title[0].value == t("app_title", "en")
    assert t("sample_badge", "en") in app.warning[0].value
    assert app.subheader[0].value == "Province, Oct 2026"
    expected = format_percent(_province_rate(sample_db_template, "online_dossier_rate", date(2026, 10, 1)), "en")
    assert _cell(app, "Share of administrative dossiers received online", t("col_value", "en")) == expected


def test_lang_query_parameter_opens_in_english(monkeypatch, sample_db_template):
    app = _run(monkeypatch, sample_db_template, lang="en")
    assert app.title[0].value == t("app_title", "en")


def test_changes_against_previous_month_and_last_year(monkeypatch, sample_db_template):
    app = _run(monkeypatch, sample_db_template)
    month, previous, last_year = date(2026, 10, 1), date(2026, 9, 1), date(2025, 10, 1)
    change = _matched_rate_change(sample_db_template, "chip_id_coverage", month, previous)
    yearly = _matched_rate_change(sample_db_template, "chip_id_coverage", month, last_year)
    row = "Tỷ lệ cấp CCCD gắn chip"
    assert _cell(app, row, t("col_vs_previous", "vi")) == f"{change * 100:+.1f} điểm %".replace(".", ",")
    assert _cell(app, row, t("col_vs_last_year", "vi")) == f"{yearly * 100:+.1f} điểm %".replace(".", ",")


@pytest.mark.parametrize("kpi", ["online_dossier_rate", "dx_teams"])
def test_indicator_choice_redraws_the_trend(monkeypatch, sample_db_template, kpi):
    app = _run(monkeypatch, sample_db_template)
    app.sidebar.selectbox(key="kpi_vi").set_value(kpi).run()
    assert not app.exception
    spec = json.loads(app.get("plotly_chart")[0].proto.spec)
    names = [trace.get("name") for trace in spec["data"]]
    assert any(t("sample_badge", "vi") in block.value for block in app.markdown)  # in the chart's title
    assert (t("target_example", "vi") in names) == (kpi == "online_dossier_rate")
    assert len(spec["data"][0]["x"]) == 58


def test_empty_warehouse_says_no_data_yet(monkeypatch, empty_db):
    app = _run(monkeypatch, empty_db)
    assert not app.exception
    assert t("no_data", "vi") == app.info[0].value
    assert not app.get("plotly_chart")


def test_missing_warehouse_says_how_to_build_one(monkeypatch, tmp_path):
    app = _run(monkeypatch, tmp_path / "nowhere.duckdb")
    assert not app.exception
    assert "python -m etl sample" in app.info[0].value
    assert not (tmp_path / "nowhere.duckdb").exists()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_an_unreachable_lake_is_said_in_the_users_language_and_nothing_is_drawn(monkeypatch, tmp_path, lang):
    from core.errors import DxError
    from warehouse.engine import LAKE_PREFIX, Lake, cursor

    address = f"{LAKE_PREFIX}host=127.0.0.1 port=1 dbname=nowhere connect_timeout=2"
    lake = Lake(address.removeprefix(LAKE_PREFIX), str(tmp_path))
    with pytest.raises(DxError) as refused, cursor(lake):  # what the app must say instead of a traceback
        pass
    app = _run(monkeypatch, address, lang=lang)
    assert not app.exception
    assert [error.value for error in app.error] == [refused.value.shown(lang)]
    assert not app.get("plotly_chart")


def test_chosen_month_survives_the_language_switch(monkeypatch, sample_db_template):
    # AppTest (1.67) drops the sidebar's widgets from its tree after a rerun under st.navigation,
    # so the second step goes through session state; the browser test clicks the real control.
    app = _run(monkeypatch, sample_db_template)
    app.sidebar.selectbox(key="period_vi").set_value(date(2022, 12, 1)).run()
    app.session_state["lang"] = "en"
    app.run()
    assert not app.exception
    assert app.subheader[0].value == "Province, Dec 2022"
    assert app.session_state["period"] == date(2022, 12, 1)


def test_the_year_2022_shows_the_published_annual_figures(monkeypatch, sample_db_template):
    app = _run(monkeypatch, sample_db_template)
    app.sidebar.selectbox(key="period_vi").set_value(date(2022, 12, 1)).run()
    app.radio(key="span_vi").set_value("year").run()
    assert not app.exception
    table = app.dataframe[0].value
    first = table.columns[0]
    dossiers = table[table[first] == "Tỷ lệ hồ sơ TTHC tiếp nhận trực tuyến"].iloc[0]
    assert dossiers[VALUE] == "75,4%" and dossiers[t("col_numerator", "vi")] == "459.326"  # SPEC §2, for 2022
    phones = table[table[first] == "Tỷ lệ dân số trưởng thành sử dụng điện thoại thông minh"].iloc[0]
    assert phones[VALUE] == "88,0%"
    assert app.query_params["span"] == "year"  # a shared link opens the same view


def test_the_year_to_date_adds_up_a_flow_and_takes_a_stock_at_the_month(monkeypatch, sample_db_template):
    from dashboard.overview import year_summary
    from warehouse import connect
    from warehouse.reader import ConnectionReader

    month = date(2023, 6, 1)
    with connect(sample_db_template, read_only=True) as con:
        ytd = year_summary(ConnectionReader(con), month, "vi", "ytd").summary.set_index("kpi")
        sums = con.execute(
            "SELECT sum(numerator), sum(denominator) FROM province_figures"
            " WHERE kpi = 'online_dossier_rate' AND period BETWEEN DATE '2023-01-01' AND ?",
            [month],
        ).fetchone()
        teams = con.execute("SELECT numerator FROM province_figures WHERE kpi = 'dx_teams' AND period = ?", [month])
        teams = teams.fetchone()[0]
    assert (ytd.at["online_dossier_rate", "numerator"], ytd.at["online_dossier_rate", "denominator"]) == sums
    assert ytd.at["dx_teams", "numerator"] == teams


def test_a_future_month_in_the_warehouse_is_never_the_default(monkeypatch, sample_db, tmp_path):
    """A month loaded by mistake before future reports were refused stays choosable, but pages open on
    the newest month that has begun."""
    import duckdb

    from tests.conftest import open_app
    from warehouse import current

    with duckdb.connect(str(sample_db)) as con:
        con.execute(
            "INSERT INTO observation SELECT upload_id, DATE '2099-12-01', edition, unit_code, kpi, numerator,"
            " denominator FROM observation WHERE period = DATE '2026-10-01'"
        )
        current.rebuild(con)  # figures written behind the loader's back: the current ones ranked again
    app = open_app(monkeypatch, sample_db)
    assert not app.exception
    chosen = app.sidebar.selectbox(key="period_vi")
    assert chosen.value.year == 2026 and any(option.startswith("Tháng 12/2099") for option in chosen.options)


@pytest.mark.parametrize(
    ("page", "pickers"),
    [
        ("views/overview.py", {"period_vi", "kpi_vi"}),
        ("views/map.py", {"period_vi", "kpi_vi"}),
        ("views/profile.py", {"period_vi"}),
        ("views/completeness.py", {"period_vi"}),
        ("views/briefing.py", set()),  # it has its own month
        ("views/upload.py", set()),
    ],
)
def test_the_sidebar_shows_only_the_pickers_the_page_reads(monkeypatch, sample_db_template, page, pickers):
    app = open_app(monkeypatch, sample_db_template, page)
    assert not app.exception
    assert {box.key for box in app.sidebar.selectbox} == pickers


def test_a_month_chosen_on_one_page_holds_on_a_page_without_the_picker_and_back(monkeypatch, sample_db_template):
    app = open_app(monkeypatch, sample_db_template, "views/map.py")
    app.sidebar.selectbox(key="period_vi").set_value(date(2023, 6, 1)).run()
    app.switch_page("views/upload.py").run()
    app.switch_page("views/rankings.py").run()
    assert not app.exception
    assert app.sidebar.selectbox(key="period_vi").value == date(2023, 6, 1)
    # Short indicator names in the sidebar: a long name is cut off there.
    assert app.sidebar.selectbox(key="kpi_vi").value == "online_dossier_rate"
    assert "Hồ sơ trực tuyến" in app.sidebar.selectbox(key="kpi_vi").options


def test_the_overview_sends_a_card_for_each_indicator_with_its_value(monkeypatch, sample_db_template):
    app = _run(monkeypatch, sample_db_template)
    assert not app.exception
    (block,) = [html.proto.body for html in app.get("html") if 'class="dx-cards"' in html.proto.body]
    assert block.count('class="dx-card"') == 8
    assert 'data-kpi="online_dossier_rate"' in block and "Đơn vị báo cáo" in block


def test_the_overview_table_is_sent_only_once_its_expander_is_opened(monkeypatch, sample_db_template):
    """Closed, it would load the data grid into every new viewer's browser before the chart is drawn."""
    app = _run(monkeypatch, sample_db_template, details=False)
    assert not app.exception
    assert len(app.main.expander) == 1 and not app.dataframe
    app.session_state["overview_details"] = True
    app.run()
    assert len(app.dataframe[0].value) == 8  # one row per indicator

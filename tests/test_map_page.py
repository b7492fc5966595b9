"""The map page through AppTest: every control, both languages, with and without boundaries."""

from __future__ import annotations

import json
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from core.access import operator
from tests.conftest import REPO

OPERATOR = operator("test")


def _map(monkeypatch, db, lang="vi") -> AppTest:
    monkeypatch.setenv("DX_WAREHOUSE", str(db))
    monkeypatch.chdir(REPO)
    app = AppTest.from_file(str(REPO / "app.py"), default_timeout=30)
    app.session_state["lang"] = lang
    app.run()
    app.switch_page("views/map.py").run()
    return app


def _spec(app: AppTest) -> dict:
    return json.loads(app.get("plotly_chart")[0].proto.spec)


def test_hexagon_map_of_the_latest_month(monkeypatch, sample_db_template):
    app = _map(monkeypatch, sample_db_template)
    assert not app.exception
    spec = _spec(app)
    assert spec["layout"]["map"]["style"] == "white-bg"
    assert len(spec["data"][0]["locations"]) == 54
    assert "Tháng 10/2026" in spec["layout"]["title"]["text"]
    assert "Dữ liệu mẫu" in spec["layout"]["annotations"][0]["text"]
    assert "chưa nhập ranh giới" in app.caption[0].value.lower()
    assert len(app.get("plotly_chart")[0].proto.spec) < 300_000


@pytest.mark.parametrize(
    ("key", "value"), [("map_mode_vi", "change"), ("map_scale_vi", "fixed"), ("map_scale_vi", "quantiles")]
)
def test_controls_redraw(monkeypatch, sample_db_template, key, value):
    app = _map(monkeypatch, sample_db_template)
    app.radio(key=key).set_value(value).run()
    assert not app.exception
    trace = _spec(app)["data"][0]
    if value == "change":
        assert trace["zmid"] == 0
    elif value == "fixed":
        assert (trace["zmin"], trace["zmax"]) == (0, 1)
    else:
        assert len(trace["colorbar"]["ticktext"]) == 5


def test_district_level_on_the_2020_map(monkeypatch, sample_db_template):
    app = _map(monkeypatch, sample_db_template)
    app.session_state["period"] = date(2023, 6, 1)
    app.run()
    app.radio(key="map_level_vi").set_value("districts").run()
    assert not app.exception
    spec = _spec(app)
    assert len(spec["data"][0]["locations"]) == 177
    assert len(set(spec["data"][0]["z"])) <= 13  # one colour per district


def test_english(monkeypatch, sample_db_template):
    app = _map(monkeypatch, sample_db_template, lang="en")
    assert not app.exception
    assert app.title[0].value == "Map"
    assert "Oct 2026" in _spec(app)["layout"]["title"]["text"]


@pytest.mark.shared
def test_geographic_map_with_imported_boundaries(monkeypatch, sample_db, shared_geo):
    from warehouse import connect
    from warehouse.boundaries import import_boundaries

    with connect(sample_db) as con:
        import_boundaries(con, shared_geo / "boundaries_2025.geojson", "2025", by=OPERATOR)
    app = _map(monkeypatch, sample_db)
    app.radio(key="map_shape_vi").set_value("geographic").run()
    assert not app.exception
    spec = app.get("plotly_chart")[0].proto.spec
    assert len(json.loads(spec)["data"][0]["locations"]) == 54
    assert len(spec) < 300_000, f"map figure is {len(spec) / 1000:.0f} KB"


def test_empty_warehouse(monkeypatch, empty_db):
    app = _map(monkeypatch, empty_db)
    assert not app.exception
    assert "chưa có số liệu" in app.info[0].value


def test_switching_language_keeps_every_map_control(monkeypatch, sample_db_template):
    app = _map(monkeypatch, sample_db_template)
    app.sidebar.selectbox(key="period_vi").set_value(date(2023, 6, 1)).run()  # a map with districts
    app.radio(key="map_mode_vi").set_value("change").run()
    app.radio(key="map_level_vi").set_value("districts").run()
    app.sidebar.radio(key="lang").set_value("en").run()
    assert not app.exception
    assert (app.radio(key="map_mode_en").value, app.radio(key="map_level_en").value) == ("change", "districts")
    assert "change since last month" in _spec(app)["layout"]["title"]["text"]
    app.radio(key="map_level_en").set_value("units").run()  # one more click keeps the other control
    app.sidebar.radio(key="lang").set_value("vi").run()
    assert (app.radio(key="map_mode_vi").value, app.radio(key="map_level_vi").value) == ("change", "units")


def test_colour_scale_is_disabled_for_a_change_map(monkeypatch, sample_db_template):
    app = _map(monkeypatch, sample_db_template)
    assert not app.radio(key="map_scale_vi").disabled
    app.radio(key="map_mode_vi").set_value("change").run()
    assert app.radio(key="map_scale_vi").disabled

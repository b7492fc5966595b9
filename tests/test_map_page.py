"""The map page through AppTest: every control, both languages, with and without boundaries."""

from __future__ import annotations

import json
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from core.access import operator
from core.messages import t
from tests.conftest import REPO
from tests.maps import colour_bar, fills, legend, named, pictures, written

OPERATOR = operator("test")


def _map(monkeypatch, db, lang="vi", options=True) -> AppTest:
    """The map page; with `options`, its options' expander opened as a viewer who wants to change them."""
    monkeypatch.setenv("DX_WAREHOUSE", str(db))
    monkeypatch.chdir(REPO)
    app = AppTest.from_file(str(REPO / "app.py"), default_timeout=30)
    app.session_state["lang"] = lang
    app.session_state["map_options"] = options
    app.run()
    app.switch_page("views/map.py").run()
    return app


def _key(app: AppTest):
    """The expander with the key to the map's abbreviations and numbers."""
    (key,) = [expander for expander in app.main.expander if expander.label == t("map_key_heading", "vi")]
    return key


def _spec(app: AppTest) -> dict:
    return json.loads(app.get("plotly_chart")[0].proto.spec)


def test_the_latest_month_opens_on_the_real_map_with_every_unit_labelled(monkeypatch, sample_db_template):
    app = _map(monkeypatch, sample_db_template)
    assert not app.exception
    assert app.radio(key="map_shape_vi").value == "geographic"  # the shipped 2025 boundaries
    spec = _spec(app)
    assert len(fills(spec)) == 54 and len(written(spec)) == 54
    assert len(pictures(spec)) == 1 and not spec["layout"].get("shapes")  # the units as one picture on a page
    numbered = [text for text in written(spec).values() if text.isdigit()]
    assert "Hải Sơn" in written(spec).values() and len(numbered) < 40  # names where they fit, numbers elsewhere
    key = _key(app)
    assert not key.markdown  # closed: the key is sent once opened
    app.session_state["map_key"] = True
    key = _key(app.run())
    assert len(key.markdown) == 1 and all(f"**{n}**" in key.markdown[0].value for n in numbered)
    assert any("Tháng 10/2026" in block.value for block in app.markdown)  # the title, as text
    assert any("Dữ liệu mẫu" in caption.value for caption in app.caption)  # the map's foot note, as text
    assert len(app.get("plotly_chart")[0].proto.spec) < 400_000


def test_the_options_are_closed_at_first_and_keep_their_choices(monkeypatch, sample_db_template):
    app = _map(monkeypatch, sample_db_template, options=False)
    assert not app.exception
    assert len(app.radio) == 1  # the sidebar's language only: the map's radios are sent once opened
    assert len(fills(_spec(app))) == 54 and app.query_params["map_mode"] == "value"  # the map, its choices linked
    app.session_state["map_options"] = True
    app.run().radio(key="map_mode_vi").set_value("change").run()
    app.session_state["map_options"] = False
    app.run()
    assert not app.exception and len(app.radio) == 1
    assert app.query_params["map_mode"] == "change"  # closed again, the choice stays
    assert colour_bar(_spec(app))["cmin"] < 0 < colour_bar(_spec(app))["cmax"]  # a change map, around zero


def test_hexagons_are_one_click_away_and_name_every_unit(monkeypatch, sample_db_template):
    app = _map(monkeypatch, sample_db_template)
    app.radio(key="map_shape_vi").set_value("hexagons").run()
    assert not app.exception
    assert set(written(_spec(app)).values()) >= {"Hà Tu", "Cô Tô"}


@pytest.mark.parametrize(
    ("key", "value"), [("map_mode_vi", "change"), ("map_scale_vi", "fixed"), ("map_scale_vi", "quantiles")]
)
def test_controls_redraw(monkeypatch, sample_db_template, key, value):
    app = _map(monkeypatch, sample_db_template)
    app.radio(key=key).set_value(value).run()
    assert not app.exception
    bar = colour_bar(_spec(app))
    if value == "change":
        assert bar["cmin"] == -bar["cmax"]
    elif value == "fixed":
        assert (bar["cmin"], bar["cmax"]) == (0, 1)
    else:
        assert len(bar["colorbar"]["ticktext"]) == 5


def test_the_2020_map_draws_hexagons_with_districts_and_a_key_to_its_abbreviations(monkeypatch, sample_db_template):
    app = _map(monkeypatch, sample_db_template)
    app.session_state["period"] = date(2023, 6, 1)
    app.session_state["map_key"] = True  # the key opened
    app.run()
    assert not app.exception
    assert app.radio(key="map_shape_vi").options == ["Lục giác (diện tích bằng nhau)"]  # no 2020 boundaries
    spec = _spec(app)
    assert len(written(spec)) == 177
    assert len(named(spec, "districts")["text"]) == 13 and "Hạ Long" in named(spec, "districts")["text"]
    key = " ".join(block.value for block in _key(app).markdown)
    assert all(f"**{label}**" in key for label in written(spec).values())  # every abbreviation spelled out
    assert "Thành phố Hạ Long" in key


def test_district_level_on_the_2020_map(monkeypatch, sample_db_template):
    app = _map(monkeypatch, sample_db_template)
    app.session_state["period"] = date(2023, 6, 1)
    app.run()
    app.radio(key="map_level_vi").set_value("districts").run()
    assert not app.exception
    spec = _spec(app)
    assert len(fills(spec)) == 177
    assert len(set(fills(spec).values())) <= 13  # one colour per district


def test_english(monkeypatch, sample_db_template):
    app = _map(monkeypatch, sample_db_template, lang="en")
    assert not app.exception
    assert app.title[0].value == "Map"
    assert any("Oct 2026" in block.value for block in app.markdown)
    assert "No figure" in legend(_spec(app)) or not [c for c in fills(_spec(app)).values() if c == "#d9d9d9"]


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
    assert any("change since last month" in block.value for block in app.markdown)
    app.radio(key="map_level_en").set_value("units").run()  # one more click keeps the other control
    app.sidebar.radio(key="lang").set_value("vi").run()
    assert (app.radio(key="map_mode_vi").value, app.radio(key="map_level_vi").value) == ("change", "units")


def test_colour_scale_is_disabled_for_a_change_map(monkeypatch, sample_db_template):
    app = _map(monkeypatch, sample_db_template)
    assert not app.radio(key="map_scale_vi").disabled
    app.radio(key="map_mode_vi").set_value("change").run()
    assert app.radio(key="map_scale_vi").disabled

"""The unit profile and shareable links through AppTest."""

from __future__ import annotations

import base64
import json
import re
from datetime import date

import duckdb
import numpy as np
import pandas as pd
import pytest

from core.messages import t
from core.paths import DATA_DIR
from dashboard.profile import lineage_lines, ranks_within_type
from tests.conftest import open_app
from warehouse import current


def test_ranks_within_type_compare_like_with_like():
    figures = pd.DataFrame(
        {"kpi": ["dx_teams"] * 3, "unit_code": ["A", "B", "C"], "numerator": [5.0, 9.0, 7.0], "denominator": [None] * 3}
    )
    units = pd.DataFrame({"code": ["A", "B", "C"], "type": ["xa", "xa", "phuong"]})
    catalogue = pd.DataFrame({"kpi": ["dx_teams"], "kind": ["count"]})
    ranks = ranks_within_type(figures, units, catalogue).set_index("unit_code")
    assert ranks.loc["B", "rank"] == 1 and ranks.loc["A", "rank"] == 2 and ranks.loc["A", "peers"] == 2
    assert ranks.loc["C", "rank"] == 1 and ranks.loc["C", "peers"] == 1


def test_lineage_lines():
    lineage = pd.DataFrame(
        [
            ("2024", "06655", "Phường Hà Khẩu", "2025", "06661", "Phường Việt Hưng", 0.5, True),
            ("2024", "06661", "Phường Giếng Đáy", "2025", "06661", "Phường Việt Hưng", 1.0, False),
        ],
        columns=["from_edition", "from_code", "from_name", "to_edition", "to_code", "to_name", "share", "estimate"],
    )
    came, became = lineage_lines(lineage, "2025", "06661", "vi")
    assert came == ["Phường Hà Khẩu (2024, 06655) (50%, ước tính)", "Phường Giếng Đáy (2024, 06661)"]
    assert became == []


def said(app, words: str) -> str:
    """The markdown block of the page that holds `words` ("" when none does)."""
    return next((block.value for block in app.markdown if words in block.value), "")


def test_profile_of_a_unit_formed_in_2025(monkeypatch, sample_db_template):
    app = open_app(monkeypatch, sample_db_template, "views/profile.py", unit="06661")
    assert not app.exception
    assert app.subheader[0].value.startswith("Phường Việt Hưng")
    assert len(app.metric) == 8
    ranks = [c.value for c in app.caption if c.value.startswith("Hạng ")]
    assert len(ranks) == 8 and all(re.fullmatch(r"Hạng \d+/\d+ trong các phường", r) for r in ranks), ranks
    spec = json.loads(app.get("plotly_chart")[0].proto.spec)
    assert len(spec["data"]) == 8
    assert "Phường Hà Khẩu" in said(app, "Hình thành từ")  # what it came from
    assert "vẫn là đơn vị hiện hành" in said(app, "vẫn là")  # nothing after the 2025 map


def test_profile_of_a_2020_unit_says_what_it_became(monkeypatch, sample_db_template):
    app = open_app(monkeypatch, sample_db_template, "views/profile.py", period="2023-06")
    app.selectbox(key="profile_unit_2020").set_value("06802").run()  # Xã Cẩm Hải, merged in 2024
    assert not app.exception
    assert "Xã Hải Hòa (2024, 06799)" in said(app, "Xã Hải Hòa")


def test_a_shared_link_restores_month_indicator_and_view(monkeypatch, sample_db_template):
    app = open_app(monkeypatch, sample_db_template, "views/map.py", period="2022-12", kpi="dx_teams", map_mode="change")
    assert not app.exception
    assert app.session_state["period"] == date(2022, 12, 1)
    assert app.session_state["kpi"] == "dx_teams"
    assert app.session_state["map_mode"] == "change"  # the options' expander is closed: nothing to read there
    assert "12/2022" in said(app, "12/2022")  # the map's title, above it


@pytest.mark.parametrize("bad", [{"period": "1999-01"}, {"kpi": "nonsense"}, {"map_mode": "3d"}])
def test_a_link_with_unknown_values_falls_back_quietly(monkeypatch, sample_db_template, bad):
    app = open_app(monkeypatch, sample_db_template, "views/map.py", **bad)
    assert not app.exception
    assert app.session_state["period"] == date(2026, 10, 1)


def test_profile_of_a_unit_with_a_zero_over_zero_rate(monkeypatch, sample_db):
    """A commune that received no dossiers at all reports 0/0: no value, no rank, and no crash."""
    with duckdb.connect(str(sample_db)) as con:
        code = con.execute(
            "SELECT unit_code FROM observation WHERE period = DATE '2026-10-01' AND kpi = 'online_dossier_rate' LIMIT 1"
        ).fetchone()[0]
        con.execute(
            """UPDATE observation SET numerator = 0, denominator = 0
               WHERE period = DATE '2026-10-01' AND kpi = 'online_dossier_rate' AND unit_code = ?""",
            [code],
        )
        current.rebuild(con)  # figures written behind the loader's back: the current ones ranked again
    app = open_app(monkeypatch, sample_db, "views/profile.py", unit=code)
    assert not app.exception
    dossiers = next(m for m in app.metric if m.label.startswith("Hồ sơ"))
    assert dossiers.value == "–"
    assert any(caption.value.startswith("Hạng – trong các") for caption in app.caption)
    spec = json.loads(app.get("plotly_chart")[0].proto.spec)
    dossier_panel = _numbers(spec["data"][0]["y"])
    assert np.isnan(dossier_panel[-1])  # drawn as a gap, not as infinity or zero
    assert np.isfinite(dossier_panel[:-1]).all()


def _numbers(values: list | dict) -> np.ndarray:
    """A plotly array from the figure's JSON: a list, or plotly 6's base64-typed array."""
    if isinstance(values, dict):
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"])
    return np.array(values, dtype=float)


def test_profile_of_a_unit_that_has_not_reported_says_so(monkeypatch, sample_db_template):
    with duckdb.connect(str(sample_db_template), read_only=True) as con:
        (code,) = con.execute(
            """SELECT code FROM unit WHERE edition = '2025' AND code NOT IN
               (SELECT unit_code FROM observation_current WHERE period = DATE '2026-10-01') ORDER BY code LIMIT 1"""
        ).fetchone()
    app = open_app(monkeypatch, sample_db_template, "views/profile.py", unit=code)
    assert not app.exception
    assert "Tháng 10/2026" in app.info[0].value
    # Its stocks keep their last report, each saying so; its flows (dossiers, payments) show nothing.
    catalogue = pd.read_csv(DATA_DIR / "indicators.csv")
    stocks = set(catalogue.loc[catalogue["aggregation"] == "stock", "short_vi"])
    assert {m.label for m in app.metric} == stocks
    assert all(t("carried_unit_note", "vi") in c.value for c in app.caption[: len(app.metric)])

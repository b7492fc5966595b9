"""Boundary import: name folding, code detection, matching, geometry repair and simplification,
the warehouse round trip, the command line, and the real 2025 boundaries of ../shared/geo."""

from __future__ import annotations

import hashlib
import itertools
import json
import shutil
import subprocess
import sys
import time
import unicodedata
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from shapely.geometry import MultiPolygon, Polygon, box, shape

from core.access import operator
from geo import boundary_files
from geo import shapes as geo_shapes
from geo.__main__ import main as geo_main
from geo.findings import BoundaryImportError
from geo.matching import detect_code_column, detect_name_column, match_features
from geo.names import normalise_code, split_name
from tests.conftest import Ran, run_main
from warehouse import connect
from warehouse.boundaries import import_boundaries

REPO = Path(__file__).resolve().parents[1]

UNITS = pd.DataFrame(
    [
        ("06970", "Xã Ba Chẽ", "xa"),
        ("06979", "Xã Kỳ Thượng", "xa"),
        ("06652", "Phường Hà Tu", "phuong"),
        ("07147", "Phường Hiệp Hòa", "phuong"),
        ("06727", "Xã Bắc Sơn", "xa"),  # twins by bare name, told apart by the type prefix
        ("06814", "Phường Bắc Sơn", "phuong"),
    ],
    columns=["code", "name", "type"],
)
BOWTIE = Polygon([(0, 0), (1, 1), (1, 0), (0, 1), (0, 0)])

OPERATOR = operator("test")


def features(rows: list[dict], geometries: list | None = None) -> gpd.GeoDataFrame:
    geometries = geometries or [box(k, 0, k + 1, 1) for k in range(len(rows))]
    return gpd.GeoDataFrame(pd.DataFrame(rows), geometry=geometries, crs=4326)


def stored_collection(con, edition: str) -> dict | None:
    """The stored web boundaries of an edition as the FeatureCollection whose size the import measured."""
    rows = con.execute(
        "SELECT b.unit_code, u.name, b.web_geojson FROM boundary AS b"
        " JOIN unit AS u ON u.edition = b.edition AND u.code = b.unit_code WHERE b.edition = ? ORDER BY 1",
        [edition],
    ).fetchall()
    return geo_shapes.feature_collection((c, n, json.loads(w)) for c, n, w in rows) if rows else None


def codes_of(findings: list[dict]) -> list[str]:
    return [f["code"] for f in findings]


def exteriors_clockwise(geom) -> bool:
    """Plotly's winding: exterior rings clockwise, holes anticlockwise."""
    polygons = shapely.get_parts(geom)
    holes_ok = all(ring.is_ccw for p in polygons for ring in p.interiors)
    return len(polygons) > 0 and holes_ok and not any(p.exterior.is_ccw for p in polygons)


# --- names and codes -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spelling", "reference"),
    [
        ("Xã Hải Hoà", "Hải Hòa"),  # old and new tone placement
        ("XÃ HẢI HÒA", "Hải Hòa"),
        (unicodedata.normalize("NFD", "Xã Hải Hòa"), "Hải Hòa"),  # decomposed Unicode
        ("  hải   hòa ", "Hải Hòa"),
        ("Thuỷ An", "Thủy An"),
        ("P.Hà Tu", "Hà Tu"),
        ("P. Hà Tu", "Hà Tu"),
        ("Phường Hà Tu", "Hà Tu"),
        ("TT Ba Chẽ", "Ba Chẽ"),
        ("TT. Ba Chẽ", "Ba Chẽ"),
        ("Thị trấn Ba Chẽ", "Ba Chẽ"),
        ("X.Ba Chẽ", "Ba Chẽ"),
        ("Đặc khu Vân Đồn", "Vân Đồn"),
        ("Móng Cái 1", "móng cái 1"),
    ],
)
def test_fold_name_tolerates_spellings(spelling, reference):
    assert split_name(spelling)[1] == split_name(reference)[1]


@pytest.mark.parametrize(
    ("first", "second"),
    [("Hà Tu", "Hạ Tu"), ("Hải Hòa", "Hải Hà"), ("Móng Cái 1", "Móng Cái 2"), ("Ba Chẽ", "Ba Che")],
)
def test_fold_name_keeps_different_names_apart(first, second):
    assert split_name(first)[1] != split_name(second)[1]


@pytest.mark.parametrize(
    ("name", "unit_type"),
    [
        ("Phường Hà Tu", "phuong"),
        ("P.Hà Tu", "phuong"),
        ("Thị Trấn Ba Chẽ", "thi_tran"),
        ("TT Ba Chẽ", "thi_tran"),
        ("Xã Ba Chẽ", "xa"),
        ("X. Ba Chẽ", "xa"),
        ("Đặc khu Cô Tô", "dac_khu"),
        ("Hà Tu", None),
        ("Xã", None),  # a prefix alone is not a name
    ],
)
def test_split_name_reads_the_type_prefix(name, unit_type):
    assert split_name(name)[0] == unit_type


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (6970, "06970"),
        (6970.0, "06970"),
        ("6970", "06970"),
        ("06970", "06970"),
        (" 06970 ", "06970"),
        ("6970.0", "06970"),
        (6970.5, None),
        (123456, None),
        ("Ba Chẽ", None),
        ("", None),
        (None, None),
        (float("nan"), None),
        (True, None),
    ],
)
def test_normalise_code(value, expected):
    assert normalise_code(value) == expected


def test_code_column_is_the_one_holding_unit_codes():
    frame = features(
        [
            {"ten": "Ba Chẽ", "dan_so": 6652, "MA_XA": 6970},
            {"ten": "Kỳ Thượng", "dan_so": 12000, "MA_XA": 6979},
            {"ten": "Hà Tu", "dan_so": 15000, "MA_XA": 6652},
        ]
    )
    assert detect_code_column(frame, UNITS["code"]) == "MA_XA"


def test_code_column_ties_prefer_a_telling_name():
    frame = features([{"id": "06970", "code": "06970"}, {"id": "06652", "code": "06652"}])
    assert detect_code_column(frame, UNITS["code"]) == "code"


def test_no_code_column_when_codes_only_happen_by_chance():
    frame = features([{"dan_so": 6970}, {"dan_so": 12000}, {"dan_so": 15000}])
    assert detect_code_column(frame, UNITS["code"]) is None


def test_name_column_prefers_accented_names():
    frame = features([{"ascii": "Ba Che", "ten": "Ba Chẽ"}, {"ascii": "Ha Tu", "ten": "Hà Tu"}])
    assert detect_name_column(frame, UNITS) == "ten"


# --- matching --------------------------------------------------------------------------------


def test_numeric_code_is_zero_padded():
    matched, report = match_features(features([{"ma": 6970, "ten": "Ba Chẽ"}]), UNITS)
    assert matched[["unit_code", "matched_by"]].values.tolist() == [["06970", "code"]]
    assert "code_mismatch" not in codes_of(report)


def test_wrong_code_is_matched_by_name_and_reported_with_both_codes():
    matched, report = match_features(
        features([{"code": "06978", "name": "Xã Ba Chẽ"}, {"code": "06652", "name": "Hà Tu"}]), UNITS
    )
    assert matched.set_index("feature")["unit_code"].to_dict() == {0: "06970", 1: "06652"}
    (mismatch,) = [f for f in report if f["code"] == "code_mismatch"]
    assert mismatch["severity"] == "warning"
    assert (mismatch["feature"], mismatch["unit_code"]) == (0, "06970")
    for message in (mismatch["message_vi"], mismatch["message_en"]):
        assert "06978" in message and "06970" in message


def test_names_alone_match_any_spelling_and_twins_need_their_type():
    frame = features(
        [
            {"ten": "P. Hà Tu"},
            {"ten": "HIỆP HOÀ"},
            {"ten": "Xa Ky Thuong"},  # typed without accents
            {"ten": "Phường Bắc Sơn"},
            {"ten": "Bắc Sơn"},  # two units share this bare name
            {"ten": "Nowhere"},
        ]
    )
    matched, report = match_features(frame, UNITS)
    assert matched.set_index("feature")["unit_code"].to_dict() == {
        0: "06652",
        1: "07147",
        2: "06979",
        3: "06814",
    }
    assert set(matched["matched_by"]) == {"name"}
    by_code = {(f["code"], f["feature"]) for f in report}
    assert {("no_code_column", None), ("ambiguous_name", 4), ("unmatched_feature", 5)} <= by_code
    missing = {f["unit_code"] for f in report if f["code"] == "missing_unit"}
    assert missing == {"06970", "06727"}


def test_code_wins_over_a_conflicting_name_but_is_reported():
    matched, report = match_features(features([{"code": "06652", "name": "Ba Chẽ"}]), UNITS)
    assert matched["unit_code"].tolist() == ["06652"]
    assert "code_name_conflict" in codes_of(report)


def test_every_finding_has_the_documented_shape():
    _, report = match_features(features([{"code": "06978", "name": "Nowhere"}]), UNITS)
    assert report
    for item in report:
        assert set(item) == {"severity", "code", "message_vi", "message_en", "feature", "unit_code"}
        assert item["severity"] in ("error", "warning")
        assert item["message_vi"] and item["message_en"]


# --- geometry --------------------------------------------------------------------------------


def test_bowtie_is_repaired_into_polygons():
    assert not BOWTIE.is_valid
    repaired, reason = geo_shapes.repair_geometry(BOWTIE)
    assert repaired.is_valid and reason
    assert repaired.geom_type == "MultiPolygon"
    assert repaired.area == pytest.approx(0.5)


def test_anticlockwise_ring_comes_out_clockwise_and_duplicates_dissolve():
    ring = box(0, 0, 1, 1, ccw=True)
    assert ring.exterior.is_ccw
    holed = Polygon(box(2, 0, 5, 3).exterior.coords, [box(3, 1, 4, 2).exterior.coords])
    frame = features(
        [
            {"code": "06652", "name": "Hà Tu"},
            {"code": "06970", "name": "Ba Chẽ"},
            {"code": "06979", "name": "Kỳ Thượng"},
            {"code": "06979", "name": "Kỳ Thượng"},
        ],
        [ring, BOWTIE, holed, box(5, 0, 6, 3)],
    )
    matched, report = match_features(frame, UNITS)
    shapes, repaired = geo_shapes.unit_geometries(matched)
    assert set(shapes) == {"06652", "06970", "06979"}
    assert all(g.geom_type == "MultiPolygon" and g.is_valid for g in shapes.values())
    assert all(exteriors_clockwise(g) for g in shapes.values())
    assert len(shapes["06979"].geoms) == 1  # the two touching features became one shape
    assert shapes["06979"].area == pytest.approx(9 - 1 + 3)
    assert "duplicate_unit" in codes_of(report)
    (bowtie,) = [f for f in repaired if f["code"] == "invalid_geometry_repaired"]
    assert (bowtie["feature"], bowtie["unit_code"]) == (1, "06970")


def test_islets_touching_nobody_are_dropped_and_largest_parts_stay():
    main = box(0, 0, 1, 1)
    far_islet = box(3, 3, 3.001, 3.001)
    shore_islet = box(1, 0.5, 1.001, 0.501)  # touches the neighbour: dropping it would open a gap
    neighbour = box(1.001, 0, 2, 1).union(box(1, 0, 1.001, 0.5))
    tiny_unit = box(5, 5, 5.0001, 5.0001)
    kept = geo_shapes.drop_islets(
        [MultiPolygon([main, far_islet, shore_islet]), neighbour, MultiPolygon([tiny_unit])], 1e-4
    )
    assert kept[0].area == pytest.approx(main.area + shore_islet.area)
    assert kept[2].area == pytest.approx(tiny_unit.area)


def _zigzag_neighbours() -> list[Polygon]:
    # Two units sharing a finely zigzagging border: simplification must move both sides alike.
    border = [(0.5 + 0.003 * (k % 2), k / 200) for k in range(201)]
    left = Polygon([(0, 0), *border, (0, 1)])
    right = Polygon([(1, 0), (1, 1), *reversed(border)])
    return [left, right]


def test_coverage_simplify_keeps_the_border_shared():
    originals = _zigzag_neighbours()
    simplified = geo_shapes.simplify_coverage(originals, 0.01)
    vertices = sum(shapely.get_num_coordinates(g) for g in simplified)
    assert sum(len(g.exterior.coords) for g in originals) > 4 * vertices
    assert all(g.is_valid and exteriors_clockwise(g) for g in simplified)
    left, right = simplified
    assert left.intersection(right).area < 1e-12
    assert left.intersection(right).length > 0.9
    assert shapely.union_all(simplified).area == pytest.approx(1.0, rel=1e-3)


def test_web_geometry_is_rounded_to_five_decimals():
    geometry = geo_shapes.geometry_json(box(107.1234567, 21.7654321, 107.2, 21.8), 5)
    coordinates = [xy for ring in geometry["coordinates"] for xy in ring]
    assert [107.12346, 21.76543] in coordinates
    assert all(round(v, 5) == v for xy in coordinates for v in xy)


# --- warehouse -------------------------------------------------------------------------------


@pytest.fixture
def db(empty_db: Path) -> Path:
    return empty_db


def write_geojson(path: Path, rows: list[tuple[dict, Polygon]]) -> Path:
    collection = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": properties, "geometry": shapely.geometry.mapping(geom)}
            for properties, geom in rows
        ],
    }
    path.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def tiny_file(tmp_path: Path) -> Path:
    # Around Ba Chẽ; integer codes (padded on import), one wrong code, one bowtie, one unknown
    # feature and one unit drawn as two features.
    x, y = 107.2, 21.2
    return write_geojson(
        tmp_path / "tiny.geojson",
        [
            ({"ma_xa": 6978, "ten": "Xã Ba Chẽ"}, box(x, y, x + 0.1, y + 0.1)),
            ({"ma_xa": 6979, "ten": "Xã Kỳ Thượng"}, box(x + 0.1, y, x + 0.2, y + 0.1, ccw=True)),
            (
                {"ma_xa": 6652, "ten": "Phường Hà Tu"},
                Polygon([(x, y - 0.1), (x + 0.1, y), (x + 0.1, y - 0.1), (x, y), (x, y - 0.1)]),
            ),
            ({"ma_xa": 99999, "ten": "Nowhere"}, box(x + 1, y + 1, x + 1.1, y + 1.1)),
            ({"ma_xa": 7147, "ten": "Phường Hiệp Hoà"}, box(x + 0.2, y, x + 0.3, y + 0.05)),
            ({"ma_xa": 7147, "ten": "Phường Hiệp Hoà"}, box(x + 0.2, y + 0.05, x + 0.3, y + 0.1)),
        ],
    )


def test_import_stores_matched_units_and_the_report(db: Path, tiny_file: Path):
    with connect(db) as con:
        shipped = stored_collection(con, "2025")  # what `etl init` stores from geo/data
        assert shipped is not None and len(shipped["features"]) == 54
        result = import_boundaries(con, tiny_file, "2025", by=OPERATOR)
        stored = con.execute(
            "SELECT unit_code, original_geojson, web_geojson, import_id FROM boundary"
            " WHERE edition = '2025' ORDER BY unit_code"
        ).fetchall()
        logged = con.execute(
            "SELECT import_id, edition, file_name, sha256, imported_at, report_json FROM boundary_import"
            " WHERE import_id = ?",
            [result.import_id],
        ).fetchall()
        collection = stored_collection(con, "2025")
    assert (result.matched, result.unmatched, result.unit_count) == (4, 1, 54)
    assert [row[0] for row in stored] == ["06652", "06970", "06979", "07147"]
    assert {row[3] for row in stored} == {result.import_id}
    found = codes_of(result.findings)
    for code in ("code_mismatch", "invalid_geometry_repaired", "duplicate_unit", "unmatched_feature"):
        assert code in found
    assert found.count("missing_unit") == 50 == len(result.missing)
    (log,) = logged
    checksum = hashlib.sha256(tiny_file.read_bytes()).hexdigest()
    assert log[:4] == (result.import_id, "2025", "tiny.geojson", checksum)
    assert json.loads(log[5])["findings"] == result.findings
    for _, original, web, _ in stored:
        for text in (original, web):
            geom = shape(json.loads(text))
            assert geom.is_valid and exteriors_clockwise(geom)
    hiep_hoa = shape(json.loads(stored[3][1]))
    assert hiep_hoa.geom_type == "MultiPolygon" and len(hiep_hoa.geoms) == 1
    assert [f["id"] for f in collection["features"]] == ["06652", "06970", "06979", "07147"]
    assert collection["features"][1]["properties"] == {"code": "06970", "name": "Xã Ba Chẽ"}
    assert result.web_bytes == len(geo_shapes.dumps(collection).encode("utf-8"))


def test_reimport_replaces_the_edition_and_refusal_changes_nothing(db: Path, tiny_file: Path, tmp_path: Path):
    with connect(db) as con:
        first = import_boundaries(con, tiny_file, "2025", by=OPERATOR)
        second = import_boundaries(con, tiny_file, "2025", by=OPERATOR)
        assert second.import_id > first.import_id
        rows = con.execute("SELECT count(*), min(import_id) FROM boundary").fetchone()
        assert rows == (4, second.import_id)
        nothing = write_geojson(tmp_path / "nothing.geojson", [({"ten": "Nowhere"}, box(0, 0, 1, 1))])
        with pytest.raises(BoundaryImportError) as refused:
            import_boundaries(con, nothing, "2025", by=OPERATOR)
        assert refused.value.code == "no_match"
        assert refused.value.message_vi and refused.value.message_en
        assert refused.value.findings[-1]["severity"] == "error"
        assert con.execute("SELECT count(*), min(import_id) FROM boundary").fetchone() == rows
        assert con.execute("SELECT count(*) FROM boundary_import").fetchone()[0] == 3  # the shipped one and two


UNREADABLE = [("broken.geojson", b"{not json"), ("units.csv", b"code\n06970\n")]


@pytest.mark.parametrize(("name", "content"), UNREADABLE)
def test_unreadable_file_is_refused(db: Path, tmp_path: Path, name: str, content: bytes):
    bad = tmp_path / name
    bad.write_bytes(content)
    with connect(db) as con, pytest.raises(BoundaryImportError) as refused:
        import_boundaries(con, bad, "2025", by=OPERATOR)
    assert refused.value.code == "unreadable_file"
    assert name in refused.value.message_vi and name in refused.value.message_en


def test_file_of_another_edition_is_refused(db: Path, tmp_path: Path):
    with connect(db) as con:
        # 2020 units whose codes live on in 2025 as other units: codes alone would "match".
        reused = con.execute(
            "SELECT a.code, a.name FROM unit a JOIN unit b ON a.code = b.code AND b.edition = '2025'"
            " WHERE a.edition = '2020' AND a.name <> b.name ORDER BY a.code LIMIT 5"
        ).fetchall()
        assert len(reused) == 5
        rows = [({"code": code, "name": name}, box(k, 0, k + 1, 1)) for k, (code, name) in enumerate(reused)]
        old_map = write_geojson(tmp_path / "old.geojson", rows)
        with pytest.raises(BoundaryImportError) as refused:
            import_boundaries(con, old_map, "2025", by=OPERATOR)
        assert refused.value.code == "wrong_edition"
        assert "2020" in refused.value.message_en
        assert con.execute("SELECT count(*) FROM boundary").fetchone()[0] == 54  # the shipped ones, kept


def test_zipped_shapefile_and_projected_geopackage_are_read(tmp_path: Path):
    frame = features([{"ma_xa": "06970", "ten": "Xã Ba Chẽ"}], [box(107.2, 21.2, 107.3, 21.3)])
    shp_dir = tmp_path / "shp"
    shp_dir.mkdir()
    frame.to_file(shp_dir / "ranh_gioi.shp", engine="pyogrio")
    archive = tmp_path / "ranh_gioi.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for part in shp_dir.iterdir():
            zipped.write(part, f"data/{part.name}")
    projected = tmp_path / "ranh_gioi.gpkg"
    frame.to_crs(3857).to_file(projected, engine="pyogrio")
    for path in (archive, projected):
        read = boundary_files.read_features(path)
        assert read.crs.to_epsg() == 4326
        assert read.total_bounds == pytest.approx([107.2, 21.2, 107.3, 21.3], abs=1e-6)
        assert read["ten"].tolist() == ["Xã Ba Chẽ"]


# --- command line ----------------------------------------------------------------------------


def run_cli(*args: str) -> Ran:
    return run_main(geo_main, *args)


def test_cli_imports_and_prints_json(db: Path, tiny_file: Path):
    done = run_cli("import", str(tiny_file), "--edition", "2025", "--db", str(db), "--json")
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert (payload["status"], payload["matched"], payload["units"]) == ("imported", 4, 54)
    summary = run_cli("import", str(tiny_file), "--edition", "2025", "--db", str(db), "--lang", "en")
    assert summary.returncode == 0, summary.stderr
    assert "Units matched: 4/54" in summary.stdout and "KB" in summary.stdout


def test_cli_without_warehouse_says_how_to_create_it(tmp_path: Path, tiny_file: Path):
    missing = tmp_path / "none.duckdb"
    done = run_cli("import", str(tiny_file), "--edition", "2025", "--db", str(missing))
    assert done.returncode == 2
    assert f"python -m etl init --db {missing}" in done.stderr
    assert not missing.exists()


def test_cli_exit_codes_for_unreadable_and_refused_files(db: Path, tmp_path: Path):
    bad = tmp_path / "bad.geojson"
    bad.write_text("{not json", encoding="utf-8")
    assert run_cli("import", str(bad), "--edition", "2025", "--db", str(db)).returncode == 2
    nothing = write_geojson(tmp_path / "nothing.geojson", [({"ten": "Nowhere"}, box(0, 0, 1, 1))])
    refused = run_cli("import", str(nothing), "--edition", "2025", "--db", str(db), "--json")
    assert refused.returncode == 1
    assert json.loads(refused.stdout)["error"]["code"] == "no_match"
    assert run_cli("import", str(nothing), "--edition", "2023", "--db", str(db)).returncode == 2


# --- the real 2025 boundaries ----------------------------------------------------------------


@pytest.fixture(scope="module")
def real_import(shared_geo: Path, empty_db_template: Path, tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("real") / "warehouse.duckdb"
    shutil.copy(empty_db_template, path)
    started = time.perf_counter()
    with connect(path) as con:
        result = import_boundaries(con, shared_geo / "boundaries_2025.geojson", "2025", by=OPERATOR)
    seconds = time.perf_counter() - started
    with connect(path, read_only=True) as con:
        rows = con.execute(
            "SELECT unit_code, original_geojson, web_geojson FROM boundary WHERE edition = '2025' ORDER BY 1"
        ).fetchall()
        collection = stored_collection(con, "2025")
    return {
        "result": result,
        "seconds": seconds,
        "codes": [r[0] for r in rows],
        "original": [shape(json.loads(r[1])) for r in rows],
        "web": [shape(json.loads(r[2])) for r in rows],
        "collection": collection,
        "db": path,
    }


@pytest.mark.shared
def test_real_file_stores_all_54_units(real_import, shared_geo: Path):
    expected = pd.read_csv(shared_geo / "units_2025.csv", dtype={"code": str})["code"].tolist()
    assert real_import["codes"] == sorted(expected)
    result = real_import["result"]
    assert (result.matched, result.unmatched, result.missing) == (54, 0, [])
    assert real_import["seconds"] < 60


@pytest.mark.shared
def test_real_file_ba_che_code_is_reported(real_import):
    (mismatch,) = [f for f in real_import["result"].findings if f["code"] == "code_mismatch"]
    assert (mismatch["severity"], mismatch["unit_code"]) == ("warning", "06970")
    for message in (mismatch["message_vi"], mismatch["message_en"]):
        assert "06978" in message and "06970" in message
    assert not [f for f in real_import["result"].findings if f["severity"] == "error"]


@pytest.mark.shared
def test_real_web_geojson_fits_250_kb(real_import):
    collection = real_import["collection"]
    size = len(json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    assert size == real_import["result"].web_bytes
    assert size <= 250_000
    assert [f["id"] for f in collection["features"]] == real_import["codes"]


@pytest.mark.shared
def test_real_geometries_are_valid_and_clockwise(real_import):
    for original, web in zip(real_import["original"], real_import["web"], strict=True):
        assert original.is_valid and web.is_valid
        assert not web.is_empty and len(shapely.get_parts(web)) >= 1
        assert exteriors_clockwise(original) and exteriors_clockwise(web)


@pytest.mark.shared
def test_real_neighbours_still_share_borders(real_import):
    original, web = real_import["original"], real_import["web"]
    overlap = sum(a.intersection(b).area for a, b in itertools.combinations(web, 2) if a.intersects(b))
    assert overlap < 1e-9  # square degrees; about 0.01 m²
    assert shapely.union_all(web).area == pytest.approx(shapely.union_all(original).area, rel=0.01)
    # Units that share a real border (over ~500 m) still share one after simplification.
    pairs = zip(itertools.combinations(original, 2), itertools.combinations(web, 2), strict=True)
    for (a, b), (c, d) in pairs:
        if a.intersection(b).length > 0.005:
            assert c.intersection(d).length > 0.001


@pytest.mark.shared
def test_real_file_through_the_cli(shared_geo: Path, db: Path):
    real = str(shared_geo / "boundaries_2025.geojson")
    # The one run through the interpreter: `python -m geo` wires `main` to the exit status.
    done = subprocess.run(
        [sys.executable, "-m", "geo", "import", real, "--edition", "2025", "--db", str(db), "--json"],
        cwd=REPO, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert (payload["matched"], payload["units"]) == (54, 54)
    assert payload["web_bytes"] <= 250_000
    wrong = run_cli("import", real, "--edition", "2024", "--db", str(db))
    assert wrong.returncode == 1  # the file is the 2025 map
    assert "--edition 2025" in wrong.stderr


def test_a_fresh_warehouse_holds_the_shipped_2025_boundaries_once_and_a_province_import_wins(empty_db: Path, tmp_path):
    from warehouse.init import init_warehouse

    with connect(empty_db) as con:
        imports = con.execute("SELECT edition, file_name FROM boundary_import").fetchall()
        assert imports == [("2025", "boundaries_2025.web.geojson")]
        assert con.execute("SELECT count(*) FROM boundary WHERE edition = '2025'").fetchone()[0] == 54
        init_warehouse(con)  # again: nothing imported twice
        assert con.execute("SELECT count(*) FROM boundary_import").fetchone()[0] == 1
        own = write_geojson(
            tmp_path / "own.geojson", [({"ma_xa": 6652, "ten": "Phường Hà Tu"}, box(107, 21, 107.1, 21.1))]
        )
        import_boundaries(con, own, "2025", by=OPERATOR)
        init_warehouse(con)  # the province's own boundaries are never replaced by the shipped ones
        assert con.execute("SELECT count(*) FROM boundary WHERE edition = '2025'").fetchone()[0] == 1

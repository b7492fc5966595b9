"""Exports of issue 5: print images (PNG/SVG/PDF), data as CSV/XLSX, the `python -m reports` command line,
and the download buttons under the pages' charts."""

from __future__ import annotations

import csv
import io
import json
import struct
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from datetime import date

import duckdb
import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

import reports.briefing
from core.access import operator
from core.errors import UsageError
from core.messages import t
from dashboard import images, printing, style, tables
from dashboard.model import Chart
from reports.figures import chart as build_chart
from tests.conftest import REPO, Ran, run_main
from tests.maps import fills, units, written
from warehouse.reader import ConnectionReader

LATEST = date(2026, 10, 1)
A4 = (1123, 794)  # A4 landscape in CSS pixels: 297 × 210 mm at 96 per inch
A4_PNG = (3509, 2481)  # … and in pixels at 300 dpi
TITLE = "Tỷ lệ hồ sơ TTHC tiếp nhận trực tuyến"

needs_chromium = pytest.mark.skipif(images.chromium_path() is None, reason="no Chromium to draw images with")

OPERATOR = operator("test")


# --- tables ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
        ("+84 912 345 678", "'+84 912 345 678"),
        ("-2+3", "'-2+3"),
        ("@cmd", "'@cmd"),
        ("\t=1", "'\t=1"),
        ("Phường Hồng Gai", "Phường Hồng Gai"),
        ("Xã A=B", "Xã A=B"),
        ("", ""),
        (-1.5, -1.5),
        (42, 42),
        (None, None),
    ],
)
def test_neutralise(value, expected):
    assert tables.neutralise(value) == expected


def _frame() -> pd.DataFrame:
    return tables.export_frame(
        {
            "Đơn vị": (['=HYPERLINK("http://x")', "Phường Hồng Gai", "-Xã lạ", "@Ba Chẽ"], None),
            "Tháng": ([date(2026, 10, 1)] * 4, tables.MONTH),
            "Giá trị": ([0.754, 0.5, np.nan, 1.0], tables.PERCENT),
            "Tử số": ([459326.0, 1.0, 2.0, 3.0], tables.COUNT),
            "So với tháng trước (điểm %)": ([-1.25, 0.0, 2.5, np.nan], tables.POINTS),
        }
    )


def _csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_csv_has_a_bom_vietnamese_headers_and_neutralised_text():
    data = tables.csv_bytes(_frame())
    assert data.startswith(b"\xef\xbb\xbf")
    rows = _csv_rows(data)
    assert rows[0] == ["Đơn vị", "Tháng", "Giá trị", "Tử số", "So với tháng trước (điểm %)"]
    assert [row[0] for row in rows[1:]] == ['\'=HYPERLINK("http://x")', "Phường Hồng Gai", "'-Xã lạ", "'@Ba Chẽ"]
    assert rows[1][1] == "2026-10"
    assert float(rows[1][2]) == pytest.approx(0.754)
    assert rows[1][4] == "-1.25"  # a negative number is a number, not a formula
    assert rows[1][3] == "459326"  # whole numbers without ".0"
    assert rows[3][2] == ""  # no figure: an empty cell


@pytest.mark.parametrize(
    ("column", "row", "value", "number_format"),
    [
        ("Giá trị", 0, 0.754, "0.0%"),
        ("Tử số", 0, 459326, "#,##0"),
        ("So với tháng trước (điểm %)", 0, -1.25, tables.POINTS),
        ("Tháng", 0, date(2026, 10, 1), "mm/yyyy"),
    ],
)
def test_xlsx_numbers_are_numeric_cells_with_number_formats(column, row, value, number_format):
    data = tables.xlsx_bytes(_frame(), title="Tiêu đề", notes=["Nguồn: báo cáo", "Dữ liệu mẫu"])
    sheet = load_workbook(io.BytesIO(data)).active
    header_row = next(r for r in range(1, 10) if sheet.cell(r, 1).value == "Đơn vị")
    headers = [cell.value for cell in sheet[header_row]]
    cell = sheet.cell(header_row + 1 + row, headers.index(column) + 1)
    if isinstance(value, date):
        assert cell.is_date and cell.value.date() == value
    else:
        assert cell.data_type == "n" and cell.value == pytest.approx(value)
    assert cell.number_format == number_format


def test_xlsx_layout_title_notes_bold_header_and_neutralised_text():
    data = tables.xlsx_bytes(_frame(), title="Tiêu đề", notes=["Nguồn: báo cáo", "", "Dữ liệu mẫu"])
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet["A1"].value == "Tiêu đề" and sheet["A1"].font.b
    assert [sheet["A2"].value, sheet["A3"].value] == ["Nguồn: báo cáo", "Dữ liệu mẫu"]
    header_row = 5
    assert sheet.cell(header_row, 1).value == "Đơn vị"
    assert all(cell.font.b for cell in sheet[header_row])
    assert sheet.cell(header_row + 1, 1).value == '\'=HYPERLINK("http://x")'
    assert sheet.cell(header_row + 1, 1).data_type == "s"
    assert sheet.cell(header_row + 3, 3).value is None  # NaN: an empty cell, not the text "nan"
    assert sheet.freeze_panes == f"A{header_row + 1}"


# --- images ------------------------------------------------------------------------------------------------------


def png_size(png: bytes) -> tuple[int, int]:
    """(width, height) from a PNG's header."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png[12:16] == b"IHDR", "not a PNG"
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def _small_figure() -> go.Figure:
    figure = go.Figure(go.Scatter(x=[1, 2, 3], y=[0.5, 0.7, 0.754], name="Toàn tỉnh"))
    figure.update_layout(yaxis={"tickformat": ".0%"}, separators=",.")
    return figure


def _print(sample: bool = True, lang: str = "vi") -> go.Figure:
    return printing.for_print(
        _small_figure(),
        title=TITLE,
        period_text="Tháng 10/2026",
        source="Nguồn: báo cáo tháng của các xã, phường, đặc khu.",
        sample=sample,
        lang=lang,
    )


def test_for_print_adds_title_period_source_and_the_sample_notice():
    figure = _print()
    layout = figure.layout
    assert TITLE in layout.title.text and layout.title.subtitle.text == "Tháng 10/2026"
    texts = [a.text for a in layout.annotations]
    assert any(text.startswith("Nguồn:") for text in texts)
    assert any("Dữ liệu mẫu / Sample data" in text for text in texts)
    assert layout.font.family == "DejaVu Sans"
    assert (layout.paper_bgcolor, layout.plot_bgcolor) == ("white", "white")
    assert (layout.width, layout.height) == (1123, 794)
    assert not any("Dữ liệu mẫu" in a.text for a in _print(sample=False).layout.annotations)


def _assert_image(data: bytes, fmt: str, *words: str, size: tuple[int, int] = A4) -> None:
    """Decodes the image and checks its size (CSS pixels), and for SVG and PDF that the words are there as text."""
    width, height = size
    if fmt == "png":
        expected = (round(width * 300 / 96), round(height * 300 / 96))
        assert png_size(data) == expected
        pil = pytest.importorskip("PIL.Image")
        with pil.open(io.BytesIO(data)) as picture:
            picture.load()  # decodes every row
            assert picture.size == expected
            assert round(picture.info["dpi"][0]) == 300
    elif fmt == "svg":
        root = ET.fromstring(data)
        assert root.tag.endswith("svg")
        assert (float(root.get("width")), float(root.get("height"))) == (width, height)
        text = " ".join(root.itertext())
        for word in words:
            assert word in text
    else:
        reader = PdfReader(io.BytesIO(data))
        assert len(reader.pages) == 1
        box = reader.pages[0].mediabox  # PDF points: 0.75 of a CSS pixel
        assert (float(box.width), float(box.height)) == pytest.approx((width * 0.75, height * 0.75), abs=1)
        text = reader.pages[0].extract_text()
        for word in words:
            assert word in text


@needs_chromium
@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_image_of_a_small_figure(fmt):
    data = images.image_bytes(_print(), fmt)
    _assert_image(data, fmt, "Tỷ lệ hồ sơ", "trực tuyến", "Tháng 10/2026", "Dữ liệu mẫu")


@needs_chromium
def test_one_browser_for_every_image_and_every_thread():
    images.image_bytes(_print(), "svg")
    browser = images._BROWSER._kaleido
    results: dict[int, bytes] = {}

    def draw(index: int) -> None:
        results[index] = images.image_bytes(_print(), "png")

    threads = [threading.Thread(target=draw, args=(index,)) for index in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert sorted(results) == [0, 1, 2]
    assert all(png_size(data) == A4_PNG for data in results.values())
    assert images._BROWSER._kaleido is browser  # started once, reused


@needs_chromium
def test_a_crashed_browser_is_replaced():
    images.image_bytes(_print(), "svg")
    images._BROWSER._kaleido.subprocess.kill()
    images._BROWSER._kaleido.subprocess.wait(10)
    _assert_image(images.image_bytes(_print(), "svg"), "svg", "Tháng 10/2026")
    assert images._BROWSER.running()


def test_unknown_image_format():
    with pytest.raises(ValueError, match="jpeg"):
        images.image_bytes(_small_figure(), "jpeg")


# --- the pages' charts from a warehouse -----------------------------------------------------------------------


def chart(con: duckdb.DuckDBPyConnection, *args: object, **options: str) -> Chart:
    """`python -m reports chart`'s model of a page's chart, on an open connection."""
    return build_chart(ConnectionReader(con), *args, **options)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kind", "trace_type", "first_header"),
    [("map", "scatter", "Mã"), ("trend", "scatter", "Tháng"), ("ranking", "scatter", "Xếp hạng")],
)
def test_chart_builds_the_page_figure_and_its_data(sample_con, kind, trace_type, first_header):
    view = chart(sample_con, "online_dossier_rate", LATEST, kind, "vi")
    figure, frame = view.figure, view.data
    assert figure.data[0].type == trace_type
    assert frame.columns[0] == first_header and "Giá trị" in frame.columns
    assert frame.attrs["formats"]["Giá trị"] == "0.0%"
    assert view.sample is True
    assert TITLE in view.title
    assert frame["Ghi chú"].str.contains("Dữ liệu mẫu").all()
    if kind != "trend":
        assert len(frame) == 54 and view.period_text.startswith("Tháng 10/2026")
    else:
        assert pd.to_datetime(frame["Tháng"]).max() == pd.Timestamp(LATEST)


def test_trend_stops_at_the_month(sample_con):
    frame = chart(sample_con, "dx_teams", date(2022, 12, 1), "trend", "vi").data
    assert len(frame) == 12
    assert frame["Giá trị"].iloc[-1] == 1473  # the published December 2022 figure
    assert frame.attrs["formats"]["Giá trị"] == "#,##0"


def test_map_for_print_is_vector_shapes_in_the_page_colours(sample_con):
    flat = chart(sample_con, "online_dossier_rate", LATEST, "map", "en").printed()
    assert not [trace for trace in flat.data if trace.type == "choroplethmap"]
    assert len(units(flat)) >= 54
    assert any(trace.marker.showscale for trace in flat.data if trace.type == "scatter")
    assert flat.layout.yaxis.scaleanchor == "x"


@needs_chromium
@pytest.mark.shared
def test_map_on_imported_boundaries_prints_as_vector(sample_db, shared_geo):
    from warehouse import connect
    from warehouse.boundaries import import_boundaries

    with connect(sample_db) as con:
        import_boundaries(con, shared_geo / "boundaries_2025.geojson", "2025", by=OPERATOR)
    with connect(sample_db, read_only=True) as con:
        flat = chart(con, "online_dossier_rate", LATEST, "map", "vi", shape="geographic").printed()
    assert len({shape["name"] for shape in units(flat)}) == 54
    data = images.image_bytes(flat, "svg")
    _assert_image(data, "svg", "Tỷ lệ hồ sơ", "Dữ liệu mẫu")
    assert b"<image" not in data  # shapes, not a picture of the map


@pytest.mark.parametrize(
    ("options", "units"),
    [({"level": "districts"}, 13), ({"mode": "change"}, 177), ({"scale": "quantiles"}, 177)],
)
def test_map_options_on_the_2020_map(sample_con, options, units):
    view = chart(sample_con, "chip_id_coverage", date(2023, 6, 1), "map", "vi", **options)
    assert len(view.data) == units
    assert len(fills(view.figure)) == 177 and len(written(view.figure)) == 177


@pytest.mark.parametrize(
    ("kpi", "month", "message"),
    [
        ("no_such_kpi", LATEST, "No indicator"),
        ("dx_teams", date(2030, 1, 1), "no figures for 2030-01"),
    ],
)
def test_chart_usage_errors_in_both_languages(sample_con, kpi, month, message):
    with pytest.raises(UsageError) as caught:
        chart(sample_con, kpi, month, "map", "vi")
    assert message in caught.value.message_en
    assert caught.value.message_vi and caught.value.message_vi != caught.value.message_en


def test_no_districts_on_the_2025_map(sample_con):
    with pytest.raises(UsageError, match="no districts"):
        chart(sample_con, "dx_teams", LATEST, "map", "vi", level="districts")


def test_ranking_xlsx_from_the_warehouse(sample_con):
    view = chart(sample_con, "online_dossier_rate", LATEST, "ranking", "vi")
    data = tables.xlsx_bytes(view.data, title=view.title, notes=[view.source, "Dữ liệu mẫu"])
    sheet = load_workbook(io.BytesIO(data)).active
    header_row = next(r for r in range(1, 10) if sheet.cell(r, 1).value == "Xếp hạng")
    headers = [cell.value for cell in sheet[header_row]]
    value = sheet.cell(header_row + 1, headers.index("Giá trị") + 1)
    numerator = sheet.cell(header_row + 1, headers.index("Tử số") + 1)
    assert value.data_type == "n" and 0 < value.value <= 1 and value.number_format == "0.0%"
    assert numerator.data_type == "n" and numerator.number_format == "#,##0"
    assert sheet.cell(header_row + 1, 1).value == 1


# --- command line ------------------------------------------------------------------------------------------------


def _cli(*args: str) -> Ran:
    from reports.__main__ import main

    return run_main(main, *args)


KINDS = ("map", "trend", "ranking")
FORMATS = ("png", "svg", "pdf")


@pytest.fixture(scope="module")
def cli_charts(sample_db_template, tmp_path_factory) -> dict:
    """Every kind in every format through `python -m reports chart`, the nine processes side by side."""
    folder = tmp_path_factory.mktemp("cli")
    runs = {}
    for kind in KINDS:
        for fmt in FORMATS:
            out = folder / f"{kind}.{fmt}"
            process = subprocess.Popen(
                [
                    sys.executable, "-m", "reports", "chart", "--db", str(sample_db_template),
                    "--kpi", "online_dossier_rate", "--period", "2026-10", "--kind", kind, "--format", fmt,
                    "--out", str(out),
                ],
                cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            )  # fmt: skip
            runs[kind, fmt] = (process, out)
    yield runs
    for process, _ in runs.values():
        if process.poll() is None:
            process.kill()


@needs_chromium
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("kind", KINDS)
def test_cli_chart(cli_charts, kind, fmt):
    process, out = cli_charts[kind, fmt]
    stdout, stderr = process.communicate(timeout=240)
    assert process.returncode == 0, stderr
    assert str(out) in stdout
    probe = out.with_name(f"probe-{kind}-{fmt}")
    probe.write_bytes(b"")
    assert out.stat().st_mode == probe.stat().st_mode  # the permissions of any file the user writes
    # No partial file of this chart left (the other charts' commands write beside it at the same time).
    assert [p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.")] == []
    size = (1123, 15 * 52 + 310) if kind == "ranking" else A4  # 52 units reported: a page a little over A4
    _assert_image(out.read_bytes(), fmt, "Tỷ lệ hồ sơ", "Dữ liệu mẫu", size=size)


@pytest.mark.parametrize(
    ("args", "vi", "en"),
    [
        (["--kpi", "nope", "--period", "2026-10"], "Không có chỉ tiêu “nope”", "No indicator “nope”"),
        (["--kpi", "dx_teams", "--period", "2031-01"], "không có số liệu tháng 2031-01", "no figures for 2031-01"),
        (["--kpi", "dx_teams", "--period", "2026-13"], "phải có dạng YYYY-MM", "must be YYYY-MM"),
        (
            ["--kpi", "dx_teams", "--period", "2023-06", "--shape", "geographic"],
            "Chưa nhập ranh giới cho bản đồ 2020: dùng --shape hexagons",
            "No boundaries imported for the 2020 map: use --shape hexagons",
        ),
    ],
)
def test_cli_usage_errors_exit_2_with_a_bilingual_message(sample_db_template, tmp_path, args, vi, en):
    out = tmp_path / "x.png"
    result = _cli(
        "chart", "--db", str(sample_db_template), "--kind", "map", "--format", "png", "--out", str(out), *args
    )
    assert result.returncode == 2
    assert vi in result.stderr and en in result.stderr
    assert not out.exists()


def test_cli_missing_warehouse_and_unknown_kind(tmp_path):
    missing = _cli(
        "chart", "--db", str(tmp_path / "none.duckdb"), "--kpi", "dx_teams", "--period", "2026-10",
        "--kind", "map", "--format", "png", "--out", str(tmp_path / "x.png"),
    )  # fmt: skip
    assert (
        missing.returncode == 2 and "Không tìm thấy kho dữ liệu" in missing.stderr and "No warehouse" in missing.stderr
    )
    kind = _cli("chart", "--kpi", "dx_teams", "--period", "2026-10", "--kind", "pie", "--format", "png", "--out", "x")
    assert kind.returncode == 2


def test_cli_briefing_writes_the_pack_the_page_offers(sample_db_template, tmp_path, capsys, monkeypatch):
    from reports.__main__ import main

    calls = []

    def pack_bytes(source, period, fmt, lang, scope=None, template=None):
        calls.append((period, fmt, lang, scope))
        return b"PK"

    monkeypatch.setattr(reports.briefing, "pack_bytes", pack_bytes)
    out = tmp_path / "ban-tin.pptx"
    args = ["briefing", "--db", str(sample_db_template), "--period", "2026-10", "--format", "pptx", "--out", str(out)]
    assert main([*args, "--lang", "en", "--scope", "06652"]) == 0
    assert calls == [(LATEST, "pptx", "en", "06652")]
    assert out.read_bytes() == b"PK"
    assert "Wrote" in capsys.readouterr().out
    assert main(args) == 0
    assert calls[-1] == (LATEST, "pptx", "vi", None)


def test_cli_briefing_takes_a_province_template_for_powerpoint(sample_db_template, tmp_path, capsys, monkeypatch):
    from pptx import Presentation

    from reports.__main__ import main

    calls = []

    def pack_bytes(source, period, fmt, lang, scope=None, template=None):
        calls.append(template)
        return b"PK"

    monkeypatch.setattr(reports.briefing, "pack_bytes", pack_bytes)
    template = tmp_path / "mau-tinh.pptx"
    Presentation().save(str(template))
    out = tmp_path / "ban-tin.pptx"
    args = ["briefing", "--db", str(sample_db_template), "--period", "2026-10", "--format", "pptx", "--out", str(out)]
    assert main([*args, "--template", str(template)]) == 0
    assert calls[0].data == template.read_bytes() and calls[0].name == "mau-tinh.pptx"
    assert main([*args, "--template", str(tmp_path / "missing.pptx")]) == 2
    err = capsys.readouterr().err
    assert "missing.pptx" in err and "không tìm thấy" in err.lower() and "does not exist" in err
    assert len(calls) == 1


def test_cli_briefing_refuses_a_template_it_cannot_use_before_any_work(sample_db_template, tmp_path, capsys):
    from reports.__main__ import main

    template = tmp_path / "mau.pptx"
    template.write_bytes(b"not a presentation")
    out = tmp_path / "ban-tin.pptx"
    args = ["briefing", "--db", str(sample_db_template), "--period", "2026-10", "--out", str(out)]
    assert main([*args, "--format", "pptx", "--template", str(template)]) == 2
    err = capsys.readouterr().err
    assert "mau.pptx" in err and "PowerPoint" in err and "Traceback" not in err
    assert main([*args, "--format", "pdf", "--template", str(template)]) == 2  # a template is for pptx only
    assert "pptx" in capsys.readouterr().err
    assert not out.exists()


def test_cli_briefing_usage_errors_exit_2(sample_db_template, tmp_path, capsys):
    from reports.__main__ import main

    common = ["briefing", "--db", str(sample_db_template), "--format", "pdf", "--out", str(tmp_path / "b.pdf")]
    assert main([*common, "--period", "2026-10", "--scope", "99999"]) == 2
    assert "99999" in capsys.readouterr().err
    result = _cli(*common, "--period", "2020-10")
    assert result.returncode == 2
    assert "không có số liệu tháng 2020-10" in result.stderr and "no figures for 2020-10" in result.stderr
    assert not (tmp_path / "b.pdf").exists()


@pytest.mark.parametrize("command", ["chart", "briefing"])
def test_cli_out_that_is_a_folder_is_a_usage_error_before_any_work(sample_db_template, tmp_path, capsys, command):
    from reports.__main__ import main

    args = [command, "--db", str(sample_db_template), "--period", "2026-10", "--out", str(tmp_path)]
    args += ["--kpi", "dx_teams", "--kind", "map", "--format", "png"] if command == "chart" else ["--format", "pdf"]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "đó là một thư mục" in err and "it is a folder" in err
    assert "Traceback" not in err


def test_cli_usage_error_creates_no_folders(sample_db_template, tmp_path):
    out = tmp_path / "new" / "sub" / "x.png"
    result = _cli(
        "chart", "--db", str(sample_db_template), "--kpi", "bogus", "--period", "2026-10",
        "--kind", "map", "--format", "png", "--out", str(out),
    )  # fmt: skip
    assert result.returncode == 2
    assert not (tmp_path / "new").exists()


def test_briefing_pack_is_written_whole_or_not_at_all(sample_db_template, tmp_path, monkeypatch):
    import core.files
    from reports.__main__ import main

    def full_disk(path, data):
        with path.open("wb") as half:
            half.write(data[:10])
        raise OSError("disk full")

    monkeypatch.setattr(reports.briefing, "pdf_bytes", lambda briefing: b"%PDF a whole new pack")
    monkeypatch.setattr(core.files.Path, "write_bytes", full_disk)
    out = tmp_path / "b.pdf"
    out.open("wb").write(b"last month's pack")
    args = ["briefing", "--db", str(sample_db_template), "--period", "2026-10", "--format", "pdf", "--out", str(out)]
    assert main(args) == 1
    assert out.read_bytes() == b"last month's pack"
    assert [p.name for p in tmp_path.iterdir()] == ["b.pdf"]  # no half-written file left behind


# --- the pages ------------------------------------------------------------------------------------------------------


@pytest.fixture
def no_images(monkeypatch) -> list:
    """Records any image drawn while a page runs: pages must only offer them."""
    drawn: list = []
    monkeypatch.setattr("dashboard.downloads.image_bytes", lambda *a, **k: drawn.append(a) or b"")
    return drawn


def _page(monkeypatch, db, page: str, lang: str = "vi", **address: str) -> AppTest:
    """`page` opened as a viewer does, with `address`'s choices in its link (period, kpi)."""
    monkeypatch.setenv("DX_WAREHOUSE", str(db))
    monkeypatch.chdir(REPO)
    app = AppTest.from_file(str(REPO / "app.py"), default_timeout=30)
    app.session_state["lang"] = lang
    app.query_params.update(address)
    app.run()
    if page != "views/overview.py":
        app.switch_page(page).run()
    return app


def test_map_page_offers_the_five_downloads(monkeypatch, sample_db_template, sample_con, no_images):
    app = _page(monkeypatch, sample_db_template, "views/map.py")
    assert not app.exception
    buttons = app.get("download_button")
    labels = [button.proto.label for button in buttons]
    assert labels == [t(f"download_{fmt}", "vi") for fmt in ("png", "svg", "pdf", "csv", "xlsx")]
    assert "download_map-online_dossier_rate-2026-10-value-units_png" in buttons[0].proto.id
    assert all(button.proto.ignore_rerun for button in buttons)  # a download does not rerun the page
    assert no_images == []
    # The page's map is the one the command line draws.
    figure = chart(sample_con, "online_dossier_rate", LATEST, "map", "vi").figure
    spec = json.loads(app.get("plotly_chart")[0].proto.spec)
    assert fills(spec) == fills(figure) and written(spec) == written(figure)


@pytest.mark.parametrize(
    "page", ["views/overview.py", "views/trends.py", "views/rankings.py", "views/profile.py", "views/completeness.py"]
)
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_chart_pages_offer_downloads(monkeypatch, sample_db_template, no_images, page, lang):
    app = _page(monkeypatch, sample_db_template, page, lang)
    assert not app.exception
    labels = [button.proto.label for button in app.get("download_button")]
    assert len(labels) == 5
    assert labels[3] == t("download_csv", lang)
    assert no_images == []


def test_download_builders_make_the_files(sample_con):
    from dashboard.downloads import download_files

    view = chart(sample_con, "dx_teams", LATEST, "trend", "vi")
    files = download_files(view)
    assert set(files) == {"png", "svg", "pdf", "csv", "xlsx"}
    assert _csv_rows(files["csv"]())[0][0] == "Tháng"
    sheet = load_workbook(io.BytesIO(files["xlsx"]())).active
    assert sheet["A1"].value == view.title
    assert any("Dữ liệu mẫu" in str(cell.value) for cell in sheet["A"][:5])
    if images.chromium_path() is not None:
        _assert_image(files["pdf"](), "pdf", "Số tổ công nghệ số", "Dữ liệu mẫu")
        assert files["pdf"]() is files["pdf"]()  # built once per click target


def test_printed_ranking_names_every_unit(sample_con):
    view = chart(sample_con, "dx_teams", date(2023, 6, 1), "ranking", "vi")
    figure, flat = view.figure, view.printed()
    rows = len(figure.layout.yaxis.categoryarray)  # one row of the dot plot per unit
    assert rows > 150  # the 2020 map: 177 units, those that reported
    assert flat.layout.height >= 15 * rows and flat.layout.yaxis.tickfont.size == 10


def test_cli_help_lists_both_commands():
    result = _cli("--help")
    assert result.returncode == 0 and "chart" in result.stdout and "briefing" in result.stdout


def test_profile_data_puts_indicators_side_by_side_and_names_estimates():
    rates = pd.DataFrame(
        {"period": [date(2025, 6, 1), date(2025, 7, 1)], "value": [0.5, 0.625], "estimate": [False, True]}
    )
    teams = pd.DataFrame({"period": [date(2025, 7, 1)], "value": [12.0], "estimate": [False]})
    frame = tables.profile_data([("Hồ sơ trực tuyến", "rate", rates), ("Tổ CNS", "count", teams)], "vi", sample=True)
    assert list(frame.columns) == ["Tháng", "Hồ sơ trực tuyến", "Tổ CNS", "Ghi chú"]
    assert frame["Tổ CNS"].isna().tolist() == [True, False]
    assert frame.attrs["formats"]["Hồ sơ trực tuyến"] == tables.PERCENT
    assert frame.attrs["formats"]["Tổ CNS"] == tables.COUNT
    assert frame["Ghi chú"].tolist() == ["Dữ liệu mẫu", "ước tính: Hồ sơ trực tuyến; Dữ liệu mẫu"]


def test_reporting_data_has_a_column_per_month_with_whole_numbers():
    grid = pd.DataFrame({date(2026, 9, 1): [8, 0], date(2026, 10, 1): [8, 5]}, index=["001", "002"])
    frame = tables.reporting_data(grid, {"002": "Xã Ba Chẽ", "001": "Phường Hạ Long"}, 8, "en", sample=True)
    assert list(frame.columns) == ["Code", "Unit", "09/2026 (/8)", "10/2026 (/8)", "Note"]
    assert frame["10/2026 (/8)"].tolist() == [8.0, 5.0]
    rows = _csv_rows(tables.csv_bytes(frame))
    assert rows[1][:2] == ["001", "Phường Hạ Long"] and rows[2] == ["002", "Xã Ba Chẽ", "0", "5", "Sample data"]


def test_province_data_notes_months_with_missing_reports():
    series = pd.DataFrame(
        {
            "period": pd.to_datetime(["2026-09-01", "2026-10-01"]),
            "value": [1434.0, 1403.0],
            "numerator": [1434.0, 1403.0],
            "denominator": [np.nan, np.nan],
            "units_reporting": [54, 52],
            "units_in_force": [54, 54],
        }
    )
    targets = pd.DataFrame(columns=["year", "value", "source"])
    frame = tables.province_data(series, targets, "count", "vi", sample=True)
    assert frame["Ghi chú"].tolist() == ["Dữ liệu mẫu", "52/54 đơn vị báo cáo; Dữ liệu mẫu"]


@pytest.mark.parametrize(
    ("page", "chart_type", "kpi"),
    [
        ("views/overview.py", "trend", "online_dossier_rate"),
        ("views/rankings.py", "ranking", "chip_id_coverage"),
        ("views/map.py", "map", "dx_teams"),
    ],
)
def test_the_page_and_the_command_line_draw_the_same_figure(
    monkeypatch, sample_db_template, sample_con, no_images, page, chart_type, kpi
):
    app = _page(monkeypatch, sample_db_template, page, period="2023-06", kpi=kpi)
    assert not app.exception
    shown = json.loads(app.get("plotly_chart")[0].proto.spec)
    drawn = json.loads(chart(sample_con, kpi, date(2023, 6, 1), chart_type, "vi").figure.to_json())
    assert shown["data"] == drawn["data"]
    # The title is said above the figure, as text that wraps on a phone.
    assert shown["layout"]["title"]["text"] == ""
    assert any(drawn["layout"]["title"]["text"] in block.value.replace("\\", "") for block in app.markdown)


def _sent(monkeypatch, db, page: str, kpi: str) -> tuple[object, dict]:
    """The first chart a page sends to the browser, as its element and its figure."""
    app = _page(monkeypatch, db, page, period="2026-10", kpi=kpi)
    assert not app.exception
    element = app.get("plotly_chart")[0].proto
    return element, json.loads(element.spec)


@pytest.mark.parametrize("page", ["views/overview.py", "views/map.py", "views/trends.py", "views/rankings.py"])
def test_a_page_sends_its_charts_in_the_house_look_with_no_theme_to_copy(monkeypatch, sample_db_template, page):
    element, spec = _sent(monkeypatch, sample_db_template, page, "online_dossier_rate")
    layout = spec["layout"]
    assert element.theme == "" and "template" not in layout  # Streamlit has no theme to copy into the chart
    assert layout["font"]["color"] == style.SCREEN_TEXT and layout["hoverlabel"]["bgcolor"] == "white"
    assert layout["font"]["family"] == style.SCREEN_FONT  # what the chart says itself is kept
    assert layout["xaxis"]["gridcolor"] == style.SCREEN_GRID and layout["yaxis"]["automargin"] is True
    # The data's revision: the same data the same, other data another (so plotly compares the arrays).
    again, _ = _sent(monkeypatch, sample_db_template, page, "online_dossier_rate")
    other, _ = _sent(monkeypatch, sample_db_template, page, "dx_teams")
    revision = json.loads(again.spec)["layout"]["datarevision"]
    assert layout["datarevision"] == revision != json.loads(other.spec)["layout"]["datarevision"]


def test_screen_style_is_under_what_a_chart_sets():
    from dashboard.downloads import _under

    defaults = {"font": {"color": "grey", "size": 12}, "colorway": ["a"], "margin": {"pad": 8}}
    values = {"font": {"family": "F", "size": 9}, "margin": {"l": 10}, "height": 300}
    assert _under(values, defaults) == {
        "font": {"color": "grey", "size": 9, "family": "F"},
        "colorway": ["a"],
        "margin": {"pad": 8, "l": 10},
        "height": 300,
    }
    assert defaults == {"font": {"color": "grey", "size": 12}, "colorway": ["a"], "margin": {"pad": 8}}  # unchanged


def test_a_printed_map_carries_its_key_beside_it(sample_con):
    view = chart(sample_con, "chip_id_coverage", date(2023, 6, 1), "map", "vi")
    printed = view.printed()
    key = " ".join(a.text for a in printed.layout.annotations if a.x is not None and a.x >= 0.66)
    assert all(f"<b>{label}</b>" in key for label in written(view.figure).values())  # 177 abbreviations
    assert "<b>Hạ Long</b>" in key  # under their districts
    assert printed.layout.xaxis.domain[1] < 0.66  # the map makes room for it
    bar = next(t.marker.colorbar for t in printed.data if t.marker and t.marker.showscale)
    assert bar.y == 0 and bar.yanchor == "top"  # under the map in print

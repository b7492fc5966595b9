"""The bottom layer's rules: months, the value of a figure, messages, errors, atomic files."""

from __future__ import annotations

import argparse
import ast
import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from core import messages
from core.cli import month_arg
from core.errors import EXIT_USAGE, DxError, UsageError
from core.figures import total_value, value_of, values_of
from core.files import atomic_write
from core.formats import Number
from core.months import add_months, comparison_months, parse_month, previous_month, same_month_last_year
from tests.conftest import REPO


@pytest.mark.parametrize(
    ("month", "previous", "last_year"),
    [
        (date(2024, 3, 1), date(2024, 2, 1), date(2023, 3, 1)),
        (date(2024, 1, 1), date(2023, 12, 1), date(2023, 1, 1)),
    ],
)
def test_comparison_months(month, previous, last_year):
    assert previous_month(month) == previous
    assert same_month_last_year(month) == last_year
    assert comparison_months(month) == [month, previous, last_year]


def test_add_months_crosses_years_both_ways():
    assert add_months(date(2024, 11, 1), 3) == date(2025, 2, 1)
    assert add_months(date(2024, 2, 1), -14) == date(2022, 12, 1)


@pytest.mark.parametrize(
    ("numerator", "denominator", "kind", "expected"),
    [(754, 1000, "rate", 0.754), (7, None, "count", 7), (0, 0, "rate", None), (None, 10, "rate", None)],
)
def test_value_of_a_figure(numerator, denominator, kind, expected):
    value = value_of(numerator, denominator, kind)
    assert (pd.isna(value) and expected is None) or value == pytest.approx(expected)


def test_values_of_mixed_kinds_and_totals_are_sums_not_averages():
    frame = pd.DataFrame({"numerator": [1.0, 99.0, 5.0], "denominator": [10.0, 100.0, None]})
    kinds = pd.Series(["rate", "rate", "count"])
    assert list(values_of(frame["numerator"], frame["denominator"], kinds)) == [0.1, 0.99, 5.0]
    assert total_value(frame.iloc[:2], "rate") == pytest.approx(100 / 110)  # not (0.1 + 0.99) / 2


@pytest.mark.parametrize(("text", "expected"), [("2024-03", date(2024, 3, 1)), (" 2026-10 ", date(2026, 10, 1))])
def test_parse_month(text, expected):
    assert parse_month(text) == expected


@pytest.mark.parametrize("text", ["2024-3", "2024-13", "2024-00", "03/2024", "202403", "1999-12", "2024-03-01", ""])
def test_a_bad_month_is_a_usage_error_in_both_languages(text):
    with pytest.raises(UsageError) as caught:
        parse_month(text)
    assert caught.value.exit_status == EXIT_USAGE
    assert "YYYY-MM" in caught.value.message_vi and "YYYY-MM" in caught.value.message_en


def test_a_bad_month_reads_well_in_argparse(capsys):
    parser = argparse.ArgumentParser(prog="etl template")
    parser.add_argument("--period", type=month_arg, required=True)
    with pytest.raises(SystemExit):
        parser.parse_args(["--period", "2024-13"])
    error = capsys.readouterr().err
    assert "YYYY-MM" in error and "2024-13" in error


def test_an_error_says_a_month_in_each_language():
    error = DxError("briefing_error_month", month=date(2031, 1, 1))
    assert "Tháng 01/2031" in error.message("vi") and "Jan 2031" in error.message("en")


def test_every_message_has_both_languages():
    for key in messages._messages():
        assert messages.t(key, "vi").strip() and messages.t(key, "en").strip(), key


def _message_keys_used() -> set[str]:
    """Keys passed as a literal to t(), both() or an error in the project's code."""
    used = set()
    for package in ("app.py", "core", "geo", "warehouse", "etl", "dashboard", "reports", "views"):
        for path in (REPO / package).rglob("*.py") if (REPO / package).is_dir() else [REPO / package]:
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
                    name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                    if name in {"t", "both", "DxError", "UsageError", "FailedError", "ReadError", "Text"}:
                        used.add(str(node.args[0].value))
    return used


def test_every_message_the_code_names_exists():
    missing = {key for key in _message_keys_used() if not messages.has(key)}
    assert missing == set()


def test_every_kind_of_finding_has_a_name_for_when_only_its_count_is_said():
    codes = {key.split(".")[1] for key in messages._messages() if key.startswith("finding.")}
    named = {key.split(".")[1] for key in messages._messages() if key.startswith("finding_kind.")}
    assert codes - {"more_errors", "more_warnings"} == named


def test_no_message_text_is_written_in_python():
    """Vietnamese words belong in core/messages.toml: a Python file holding one is a second message system."""
    vietnamese = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)
    # The rules about Vietnamese text itself (prefixes, letters) and the languages' own names are not messages.
    allowed = {"core/unit_types.py", "core/text.py", "core/messages.py"}
    offenders = []
    for package in ("core", "warehouse", "etl", "dashboard", "reports", "views"):
        for path in (REPO / package).rglob("*.py"):
            relative = str(path.relative_to(REPO))
            strings = [
                node.value
                for node in ast.walk(ast.parse(path.read_text("utf-8")))
                if isinstance(node, ast.Constant) and isinstance(node.value, str)
            ]
            docstrings = {
                ast.get_docstring(n, clean=False)
                for n in ast.walk(ast.parse(path.read_text("utf-8")))
                if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef))
            }
            texts = [s.replace("Quảng Ninh", "") for s in strings if s not in docstrings]  # a name, not a message
            if relative not in allowed and any(vietnamese.search(s) for s in texts):
                offenders.append(relative)
    assert offenders == []


def test_atomic_write_replaces_whole_or_leaves_the_old_file(tmp_path: Path, monkeypatch):
    out = tmp_path / "pack.pdf"
    atomic_write(out, b"first")
    assert out.read_bytes() == b"first"

    def broken(self, data):
        Path.open(self, "wb").write(data[:2])
        raise OSError("disk full")

    monkeypatch.setattr(Path, "write_bytes", broken)
    with pytest.raises(OSError):
        atomic_write(out, b"second")
    monkeypatch.undo()
    assert out.read_bytes() == b"first"
    assert [p.name for p in tmp_path.iterdir()] == ["pack.pdf"]


def test_a_number_in_a_message_is_written_each_languages_way():
    error = DxError(
        "finding.numerator_above_denominator",
        unit="Xã A",
        indicator="x",
        numerator=Number(459326),
        denominator=Number(1234.5),
    )
    assert "459.326" in error.message("vi") and "1.234,5" in error.message("vi")
    assert "459,326" in error.message("en") and "1,234.5" in error.message("en")
    assert Number(0.754, "rate").in_language("vi") == "75,4%"


def test_a_count_of_one_reads_as_one():
    assert messages.t("count.errors", "en", n=1) == "1 error"
    assert messages.t("count.errors", "en", n=2) == "2 errors"
    assert messages.t("count.errors", "vi", n=1) == "1 lỗi"


def test_text_from_a_file_is_shown_as_its_characters_never_as_markdown():
    from core.text import plain

    shown = plain("![x](http://evil.example/a.png) [bấm](www.evil.example) :red[**ĐÃ DUYỆT**] a@b.vn")
    unescaped = shown.replace("\\", "").replace("\u2060", "")
    assert unescaped == "![x](http://evil.example/a.png) [bấm](www.evil.example) :red[**ĐÃ DUYỆT**] a@b.vn"
    for markup in ("![", "](", ":red[", "**", "http:", "www."):
        assert markup not in shown  # each is broken by an escape or a word joiner
    assert plain("Xã Hà Lâu") == "Xã Hà Lâu"  # ordinary names are left alone

"""Dependencies point one way (README "Layout"): each package imports only the packages below it,
nothing imports the pages, and only the few page helpers that draw widgets import streamlit."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PROJECT = {"app", "views", "dashboard", "reports", "etl", "geo", "warehouse", "core"}

ALLOWED = {
    "core": {"core"},
    "geo": {"geo", "core"},
    "warehouse": {"warehouse", "geo", "core"},
    "etl": {"etl", "geo", "warehouse", "core"},
    "dashboard": {"dashboard", "warehouse", "geo", "etl", "core"},  # etl: the upload page shows the findings
    "reports": {"reports", "dashboard", "warehouse", "geo", "core"},
    "views": {"dashboard", "reports", "etl", "core"},
}
# Command lines are entry points: they may open the warehouse whatever their package.
ENTRY_POINT_EXTRA = {"warehouse"}
DRAWS_WIDGETS = {"dashboard/cache.py", "dashboard/shell.py", "dashboard/downloads.py", "dashboard/signin.py"}


def imported_packages(path: Path) -> set[str]:
    """Top-level names of every import in the file, at any depth (imports inside functions count)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def modules(package: str) -> list[Path]:
    return sorted((REPO / package).rglob("*.py"))


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_package_imports_only_the_layers_below(package: str) -> None:
    wrong = {}
    for path in modules(package):
        allowed = ALLOWED[package] | (ENTRY_POINT_EXTRA if path.name == "__main__.py" else set())
        outside = (imported_packages(path) & PROJECT) - allowed
        if outside:
            wrong[str(path.relative_to(REPO))] = sorted(outside)
    assert wrong == {}, f"imports against the layering: {wrong}"


def test_nothing_imports_the_pages() -> None:
    importers = [
        str(path.relative_to(REPO))
        for package in [*ALLOWED, "tests", "benchmarks"]
        for path in modules(package)
        if "views" in imported_packages(path)
    ]
    assert importers == []


@pytest.mark.parametrize("package", ["core", "geo", "warehouse", "etl", "dashboard", "reports"])
def test_only_widget_helpers_import_streamlit(package: str) -> None:
    importers = {
        str(path.relative_to(REPO)) for path in modules(package) if "streamlit" in imported_packages(path)
    } - DRAWS_WIDGETS
    assert importers == set(), "charts, queries, exports and the ETL must run without streamlit"


def test_the_rules_see_imports_inside_functions(tmp_path: Path) -> None:
    source = tmp_path / "m.py"
    source.write_text("import os\n\ndef f():\n    from views.map import x\n    import streamlit as st\n", "utf-8")
    assert imported_packages(source) == {"os", "views", "streamlit"}


def imported_modules(path: Path) -> set[str]:
    """Project modules the file imports, type-only imports and imports inside functions included."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in names if name.split(".")[0] in PROJECT}


def module_graph() -> dict[str, set[str]]:
    files = {p: ".".join(p.relative_to(REPO).with_suffix("").parts) for pkg in ALLOWED for p in modules(pkg)}
    known = set(files.values())
    graph = {}
    for path, name in files.items():
        name = name.removesuffix(".__init__")
        graph[name] = {
            m.removesuffix(".__init__") for m in imported_modules(path) if m in known or f"{m}.__init__" in known
        }
    return graph


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every cycle met by a depth-first walk of the import graph."""
    seen: dict[str, int] = {}  # 1 on the path being walked, 2 done
    cycles: list[list[str]] = []

    def walk(module: str, path: list[str]) -> None:
        seen[module] = 1
        for other in sorted(graph.get(module, ())):
            if seen.get(other) == 1 and other != module:
                cycles.append([*path[path.index(other) :], other])
            elif other not in seen:
                walk(other, [*path, other])
        seen[module] = 2

    for module in sorted(graph):
        if module not in seen:
            walk(module, [module])
    return cycles


def test_no_import_cycles_not_even_type_only_ones() -> None:
    assert find_cycles(module_graph()) == []


def test_the_cycle_rule_sees_a_cycle() -> None:
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]
    assert "reports.pack" in module_graph()["reports.pdf"]  # type-only imports count as edges

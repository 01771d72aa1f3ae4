"""The layers as a contract: no import runs back up the declared order, and no two modules import each other.

The import graph is read with ``ast`` from the source of ``analysis/``, ``ui/``, ``pages/`` and ``app.py``:
every ``import`` and ``from ... import`` counts, at module level, inside functions and under
``if TYPE_CHECKING`` alike (a function-level import still runs, it only runs later). docs/ARCHITECTURE.md
draws the same order.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

# Each layer and the layers it may import directly; what those may import, it may import too.
# Modules of the same layer may import each other (the cycle check below still applies).
LAYERS: dict[str, tuple[str, ...]] = {
    "base": (),  # analysis.settings, clock, files, cleantext, analysis/__init__
    "data": ("base",),  # the contract: schemas, tables, loader, geo and name checks, countries, filters ...
    "charts": ("data",),  # ChartSpec/ChartResult, style
    "features": ("charts",),  # one module per page family
    "catalog": ("features",),  # analysis.catalog: every named chart
    "export": ("catalog",),
    "imports": ("data",),  # outside feeds into the store
    "query": ("imports",),  # Ibis queries over the store
    "curation": ("features", "imports"),  # editing curated rows; promoting imported ones
    "ingest": ("export", "curation"),  # report -> candidate events
    "entry": ("ingest", "query"),  # command lines: analysis.cli and each package's cli module
    "ui": ("entry",),  # Streamlit glue: anything in analysis/
    "pages": ("ui",),  # app.py and pages/: layout only
}
PACKAGE_LAYERS = {"data", "charts", "features", "export", "imports", "query", "curation", "ingest"}
BASE_MODULES = {"analysis", "analysis.settings", "analysis.clock", "analysis.files", "analysis.cleantext"}
ENTRY_MODULES = {"analysis.cli", "analysis.imports.sync_cli"}


def below(layer: str) -> set[str]:
    """Every layer ``layer`` may import: its own and all layers under it."""
    found, todo = {layer}, [layer]
    while todo:
        for lower in LAYERS[todo.pop()]:
            if lower not in found:
                found.add(lower)
                todo.append(lower)
    return found


def layer_of(module: str) -> str:
    """The layer of a dotted module name (``pages.1_Map`` for a page)."""
    parts = module.split(".")
    if parts[0] in ("pages", "app"):
        return "pages"
    if parts[0] == "ui":
        return "ui"
    if module in BASE_MODULES:
        return "base"
    if module in ENTRY_MODULES or (len(parts) == 3 and parts[2] == "cli"):
        return "entry"
    if module == "analysis.catalog":
        return "catalog"
    if len(parts) >= 2 and parts[1] in PACKAGE_LAYERS:
        return parts[1]
    raise AssertionError(f"module without a declared layer (add it to LAYERS in {__file__}), got {module!r}")


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def sources(root: Path) -> dict[str, Path]:
    """Module name -> file, for analysis/, ui/, pages/ and app.py under ``root``."""
    files = [p for top in ("analysis", "ui", "pages") for p in sorted((root / top).rglob("*.py"))]
    files += [root / "app.py"] if (root / "app.py").exists() else []
    return {module_name(p, root): p for p in files}


def imports_of(name: str, path: Path, known: Iterable[str]) -> list[tuple[str, int]]:
    """(imported project module, line) for every import in the file, function-level ones included."""
    known = set(known)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                target = f"{base}.{alias.name}"
                found.append((target if target in known else base, node.lineno))
    return [(target, line) for target, line in found if target.split(".")[0] in ("analysis", "ui")]


def graph(root: Path) -> dict[str, list[tuple[str, int]]]:
    """Module -> the project modules it imports (with the line of each import)."""
    modules = sources(root)
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def upward_imports(root: Path) -> list[str]:
    """One line per import that runs back up the declared order."""
    modules = sources(root)
    wrong = []
    for name, targets in graph(root).items():
        allowed = below(layer_of(name))
        for target, line in targets:
            if layer_of(target) not in allowed:
                wrong.append(f"{modules[name].relative_to(root)}:{line}: {name} ({layer_of(name)}) imports "
                             f"{target} ({layer_of(target)}), a layer above it")
    return wrong


def cycles(root: Path) -> list[list[str]]:
    """Groups of modules that import each other, directly or round a circle (Tarjan's strongly connected sets)."""
    edges = {name: sorted({t for t, _ in targets}) for name, targets in graph(root).items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in edges.get(node, []):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                group.append(top)
                if top == node:
                    break
            if len(group) > 1 or node in edges.get(node, []):
                found.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_no_import_runs_back_up_the_layers() -> None:
    wrong = upward_imports(REPO)
    assert not wrong, "imports against the layer order (docs/ARCHITECTURE.md):\n" + "\n".join(wrong)


def test_no_import_circle() -> None:
    found = cycles(REPO)
    assert not found, "modules that import each other:\n" + "\n".join(" -> ".join(c) for c in found)


def test_every_module_has_a_layer() -> None:
    assert {layer_of(name) for name in sources(REPO)} <= set(LAYERS)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    for name in ("analysis/__init__.py", "analysis/data/__init__.py", "analysis/data/check.py",
                 "analysis/features/__init__.py", "analysis/features/geo.py", "ui/__init__.py", "ui/core.py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("")
    return tmp_path


def test_the_check_sees_an_upward_import_inside_a_function(tree: Path) -> None:
    (tree / "analysis/data/check.py").write_text("def f():\n    from analysis.features.geo import load_geo\n")
    assert upward_imports(tree) == [
        "analysis/data/check.py:2: analysis.data.check (data) imports analysis.features.geo (features), "
        "a layer above it"]


def test_the_check_sees_analysis_importing_ui_and_a_relative_import(tree: Path) -> None:
    (tree / "analysis/features/geo.py").write_text("import ui.core\nfrom ..data import check\n")
    assert upward_imports(tree) == [
        "analysis/features/geo.py:1: analysis.features.geo (features) imports ui.core (ui), a layer above it"]


def test_the_check_sees_a_circle_within_a_layer(tree: Path) -> None:
    (tree / "analysis/features/geo.py").write_text("from analysis.features import names\n")
    (tree / "analysis/features/names.py").write_text("def f():\n    from analysis.features.geo import View\n")
    assert cycles(tree) == [["analysis.features.geo", "analysis.features.names"]]

"""The package's shape: small modules, short functions, imports that point one way and no cycles.

Read from the source with ``ast`` (nothing is imported), so a failure names the module and
function to split, or the imports that go round in a circle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "sendreflect"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60

# Being rewritten in their own branch; empty these once that work has landed.
LONG_MODULES_ALLOWED: frozenset[str] = frozenset()
LONG_FUNCTIONS_ALLOWED: frozenset[str] = frozenset()
"""``module:function`` names allowed over :data:`MAX_FUNCTION_LINES` (none at present)."""

LOWER_LAYERS = ("sendreflect.store", "sendreflect.frameworks", "sendreflect.validate")
UPPER_LAYERS = ("sendreflect.app", "sendreflect.charts", "sendreflect.report")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES: dict[str, Path] = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def trees() -> dict[str, ast.Module]:
    return {name: ast.parse(path.read_text(encoding="utf-8")) for name, path in MODULES.items()}


def within(name: str, layer: str) -> bool:
    return name == layer or name.startswith(layer + ".")


def imported(name: str, tree: ast.Module) -> set[str]:
    """The package's modules that ``name`` imports at module level (not inside a function).

    ``from sendreflect.x import y`` counts as importing ``sendreflect.x.y`` when that is a
    module, else ``sendreflect.x``. A package's own ``__init__`` being run first when one of its
    modules is imported is Python's doing, not an import written in the module, so it is not an
    edge."""
    is_package = MODULES[name].name == "__init__.py"
    found: set[str] = set()
    for node in tree.body:
        nodes = [node, *ast.walk(node)] if isinstance(node, (ast.If, ast.Try)) else [node]
        for statement in nodes:
            if isinstance(statement, ast.Import):
                found |= {alias.name for alias in statement.names}
            elif isinstance(statement, ast.ImportFrom):
                base = statement.module or ""
                if statement.level:
                    parts = name.split(".")
                    keep = len(parts) - statement.level + (1 if is_package else 0)
                    base = ".".join(parts[:keep] + ([base] if base else []))
                for alias in statement.names:
                    child = f"{base}.{alias.name}"
                    found.add(child if child in MODULES else base)
    return {m for m in found if m in MODULES and m != name}


def import_graph() -> dict[str, set[str]]:
    return {name: imported(name, tree) for name, tree in trees().items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One cycle in ``graph`` as the modules round it (first repeated at the end), or []."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        path.pop()
        state[node] = 2
        return []

    for start in sorted(graph):
        if start not in state and (cycle := visit(start)):
            return cycle
    return []


def test_the_cycle_finder_finds_a_cycle_and_passes_a_tree() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) == []


def test_the_graph_sees_the_imports_the_package_is_known_to_have() -> None:
    graph = import_graph()
    assert "sendreflect.store" in graph["sendreflect.report.context"]
    assert "sendreflect.radarnumbers" in graph["sendreflect.charts"]  # stats: in radar() only
    assert "sendreflect.validate" in graph["sendreflect.validate.book"]


def test_no_module_is_over_400_lines() -> None:
    long = {
        name: len(path.read_text(encoding="utf-8").splitlines())
        for name, path in MODULES.items()
        if name not in LONG_MODULES_ALLOWED
    }
    offenders = {name: lines for name, lines in long.items() if lines > MAX_MODULE_LINES}
    assert not offenders, f"split these modules (lines): {offenders}"


def test_no_function_is_over_60_lines() -> None:
    offenders = {}
    for name, tree in trees().items():
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                where = f"{name}:{node.name}"
                if lines > MAX_FUNCTION_LINES and where not in LONG_FUNCTIONS_ALLOWED:
                    offenders[where] = lines
    assert not offenders, f"split these functions (lines): {offenders}"


def test_the_package_has_no_import_cycle() -> None:
    cycle = find_cycle(import_graph())
    assert not cycle, "these modules import each other in a circle: " + " → ".join(cycle)


@pytest.mark.parametrize("lower", LOWER_LAYERS)
def test_the_store_content_and_checks_never_import_the_apps_charts_or_report(lower: str) -> None:
    graph = import_graph()
    wrong = {
        (name, target)
        for name, targets in graph.items()
        if within(name, lower)
        for target in targets
        if any(within(target, upper) for upper in UPPER_LAYERS)
    }
    assert not wrong, f"imports pointing the wrong way (from, to): {sorted(wrong)}"


def sql_imports(tree: ast.Module) -> set[str]:
    """What a module imports of SQLAlchemy, or of the store's tables, anywhere in it."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "sqlalchemy"}
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module.split(".")[0] == "sqlalchemy" and node.module != "sqlalchemy.exc":
                found.add(node.module)
            if node.module == "sendreflect.store.schema":
                found.add(node.module)
    return found


SQL_ALLOWED = {"sendreflect.dberrors": "reads a database address (sa.make_url) to name it"}
"""Modules outside the store that may import SQLAlchemy, and why: none of them builds SQL."""


def test_only_the_store_touches_tables() -> None:
    """Every write goes through ``Store``: no module outside ``store/`` builds SQL or imports the
    tables. (Reading SQLAlchemy's exception classes, to put a failure into words, is allowed.)"""
    wrong = {
        name: sorted(found)
        for name, tree in trees().items()
        if not within(name, "sendreflect.store")
        and name not in SQL_ALLOWED
        and (found := sql_imports(tree))
    }
    assert not wrong, f"only sendreflect.store may build SQL or import its tables: {wrong}"

"""analysis/ stays navigable: small modules, no import cycles, each module documented and listed.

Every module of the package is at most :data:`MAX_LINES` lines, opens with a docstring, and is
named in the README's layout table; the modules of the package import each other without a cycle
(imports inside functions count: a lazy import only hides a cycle).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "analysis"
MAX_LINES = 600


def _modules() -> dict[str, Path]:
    """Dotted module name -> file, for every module of analysis/ (packages by their __init__)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        parts = path.relative_to(ROOT).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _imported(module: str, path: Path, known: set[str]) -> set[str]:
    """The modules of analysis/ that ``module`` imports (anywhere in the file)."""
    is_package = path.name == "__init__.py"
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against this module's package
                base = module.split(".") if is_package else module.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                parent = ".".join(base + ([node.module] if node.module else []))
            else:
                parent = node.module or ""
            # "from a.b import c": the submodule a.b.c when there is one, else a.b
            names = [f"{parent}.{a.name}" if f"{parent}.{a.name}" in known else parent for a in node.names]
        else:
            continue
        for name in names:
            while name and name not in known:  # "import analysis.x.y" of a name inside a module
                name = name.rpartition(".")[0]
            if name and name != module:
                out.add(name)
    return out


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {m: _imported(m, p, known) for m, p in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(found)


def test_no_module_is_over_600_lines():
    sizes = {m: len(p.read_text(encoding="utf-8").splitlines()) for m, p in _modules().items()}
    over = {m: n for m, n in sizes.items() if n > MAX_LINES}
    assert not over, f"modules over {MAX_LINES} lines (split them along their seams): {over}"


def test_no_import_cycle_between_analysis_modules():
    found = cycles(import_graph())
    assert not found, f"import cycles: {found}"


def test_every_module_opens_with_a_docstring():
    bare = [
        m for m, p in _modules().items() if not ast.get_docstring(ast.parse(p.read_text(encoding="utf-8")))
    ]
    assert not bare, f"modules without a docstring saying what they hold: {bare}"


def test_readme_layout_table_names_every_module():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`(analysis/[\w/]+(?:\.py|/))`", readme))
    missing = []
    for p in _modules().values():
        rel = p.relative_to(ROOT).as_posix()
        if rel not in named and not (p.name == "__init__.py" and rel.removesuffix("__init__.py") in named):
            missing.append(rel)
    assert not missing, f"modules the README's layout table does not name: {missing}"


def test_the_checks_catch_cycles_and_resolve_imports():
    """The cycle finder and the import resolution, on a small graph and on known edges."""
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set(), "c": {"c"}}) == []
    graph = import_graph()
    assert (
        "analysis.figures.style" in graph["analysis.figures.article"]
    )  # from analysis.figures.style import ...
    assert "analysis.figures" in graph["analysis.report"]  # from analysis import figures
    assert "analysis.tables" in graph["analysis.pipeline"]

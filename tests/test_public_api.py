"""analysis/ uses other packages through their public API only.

Scans the package's source (AST) for: imports of another package's private (``_``-prefixed)
modules or names; attribute reads ``x._name`` where ``_name`` is not one of our own names (a
function, class, attribute or slot defined somewhere in analysis/) or where ``x`` is a name
imported from another package; and assignments to attributes of another package's objects
(replacing their functions at run time). The issue's acceptance grep is checked too, with every
hit required to be one of our own names.
"""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "analysis"

#: ``_``-prefixed names that other packages document as public, with where it is documented.
PUBLIC_UNDERSCORE = {
    ("os", "_exit"),  # https://docs.python.org/3/library/os.html#os._exit: the way a forked child exits
}
#: namedtuple's documented methods (https://docs.python.org/3/library/collections.html#collections.namedtuple)
NAMEDTUPLE_API = {"_replace", "_asdict", "_fields", "_make", "_field_defaults"}


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _ours(module: str | None, level: int = 0) -> bool:
    return level > 0 or module == "analysis" or (module or "").startswith("analysis.")


def own_private_names(trees: list[ast.AST]) -> set[str]:
    """Every ``_``-prefixed name analysis/ defines (functions, classes, variables, attributes, slots)."""
    names: set[str] = set()
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                names.add(node.name)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                names.add(node.attr)
            elif isinstance(node, ast.arg):
                names.add(node.arg)
            elif isinstance(node, ast.alias) and node.asname:
                names.add(node.asname)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                names.add(node.value)  # __slots__ entries, "_" + name descriptors, setattr targets
    return {n for n in names if _private(n)}


def _foreign_names(tree: ast.AST) -> dict[str, str]:
    """Names bound by imports of other packages in ``tree``: local name -> module."""
    bound: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if not _ours(alias.name):
                    bound[alias.asname or alias.name.split(".")[0]] = alias.name
        elif isinstance(node, ast.ImportFrom) and not _ours(node.module, node.level):
            for alias in node.names:
                bound[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return bound


def _root(node: ast.AST) -> str | None:
    while isinstance(node, ast.Attribute | ast.Call | ast.Subscript):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _resolve(dotted: str) -> object:
    """The object a dotted name of another package stands for (raises when it cannot be found)."""
    parts = dotted.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:i]))
        except ImportError:
            continue
        for part in parts[i:]:
            obj = getattr(obj, part)
        return obj
    raise ImportError(dotted)


def _replaces_callable(target: ast.Attribute, foreign: dict[str, str]) -> bool:
    """Whether assigning ``target`` (an attribute of another package's object) replaces a function,
    method or class, or a private attribute; public data (``sys.argv``) may be set."""
    if _private(target.attr):
        return True
    chain = []
    node: ast.AST = target.value
    while isinstance(node, ast.Attribute):
        chain.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return True
    try:
        owner = _resolve(".".join([foreign[node.id], *reversed(chain)]))
    except (ImportError, AttributeError):
        return True  # cannot tell: reported
    return callable(getattr(owner, target.attr, None))


def violations(source: str, own: set[str], where: str = "<source>") -> list[str]:
    """Uses of another package's private names, and run-time replacements of its attributes."""
    tree = ast.parse(source)
    foreign = _foreign_names(tree)
    found = []
    for node in ast.walk(tree):
        line = f"{where}:{getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.Import):
            for alias in node.names:
                if not _ours(alias.name) and any(_private(part) for part in alias.name.split(".")):
                    found.append(f"{line}: import of private module {alias.name}")
        elif isinstance(node, ast.ImportFrom) and not _ours(node.module, node.level):
            if any(_private(part) for part in (node.module or "").split(".")):
                found.append(f"{line}: import from private module {node.module}")
            found += [
                f"{line}: import of private name {node.module}.{a.name}"
                for a in node.names
                if _private(a.name)
            ]
        elif isinstance(node, ast.Attribute) and _private(node.attr):
            root = _root(node.value)
            if (foreign.get(root or ""), node.attr) in {(m, a) for m, a in PUBLIC_UNDERSCORE}:
                continue
            if root in foreign and node.attr not in NAMEDTUPLE_API:
                found.append(f"{line}: private attribute {node.attr} of {foreign[root]}")
            elif node.attr not in own and node.attr not in NAMEDTUPLE_API:
                found.append(f"{line}: private attribute {node.attr} is not one of analysis/'s own names")
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign | ast.Delete):
            targets = node.targets if isinstance(node, ast.Assign | ast.Delete) else [node.target]
            for target in targets:
                if (
                    isinstance(target, ast.Attribute)
                    and _root(target) in foreign
                    and _replaces_callable(target, foreign)
                ):
                    found.append(f"{line}: replaces {ast.unparse(target)} of {foreign[_root(target)]}")
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in {"setattr", "delattr"}
            and node.args
            and _root(node.args[0]) in foreign
        ):
            found.append(f"{line}: {node.func.id} on {ast.unparse(node.args[0])} of another package")
    return found


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


@pytest.fixture(scope="module")
def own() -> set[str]:
    return own_private_names([ast.parse(p.read_text(encoding="utf-8")) for p in _modules()])


def test_analysis_uses_only_public_names_of_other_packages(own):
    found = []
    for path in _modules():
        found += violations(path.read_text(encoding="utf-8"), own, str(path.relative_to(PACKAGE.parent)))
    assert not found, "\n".join(found)


#: the issue's acceptance grep: grep -rnE "from [a-z_.]+\._|import [a-z_.]+\._|\._[a-z]" analysis/
ACCEPTANCE = re.compile(r"from [a-z_.]+\._|import [a-z_.]+\._|\._[a-z]")


def test_acceptance_grep_finds_only_our_own_names(own):
    hits = []
    for path in _modules():
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for m in ACCEPTANCE.finditer(line):
                word = re.match(r"\._(\w+)", line[m.start() :])
                if word and "_" + word.group(1) in own | NAMEDTUPLE_API:
                    continue
                if word and line[: m.start()].endswith("os") and word.group(1) == "exit":
                    continue  # os._exit: public (see PUBLIC_UNDERSCORE)
                hits.append(f"{path.relative_to(PACKAGE.parent)}:{n}: {line.strip()}")
    assert not hits, "\n".join(hits)


def test_the_scan_catches_what_the_issue_names():
    """The scanner itself: each private use the project once had is reported; public code is not."""
    own = {"_mine", "_cache"}
    bad = {
        "from pandas._libs import lib": "private module",
        "import pandas._libs.internals": "private module",
        "from pandas.core.arrays._mixins import NDArrayBacked": "private module",
        "from pandas.core.internals import _helper": "private name",
        "from matplotlib.text import Text\nText._get_layout = lambda self, r: None": "replaces",
        "from matplotlib.font_manager import fontManager\nfontManager._find_fonts_by_props(p)": "fontManager",
        "def f(ax, t):\n    return ax._add_text(t)": "not one of",
        "def f(canvas):\n    return canvas._lastKey": "not one of",
        "import matplotlib\nsetattr(matplotlib.text.Text, 'draw', None)": "setattr",
        "import json\njson.dumps = repr": "replaces json.dumps",
        "from matplotlib.text import Text\nText.draw = None": "replaces Text.draw",
        "from pandas import Index\ndef f(i):\n    return Index._view(i)": "Index",
    }
    for source, reason in bad.items():
        found = violations(source, own)
        assert found and reason in " ".join(found), (source, found)
    good = (
        "import os\nos._exit(0)\n"
        "import sys\nsys.argv = ['kernel']\n"
        "from collections import namedtuple\nP = namedtuple('P', 'x')\nP(1)._replace(x=2)\n"
        "class A:\n    def __init__(self):\n        self._mine = 1\n"
        "def g(a):\n    return a._mine, a._cache, a.__class__\n"
        "from analysis import actors as _actors\n_actors._private_helper\n"
    )
    assert violations(good, own | {"_private_helper"}) == []

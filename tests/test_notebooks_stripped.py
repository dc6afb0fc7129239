"""Committed notebooks: no outputs, no execution counts, one `parameters` cell matching the contract."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
#: docs/data-model.md "Notebook parameters".
CONTRACT = {
    "article_report.ipynb": [
        "input_path",
        "registry_files",
        "window",
        "level",
        "top_n",
        "min_mentions",
        "output_dir",
    ],
    "corpus_report.ipynb": [
        "corpus_path",
        "registry_files",
        "window",
        "level",
        "top_n",
        "min_mentions",
        "period",
        "kwic_pattern",
        "output_dir",
    ],
}
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _parameters_cells(nb: dict) -> list[dict]:
    return [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]


def test_contract_notebooks_exist():
    assert {p.name for p in PATHS} >= set(CONTRACT)


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_notebook_is_stripped(path):
    nb = _load(path)
    assert nb["nbformat"] == 4
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    assert "papermill" not in nb["metadata"]
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [], f"{path.name}: cell {cell.get('id')} has outputs"
            assert cell["execution_count"] is None, (
                f"{path.name}: cell {cell.get('id')} has an execution count"
            )
        assert "execution" not in cell.get("metadata", {})


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_cell_ids_are_fixed_and_unique(path):
    ids = [c.get("id") for c in _load(path)["cells"]]
    assert all(ids)
    assert len(set(ids)) == len(ids)
    assert ids == [f"cell-{i:02d}" for i in range(1, len(ids) + 1)]


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_one_parameters_cell_with_contract_names(path):
    nb = _load(path)
    cells = _parameters_cells(nb)
    assert len(cells) == 1
    tree = ast.parse("".join(cells[0]["source"]))
    names = [t.id for node in tree.body if isinstance(node, ast.Assign) for t in node.targets]
    assert all(isinstance(node, ast.Assign) for node in tree.body), "parameters cell holds only assignments"
    if path.name in CONTRACT:
        assert names == CONTRACT[path.name]


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_markdown_cells_are_static_and_title_comes_first(path):
    nb = _load(path)
    assert nb["cells"][0]["cell_type"] == "markdown"
    assert "".join(nb["cells"][0]["source"]).startswith("# ")
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            src = "".join(cell["source"])
            assert "{" not in src and "<" not in src  # no templating, no raw HTML


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_validation_follows_parameters(path):
    nb = _load(path)
    idx = nb["cells"].index(_parameters_cells(nb)[0])
    assert "validate_params(" in "".join(nb["cells"][idx + 1]["source"])


def test_default_input_paths_resolve_from_notebooks_folder():
    for name, key in (("article_report.ipynb", "input_path"), ("corpus_report.ipynb", "corpus_path")):
        src = "".join(_parameters_cells(_load(NOTEBOOKS / name))[0]["source"])
        values = {t.id: ast.literal_eval(n.value) for n in ast.parse(src).body for t in n.targets}
        assert (NOTEBOOKS / values[key]).exists()
        assert values["output_dir"] is None


def test_article_notebook_has_at_least_14_figures():
    src = "".join("".join(c["source"]) for c in _load(NOTEBOOKS / "article_report.ipynb")["cells"])
    assert src.count("out.figure(") >= 14

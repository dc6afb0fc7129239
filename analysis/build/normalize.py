"""Make an executed notebook deterministic: drop run timestamps, fix cell ids.

Papermill writes start/end times and durations into ``metadata.papermill`` and every cell's
``metadata.papermill``; nbclient adds ``metadata.execution`` timestamps; the injected-parameters
cell gets a random id on every run. All of that is removed or replaced here so two builds of the
same inputs give byte-identical ``report.ipynb`` and HTML.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

INJECTED_TAG = "injected-parameters"
INJECTED_ID = "injected-parameters"
#: Keys of ``metadata.papermill`` that vary from run to run or name machine paths (``input_path``
#: is the source notebook, ``output_path`` a temporary folder).
RUN_KEYS = ("start_time", "end_time", "duration", "input_path", "output_path")


def normalize_notebook(nb: MutableMapping[str, Any], source_ids: list[str | None] | None = None) -> None:
    """Strip run-dependent metadata from an executed notebook, in place.

    Args:
        nb: executed notebook (``nbformat.NotebookNode`` or plain dict).
        source_ids: cell ids of the source notebook in order; cells whose id is not among them
            (except the injected-parameters cell) get ``cell-<index>``.
    """
    pm = nb.get("metadata", {}).get("papermill")
    if isinstance(pm, MutableMapping):
        for key in RUN_KEYS:
            pm.pop(key, None)
    known = {i for i in (source_ids or []) if i}
    used: set[str] = set()
    for index, cell in enumerate(nb.get("cells", [])):
        meta = cell.get("metadata", {})
        meta.pop("papermill", None)
        meta.pop("execution", None)
        if "id" not in cell:
            continue
        if INJECTED_TAG in meta.get("tags", []):
            new_id = INJECTED_ID
        elif cell["id"] in known and cell["id"] not in used:
            new_id = cell["id"]
        else:
            new_id = f"cell-{index}"
        cell["id"] = new_id
        used.add(new_id)


def source_cell_ids(nb: MutableMapping[str, Any]) -> list[str | None]:
    """Cell ids of a (source) notebook, None where a cell has none."""
    return [cell.get("id") for cell in nb.get("cells", [])]


def first_heading(nb: MutableMapping[str, Any]) -> str | None:
    """A report title, as plain text: the first h1/h2 a cell *outputs* (e.g. the article's title),
    else the first h1/h2 of a Markdown cell, else None."""
    import html
    import re

    md = re.compile(r"^\s{0,3}#{1,2}\s+(.+?)\s*#*\s*$", re.M)
    tag = re.compile(r"<h[12][^>]*>(.*?)</h[12]>", re.S | re.I)
    for cell in nb.get("cells", []):
        for out in cell.get("outputs", []) or []:
            data = out.get("data", {}) if isinstance(out, MutableMapping) else {}
            if "text/html" in data:
                m = tag.search(_text(data["text/html"]))
                plain = html.unescape(re.sub(r"<[^>]+>", "", m.group(1))) if m else ""
                if plain.strip():
                    return " ".join(plain.split())
            if "text/markdown" in data:
                m = md.search(_text(data["text/markdown"]))
                if m:
                    return m.group(1).strip()
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "markdown":
            m = md.search(_text(cell.get("source", "")))
            if m:
                return m.group(1).strip()
    return None


def _text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)

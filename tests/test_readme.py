"""The README's Python snippets run as written, from the project root, in a fresh interpreter.

A quick start that no longer works (``from analysis import analyze`` gone, a renamed column,
a moved function) fails here instead of on a newcomer's first try.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
FENCE = re.compile(r"^```python[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)


def python_blocks(markdown: str) -> list[str]:
    """The bodies of the ```python fenced blocks of a Markdown text, in order."""
    return [m.group(1) for m in FENCE.finditer(markdown)]


def test_fence_pattern_finds_only_python_blocks():
    text = "intro\n```sh\nmake test\n```\n```python\nx = 1\n```\ntext\n```python\ny = 2\nz = 3\n```\n"
    assert python_blocks(text) == ["x = 1\n", "y = 2\nz = 3\n"]


BLOCKS = python_blocks(README.read_text(encoding="utf-8"))


def test_readme_has_a_python_quick_start():
    assert BLOCKS, "README.md has no ```python block"
    assert any("from analysis import analyze" in b for b in BLOCKS)


@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_readme_python_block_runs(index):
    """Each block runs in a new interpreter with cwd = project root; any exception fails the test."""
    done = subprocess.run(
        [sys.executable, "-c", BLOCKS[index]],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, f"README python block {index} failed:\n{done.stderr[-3000:]}"

"""Shared fixtures: the seed article, by path; Python code run in a fresh interpreter."""

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_8edc49b2fd314639.txt"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def fresh_python() -> Callable[[str], str]:
    """Run Python source in a fresh interpreter (the test modules importable) and return its stdout.

    For what only a new process shows, such as which modules some code imports.
    """

    def run(code: str) -> str:
        prelude = f"import sys\nsys.path.insert(0, {str(Path(__file__).parent)!r})\n"
        done = subprocess.run(
            [sys.executable, "-c", prelude + code], capture_output=True, text=True, timeout=120, check=True
        )
        return done.stdout

    return run

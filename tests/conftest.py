"""Shared fixtures: the seed article, by path."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_8edc49b2fd314639.txt"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED

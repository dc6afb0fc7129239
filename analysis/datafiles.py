"""The package's own data files (``analysis/data/``), and users' files that replace them."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import yaml


def data_text(name: str) -> str:
    """The text of ``analysis/data/<name>`` (read through importlib, so it works from a wheel too)."""
    return resources.files("analysis").joinpath("data", name).read_text(encoding="utf-8")


#: PyYAML's safe loader on libyaml's C parser where PyYAML has it (same values, ~10x faster).
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """Parse YAML ``text`` as ``yaml.safe_load`` does (raises ``yaml.YAMLError``)."""
    return yaml.load(text, Loader=YAML_LOADER)  # noqa: S506 - a safe loader


def read_yaml(name: str, path: str | Path | None = None) -> Any:
    """Parse the user's YAML file at ``path``, or the packaged ``analysis/data/<name>`` when None."""
    text = data_text(name) if path is None else Path(path).read_text(encoding="utf-8")
    return load_yaml(text)


def file_stamp(path: str | Path) -> tuple[str, int, int]:
    """(resolved path, modification time in ns, size) of a user's file: the key under which
    something loaded from it may be cached, so that editing the file is seen on the next load
    (the size catches most edits within the file system's timestamp resolution)."""
    resolved = Path(path).resolve()
    st = resolved.stat()
    return str(resolved), st.st_mtime_ns, st.st_size

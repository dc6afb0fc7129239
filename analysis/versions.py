"""Installed versions of the packages a report depends on (for provenance)."""

from __future__ import annotations

import platform
from collections.abc import Iterable
from importlib import metadata


def package_versions(packages: Iterable[str]) -> dict[str, str | None]:
    """Python's version under ``"python"``, then each package's installed version (None when missing)."""
    out: dict[str, str | None] = {"python": platform.python_version()}
    for name in packages:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out

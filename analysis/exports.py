"""Lazy re-exports for the package ``__init__`` modules (PEP 562 ``__getattr__`` and ``__dir__``).

A public name loads its module on first use and is then kept in the package's namespace, so
importing a package stays cheap. Imports nothing of the project (every package may import it).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_exports(
    package: str, exports: Mapping[str, str], namespace: dict[str, Any]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of ``package``, whose names live in other modules.

    Args:
        package: the package's dotted name (for the error message).
        exports: public name -> the module that defines it.
        namespace: the package's ``globals()``: a loaded name is stored there.

    Returns:
        ``(__getattr__, __dir__)`` to assign in the package's ``__init__``.
    """

    def __getattr__(name: str) -> Any:
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted([*namespace, *exports])

    return __getattr__, __dir__

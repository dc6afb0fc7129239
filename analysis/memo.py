"""A bounded memo of a one-argument function, for hot paths that see the same inputs again."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any


def put_bounded(cache: dict, key: Hashable, value: Any, size: int) -> Any:
    """Store ``value`` under ``key`` in ``cache``, emptying it first when it holds ``size``
    entries (so a long-lived process stays bounded); return ``value``."""
    if len(cache) >= size:
        cache.clear()
    cache[key] = value
    return value


class BoundedMemo(dict):
    """``memo[x]`` is ``compute(x)``, computed on first use and kept; emptied when it holds ``size``
    entries, so a long-lived process stays bounded. Lookups are plain ``dict`` lookups (no Python
    call on a hit), which is why hot loops use it rather than :func:`functools.lru_cache`.
    """

    def __init__(self, compute: Callable[[Any], Any], size: int):
        super().__init__()
        self._compute = compute
        self._size = size

    def __missing__(self, key: Hashable) -> Any:
        return put_bounded(self, key, self._compute(key), self._size)

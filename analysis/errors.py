"""The base of the package's errors about one file or folder: its path and the reason.

Each module keeps its own error class (``ArticleError``, ``RegistryError``, ``StoreError`` ...),
so callers catch what they mean; they share how the error is built and shown: ``path: reason``,
one line the command line prints as it is.
"""

from __future__ import annotations

from pathlib import Path


class PathError(ValueError):
    """An input at ``path`` cannot be used, for ``reason``; ``str()`` is ``"path: reason"``.

    Attributes:
        path: the file or folder (``unnamed`` when None was given: text without a file).
        reason: a short human-readable reason.
    """

    #: What ``path`` says when the error has no file.
    unnamed = "<input>"

    def __init__(self, path: str | Path | None, reason: str):
        self.path = str(path) if path is not None else self.unnamed
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")

"""The article data model: :class:`Article`, :class:`Removal`, the error and warning types, and ids/offsets.

Plain data only: no file reading and no cleaning here.
"""

from __future__ import annotations

import hashlib
import re
import warnings
from dataclasses import dataclass, field
from typing import Any

from analysis.errors import PathError


class ArticleError(PathError):
    """An input could not be read as an article.

    Attributes:
        path: the file (or ``file:line``) that failed.
        reason: a short human-readable reason.
    """

    unnamed = "<text>"


class ArticleWarning(UserWarning):
    """A skipped input (a JSONL/CSV line, or a file of a folder): message ``"<file>:<line>: <reason>"``."""


class DecodingWarning(ArticleWarning):
    """A file decoded with repairs: invalid UTF-8 bytes replaced by U+FFFD, or a fallback encoding.

    Message: ``"<file>: <what was done> (byte offset N)"``; the same text is kept in the
    article's :attr:`Article.notes`.
    """


@dataclass(frozen=True)
class Removal:
    """One piece of boilerplate that cleaning removed (the audit trail)."""

    kind: str  # e.g. "repeated-title", "summary", "share-widget", "copy-protection", "dateline"
    text: str


@dataclass(frozen=True)
class Article:
    """A cleaned news article.

    Attributes:
        id: first 16 hex digits of the sha256 of ``text`` (stable; two records with the same
            text share it: they are the same article).
        title: headline (may be empty).
        text: cleaned body; paragraphs separated by a blank line.
        paragraphs: ``(start, end)`` offsets of each paragraph in ``text``.
        date: ISO date or None.
        source: outlet name or None.
        url: canonical URL or None.
        record_id: the input record's own id (JSONL/CSV ``id`` field, front matter ``id``) or None.
        country: the outlet's country as given by the input (e.g. ``outlet_country``) or None.
        dateline: place of the dateline (e.g. "WASHINGTON") or None.
        path: file the article came from (``file:line`` for JSONL/CSV rows) or None.
        encoding: detected encoding of the file, or None.
        removed: what cleaning removed, in order.
        notes: what loading repaired (e.g. invalid bytes replaced), one message each.
        metadata: any other fields of the input (JSON-like values).
    """

    id: str
    title: str
    text: str
    paragraphs: tuple[tuple[int, int], ...]
    date: str | None = None
    source: str | None = None
    url: str | None = None
    record_id: str | None = None
    country: str | None = None
    dateline: str | None = None
    path: str | None = None
    encoding: str | None = None
    removed: tuple[Removal, ...] = ()
    notes: tuple[str, ...] = ()
    metadata: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def n_words(self) -> int:
        """Whitespace-delimited word count of the body."""
        return len(self.text.split())


_PARA_SPLIT = re.compile(r"\n\s*\n")


def article_id(text: str) -> str:
    """Stable id of an article: sha256 of its cleaned text, first 16 hex digits."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def paragraph_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Offsets of the paragraphs of ``text`` (blocks separated by blank lines), trimmed."""
    spans = []
    pos = 0
    for m in [*_PARA_SPLIT.finditer(text), None]:
        end = m.start() if m else len(text)
        block = text[pos:end]
        stripped = block.strip()
        if stripped:
            s = pos + (len(block) - len(block.lstrip()))
            spans.append((s, s + len(stripped)))
        if m:
            pos = m.end()
    return tuple(spans)


def _warn(message: str, category: type[ArticleWarning] = ArticleWarning) -> None:
    warnings.warn(category(message), stacklevel=2)

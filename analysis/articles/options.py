"""Options of loading articles: the size limit, the CSV delimiter, the symlink root and the field mapping.

Plain data and its validation only; the loaders read it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from analysis.articles.model import ArticleError

#: Default size limit of one article's raw text, in characters (about 2 MB of text).
MAX_ARTICLE_CHARS = 2_000_000
#: A file of one article (txt, md) may hold at most this many bytes per allowed character
#: (UTF-8 needs up to 4); an HTML page this many (markup around the text).
BYTES_PER_CHAR = 4
HTML_BYTES_PER_CHAR = 10

#: Article attribute -> the record fields (JSONL keys, CSV header names, front matter keys) read
#: for it, in order: the first non-empty one wins and the others stay in ``Article.metadata``.
FIELD_NAMES: Mapping[str, tuple[str, ...]] = {
    "text": ("text", "body", "content"),
    "title": ("title", "headline"),
    "source": ("source", "outlet", "publisher", "sitename"),
    "country": ("country", "outlet_country"),
    "date": ("date", "published", "published_at", "pubdate"),
    "url": ("url", "link"),
    "record_id": ("id", "record_id"),
}


def field_names(fields: Mapping[str, str | Sequence[str]] | None = None) -> dict[str, tuple[str, ...]]:
    """The default :data:`FIELD_NAMES` with the user's mapping laid over it.

    Args:
        fields: article attribute -> a record field name or a list of them (tried in order),
            e.g. ``{"source": "candidate_outlets", "title": ["headline", "title"]}``.

    Raises:
        ArticleError: an unknown attribute or an empty list of names.
    """
    names = {k: tuple(v) for k, v in FIELD_NAMES.items()}
    for attr, given in (fields or {}).items():
        if attr not in names:
            raise ArticleError("fields", f"unknown article attribute {attr!r} (known: {', '.join(names)})")
        value = (given,) if isinstance(given, str) else tuple(str(g) for g in given)
        if not value or not all(value):
            raise ArticleError("fields", f"no record field named for {attr!r}")
        names[attr] = value
    return names


@dataclass(frozen=True)
class LoadOptions:
    """How files are read.

    Attributes:
        max_chars: size limit of one article's raw text in characters (None = no limit).
        csv_delimiter: None for standard CSV (comma, ``""`` for a quote inside a quoted cell),
            or another one-character delimiter (e.g. ``";"`` or ``"\\t"``).
        root: the folder every file must resolve inside (a symlink pointing out of it is refused).
        fields: the field mapping (see :func:`field_names`).
    """

    max_chars: int | None = MAX_ARTICLE_CHARS
    csv_delimiter: str | None = None
    root: Path | None = None
    fields: Mapping[str, tuple[str, ...]] = field(default_factory=field_names)

    def __post_init__(self) -> None:
        if self.max_chars is not None and (isinstance(self.max_chars, bool) or self.max_chars < 1):
            raise ArticleError(
                "max_chars", f"must be a positive number of characters, not {self.max_chars!r}"
            )
        if self.csv_delimiter is not None and (len(self.csv_delimiter) != 1 or self.csv_delimiter in '"\r\n'):
            raise ArticleError(
                "csv_delimiter", f"must be one character (not a quote or newline), not {self.csv_delimiter!r}"
            )

    def max_bytes(self, per_char: int) -> int | None:
        """The file size limit for a file of one article."""
        return None if self.max_chars is None else self.max_chars * per_char

"""Record fields (front matter, JSONL objects, CSV rows, HTML metadata) into an :class:`Article`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from analysis.articles.from_text import article_from_text
from analysis.articles.model import Article

_TEXT_FIELDS = ("text", "body", "content")
_KNOWN_FIELDS = frozenset({"title", "date", "source", "outlet", "url"})


def _from_fields(
    fields: Mapping[str, Any], text: str, *, title: str | None, path: str, encoding: str
) -> Article:
    """Build an article from a record's fields (front matter, JSONL object, CSV row)."""
    metadata = {k: v for k, v in fields.items() if k not in _KNOWN_FIELDS}
    source = fields.get("source")
    if source in (None, ""):
        source = fields.get("outlet")
    elif fields.get("outlet") not in (None, ""):
        metadata["outlet"] = fields["outlet"]  # both given: "source" wins, "outlet" is kept
    url = fields.get("url")
    return article_from_text(
        text,
        title=title,
        path=path,
        date=fields.get("date"),
        source=str(source) if source not in (None, "") else None,
        url=str(url) if url not in (None, "") else None,
        encoding=encoding,
        metadata=metadata,
    )


def _title_field(fields: Mapping[str, Any]) -> str | None:
    value = fields.get("title")
    return None if value in (None, "") else str(value)

"""Record fields (front matter, JSONL objects, CSV rows, HTML metadata) into an :class:`Article`.

The field mapping (:data:`~analysis.articles.options.FIELD_NAMES`) says which record fields
fill which article attribute; every other field is kept in ``Article.metadata``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from analysis.articles.from_text import article_from_text
from analysis.articles.model import Article
from analysis.articles.options import LoadOptions


def _present(value: Any) -> bool:
    return value is not None and value != "" and value != [] and value != ()


def _as_str(value: Any) -> str | None:
    """A field value as text: lists joined with ", ", empty as None."""
    if not _present(value):
        return None
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value if _present(v)) or None
    return str(value).strip() or None


def _pick(fields: Mapping[str, Any], names: tuple[str, ...]) -> tuple[str | None, Any]:
    """(name, value) of the first present field among ``names``, or (None, None)."""
    for name in names:
        for key in (name, name.lower()):
            if _present(fields.get(key)):
                return key, fields[key]
    return None, None


def _from_fields(
    fields: Mapping[str, Any],
    text: str,
    *,
    title: str | None,
    path: str,
    encoding: str,
    options: LoadOptions,
    notes: tuple[str, ...] = (),
) -> Article:
    """Build an article from a record's fields (front matter, JSONL object, CSV row).

    Args:
        fields: the record's fields other than its text.
        title: the title to use (None: take the first line of ``text``).
    """
    used: set[str] = set()
    values: dict[str, Any] = {}
    for attr in ("source", "country", "date", "url", "record_id", "title"):
        name, value = _pick(fields, options.fields[attr])
        if name is not None:
            used.add(name)
            values[attr] = value
    metadata = {k: v for k, v in fields.items() if k not in used}
    return article_from_text(
        text,
        title=title,
        path=path,
        date=values.get("date"),
        source=_as_str(values.get("source")),
        url=_as_str(values.get("url")),
        record_id=_as_str(values.get("record_id")),
        country=_as_str(values.get("country")),
        encoding=encoding,
        notes=notes,
        max_chars=options.max_chars,
        metadata=metadata,
    )


def _title_field(fields: Mapping[str, Any], options: LoadOptions) -> str | None:
    """The record's title, or None when it has none."""
    return _as_str(_pick(fields, options.fields["title"])[1])

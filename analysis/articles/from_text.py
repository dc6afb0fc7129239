"""Building an :class:`Article` from raw text: title, date normalisation, cleaning, id.

No file reading here (see :mod:`analysis.articles.loading`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import date as _date
from datetime import datetime
from pathlib import Path
from typing import Any

from analysis.articles.cleaning import (
    _CONTROL,
    _HSPACE,
    _LETTER_WORD,
    _boilerplate_kind,
    _split_dateline,
    clean_text,
)
from analysis.articles.model import Article, ArticleError, article_id, paragraph_spans
from analysis.articles.options import MAX_ARTICLE_CHARS

_DATE_FORMATS = (
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%d.%m.%Y",
    "%B %d, %Y",
    "%b %d, %Y",
    "%B %d %Y",
    "%b %d %Y",
    "%d %B %Y",
    "%d %b %Y",
    "%d %B, %Y",
    "%Y%m%d",
    "%Y%m%dT%H%M%SZ",
    "%Y%m%d%H%M%S",
)


def _normalise_date(value: Any) -> str | None:
    """ISO ``YYYY-MM-DD`` of a date value, or None when it cannot be parsed."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, _date):
        return value.isoformat()
    if not isinstance(value, str | int) or isinstance(value, bool):
        return None
    s = str(value).strip()
    if not s:
        return None
    try:
        return datetime.fromisoformat(s.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    s2 = re.sub(r"^([A-Za-z]{3,4})\.", r"\1", s)  # "Jan. 25, 2022" -> "Jan 25, 2022"
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(s2, fmt).date().isoformat()
        except ValueError:
            continue
    try:
        from email.utils import parsedate_to_datetime

        return parsedate_to_datetime(s).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def _looks_like_headline(line: str) -> bool:
    """A first line is the title unless it is long (over 25 words) or opens with a dateline (a lede)."""
    return (
        0 < len(line.split()) <= 25
        and len(line) <= 250
        and _LETTER_WORD.search(line) is not None
        and not _split_dateline(line)[1]
    )


def _take_title(text: str) -> tuple[str, str]:
    """``(title, rest)``: the first non-empty, non-boilerplate line if it looks like a headline."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        stripped = _HSPACE.sub(" ", _CONTROL.sub("", line)).strip()
        if not stripped or _boilerplate_kind(stripped):
            continue
        if _looks_like_headline(stripped):
            return unicodedata.normalize("NFC", stripped), "\n".join(lines[:i] + lines[i + 1 :])
        break
    return "", text


def _stripped(value: Any) -> str | None:
    return str(value).strip() or None if value is not None else None


def article_from_text(
    text: str,
    *,
    title: str | None = None,
    path: str | Path | None = None,
    date: Any = None,
    source: str | None = None,
    url: str | None = None,
    record_id: str | None = None,
    country: str | None = None,
    encoding: str | None = None,
    notes: tuple[str, ...] = (),
    max_chars: int | None = MAX_ARTICLE_CHARS,
    metadata: Mapping[str, Any] | None = None,
    **extra: Any,
) -> Article:
    """Clean ``text`` and build an :class:`Article`.

    Args:
        text: raw article text.
        title: headline; None takes the first non-empty, non-boilerplate line, unless that line
            is prose (over 25 words, or opens with a dateline): then the title is "" and the line
            stays. Pass "" for a body without a title line (JSONL/CSV records do).
        path: where the text came from (for errors and ``Article.path``).
        date: any date value; normalised to ISO ``YYYY-MM-DD``, or kept in ``metadata["date"]``.
        source, url, record_id, country, encoding: stored as given (stripped; "" as None).
        notes: what loading repaired (``Article.notes``).
        max_chars: size limit of ``text`` in characters (None = no limit).
        metadata, extra: other fields, kept in ``Article.metadata``.

    Raises:
        ArticleError: when ``text`` is over ``max_chars`` or no article prose is left after cleaning.
    """
    if max_chars is not None and len(text) > max_chars:
        raise ArticleError(
            path,
            f"article text is {len(text):,} characters, over the size limit of {max_chars:,} (max_chars)",
        )
    meta: dict[str, Any] = {**(metadata or {}), **extra}
    if title is None:
        title, text = _take_title(text.replace("\r\n", "\n").replace("\r", "\n"))
    else:
        title = " ".join(unicodedata.normalize("NFC", _CONTROL.sub("", str(title))).split())
    body, dateline, removed = clean_text(text, title)
    if sum(1 for _, _ in zip(range(3), _LETTER_WORD.finditer(body), strict=False)) < 3:
        raise ArticleError(path, "no article text after cleaning")
    iso = _normalise_date(date)
    if iso is None and date not in (None, ""):
        meta["date"] = date if isinstance(date, str) else str(date)
    return Article(
        id=article_id(body),
        title=title,
        text=body,
        paragraphs=paragraph_spans(body),
        date=iso,
        source=_stripped(source),
        url=_stripped(url),
        record_id=_stripped(record_id),
        country=_stripped(country),
        dateline=dateline,
        path=str(path) if path is not None else None,
        encoding=encoding,
        removed=removed,
        notes=tuple(notes),
        metadata=meta,
    )

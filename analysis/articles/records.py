"""Loading many-article files: ``.jsonl`` (a JSON object a line) and ``.csv`` (a header, an article a row).

A bad line is skipped with an :class:`~analysis.articles.model.ArticleWarning`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from analysis.articles.decoding import _read
from analysis.articles.fields import _TEXT_FIELDS, _from_fields, _title_field
from analysis.articles.model import Article, ArticleError, _warn


def _record(fields: Mapping[str, Any], path: Path, lineno: int, encoding: str) -> Article:
    """One JSONL/CSV record as an Article; raises ArticleError(f"{path}:{lineno}", reason)."""
    where = f"{path}:{lineno}"
    present = [k for k in _TEXT_FIELDS if fields.get(k) not in (None, "")]
    if not present:
        raise ArticleError(where, f"no text field (expected one of: {', '.join(_TEXT_FIELDS)})")
    key = next((k for k in present if isinstance(fields[k], str)), None)
    if key is None:
        raise ArticleError(where, f"field {present[0]!r} is not a string")
    text = fields[key]
    if not text.strip():
        raise ArticleError(where, f"empty {key!r} field")
    record = {k: v for k, v in fields.items() if k != key}
    return _from_fields(record, text, title=_title_field(fields) or "", path=where, encoding=encoding)


def _load_jsonl(path: Path) -> list[Article]:
    import json

    text, encoding = _read(path)
    articles = []
    for lineno, line in enumerate(text.lstrip("\ufeff").split("\n"), start=1):
        if not line.strip():
            continue
        try:
            fields = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as e:
            _warn(f"{path}:{lineno}: invalid JSON ({getattr(e, 'msg', type(e).__name__)})")
            continue
        if not isinstance(fields, dict):
            _warn(f"{path}:{lineno}: not a JSON object")
            continue
        try:
            articles.append(_record(fields, path, lineno, encoding))
        except ArticleError as e:
            _warn(f"{path}:{lineno}: {e.reason}")
    return articles


def _load_csv(path: Path) -> list[Article]:
    import csv
    import io

    text, encoding = _read(path)
    text = text.lstrip("\ufeff")
    first_line = text.split("\n", 1)[0]
    try:
        dialect: Any = csv.Sniffer().sniff(first_line, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    previous_limit = csv.field_size_limit()
    csv.field_size_limit(max(previous_limit, len(text) + 1))
    try:
        reader = csv.reader(io.StringIO(text, newline=""), dialect)
        try:
            header = [h.strip().lower() for h in next(reader)]
        except (StopIteration, csv.Error) as e:
            raise ArticleError(path, f"unreadable CSV header ({e or 'no rows'})") from None
        if not any(h in _TEXT_FIELDS for h in header):
            raise ArticleError(
                path, f"CSV has no text column (expected one of: {', '.join(_TEXT_FIELDS)}; got {header})"
            )
        return list(_csv_rows(reader, header, path, encoding))
    finally:
        csv.field_size_limit(previous_limit)


def _csv_rows(reader: Any, header: list[str], path: Path, encoding: str) -> Iterator[Article]:
    import csv

    line_end = reader.line_num
    while True:
        lineno = line_end + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            _warn(f"{path}:{lineno}: malformed CSV ({e}); the rest of the file is skipped")
            return
        line_end = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            _warn(f"{path}:{lineno}: row has {len(row)} fields, the header has {len(header)}")
            continue
        fields = {h: v for h, v in zip(header, row, strict=True) if h and v.strip()}
        try:
            yield _record(fields, path, lineno, encoding)
        except ArticleError as e:
            _warn(f"{path}:{lineno}: {e.reason}")
